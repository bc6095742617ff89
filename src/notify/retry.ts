/** @module An organiser sending a failed delivery again: it goes back to the outbox as due now, with its attempts reset. */
import type { Store } from '../db/store.js';
import { utcIso } from '../domain/time.js';

export type RetryOutcome = { ok: true } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'not-failed'; status: string };

/** Puts a failed delivery back to pending, due now; the next dispatcher pass sends it. */
export async function retryDelivery(store: Store, id: string, now: Date): Promise<RetryOutcome> {
  const row = await store.db.selectFrom('reminder_deliveries').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not-found' };
  if (row.status !== 'failed') return { ok: false, reason: 'not-failed', status: row.status };
  const at = utcIso(now);
  await store.batch([
    store.db
      .updateTable('reminder_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: null, due_at: at, updated_at: at })
      .where('id', '=', row.id)
      .where('status', '=', 'failed')
      .compile(),
  ]);
  return { ok: true };
}
