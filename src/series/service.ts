/**
 * @module Editing an event with "Which dates?": reads the choice from an API body or a form,
 * plans the edit (src/series/plan.ts) and writes it in one batch (src/series/store.ts). A one-off
 * event, or a series edit that changes no date, time, rule or venue, is a plain update.
 */
import {
  MOVE_ACTIVITY_CHOICES,
  activitiesMoveStatements,
  leftWeekDatesFollowingStatements,
  leftWeekDateStatement,
  movedWithWeekReason,
  weekMoveMessage,
  weekMoveStatements,
  weekOccurrenceOf,
  type MoveActivityChoice,
  cancelledWeekOccurrenceOf,
  type WeekMove,
} from '../cancellations/week-moves.js';
import type { CompiledQuery } from 'kysely';
import { NO_ACTIVITIES, outcomeStatements, withWeekReason } from '../cancellations/service.js';
import { activitiesByWeekDate } from '../cancellations/week-dates.js';
import { activitiesOf, cancelEventStatements, getEvent, updateEventStatements } from '../db/events.js';
import { localStartDate } from '../domain/campaign-copy.js';
import { whenText } from '../http/pages/format.js';
import { ORGANISER } from '../domain/visibility.js';
import { stamp, type Store, type WriteContext } from '../db/store.js';
import { eventFields, type CalendarEvent, type EventFields, type When } from '../domain/event.js';
import { DateTime } from 'luxon';
import { isOccurrenceOf, occurrencesInWindow, originalWhen } from '../domain/occurrences.js';
import { daysBetween, instantRangeMs, utcIso } from '../domain/time.js';
import { nextInstanceOnOrAfter, parseRRule, seriesStartOf } from '../domain/recurrence.js';
import { readRecurrenceId } from '../domain/exception-input.js';
import type { FieldError, Validated } from '../domain/validation.js';
import { readCancelReason, validateEventPatch } from '../domain/event-input.js';
import { changesDates, planSeriesEdit, plannedEvents, type Orphan, type SeriesEditPlan, type SeriesEditRequest } from './plan.js';
import { editClashError, plannedSeriesClash } from './clashes.js';
import { heldRecurrenceIds, seriesEditStatements } from './store.js';
import { meetingDatesToFollow } from '../meetings/follow-date.js';
import {
  canonicalRule,
  continuationStatements,
  oneOffStandingOf,
  ruleWithoutEnd,
  seriesContinuationsOf,
  type ContinuationChange,
} from './chain.js';

export const SERIES_FIELDS = ['dates', 'from', 'orphans', 'reason', 'activities'] as const;

/**
 * Takes "Which dates?" out of an edit's body: `dates` ('all', the default, or 'following'),
 * `from` (the RECURRENCE-ID 'following' starts at), `orphans` ('keep' | 'drop'), `reason` (why it changed:
 * a cancellation reason's text rule, readCancelReason), `activities` ('shift' | 'cancel' | 'keep': a campaign week's
 * activities when the week moves). Returns the rest of the body for the event's own validation,
 * or errors naming the field.
 */
export function readSeriesEditRequest(
  body: unknown,
): { ok: true; request: SeriesEditRequest; rest: unknown } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: true, request: defaultRequest(), rest: body };
  const { dates, from, orphans, reason, activities, ...rest } = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (dates !== undefined && dates !== 'all' && dates !== 'following')
    errors.push({ field: 'dates', message: 'must be "all" or "following"' });
  // One error about `from`: its type, else its absence with "following", else its presence without.
  if (from !== undefined && from !== null && (typeof from !== 'string' || from.length > 40))
    errors.push({
      field: 'from',
      message: `must be text: the RECURRENCE-ID of a date of the series, like "2026-10-21T17:00:00Z" (it is ${typeof from === 'string' ? 'too long' : `a ${Array.isArray(from) ? 'list' : typeof from}`})`,
    });
  else if (dates === 'following' && (typeof from !== 'string' || !from))
    errors.push({ field: 'from', message: 'is required with "dates": "following": the RECURRENCE-ID of the first date to change' });
  // "All dates" starts at the series' first date: a `from` would be ignored, so it is refused (ADR 150).
  else if (dates !== 'following' && typeof from === 'string' && from)
    errors.push({ field: 'from', message: 'applies only with "dates": "following" (this and following dates); "all" changes every date' });
  if (orphans !== undefined && orphans !== null && orphans !== 'keep' && orphans !== 'drop')
    errors.push({ field: 'orphans', message: 'must be "keep" or "drop"' });
  // The cancellation reason's rule and messages: it is quoted in the "Changed" e-mail as it is.
  const why = readCancelReason(reason === undefined ? {} : { reason });
  if (!why.ok) errors.push(...why.errors);
  if (activities !== undefined && activities !== null && !(MOVE_ACTIVITY_CHOICES as readonly unknown[]).includes(activities))
    errors.push({
      field: 'activities',
      message: 'must be "shift" (move them with the week), "cancel" (cancel them) or "keep" (leave them on their dates)',
    });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    request: {
      dates: (dates as SeriesEditRequest['dates'] | undefined) ?? 'all',
      from: typeof from === 'string' ? from : null,
      orphans: (orphans as SeriesEditRequest['orphans'] | undefined) ?? null,
      reason: why.ok ? why.value : '',
      activities: (activities as MoveActivityChoice | null | undefined) ?? null,
      datesSent: dates !== undefined,
    },
    rest,
  };
}

function defaultRequest(): SeriesEditRequest {
  return { dates: 'all', from: null, orphans: null, reason: '', activities: null };
}

/**
 * An API PATCH with "Which dates?" checked against the series: for "following" without an `rrule`
 * in the body, the series' rule is read without its end (UNTIL or COUNT), so a change from its last
 * date is not refused for a rule the organiser never sent ("has UNTIL before its second date"),
 * and the end is then kept as it was (the later part ends where the series did, and a part left
 * with one date becomes a one-off, planSeriesEdit). Otherwise validateEventPatch as it is.
 */
export function validateSeriesPatch(series: CalendarEvent, request: SeriesEditRequest, body: unknown): Validated<EventFields> {
  // The web form always sends the series' rule: sent unchanged with "following", it is read as not sent.
  const rest = request.dates === 'following' ? withoutUnchangedRule(series, body) : body;
  const current = request.dates === 'following' ? fromChosenDate(series, request.from, rest) : series;
  const sentRule = typeof rest === 'object' && rest !== null && 'rrule' in rest;
  if (request.dates === 'following' && sentRule && request.from && !('start' in (rest as object)) && !('end' in (rest as object))) {
    const first = firstDateUnderRule(current, (rest as { rrule: unknown }).rrule, request.from);
    if (first) return validateEventPatch(current, { ...(rest as object), ...first });
  }
  if (request.dates !== 'following' || !current.rrule || sentRule) return validateEventPatch(current, rest);
  const open = validateEventPatch({ ...current, rrule: ruleWithoutEnd(current.rrule) }, rest);
  return open.ok ? { ok: true, value: { ...open.value, rrule: current.rrule } } : open;
}

/**
 * For "following" with an `end` and no `start`: the series seen from the date the change starts at
 * (`from`, a RECURRENCE-ID as sent), so the end is read against that date's start, as the form
 * shows it, and an end before it is a 400 naming `end` like any other edit's (ADR 245), not a
 * length of weeks from the series' first date that the chain or split checks then refuse. The
 * series as it is otherwise, or when `from` is no date of it (planSeriesEdit names `from`).
 */
function fromChosenDate(series: CalendarEvent, from: string | null, body: unknown): CalendarEvent {
  if (!series.rrule || !from || typeof body !== 'object' || body === null || !('end' in body) || 'start' in body) return series;
  const read = readRecurrenceId(series, from);
  if (!read.ok || !isOccurrenceOf(series, read.value)) return series;
  return { ...series, when: originalWhen(series, read.value) };
}

/** The body without its `rrule` when that is the series' own rule as it stands (canonically equal). */
function withoutUnchangedRule(current: CalendarEvent, body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('rrule' in body)) return body;
  const { rrule, ...others } = body as { rrule: unknown };
  return typeof rrule === 'string' && current.rrule && canonicalRule(rrule) === canonicalRule(current.rrule) ? others : body;
}

/**
 * A rule-only "following" edit (no `start` sent): the new part begins at the first date the new
 * rule gives on or after `from`'s UK day, at the series' time of day and with its length, not at
 * the part's first date, which the new rule may not pick (ADR 157). `from` is a UTC instant
 * (RECURRENCE-ID); answers `{ start, end }` as the API reads them (UTC instants, or UK dates for an
 * all-day series), or null when the rule is unreadable or gives no date (validation then says so).
 */
function firstDateUnderRule(current: CalendarEvent, rrule: unknown, from: string): { start: string; end: string } | null {
  if (typeof rrule !== 'string' || !rrule) return null;
  const parsed = parseRRule(rrule);
  if (!parsed.ok) return null;
  const fromDate = DateTime.fromISO(from, { zone: 'UTC' }).setZone(current.timezone).toISODate();
  if (!fromDate) return null;
  const start = nextInstanceOnOrAfter(parsed.rule, seriesStartOf(current.when, current.timezone), fromDate);
  if (!start) return null;
  const { when } = current;
  if (when.allDay) {
    const days = DateTime.fromISO(when.endDate).diff(DateTime.fromISO(when.startDate), 'days').days;
    return { start, end: DateTime.fromISO(start).plus({ days }).toISODate()! };
  }
  const length = Date.parse(when.endsAt) - Date.parse(when.startsAt);
  return { start, end: utcIso(new Date(Date.parse(start) + length)) };
}

/** What an edit did, for the API answer and the page's message. */
export interface SeriesEditSummary {
  mode: 'unchanged' | 'updated' | 'in-place' | 'split';
  /** The first changed date (split). */
  from: string | null;
  allBecameFollowing: boolean;
  /** The event the dates from `from` now belong to (the edited one, or the new one of a split). */
  eventId: string;
  /** The event that keeps the earlier dates (split), else null. */
  earlierEventId: string | null;
  keptAsOneOffs: string[];
  /** Moved or cancelled dates the new pattern had no place for (dropped unless kept). */
  orphans: Orphan[];
  /** A campaign week whose first day moved: what its activities did. */
  activities: WeekMove | null;
  /** The later parts of the series (after earlier splits) the edit also changed, in date order (ADR 124). */
  continuations: ContinuationChange[];
  /** One sentence for people: what happened to which dates. */
  message: string;
}

export type SeriesEditResult =
  | { ok: true; event: CalendarEvent; summary: SeriesEditSummary }
  | { ok: false; status: 400 | 409 | 422; errors: FieldError[]; orphans?: Orphan[] };

/**
 * Applies an organiser's edit with their "Which dates?" choice (see the module comment).
 * Every write is one Store.batch. `fields` must already be checked (validateEventInput and the
 * references). Answers 422/409 errors as values (planSeriesEdit), never throws for user input.
 */
export async function editEvent(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  request: SeriesEditRequest,
  ctx: WriteContext,
): Promise<SeriesEditResult> {
  if (request.activities && current.kind !== 'campaign_week')
    return {
      ok: false,
      status: 422,
      errors: [{ ...NO_ACTIVITIES }],
    };
  /** `thisDateAlone`: a one-off part's own date changes and the later parts of its series do not (ADR 175). */
  const plain = async (thisDateAlone = false): Promise<SeriesEditResult> => {
    // A one-off week moved: its activities follow in the same batch (ADR 120).
    const week = await weekMoveStatements(store, current, fields, { choice: request.activities ?? 'shift', reason: request.reason }, ctx);
    // The change reaches the series' later parts too (a series' words-only edit; a one-off part
    // a split left, ADR 125, only with "following"), unless they are to stay as they are.
    const chain = thisDateAlone
      ? { ok: true as const, statements: [], changed: [], planned: [] }
      : await continuationStatements(store, current, fields, request, ctx, {
          continuingId: null,
          sameDays: sameDaysOf(current, request),
        });
    if (!chain.ok) return chain;
    if (changesDates(current, fields)) {
      const refused = await clashRefusal(store, current, fields, [{ ...current, ...fields }, ...chain.planned]);
      if (refused) return refused;
    }
    const statements = [...updateEventStatements(store, current, fields, ctx, request.reason), ...week.statements];
    if (statements.length) statements.push(...chain.statements);
    if (statements.length) await store.batch(statements);
    const event = statements.length ? (await getEvent(store, current.id))! : current;
    const mode = event === current ? 'unchanged' : 'updated';
    return {
      ok: true,
      event,
      summary: {
        mode,
        from: null,
        allBecameFollowing: false,
        eventId: event.id,
        earlierEventId: null,
        keptAsOneOffs: [],
        orphans: [],
        activities: week.move,
        continuations: mode === 'unchanged' ? [] : chain.changed,
        message:
          mode === 'unchanged'
            ? 'Nothing changed.'
            : [
                'Saved.',
                week.move ? weekMoveMessage(week.move) : '',
                continuationMessage(chain.changed),
                thisDateAlone ? 'Only this date changed; the later dates of the series are unchanged.' : '',
              ]
                .filter(Boolean)
                .join(' '),
      },
    };
  };
  // `from` is read as every occurrence key is (years 1900–2200, UTC or UK local time), then
  // planned in its stored form.
  if (current.rrule && request.from !== null) {
    const read = readRecurrenceId(current, request.from);
    if (!read.ok) return { ok: false, status: 400, errors: [{ field: 'from', message: read.message }] };
    request = { ...request, from: read.value };
  }
  if (!current.rrule) return editOneOff(store, current, request, plain);
  if (request.dates === 'all' && !changesDates(current, fields)) return plain();
  const held = await heldRecurrenceIds(store, current.id, ctx.now);
  // A campaign week's dates with activities still to come are paired too, however far ahead (ADR 271);
  // so are a meeting series' dates with an agenda, apologies or any record (ADR 288).
  const activityDates = [...(await activitiesByWeekDate(store, current, ctx.now)).keys()];
  const meeting = await meetingDatesToFollow(store, current, ctx.now);
  const outcome = planSeriesEdit(
    current,
    fields,
    request,
    ctx.now,
    [...held.own, ...held.into.map((a) => a.current!.recurrenceId), ...activityDates, ...meeting.recorded],
    meeting.papers,
  );
  // Every date of this part has passed (planSeriesEdit's only `dates` error): the change is for the later parts.
  if (!outcome.ok && request.dates === 'all' && outcome.errors[0]?.field === 'dates')
    return laterPartsOnly(store, current, fields, request, ctx, outcome);
  if (!outcome.ok) return outcome;
  const { plan } = outcome;
  const write = seriesEditStatements(store, current, plan, request, held, ctx, meeting);
  const chain = await continuationStatements(store, current, fields, request, ctx, {
    continuingId: write.newEventId,
    sameDays: sameDaysOf(current, request),
  });
  if (!chain.ok) return chain;
  const refused = await clashRefusal(store, current, fields, [...plannedEvents(current, plan, write.newEventId), ...chain.planned]);
  if (refused) return refused;
  const following = await activitiesFollowingTheEdit(store, current, plan, write, request, ctx);
  await store.batch([...write.statements, ...following.statements, ...chain.statements]);
  const event = (await getEvent(store, write.newEventId ?? current.id))!;
  const dropped = plan.orphans.filter((o) => o.kind === 'cancelled' || request.orphans !== 'keep');
  const parts: string[] = [];
  if (plan.mode === 'split') {
    // The split date as a UK date ("2026-12-16"), as the later parts' message names theirs and pages
    // put in words (instantsInWords), never a UTC instant; `from` keeps the RECURRENCE-ID (issue 10).
    const from = plan.splitAt ? localStartDate(originalWhen(current, plan.splitAt), current.timezone) : 'the chosen date';
    parts.push(
      plan.allBecameFollowing && current.rrule && plan.newFields && !plan.newFields.rrule
        ? `Dates already passed are kept as they happened; the date of ${from} is now the one date still to come, no longer repeating.`
        : plan.allBecameFollowing
          ? `Dates already passed are kept as they happened; the change applies from ${from} on, as a new event continuing the series.`
          : `The change applies from ${from} on, as a new event continuing the series; earlier dates are unchanged.`,
    );
  } else {
    parts.push(
      current.rrule && !plan.oldFields.rrule ? 'The series is now one date, no longer repeating.' : 'Every date of the series changed.',
    );
  }
  if (write.oneOffIds.length) parts.push(`${write.oneOffIds.length} moved date(s) kept as one-off events.`);
  if (dropped.length) parts.push(`${dropped.length} moved or cancelled date(s) with no place in the new pattern dropped.`);
  parts.push(continuationMessage(chain.changed));
  if (following.move) parts.push(weekMoveMessage(following.move));
  return {
    ok: true,
    event,
    summary: {
      mode: plan.mode,
      from: plan.splitAt,
      allBecameFollowing: plan.allBecameFollowing,
      eventId: event.id,
      earlierEventId: plan.mode === 'split' ? current.id : null,
      keptAsOneOffs: write.oneOffIds,
      orphans: plan.orphans,
      activities: following.move,
      continuations: chain.changed,
      message: parts.filter(Boolean).join(' '),
    },
  };
}

/**
 * An edit of a one-off event. A one-off part of a split series (ADR 125) that the series continues
 * after (`oneOffStanding` 'continued': a later part not cancelled comes after it, the first part
 * included, ADRs 200, 252) is one date of that series: without `dates` the edit changes that date alone, its time
 * included (ADR 175); `"dates": "following"` with `from` its own date changes it and every later
 * part, as a chain edit from an earlier part does (ADR 124); `"all"` is refused naming `dates`, since
 * it read as the whole series before and now would not reach the later parts. A one-off that no
 * series continues has one date: `"following"` is refused as before, `"all"` is that date.
 */
async function editOneOff(
  store: Store,
  current: CalendarEvent,
  request: SeriesEditRequest,
  plain: (thisDateAlone?: boolean) => Promise<SeriesEditResult>,
): Promise<SeriesEditResult> {
  // Any part a split left with one date that a later part not cancelled continues, the first part
  // included (it has no `continues` of its own, but later parts name it in `split_from`; ADR 200).
  if ((await oneOffStandingOf(store, current)) !== 'continued') {
    if (request.dates === 'following')
      return { ok: false, status: 422, errors: [{ field: 'dates', message: 'applies to a series; this event has one date' }] };
    return plain();
  }
  const day = current.when.allDay
    ? current.when.startDate
    : DateTime.fromISO(current.when.startsAt, { zone: current.timezone }).toISODate()!;
  if (request.dates === 'following') {
    const read = readRecurrenceId(current, request.from ?? '');
    const own = current.when.allDay ? current.when.startDate : utcIso(new Date(current.when.startsAt));
    if (!read.ok || (current.when.allDay ? read.value !== own : Date.parse(read.value) !== Date.parse(own)))
      return {
        ok: false,
        status: 400,
        errors: [
          {
            field: 'from',
            message: `must be this event's own date, ${own}: it is one date of a split series, and the later parts follow it`,
          },
        ],
      };
    return plain();
  }
  if (request.datesSent)
    return {
      ok: false,
      status: 422,
      errors: [
        {
          field: 'dates',
          message: `this event is the one date ${day} of a split series that continues after it: leave out "dates" to change this date alone, or send "dates": "following" with "from" to change it and the later dates`,
        },
      ],
    };
  return plain(true);
}

/**
 * "All dates" of a part whose dates have all passed: past dates are kept as they happened (ADR 90),
 * so the change is made in the later parts of its series only (ADR 152), as it would reach them
 * from this part. With no later part, `passed` (the 422 naming `dates`) stands.
 */
async function laterPartsOnly(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  request: SeriesEditRequest,
  ctx: WriteContext,
  passed: SeriesEditResult & { ok: false },
): Promise<SeriesEditResult> {
  const chain = await continuationStatements(store, current, fields, request, ctx, {
    continuingId: null,
    sameDays: sameDaysOf(current, request),
  });
  if (!chain.ok) return chain;
  const refused = chain.planned.length ? await clashRefusal(store, current, fields, chain.planned) : null;
  if (refused) return refused;
  if (!chain.changed.length) {
    const parts = await seriesContinuationsOf(store, [current.id]);
    if (!parts.length) return passed;
  }
  if (chain.statements.length) await store.batch(chain.statements);
  const reached = continuationMessage(chain.changed);
  return {
    ok: true,
    event: current,
    summary: {
      mode: chain.changed.length ? 'updated' : 'unchanged',
      from: null,
      allBecameFollowing: false,
      eventId: current.id,
      earlierEventId: null,
      keptAsOneOffs: [],
      orphans: [],
      activities: null,
      continuations: chain.changed,
      message: chain.changed.length
        ? `Every date of this part has passed and is kept as it happened. ${reached}`
        : 'Nothing changed: every date of this part has passed, and its later parts already have this.',
    },
  };
}

/**
 * An edit whose events, as planned, would give two dates of the series one start (a moved date
 * where the new time or rule puts another date, or any date of the edited part, a one-off part's
 * included, on a date of another part: plannedSeriesClash): 409 naming `rrule` when the rule
 * changed, else `start` (ADRs 243, 248). Null when every date keeps a start of its own.
 */
async function clashRefusal(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  planned: readonly CalendarEvent[],
): Promise<(SeriesEditResult & { ok: false }) | null> {
  const clash = await plannedSeriesClash(store, current.id, planned, [current]);
  if (!clash) return null;
  const field = canonicalRule(current.rrule) !== canonicalRule(fields.rrule) ? 'rrule' : 'start';
  return { ok: false, status: 409, errors: [editClashError(clash, field)] };
}

/** The local dates an edit's start may keep and still be "the same day": the series' first date and the date "following" starts at. */
function sameDaysOf(current: CalendarEvent, request: SeriesEditRequest): string[] {
  const days = [
    current.when.allDay ? current.when.startDate : DateTime.fromISO(current.when.startsAt, { zone: current.timezone }).toISODate()!,
  ];
  if (request.from)
    days.push(request.from.length === 10 ? request.from : DateTime.fromISO(request.from, { zone: current.timezone }).toISODate()!);
  return days;
}

/** "The change also applies to the later part of the series from 2028-10-14." ('' when none). */
function continuationMessage(changed: readonly ContinuationChange[]): string {
  if (!changed.length) return '';
  return changed.length === 1
    ? `The change also applies to the later part of the series, from ${changed[0]!.from}.`
    : `The change also applies to the ${changed.length} later parts of the series, from ${changed[0]!.from}.`;
}

/**
 * What a series edit of a campaign week does to its partner activities, for the edit's batch.
 *
 * A split (ADR 123): activities inside a date of the continuing event belong to it from then on;
 * earlier ones stay with the earlier part. An activity a cancel of one date took along
 * (parent_date, ADR 210) follows that date, still cancelled in the continuing event, so restoring
 * it there brings the activity back (ADR 231).
 *
 * A date that moves (ADR 271): an activity still to come inside an old date the edit changes
 * follows the planner's pairing of old dates with new ones (`plan.fates`, ADR 268). Paired with a
 * new date on another UK day, it follows `request.activities` as a one-off week's move does (ADR
 * 120): 'shift' (the default) by that date's own number of days, wall-clock time kept, SEQUENCE up,
 * "Part of <week> (<old date>), which moved: <reason>" as its change reason; 'cancel', cancelled
 * with that reason; 'keep', left on its date; in every case it belongs to the part the date lives
 * in. A date the new pattern drops (no pair) cancels its activities ("… which was cancelled:
 * <reason>"), or with 'keep' marks them kept, so they are still reminded of (ADR 121). An activity
 * left on its own time either way gets a record of what became of its date, for its page (ADR 279:
 * "That date of the week moved to …", "That date is no longer one of the week's dates"). Activities
 * that have begun, repeating ones and those outside every date are only re-parented as before.
 */
async function activitiesFollowingTheEdit(
  store: Store,
  week: CalendarEvent,
  plan: SeriesEditPlan,
  write: { newEventId: string | null; oneOffIds: string[] },
  request: SeriesEditRequest,
  ctx: WriteContext,
): Promise<{ statements: CompiledQuery[]; move: WeekMove | null }> {
  const none = { statements: [], move: null };
  if (week.kind !== 'campaign_week') return none;
  const split = plan.mode === 'split';
  const continuingId = write.newEventId;
  if (split && (!plan.splitAt || !plan.newFields || !continuingId)) return none;
  const continuing: CalendarEvent = split
    ? { ...week, ...plan.newFields!, id: continuingId!, exceptions: plan.newExceptions.map((e) => ({ ...e, updatedAt: stamp(ctx.now) })) }
    : { ...week, ...plan.oldFields, exceptions: plan.oldExceptions.map((e) => ({ ...e, updatedAt: stamp(ctx.now) })) };
  const choice = request.activities ?? 'shift';
  const move: WeekMove = { days: 0, choice, shifted: [], cancelled: [], kept: [] };
  const statements: CompiledQuery[] = [];
  const activities = (await activitiesOf(store, [week.id], ORGANISER)).get(week.id) ?? [];
  const outside: CalendarEvent[] = [];
  for (const activity of activities) {
    const oldDate = activity.status === 'cancelled' || activity.parentDate ? null : weekOccurrenceOf(activity, week);
    if (!oldDate && !activity.rrule) outside.push(activity);
    const fate = oldDate?.recurrenceId ? plan.fates.get(oldDate.recurrenceId) : undefined;
    const toCome = instantRangeMs(activity.when, activity.timezone).start > ctx.now.getTime() && !activity.rrule;
    if (oldDate && fate !== undefined && toCome) {
      const dateText = whenText(oldDate.when, week.timezone);
      if (fate === null) {
        // The new pattern has no date for it: the activity goes with its date, unless kept.
        if (choice === 'keep') {
          statements.push(...outcomeStatements(store, activity, { outcome: 'kept' }, ctx));
          move.kept.push(activity.id);
        } else {
          statements.push(...cancelEventStatements(store, activity, withWeekReason(week, request.reason, dateText), ctx));
          move.cancelled.push(activity.id);
        }
        // Its page says the date is gone, not that the activity was never inside one (ADR 279).
        statements.push(leftWeekDateStatement(store, activity, { was: oldDate.when, became: null }, ctx));
        continue;
      }
      const oneOff = fate.eventId.startsWith('one-off:') ? write.oneOffIds[Number(fate.eventId.slice('one-off:'.length))] : undefined;
      const target = fate.eventId === 'new' || (!split && fate.eventId === 'old') ? continuing : null;
      const newWhen = target
        ? (target.exceptions.find((e) => e.recurrenceId === fate.recurrenceId)?.when ?? dateOf(target, fate.recurrenceId))
        : null;
      const days = newWhen ? daysBetween(localStartDate(oldDate.when, week.timezone), localStartDate(newWhen, week.timezone)) : 0;
      if (days) {
        // As a one-off week's move (ADR 120), by this date's own days, into the part the date lives in.
        const parentId = target && split ? continuingId! : activity.parentId;
        const reason = movedWithWeekReason(week, request.reason, dateText);
        const one = activitiesMoveStatements(store, [activity], days, { choice, reason, parentId }, ctx);
        statements.push(...one.statements);
        // Left on its own time (kept or cancelled): its page says where its date went (ADR 279).
        if (!one.move.shifted.length)
          statements.push(
            leftWeekDateStatement(
              store,
              activity,
              { was: oldDate.when, became: { eventId: parentId ?? week.id, recurrenceId: fate.recurrenceId } },
              ctx,
            ),
          );
        move.shifted.push(...one.move.shifted);
        move.cancelled.push(...one.move.cancelled);
        move.kept.push(...one.move.kept);
        continue;
      }
      if (oneOff) {
        // Its date is kept as a one-off event where it was moved: the activity belongs to it. A
        // change of its parent alone is no news: it keeps the reason of its last change, which a
        // "Changed" still to go quotes (ADR 287).
        statements.push(
          ...updateEventStatements(store, activity, { ...eventFields(activity), parentId: oneOff }, ctx, activity.changeReason ?? ''),
        );
        continue;
      }
    }
    if (!split) continue;
    // A split's re-parenting as before (ADRs 123, 231).
    const offDate = activity.parentDate ? cancelledWeekOccurrenceOf(activity, continuing) : null;
    if (activity.parentDate && !offDate) continue;
    if (!activity.parentDate) {
      if (activity.status === 'cancelled') continue;
      const { start, end } = instantRangeMs(activity.when, activity.timezone);
      const window = { from: DateTime.fromMillis(start), to: DateTime.fromMillis(Math.max(end, start + 1)) };
      if (occurrencesInWindow(continuing, window).length === 0) continue;
    }
    // Re-parenting is no news either: the reason of the activity's last change stays (a date's move
    // just before the split, whose "Changed" has not gone yet, ADR 287).
    statements.push(
      ...updateEventStatements(store, activity, { ...eventFields(activity), parentId: continuingId }, ctx, activity.changeReason ?? ''),
    );
    if (offDate)
      statements.push(store.db.updateTable('events').set({ parent_date: offDate.recurrenceId }).where('id', '=', activity.id).compile());
  }
  // Activities an earlier edit left outside a date this edit moves again: their pages follow the date (ADR 287).
  const follow = (recurrenceId: string) => {
    if (!plan.fates.has(recurrenceId)) return undefined;
    const fate = plan.fates.get(recurrenceId)!;
    if (!fate) return null;
    if (fate.eventId.startsWith('one-off:'))
      return { eventId: write.oneOffIds[Number(fate.eventId.slice('one-off:'.length))]!, recurrenceId: '' };
    return { eventId: fate.eventId === 'new' && split ? continuingId! : week.id, recurrenceId: fate.recurrenceId };
  };
  statements.push(...(await leftWeekDatesFollowingStatements(store, outside, week.id, follow, ctx)));
  return { statements, move: move.shifted.length || move.cancelled.length || move.kept.length ? move : null };
}

/** A date of a series (or its one date, for a one-off part: `recurrenceId` '') where its pattern puts it. */
function dateOf(event: CalendarEvent, recurrenceId: string): When {
  return recurrenceId ? originalWhen(event, recurrenceId) : event.when;
}
