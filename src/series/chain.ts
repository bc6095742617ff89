/**
 * @module An edit of "all dates" or "this and following dates" of a series that a split
 * continues (events linked by split_from): the same change reaches each later part, in the same
 * batch, date by date, as Outlook and Google apply "all events" to the whole series (ADR 124).
 * Where the change is not well defined for a later part (it has its own time, length or venue;
 * or the change is to the rule or the day, which a later part cannot follow date by date) the
 * edit is refused naming `dates`, before anything is written. A later part with a rule of its own
 * (another weekday) takes a new time, length or venue it did not have of its own (ADRs 147, 171).
 */
import type { CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { moveCollisionErrors } from '../cancellations/dates.js';
import { continuationsOf, getEvent, getEvents, keptDatesOf, seriesChainOf, updateEventStatements } from '../db/events.js';
import type { Store, WriteContext } from '../db/store.js';
import { eventFields, type CalendarEvent, type EventException, type EventFields, type When } from '../domain/event.js';
import { isOccurrenceOf, occurrencesInWindow, originalWhen } from '../domain/occurrences.js';
import { formatRRule, parseRRule } from '../domain/recurrence.js';
import { addDays, daysBetween, instantRange, instantRangeMs, startInWords, utcIso } from '../domain/time.js';
import { statementChunks } from '../db/dialect.js';
import { eventAuditSince } from '../db/audit.js';
import type { FieldError } from '../domain/validation.js';
import { changesDates, dateAfterSplit, firstDateFrom, planSeriesEdit, plannedEvents, type SeriesEditRequest } from './plan.js';
import { heldRecurrenceIds, seriesEditStatements } from './store.js';
import { meetingDatesToFollow } from '../meetings/follow-date.js';

/** The most later parts one edit follows (a chain is one part per split; real ones are short). */
export const MAX_CHAIN = 20;

/** A later part an edit reached: its id, title and first date (UK local date). */
export interface ContinuationChange {
  eventId: string;
  title: string;
  from: string;
}

/** The fields whose change a later part takes only where it still had the earlier part's value. */
const WORD_FIELDS = ['kind', 'title', 'description', 'links', 'themes', 'organisationId', 'groupId', 'visibility', 'status'] as const;

/**
 * The later parts continuing these events (split_from with `continues`, migration 0017), by first
 * start: repeating parts and parts a split left with one date (one-offs, ADR 125) alike; a moved
 * date kept as a one-off (ADR 92) is linked for its history only and is not a part (ADR 128).
 */
export async function seriesContinuationsOf(store: Store, eventIds: readonly string[]): Promise<{ id: string; splitFrom: string }[]> {
  if (!eventIds.length) return [];
  const rows = await store.db
    .selectFrom('events')
    .select(['id', 'split_from'])
    .where('split_from', 'in', eventIds.slice(0, 90))
    .where('continues', '=', 1)
    .orderBy('first_start')
    .execute();
  return rows.map((r) => ({ id: r.id, splitFrom: r.split_from! }));
}

/**
 * How a one-off event stands in a split series (ADRs 125, 175, 200), the one answer the edit
 * (editEvent), the edit form ("Which dates?") and the per-date route (PUT of an occurrence) share:
 * - `'continued'`: it has no rule, and a part of its series that is not cancelled comes after it
 *   (a part continuing it, directly or through parts that are cancelled): one date of a series that
 *   goes on; an edit without `dates` changes that date alone, `"following"` reaches the later parts.
 * - `'part'`: it has no rule and is a part of a split series (it continues an earlier part, or a
 *   later part continues it), but every part after it is cancelled, or none is: its edits are those
 *   of a one-off (nothing goes on after it), yet it has no dates to change one by one.
 * - `null`: it repeats, or is a one-off no split made (a moved date kept as a one-off, ADR 92, is
 *   linked with `continues = 0` and is not a part).
 * `later` are the events after it in its chain (seriesChainOf's `later`, read by the caller), in
 * any order; a cancelled part counts as a part but does not continue the series until restored.
 */
export function oneOffStanding(event: CalendarEvent, later: readonly CalendarEvent[]): 'continued' | 'part' | null {
  if (event.rrule) return null;
  const parts = later.filter((e) => e.continuesSeries);
  if (parts.some((e) => e.status !== 'cancelled')) return 'continued';
  return event.continuesSeries || parts.some((e) => e.splitFrom === event.id) ? 'part' : null;
}

/** oneOffStanding read from the store: the chain after `event` (two bounded recursive queries and one read), nothing for a repeating event. */
export async function oneOffStandingOf(store: Store, event: CalendarEvent): Promise<'continued' | 'part' | null> {
  if (event.rrule) return null;
  return oneOffStanding(event, await getEvents(store, (await seriesChainOf(store, event.id)).later));
}

/**
 * The other events of a split series around one event, as its pages link them: `earlier`, the parts
 * before it, nearest first; `continues`, the events after it by first start (later parts, and moved
 * dates kept as one-offs, ADR 92, from this part or an earlier one); `ids`, seriesChainOf's ids
 * (earlier, later) for reading the series' one history. Two bounded recursive queries, one for the
 * kept dates and one read of the events.
 */
export async function seriesPartsOf(
  store: Store,
  eventId: string,
): Promise<{ earlier: CalendarEvent[]; continues: CalendarEvent[]; ids: { earlier: string[]; later: string[] } }> {
  const chain = await seriesChainOf(store, eventId);
  // The dates earlier parts kept on their own are the series' too (later ones are in chain.later).
  const keptEarlier = (await keptDatesOf(store, chain.earlier)).filter((id) => id !== eventId);
  const linked = new Map((await getEvents(store, [...chain.earlier, ...chain.later, ...keptEarlier])).map((e) => [e.id, e]));
  const read = (ids: string[]) => ids.map((id) => linked.get(id)).filter((e): e is CalendarEvent => !!e);
  return { earlier: read(chain.earlier), continues: read([...keptEarlier, ...chain.later]), ids: chain };
}

/** A rule in its canonical text, so equal rules compare equal however they were written. */
export function canonicalRule(rrule: string | null): string | null {
  if (!rrule) return null;
  const parsed = parseRRule(rrule);
  return parsed.ok ? formatRRule(parsed.rule) : rrule;
}

/** A rule without its end (UNTIL or COUNT): what each part of a split series repeats by. */
export function ruleWithoutEnd(rrule: string | null): string | null {
  if (!rrule) return null;
  const parsed = parseRRule(rrule);
  if (!parsed.ok) return rrule;
  const { until: _until, count: _count, ...rest } = parsed.rule;
  return formatRRule(rest);
}

/** The local date a When starts on (UK local date for a timed one). */
function localDate(when: When, zone: string): string {
  return when.allDay ? when.startDate : DateTime.fromISO(when.startsAt, { zone }).toISODate()!;
}

/** What a date looks like apart from its day: all-day and how many days, or the local start time and the length in minutes. */
function shapeOf(when: When, zone: string): string {
  if (when.allDay) return `days:${daysBetween(when.startDate, when.endDate)}`;
  const { start, end } = instantRange(when, zone);
  return `time:${start.toFormat('HH:mm')}:${end.diff(start, 'minutes').minutes}`;
}

/** `when` given the shape of `shape`: the same first day, with its time and length (all-day: its number of days). */
function withShape(when: When, shape: When, zone: string): When {
  if (shape.allDay) {
    const day = localDate(when, zone);
    return { allDay: true, startDate: day, endDate: addDays(day, daysBetween(shape.startDate, shape.endDate)) };
  }
  const { start, end } = instantRange(shape, zone);
  const day = DateTime.fromISO(localDate(when, zone), { zone });
  const begins = day.set({ hour: start.hour, minute: start.minute, second: 0, millisecond: 0 });
  return { allDay: false, startsAt: utcIso(begins), endsAt: utcIso(begins.plus(end.diff(start))) };
}

/**
 * The fields a later part takes from an edit that turned `before` into `after`, or why it cannot
 * follow. `days` are the local dates that count as "the same day" for the edit (the series' first
 * date, and the date a "following" edit starts at). A one-off part (a split left it one date, ADR
 * 125) takes what means one thing for one date: the new time of day and length where it still had
 * the series' own, the venue where it still had the series' venue, and words; a time or venue of
 * its own is kept, as a moved date keeps its move (ADR 92); one that has passed keeps its date.
 */
function followingFields(
  part: CalendarEvent,
  before: EventFields,
  after: EventFields,
  sameDays: readonly string[],
  now: Date,
): { ok: true; fields: EventFields } | { ok: false; why: string } {
  const zone = before.timezone;
  // A one-off part (a split left it one date) moved to another day is that date alone: the later part is not moved.
  if (!before.rrule && !sameDays.includes(localDate(after.when, zone))) return { ok: true, fields: eventFields(part) };
  if (
    canonicalRule(before.rrule) !== canonicalRule(after.rrule) ||
    before.timezone !== after.timezone ||
    before.when.allDay !== after.when.allDay ||
    !sameDays.includes(localDate(after.when, zone))
  ) {
    return { ok: false, why: 'a change of rule, day or time zone cannot reach date by date' };
  }
  const fields: EventFields = { ...eventFields(part) };
  // A new time of day or length, like a new venue, reaches a later part that repeats by a rule of
  // its own (on other weekdays, say) as it reaches one that shares the rule, when the part still had
  // the earlier part's time and length: each of its dates keeps its day and takes the new time (ADR 171).
  const oneOff = !part.rrule;
  const passed = oneOff && instantRangeMs(part.when, part.timezone).start <= now.getTime();
  // A part that already has the new time and length, or the new venue (an edit sent again after it
  // split the series, say), is asked for nothing: it keeps them, and is no refusal (ADR 285).
  const shapeOfPart = part.when.allDay === before.when.allDay ? shapeOf(part.when, zone) : null;
  if (shapeOf(before.when, zone) !== shapeOf(after.when, zone) && shapeOfPart !== shapeOf(after.when, zone) && !passed) {
    if (shapeOfPart === shapeOf(before.when, zone)) fields.when = withShape(part.when, after.when, zone);
    else if (!oneOff) return { ok: false, why: 'has a time or length of its own' };
  }
  if (before.location !== after.location && part.location !== after.location && !passed) {
    if (part.location === before.location) fields.location = after.location;
    else if (!oneOff) return { ok: false, why: 'has a venue of its own' };
  }
  // Words: the later part takes a change where it still said what the earlier part said.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const target = fields as unknown as Record<string, unknown>;
  for (const key of WORD_FIELDS) {
    if (!same(before[key], after[key]) && same(part[key], before[key])) target[key] = after[key];
  }
  return { ok: true, fields };
}

/**
 * What the later parts compare an edit of `current` with. A one-off part's time of day and length
 * are one date's, changed alone (ADR 175), not the series': an edit of it from its own date compares
 * with the time of the part that continues it (the series' time there), so that part takes the new
 * time and a part after it with a time of its own is still refused (ADR 251). A repeating part, or
 * an edit that keeps the date's time, is its own comparison. One query on events_split_from, and one read of that part, for a one-off only.
 */
async function seriesTimeOf(store: Store, current: CalendarEvent, fields: EventFields): Promise<CalendarEvent> {
  // An edit that leaves the date's time as it is changes no time of any part.
  if (current.rrule || shapeOf(current.when, current.timezone) === shapeOf(fields.when, current.timezone)) return current;
  const [link] = await seriesContinuationsOf(store, [current.id]);
  const next = link ? await getEvent(store, link.id) : null;
  if (!next || next.when.allDay !== current.when.allDay) return current;
  return { ...current, when: withShape(current.when, next.when, current.timezone) };
}

/**
 * A refusal of continuationStatements in the edit form's words: the later part is named by its
 * title and first date, without the API link the API's answer gives (ADR 251). Other errors unchanged.
 */
export function inFormWordsOfChain(error: FieldError): FieldError {
  return { field: error.field, message: error.message.replace(/ \(\/api\/events\/[^)\s]+\)/, '') };
}

export type ContinuationOutcome =
  | { ok: true; statements: CompiledQuery[]; changed: ContinuationChange[]; planned: CalendarEvent[] }
  | { ok: false; status: 409 | 422; errors: FieldError[] };

/**
 * The statements that carry an edit of `current` (to `fields`) to every later part of its series,
 * for the edit's own batch: each part's new fields and exceptions (carried to the dates they have
 * become, ADRs 92 and 268), occurrence-index rows and aliases for the dates people hold (so each
 * reminded date changed gets one "Changed"); a part whose first date has passed is split like any "all dates" edit. When the
 * edit itself split `current`, its direct later parts are re-linked to the new event
 * (`continuingId`), so the chain stays in date order. `sameDays` as for followingFields.
 * "Following" is time order (ADR 264): a later part's dates that start before the chosen date (a
 * one-off part's own date, wherever it was moved; else `request.from`) are left as they are: a
 * one-off part before it is passed over, a repeating part with dates on both sides is split at its
 * first date from the chosen one (by original start, as any split), and the new part takes the change.
 * `planned` are the parts changed as they will be written (plannedEvents), for plannedSeriesClash.
 * Errors (nothing written): 422 naming `dates` when a part cannot follow (see the module comment),
 * or a part's own 409/422 (moved dates with no place).
 */
export async function continuationStatements(
  store: Store,
  current: CalendarEvent,
  fields: EventFields,
  request: SeriesEditRequest,
  ctx: WriteContext,
  opts: { continuingId: string | null; sameDays: readonly string[] },
): Promise<ContinuationOutcome> {
  const statements: CompiledQuery[] = [];
  const changed: ContinuationChange[] = [];
  const planned: CalendarEvent[] = [];
  // Each step: the parts whose continuations come next (`id`), and the change they are compared
  // with. A one-off part passes its own comparison on: the part after it is compared with the last
  // repeating part's change, not with a date that may have been moved on its own.
  // `relinkTo`: the event the parts continuing `id` now continue, when the edit split `id` (its later dates moved there).
  let step: { id: string; before: CalendarEvent; after: EventFields; sameDays: readonly string[]; relinkTo: string | null }[] = [
    {
      id: current.id,
      before: await seriesTimeOf(store, current, fields),
      after: fields,
      sameDays: opts.sameDays,
      relinkTo: opts.continuingId,
    },
  ];
  // "This and following" is read in time order (ADR 264): a later part's dates that start before the
  // chosen date (a one-off part moved past them) are left as they are.
  const fromMs = chosenStartMs(current, request);
  let walked = 0;
  while (step.length && walked < MAX_CHAIN) {
    const next: typeof step = [];
    const links = await seriesContinuationsOf(
      store,
      step.map((s) => s.id),
    );
    const parts = new Map(
      (
        await getEvents(
          store,
          links.map((l) => l.id),
        )
      ).map((e) => [e.id, e]),
    );
    for (const link of links) {
      const part = parts.get(link.id);
      const from = step.find((s) => s.id === link.splitFrom);
      if (!part || !from) continue;
      walked++;
      const partFirst = localDate(part.when, part.timezone);
      if (from.relinkTo)
        statements.push(store.db.updateTable('events').set({ split_from: from.relinkTo }).where('id', '=', part.id).compile());
      // A cancelled part (a split can leave one with its one date cancelled, ADR 151) is passed
      // through unchanged: the parts after it are still the series. So is a part whose every date
      // comes before the chosen date (ADR 264).
      const passOn = { id: part.id, before: from.before, after: from.after, sameDays: from.sameDays, relinkTo: null };
      if (part.status === 'cancelled') {
        next.push(passOn);
        continue;
      }
      // The first of the part's dates from the chosen date on, when it has earlier ones: the change starts there.
      const startsBefore = fromMs !== null && instantRangeMs(part.when, part.timezone).start < fromMs;
      const splitAt = startsBefore && part.rrule ? firstDateFrom(part, fromMs) : null;
      if (startsBefore && !splitAt) {
        next.push(passOn);
        continue;
      }
      const followed = followingFields(part, eventFields(from.before), from.after, from.sameDays, ctx.now);
      if (!followed.ok) {
        return {
          ok: false,
          status: 422,
          errors: [
            {
              field: 'dates',
              // A one-off part has no dates before the later part to choose. The edit form leaves out the API link (seriesFormErrors).
              message: `cannot reach the later part of this series: it continues as "${part.title}" from ${partFirst} (/api/events/${part.id}), which ${followed.why}; edit that part as well, or ${current.rrule ? 'choose dates before it' : 'change this date alone'}`,
            },
          ],
        };
      }
      const compared = { id: part.id, before: part, after: followed.fields, sameDays: [partFirst], relinkTo: null };
      if (JSON.stringify(followed.fields) === JSON.stringify(eventFields(part))) {
        next.push(part.rrule ? compared : passOn);
        continue;
      }
      // A part reached part-way is split like a "following" edit of the part itself (ADR 264): its dates
      // before the chosen one keep everything, the new part carries the change, and the parts after
      // it continue the new part. A part whose dates change is re-planned as "all dates" of it.
      let newEventId: string | null = null;
      if (splitAt || (part.rrule && changesDates(part, followed.fields))) {
        const held = await heldRecurrenceIds(store, part.id, ctx.now);
        const meeting = await meetingDatesToFollow(store, part, ctx.now);
        const partRequest: SeriesEditRequest = splitAt
          ? { ...request, dates: 'following', from: splitAt, activities: null }
          : { ...request, dates: 'all', from: null, activities: null };
        const partPlan = planSeriesEdit(
          part,
          followed.fields,
          partRequest,
          ctx.now,
          [...held.own, ...held.into.map((a) => a.current!.recurrenceId), ...meeting.recorded],
          meeting.papers,
        );
        if (!partPlan.ok) return { ok: false, status: partPlan.status, errors: partPlan.errors };
        const write = seriesEditStatements(store, part, partPlan.plan, partRequest, held, ctx, meeting);
        statements.push(...write.statements);
        planned.push(...plannedEvents(part, partPlan.plan, write.newEventId));
        newEventId = write.newEventId;
      } else {
        statements.push(...updateEventStatements(store, part, followed.fields, ctx, request.reason));
        planned.push({ ...part, ...followed.fields });
      }
      if (splitAt) {
        next.push({ ...compared, relinkTo: newEventId });
        const day = splitAt.length === 10 ? splitAt : DateTime.fromISO(splitAt, { zone: part.timezone }).toISODate()!;
        changed.push({ eventId: newEventId ?? part.id, title: followed.fields.title, from: day });
      } else {
        next.push(part.rrule ? compared : passOn);
        changed.push({ eventId: part.id, title: followed.fields.title, from: partFirst });
      }
    }
    step = next;
  }
  return { ok: true, statements, changed, planned };
}

/**
 * Where a "following" edit of `current` starts, as a UTC instant in ms: a one-off part's own start
 * (its date, wherever it was moved), or the chosen date's original start (`request.from`, stored
 * form: a UTC instant, or a UK date read as its midnight). Null for "all dates", which has no start.
 */
function chosenStartMs(current: CalendarEvent, request: SeriesEditRequest): number | null {
  if (request.dates !== 'following') return null;
  if (!current.rrule) return instantRangeMs(current.when, current.timezone).start;
  if (!request.from) return null;
  return request.from.length === 10 ? DateTime.fromISO(request.from, { zone: current.timezone }).toMillis() : Date.parse(request.from);
}

/**
 * The other events of `eventId`'s split chain: the parts before it and every event after the
 * first part (later parts, one-offs included), without `eventId`. Four bounded recursive queries.
 */
export async function otherPartsOf(store: Store, eventId: string): Promise<string[]> {
  const around = await seriesChainOf(store, eventId);
  const first = around.earlier.at(-1);
  const chain = first ? [...around.earlier, ...(await seriesChainOf(store, first)).later] : around.later;
  return [...new Set(chain)].filter((id) => id !== eventId);
}

/** Two dates start at one moment when their keys are equal: the UK date of an all-day one, the UTC instant (ms) of a timed one. */
export function startKey(when: When): string {
  return when.allDay ? when.startDate : Date.parse(when.startsAt).toString();
}

/** Per event: how far its rows in the occurrence index reach, and its first and last instants (ms; -Infinity when unknown, last null when endless). */
export type IndexReach = Map<string, { until: number; first: number; last: number | null }>;

/** How far each event's rows in the occurrence index reach (indexed_until), and its first and last instants (events' bookkeeping columns). */
export async function indexReachOf(store: Store, eventIds: readonly string[]): Promise<IndexReach> {
  if (!eventIds.length) return new Map();
  const rows = await store.db
    .selectFrom('events')
    .select(['id', 'indexed_until', 'first_start', 'last_end'])
    .where('id', 'in', eventIds.slice(0, 90))
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        until: r.indexed_until ? Date.parse(r.indexed_until) : -Infinity,
        first: r.first_start ? Date.parse(r.first_start) : -Infinity,
        last: r.last_end ? Date.parse(r.last_end) : null,
      },
    ]),
  );
}

/**
 * A date of the events `eventIds` (at most 90) that starts exactly at one of `starts` (stored form:
 * UTC instant or UK date), read from the occurrence index by start; a date cancelled there, or an
 * event cancelled, is none. One query per 90 starts; a start beyond an event's indexed rows is
 * looked for by expansion around it (beyondIndexDateStartingAt). Returns the first found, or null.
 */
export async function indexedDateStartingAt(
  store: Store,
  eventIds: readonly string[],
  starts: readonly When[],
): Promise<{ eventId: string; when: When } | null> {
  if (!eventIds.length) return null;
  const instants = [...new Set(starts.filter((w) => !w.allDay).map((w) => utcIso(new Date(w.startsAt))))];
  const days = [...new Set(starts.flatMap((w) => (w.allDay ? [w.startDate] : [])))];
  const base = () =>
    store.db
      .selectFrom('event_occurrences')
      .select(['event_id', 'start_at', 'end_at', 'start_date', 'end_date'])
      .where('event_id', 'in', eventIds.slice(0, 90))
      .where('state', '<>', 'cancelled')
      .where('status', '<>', 'cancelled');
  for (const chunk of statementChunks(instants, { reserved: 100 })) {
    const row = await base().where('start_at', 'in', chunk).where('start_date', 'is', null).limit(1).executeTakeFirst();
    if (row) return { eventId: row.event_id, when: { allDay: false, startsAt: row.start_at, endsAt: row.end_at } };
  }
  for (const chunk of statementChunks(days, { reserved: 100 })) {
    const row = await base().where('start_date', 'in', chunk).limit(1).executeTakeFirst();
    if (row) return { eventId: row.event_id, when: { allDay: true, startDate: row.start_date!, endDate: row.end_date! } };
  }
  return beyondIndexDateStartingAt(store, eventIds.slice(0, 90), starts);
}

/**
 * indexedDateStartingAt for the starts beyond an event's indexed rows (about five years ahead,
 * ADR 248): the events whose rows end before one of `starts` while their dates go on past it are
 * expanded two days around that start, never from their first date. One read of the events'
 * bookkeeping, and of the few events that reach that far.
 */
async function beyondIndexDateStartingAt(
  store: Store,
  eventIds: readonly string[],
  starts: readonly When[],
): Promise<{ eventId: string; when: When } | null> {
  const reach = await indexReachOf(store, eventIds);
  const at = (w: When) => (w.allDay ? Date.parse(`${w.startDate}T12:00:00Z`) : Date.parse(w.startsAt));
  const near = (id: string, w: When) => {
    const r = reach.get(id);
    return (
      r !== undefined &&
      at(w) + 2 * 86_400_000 > r.until &&
      at(w) + 2 * 86_400_000 >= r.first &&
      (r.last === null || at(w) - 2 * 86_400_000 <= r.last)
    );
  };
  const ids = eventIds.filter((id) => starts.some((w) => near(id, w)));
  if (!ids.length) return null;
  for (const event of await getEvents(store, ids)) {
    if (event.status === 'cancelled') continue;
    for (const w of starts.filter((s) => near(event.id, s))) {
      const window = { from: DateTime.fromMillis(at(w) - 2 * 86_400_000), to: DateTime.fromMillis(at(w) + 2 * 86_400_000) };
      const hit = occurrencesInWindow(event, window).find((o) => startKey(o.when) === startKey(w));
      if (hit) return { eventId: event.id, when: hit.when };
    }
  }
  return null;
}

/** Where two dates of one series would meet: the start in words, and the other part, when the date met is in another part. */
export interface SeriesDateClash {
  day: string;
  part: CalendarEvent | null;
}

/**
 * The date of `event`'s series that starts exactly at `when` (stored form: UTC instant or UK date),
 * other than the date `recurrenceId` itself, in any part of it: the event's own dates
 * (moveCollisionErrors, by expansion of two days around `when`) and the dates of every other event of
 * its split chain (the first part's later parts, one-offs included, and the parts before it), read
 * from the occurrence index by start (`event_occurrences (start_at, …)`; a date cancelled there, or a
 * part cancelled, is no clash), and beyond the index by expansion around `when` (ADR 248). Returns
 * that date's start in words ('2027-06-23T18:30 UK time', '2027-10-31T01:30 GMT' in the repeated
 * hour: startInWords) and, when it is in another part, that part; null when the start is free.
 * The web's dates page words a refusal from it (src/http/web/organise/date-clash-words.ts).
 */
export async function seriesClashAt(store: Store, event: CalendarEvent, recurrenceId: string, when: When): Promise<SeriesDateClash | null> {
  const day = startInWords(when, event.timezone);
  if (moveCollisionErrors(event, { recurrenceId, kind: 'moved', when, location: null, note: '' }).length) return { day, part: null };
  const clash = await indexedDateStartingAt(store, await otherPartsOf(store, event.id), [when]);
  if (!clash) return null;
  const [part] = await getEvents(store, [clash.eventId]);
  return { day, part: part ?? null };
}

/** Where the date `recurrenceId` of `event` falls once restored: a cancelled date that had been moved where it was moved; any other at its own start. */
export function restoredWhen(event: CalendarEvent, recurrenceId: string): When {
  const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
  return exception?.kind === 'cancelled' && exception.when ? exception.when : originalWhen(event, recurrenceId);
}

/**
 * A move of one date of `event` (a per-date exception, `exception.when` in stored form: UTC instant
 * or UK date) onto the exact start of another date of its series, in any part of it (see
 * `seriesClashAt`). Returns one error on `start` naming the part, or none (ADR 177).
 */
export async function moveCollisionsInSeries(
  store: Store,
  event: CalendarEvent,
  exception: Omit<EventException, 'updatedAt'>,
): Promise<FieldError[]> {
  if (exception.kind !== 'moved' || !exception.when) return [];
  const clash = await seriesClashAt(store, event, exception.recurrenceId, exception.when);
  if (!clash) return [];
  const where = clash.day;
  return [
    {
      field: 'start',
      message: clash.part
        ? `is the start of another date of this series (${where}), in its part "${clash.part.title}" (/api/events/${clash.part.id}); cancel this date instead, or choose another time`
        : `is the start of another date of this series (${where}); cancel this date instead, or choose another time`,
    },
  ];
}

/**
 * Restoring one date of `event` (removing its exception `recurrenceId`, so that the date falls at
 * its original start again, or, for a cancelled date that had been moved, at its moved start) where
 * another date of the series, in any part of it, was moved since (see `seriesClashAt`): two
 * dates of one series would start at the same moment, which a move is refused for (ADR 177). Returns one error on `recurrenceId` naming the date there, or none
 * (ADR 242).
 */
export async function restoreCollisionsInSeries(store: Store, event: CalendarEvent, recurrenceId: string): Promise<FieldError[]> {
  const clash = await seriesClashAt(store, event, recurrenceId, restoredWhen(event, recurrenceId));
  if (!clash) return [];
  const where = clash.day;
  return [
    {
      field: 'recurrenceId',
      message: `cannot come back at its time (${where}): another date of this series was moved there${clash.part ? `, in its part "${clash.part.title}"` : ''}; move that date elsewhere first, or move this date instead of restoring it`,
    },
  ];
}

/**
 * Where a date of `event` that a "this and following" split re-dated lives now, for an address of
 * it no alias covers (a bookmark of a date nobody was e-mailed about, ADR 288): paired into the part
 * continuing it as the split paired it (dateAfterSplit), and on through later splits, at most
 * MAX_CHAIN parts; the one date of a part the split left a one-off is that one-off's. Null when
 * `recurrenceId` is no such date, or the date has none now. One read of
 * the continuations of each part passed (and of its audit log when the split left it one date).
 */
export async function dateAfterSplits(
  store: Store,
  event: CalendarEvent,
  recurrenceId: string,
): Promise<{ event: CalendarEvent; recurrenceId: string } | null> {
  // A part the split left one date is a one-off (ADR 151): its date's address as a series date is its own.
  if (!event.rrule && recurrenceId === (event.when.allDay ? event.when.startDate : utcIso(DateTime.fromISO(event.when.startsAt))))
    return { event, recurrenceId: '' };
  let part = event;
  let rid = recurrenceId;
  for (let hop = 0; hop < MAX_CHAIN; hop++) {
    const continuing = (await getEvents(store, await continuationsOf(store, part.id))).filter((e) => e.continuesSeries);
    const oldRule = continuing.length ? await ruleBeforeSplit(store, part) : null;
    const next = oldRule
      ? continuing.map((later) => ({ later, paired: dateAfterSplit(part, oldRule, later, rid) })).find((c) => c.paired !== null)
      : undefined;
    if (!next) return null;
    part = next.later;
    rid = next.paired!;
    if (!part.rrule || isOccurrenceOf(part, rid)) return { event: part, recurrenceId: rid };
  }
  return null;
}

/**
 * The rule a split part had before the split: its own without the UNTIL the split gave it; for a
 * part the split left one date (a one-off, ADR 151's singleDate), the rule its audit log records
 * the split replacing (the newest "update" whose `rrule` was a rule before). Null when neither.
 */
async function ruleBeforeSplit(store: Store, part: CalendarEvent): Promise<string | null> {
  if (part.rrule) return ruleWithoutEnd(part.rrule);
  const entries = await eventAuditSince(store, [part.id], '');
  for (const entry of entries.reverse()) {
    const rule = entry.action === 'update' ? entry.changes.rrule : undefined;
    if (Array.isArray(rule) && typeof rule[0] === 'string') return rule[0];
  }
  return null;
}
