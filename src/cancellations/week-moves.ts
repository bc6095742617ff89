/**
 * @module Moving a campaign week and its partner activities together (ADR 120): when an edit moves
 * the week's first day, its activities still to come are shifted by the same number of days (the
 * default), cancelled, or kept on their dates, as the organiser chose; written in the week's own
 * batch so nobody sees the week moved without its activities.
 */
import type { CompiledQuery } from 'kysely';
import { auditStatement, latestEventAudit } from '../db/audit.js';
import { cancelEventStatements, getEvent, updateEventStatements } from '../db/events.js';
import type { Store, WriteContext } from '../db/store.js';
import { localStartDate, shiftWhen } from '../domain/campaign-copy.js';
import { DateTime } from 'luxon';
import { eventFields, type CalendarEvent, type EventFields, type When } from '../domain/event.js';
import { isOccurrenceOf, occurrencesInWindow, originalWhen } from '../domain/occurrences.js';
import { daysBetween, instantRangeMs } from '../domain/time.js';
import { liveActivitiesOf } from './service.js';

/** What happens to a campaign week's partner activities when the week moves. */
export const MOVE_ACTIVITY_CHOICES = ['shift', 'cancel', 'keep'] as const;
export type MoveActivityChoice = (typeof MOVE_ACTIVITY_CHOICES)[number];

/** What a move of a week did to its activities: ids of those shifted, cancelled or left on their dates. */
export interface WeekMove {
  /** Whole days the week's first day moved (UK dates; negative: earlier); 0 for a series edit, whose dates move by their own amounts. */
  days: number;
  choice: MoveActivityChoice;
  shifted: string[];
  cancelled: string[];
  /** Left where they were: kept by choice, or repeating activities (shifted one by one). */
  kept: string[];
}

/**
 * How many days an edit moves a one-off campaign week's first day (UK local dates), or 0 when it
 * does not move it, the event is not a campaign week, or the week repeats (its dates move by
 * different amounts each year: its activities are left on their dates).
 */
export function weekShiftDays(current: CalendarEvent, fields: EventFields): number {
  if (current.kind !== 'campaign_week' || current.rrule || fields.rrule) return 0;
  return daysBetween(localStartDate(current.when, current.timezone), localStartDate(fields.when, fields.timezone));
}

/**
 * The date of `week` that a partner activity falls in (the week's occurrence overlapping the
 * activity's own time, moved dates as moved, cancelled ones left out), or null when the activity
 * is outside every date of the week: an activity kept on its date when the week moved, or one
 * before or after an awareness month. Reads the week only over the activity's time (bounded).
 */
export function weekDateOf(activity: CalendarEvent, week: CalendarEvent): When | null {
  return weekOccurrenceOf(activity, week)?.when ?? null;
}

/**
 * As weekDateOf, the week's occurrence itself: its RECURRENCE-ID (null for a one-off week) and
 * time as it is now. A per-date cancel finds the activities of that date by it (ADR 210).
 */
export function weekOccurrenceOf(activity: CalendarEvent, week: CalendarEvent): { recurrenceId: string | null; when: When } | null {
  const { start, end } = instantRangeMs(activity.when, activity.timezone);
  const window = { from: DateTime.fromMillis(start), to: DateTime.fromMillis(Math.max(end, start + 1)) };
  return occurrencesInWindow(week, window)[0] ?? null;
}

/**
 * The cancelled date of `week` that a partner activity falls in (a per-date cancel of a repeating
 * week; a date moved before it was cancelled counts at its moved time, ADR 170), or null. For the
 * activity's page when weekDateOf found no date on: it is inside a date that is off, not outside
 * the week's dates. Reads the week only over the activity's time (bounded).
 */
export function cancelledWeekDateOf(activity: CalendarEvent, week: CalendarEvent): When | null {
  return cancelledWeekOccurrenceOf(activity, week)?.when ?? null;
}

/**
 * As cancelledWeekDateOf, the cancelled occurrence itself: its RECURRENCE-ID and time. A split
 * carries the activities of a cancelled date to the part the date moved to by it (ADR 231).
 */
export function cancelledWeekOccurrenceOf(activity: CalendarEvent, week: CalendarEvent): { recurrenceId: string; when: When } | null {
  const cancelled = week.exceptions.filter((e) => e.kind === 'cancelled');
  if (!week.rrule || !cancelled.length) return null;
  const { start, end } = instantRangeMs(activity.when, activity.timezone);
  const window = { from: DateTime.fromMillis(start), to: DateTime.fromMillis(Math.max(end, start + 1)) };
  // The week as if its cancelled dates were on (at their moved time where they had one).
  const on = {
    ...week,
    exceptions: week.exceptions.flatMap((e) =>
      e.kind !== 'cancelled' ? [e] : e.when || e.location !== null ? [{ ...e, kind: 'moved' as const }] : [],
    ),
  };
  const keys = new Set(cancelled.map((e) => e.recurrenceId));
  const hit = occurrencesInWindow(on, window).find((o) => o.recurrenceId && keys.has(o.recurrenceId));
  return hit ? { recurrenceId: hit.recurrenceId!, when: hit.when } : null;
}

/**
 * The moved date of a repeating `week` whose planned time an activity falls in, when the activity is
 * no longer inside it (kept or cancelled when the date moved, ADR 271): where the series put the
 * date and where it was moved to, or null. For the activity's page when weekDateOf found no date.
 * Reads only the week's moved dates (no expansion).
 */
export function movedWeekDateOf(activity: CalendarEvent, week: CalendarEvent): { from: When; to: When } | null {
  if (!week.rrule) return null;
  const { start, end } = instantRangeMs(activity.when, activity.timezone);
  for (const e of week.exceptions) {
    if (e.kind !== 'moved' || !e.when) continue;
    const from = originalWhen(week, e.recurrenceId);
    const planned = instantRangeMs(from, week.timezone);
    if (planned.start < Math.max(end, start + 1) && start < planned.end) return { from, to: e.when };
  }
  return null;
}

/** The audit action recording what a series edit did to the date of its week an activity was left outside (ADR 279). */
const WEEK_DATE_LEFT = 'week-date-left';

/** Where a series edit took the week's date a partner activity was in, when the activity stayed where it was. */
export interface LeftWeekDate {
  /** The date as it was (UK dates or UTC instants, as stored). */
  was: When;
  /**
   * The date it became (the part of the series it lives in, and its RECURRENCE-ID there; '' for a
   * one-off week or a date kept as a one-off event, ADR 287), or null: the new pattern has no such date.
   */
  became: { eventId: string; recurrenceId: string } | null;
}

/**
 * The audit entry that records, for `activity` left on its own time (kept or cancelled) while a
 * series edit moved or dropped the date of its week it was in, what became of that date: the
 * activity's page reads it to say "That date of the week moved to …" or "That date is no longer one
 * of the week's dates" rather than "outside the week's dates" (ADR 279). No column holds this (the
 * new pattern no longer has the old date); the entry is the record, with the activity's time, so
 * it is read only while the activity is where the edit left it.
 */
export function leftWeekDateStatement(store: Store, activity: CalendarEvent, left: LeftWeekDate, ctx: WriteContext): CompiledQuery {
  return auditStatement(store, ctx, {
    action: WEEK_DATE_LEFT,
    entity: 'event',
    entityId: activity.id,
    changes: { weekDate: left.was, became: left.became, activityWhen: activity.when },
  });
}

/**
 * What the latest series edit (or a one-off week's move) did to the date of `week` (the activity's
 * parent, read) that `activity` was in, when it left the activity on its own time: where the date is
 * now (`to`: as it is now, moved on its own since included, in whichever part of the series it
 * lives; later series edits carry the record along, ADR 287) or null when the new pattern dropped
 * it. Null when nothing recorded one, the activity has moved since, or the date is off (the page
 * then says no more than "outside the week's dates"). One audit read by the activity's id, and one
 * read of the part the date lives in when that is not `week`.
 */
export async function leftWeekDateOf(
  store: Store,
  activity: CalendarEvent,
  week: CalendarEvent,
): Promise<{ from: When; to: When | null; wholeWeek?: true } | null> {
  const left = await leftWeekDateRecord(store, activity);
  if (!left) return null;
  if (!left.became) return { from: left.was, to: null };
  // The date may live in another part of the series (a split the activity was not re-parented by):
  // one more read by primary key.
  const part = left.became.eventId === week.id ? week : await getEvent(store, left.became.eventId);
  const to = part ? dateNow(part, left.became.recurrenceId) : null;
  if (!to) return null;
  // A one-off week moved as a whole: "The week moved to …", not one date of it.
  return part === week && !left.became.recurrenceId ? { from: left.was, to, wholeWeek: true } : { from: left.was, to };
}

/** The latest record of ADR 279 for `activity`, while the activity is at the time it recorded; null otherwise. */
async function leftWeekDateRecord(store: Store, activity: CalendarEvent): Promise<LeftWeekDate | null> {
  const entry = await latestEventAudit(store, activity.id, WEEK_DATE_LEFT);
  if (!entry || JSON.stringify(entry.changes.activityWhen) !== JSON.stringify(activity.when)) return null;
  const { weekDate, became } = entry.changes as { weekDate: When; became: LeftWeekDate['became'] };
  return { was: weekDate, became };
}

/**
 * The date `recurrenceId` of `part` as it is now (a one-off week: '' and its own dates), or null
 * when it is off (cancelled, the week or the date) or no longer one of its dates.
 */
function dateNow(part: CalendarEvent, recurrenceId: string): When | null {
  if (part.status === 'cancelled') return null;
  if (!recurrenceId) return part.rrule ? null : part.when;
  if (!part.rrule || !isOccurrenceOf(part, recurrenceId)) return null;
  const exception = part.exceptions.find((e) => e.recurrenceId === recurrenceId);
  if (exception?.kind === 'cancelled') return null;
  return exception?.when ?? originalWhen(part, recurrenceId);
}

/**
 * The records of ADR 279 carried through a later series edit of their week (ADR 287): for each of
 * `activities` (of the edited event, none inside a date of it) whose record names a date of
 * `weekId` the edit moves or drops, a new record with where that date is now. `follow` answers
 * what the edit made of an old RECURRENCE-ID (another part or date; null: dropped; undefined: the
 * edit left it alone). One audit read per activity; writes nothing itself.
 */
export async function leftWeekDatesFollowingStatements(
  store: Store,
  activities: readonly CalendarEvent[],
  weekId: string,
  follow: (recurrenceId: string) => LeftWeekDate['became'] | undefined,
  ctx: WriteContext,
): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  for (const activity of activities) {
    const left = await leftWeekDateRecord(store, activity);
    if (!left?.became || left.became.eventId !== weekId) continue;
    const became = follow(left.became.recurrenceId);
    if (became === undefined || JSON.stringify(became) === JSON.stringify(left.became)) continue;
    statements.push(leftWeekDateStatement(store, activity, { was: left.was, became }, ctx));
  }
  return statements;
}

/**
 * "Part of Bite Back Week, which moved: the market hall is closed" (an activity's change or cancel
 * reason); with `dateText`, the date of a repeating week that moved: "Part of Hate Crime Awareness
 * Week (9–16 October 2027), which moved: …" (ADR 271).
 */
export function movedWithWeekReason(week: CalendarEvent, reason: string, dateText?: string): string {
  return `Part of ${week.title}${dateText ? ` (${dateText})` : ''}, which moved${reason ? `: ${reason}` : ''}`;
}

/**
 * "Part of Autumn Safety Week (11–15 October 2027), which moved back to 4–8 October 2027 (note on
 * the move: Half term)": the change reason of an activity taken back when a moved date of its week
 * is restored (ADR 287). The move's note is quoted as what it is, a note on the move now undone,
 * not as the reason for going back; left out when the move had none.
 */
export function movedBackWithWeekReason(week: CalendarEvent, fromText: string, toText: string, moveNote: string): string {
  return `Part of ${week.title} (${fromText}), which moved back to ${toText}${moveNote ? ` (note on the move: ${moveNote})` : ''}`;
}

/**
 * The statements that take a week's activities still to come (draft or published, starting after
 * `ctx.now`) along with a move of the week to `fields`: 'shift' moves each one-off activity by the
 * same number of days on the wall clock (an 18:00 talk stays 18:00 across a clock change), with a
 * higher SEQUENCE and the week's move as its change reason, so people reminded of it get one
 * "Changed" e-mail; 'cancel' cancels them with that reason; 'keep' leaves them. Repeating
 * activities are always left (listed as kept). Nothing when the week's first day does not move.
 * Reads the activities (one query); writes nothing itself.
 */
export async function weekMoveStatements(
  store: Store,
  week: CalendarEvent,
  fields: EventFields,
  opts: { choice: MoveActivityChoice; reason: string },
  ctx: WriteContext,
): Promise<{ statements: CompiledQuery[]; move: WeekMove | null }> {
  const days = weekShiftDays(week, fields);
  if (!days) return { statements: [], move: null };
  const activities = await liveActivitiesOf(store, week);
  const moved = activitiesMoveStatements(store, activities, days, { ...opts, reason: movedWithWeekReason(week, opts.reason) }, ctx);
  // Those left on their own time inside the week's old dates: their pages say where the week went,
  // wherever it moves after (ADR 287), not "outside the week's dates" as of one before the week.
  const left = new Set([...moved.move.kept, ...moved.move.cancelled]);
  for (const activity of activities)
    if (left.has(activity.id) && !activity.rrule && weekDateOf(activity, week))
      moved.statements.push(
        leftWeekDateStatement(store, activity, { was: week.when, became: { eventId: week.id, recurrenceId: '' } }, ctx),
      );
  return moved;
}

/**
 * The statements that take these activities of a week along with a move of the week (or of one of
 * its dates, ADR 271) by `days` whole UK days, as `choice` says ('shift': the same wall-clock time
 * `days` later, SEQUENCE up, `reason` as the change reason; 'cancel': cancelled with `reason`;
 * 'keep': unchanged). With `parentId`, each also moves to that part of the week (a series edit's
 * date that now lives in the continuing event, ADR 123): re-parented with `reason` whatever the
 * choice, then shifted or cancelled. Those that have begun by `ctx.now` are left out, repeating
 * ones are kept. Writes nothing itself.
 */
export function activitiesMoveStatements(
  store: Store,
  activities: readonly CalendarEvent[],
  days: number,
  opts: { choice: MoveActivityChoice; reason: string; parentId?: string | null },
  ctx: WriteContext,
): { statements: CompiledQuery[]; move: WeekMove } {
  const move: WeekMove = { days, choice: opts.choice, shifted: [], cancelled: [], kept: [] };
  const statements: CompiledQuery[] = [];
  const nowMs = ctx.now.getTime();
  for (const activity of activities) {
    if (instantRangeMs(activity.when, activity.timezone).start <= nowMs) continue;
    const parentId = opts.parentId === undefined ? activity.parentId : opts.parentId;
    const fields = { ...eventFields(activity), parentId };
    if (opts.choice === 'shift' && !activity.rrule) {
      statements.push(
        ...updateEventStatements(store, activity, { ...fields, when: shiftWhen(activity.when, days, activity.timezone) }, ctx, opts.reason),
      );
      move.shifted.push(activity.id);
      continue;
    }
    // Kept or cancelled where it is; in its date's new part (nothing written when the part is the same).
    const reparent = updateEventStatements(store, activity, fields, ctx, opts.reason);
    statements.push(...reparent);
    if (opts.choice === 'cancel' && !activity.rrule) {
      const moved = { ...activity, ...fields, sequence: activity.sequence + (reparent.length ? 1 : 0) };
      statements.push(...cancelEventStatements(store, moved, opts.reason, ctx));
      move.cancelled.push(activity.id);
    } else move.kept.push(activity.id);
  }
  return { statements, move };
}

/** One sentence for people: "2 partner activities moved 7 days later with the week." */
export function weekMoveMessage(move: WeekMove): string {
  const n = (count: number) => (count === 1 ? 'One partner activity' : `${count} partner activities`);
  const by = `${Math.abs(move.days)} day${Math.abs(move.days) === 1 ? '' : 's'} ${move.days > 0 ? 'later' : 'earlier'}`;
  const parts: string[] = [];
  // A series edit moves each date by its own number of days (days 0): "moved with their dates".
  if (move.shifted.length)
    parts.push(
      move.days ? `${n(move.shifted.length)} moved ${by} with the week.` : `${n(move.shifted.length)} moved with the week's dates.`,
    );
  if (move.cancelled.length) parts.push(`${n(move.cancelled.length)} cancelled with the move.`);
  if (move.kept.length) parts.push(`${n(move.kept.length)} left on ${move.kept.length === 1 ? 'its' : 'their'} own dates.`);
  return parts.join(' ');
}
