/** @module The audit log: who changed what, written in the same batch as the change itself. */
import type { CompiledQuery } from 'kysely';
import { newId, stamp, type Store, type WriteContext } from './store.js';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  changes: Record<string, unknown>;
}

export function auditStatement(
  store: Store,
  ctx: WriteContext,
  entry: { action: string; entity: string; entityId: string; changes?: Record<string, unknown> },
): CompiledQuery {
  return store.db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: stamp(ctx.now),
      actor: ctx.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      changes: JSON.stringify(entry.changes ?? {}),
    })
    .compile();
}

/** What changed between two plain objects, as { field: [before, after] }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = [before[key] ?? null, after[key] ?? null];
  }
  return out;
}

export async function listAudit(
  store: Store,
  filter: { entity?: string; entityId?: string; limit: number; offset: number },
): Promise<{ entries: AuditEntry[]; total: number }> {
  let query = store.db.selectFrom('audit_log');
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      changes: JSON.parse(r.changes) as Record<string, unknown>,
    })),
  };
}
