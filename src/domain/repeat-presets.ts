/**
 * @module The repeat choices an organiser picks in a form ("monthly on the third Wednesday",
 * "every year from the second Saturday of October", "except August"), turned into RRULEs from the
 * first date, and read back from a stored RRULE when a series is edited. Anything the choices do
 * not cover is written as an RRULE by hand and checked by the same parser as the API; the rule in
 * words is src/domain/rule-in-words.ts.
 */
import { DateTime } from 'luxon';
import { formatRRule, parseRRule, type RRule } from './recurrence.js';

export const REPEAT_PRESETS = {
  none: 'Does not repeat',
  weekly: 'Every week, on the same day',
  fortnightly: 'Every two weeks, on the same day',
  'monthly-weekday': 'Every month, on the same weekday (for example the third Wednesday)',
  'monthly-date': 'Every month, on the same date',
  'quarterly-weekday': 'Every three months, on the same weekday',
  yearly: 'Every year, on the same date',
  'yearly-weekday': 'Every year, on the same weekday of the month (for example from the second Saturday of October)',
} as const;
export type RepeatPreset = keyof typeof REPEAT_PRESETS;

/** The choices that may leave months out (a limiting BYMONTH); a yearly repeat has one month already. */
export const PRESETS_WITH_MONTHS_LEFT_OUT: readonly RepeatPreset[] = [
  'weekly',
  'fortnightly',
  'monthly-weekday',
  'monthly-date',
  'quarterly-weekday',
];

const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Which occurrence of its weekday a date is: 3 for the third Wednesday; -1 when it is the last and fifth. */
function weekdayPosition(date: DateTime): number {
  const n = Math.ceil(date.day / 7);
  return n === 5 ? -1 : n;
}

/** How a series ends, and which months it leaves out. */
export interface PresetOptions {
  /** The last date (inclusive, 'YYYY-MM-DD'); the domain turns it into an instant for timed series. */
  until?: string;
  count?: number;
  /** Months (1…12) the series skips: BYMONTH then lists the others. */
  exceptMonths?: number[];
}

/**
 * The RRULE for a preset starting on `startDate` ('YYYY-MM-DD'), or null for 'none'. The last
 * date becomes an inclusive UNTIL date; months left out become a BYMONTH of the months kept.
 */
export function presetRule(preset: RepeatPreset, startDate: string, options: PresetOptions): string | null {
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
    'yearly-weekday': `FREQ=YEARLY;BYMONTH=${date.month};BYDAY=${weekdayPosition(date)}${day}`,
  };
  let rule = parts[preset];
  const left = new Set(options.exceptMonths ?? []);
  if (left.size && PRESETS_WITH_MONTHS_LEFT_OUT.includes(preset)) {
    rule += `;BYMONTH=${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((m) => !left.has(m)).join(',')}`;
  }
  if (options.count) rule += `;COUNT=${options.count}`;
  else if (options.until) rule += `;UNTIL=${options.until.replace(/-/g, '')}`;
  return rule;
}

/**
 * The rule as its plainest equivalent for a series starting on `date`: a part that only says what
 * the start already gives is left out (RFC 5545 §3.3.10: a weekly rule with no BYDAY repeats on
 * the start's weekday; a monthly or yearly one with no BYMONTHDAY or BYMONTH on the start's day
 * and month), a BYMONTH of all twelve months limits nothing, and WKST changes nothing unless a
 * rule repeats every few weeks on a weekday other than the start's. INTERVAL=1 is already gone
 * (parseRRule). So `FREQ=WEEKLY;BYDAY=WE;WKST=MO` from a Wednesday reads as `FREQ=WEEKLY`, as
 * the form writes it; a monthly rule with no day is read as BYMONTHDAY of the start's day.
 */
function plainest(rule: RRule, date: DateTime): RRule {
  const out: RRule = { ...rule };
  const just = (list: number[] | undefined, value: number) => list?.length === 1 && list[0] === value;
  if (out.freq !== 'YEARLY' && out.byMonth?.length === 12) delete out.byMonth;
  const noOtherDays = !out.byYearDay && !out.bySetPos;
  if (out.freq === 'WEEKLY' && noOtherDays && out.byDay?.length === 1 && !out.byDay[0]!.ordinal && out.byDay[0]!.weekday === date.weekday) {
    delete out.byDay;
  }
  if (out.freq === 'MONTHLY' && noOtherDays && !out.byDay && !out.byMonthDay) out.byMonthDay = [date.day];
  if (
    out.freq === 'YEARLY' &&
    noOtherDays &&
    !out.byDay &&
    just(out.byMonth, date.month) &&
    (!out.byMonthDay || just(out.byMonthDay, date.day))
  ) {
    delete out.byMonth;
    delete out.byMonthDay;
  }
  if (!(out.freq === 'WEEKLY' && out.interval > 1 && out.byDay)) out.weekStart = 1;
  return out;
}

/** A rule's parts in one comparable text: UNTIL left out and its month and day lists sorted. */
function comparable(rule: RRule): string {
  const sorted = (list: number[] | undefined) => (list ? [...list].sort((a, b) => a - b) : undefined);
  return formatRRule({ ...rule, until: undefined, byMonth: sorted(rule.byMonth), byMonthDay: sorted(rule.byMonthDay) });
}

/** A rule's parts in one comparable text for a series starting on `date`: its plainest form, UNTIL left out and lists sorted. */
function shape(rule: RRule, date: DateTime): string {
  return comparable(plainest(rule, date));
}

/**
 * The rule with what its start gives written out (RFC 5545 §3.3.10, the inverse of `plainest`): a
 * weekly rule with no BYDAY gets the start's weekday, a monthly one with no day the start's day of
 * the month, a yearly one with no day the start's month and day; a BYMONTH of all twelve months
 * and a WKST that changes nothing are left out. Two rules with the same explicit parts repeat on
 * the same pattern whatever their starts (`FREQ=WEEKLY` from a Wednesday and `FREQ=WEEKLY;BYDAY=WE`).
 */
function explicit(rule: RRule, date: DateTime): RRule {
  const out: RRule = { ...rule };
  if (out.freq !== 'YEARLY' && out.byMonth?.length === 12) delete out.byMonth;
  const noOtherDays = !out.byYearDay && !out.bySetPos;
  if (out.freq === 'WEEKLY' && noOtherDays && !out.byDay) out.byDay = [{ weekday: date.weekday }];
  if (out.freq === 'MONTHLY' && noOtherDays && !out.byDay && !out.byMonthDay) out.byMonthDay = [date.day];
  if (out.freq === 'YEARLY' && noOtherDays && !out.byDay) {
    if (!out.byMonth) out.byMonth = [date.month];
    if (!out.byMonthDay) out.byMonthDay = [date.day];
  }
  if (!(out.freq === 'WEEKLY' && out.interval > 1 && out.byDay)) out.weekStart = 1;
  return out;
}

/**
 * True when `posted`, a rule the form sent for a series from `postedStart`, repeats on the same
 * pattern as `stored` from `storedStart` (both local 'YYYY-MM-DD…'), whatever their ends (UNTIL,
 * COUNT) and however each is spelt: the form writes `FREQ=WEEKLY` for a stored
 * `FREQ=WEEKLY;BYDAY=WE` it shows as "every week" (ADR 290), while a choice worked out from a start
 * on another weekday or week of the month is a new pattern (ADR 233).
 */
export function sameRulePattern(posted: string, postedStart: string, stored: string, storedStart: string): boolean {
  const a = parseRRule(posted);
  const b = parseRRule(stored);
  const from = (d: string) => DateTime.fromISO(d, { zone: 'UTC' });
  if (!a.ok || !b.ok || !from(postedStart).isValid || !from(storedStart).isValid) return false;
  const pattern = (rule: RRule, start: string) => comparable({ ...explicit(rule, from(start)), count: undefined });
  return pattern(a.rule, postedStart) === pattern(b.rule, storedStart);
}

/**
 * The form's repeat choices that give back `rrule` for a series starting on `startDate` (the
 * local date), or null when no choice does (the form then shows the rule as text, the repeat
 * saying "Custom rule"). A rule written another way than the form writes it but meaning the same
 * (an explicit BYDAY of the start's weekday, INTERVAL=1, WKST, all twelve months) is read as the
 * choice (plainest, issue 10). A timed UNTIL is read as its date in `zone`.
 */
export function presetFromRule(
  rrule: string,
  startDate: string,
  zone: string,
): { repeat: RepeatPreset; until: string; count: string; exceptMonths: number[] } | null {
  const parsed = parseRRule(rrule);
  if (!parsed.ok) return null;
  const date = DateTime.fromISO(startDate, { zone: 'UTC' });
  if (!date.isValid) return null;
  const rule = plainest(parsed.rule, date);
  const until = !rule.until
    ? undefined
    : 'date' in rule.until
      ? rule.until.date
      : DateTime.fromISO(rule.until.instant, { zone }).toISODate()!;
  const exceptMonths = rule.byMonth ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((m) => !rule.byMonth!.includes(m)) : [];
  for (const preset of Object.keys(REPEAT_PRESETS) as RepeatPreset[]) {
    const text = presetRule(preset, startDate, { until, count: rule.count, exceptMonths });
    const candidate = text ? parseRRule(text) : null;
    if (!candidate?.ok || shape(candidate.rule, date) !== shape(rule, date)) continue;
    return {
      repeat: preset,
      until: rule.count ? '' : (until ?? ''),
      count: rule.count ? String(rule.count) : '',
      exceptMonths: PRESETS_WITH_MONTHS_LEFT_OUT.includes(preset) ? exceptMonths : [],
    };
  }
  return null;
}

/**
 * True when `posted`, a rule the form sent for a series starting on `postedStart` (local
 * 'YYYY-MM-DD'), is `stored` as the form showed it for its start `storedStart`: the same repeat
 * choice, last date (a timed UNTIL read as its date in `zone`), number of times and months left
 * out, or the same rule text. The form posts a rule it shows as a choice in its own spelling
 * (`UNTIL=20270119` for `UNTIL=20270119T160000Z`), so a canonical comparison alone misses it (ADR 233).
 */
export function sameRepeatChoice(posted: string, postedStart: string, stored: string, storedStart: string, zone: string): boolean {
  const a = presetFromRule(posted, postedStart, zone);
  const b = presetFromRule(stored, storedStart, zone);
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
