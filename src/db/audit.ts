/** @module The audit log: who changed what, written in the same batch as the change itself. */
import type { CompiledQuery } from 'kysely';
import { visibilityScope, type Viewer } from '../domain/visibility.js';
import { newId, stamp, type Store, type WriteContext } from './store.js';
import { visibleIn } from './visible.js';

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

/**
 * Audit entries, newest first, filtered by entity (and id); with `viewer`, entries about events
 * that viewer may not see are left out.
 */
export async function listAudit(
  store: Store,
  filter: { entity?: string; entityId?: string; entityIds?: readonly string[]; limit: number; offset: number; viewer?: Viewer },
): Promise<{ entries: AuditEntry[]; total: number }> {
  let query = store.db.selectFrom('audit_log');
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  // Several entities' history together (a split series' parts), at most 90 (D1's bound parameters).
  if (filter.entityIds) query = query.where('entity_id', 'in', filter.entityIds.length ? filter.entityIds.slice(0, 90) : ['']);
  // The history of an event the viewer may not see (another group's confidential business) is
  // as need-to-know as the event: its title is in the changes.
  const scope = filter.viewer ? visibilityScope(filter.viewer) : null;
  if (scope) {
    const hidden = store.db
      .selectFrom('events')
      .select('events.id')
      .where((eb) => eb.not(visibleIn(scope)));
    query = query.where((eb) => eb.or([eb('audit_log.entity', '!=', 'event'), eb('audit_log.entity_id', 'not in', hidden)]));
  }
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
