/**
 * @module Writing a series edit (src/series/plan.ts) as one Store.batch: the event's new fields
 * and exceptions with its occurrence-index rows, the new event of a split and any moved dates
 * kept as one-off events (each with theirs), the audit entries, and the occurrence aliases that
 * say what each date people hold has become (migration 0010).
 */
import type { CompiledQuery, Selectable } from 'kysely';
import { auditStatement } from '../db/audit.js';
import { meetingRecordsFollowStatements, type MeetingDatesToFollow } from '../meetings/follow-date.js';
import { formerKeysFollowStatements } from '../meetings/former-keys.js';
import type { MeetingKey } from '../meetings/meeting.js';
import { exceptionStatement, insertEventStatements, touchEventStatements, updateEventStatements } from '../db/events.js';
import type { OccurrenceAliasesTable } from '../db/schema.js';
import { newId, stamp, type Store, type WriteContext } from '../db/store.js';
import type { CalendarEvent, ExceptionToWrite } from '../domain/event.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import { localDateOf } from '../domain/recurrence.js';
import { DateTime } from 'luxon';
import type { OccurrenceFate, SeriesEditPlan, SeriesEditRequest } from './plan.js';
import { statementChunks } from '../db/dialect.js';

/** Where a told occurrence lives now, or null when it is gone (with the organiser's reason). */
export interface AliasTarget {
  eventId: string;
  recurrenceId: string;
}

export interface AliasRow {
  eventId: string;
  recurrenceId: string;
  current: AliasTarget | null;
  reason: string;
}

/**
 * The RECURRENCE-IDs of this series that people may hold: those with a reminder, change or
 * cancellation (sent or pending) for a date still to come, and those other events' dates
 * now point at (aliases into it). UTC instants or dates, as stored.
 */
export async function heldRecurrenceIds(store: Store, eventId: string, now: Date): Promise<{ own: string[]; into: AliasRow[] }> {
  const [own, into] = await Promise.all([
    store.db
      .selectFrom('reminder_deliveries')
      .select('occurrence')
      .distinct()
      .where('event_id', '=', eventId)
      .where('occurrence', '<>', '')
      .where('occurrence_start', '>', now.toISOString())
      .execute(),
    store.db.selectFrom('occurrence_aliases').selectAll().where('current_event_id', '=', eventId).execute(),
  ]);
  return {
    own: own.map((r) => r.occurrence),
    into: into.map((r) => ({
      eventId: r.event_id,
      recurrenceId: r.recurrence_id,
      current: { eventId: r.current_event_id!, recurrenceId: r.current_recurrence_id ?? '' },
      reason: r.reason,
    })),
  };
}

function aliasStatement(store: Store, row: AliasRow, now: string): CompiledQuery {
  const values = {
    current_event_id: row.current?.eventId ?? null,
    current_recurrence_id: row.current?.recurrenceId ?? null,
    reason: row.reason,
    created_at: now,
  };
  return store.db
    .insertInto('occurrence_aliases')
    .values({ event_id: row.eventId, recurrence_id: row.recurrenceId, ...values })
    .onConflict((oc) => oc.columns(['event_id', 'recurrence_id']).doUpdateSet(values))
    .compile();
}

/**
 * Queues the events whose held dates these aliases re-point for the next planning pass. An alias
 * belongs to the event people hold the date under (an earlier part of a split series); an edit of
 * the part the date lives in now queues only itself (the events triggers, migration 0005), and
 * once the alias says "gone" (or points back home) nothing links that part to the date any more:
 * the held event's own re-plan is what tells people (ADR 274).
 */
function heldEventsQueueStatements(store: Store, aliases: readonly { eventId: string }[], edited: string): CompiledQuery[] {
  const ids = [...new Set(aliases.map((a) => a.eventId))].filter((id) => id !== edited);
  return ids.map((id) =>
    store.db
      .insertInto('plan_queue')
      .values({ scope: 'event', id })
      .onConflict((oc) => oc.columns(['scope', 'id']).doNothing())
      .compile(),
  );
}

/**
 * A part left with one cancelled date is a cancelled one-off (ADR 151): its cancellation stamped and
 * the date's note kept as the reason, as cancelling the event would keep it (ADR 96), so restoring
 * it works as for any cancelled event. Its status is already in the part's fields.
 */
function cancelledOneOffStatement(store: Store, eventId: string, reason: string, now: string): CompiledQuery {
  return store.db.updateTable('events').set({ cancelled_at: now, cancel_reason: reason }).where('id', '=', eventId).compile();
}

export interface SeriesEditWrite {
  statements: CompiledQuery[];
  /** The new event of a split, when there is one. */
  newEventId: string | null;
  oneOffIds: string[];
}

/**
 * The statements of one series edit. `held` is what heldRecurrenceIds read just before. Aliases
 * point each held date at what it has become (following earlier aliases, so a date told before
 * two edits resolves in one step); a date that is again where it was told loses its alias.
 * `meeting` (meetingDatesToFollow): a meeting series' dates with a record, whose record moves with
 * each date to its new key, and the keys its dates had before, which follow them (ADR 296).
 */
export function seriesEditStatements(
  store: Store,
  current: CalendarEvent,
  plan: SeriesEditPlan,
  request: SeriesEditRequest,
  held: { own: string[]; into: AliasRow[] },
  ctx: WriteContext,
  meeting: MeetingDatesToFollow = { recorded: [], papers: [], formerKeys: [] },
): SeriesEditWrite {
  const now = stamp(ctx.now);
  const newEventId = plan.mode === 'split' ? newId() : null;
  const oneOffIds = plan.oneOffs.map(() => newId());
  const resolve = (fate: OccurrenceFate['current']): AliasTarget | null => {
    if (!fate) return null;
    if (fate.eventId === 'old') return { eventId: current.id, recurrenceId: fate.recurrenceId };
    if (fate.eventId === 'new') return { eventId: newEventId!, recurrenceId: fate.recurrenceId };
    return { eventId: oneOffIds[Number(fate.eventId.slice('one-off:'.length))]!, recurrenceId: '' };
  };
  const withStamp = (list: ExceptionToWrite[]) =>
    list.map((e) => ({ ...e, updatedAt: e.updatedAt ?? now })).sort((a, b) => a.recurrenceId.localeCompare(b.recurrenceId));

  const statements: CompiledQuery[] = [
    // The old event's exceptions are rewritten whole: carried ones move to their new RECURRENCE-ID,
    // each keeping the instant of its own last change (ADR 279).
    store.db.deleteFrom('event_exceptions').where('event_id', '=', current.id).compile(),
    ...plan.oldExceptions.map((e) => exceptionStatement(store, current.id, e, ctx)),
  ];
  const oldAfter = { ...current, exceptions: withStamp(plan.oldExceptions) };
  const update = updateEventStatements(store, oldAfter, plan.oldFields, ctx, request.reason);
  // Only the exceptions changed (a cancelled date dropped): the index and SEQUENCE still move.
  statements.push(...(update.length ? update : touchEventStatements(store, oldAfter, ctx)));
  if (plan.oldCancelReason !== null) statements.push(cancelledOneOffStatement(store, current.id, plan.oldCancelReason, now));
  if (plan.newFields && newEventId) {
    statements.push(
      ...insertEventStatements(store, plan.newFields, ctx, newEventId, plan.newExceptions, {
        splitFrom: current.id,
        continues: true,
        reason: request.reason,
      }).statements,
    );
    if (plan.newCancelReason !== null) statements.push(cancelledOneOffStatement(store, newEventId, plan.newCancelReason, now));
  }
  plan.oneOffs.forEach((fields, i) =>
    statements.push(
      ...insertEventStatements(store, fields, ctx, oneOffIds[i], [], { splitFrom: current.id, continues: false, reason: request.reason })
        .statements,
    ),
  );

  // What each date people hold has become.
  const aliases: AliasRow[] = [];
  const returned: AliasRow[] = [];
  for (const rid of held.own) {
    if (!plan.fates.has(rid)) continue;
    const target = resolve(plan.fates.get(rid)!);
    if (target && target.eventId === current.id && target.recurrenceId === rid) continue;
    aliases.push({ eventId: current.id, recurrenceId: rid, current: target, reason: request.reason });
  }
  for (const alias of held.into) {
    const rid = alias.current!.recurrenceId;
    if (!plan.fates.has(rid)) continue;
    const target = resolve(plan.fates.get(rid)!);
    if (target && target.eventId === alias.eventId && target.recurrenceId === alias.recurrenceId) {
      statements.push(
        store.db
          .deleteFrom('occurrence_aliases')
          .where('event_id', '=', alias.eventId)
          .where('recurrence_id', '=', alias.recurrenceId)
          .compile(),
      );
      returned.push(alias);
      continue;
    }
    aliases.push({ ...alias, current: target, reason: request.reason });
  }
  statements.push(...aliases.map((a) => aliasStatement(store, a, now)));
  // A meeting's agenda, papers, attendance and apologies go where its date went; a date the edit
  // ended keeps them under the key people held, whose page says it was cancelled (ADR 288).
  const follow: { from: MeetingKey; to: MeetingKey }[] = [];
  for (const rid of meeting.recorded) {
    const target = plan.fates.has(rid) ? resolve(plan.fates.get(rid)!) : null;
    if (target && !(target.eventId === current.id && target.recurrenceId === rid))
      follow.push({ from: { eventId: current.id, occurrence: rid }, to: { eventId: target.eventId, occurrence: target.recurrenceId } });
  }
  statements.push(...meetingRecordsFollowStatements(store, follow));
  // Every key a meeting date had keeps finding it, told to anyone or not (ADR 296).
  if (current.kind === 'meeting') {
    const moves = new Map<string, MeetingKey | null>();
    for (const [rid, fate] of plan.fates) {
      const target = resolve(fate);
      moves.set(rid, target && { eventId: target.eventId, occurrence: target.recurrenceId });
    }
    statements.push(...formerKeysFollowStatements(store, current.id, moves, meeting.formerKeys, now));
  }
  statements.push(...heldEventsQueueStatements(store, [...aliases, ...returned], current.id));
  statements.push(
    auditStatement(store, ctx, {
      action: plan.mode === 'split' ? 'split' : 'edit-dates',
      entity: 'event',
      entityId: current.id,
      changes: {
        dates: request.dates,
        ...(plan.splitAt ? { from: plan.splitAt } : {}),
        ...(plan.allBecameFollowing ? { allBecameFollowing: true } : {}),
        ...(newEventId ? { continuesAs: newEventId } : {}),
        ...(oneOffIds.length ? { keptAsOneOffs: oneOffIds } : {}),
        ...(plan.orphans.length ? { orphans: plan.orphans.map((o) => ({ recurrenceId: o.recurrenceId, kind: o.kind })) } : {}),
        ...(request.reason ? { reason: request.reason } : {}),
      },
    }),
  );
  return { statements, newEventId, oneOffIds };
}

/**
 * The RECURRENCE-ID of `series`' date on the UK day of `recurrenceId` (a UTC instant or a date, of
 * any event), or null when the series has no date that day or cancels it. A moved date counts: it
 * is still the series' date of that day.
 */
function dateOnSameDay(series: CalendarEvent, recurrenceId: string): string | null {
  if (!series.rrule) return null;
  const zone = series.timezone;
  const dayOf = (rid: string) => (rid.includes('T') ? localDateOf(Date.parse(rid), zone) : rid);
  const day = dayOf(recurrenceId);
  const from = DateTime.fromISO(day, { zone });
  const slot = occurrencesInWindow({ ...series, exceptions: [] }, { from, to: from.plus({ days: 1 }) }).find(
    (o) => o.recurrenceId !== null && dayOf(o.recurrenceId) === day,
  );
  if (!slot?.recurrenceId) return null;
  return series.exceptions.some((e) => e.recurrenceId === slot.recurrenceId && e.kind === 'cancelled') ? null : slot.recurrenceId;
}

/**
 * When the dates of a later part of a split series go back to an earlier part (an import's newer
 * source copy is the whole series and cancels the part, ADR 253): aliases that send each date
 * people hold of `part` (its own dates, and those aliased into it, ADR 91) to `series`' date of the
 * same UK day, so they hear "Changed" or nothing instead of "Cancelled" for a date that is on. A
 * date held of `series` itself that lands on its own RECURRENCE-ID loses its alias. A date `series`
 * does not have that day keeps its alias: the part's cancellation is its news. `series` is the
 * earlier part as it will be (its new rule and exceptions); `now` a UTC instant.
 */
export async function returnedDatesAliasStatements(
  store: Store,
  part: CalendarEvent,
  series: CalendarEvent,
  now: Date,
): Promise<CompiledQuery[]> {
  const held = await heldRecurrenceIds(store, part.id, now);
  const rows: AliasRow[] = [
    ...held.own.map((recurrenceId) => ({ eventId: part.id, recurrenceId, current: { eventId: part.id, recurrenceId }, reason: '' })),
    ...held.into,
  ];
  const statements: CompiledQuery[] = [];
  const repointed: AliasRow[] = [];
  for (const row of rows) {
    const target = row.current ? dateOnSameDay(series, row.current.recurrenceId) : null;
    if (!target) continue;
    repointed.push(row);
    if (row.eventId === series.id && row.recurrenceId === target) {
      statements.push(
        store.db.deleteFrom('occurrence_aliases').where('event_id', '=', row.eventId).where('recurrence_id', '=', target).compile(),
      );
    } else {
      statements.push(aliasStatement(store, { ...row, current: { eventId: series.id, recurrenceId: target }, reason: '' }, stamp(now)));
    }
  }
  statements.push(...heldEventsQueueStatements(store, repointed, series.id));
  return statements;
}

function aliasFromRow(r: Selectable<OccurrenceAliasesTable>): AliasRow {
  return {
    eventId: r.event_id,
    recurrenceId: r.recurrence_id,
    current: r.current_event_id ? { eventId: r.current_event_id, recurrenceId: r.current_recurrence_id ?? '' } : null,
    reason: r.reason,
  };
}

/** Every alias of these (event, RECURRENCE-ID) pairs, keyed `event\u0000rid`. */
export async function aliasesOf(store: Store, eventIds: readonly string[]): Promise<Map<string, AliasRow>> {
  const out = new Map<string, AliasRow>();
  for (const part of statementChunks(eventIds)) {
    const rows = await store.db.selectFrom('occurrence_aliases').selectAll().where('event_id', 'in', part).execute();
    for (const r of rows) out.set(`${r.event_id}\u0000${r.recurrence_id}`, aliasFromRow(r));
  }
  return out;
}

/**
 * What a date people hold as (`eventId`, `recurrenceId`: a UTC instant or a UK date; '' for a
 * one-off event) has become after series edits, for the links of e-mails already sent (ADR 283):
 * the alias an edit wrote for it (ADR 91; edits follow earlier aliases, so one read resolves a date
 * told before several splits or rule changes), or undefined when no edit moved it (it is where it
 * was held, a per-date move keeping its RECURRENCE-ID). `current` null: the date no longer exists,
 * `reason` the organiser's words for the edit that ended it. One read by primary key.
 */
export async function heldDateNow(store: Store, eventId: string, recurrenceId: string): Promise<AliasRow | undefined> {
  if (!recurrenceId) return undefined;
  const r = await store.db
    .selectFrom('occurrence_aliases')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('recurrence_id', '=', recurrenceId)
    .executeTakeFirst();
  return r ? aliasFromRow(r) : undefined;
}

/** The aliases that point into this event (told dates of other series, or of itself, that now live here). */
export async function aliasesInto(store: Store, eventId: string): Promise<AliasRow[]> {
  return (await heldRecurrenceIds(store, eventId, new Date(0))).into;
}

/**
 * Which (event, RECURRENCE-ID) pairs people hold belong to this event's planning after series
 * edits (src/series, migration 0010): its own dates not aliased elsewhere, and dates of this or
 * other events aliased into it; `heldAs` maps a current RECURRENCE-ID to the pair people hold.
 */
export interface OccurrenceLinks {
  eventIds: string[];
  heldAs: Map<string, AliasTarget>;
  /** The current RECURRENCE-ID of a held pair aliased into this event. */
  currentOf: Map<string, string>;
  /** This event's own dates that no longer exist, with the organiser's reason. */
  gone: Map<string, string>;
  belongs(eventId: string, occurrence: string): boolean;
}

export async function occurrenceLinks(store: Store, eventId: string): Promise<OccurrenceLinks> {
  const [away, into] = await Promise.all([aliasesOf(store, [eventId]), aliasesInto(store, eventId)]);
  const heldAs = new Map<string, AliasTarget>();
  const currentOf = new Map<string, string>();
  for (const a of into.sort((x, y) => x.eventId.localeCompare(y.eventId) || x.recurrenceId.localeCompare(y.recurrenceId))) {
    const rid = a.current!.recurrenceId;
    if (!heldAs.has(rid)) heldAs.set(rid, { eventId: a.eventId, recurrenceId: a.recurrenceId });
    currentOf.set(`${a.eventId}\u0000${a.recurrenceId}`, rid);
  }
  const gone = new Map<string, string>();
  const movedAway = new Set<string>();
  for (const a of away.values()) {
    if (a.current) movedAway.add(a.recurrenceId);
    else gone.set(a.recurrenceId, a.reason);
  }
  return {
    eventIds: [...new Set([eventId, ...into.map((a) => a.eventId)])],
    heldAs,
    currentOf,
    gone,
    belongs: (e, occurrence) => currentOf.has(`${e}\u0000${occurrence}`) || (e === eventId && !movedAway.has(occurrence)),
  };
}
