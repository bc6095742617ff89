/** @module What organisers read about deliveries: the delivery log of an event and its apologies. */
import type { Store } from '../db/store.js';

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

export async function deliveryLog(store: Store, eventId: string, opts: { limit?: number; offset?: number } = {}): Promise<DeliveryEntry[]> {
  const rows = await store.db
    .selectFrom('reminder_deliveries')
    .select(DELIVERY_COLUMNS)
    .where('event_id', '=', eventId)
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

export async function apologiesFor(store: Store, eventId: string) {
  const rows = await store.db
    .selectFrom('apologies')
    .innerJoin('people', 'people.id', 'apologies.person_id')
    .select(['apologies.occurrence', 'apologies.note', 'apologies.created_at', 'people.email', 'people.display_name'])
    .where('apologies.event_id', '=', eventId)
    .orderBy('apologies.occurrence')
    .orderBy('apologies.created_at')
    .execute();
  return rows.map((r) => ({ occurrence: r.occurrence, email: r.email, displayName: r.display_name, note: r.note, at: r.created_at }));
}
