/**
 * @module Turning what an organiser sent into event fields, or into a list of what is wrong.
 * The input form is the API's output form (start/end as dates or local times), so an edit can be
 * "read the event, change a field, send it back".
 */
import type { CalendarEvent, EventFields, EventLink, When } from './event.js';
import { EVENT_KINDS, EVENT_STATUSES, TAG_MAX_LENGTH, VISIBILITIES, themeOf } from './kinds.js';
import { DateTime } from 'luxon';
import {
  MAX_COUNT,
  REPEAT_HORIZON_YEARS,
  formatRRule,
  instanceDates,
  nextInstanceOnOrAfter,
  parseRRule,
  picksAroundStart,
  repeatsWithinHorizon,
  seriesStartOf,
  startFollowsRule,
  type RRule,
  type SeriesStart,
} from './recurrence.js';
import { instanceWords, ruleWords } from './rule-in-words.js';
import { DEFAULT_ZONE, addDays, daysBetween, formatWhen, isDate, parseDateTime, utcIso, yearRangeProblem } from './time.js';
import { Checker, isRecord, type FieldError, type Validated } from './validation.js';

export const LIMITS = {
  title: 200,
  description: 10_000,
  location: 300,
  links: 20,
  themes: 20,
  allDayLengthDays: 366,
  timedLengthHours: 24 * 14,
} as const;

/** The fields of an event an organiser sets (the API's input); the OpenAPI document lists the same. */
export const EDITABLE_FIELDS = [
  'kind',
  'title',
  'description',
  'location',
  'links',
  'allDay',
  'start',
  'end',
  'timezone',
  'rrule',
  'themes',
  'organisationId',
  'groupId',
  'parentId',
  'visibility',
  'status',
] as const;
/** Fields the API returns that a client may send back unchanged; they are the system's to set. */
const READ_ONLY_FIELDS = new Set([
  'id',
  'sequence',
  'createdAt',
  'updatedAt',
  'cancelledAt',
  'cancelReason',
  'parentOutcome',
  'exceptions',
  'activities',
  'nextOccurrence',
  'url',
  // A split series' links and the answer of an edit (src/series): read back, never set.
  'splitFrom',
  'continuesSeries',
  'continuesAs',
  'series',
]);

function unknownFieldErrors(input: Record<string, unknown>): FieldError[] {
  return Object.keys(input)
    .filter((k) => !(EDITABLE_FIELDS as readonly string[]).includes(k) && !READ_ONLY_FIELDS.has(k))
    .map((field) => ({ field, message: 'is not a field of an event' }));
}

/** The JSON shape of an event's editable fields, as the API returns and accepts it. */
export function eventToInput(event: CalendarEvent): Record<string, unknown> {
  const { allDay, start, end } = formatWhen(event.when, event.timezone);
  return {
    kind: event.kind,
    title: event.title,
    description: event.description,
    location: event.location,
    links: event.links,
    allDay,
    start,
    end,
    timezone: event.timezone,
    rrule: event.rrule,
    themes: event.themes,
    organisationId: event.organisationId,
    groupId: event.groupId,
    parentId: event.parentId,
    visibility: event.visibility,
    status: event.status,
  };
}

export function readWhen(check: Checker, zone: string): When | undefined {
  const start = check.raw('start');
  const end = check.raw('end');
  const allDayRaw = check.raw('allDay');
  if (allDayRaw !== undefined && allDayRaw !== null && typeof allDayRaw !== 'boolean') {
    check.fail('allDay', 'must be true or false');
    return undefined;
  }
  if (typeof start !== 'string' || start === '') {
    check.fail('start', 'is required: a date (2026-10-14) for an all-day event, or a date and time (2026-10-14T18:00)');
    return undefined;
  }
  const allDay = typeof allDayRaw === 'boolean' ? allDayRaw : isDate(start);
  if (end !== undefined && end !== null && typeof end !== 'string') {
    check.fail('end', 'must be text');
    return undefined;
  }
  if (allDay) {
    if (!isDate(start)) return check.fail('start', 'must be a date like 2026-10-14 for an all-day event');
    const startRange = yearRangeProblem(start);
    if (startRange) return check.fail('start', startRange);
    const endDate = end || start;
    if (!isDate(endDate)) return check.fail('end', 'must be a date like 2026-10-21 for an all-day event (the last day, inclusive)');
    const endRange = yearRangeProblem(endDate);
    if (endRange) return check.fail('end', endRange);
    if (endDate < start) return check.fail('end', 'must be on or after start');
    if (daysBetween(start, endDate) + 1 > LIMITS.allDayLengthDays) {
      return check.fail('end', `must be within ${LIMITS.allDayLengthDays} days of start`);
    }
    return { allDay: true, startDate: start, endDate };
  }
  const startParsed = parseDateTime(start, zone);
  if (!startParsed.ok) return check.fail('start', startParsed.message);
  if (!end) return check.fail('end', 'is required for a timed event');
  const endParsed = parseDateTime(end, zone);
  if (!endParsed.ok) return check.fail('end', endParsed.message);
  if (endParsed.instant < startParsed.instant) return check.fail('end', 'must not be before start');
  if (endParsed.instant.diff(startParsed.instant, 'hours').hours > LIMITS.timedLengthHours) {
    return check.fail('end', `must be within ${LIMITS.timedLengthHours / 24} days of start`);
  }
  return { allDay: false, startsAt: utcIso(startParsed.instant), endsAt: utcIso(endParsed.instant) };
}

function readRRule(check: Checker, when: When | undefined): string | null | undefined {
  const raw = check.raw('rrule');
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') return check.fail('rrule', 'must be text like FREQ=MONTHLY;BYDAY=3WE');
  if (raw.length > 500) return check.fail('rrule', 'must be at most 500 characters');
  const parsed = parseRRule(raw);
  if (!parsed.ok) return check.fail('rrule', parsed.message);
  const rule = parsed.rule;
  if (!when) return formatRRule(rule);
  // RFC 5545: UNTIL is a DATE for all-day series and a UTC DATE-TIME for timed ones. Store it that way
  // so feeds can publish it unchanged.
  if (rule.until) {
    const range = yearRangeProblem('date' in rule.until ? rule.until.date : rule.until.instant);
    if (range) return check.fail('rrule', `has UNTIL that ${range}; leave UNTIL out for a series without an end`);
    if (when.allDay && 'instant' in rule.until) rule.until = { date: rule.until.instant.slice(0, 10) };
    if (!when.allDay && 'date' in rule.until) {
      const endOfDay = parseDateTime(`${rule.until.date}T23:59:59`, DEFAULT_ZONE);
      if (endOfDay.ok) rule.until = { instant: utcIso(endOfDay.instant) };
    }
    const first = when.allDay ? when.startDate : when.startsAt;
    const last = 'date' in rule.until ? rule.until.date : rule.until.instant;
    if (last < first) return check.fail('rrule', 'has UNTIL before the start: the series would have no meetings');
  }
  const first = seriesStartOf(when, DEFAULT_ZONE);
  if (!repeatsWithinHorizon(rule, first)) return check.fail('rrule', neverRepeats(rule, first));
  if (!startFollowsRule(rule, first)) return check.fail('start', startNotPicked(rule, first, when));
  if (when.allDay) {
    // A series whose occurrences overlap each other (a 10-day campaign every week) is a mistake.
    const length = daysBetween(when.startDate, when.endDate) + 1;
    const dates = instanceDates(rule, first, when.startDate, addDays(when.startDate, 4 * 366));
    if (dates.some((d, i) => i > 0 && daysBetween(dates[i - 1]!, d) < length)) {
      return check.fail('rrule', 'repeats before the previous occurrence has ended');
    }
  }
  if (rule.count !== undefined && rule.count > MAX_COUNT) return check.fail('rrule', `COUNT must be at most ${MAX_COUNT}`);
  return formatRRule(rule);
}

/** How far past the horizon a refusal looks for the rule's next date, to name it (rules that repeat once a generation). */
const NEXT_DATE_SEARCH_YEARS = 50;

/**
 * Why a rule with no second date within the horizon is refused, in terms of its parts. A start the
 * rule picks (29 February 2028, a Tuesday, for BYMONTH=2;BYMONTHDAY=29;BYDAY=TU) is a first date,
 * so the rule is not said to match no day at all: it is said to have no second one soon.
 */
function neverRepeats(rule: RRule, first: SeriesStart): string {
  if (rule.count === 1) return 'has COUNT=1, so the event would happen only once: remove the repeat instead';
  if (rule.until) return 'has UNTIL before its second date, so the event would happen only once: move UNTIL later or remove the repeat';
  if (startFollowsRule(rule, first)) {
    const start = first.allDay ? first.date : first.start.setZone(first.zone).toISODate()!;
    const next = nextInstanceOnOrAfter(rule, first, addDays(start, 1), NEXT_DATE_SEARCH_YEARS);
    // A timed series' next start is a UTC instant: its UK date is named.
    const nextDate = next && (first.allDay ? next : DateTime.fromISO(next, { zone: first.zone }).toISODate()!);
    const nextWords = nextDate ? `; the next is ${longDate(nextDate)}` : '';
    return `gives no date after its first (${longDate(start)}) within ${REPEAT_HORIZON_YEARS} years${nextWords}: make it a one-off event, or change the rule so it repeats sooner`;
  }
  return `gives no date within ${REPEAT_HORIZON_YEARS} years after the start: no day matches all of its parts (BYMONTH=2 with BYMONTHDAY=30, for example, never happens)`;
}

function longDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC', locale: 'en-GB' }).toFormat('cccc d LLLL yyyy');
}

/**
 * "Thursday 15 October 2026 is not a second Saturday of October; the nearest are Saturday 10
 * October 2026 and Saturday 9 October 2027": RFC 5545 leaves a start the rule does not pick
 * undefined, and calendar programs disagree about it, so it is refused with dates that fit.
 */
function startNotPicked(rule: RRule, first: SeriesStart, when: When): string {
  const startDate = when.allDay ? when.startDate : DateTime.fromISO(when.startsAt, { zone: DEFAULT_ZONE }).toISODate()!;
  const what = instanceWords(rule, { startDate }) ?? `one of the dates of “${ruleWords(rule, { startDate })}”`;
  const { before, after } = picksAroundStart(rule, first);
  const suggestions =
    before && after
      ? `; the nearest are ${longDate(before)} and ${longDate(after)}`
      : after
        ? `; the next one is ${longDate(after)}`
        : before
          ? `; the one before it is ${longDate(before)}`
          : '';
  return `${longDate(startDate)} is not ${what}${suggestions}`;
}

function readLinks(check: Checker): EventLink[] | undefined {
  const raw = check.raw('links');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return check.fail('links', 'must be a list of { title, url }');
  if (raw.length > LIMITS.links) return check.fail('links', `must have at most ${LIMITS.links} links`);
  const links: EventLink[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') item = { url: item };
    if (!isRecord(item)) return check.fail(`links[${i}]`, 'must be { title, url }');
    const inner = new Checker(item);
    const url = inner.url('url');
    const title = inner.text('title', { max: LIMITS.title, singleLine: true, fallback: '' });
    if (url === null) inner.fail('url', 'is required');
    for (const e of inner.errors) check.fail(`links[${i}].${e.field}`, e.message);
    if (url && title !== undefined) links.push({ title: title || url, url });
  });
  return links;
}

function readThemes(check: Checker): string[] | undefined {
  const raw = check.raw('themes');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return check.fail('themes', 'must be a list of theme codes (V1…C2) or tags');
  if (raw.length > LIMITS.themes) return check.fail('themes', `must have at most ${LIMITS.themes} entries`);
  const out = new Set<string>();
  raw.forEach((item, i) => {
    if (typeof item !== 'string') return check.fail(`themes[${i}]`, 'must be text');
    const theme = themeOf(item);
    if (theme) out.add(theme);
    else
      check.fail(
        `themes[${i}]`,
        `must be a strategy theme code (V1–V5, N1–N3, C1, C2) or a tag of up to ${TAG_MAX_LENGTH} letters (any language), digits, spaces, hyphens, '&' or apostrophes`,
      );
  });
  return [...out];
}

/**
 * Validates a complete event. Cross-record rules (does the group exist, is the parent a campaign
 * week) need storage and are checked by the caller; rules that need only the input are here.
 */
export function validateEventInput(input: unknown): Validated<EventFields> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const unknown = unknownFieldErrors(input);
  if (unknown.length) return { ok: false, errors: unknown };
  const check = new Checker(input);
  const kind = check.oneOf('kind', EVENT_KINDS, { required: true });
  const title = check.text('title', { required: true, max: LIMITS.title, singleLine: true });
  const description = check.text('description', { max: LIMITS.description, fallback: '' });
  const location = check.text('location', { max: LIMITS.location, singleLine: true, fallback: '' });
  const timezone = check.text('timezone', { max: 64, fallback: DEFAULT_ZONE });
  if (timezone !== undefined && timezone !== DEFAULT_ZONE) {
    check.fail('timezone', `must be ${DEFAULT_ZONE}: the partnership's calendar is kept in UK time`);
  }
  const when = readWhen(check, DEFAULT_ZONE);
  const rrule = readRRule(check, when);
  const links = readLinks(check);
  const themes = readThemes(check);
  const organisationId = check.id('organisationId');
  const groupId = check.id('groupId');
  const parentId = check.id('parentId');
  const visibility = check.oneOf('visibility', VISIBILITIES, { fallback: 'public' });
  const status = check.oneOf('status', EVENT_STATUSES, { fallback: 'published' });
  if (status === 'cancelled') check.fail('status', 'cannot be set directly: cancel the event instead (POST /api/events/{id}/cancel)');
  if (kind === 'meeting' && groupId === null) check.fail('groupId', 'is required for a meeting: whose meeting is it?');
  if (visibility === 'group' && groupId === null) check.fail('groupId', "is required when visibility is 'group'");
  if (kind === 'campaign_week' && parentId) check.fail('parentId', 'must be empty: a campaign week cannot belong to another campaign');
  return check.result(() => ({
    kind: kind!,
    title: title!,
    description: description!,
    location: location!,
    links: links!,
    when: when!,
    timezone: DEFAULT_ZONE,
    rrule: rrule ?? null,
    themes: themes!,
    organisationId: organisationId ?? null,
    groupId: groupId ?? null,
    parentId: parentId ?? null,
    visibility: visibility!,
    status: status!,
  }));
}

/** Validates a partial change by applying it to the event's current fields. */
export function validateEventPatch(current: CalendarEvent, patch: unknown): Validated<EventFields> {
  if (!isRecord(patch)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const unknown = unknownFieldErrors(patch);
  if (unknown.length) return { ok: false, errors: unknown };
  const merged = { ...eventToInput(current), ...patch };
  // Changing start from a date to a date-time (or back) switches all-day unless allDay is given.
  if ('start' in patch && !('allDay' in patch)) delete merged.allDay;
  if ('start' in patch && !('end' in patch) && typeof patch.start === 'string' && isDate(patch.start)) merged.end = undefined;
  return validateEventInput(merged);
}

/** The optional `{ "reason": "…" }` of a cancellation (API and form), as the text rules allow it. */
export function readCancelReason(input: Record<string, unknown>): Validated<string> {
  const unknown = Object.keys(input).filter((k) => k !== 'reason');
  if (unknown.length)
    return { ok: false, errors: unknown.map((field) => ({ field, message: 'is not a field here (send {"reason": "…"})' })) };
  const check = new Checker(input);
  const reason = check.text('reason', { max: 500, fallback: '' });
  return check.result(() => reason!);
}

export type { FieldError };
