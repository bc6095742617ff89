/**
 * @module Recurrence rules in plain UK English, for pages and error messages: "Every month on the
 * third Wednesday, except August", "Every year from the second Saturday of October, for 8 days",
 * "Every week on Wednesday, 10 times, except 24 December (cancelled)". Any rule parseRRule
 * accepts gets a true sentence: shapes with a natural wording get it, the rest are spelled out
 * part by part rather than guessed at. What the rule leaves to DTSTART (the weekday of a weekly
 * rule, the date of a yearly one) is said when the series' start is known.
 */
import { DateTime } from 'luxon';
import { civilDate, dayFromIso } from './calendar-days.js';
import type { EventException, When } from './event.js';
import { parseRRule, type RRule } from './recurrence.js';
import { daysBetween } from './time.js';

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** English month names, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const POSITION_WORDS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const UNITS = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' } as const;

/** "1st", "2nd", "23rd", "11th". */
function ordinalNumber(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** "third", "last", "second-last", "20th", "20th-last". */
function position(n: number): string {
  if (n === -1) return 'last';
  const abs = Math.abs(n);
  const word = POSITION_WORDS[abs] ?? ordinalNumber(abs);
  return n > 0 ? word : `${word}-last`;
}

/** "A", "A and B", "A, B and C" (or "or"). */
function list(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

function weekdayNames(weekdays: number[], conjunction = 'and'): string {
  const sorted = [...weekdays].sort((a, b) => a - b);
  if (sorted.join() === '1,2,3,4,5') return 'Monday to Friday';
  return list(
    sorted.map((w) => DAY_NAMES[w - 1]!),
    conjunction,
  );
}

/** "the 15th", "the 2nd and 15th", "the 10th to 15th", "the last day", "the 1st and the last day". */
function monthDayWords(days: number[]): string {
  const positive = [...new Set(days.filter((d) => d > 0))].sort((a, b) => a - b);
  const negative = [...new Set(days.filter((d) => d < 0))].sort((a, b) => b - a);
  const parts: string[] = [];
  if (positive.length >= 3 && positive.at(-1)! - positive[0]! === positive.length - 1) {
    parts.push(`the ${ordinalNumber(positive[0]!)} to ${ordinalNumber(positive.at(-1)!)}`);
  } else if (positive.length) {
    parts.push(`the ${list(positive.map(ordinalNumber))}`);
  }
  for (const n of negative) parts.push(`the ${position(n)} day`);
  return list(parts);
}

function monthNames(months: number[]): string {
  return list([...months].sort((a, b) => a - b).map((m) => MONTH_NAMES[m - 1]!));
}

/** The months a limiting BYMONTH keeps, said the short way: "in March and September" or "except August". */
function monthLimitWords(months: number[]): string {
  const kept = new Set(months);
  if (kept.size === 12) return '';
  const left = MONTH_NAMES.map((_, i) => i + 1).filter((m) => !kept.has(m));
  return kept.size >= 7 ? `, except ${monthNames(left)}` : ` in ${monthNames([...kept])}`;
}

/** Numbered weekdays grouped by weekday: "the first and third Wednesday", "the last Friday". */
function numberedWords(days: { weekday: number; ordinal: number }[]): string {
  const byWeekday = new Map<number, number[]>();
  for (const d of days) byWeekday.set(d.weekday, [...(byWeekday.get(d.weekday) ?? []), d.ordinal]);
  const order = (n: number) => (n > 0 ? n : 100 - n);
  return list(
    [...byWeekday.entries()].map(
      ([weekday, ordinals]) => `the ${list(ordinals.sort((a, b) => order(a) - order(b)).map(position))} ${DAY_NAMES[weekday - 1]}`,
    ),
  );
}

/** "every day", "every weekday", "every Monday and Thursday". */
function everyWeekday(weekdays: number[]): string {
  const key = [...new Set(weekdays)].sort((a, b) => a - b).join();
  if (key === '1,2,3,4,5,6,7') return 'every day';
  if (key === '1,2,3,4,5') return 'every weekday';
  return `every ${weekdayNames(weekdays)}`;
}

/** The noun for a set of weekdays BYSETPOS picks from: "weekday", "weekend day", "day that is a Tuesday or Thursday". */
function weekdaySetNoun(weekdays: number[]): string {
  const key = [...weekdays].sort((a, b) => a - b).join();
  if (key === '1,2,3,4,5') return 'weekday';
  if (key === '6,7') return 'weekend day';
  if (key === '1,2,3,4,5,6,7') return 'day';
  if (weekdays.length === 1) return DAY_NAMES[weekdays[0]! - 1]!;
  return `day that is a ${weekdayNames(weekdays, 'or')}`;
}

/** The same set in the plural, for set terms: "Mondays", "weekdays", "Tuesdays and Thursdays". */
function weekdaySetPlural(weekdays: number[]): string {
  const noun = weekdaySetNoun(weekdays);
  if (weekdays.length > 1 && noun.startsWith('day that is'))
    return list([...weekdays].sort((a, b) => a - b).map((d) => `${DAY_NAMES[d - 1]}s`));
  return `${noun}s`;
}

/** The seven days a numbered weekday can fall on (2nd → 8th–14th; last → last seven), or null. */
function weekOfMonth(monthDays: number[]): number | null {
  const sorted = [...monthDays].sort((a, b) => a - b);
  if (sorted.length !== 7) return null;
  if (sorted.join() === '-7,-6,-5,-4,-3,-2,-1') return -1;
  const first = sorted[0]!;
  if (first > 0 && (first - 1) % 7 === 0 && first <= 22 && sorted[6] === first + 6) return (first - 1) / 7 + 1;
  return null;
}

/** A series' start as the words need it: its first date and how many days each instance spans. */
export interface RuleContext {
  /** The first date ('YYYY-MM-DD', local), which gives the defaults the rule leaves out. */
  startDate?: string;
  /** Days an all-day instance spans (an awareness week: 8); 1 or absent otherwise. */
  lengthDays?: number;
  /** The zone a timed series' UNTIL is read in. */
  zone?: string;
}

interface Phrase {
  /** What the rule picks within its period, without the preposition: "the third Wednesday". */
  days: string;
  /** Month wording appended after the days: ", except August" or " in June and July". */
  months: string;
  /** Said as one date of one period, so a span can run "from" it. */
  single: boolean;
}

/** The days phrase of a MONTHLY or YEARLY rule, in a month (month words given) or in the year. */
function positionPhrase(rule: RRule, startDay: number | undefined, ofMonth: string): Phrase | null {
  const plain = (rule.byDay ?? []).filter((d) => d.ordinal === undefined).map((d) => d.weekday);
  const numbered = (rule.byDay ?? []).filter((d) => d.ordinal !== undefined) as { weekday: number; ordinal: number }[];
  const monthDays = rule.byMonthDay;
  const of = ofMonth ? ` of ${ofMonth}` : '';
  if (rule.bySetPos) {
    if (plain.length && !numbered.length && !monthDays && !rule.byYearDay && ofMonth.includes(' and ')) {
      // BYSETPOS counts in the whole period: in a year limited to January and April, the Mondays of
      // both months are one set, so "the first and last Monday of January and April" would be
      // untrue (it is January's first and April's last). Said in set terms instead (ADR 275).
      return {
        days: `of the ${weekdaySetPlural(plain)} of ${ofMonth} together, ${list(rule.bySetPos.map((n) => `the ${position(n)}`))}`,
        months: '',
        single: false,
      };
    }
    if (plain.length && !numbered.length && !monthDays && !rule.byYearDay) {
      return {
        days: `the ${list(rule.bySetPos.map(position))} ${weekdaySetNoun(plain)}${of}`,
        months: '',
        single: rule.bySetPos.length === 1,
      };
    }
    return null;
  }
  if (numbered.length && !plain.length) {
    const week = monthDays ? weekOfMonth(monthDays) : null;
    // 2MO limited to the 8th–14th is still the second Monday (and so on): the limit says nothing.
    if (!monthDays || (week !== null && numbered.every((d) => d.ordinal === week))) {
      return { days: `${numberedWords(numbered)}${of}`, months: '', single: numbered.length === 1 };
    }
    return null;
  }
  if (plain.length && !numbered.length) {
    if (monthDays) {
      const week = weekOfMonth(monthDays);
      if (week !== null && plain.length === 1) {
        return { days: `the ${position(week)} ${DAY_NAMES[plain[0]! - 1]}${of}`, months: '', single: true };
      }
      return { days: `${monthDayWords(monthDays)}${of}, when it is a ${weekdayNames(plain, 'or')}`, months: '', single: false };
    }
    return { days: `${everyWeekday(plain)}${ofMonth ? ` in ${ofMonth}` : ''}`, months: '', single: false };
  }
  if (!rule.byDay) {
    const days = monthDays ?? (startDay !== undefined ? [startDay] : null);
    if (!days) return { days: '', months: '', single: false };
    return { days: `${monthDayWords(days)}${of}`, months: '', single: days.length === 1 && !ofMonth.includes(' and ') };
  }
  return null;
}

function phrase(rule: RRule, ctx: RuleContext): Phrase {
  const start = ctx.startDate ? civilDate(dayFromIso(ctx.startDate)) : undefined;
  const startWeekday = ctx.startDate ? DateTime.fromISO(ctx.startDate, { zone: 'UTC' }).weekday : undefined;
  const limit = rule.byMonth ? monthLimitWords(rule.byMonth) : '';
  switch (rule.freq) {
    case 'DAILY': {
      const parts: string[] = [];
      if (rule.byDay)
        parts.push(
          `when it is a ${weekdayNames(
            rule.byDay.map((d) => d.weekday),
            'or',
          )}`,
        );
      if (rule.byMonthDay) parts.push(`when it is ${monthDayWords(rule.byMonthDay)}`);
      return { days: parts.join(' and '), months: limit, single: false };
    }
    case 'WEEKLY': {
      const weekdays = rule.byDay ? rule.byDay.map((d) => d.weekday) : startWeekday ? [startWeekday] : [];
      if (rule.bySetPos) {
        return { days: `the ${list(rule.bySetPos.map(position))} ${weekdaySetNoun(weekdays)} of the week`, months: limit, single: false };
      }
      return { days: weekdays.length ? weekdayNames(weekdays) : '', months: limit, single: weekdays.length === 1 };
    }
    case 'MONTHLY': {
      const p = positionPhrase(rule, start?.day, '');
      if (p) return { ...p, months: limit };
      // The months before the BYSETPOS clause, so they read as part of the set it counts in.
      return { days: spelledOut(rule, limit), months: '', single: false };
    }
    case 'YEARLY': {
      if (rule.byYearDay) {
        const yearDays = rule.byYearDay;
        const positive = yearDays.filter((d) => d > 0);
        const negative = yearDays.filter((d) => d < 0);
        const words = [...(positive.length ? [`day ${list(positive.map(String))}`] : []), ...negative.map((n) => `the ${position(n)} day`)];
        const extra = rule.byDay || rule.byMonthDay || rule.bySetPos ? `, ${spelledOut({ ...rule, byYearDay: undefined })}` : '';
        return { days: `${list(words)} of the year${extra}`, months: rule.byMonth ? ` in ${monthNames(rule.byMonth)}` : '', single: false };
      }
      const months = rule.byMonth ?? (!rule.byDay && !rule.byMonthDay && start ? [start.month] : undefined);
      // "14 October" reads better than "the 14th of October".
      if (months?.length === 1 && !rule.byDay && !rule.bySetPos) {
        const days = rule.byMonthDay ?? (start ? [start.day] : null);
        if (days && days.every((d) => d > 0) && days.length === 1) {
          return { days: `${days[0]} ${MONTH_NAMES[months[0]! - 1]}`, months: '', single: true };
        }
      }
      // Without BYMONTH, BYMONTHDAY picks days of every month while a numbered BYDAY counts in the
      // year; together they have no short wording and are spelled out.
      const numberedInYear = !months && (rule.byDay ?? []).some((d) => d.ordinal !== undefined);
      if (numberedInYear && rule.byMonthDay) return { days: spelledOut(rule), months: '', single: false };
      const within = months ? monthNames(months) : rule.byMonthDay ? 'every month' : rule.byDay ? 'the year' : '';
      const p = positionPhrase(rule, start?.day, within);
      if (p) return { ...p, days: p.days || (months ? `a day in ${monthNames(months)}` : ''), months: '' };
      return { days: spelledOut(rule), months: '', single: false };
    }
  }
}

/**
 * The rule's day parts one by one, for shapes without a natural wording. `monthLimit` (a monthly
 * rule's ", except August") goes before the BYSETPOS clause.
 */
function spelledOut(rule: RRule, monthLimit = ''): string {
  const parts: string[] = [];
  if (rule.byMonthDay) parts.push(`${monthDayWords(rule.byMonthDay)}`);
  const plain = (rule.byDay ?? []).filter((d) => d.ordinal === undefined).map((d) => d.weekday);
  const numbered = (rule.byDay ?? []).filter((d) => d.ordinal !== undefined) as { weekday: number; ordinal: number }[];
  // A yearly rule's BYMONTH is part of what it picks, and must be said here: the phrase adds no
  // month words for it (a monthly rule's BYMONTH is said after, as ", except August").
  const yearMonths = rule.freq === 'YEARLY' && rule.byMonth ? monthNames(rule.byMonth) : '';
  const within =
    yearMonths && !parts.length && !plain.length ? yearMonths : rule.freq === 'MONTHLY' || rule.byMonth ? 'the month' : 'the year';
  const weekdayParts = [
    ...(plain.length ? [`a ${weekdayNames(plain, 'or')}`] : []),
    ...(numbered.length ? [`${numberedWords(numbered)} of ${within}`] : []),
  ];
  if (weekdayParts.length) parts.push(parts.length ? `when it is ${list(weekdayParts, 'or')}` : list(weekdayParts, 'or'));
  let words = parts.join(', ');
  if (yearMonths && within !== yearMonths) words += `, in ${yearMonths}`;
  words += monthLimit;
  if (rule.bySetPos) words += `, keeping the ${list(rule.bySetPos.map(position))} such date of each ${UNITS[rule.freq]}`;
  return words;
}

function untilWords(rule: RRule, zone: string | undefined): string {
  if (!rule.until) return '';
  const date =
    'date' in rule.until ? rule.until.date : DateTime.fromISO(rule.until.instant, { zone: zone ?? 'Europe/London' }).toISODate()!;
  return `, until ${DateTime.fromISO(date, { zone: 'UTC' }).toFormat('d LLLL yyyy')}`;
}

/**
 * A rule in words. `ctx` (the series' first date and span) lets the words say what the rule
 * takes from the start ("Every week on Wednesday") and that a span runs "from" a date ("Every
 * year from the second Saturday of October, for 8 days"). Text that is not a rule comes back as is.
 */
export function describeRule(text: string, ctx: RuleContext = {}): string {
  const parsed = parseRRule(text);
  if (!parsed.ok) return text;
  return ruleWords(parsed.rule, ctx);
}

/** As describeRule, for a parsed rule. */
export function ruleWords(rule: RRule, ctx: RuleContext = {}): string {
  const unit = UNITS[rule.freq];
  let words = rule.interval === 1 ? `Every ${unit}` : `Every ${rule.interval} ${unit}s`;
  const p = phrase(rule, ctx);
  // "Every weekday" rather than "Every day, when it is a Monday to Friday".
  if (rule.freq === 'DAILY' && rule.interval === 1 && rule.byDay && !rule.byMonthDay) {
    words = everyWeekday(rule.byDay.map((d) => d.weekday)).replace(/^every/, 'Every');
    p.days = '';
  }
  const span = (ctx.lengthDays ?? 1) > 1;
  if (p.days) {
    if (rule.freq === 'DAILY' || p.days.startsWith('of ')) words += `, ${p.days}`;
    else words += `${span && p.single ? ' from' : ' on'} ${p.days}`;
  }
  words += p.months;
  if (span) words += `, for ${ctx.lengthDays} days`;
  if (rule.count) words += rule.count === 1 ? ', once' : `, ${rule.count} times`;
  words += untilWords(rule, ctx.zone);
  return words;
}

/**
 * What one date of the rule is within one period, for "… is not a second Saturday of October":
 * a short noun phrase for the usual shapes, or null when the rule has no such phrase.
 */
export function instanceWords(rule: RRule, ctx: RuleContext = {}): string | null {
  // INTERVAL does not matter here: the start's own period is always one of the series'.
  if (rule.bySetPos) return null;
  const p = phrase({ ...rule, count: undefined, until: undefined }, ctx);
  if (!p.days || !p.single) return null;
  if (rule.freq === 'WEEKLY') return `a ${p.days}${p.months}`;
  if (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') {
    if (p.days.startsWith('the ')) return `a ${p.days.slice(4)}${rule.freq === 'MONTHLY' ? ' of the month' : ''}${p.months}`;
    return `${p.days}${p.months}`;
  }
  return null;
}

/** "24 December", or "24 December 2027" when not in `year`. */
function dayWords(date: string, year: number | undefined): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return d.year === year ? d.toFormat('d LLLL') : d.toFormat('d LLLL yyyy');
}

/**
 * "14–18 August 2028", "29 September – 3 October", "28 December 2027 – 3 January 2028": a range of
 * UK dates as the pages write one (src/http/pages/format.ts dateRange), the year left out when it
 * is `year` (ADR 270).
 */
function rangeWords(startDate: string, endDate: string, year: number | undefined): string {
  const [a, b] = [DateTime.fromISO(startDate, { zone: 'UTC' }), DateTime.fromISO(endDate, { zone: 'UTC' })];
  if (a.year !== b.year) return `${dayWords(startDate, year)} – ${dayWords(endDate, year)}`;
  const suffix = a.year === year ? '' : ` ${a.year}`;
  if (a.month !== b.month) return `${a.toFormat('d LLLL')} – ${b.toFormat('d LLLL')}${suffix}`;
  return `${a.day}–${b.toFormat('d LLLL')}${suffix}`;
}

/** What a series is, for the organiser and the public: the event's first occurrence, its rule and its exceptions. */
export interface SeriesForWords {
  rrule: string | null;
  when: When;
  timezone: string;
  /** The series' own venue: a date "at" it is no change (absent: every venue a date names is its own). */
  location?: string;
  exceptions: readonly EventException[];
}

/** The local date of the series' instance an exception replaces. */
function originalDate(series: SeriesForWords, ex: EventException): string {
  return series.when.allDay ? ex.recurrenceId : DateTime.fromISO(ex.recurrenceId, { zone: series.timezone }).toISODate()!;
}

/**
 * One exception in words, and whether its date still takes place on its own day and time: a date
 * off ('off': cancelled, or moved to another day or time) reads "24 December (cancelled)", "9
 * December (moved to 18:30)"; one going ahead at another venue ('venue') reads "14 December at Hall
 * Two", never inside "except", which would say it is off (issue 10). A note alone changes nothing a
 * reader of the rule needs (null), as lists leave it out (ADR 288).
 */
function exceptionWords(
  series: SeriesForWords,
  ex: EventException,
  year: number | undefined,
): { words: string; goes: 'off' | 'venue' } | null {
  const zone = series.timezone;
  const original = originalDate(series, ex);
  const label = dayWords(original, year);
  if (ex.kind === 'cancelled') return { words: `${label} (cancelled)`, goes: 'off' };
  const notes: string[] = [];
  if (ex.when) {
    if (ex.when.allDay) {
      const length = daysBetween(ex.when.startDate, ex.when.endDate);
      const to = length > 0 ? rangeWords(ex.when.startDate, ex.when.endDate, year) : dayWords(ex.when.startDate, year);
      if (ex.when.startDate !== original || length > 0) notes.push(`moved to ${to}`);
    } else {
      const start = DateTime.fromISO(ex.when.startsAt, { zone });
      const sameDay = start.toISODate() === original;
      const own = DateTime.fromISO(ex.recurrenceId, { zone });
      const sameTime = start.toFormat('HH:mm') === own.toFormat('HH:mm');
      // The other 01:30 of the night the clocks go back: the same wall time, an hour apart (ADR 270).
      const otherReading = sameDay && sameTime && +start !== +own;
      const time = otherReading ? `${start.toFormat('HH:mm')} ${start.setLocale('en-GB').offsetNameShort}` : start.toFormat('HH:mm');
      if (!sameDay || !sameTime || otherReading) {
        notes.push(
          `moved to ${[...(sameDay ? [] : [dayWords(start.toISODate()!, year)]), ...(sameTime && !otherReading ? [] : [time])].join(', ')}`,
        );
      }
    }
  }
  const venue = ex.location && ex.location !== series.location ? `at ${ex.location}` : '';
  if (!notes.length) return venue ? { words: `${label} ${venue}`, goes: 'venue' } : null;
  return { words: `${label} (${[...notes, ...(venue ? [venue] : [])].join(', ')})`, goes: 'off' };
}

/**
 * A series in one sentence, its exceptions included: "Every month on the third Wednesday, except
 * August, except 24 December (cancelled) and 31 December (moved to 2 January); 14 December at Hall
 * Two". Dates off their slot follow "except"; dates that go ahead at their own time at another
 * venue come after, on their own (issue 10). With `today` (a local date), exceptions before it are
 * left out and dates in its year are said without the year; at most `maxExceptions` are named,
 * then how many more. Empty for an event that does not repeat.
 */
export function describeSeries(series: SeriesForWords, options: { today?: string; maxExceptions?: number } = {}): string {
  if (!series.rrule) return '';
  const parsed = parseRRule(series.rrule);
  if (!parsed.ok) return series.rrule;
  const startDate = series.when.allDay
    ? series.when.startDate
    : DateTime.fromISO(series.when.startsAt, { zone: series.timezone }).toISODate()!;
  const lengthDays = series.when.allDay ? daysBetween(series.when.startDate, series.when.endDate) + 1 : 1;
  let words = ruleWords(parsed.rule, { startDate, lengthDays, zone: series.timezone });
  const today = options.today;
  const year = today ? Number(today.slice(0, 4)) : undefined;
  const upcoming = series.exceptions
    .filter((e) => !today || originalDate(series, e) >= today)
    .sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId))
    .map((e) => exceptionWords(series, e, year))
    .filter((w) => w !== null);
  if (!upcoming.length) return words;
  const max = options.maxExceptions ?? 5;
  const named = upcoming.slice(0, max);
  const rest = upcoming.slice(max);
  const more = (n: number, what = '') => `${n} more ${n === 1 ? 'date' : 'dates'}${what}`;
  const off = named.filter((w) => w.goes === 'off').map((w) => w.words);
  const venues = named.filter((w) => w.goes === 'venue').map((w) => w.words);
  // Dates beyond the first few are counted in the clause they belong to, or on their own when mixed.
  const restGoes = new Set(rest.map((w) => w.goes));
  if (restGoes.size === 1 && restGoes.has('off')) off.push(more(rest.length));
  if (restGoes.size === 1 && restGoes.has('venue')) venues.push(more(rest.length, ' at other venues'));
  if (off.length) words += `${words.includes(', except ') ? ', and' : ','} except ${list(off)}`;
  if (venues.length) words += `; ${list(venues)}`;
  if (restGoes.size > 1) words += `; and ${more(rest.length, ' changed')}`;
  return words;
}
