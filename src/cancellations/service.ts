/**
 * @module Cancelling and restoring whole events, with a campaign week's partner activities
 * following the week (ADR 95). Every change is one Store.batch: the week, each activity, their
 * occurrence-index rows and audit entries together, so nobody sees a week cancelled with its
 * activities still on, or the other way round.
 */
import { sql, type CompiledQuery } from 'kysely';
import { auditStatement } from '../db/audit.js';
import { activitiesOf, cancelEventStatements, exceptionFromRow, getEvent } from '../db/events.js';
import { stamp, type Store, type WriteContext } from '../db/store.js';
import { DateTime } from 'luxon';
import { localStartDate } from '../domain/campaign-copy.js';
import type { CalendarEvent, EventFields, ParentOutcome, When } from '../domain/event.js';
import type { FieldError } from '../domain/validation.js';
import { parseRRule } from '../domain/recurrence.js';
import { ORGANISER } from '../domain/visibility.js';
import { indexEventStatements } from '../occurrences/index.js';
import { occurrenceDays } from '../occurrences/rows.js';
import { statementChunks } from '../db/dialect.js';
import { cancelledWeekOccurrenceOf } from './week-moves.js';

/** What happens to a campaign week's partner activities when the week is cancelled. */
export const ACTIVITY_CHOICES = ['cancel', 'keep'] as const;

export type ActivityChoice = (typeof ACTIVITY_CHOICES)[number];

/** The answer to an `activities` choice sent for an event that is not a campaign week (422; cancel and edit alike). */
export const NO_ACTIVITIES = { field: 'activities', message: 'applies to a campaign week; this event has no activities' } as const;

/** The most characters of an organiser's reason kept (the e-mails quote it). */
export const MAX_REASON = 500;

/** The activities of a campaign week that are still on (draft or published): those a cancellation affects. */
export async function liveActivitiesOf(store: Store, week: CalendarEvent): Promise<CalendarEvent[]> {
  if (week.kind !== 'campaign_week') return [];
  const all = (await activitiesOf(store, [week.id], ORGANISER)).get(week.id) ?? [];
  return all.filter((a) => a.status !== 'cancelled');
}

/**
 * The words an activity cancelled with its week carries as its reason ("Part of Bite Back Week,
 * which was cancelled: venue unavailable"); with `dateText`, the week's date it fell in, for a
 * cancel of that date alone ("Part of Bite Back Week (8–15 October 2022), which was cancelled: …").
 */
export function withWeekReason(week: CalendarEvent, reason: string, dateText?: string): string {
  return `Part of ${week.title}${dateText ? ` (${dateText})` : ''}, which was cancelled${reason ? `: ${reason}` : ''}`;
}

/**
 * The statements that write what became of one partner activity when its week (or, with `date`,
 * one date of a repeating week, ADR 210) was cancelled or restored: its status (cancelled with the
 * reason, or published again), `parent_outcome`, `parent_date` when given ('' for the whole
 * week), a higher SEQUENCE, its occurrence-index rows and an audit entry. Writes nothing itself.
 */
export function outcomeStatements(
  store: Store,
  activity: CalendarEvent,
  change: { status?: 'cancelled' | 'published'; outcome: ParentOutcome | null; reason?: string; date?: string },
  ctx: WriteContext,
): CompiledQuery[] {
  const now = stamp(ctx.now);
  const status = change.status ?? activity.status;
  return [
    store.db
      .updateTable('events')
      .set({
        status,
        parent_outcome: change.outcome ?? '',
        ...(change.date !== undefined ? { parent_date: change.date } : {}),
        ...(change.status === 'cancelled' ? { cancelled_at: now, cancel_reason: change.reason ?? '' } : {}),
        ...(change.status === 'published' ? { cancelled_at: null, cancel_reason: '' } : {}),
        // A new SEQUENCE for every change people's calendars must pick up (the page and feed text say the week's state).
        sequence: sql<number>`sequence + 1`,
        updated_at: now,
      })
      .where('id', '=', activity.id)
      .compile(),
    ...indexEventStatements(store, { ...activity, status, sequence: activity.sequence + 1 }, ctx.now),
    auditStatement(store, ctx, {
      action: change.status === 'cancelled' ? 'cancel' : change.status === 'published' ? 'reinstate' : 'update',
      entity: 'event',
      entityId: activity.id,
      changes: { status: [activity.status, status], parentOutcome: change.outcome ?? '' },
    }),
  ];
}

/**
 * Cancels an event with the organiser's reason (≤ 500 characters, '' for none). For a campaign
 * week, `activities` says what becomes of its partner activities still on: 'cancel' (the default)
 * cancels them with the week, 'keep' keeps them going (and reminded of). Returns the event as
 * saved; a cancelled event is returned as it is.
 */
export async function cancelWithActivities(
  store: Store,
  event: CalendarEvent,
  opts: { reason: string; activities: ActivityChoice },
  ctx: WriteContext,
): Promise<CalendarEvent> {
  const statements = cancelEventStatements(store, event, opts.reason, ctx);
  if (!statements.length) return event;
  for (const activity of await liveActivitiesOf(store, event)) {
    statements.push(
      ...(opts.activities === 'cancel'
        ? outcomeStatements(
            store,
            activity,
            { status: 'cancelled', outcome: 'cancelled_with_parent', reason: withWeekReason(event, opts.reason), date: '' },
            ctx,
          )
        : outcomeStatements(store, activity, { outcome: 'kept' }, ctx)),
    );
  }
  await store.batch(statements);
  return (await getEvent(store, event.id))!;
}

/** What restoring a partner activity alone while its campaign week is off on its day makes of it (keptByRestore). */
export interface KeptByRestore {
  /** The week's title, as its page and e-mails name it. */
  weekTitle: string;
  /** The week's date covering the activity when that date alone is cancelled; null when the whole week is. */
  weekDate: When | null;
  /** What `parent_date` becomes: that date's RECURRENCE-ID, or '' for the whole week's cancel (ADR 210). */
  parentDate: string;
}

/**
 * For a cancelled partner activity whose campaign week is off on its day (the week cancelled, or
 * the repeating week's date covering it, as reminder planning reads it: activitiesSilencedByWeek),
 * what a restore of the activity alone makes of it: kept going without the week, `parentOutcome`
 * 'kept', as the organiser's "keep" choice at the week's cancel does (ADR 290), so its page, feed
 * entry and e-mails say the week is off and it goes ahead, and reminders are planned. Null when
 * the week is on, or the event is no activity of a week (a plain restore).
 */
export async function keptByRestore(store: Store, event: CalendarEvent): Promise<KeptByRestore | null> {
  if (!event.parentId) return null;
  const probe: CalendarEvent = { ...event, status: 'published', parentOutcome: null };
  if (!(await activitiesSilencedByWeek(store, [probe])).has(event.id)) return null;
  const week = await getEvent(store, event.parentId);
  if (!week) return null;
  if (week.status === 'cancelled') return { weekTitle: week.title, weekDate: null, parentDate: event.parentDate ?? '' };
  const date = cancelledWeekOccurrenceOf(event, week);
  return { weekTitle: week.title, weekDate: date?.when ?? null, parentDate: date?.recurrenceId ?? event.parentDate ?? '' };
}

/**
 * Restores a cancelled event (published again, a higher SEQUENCE; people told "Cancelled" hear
 * "Back on" from the next planning pass). A campaign week brings back the activities cancelled
 * with it; those the organiser kept go on as they were. A partner activity restored alone while
 * its week is off on its day is kept going without it (keptByRestore, ADR 290). An event that is
 * not cancelled is returned as it is.
 */
export async function restoreEvent(store: Store, event: CalendarEvent, ctx: WriteContext): Promise<CalendarEvent> {
  if (event.status !== 'cancelled') return event;
  const now = stamp(ctx.now);
  const kept = await keptByRestore(store, event);
  const outcome = kept ? { parent_outcome: 'kept', parent_date: kept.parentDate } : {};
  const statements: CompiledQuery[] = [
    store.db
      .updateTable('events')
      .set({ status: 'published', cancelled_at: null, cancel_reason: '', ...outcome, sequence: sql<number>`sequence + 1`, updated_at: now })
      .where('id', '=', event.id)
      .compile(),
    ...indexEventStatements(store, { ...event, status: 'published', sequence: event.sequence + 1 }, ctx.now),
    auditStatement(store, ctx, {
      action: 'reinstate',
      entity: 'event',
      entityId: event.id,
      changes: { status: ['cancelled', 'published'], ...(kept ? { parentOutcome: 'kept' } : {}) },
    }),
  ];
  statements.push(...(await weekBackStatements(store, event, ctx, { bringBackCancelled: true })));
  await store.batch(statements);
  return (await getEvent(store, event.id))!;
}

/**
 * What becomes of a campaign week's partner activities when the week, cancelled whole, is on
 * again: each keeps going as an ordinary activity of the week (its outcome cleared, a higher
 * SEQUENCE, so its VEVENT, which said the week was cancelled (ADR 274), is written again), and
 * with `bringBackCancelled` (a restore) those cancelled with the week are published again. What a
 * cancel of one date did stays with that date, which is still cancelled (ADR 210). None for
 * another kind of event.
 */
async function weekBackStatements(
  store: Store,
  week: CalendarEvent,
  ctx: WriteContext,
  opts: { bringBackCancelled: boolean },
): Promise<CompiledQuery[]> {
  if (week.kind !== 'campaign_week') return [];
  const statements: CompiledQuery[] = [];
  for (const activity of (await activitiesOf(store, [week.id], ORGANISER)).get(week.id) ?? []) {
    if (activity.parentDate) continue;
    if (activity.parentOutcome === 'cancelled_with_parent' && activity.status === 'cancelled') {
      if (opts.bringBackCancelled) statements.push(...outcomeStatements(store, activity, { status: 'published', outcome: null }, ctx));
    } else if (activity.parentOutcome) {
      statements.push(...outcomeStatements(store, activity, { outcome: null }, ctx));
    }
  }
  return statements;
}

/**
 * The statements for a campaign week's activities when a sync brings the week, cancelled here,
 * back on (src/import/plan.ts, ADR 277): those kept going are ordinary activities of the week
 * again, and no longer say it was cancelled; those cancelled with it stay cancelled (a restore
 * brings them back). None for another kind of event.
 */
export function activitiesOfAWeekBackOnStatements(store: Store, week: CalendarEvent, ctx: WriteContext): Promise<CompiledQuery[]> {
  return weekBackStatements(store, week, ctx, { bringBackCancelled: false });
}

/**
 * Of these events, the ids of partner activities whose campaign week no longer takes place on
 * their day, and which the organiser did not keep: they get no reminders (ADR 95, ADR 121). The
 * week is off when it is cancelled, or, for a repeating week, when its date covering the
 * activity's first UK day was cancelled (a per-date cancel), or the series was ended before that
 * day by a "this and following" edit and what continues it has no date then. An activity outside
 * every date of its week (an exhibition opening before an awareness month) is never silenced for
 * that. Reads the occurrence index: one query per 90 parents, and at most three per activity of a
 * repeating week.
 */
export async function activitiesSilencedByWeek(store: Store, events: readonly CalendarEvent[]): Promise<Set<string>> {
  const out = new Set<string>();
  const candidates = events.filter((e) => e.parentId && e.parentOutcome !== 'kept');
  const parentIds = [...new Set(candidates.map((e) => e.parentId!))];
  const parents = new Map<string, { status: string; rrule: string | null; timezone: string }>();
  for (const part of statementChunks(parentIds)) {
    const rows = await store.db.selectFrom('events').select(['id', 'status', 'rrule', 'timezone']).where('id', 'in', part).execute();
    for (const r of rows) parents.set(r.id, { status: r.status, rrule: r.rrule, timezone: r.timezone });
  }
  for (const e of candidates) {
    const parent = parents.get(e.parentId!);
    if (!parent) continue;
    if (parent.status === 'cancelled') {
      // A cancelled one-off left by a split (ADR 151) silences what fell on its date; an activity
      // after it follows the parts continuing the series, as for a split's ended dates (ADR 121).
      if (parent.rrule || !(await continuingPartsCover(store, e.parentId!, localStartDate(e.when, e.timezone)))) out.add(e.id);
    } else if (
      parent.rrule &&
      (await weekDateGone(store, e.parentId!, { rrule: parent.rrule, timezone: parent.timezone }, localStartDate(e.when, e.timezone)))
    )
      out.add(e.id);
  }
  return out;
}

/**
 * A partner activity put under a campaign week that is off on its day (`fields.parentId` new to it:
 * created there, or moved there by an edit; `formerParentId` is its parent before the edit, null for
 * a new event): the week is cancelled, or its date covering the activity's first UK day is, exactly
 * as reminder planning reads it (activitiesSilencedByWeek, so a cancelled part a split left whose
 * series carries on over that day is on). Published, it would say CONFIRMED in feeds while its page
 * says the week is off, and no reminder would be planned; so it is refused, naming `parentId` (the
 * API answers 422; issue 10, tester 24). `former` is the activity before the edit, null for a
 * new event. An activity already under the week on the same UK day (kept going when it was
 * cancelled, ADR 95) may still be edited; one moved by the edit onto another day of the same week
 * is checked as one put there (tester 26, ADR 294). Null when the week is on.
 */
export async function weekOffError(store: Store, fields: EventFields, former: CalendarEvent | null): Promise<FieldError | null> {
  if (!fields.parentId) return null;
  if (
    former?.parentId === fields.parentId &&
    (former.parentOutcome === 'kept' || localStartDate(former.when, former.timezone) === localStartDate(fields.when, fields.timezone))
  )
    return null;
  const probe: CalendarEvent = { ...(fields as CalendarEvent), id: 'new', exceptions: [], parentOutcome: null };
  if (!(await activitiesSilencedByWeek(store, [probe])).has(probe.id)) return null;
  const week = await store.db.selectFrom('events').select('status').where('id', '=', fields.parentId).executeTakeFirst();
  return {
    field: 'parentId',
    message:
      week?.status === 'cancelled'
        ? 'is cancelled: restore the week first, or choose another week'
        : 'is cancelled on this day: restore that date of the week first, or choose another week',
  };
}

/** The occurrence-index rows of these events that cover `day` (UK), with their state. */
function coveringRows(store: Store, ids: string[], day: string) {
  if (!ids.length) return Promise.resolve([]);
  return store.db
    .selectFrom('event_occurrences')
    .select(['recurrence_id', 'state'])
    .where('event_id', 'in', ids.slice(0, 90))
    .where('start_day', '<=', day)
    .where('end_day', '>=', day)
    .execute();
}

/**
 * True when `day` (UK) is outside a cancelled one-off week's own date and a live date of an event
 * continuing it (split_from) covers it: the series carries on over that day (ADR 151).
 */
async function continuingPartsCover(store: Store, weekId: string, day: string): Promise<boolean> {
  if ((await coveringRows(store, [weekId], day)).length) return false;
  const continuations = await store.db
    .selectFrom('events')
    .select('id')
    .where('split_from', '=', weekId)
    .where('continues', '=', 1)
    .where('status', '<>', 'cancelled')
    .execute();
  const live = await coveringRows(
    store,
    continuations.map((c) => c.id),
    day,
  );
  return live.some((r) => r.state !== 'cancelled');
}

/**
 * True when a repeating week had a date on `day` (UK) that was cancelled, or ended by a split with
 * no continuing date then. A date moved and then cancelled is off where it was moved to, as its
 * cancel took the activities there with it (the exception keeps the move for a restore), and its
 * original slot is no date of the week, as a moved date's is not (tester 26, ADR 294).
 */
async function weekDateGone(store: Store, weekId: string, week: { rrule: string; timezone: string }, day: string): Promise<boolean> {
  const covering = (ids: string[]) => coveringRows(store, ids, day);
  const own = await covering([weekId]);
  if (own.some((r) => r.state !== 'cancelled')) return false;
  const movedThenCancelled = (
    await store.db.selectFrom('event_exceptions').selectAll().where('event_id', '=', weekId).where('kind', '=', 'cancelled').execute()
  )
    .map(exceptionFromRow)
    .filter((e) => e.when !== null);
  const at = (e: (typeof movedThenCancelled)[number]) => occurrenceDays(e.when!, week.timezone);
  if (movedThenCancelled.some((e) => at(e).startDay <= day && day <= at(e).endDay)) return true;
  const moved = new Set(movedThenCancelled.map((e) => e.recurrenceId));
  if (own.some((r) => !moved.has(r.recurrence_id))) return true;
  // "This and following" ended the series the day before its split date (UNTIL) and carried on as new events.
  const parsed = parseRRule(week.rrule);
  const until = parsed.ok ? parsed.rule.until : undefined;
  const lastDay = !until ? null : 'date' in until ? until.date : DateTime.fromISO(until.instant, { zone: 'Europe/London' }).toISODate();
  if (!lastDay || day <= lastDay) return false;
  const continuations = await store.db.selectFrom('events').select(['id', 'status']).where('split_from', '=', weekId).execute();
  if (!continuations.length) return false;
  const live = await covering(continuations.filter((c) => c.status !== 'cancelled').map((c) => c.id));
  return !live.some((r) => r.state !== 'cancelled');
}
