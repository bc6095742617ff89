/** @module What organisers read about deliveries: the delivery log of an event and its apologies. */
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrenceStart, type LeadTime } from '../domain/reminders.js';
import { parseLeads } from './audience.js';
import { utcIso } from '../domain/time.js';
import { occurrenceState } from './occurrence-state.js';

export interface DeliveryEntry {
  id: string;
  eventId: string | null;
  kind: string;
  rule: string;
  occurrence: string;
  recipient: string;
  status: string;
  dueAt: string;
  attempts: number;
  sentAt: string | null;
  messageId: string | null;
  lastError: string | null;
}

const DELIVERY_COLUMNS = [
  'id',
  'event_id',
  'kind',
  'rule',
  'occurrence',
  'recipient',
  'status',
  'due_at',
  'attempts',
  'sent_at',
  'message_id',
  'last_error',
] as const;

type DeliveryRow = {
  id: string;
  event_id: string;
  kind: string;
  rule: string;
  occurrence: string;
  recipient: string;
  status: string;
  due_at: string;
  attempts: number;
  sent_at: string | null;
  message_id: string | null;
  last_error: string | null;
};

/** A reminder_deliveries row as organisers read it. */
export function toEntry(r: DeliveryRow): DeliveryEntry {
  return {
    id: r.id,
    eventId: r.event_id || null,
    kind: r.kind,
    rule: r.rule,
    occurrence: r.occurrence,
    recipient: r.recipient,
    status: r.status,
    dueAt: r.due_at,
    attempts: r.attempts,
    sentAt: r.sent_at,
    messageId: r.message_id,
    lastError: r.last_error,
  };
}

/** At most this many dates told under other events are added to an event's delivery log (D1 binds 100 parameters a statement). */
const ALIASED_DATES_SHOWN = 80;

/**
 * The delivery log of an event, earliest due first: its own deliveries and those of its dates that
 * people hold under another event (a split series' earlier part), as DeliveryEntry rows.
 */
export async function deliveryLog(store: Store, eventId: string, opts: { limit?: number; offset?: number } = {}): Promise<DeliveryEntry[]> {
  // The dates of this event that people were told of under another (an earlier part of a split
  // series: their deliveries stay filed under the identity people hold, ADR 91) are its history too.
  const aliases = await store.db
    .selectFrom('occurrence_aliases')
    .select(['event_id', 'recurrence_id'])
    .where('current_event_id', '=', eventId)
    .where('event_id', '<>', eventId)
    .orderBy('event_id')
    .orderBy('recurrence_id')
    .limit(ALIASED_DATES_SHOWN)
    .execute();
  const told = new Map<string, string[]>();
  for (const a of aliases) told.set(a.event_id, [...(told.get(a.event_id) ?? []), a.recurrence_id]);
  const rows = await store.db
    .selectFrom('reminder_deliveries')
    .select(DELIVERY_COLUMNS)
    .where((eb) =>
      eb.or([
        eb('event_id', '=', eventId),
        ...[...told].map(([heldUnder, rids]) => eb.and([eb('event_id', '=', heldUnder), eb('occurrence', 'in', rids)])),
      ]),
    )
    .orderBy('due_at')
    .orderBy('recipient')
    .limit(opts.limit ?? 1000)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map(toEntry);
}

/** Every delivery, newest due first, optionally of some statuses; with counts per status. */
export async function deliveriesByStatus(
  store: Store,
  opts: { statuses: string[]; limit: number; offset: number },
): Promise<{ counts: Record<string, number>; deliveries: DeliveryEntry[] }> {
  let q = store.db.selectFrom('reminder_deliveries').select(DELIVERY_COLUMNS);
  if (opts.statuses.length) q = q.where('status', 'in', opts.statuses);
  const rows = await q.orderBy('due_at', 'desc').limit(opts.limit).offset(opts.offset).execute();
  const counts = await store.db
    .selectFrom('reminder_deliveries')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return { counts: Object.fromEntries(counts.map((r) => [r.status, Number(r.n)])), deliveries: rows.map(toEntry) };
}

export interface ApologyEntry {
  /** The occurrence's RECURRENCE-ID ('' for a one-off meeting). */
  occurrence: string;
  email: string;
  displayName: string | null;
  /** How the minutes name them: their name, else their role in the group, else null. */
  name: string | null;
  /** When that meeting starts now (UTC instant; it may have moved since), for showing in UK time. */
  meetingStart: string;
  note: string;
  at: string;
}

/** Apologies sent for a meeting's occurrences, earliest meeting first. */
export async function apologiesFor(store: Store, event: CalendarEvent): Promise<ApologyEntry[]> {
  const rows = await store.db
    .selectFrom('apologies')
    .innerJoin('people', 'people.id', 'apologies.person_id')
    .leftJoin('group_members', (j) =>
      j.onRef('group_members.person_id', '=', 'people.id').on('group_members.group_id', '=', event.groupId ?? ''),
    )
    .select(['apologies.occurrence', 'apologies.note', 'apologies.created_at', 'people.email', 'people.display_name', 'group_members.role'])
    .where('apologies.event_id', '=', event.id)
    .orderBy('apologies.occurrence')
    .orderBy('apologies.created_at')
    .execute();
  return rows.map((r) => ({
    occurrence: r.occurrence,
    email: r.email,
    displayName: r.display_name,
    name: r.display_name ?? r.role ?? null,
    meetingStart: utcIso(occurrenceStart(occurrenceState(event, r.occurrence).when, event.timezone)),
    note: r.note,
    at: r.created_at,
  }));
}

export interface SubscriptionEntry {
  id: string;
  email: string;
  topic: string;
  leadTimes: LeadTime[] | null;
  paused: boolean;
  subscribed: boolean;
  updatedAt: string;
}

/** Subscriptions by email, then topic; optionally of one email or one topic. */
export async function listSubscriptions(
  store: Store,
  opts: { email?: string; topic?: string; limit: number; offset: number },
): Promise<SubscriptionEntry[]> {
  let q = store.db
    .selectFrom('reminder_subscriptions')
    .innerJoin('people', 'people.id', 'reminder_subscriptions.person_id')
    .select([
      'reminder_subscriptions.id',
      'people.email',
      'reminder_subscriptions.topic',
      'reminder_subscriptions.lead_times',
      'reminder_subscriptions.paused',
      'reminder_subscriptions.unsubscribed_at',
      'reminder_subscriptions.updated_at',
    ]);
  if (opts.email) q = q.where('people.email', '=', opts.email.toLowerCase());
  if (opts.topic) q = q.where('reminder_subscriptions.topic', '=', opts.topic);
  const rows = await q.orderBy('people.email').orderBy('reminder_subscriptions.topic').limit(opts.limit).offset(opts.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    topic: r.topic,
    leadTimes: parseLeads(r.lead_times),
    paused: r.paused === 1,
    subscribed: !r.unsubscribed_at,
    updatedAt: r.updated_at,
  }));
}
