/** @module The audit log: who changed what, written in the same batch as the change itself. */
import type { CompiledQuery, Selectable } from 'kysely';
import { statementChunks } from './dialect.js';
import type { AuditLogTable } from './schema.js';
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

/**
 * The audit entries of these events stamped at or after `since` (an instant as `stamp` writes it),
 * oldest first: what was done to them since, for rules that ask what a change did (ADR 279). One
 * query per run of ids D1 can bind.
 */
export async function eventAuditSince(store: Store, eventIds: readonly string[], since: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const part of eventIds.length ? statementChunks(eventIds, { reserved: 2 }) : []) {
    const rows = await aboutEvents(store, part).where('at', '>=', since).orderBy('at').orderBy('id').execute();
    for (const r of rows) entries.push(entryOf(r));
  }
  return entries;
}

/** The audit rows about these events (no more ids than one statement binds), on the (entity, entity_id, at) index. */
function aboutEvents(store: Store, eventIds: readonly string[]) {
  return store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'event').where('entity_id', 'in', eventIds);
}

/** The newest audit entry of `action` about one event, or null: for pages that say what a change did (ADR 279). */
export async function latestEventAudit(store: Store, eventId: string, action: string): Promise<AuditEntry | null> {
  const row = await aboutEvents(store, [eventId])
    .where('action', '=', action)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? entryOf(row) : null;
}

/** What changed between two plain objects, as { field: [before, after] }. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = [before[key] ?? null, after[key] ?? null];
  }
  return out;
}

type AuditFilter = { entity?: string; entityId?: string; entityIds?: readonly string[]; viewer?: Viewer };

function auditQuery(store: Store, filter: AuditFilter) {
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
  return query;
}

async function auditEntries(store: Store, filter: AuditFilter & { limit: number; offset: number }): Promise<AuditEntry[]> {
  const rows = await auditQuery(store, filter)
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(entryOf);
}

function entryOf(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
  };
}

/**
 * Audit entries, newest first, filtered by entity (and id), with their total (for a pager); with
 * `viewer`, entries about events that viewer may not see are left out.
 */
export async function listAudit(
  store: Store,
  filter: AuditFilter & { limit: number; offset: number },
): Promise<{ entries: AuditEntry[]; total: number }> {
  const [entries, count] = await Promise.all([
    auditEntries(store, filter),
    auditQuery(store, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), entries };
}

/**
 * The newest `limit` audit entries the viewer may see (the dashboard's "recent changes"), without
 * counting them all: the count read the whole log (10-18 ms at 100k events, issue 9).
 */
export async function recentAudit(store: Store, filter: { limit: number; viewer?: Viewer }): Promise<AuditEntry[]> {
  return auditEntries(store, { ...filter, offset: 0 });
}
