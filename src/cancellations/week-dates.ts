/**
 * @module One date of a repeating campaign week cancelled or restored with the partner activities
 * inside it (issue 10, ADR 210): the same choice as cancelling the whole week (cancel them with the
 * date, the default, or keep them going), written by the whole week's statements
 * (`outcomeStatements`) into the date's own batch, and recorded per activity (`parent_date`) so
 * restoring the date brings back exactly what its cancel cancelled.
 */
import type { CompiledQuery } from 'kysely';
import { eventAuditSince, type AuditEntry } from '../db/audit.js';
import { deleteException, getEvents, putException } from '../db/events.js';
import type { Store, WriteContext } from '../db/store.js';
import { localStartDate } from '../domain/campaign-copy.js';
import type { CalendarEvent, EventException, When } from '../domain/event.js';
import { currentWhen, originalWhen } from '../domain/occurrences.js';
import { daysBetween, instantRangeMs } from '../domain/time.js';
import type { FieldError } from '../domain/validation.js';
import { whenText } from '../http/pages/format.js';
import { ACTIVITY_CHOICES, NO_ACTIVITIES, liveActivitiesOf, outcomeStatements, withWeekReason, type ActivityChoice } from './service.js';
import {
  MOVE_ACTIVITY_CHOICES,
  activitiesMoveStatements,
  movedBackWithWeekReason,
  movedWithWeekReason,
  weekOccurrenceOf,
  type MoveActivityChoice,
  type WeekMove,
} from './week-moves.js';

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

/**
 * The partner activities still to come (draft or published, starting after `now`) of each date of
 * a repeating campaign week, by the date's RECURRENCE-ID, as activitiesOfWeekDate finds them: what
 * the dates page lists beside a date's move form (ADR 271). Empty for any other event. One query.
 */
export async function activitiesByWeekDate(store: Store, week: CalendarEvent, now: Date): Promise<Map<string, CalendarEvent[]>> {
  const byDate = new Map<string, CalendarEvent[]>();
  if (week.kind !== 'campaign_week' || !week.rrule) return byDate;
  for (const activity of await liveActivitiesOf(store, week)) {
    if (instantRangeMs(activity.when, activity.timezone).start <= now.getTime()) continue;
    const rid = weekOccurrenceOf(activity, week)?.recurrenceId;
    if (rid) byDate.set(rid, [...(byDate.get(rid) ?? []), activity]);
  }
  return byDate;
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
 * The statements that take the activities still to come inside the week's date `recurrenceId` (as
 * it is now) along with a move of that date to `to` (ADR 271, as ADR 120 for a one-off week): by the
 * number of UK days its first day moves, 'shift' (the default) moves each to the same wall-clock time
 * that many days later, SEQUENCE up and "Part of <week> (<date>), which moved: <note>" as the change
 * reason, so people reminded of it get one "Changed"; 'cancel' cancels each with that reason; 'keep'
 * leaves them. `pick`, when given, chooses which of them go (a restore: those the move shifted).
 * Nothing when the first day does not move or the event is not a repeating campaign week. Reads the
 * week's activities; writes nothing.
 */
export async function weekDateMoveStatements(
  store: Store,
  week: CalendarEvent,
  recurrenceId: string,
  to: When,
  opts: {
    choice: MoveActivityChoice;
    note: string;
    pick?: (inside: CalendarEvent[]) => Promise<CalendarEvent[]>;
    /** A restore of the move: `note` is the undone move's, and the reason says the date moved back (ADR 287). */
    back?: boolean;
  },
  ctx: WriteContext,
): Promise<{ statements: CompiledQuery[]; move: WeekMove | null }> {
  if (week.kind !== 'campaign_week' || !week.rrule) return { statements: [], move: null };
  const from = currentWhen(week, recurrenceId);
  const days = daysBetween(localStartDate(from, week.timezone), localStartDate(to, week.timezone));
  if (!days) return { statements: [], move: null };
  const inside = await activitiesOfWeekDate(store, week, recurrenceId);
  const activities = opts.pick ? await opts.pick(inside) : inside;
  const reason = opts.back
    ? movedBackWithWeekReason(week, whenText(from, week.timezone), whenText(to, week.timezone), opts.note)
    : movedWithWeekReason(week, opts.note, whenText(from, week.timezone));
  return activitiesMoveStatements(store, activities, days, { choice: opts.choice, reason }, ctx);
}

/**
 * Of `inside` (activities inside the week's moved date `recurrenceId`, as it is now), those its
 * move shifted with it and that have not changed since: what restoring the date takes back, and
 * what the dates page says it will (ADR 271). The move is known by its instant, which the moved
 * exception keeps however many series edits carry it (ADR 279): an activity whose last change is
 * that instant (`updatedAt` equal to the exception's), or whose audit entries show the move
 * changing its time then and, after it, nothing but a series edit moving it to the part its date
 * now lives in (`parentId` alone, ADR 123). [] for a date not moved, or an event that is not a
 * campaign week. Reads the audit log only for activities changed after the move (one query).
 */
export async function shiftedWithDateMove(
  store: Store,
  week: CalendarEvent,
  recurrenceId: string,
  inside: readonly CalendarEvent[],
): Promise<CalendarEvent[]> {
  const moved = week.exceptions.find((e) => e.recurrenceId === recurrenceId && e.kind === 'moved' && e.when);
  if (!moved || week.kind !== 'campaign_week') return [];
  const since = inside.filter((a) => a.updatedAt > moved.updatedAt);
  const history = new Map<string, AuditEntry[]>();
  for (const entry of await eventAuditSince(
    store,
    since.map((a) => a.id),
    moved.updatedAt,
  ))
    history.set(entry.entityId, [...(history.get(entry.entityId) ?? []), entry]);
  const reparentedOnly = (a: CalendarEvent) => {
    const entries = history.get(a.id) ?? [];
    const moveEntry = entries.find((e) => e.at === moved.updatedAt);
    return moveEntry !== undefined && 'when' in moveEntry.changes && entries.every((e) => e === moveEntry || isReparenting(e));
  };
  return inside.filter((a) => a.updatedAt === moved.updatedAt || (a.updatedAt > moved.updatedAt && reparentedOnly(a)));
}

/** An audit entry of an update that changed an event's `parentId` and nothing else (a split's re-parenting, ADR 123). */
function isReparenting(entry: AuditEntry): boolean {
  const keys = Object.keys(entry.changes);
  return entry.action === 'update' && keys.length === 1 && keys[0] === 'parentId';
}

/**
 * Reads the `activities` choice sent with a change of one date (PUT /api/events/{id}/occurrences/{key},
 * the date-cancel form, the dates page's move form). A cancel (status "cancelled"): 'cancel' (the
 * default: the activities inside the date are cancelled with it) or 'keep'. A move of a campaign
 * week's date: 'shift' (the default, as a one-off week's move), 'cancel' or 'keep' (ADR 271).
 * Errors: `status: 422` on `activities` when the event is not a campaign week (ADR 173's answer,
 * NO_ACTIVITIES); 400 for any other value.
 */
export function readDateActivities(
  event: CalendarEvent,
  change: { status?: unknown },
  raw: unknown,
): { ok: true; value: MoveActivityChoice } | { ok: false; status: 400 | 422; error: FieldError } {
  const cancel = change.status === 'cancelled';
  if (raw === undefined) return { ok: true, value: cancel ? 'cancel' : 'shift' };
  if (event.kind !== 'campaign_week') return { ok: false, status: 422, error: { ...NO_ACTIVITIES } };
  const choices: readonly string[] = cancel ? ACTIVITY_CHOICES : MOVE_ACTIVITY_CHOICES;
  if (typeof raw !== 'string' || !choices.includes(raw))
    return {
      ok: false,
      status: 400,
      error: {
        field: 'activities',
        message: cancel
          ? raw === 'shift'
            ? 'must be "cancel" or "keep": a cancelled date has no new date to shift its activities to (move the date to shift them)'
            : 'must be "cancel" (cancel the activities inside this date with it) or "keep" (keep them going)'
          : 'must be "shift" (move the activities inside this date with it, by the same number of days), "cancel" (cancel them) or "keep" (leave them on their dates)',
      },
    };
  return { ok: true, value: raw as MoveActivityChoice };
}

/**
 * Moves, relocates or cancels one date of a series (putException), and for a campaign week's date
 * takes the activities inside it along as `activities` says, in the same batch: a cancel cancels or
 * keeps them (ADR 210); a move that changes the date's first UK day shifts, cancels or keeps those
 * still to come (ADR 271). Returns the series as saved and what the move did to the activities.
 */
export async function putDateWithActivities(
  store: Store,
  event: CalendarEvent,
  exception: Omit<EventException, 'updatedAt'>,
  activities: MoveActivityChoice,
  ctx: WriteContext,
): Promise<CalendarEvent> {
  const extra =
    exception.kind === 'cancelled'
      ? await weekDateCancelStatements(
          store,
          event,
          exception.recurrenceId,
          { activities: activities === 'keep' ? 'keep' : 'cancel', note: exception.note },
          ctx,
        )
      : (
          await weekDateMoveStatements(
            store,
            event,
            exception.recurrenceId,
            exception.when ?? originalWhen(event, exception.recurrenceId),
            { choice: activities, note: exception.note },
            ctx,
          )
        ).statements;
  return putException(store, event, exception, ctx, extra);
}

/**
 * Restores one date of a series (deleteException). For a cancelled date of a campaign week it
 * brings back the activities its cancel cancelled (ADR 210); for a moved one it moves back the
 * activities the move shifted with it that have not changed since (ADR 271), all in the same batch.
 * Returns the series as saved.
 */
export async function restoreDateWithActivities(
  store: Store,
  event: CalendarEvent,
  recurrenceId: string,
  ctx: WriteContext,
): Promise<CalendarEvent> {
  const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
  let extra: CompiledQuery[] = [];
  if (exception?.kind === 'cancelled') extra = await weekDateRestoreStatements(store, event, recurrenceId, ctx);
  else if (exception?.kind === 'moved' && exception.when)
    extra = (
      await weekDateMoveStatements(
        store,
        event,
        recurrenceId,
        originalWhen(event, recurrenceId),
        {
          choice: 'shift',
          note: exception.note,
          back: true,
          pick: (inside) => shiftedWithDateMove(store, event, recurrenceId, inside),
        },
        ctx,
      )
    ).statements;
  return deleteException(store, event, recurrenceId, ctx, extra);
}
