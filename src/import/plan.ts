/**
 * @module What an import or a sync would do, and the statements that do it. Each item is matched
 * to the event already imported from the same source with the same UID (event_origins):
 *  - no such event: created (unless the source cancelled it or it cannot be read);
 *  - a newer copy (higher SEQUENCE, or a later LAST-MODIFIED, RFC 5545 3.8.7.4 and 3.8.7.3):
 *    updated, keeping the event's own kind, themes, organisation, group and visibility, which
 *    are the partnership's, not the source's; cancelled when the source cancelled it;
 *  - otherwise left alone.
 * A sync also cancels the events its feed no longer has (a cancellation subscribers see).
 * Writes go through the events repository's statement builders only, so the occurrence index
 * and the audit log stay right, and the whole plan is one Store.batch.
 */
import type { CompiledQuery } from 'kysely';
import { auditStatement } from '../db/audit.js';
import {
  cancelEventStatements,
  dateChangeReasonStatement,
  deleteExceptionStatement,
  exceptionStatement,
  getEvent,
  insertEventStatements,
  touchEventStatements,
  updateEventStatements,
} from '../db/events.js';
import { newId, stamp, type Store, type WriteContext } from '../db/store.js';
import type { CalendarEvent, EventException, EventFields } from '../domain/event.js';
import type { ImportItem } from './convert.js';
import { originStatement, originsOf, type Origin } from './store.js';
import { indexEventStatements } from '../occurrences/index.js';

export type ImportAction = 'create' | 'update' | 'cancel' | 'unchanged' | 'skip';

export interface PlannedItem extends ImportItem {
  action: ImportAction;
  /** Why, in words (for the preview). */
  reason: string;
  /** The event it matched, when there is one. */
  existing: { id: string; title: string } | null;
}

export interface PlannedRemoval {
  eventId: string;
  uid: string;
  title: string;
}

export interface ImportPlan {
  source: string;
  items: PlannedItem[];
  /** Events of the source the file no longer has (syncs only). */
  removals: PlannedRemoval[];
  counts: Record<ImportAction | 'remove', number>;
}

interface Matched {
  origin: Origin;
  event: CalendarEvent;
}

function exceptionKey(e: Omit<EventException, 'updatedAt'>): string {
  return JSON.stringify([e.recurrenceId, e.kind, e.when, e.location, e.note]);
}

function sameExceptions(current: EventException[], next: Omit<EventException, 'updatedAt'>[]): boolean {
  const a = current.map(exceptionKey).sort();
  const b = next.map(exceptionKey).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The source's content on the event's own classification (see the module comment). */
function mergedFields(event: CalendarEvent, incoming: EventFields, reinstate: EventFields['status'] | null): EventFields {
  return {
    ...incoming,
    kind: event.kind,
    themes: event.themes,
    organisationId: event.organisationId,
    groupId: event.groupId,
    parentId: event.parentId,
    // A component that became PRIVATE or CONFIDENTIAL at the source leaves the feeds here too.
    visibility: incoming.visibility === 'confidential' ? 'confidential' : event.visibility,
    status: reinstate ?? (event.status === 'cancelled' ? 'cancelled' : event.status),
  };
}

function isNewer(item: ImportItem, origin: Origin): boolean {
  return item.sequence > origin.sequence || (item.modified !== null && (origin.modified === null || item.modified > origin.modified));
}

function unchangedReason(item: ImportItem, origin: Origin): string {
  return `Already imported and not newer: SEQUENCE ${item.sequence} (had ${origin.sequence})${
    item.modified ? `, LAST-MODIFIED ${item.modified}` : ', no LAST-MODIFIED'
  }.`;
}

/**
 * Decides each item's action against what the source already brought in. `sync` also plans
 * cancellations of events the source no longer has, and reinstates events that come back.
 */
export async function planImport(store: Store, items: ImportItem[], source: string, opts: { sync: boolean }): Promise<ImportPlan> {
  const uids = items.flatMap((i) => (i.uid ? [i.uid] : []));
  const origins = await originsOf(store, source, opts.sync ? null : uids);
  const byUid = new Map(origins.map((o) => [o.uid, o]));
  const planned: PlannedItem[] = [];
  const matched = new Map<string, Matched>();
  for (const item of items) {
    const origin = item.uid ? byUid.get(item.uid) : undefined;
    const event = origin ? await getEvent(store, origin.eventId) : null;
    if (origin && event) matched.set(item.uid!, { origin, event });
    const existing = event ? { id: event.id, title: event.title } : null;
    const plan = (action: ImportAction, reason: string): PlannedItem => ({ ...item, action, reason, existing });
    if (!origin || !event) {
      if (item.skip) planned.push(plan('skip', item.skip));
      else if (item.cancelled) planned.push(plan('skip', 'It is cancelled in the source, so there is nothing to add.'));
      else planned.push(plan('create', 'New: no event from this source has its UID.'));
      continue;
    }
    if (item.skip) {
      planned.push(plan('skip', `${item.skip} The event imported before is left as it is.`));
      continue;
    }
    if (item.cancelled) {
      planned.push(
        event.status === 'cancelled'
          ? plan('unchanged', 'Cancelled in the source, and already cancelled here.')
          : plan('cancel', 'Cancelled in the source: it will be cancelled here, which subscribers see.'),
      );
      continue;
    }
    if (event.status === 'cancelled' && !opts.sync) {
      planned.push(plan('unchanged', 'It was cancelled here; an import does not bring it back.'));
      continue;
    }
    const reinstate = event.status === 'cancelled' ? item.fields!.status : null;
    if (!isNewer(item, origin) && !reinstate) {
      planned.push(plan('unchanged', unchangedReason(item, origin)));
      continue;
    }
    const fields = mergedFields(event, item.fields!, reinstate);
    const sameContent = updateEventStatements(store, event, fields, { actor: '', now: new Date(0) }).length === 0;
    if (sameContent && sameExceptions(event.exceptions, item.exceptions)) {
      planned.push(plan('unchanged', 'Newer in the source, but nothing in it changed.'));
      continue;
    }
    planned.push(
      plan(
        'update',
        reinstate
          ? 'Back in the source after it was removed: it will be reinstated.'
          : `Newer in the source (SEQUENCE ${item.sequence}, had ${origin.sequence}${item.modified ? `; LAST-MODIFIED ${item.modified}` : ''}).`,
      ),
    );
  }
  const present = new Set(uids);
  const removals: PlannedRemoval[] = [];
  if (opts.sync) {
    for (const origin of origins) {
      if (present.has(origin.uid)) continue;
      const event = await getEvent(store, origin.eventId);
      if (!event || event.status === 'cancelled') continue;
      removals.push({ eventId: event.id, uid: origin.uid, title: event.title });
    }
  }
  const counts = { create: 0, update: 0, cancel: 0, unchanged: 0, skip: 0, remove: removals.length };
  for (const p of planned) counts[p.action]++;
  return { source, items: planned, removals, counts };
}

/** The statements that carry out a plan, for one Store.batch. */
export async function planStatements(store: Store, plan: ImportPlan, ctx: WriteContext, removalReason: string): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  const now = stamp(ctx.now);
  const origins = new Map((await originsOf(store, plan.source, null)).map((o) => [o.uid, o]));
  for (const item of plan.items) {
    const origin = item.uid ? origins.get(item.uid) : undefined;
    const originValues = { source: plan.source, uid: item.uid!, sequence: item.sequence, modified: item.modified, now };
    if (item.action === 'create') {
      const id = newId();
      statements.push(...insertEventStatements(store, item.fields!, ctx, id, item.exceptions).statements);
      statements.push(originStatement(store, { ...originValues, eventId: id }, 'insert'));
      continue;
    }
    if (!origin || !item.existing) continue;
    const event = await getEvent(store, item.existing.id);
    if (!event) continue;
    const originUpdate = () => originStatement(store, { ...originValues, eventId: event.id }, 'update');
    if (item.action === 'cancel') {
      statements.push(...cancelEventStatements(store, event, 'cancelled in the source calendar', ctx), originUpdate());
    } else if (item.action === 'update') {
      const reinstate = event.status === 'cancelled' ? item.fields!.status : null;
      const merged = mergedFields(event, item.fields!, reinstate);
      const fieldChanges = updateEventStatements(store, event, merged, ctx);
      statements.push(...fieldChanges);
      if (!sameExceptions(event.exceptions, item.exceptions)) {
        const wanted = new Map(item.exceptions.map((e) => [e.recurrenceId, e]));
        // Each date the source put back, moved or cancelled changed on its own: its e-mail quotes no
        // reason (the source gives none), never the event's last edit's (ADR 232, 250). Written after
        // updateEventStatements' delete of the event's rows, so they stand.
        for (const e of event.exceptions)
          if (!wanted.has(e.recurrenceId))
            statements.push(
              deleteExceptionStatement(store, event.id, e.recurrenceId),
              dateChangeReasonStatement(store, event.id, e.recurrenceId, '', ctx),
            );
        const have = new Set(event.exceptions.map(exceptionKey));
        for (const e of item.exceptions)
          if (!have.has(exceptionKey(e)))
            statements.push(
              exceptionStatement(store, event.id, e, ctx),
              dateChangeReasonStatement(store, event.id, e.recurrenceId, '', ctx),
            );
        // The event as it will be (new fields and dates): its index rows are written last, so they win.
        const after = { ...event, ...merged, exceptions: item.exceptions.map((e) => ({ ...e, updatedAt: now })) };
        if (!fieldChanges.length) {
          statements.push(
            ...touchEventStatements(store, after, ctx),
            auditStatement(store, ctx, {
              action: 'update',
              entity: 'event',
              entityId: event.id,
              changes: { exceptions: item.exceptions.length },
            }),
          );
        } else {
          statements.push(...indexEventStatements(store, { ...after, sequence: event.sequence + 1 }, ctx.now));
        }
      }
      statements.push(originUpdate());
    } else if (item.action === 'unchanged' && isNewer(item, origin)) {
      // Remember what was seen, so the next comparison starts from it.
      statements.push(originUpdate());
    }
  }
  for (const removal of plan.removals) {
    const event = await getEvent(store, removal.eventId);
    if (event) statements.push(...cancelEventStatements(store, event, removalReason, ctx));
  }
  return statements;
}
