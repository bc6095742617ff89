/**
 * @module What an edit of a series does to its dates, decided before anything is written: whether
 * it rewrites the series in place or splits it ("this and following dates": the old series ends
 * the day before, RFC 5545 §3.3.10 UNTIL, and a new event carries on), where each moved or
 * cancelled date goes, and what each occurrence people may hold has become. Pure: no I/O.
 */
import { DateTime } from 'luxon';
import {
  eventFields,
  type CalendarEvent,
  type EventException,
  type EventFields,
  type ExceptionToWrite,
  type When,
} from '../domain/event.js';
import { occurrencesInWindow, sameSpan } from '../domain/occurrences.js';
import { civilDate, dayFromIso, weekdayOf } from '../domain/calendar-days.js';
import { FREQUENCIES, formatRRule, localDateOf, parseRRule, type RRule } from '../domain/recurrence.js';
import { addDays, daysBetween, instantRangeMs, utcIso } from '../domain/time.js';
import { whenText } from '../domain/when-in-words.js';
import type { FieldError } from '../domain/validation.js';
import type { MoveActivityChoice } from '../cancellations/week-moves.js';

/** "Which dates?": every date of the series, or the one given by `from` and those after it. */
export type DatesChoice = 'all' | 'following';
/** What to do with moved dates the new pattern has no place for. */
export type OrphanChoice = 'keep' | 'drop';

export interface SeriesEditRequest {
  dates: DatesChoice;
  /** For 'following': the RECURRENCE-ID of the first date to change. */
  from: string | null;
  orphans: OrphanChoice | null;
  /**
   * The organiser's reason for the change (at most 500 characters): quoted in the "Changed" e-mail
   * and told to people whose date no longer exists.
   */
  reason: string;
  /** For a campaign week whose first day moves: what its activities do (null: the default, 'shift'). */
  activities: MoveActivityChoice | null;
  /**
   * Whether `dates` was given (`dates` is 'all' when it was not). A one-off part of a split series
   * edited without it changes that date alone; its later parts need "following" (ADR 175).
   */
  datesSent?: boolean;
}

/**
 * A date with no matching date in the new pattern: a moved or cancelled one, or a meeting date with
 * a published agenda or minutes (`papers`, ADR 296).
 */
export interface Orphan {
  recurrenceId: string;
  kind: EventException['kind'] | 'papers';
  /** Where the date is now (its move, or where the series put it). */
  when: When;
  location: string;
}

/** What an occurrence that someone may hold (event, RECURRENCE-ID) has become. */
export interface OccurrenceFate {
  eventId: string;
  recurrenceId: string;
  /** Null when the occurrence no longer exists. */
  current: { eventId: 'old' | 'new' | `one-off:${number}`; recurrenceId: string } | null;
}

export interface SeriesEditPlan {
  /** 'in-place': the event's own row changes; 'split': the old event ends and a new one carries on. */
  mode: 'in-place' | 'split';
  /** True when "all dates" was asked for but passed dates made it "this and following". */
  allBecameFollowing: boolean;
  /** The first date that changes (its RECURRENCE-ID in the old series), for a split. */
  splitAt: string | null;
  /** The old event's fields after the edit (split: its rule ends the day before splitAt). */
  oldFields: EventFields;
  /** The old event's exceptions after the edit (each carried one keeps its `updatedAt`, ADR 279). */
  oldExceptions: ExceptionToWrite[];
  /** Split: the new event's fields and exceptions. */
  newFields: EventFields | null;
  newExceptions: ExceptionToWrite[];
  /** Moved dates kept as one-off events (orphans: 'keep'). */
  oneOffs: EventFields[];
  /** Moved or cancelled dates the new pattern has no place for (cancelled ones are dropped). */
  orphans: Orphan[];
  /** Every old RECURRENCE-ID from the first changed date, mapped to what it has become. */
  fates: Map<string, OccurrenceFate['current']>;
  /**
   * A part left with one date that is cancelled becomes a cancelled one-off (ADR 125, ADR 151):
   * the cancelled date's note as the event's cancel reason; null when the part is not that.
   */
  oldCancelReason: string | null;
  newCancelReason: string | null;
}

export type SeriesEditOutcome =
  { ok: true; plan: SeriesEditPlan } | { ok: false; status: 409 | 422; errors: FieldError[]; orphans?: Orphan[] };

/** How far past the last date anyone may hold (or the last exception) the two patterns are paired. */
const PAIRING_YEARS = 2;

/** True when the edit changes when or where the series' dates happen (not just words or labels). */
export function changesDates(current: CalendarEvent, fields: EventFields): boolean {
  return (
    current.rrule !== fields.rrule ||
    current.timezone !== fields.timezone ||
    current.location !== fields.location ||
    JSON.stringify(current.when) !== JSON.stringify(fields.when)
  );
}

interface Slot {
  recurrenceId: string;
  when: When;
  startMs: number;
}

/** The series' own dates (exceptions not applied) starting in [fromMs, toMs), earliest first. */
function slots(event: Pick<CalendarEvent, 'id' | 'when' | 'timezone' | 'rrule' | 'location'>, fromMs: number, toMs: number): Slot[] {
  const probe = { ...(event as CalendarEvent), exceptions: [] };
  const window = { from: DateTime.fromMillis(fromMs, { zone: 'UTC' }), to: DateTime.fromMillis(toMs, { zone: 'UTC' }) };
  return occurrencesInWindow(probe, window)
    .filter((o) => o.recurrenceId !== null)
    .map((o) => ({ recurrenceId: o.recurrenceId!, when: o.when, startMs: instantRangeMs(o.when, event.timezone).start }))
    .filter((s) => s.startMs >= fromMs);
}

/**
 * The RECURRENCE-ID of the first date of `event` (as its rule plans it, moves and cancellations not
 * applied) that starts at or after `fromMs` (a UTC instant in ms), or null when it has none within
 * ten years. Expanded over windows growing fourfold from a year from `fromMs`, never from the
 * series' first date. For a "following" edit that reaches a later part part-way (ADR 264).
 */
export function firstDateFrom(
  event: Pick<CalendarEvent, 'id' | 'when' | 'timezone' | 'rrule' | 'location'>,
  fromMs: number,
): string | null {
  for (const years of [1, 4, 10]) {
    const [first] = slots(event, fromMs, DateTime.fromMillis(fromMs).plus({ years }).toMillis());
    if (first) return first.recurrenceId;
  }
  return null;
}

/** A RECURRENCE-ID as an instant (a date: its local midnight). */
function ridMs(recurrenceId: string, zone: string): number {
  return recurrenceId.length === 10 ? DateTime.fromISO(recurrenceId, { zone }).toMillis() : Date.parse(recurrenceId);
}

function startMsOf(when: When, zone: string): number {
  return instantRangeMs(when, zone).start;
}

/** The old rule ending the day before `splitAt` (COUNT replaced: RFC 5545 allows one of the two). */
function ruleEndingBefore(rrule: string, splitAt: Slot, zone: string): string {
  const parsed = parseRRule(rrule);
  if (!parsed.ok) return rrule;
  const { count: _count, until: _until, ...rest } = parsed.rule;
  if (splitAt.when.allDay) return formatRRule({ ...rest, until: { date: addDays(splitAt.when.startDate, -1) } });
  // A timed series' UNTIL is UTC (§3.3.10): the last second of the local day before the split.
  const dayBefore = DateTime.fromMillis(splitAt.startMs, { zone }).startOf('day').minus({ seconds: 1 });
  return formatRRule({ ...rest, until: { instant: utcIso(dayBefore) } });
}

/**
 * Decides what an edit of a series does (see the module comment). `current` is the series as
 * stored, `fields` the checked new fields (their `when` is the start of the pattern the organiser
 * wants: the series' first date for 'all', the chosen date for 'following'). `heldIds` are the
 * RECURRENCE-IDs people may hold (reminded, or with a reminder pending) whose fate must be known;
 * `papers` those of a meeting series' dates with a published agenda or minutes (meetingDatesToFollow).
 * Errors: 422 naming `from` (not a date of the series, or passed) or `dates` (every date passed);
 * 409 naming `orphans` when moved dates, or dates in `papers`, have no place in the new pattern and
 * no choice was given (the message names each such meeting by its UK date and time).
 */
export function planSeriesEdit(
  current: CalendarEvent,
  fields: EventFields,
  request: SeriesEditRequest,
  now: Date,
  heldIds: readonly string[] = [],
  papers: readonly string[] = [],
): SeriesEditOutcome {
  const zone = current.timezone;
  const nowMs = now.getTime();
  const firstMs = startMsOf(current.when, zone);
  const lastHeldMs = Math.max(nowMs, ...[...current.exceptions.map((e) => e.recurrenceId), ...heldIds].map((id) => ridMs(id, zone)));
  const horizonMs = DateTime.fromMillis(lastHeldMs).plus({ years: PAIRING_YEARS }).toMillis();

  // The first date that changes.
  let splitAt: Slot | null = null;
  let allBecameFollowing = false;
  if (request.dates === 'following') {
    const from = request.from ?? '';
    const fromMs = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(from) ? ridMs(from, zone) : NaN;
    const hit = Number.isNaN(fromMs)
      ? undefined
      : slots(current, fromMs - 86_400_000, fromMs + 86_400_000).find((s) => s.recurrenceId === from);
    if (!hit) return { ok: false, status: 422, errors: [{ field: 'from', message: 'is not a date of this series' }] };
    const moved = current.exceptions.find((e) => e.recurrenceId === from && e.kind === 'moved' && e.when);
    if (Math.min(hit.startMs, moved?.when ? startMsOf(moved.when, zone) : Infinity) <= nowMs) {
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'from', message: 'is a date that has passed; past dates are kept as they happened' }],
      };
    }
    splitAt = hit;
  } else if (firstMs <= nowMs && changesDates(current, fields)) {
    // Past dates are never rewritten: "all dates" becomes "this and following" from the next date.
    splitAt = slots(current, nowMs + 1, horizonMs)[0] ?? null;
    if (!splitAt) {
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'dates', message: 'every date of this series has passed; past dates are kept as they happened' }],
      };
    }
    allBecameFollowing = true;
  }
  const split = splitAt !== null && splitAt.startMs > firstMs;

  // The new pattern's dates, from its own start; after a split from "all", from the first of its
  // dates on or after the split date's day that is still to come.
  // (A form shows the series' first date: a new pattern given from before the split date is the
  // pattern, and starts at its first date from the split date's day.)
  let newStart: When = fields.when;
  const dayStart = splitAt ? DateTime.fromMillis(splitAt.startMs, { zone }).startOf('day').toMillis() : 0;
  // The series' own end sent back unchanged (a form posts the rule as the series has it) ends the
  // later part after as many dates as the series had left, not at the old UNTIL instant: a later
  // time on the last day would fall after it and lose that date (ADR 153, as ADR 127 for COUNT).
  // The same holds for an edit in place (no split) of a series whose UNTIL is an exact instant.
  const keptEnd = unchangedEnd(current.rrule, fields.rrule);
  const searchRule = keptEnd ? keptEnd.open : fields.rrule;
  // "Following" from the series' own first date splits nothing: it is "all dates", and a new day is honoured as "all" honours it (ADR 249).
  if (splitAt && fields.rrule && (allBecameFollowing || (split && startMsOf(fields.when, zone) < dayStart))) {
    // Searched from the split day itself: a split years ahead is past the pairing horizon.
    const first = slots({ ...fields, rrule: searchRule, id: current.id }, dayStart, Math.max(horizonMs, dayStart) + 366 * 86_400_000).find(
      (s) => s.startMs > nowMs,
    );
    if (!first) return { ok: false, status: 422, errors: [{ field: 'rrule', message: 'has no date still to come' }] };
    newStart = first.when;
  }
  // Made one date with dates passed ("all dates" becoming "following"): the one date is the next one,
  // on the split date's UK day at the time typed, not a second copy of the series' first date (ADR 302).
  if (splitAt && !fields.rrule && startMsOf(fields.when, zone) < dayStart) {
    newStart = onDay(fields.when, DateTime.fromMillis(splitAt.startMs, { zone }).toISODate()!, zone);
  }
  // A COUNT counts the whole series (ADR 127): "6 times" split at the 3rd date leaves 4 for the later
  // part, whether the split came from "following" or from "all dates" with dates passed, so a split
  // never adds dates (the form sends the rule as the series has it).
  let newRule = fields.rrule;
  const parsedNew = split && newRule ? parseRRule(newRule) : null;
  if (parsedNew?.ok && parsedNew.rule.count !== undefined) {
    const kept = slots(current, firstMs, splitAt!.startMs).length;
    if (parsedNew.rule.count - kept < 1) {
      const before = allBecameFollowing ? 'have passed already' : `come before ${splitAt!.recurrenceId}`;
      return {
        ok: false,
        status: 422,
        errors: [{ field: 'rrule', message: `has COUNT=${parsedNew.rule.count}, but ${kept} dates ${before}` }],
      };
    }
    newRule = formatRRule({ ...parsedNew.rule, count: parsedNew.rule.count - kept });
  }
  if (keptEnd) {
    const left = slots(current, split ? splitAt!.startMs : firstMs, keptEnd.untilMs + 1).length;
    const newFrom = startMsOf(newStart, zone);
    const newPattern = { ...fields, rrule: keptEnd.open, when: newStart, id: current.id };
    const ahead = slots(newPattern, newFrom, keptEnd.untilMs + 366 * 86_400_000);
    const last = ahead[left - 1];
    // In place, the rule is rewritten only where its end would now cut a date (a title edit keeps it as written).
    const cuts = split || ahead.filter((s) => s.startMs <= keptEnd.untilMs).length < left;
    if (left > 0 && last && cuts) newRule = formatRRule({ ...keptEnd.rule, until: untilAt(last, zone, ahead.slice(left)) });
  }
  const pattern = { ...fields, rrule: newRule, when: newStart, id: current.id };
  const oldFrom = split ? splitAt!.startMs : firstMs;
  const oldSlots = slots(current, oldFrom, horizonMs);
  // Each old date from the first changed one is paired with the new pattern's date it has become
  // (ADR 268, amending ADR 92): itself where it still is one, else the same date moved within its
  // week, month or year; the rest have no pair (a new pattern of one date pairs none).
  const fates = new Map<string, OccurrenceFate['current']>();
  // A series made one date: which of its exceptions that date was, and what of it the one-off takes.
  let oneDateException: string | null = null;
  let oneDate: Partial<EventFields> = {};
  let oneDateCancelReason: string | null = null;
  const pairOf = pattern.rrule
    ? pairDates(oldSlots, slots(pattern, startMsOf(newStart, zone), horizonMs + 366 * 86_400_000), current.rrule, pattern.rrule, zone)
    : new Map<string, Slot>();
  const target: 'old' | 'new' = split ? 'new' : 'old';
  for (const s of oldSlots) {
    const to = pairOf.get(s.recurrenceId);
    fates.set(s.recurrenceId, to ? { eventId: target, recurrenceId: to.recurrenceId } : null);
  }
  if (!pattern.rrule) {
    // A series made a one-off ("Does not repeat") keeps one of its dates: the old date at the
    // one-off's start, else the one on its UK day, else its first date still to change (the one-off
    // is that date moved). People who hold it are told only what changed of it (nothing at the same
    // time and place, one "Changed" for a new time or day), never that it is cancelled.
    const oneMs = startMsOf(newStart, zone);
    const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate();
    const same = oldSlots.find((s) => s.startMs === oneMs) ?? oldSlots.find((s) => day(s.startMs) === day(oneMs)) ?? oldSlots[0];
    if (same) {
      fates.set(same.recurrenceId, { eventId: target, recurrenceId: '' });
      // That date as it stands: moved, the one-off is where it was moved to (unless a new start was
      // typed with the change); cancelled, the one-off is cancelled with its reason, as a split part
      // left with one date is (ADR 151). Either way its exception is used up, not an orphan.
      const own = current.exceptions.find((e) => e.recurrenceId === same.recurrenceId);
      if (own) {
        oneDateException = own.recurrenceId;
        const startKept = same.startMs === oneMs;
        if (own.kind === 'cancelled') {
          oneDate = { status: 'cancelled' };
          oneDateCancelReason = own.note ?? '';
        } else if (startKept && own.when) {
          newStart = own.when;
          if (own.location !== null && own.location !== undefined) oneDate = { location: own.location };
        }
      }
    }
  }

  const carried: ExceptionToWrite[] = [];
  const kept: ExceptionToWrite[] = [];
  const orphans: Orphan[] = [];
  for (const e of current.exceptions) {
    if (e.recurrenceId === oneDateException) continue;
    const original = oldSlots.find((s) => s.recurrenceId === e.recurrenceId);
    if (split && !original && ridMs(e.recurrenceId, zone) < splitAt!.startMs) {
      kept.push(e);
      continue;
    }
    const to = pairOf.get(e.recurrenceId);
    if (to) {
      const moved = carriedOnto(e, to, pattern.location);
      if (moved) carried.push(moved);
      continue;
    }
    const when = e.when ?? original?.when ?? current.when;
    orphans.push({ recurrenceId: e.recurrenceId, kind: e.kind, when, location: e.location ?? current.location });
  }
  // A meeting date with a published agenda or minutes that the new pattern has no place for (a new
  // COUNT or UNTIL that ends before it, a day it no longer meets on) is asked about as a moved date
  // is: it must not vanish without the organiser's word (issue 10, ADR 296).
  for (const rid of papers) {
    const slot = oldSlots.find((s) => s.recurrenceId === rid);
    if (!slot || fates.get(rid) !== null || orphans.some((o) => o.recurrenceId === rid)) continue;
    orphans.push({ recurrenceId: rid, kind: 'papers', when: slot.when, location: current.location });
  }
  const movedOrphans = orphans.filter((o) => o.kind === 'moved');
  const papersOrphans = orphans.filter((o) => o.kind === 'papers');
  const asked = [...movedOrphans, ...papersOrphans];
  if (asked.length && !request.orphans) {
    const moved = movedOrphans.length === 1 ? 'a moved date' : `${movedOrphans.length} moved dates`;
    const meetings = papersOrphans.map((o) => whenText(o.when, zone)).join('; ');
    const what = !papersOrphans.length
      ? `${movedOrphans.length === 1 ? 'a moved date has' : `${movedOrphans.length} moved dates have`}`
      : `the meeting${papersOrphans.length === 1 ? '' : 's'} of ${meetings}, with a published agenda or minutes,${movedOrphans.length ? ` and ${moved}` : ''} ${asked.length === 1 ? 'has' : 'have'}`;
    return {
      ok: false,
      status: 409,
      errors: [
        {
          field: 'orphans',
          message: `needs a choice: ${what} no place in the new pattern; say "keep" (each becomes a one-off event) or "drop" (it is cancelled)`,
        },
      ],
      orphans,
    };
  }
  const oneOffs: EventFields[] = [];
  if (request.orphans === 'keep') {
    for (const o of asked) {
      fates.set(o.recurrenceId, { eventId: `one-off:${oneOffs.length}`, recurrenceId: '' });
      oneOffs.push({ ...fields, rrule: null, when: o.when, location: o.location });
    }
  }

  if (!split) {
    return {
      ok: true,
      plan: {
        mode: 'in-place',
        allBecameFollowing: false,
        splitAt: null,
        oldFields: { ...fields, ...oneDate, rrule: newRule, when: newStart },
        oldExceptions: carried,
        newFields: null,
        newExceptions: [],
        oneOffs,
        orphans,
        fates,
        oldCancelReason: oneDateCancelReason,
        newCancelReason: null,
      },
    };
  }
  // A part left with one date is a one-off event, not a series whose rule stops after one date
  // (which no form could edit again: its UNTIL is before its second date).
  const earlier = singleDate(eventFields({ ...current, rrule: ruleEndingBefore(current.rrule!, splitAt!, zone) }), kept, zone);
  const later = singleDate({ ...fields, ...oneDate, rrule: newRule, when: newStart }, carried, zone);
  if (earlier.single) fates.set(earlier.single, { eventId: 'old', recurrenceId: '' });
  if (later.single)
    for (const [rid, fate] of fates)
      if (fate?.eventId === 'new' && fate.recurrenceId === later.single) fates.set(rid, { eventId: 'new', recurrenceId: '' });
  return {
    ok: true,
    plan: {
      mode: 'split',
      allBecameFollowing,
      splitAt: splitAt!.recurrenceId,
      oldFields: earlier.fields,
      oldExceptions: earlier.exceptions,
      newFields: later.fields,
      newExceptions: later.exceptions,
      oneOffs,
      orphans,
      fates,
      oldCancelReason: earlier.cancelReason,
      newCancelReason: later.cancelReason ?? oneDateCancelReason,
    },
  };
}

/** `when` moved to the UK day `day` (YYYY-MM-DD): the same local time of day and length, or the same number of days. */
function onDay(when: When, day: string, zone: string): When {
  if (when.allDay) return { allDay: true, startDate: day, endDate: addDays(day, daysBetween(when.startDate, when.endDate)) };
  const start = DateTime.fromISO(when.startsAt, { zone });
  const moved = DateTime.fromISO(day, { zone }).set({ hour: start.hour, minute: start.minute, second: 0, millisecond: 0 });
  const length = Date.parse(when.endsAt) - Date.parse(when.startsAt);
  return { allDay: false, startsAt: utcIso(moved), endsAt: utcIso(moved.plus({ milliseconds: length })) };
}

/**
 * Which of the new pattern's dates (`newSlots`) each old date (`oldSlots`, both earliest first) has
 * become, by old RECURRENCE-ID (ADR 268, amending ADR 92). An old date whose start is still a date of
 * the new pattern is that date: a change of INTERVAL, COUNT, UNTIL or an added day leaves it where it
 * is. Each other old date is the same date moved only within its period: the UK calendar day, week
 * (from the rule's WKST, Monday unless it says otherwise), month or year of the shorter FREQ of the two
 * rules; there the old dates left over pair with the new dates left over in time order (a new time of
 * day keeps each date's day, Wednesdays to Thursdays each week's, the third Wednesday of a month
 * becomes its fourth). An old date with no new date left in its period has no pair: a date people hold
 * is then cancelled, a moved date is shown to the organiser to keep or drop, a cancelled one is
 * dropped. Rules that do not parse (never stored) pair by day alone.
 */
function pairDates(
  oldSlots: readonly Slot[],
  newSlots: readonly Slot[],
  oldRule: string | null,
  newRule: string,
  zone: string,
): Map<string, Slot> {
  const pairs = new Map<string, Slot>();
  const byStart = new Map(newSlots.map((s) => [s.startMs, s]));
  const taken = new Set<Slot>();
  const leftOld: Slot[] = [];
  for (const s of oldSlots) {
    const same = byStart.get(s.startMs);
    if (same) {
      pairs.set(s.recurrenceId, same);
      taken.add(same);
    } else leftOld.push(s);
  }
  const before = oldRule ? parseRRule(oldRule) : null;
  const after = parseRRule(newRule);
  const freqs = [before?.ok ? before.rule.freq : 'DAILY', after.ok ? after.rule.freq : 'DAILY'] as const;
  // FREQUENCIES lists the engine's periods shortest first (RFC 5545 §3.3.10 FREQ).
  const period = FREQUENCIES[Math.min(...freqs.map((f) => FREQUENCIES.indexOf(f)))]!;
  const weekStart = after.ok ? after.rule.weekStart : 1;
  // Day numbers from the engine's cached offsets: a series of years pairs hundreds of dates.
  const periodOf = (slot: Slot): number => {
    const day = dayFromIso(localDateOf(slot.startMs, zone));
    if (period === 'DAILY') return day;
    if (period === 'WEEKLY') return day - ((weekdayOf(day) - weekStart + 7) % 7);
    const { year, month } = civilDate(day);
    return period === 'MONTHLY' ? year * 12 + month : year;
  };
  const leftNew = new Map<number, Slot[]>();
  for (const s of newSlots) {
    if (taken.has(s)) continue;
    const key = periodOf(s);
    const list = leftNew.get(key);
    if (list) list.push(s);
    else leftNew.set(key, [s]);
  }
  for (const s of leftOld) {
    const to = leftNew.get(periodOf(s))?.shift();
    if (to) pairs.set(s.recurrenceId, to);
  }
  return pairs;
}

/**
 * What a date of a split series' earlier part, from after the split, became in the part continuing
 * it, paired as the split paired it (pairDates, ADR 268): for an address of that date nobody was
 * e-mailed about (a bookmark, so no alias was written, ADR 288). `earlier` is the part that ends at
 * the split (its UNTIL the day before, ruleEndingBefore; or a one-off, when the split left it one
 * date), `oldRule` the series' rule before the split (a split ends the rule it keeps: that rule
 * without its end; a COUNT it had was made an UNTIL, so a date past the old COUNT reads as a date
 * too, which no address can name), `later` the part continuing it, `recurrenceId` a date of the old
 * pattern after the split. Answers the date's RECURRENCE-ID in `later` ('' when `later` is a
 * one-off), or null: not such a date, or one the split left with no date (a date people held then
 * was told "Cancelled").
 */
export function dateAfterSplit(earlier: CalendarEvent, oldRule: string, later: CalendarEvent, recurrenceId: string): string | null {
  const zone = earlier.timezone;
  const parsed = parseRRule(oldRule);
  if (!parsed.ok || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(recurrenceId)) return null;
  // Where the earlier part's dates stop: its UNTIL, or its one date (no old date falls between that and the split).
  const parsedEarlier = earlier.rrule ? parseRRule(earlier.rrule) : null;
  const until = parsedEarlier?.ok ? parsedEarlier.rule.until : undefined;
  const endMs = !until
    ? startMsOf(earlier.when, zone)
    : 'instant' in until
      ? Date.parse(until.instant)
      : DateTime.fromISO(until.date, { zone }).endOf('day').toMillis();
  const keyMs = ridMs(recurrenceId, zone);
  if (keyMs <= endMs) return null;
  const { count: _count, until: _until, ...open } = parsed.rule;
  const before = { ...earlier, rrule: formatRRule(open) };
  if (!slots(before, keyMs - 86_400_000, keyMs + 86_400_000).some((s) => s.recurrenceId === recurrenceId)) return null;
  // Pairing is within a day, week, month or year: a window of a year and a month past the date holds its period.
  const toMs = keyMs + 400 * 86_400_000;
  const laterStart = startMsOf(later.when, zone);
  const after = later.rrule ? slots(later, laterStart, toMs) : [{ recurrenceId: '', when: later.when, startMs: laterStart }];
  const pairs = pairDates(slots(before, endMs + 1, toMs), after, before.rrule, later.rrule ?? before.rrule, zone);
  return pairs.get(recurrenceId)?.recurrenceId ?? null;
}

/**
 * A moved or cancelled date `e` carried to the new pattern's date `to` (its RECURRENCE-ID there). A
 * move whose time is exactly that date's own (same start and end, instants compared; an all-day
 * date's days) is no move any more: with no other venue than the series' (`location`) and no note
 * it is no exception at all (null, as ADR 158 has a move back to the series' own time); else it
 * keeps its venue or note at the date's own time (`when` null, a venue or note alone), so pages
 * and rule words do not call it moved and the feed's override changes only what differs (ADR 284).
 */
function carriedOnto(e: ExceptionToWrite, to: Slot, location: string): ExceptionToWrite | null {
  const carried = { ...e, recurrenceId: to.recurrenceId };
  if (e.kind !== 'moved' || !e.when || !sameSpan(e.when, to.when)) return carried;
  const venue = e.location !== null && e.location !== location ? e.location : null;
  return venue === null && !e.note.trim() ? null : { ...carried, when: null, location: venue };
}

/**
 * When an edit's rule is the series' rule with the same UNTIL (however written): that rule, the
 * same rule without its end, and the end as an instant; else null (no UNTIL, or a changed rule or end).
 */
function unchangedEnd(
  currentRule: string | null,
  newRule: string | null,
): { rule: Omit<RRule, 'until'>; open: string; untilMs: number } | null {
  const before = currentRule ? parseRRule(currentRule) : null;
  const after = newRule ? parseRRule(newRule) : null;
  if (!before?.ok || !after?.ok || !before.rule.until || after.rule.count !== undefined) return null;
  if (formatRRule(before.rule) !== formatRRule(after.rule)) return null;
  const { until, ...rule } = after.rule;
  // (An all-day UNTIL is a UK date: its end, a day's margin either side of UTC.)
  const untilMs = 'instant' in until! ? Date.parse(until.instant) : Date.parse(`${until!.date}T00:00:00Z`) + 2 * 86_400_000;
  return { rule, open: formatRRule(rule), untilMs };
}

/**
 * UNTIL ending a series at `slot` (RFC 5545 §3.3.10: a date for an all-day series, else a UTC
 * instant): the last second of the slot's UK day, as a split's earlier part ends (ruleEndingBefore),
 * so a later time of day for the series keeps this date; at the slot's start only where a date
 * after it (`after`, the pattern's next dates) falls on the same day.
 */
function untilAt(slot: Slot, zone: string, after: readonly Slot[]): RRule['until'] {
  if (slot.when.allDay) return { date: slot.when.startDate };
  const dayEnd = DateTime.fromMillis(slot.startMs, { zone }).endOf('day').set({ millisecond: 0 });
  const instant = after.some((s) => s.startMs <= dayEnd.toMillis()) ? DateTime.fromMillis(slot.startMs, { zone: 'UTC' }) : dayEnd;
  return { instant: utcIso(instant) };
}

/** How far ahead a bounded rule is read to see whether it has a second date. */
const SINGLE_DATE_YEARS = 12;

/**
 * A part of a split series whose rule gives exactly one date (its UNTIL or COUNT ends it there):
 * the same event as a one-off on that date (where it was moved to, if it was), with the date's
 * RECURRENCE-ID in `single` so people who hold it are pointed at the one-off. A cancelled single
 * date makes a cancelled one-off, its note the event's `cancelReason` (it can be restored as any
 * cancelled event can). A rule without an end leaves the part as it is.
 */
function singleDate(
  fields: EventFields,
  exceptions: ExceptionToWrite[],
  zone: string,
): { fields: EventFields; exceptions: ExceptionToWrite[]; single: string | null; cancelReason: string | null } {
  const unchanged = { fields, exceptions, single: null, cancelReason: null };
  const parsed = fields.rrule ? parseRRule(fields.rrule) : null;
  if (!parsed?.ok || (parsed.rule.count === undefined && !parsed.rule.until)) return unchanged;
  const startMs = startMsOf(fields.when, zone);
  const found = slots({ ...fields, id: '' }, startMs, DateTime.fromMillis(startMs).plus({ years: SINGLE_DATE_YEARS }).toMillis());
  if (found.length !== 1) return unchanged;
  const only = found[0]!;
  const exception = exceptions.find((e) => e.recurrenceId === only.recurrenceId);
  const cancelled = exception?.kind === 'cancelled';
  return {
    fields: {
      ...fields,
      rrule: null,
      when: cancelled ? only.when : (exception?.when ?? only.when),
      location: cancelled ? fields.location : (exception?.location ?? fields.location),
      ...(cancelled ? { status: 'cancelled' as const } : {}),
    },
    exceptions: [],
    single: only.recurrenceId,
    cancelReason: cancelled ? (exception.note ?? '') : null,
  };
}

/**
 * The events of a series as `plan` would write them (the edited event, and the new part of a
 * split under `newEventId`, or 'new' before it has one), each with its fields and exceptions after
 * the edit; a part left with one cancelled date is cancelled. Moved dates kept as one-offs are not
 * parts of the series (ADR 92) and are left out. Pure: for checks made before the write (ADR 243).
 */
export function plannedEvents(current: CalendarEvent, plan: SeriesEditPlan, newEventId: string | null): CalendarEvent[] {
  const stamped = (list: ExceptionToWrite[]) => list.map((e) => ({ ...e, updatedAt: e.updatedAt ?? current.updatedAt }));
  const events: CalendarEvent[] = [{ ...current, ...plan.oldFields, exceptions: stamped(plan.oldExceptions) }];
  if (plan.newFields) events.push({ ...current, ...plan.newFields, id: newEventId ?? 'new', exceptions: stamped(plan.newExceptions) });
  return events;
}
