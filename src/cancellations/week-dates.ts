/**
 * @module One date of a repeating campaign week cancelled or restored with the partner activities
 * inside it (issue 10, ADR 210): the same choice as cancelling the whole week (cancel them with the
 * date, the default, or keep them going), written by the whole week's statements
 * (`outcomeStatements`) into the date's own batch, and recorded per activity (`parent_date`) so
 * restoring the date brings back exactly what its cancel cancelled.
 */
import type { CompiledQuery } from 'kysely';
import { deleteException, getEvents, putException } from '../db/events.js';
import type { Store, WriteContext } from '../db/store.js';
import type { CalendarEvent, EventException } from '../domain/event.js';
import type { FieldError } from '../domain/validation.js';
import { whenText } from '../http/pages/format.js';
import { ACTIVITY_CHOICES, NO_ACTIVITIES, liveActivitiesOf, outcomeStatements, withWeekReason, type ActivityChoice } from './service.js';
import { weekOccurrenceOf } from './week-moves.js';

/**
 * The partner activities still on (draft or published) that fall in one date of a repeating
 * campaign week: those whose own time overlaps that date as it is now (a moved date at its moved
 * time), as the activity's page names the date it is part of (weekDateOf). [] for any other event,
 * or a date already cancelled. Reads the activities (one query) and expands the week over each
 * activity's own time only.
 */
export async function activitiesOfWeekDate(store: Store, week: CalendarEvent, recurrenceId: string): Promise<CalendarEvent[]> {
  return (await activitiesWithWeekDate(store, week, recurrenceId)).map(({ activity }) => activity);
}

/** activitiesOfWeekDate with the week's date each falls in (expanded once per activity). */
async function activitiesWithWeekDate(store: Store, week: CalendarEvent, recurrenceId: string) {
  if (week.kind !== 'campaign_week' || !week.rrule) return [];
  return (await liveActivitiesOf(store, week)).flatMap((activity) => {
    const date = weekOccurrenceOf(activity, week);
    return date?.recurrenceId === recurrenceId ? [{ activity, when: date.when }] : [];
  });
}

/**
 * The statements that take the activities inside the week's date `recurrenceId` along with that
 * date's cancel, for the exception's own Store.batch: 'cancel' cancels each (reason "Part of
 * <week> (<date>), which was cancelled: <note>", so people reminded of it get one "Cancelled"
 * quoting the organiser's note); 'keep' marks each kept, so reminder planning goes on reminding of
 * it (ADR 121). Both record the date on the activity. Reads the week's activities; writes nothing.
 */
export async function weekDateCancelStatements(
  store: Store,
  week: CalendarEvent,
  recurrenceId: string,
  opts: { activities: ActivityChoice; note: string },
  ctx: WriteContext,
): Promise<CompiledQuery[]> {
  const activities = await activitiesWithWeekDate(store, week, recurrenceId);
  return activities.flatMap(({ activity, when: date }) => {
    return opts.activities === 'cancel'
      ? outcomeStatements(
          store,
          activity,
          {
            status: 'cancelled',
            outcome: 'cancelled_with_parent',
            reason: withWeekReason(week, opts.note, whenText(date, week.timezone)),
            date: recurrenceId,
          },
          ctx,
        )
      : outcomeStatements(store, activity, { outcome: 'kept', date: recurrenceId }, ctx);
  });
}

/** The activities a cancel of the week's date `recurrenceId` cancelled or kept (parent_date), by first start. */
export async function activitiesOfCancelledWeekDate(store: Store, week: CalendarEvent, recurrenceId: string): Promise<CalendarEvent[]> {
  if (week.kind !== 'campaign_week') return [];
  const rows = await store.db
    .selectFrom('events')
    .select('id')
    .where('parent_id', '=', week.id)
    .where('parent_date', '=', recurrenceId)
    .orderBy('first_start')
    .execute();
  const activities = await getEvents(
    store,
    rows.map((r) => r.id),
  );
  const byId = new Map(activities.map((e) => [e.id, e]));
  return rows.map((r) => byId.get(r.id)).filter((e): e is CalendarEvent => e !== undefined);
}

/**
 * The statements that undo a cancel of the week's date `recurrenceId` for its activities, for the
 * restore's own batch: those cancelled with the date are published again (people told "Cancelled"
 * hear "Back on"), those kept lose the mark; an activity cancelled on its own before stays
 * cancelled (it carries no parent_date). While the whole week is cancelled, its activities stay as
 * they are and pass to the week's cancel (parent_date ''), so restoring the week brings them back
 * (ADR 231). Reads the activities; writes nothing.
 */
export async function weekDateRestoreStatements(
  store: Store,
  week: CalendarEvent,
  recurrenceId: string,
  ctx: WriteContext,
): Promise<CompiledQuery[]> {
  const activities = await activitiesOfCancelledWeekDate(store, week, recurrenceId);
  if (week.status === 'cancelled')
    return activities.map((a) => store.db.updateTable('events').set({ parent_date: '' }).where('id', '=', a.id).compile());
  return activities.flatMap((activity) =>
    activity.parentOutcome === 'cancelled_with_parent' && activity.status === 'cancelled'
      ? outcomeStatements(store, activity, { status: 'published', outcome: null, date: '' }, ctx)
      : outcomeStatements(store, activity, { outcome: null, date: '' }, ctx),
  );
}

/**
 * Reads the `activities` choice sent with a change of one date (PUT /api/events/{id}/occurrences/{key},
 * the date-cancel form): 'cancel' (the default for a campaign week: its activities inside the date
 * are cancelled with it) or 'keep'. Errors: `status: 422` on `activities` when the event is not a
 * campaign week (ADR 173's answer, NO_ACTIVITIES) or the change is a move, not a cancel; 400 for
 * any other value.
 */
export function readDateActivities(
  event: CalendarEvent,
  change: { status?: unknown },
  raw: unknown,
): { ok: true; value: ActivityChoice } | { ok: false; status: 400 | 422; error: FieldError } {
  if (raw === undefined) return { ok: true, value: 'cancel' };
  if (event.kind !== 'campaign_week') return { ok: false, status: 422, error: { ...NO_ACTIVITIES } };
  if (change.status !== 'cancelled')
    return {
      ok: false,
      status: 422,
      error: {
        field: 'activities',
        message: 'applies to cancelling a date (status "cancelled"); a moved date leaves its activities where they are',
      },
    };
  if (typeof raw !== 'string' || !(ACTIVITY_CHOICES as readonly string[]).includes(raw))
    return {
      ok: false,
      status: 400,
      error: {
        field: 'activities',
        message: 'must be "cancel" (cancel the activities inside this date with it) or "keep" (keep them going)',
      },
    };
  return { ok: true, value: raw as ActivityChoice };
}

/**
 * Moves, relocates or cancels one date of a series (putException), and for a cancel of a campaign
 * week's date takes the activities inside it along as `activities` says, in the same batch.
 * Returns the series as saved.
 */
export async function putDateWithActivities(
  store: Store,
  event: CalendarEvent,
  exception: Omit<EventException, 'updatedAt'>,
  activities: ActivityChoice,
  ctx: WriteContext,
): Promise<CalendarEvent> {
  const extra =
    exception.kind === 'cancelled'
      ? await weekDateCancelStatements(store, event, exception.recurrenceId, { activities, note: exception.note }, ctx)
      : [];
  return putException(store, event, exception, ctx, extra);
}

/**
 * Restores one date of a series (deleteException), and for a cancelled date of a campaign week
 * brings back the activities its cancel cancelled, in the same batch. Returns the series as saved.
 */
export async function restoreDateWithActivities(
  store: Store,
  event: CalendarEvent,
  recurrenceId: string,
  ctx: WriteContext,
): Promise<CalendarEvent> {
  const cancelled = event.exceptions.some((e) => e.recurrenceId === recurrenceId && e.kind === 'cancelled');
  const extra = cancelled ? await weekDateRestoreStatements(store, event, recurrenceId, ctx) : [];
  return deleteException(store, event, recurrenceId, ctx, extra);
}
