/** @module What organisers read about deliveries: the delivery log of an event and its apologies. */
import type { Store } from '../db/store.js';

export interface DeliveryEntry {
  id: string;
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

export async function deliveryLog(store: Store, eventId: string, opts: { limit?: number; offset?: number } = {}): Promise<DeliveryEntry[]> {
  const rows = await store.db
    .selectFrom('reminder_deliveries')
    .select(['id', 'kind', 'rule', 'occurrence', 'recipient', 'status', 'due_at', 'attempts', 'sent_at', 'message_id', 'last_error'])
    .where('event_id', '=', eventId)
    .orderBy('due_at')
    .orderBy('recipient')
    .limit(opts.limit ?? 1000)
    .offset(opts.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
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
  }));
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
