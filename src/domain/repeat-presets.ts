/**
 * @module The repeat choices an organiser picks in a form ("monthly on the third Wednesday"),
 * turned into RRULEs from the first date, and a rule read back as words. Anything the presets do
 * not cover is written as an RRULE by hand and checked by the same parser as the API.
 */
import { DateTime } from 'luxon';
import { parseRRule, type RRule } from './recurrence.js';

export const REPEAT_PRESETS = {
  none: 'Does not repeat',
  weekly: 'Every week, on the same day',
  fortnightly: 'Every two weeks, on the same day',
  'monthly-weekday': 'Every month, on the same weekday (for example the third Wednesday)',
  'monthly-date': 'Every month, on the same date',
  'quarterly-weekday': 'Every three months, on the same weekday',
  yearly: 'Every year, on the same date',
} as const;
export type RepeatPreset = keyof typeof REPEAT_PRESETS;

const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last' };

/** Which occurrence of its weekday a date is: 3 for the third Wednesday; -1 when it is the last and fifth. */
function weekdayPosition(date: DateTime): number {
  const n = Math.ceil(date.day / 7);
  return n === 5 ? -1 : n;
}

/**
 * The RRULE for a preset starting on `startDate`, with an optional last date or count. Null for
 * 'none'. The last date becomes an inclusive UNTIL date (the domain turns it into an instant).
 */
export function presetRule(preset: RepeatPreset, startDate: string, end: { until?: string; count?: number }): string | null {
  const date = DateTime.fromISO(startDate, { zone: 'UTC' });
  if (preset === 'none' || !date.isValid) return null;
  const day = CODES[date.weekday - 1]!;
  const parts: Record<Exclude<RepeatPreset, 'none'>, string> = {
    weekly: 'FREQ=WEEKLY',
    fortnightly: 'FREQ=WEEKLY;INTERVAL=2',
    'monthly-weekday': `FREQ=MONTHLY;BYDAY=${weekdayPosition(date)}${day}`,
    'monthly-date': `FREQ=MONTHLY;BYMONTHDAY=${date.day}`,
    'quarterly-weekday': `FREQ=MONTHLY;INTERVAL=3;BYDAY=${weekdayPosition(date)}${day}`,
    yearly: 'FREQ=YEARLY',
  };
  let rule = parts[preset];
  if (end.count) rule += `;COUNT=${end.count}`;
  else if (end.until) rule += `;UNTIL=${end.until.replace(/-/g, '')}`;
  return rule;
}

function byDayWords(rule: RRule): string {
  return (rule.byDay ?? [])
    .map((d) => (d.ordinal ? `the ${ORDINALS[d.ordinal] ?? `${d.ordinal}th`} ${DAY_NAMES[d.weekday - 1]}` : DAY_NAMES[d.weekday - 1]))
    .join(' and ');
}

/** "Every month on the third Wednesday", "Every 3 months on the third Thursday, 4 times". */
export function describeRule(text: string): string {
  const parsed = parseRRule(text);
  if (!parsed.ok) return text;
  const rule = parsed.rule;
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[rule.freq];
  let words = rule.interval === 1 ? `Every ${unit}` : `Every ${rule.interval} ${unit}s`;
  if (rule.byDay?.length) words += ` on ${byDayWords(rule)}`;
  if (rule.byMonthDay?.length) words += ` on day ${rule.byMonthDay.join(' and ')} of the month`;
  if (rule.count) words += `, ${rule.count} times`;
  if (rule.until) {
    const until = 'date' in rule.until ? rule.until.date : rule.until.instant.slice(0, 10);
    words += `, until ${DateTime.fromISO(until, { zone: 'UTC' }).toFormat('d LLLL yyyy')}`;
  }
  return words;
}
