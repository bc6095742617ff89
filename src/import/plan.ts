/**
 * @module What an import or a sync would do, and the statements that do it. Each item is matched
 * to the event already imported from the same source with the same UID (event_origins):
 *  - no such event: created (unless the source cancelled it or it cannot be read);
 *  - a newer copy (higher SEQUENCE, or a later LAST-MODIFIED, RFC 5545 3.8.7.4 and 3.8.7.3):
 *    updated, keeping the event's own kind, themes, organisation, group and visibility, which
 *    are the partnership's, not the source's; cancelled when the source cancelled it;
 *  - otherwise left alone.
 * A sync also cancels the events its feed no longer has (a cancellation subscribers see).
 * An event split here since its import ("this and following", src/series) is one series of the
 * source's: an update, a cancellation or a removal takes the whole chain, the imported part taking
 * the source's dates and every later part being cancelled, so no date is held twice (ADR 253).
 * Writes go through the events repository's statement builders only, so the occurrence index
 * and the audit log stay right, and the whole plan is one Store.batch.
 */
import type { CompiledQuery } from 'kysely';
import { auditStatement, latestEventAudit } from '../db/audit.js';
import {
  cancelEventStatements,
  dateChangeReasonStatement,
  deleteExceptionStatement,
  exceptionStatement,
  getEvent,
  getEvents,
  insertEventStatements,
  seriesChainOf,
  touchEventStatements,
  updateEventStatements,
} from '../db/events.js';
import { statementChunks } from '../db/dialect.js';
import { newId, stamp, type Store, type WriteContext } from '../db/store.js';
import type { CalendarEvent, EventException, EventFields } from '../domain/event.js';
import type { ImportItem } from './convert.js';
import { originStatement, originsOf, type Origin } from './store.js';
import { indexEventStatements } from '../occurrences/index.js';
import { longDate, startDateOf } from '../http/pages/format.js';
import { returnedDatesAliasStatements } from '../series/index.js';
import { activitiesOfAWeekBackOnStatements } from '../cancellations/service.js';

export type ImportAction = 'create' | 'update' | 'cancel' | 'unchanged' | 'skip';

export interface PlannedItem extends ImportItem {
  action: ImportAction;
  /** Why, in words (for the preview). */
  reason: string;
  /** The event it matched, when there is one. */
  existing: { id: string; title: string } | null;
  /** Later parts of the matched event's series, split here since its import, that applying cancels (ADR 253). */
  laterParts: LaterPart[];
  /**
   * Cancelled here by a person and newer in the source: left as it is, and its origin is not moved
   * on, so the source's copy is applied by the first sync after a restore here (ADR 288).
   */
  changedWhileCancelledHere?: boolean;
}

/** A later part of a split series (its own UID, split_from/continues): its id, title and first date (UK local date). */
export interface LaterPart {
  id: string;
  title: string;
  from: string;
}

export interface PlannedRemoval {
  eventId: string;
  uid: string;
  title: string;
  /** Later parts of its series, split here, cancelled with it (ADR 253). */
  laterParts: LaterPart[];
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
 * Whether the event's last cancellation was a sync's (its feed no longer had it, or cancelled it):
 * the newest "cancel" entry of its audit log names a sync as its actor (`sync:<feed>`, src/import/sync.ts).
 * A cancel by a person, through the API or the workspace, names the person or token. One read.
 */
async function cancelledByASync(store: Store, eventId: string): Promise<boolean> {
  const cancel = await latestEventAudit(store, eventId, 'cancel');
  return cancel?.actor.startsWith('sync:') ?? false;
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
    const plan = (action: ImportAction, reason: string): PlannedItem => ({ ...item, action, reason, existing, laterParts: [] });
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
    // Cancelled here by a person: the partnership's decision, which only a restore here undoes (ADR
    // 288). A sync brings back only what a sync cancelled (the source had removed or cancelled it).
    if (event.status === 'cancelled' && !(await cancelledByASync(store, event.id))) {
      planned.push(
        isNewer(item, origin)
          ? {
              ...plan(
                'unchanged',
                `Cancelled here, and changed in the source since (SEQUENCE ${item.sequence}, had ${origin.sequence}${item.modified ? `; LAST-MODIFIED ${item.modified}` : ''}): it stays cancelled; restore it here to take the source's copy at the next sync.`,
              ),
              changedWhileCancelledHere: true,
            }
          : plan('unchanged', 'Cancelled here: it stays cancelled until it is restored here.'),
      );
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
      removals.push({ eventId: event.id, uid: origin.uid, title: event.title, laterParts: [] });
    }
  }
  await addLaterParts(store, planned, removals);
  const counts = { create: 0, update: 0, cancel: 0, unchanged: 0, skip: 0, remove: removals.length };
  for (const p of planned) counts[p.action]++;
  return { source, items: planned, removals, counts };
}

/**
 * The later parts of each split series an update, cancellation or removal changes: parts that
 * continue the event (split_from with continues, through parts already cancelled), not yet
 * cancelled, by first start. A kept one-off (a moved date of ADR 92, continues = 0) is not a part.
 * One query per 90 events finds the few that were split; only those read their chain.
 */
async function addLaterParts(store: Store, planned: PlannedItem[], removals: PlannedRemoval[]): Promise<void> {
  const reaching = [
    ...planned.filter((p) => p.existing && (p.action === 'update' || p.action === 'cancel')).map((p) => ({ id: p.existing!.id, into: p })),
    ...removals.map((r) => ({ id: r.eventId, into: r })),
  ];
  const split = new Set<string>();
  for (const chunk of statementChunks(reaching.map((r) => r.id))) {
    const rows = await store.db
      .selectFrom('events')
      .select('split_from')
      .where('split_from', 'in', chunk)
      .where('continues', '=', 1)
      .execute();
    for (const row of rows) split.add(row.split_from!);
  }
  for (const { id, into } of reaching) {
    if (!split.has(id)) continue;
    const later = (await getEvents(store, (await seriesChainOf(store, id)).later)).sort((a, b) =>
      startDateOf(a.when).localeCompare(startDateOf(b.when)),
    );
    const reached = new Set([id]);
    for (const part of later) {
      if (!part.continuesSeries || !part.splitFrom || !reached.has(part.splitFrom)) continue;
      reached.add(part.id);
      if (part.status !== 'cancelled') into.laterParts.push({ id: part.id, title: part.title, from: startDateOf(part.when) });
    }
    if (into.laterParts.length && 'reason' in into)
      into.reason += ` ${laterPartsText(into.action === 'update' ? 'update' : 'cancel', into.laterParts)}`;
  }
}

/**
 * What an update, or a cancellation or removal (`cancel`), does to the later parts of a series
 * split here, in words for the preview and a sync's problems (ADR 253). `parts` is not empty.
 */
export function laterPartsText(action: 'update' | 'cancel', parts: LaterPart[]): string {
  const named = parts.map((p) => `"${p.title}" from ${longDate(p.from)}`);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0]!;
  const which = parts.length > 1 ? `its later parts ${list} are` : `its later part ${list} is`;
  return action !== 'update'
    ? `It was split here since its import: ${which} cancelled with it.`
    : `It was split here since its import: the source's copy is the whole series, so this event takes every date the source has and ${which} cancelled (changes made to ${parts.length > 1 ? 'them' : 'it'} here are not kept), which subscribers see.`;
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
      statements.push(...(await laterPartStatements(store, item.laterParts, 'cancelled in the source calendar', ctx)));
    } else if (item.action === 'update') {
      const reinstate = event.status === 'cancelled' ? item.fields!.status : null;
      const merged = mergedFields(event, item.fields!, reinstate);
      const fieldChanges = updateEventStatements(store, event, merged, ctx);
      statements.push(...fieldChanges);
      // A week cancelled here and back on: its activities kept going stop saying it was cancelled (ADR 277).
      if (reinstate) statements.push(...(await activitiesOfAWeekBackOnStatements(store, event, ctx)));
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
      // People who hold a date of a later part hear of it where the series has it now, not "Cancelled".
      const series = { ...event, ...merged, exceptions: item.exceptions.map((e) => ({ ...e, updatedAt: now })) };
      statements.push(...(await laterPartStatements(store, item.laterParts, REPLACED_PART_REASON, ctx, series)));
    } else if (item.action === 'unchanged' && isNewer(item, origin) && !item.changedWhileCancelledHere) {
      // Remember what was seen, so the next comparison starts from it.
      statements.push(originUpdate());
    }
  }
  for (const removal of plan.removals) {
    const event = await getEvent(store, removal.eventId);
    if (event) statements.push(...cancelEventStatements(store, event, removalReason, ctx));
    statements.push(...(await laterPartStatements(store, removal.laterParts, removalReason, ctx)));
  }
  return statements;
}

/** Why a later part is cancelled when the source's newer copy of its series is applied (ADR 253). */
const REPLACED_PART_REASON = "the source calendar's newer copy of the series holds these dates";

/**
 * Cancels the later parts of a split series; with `series` (the imported event as the update leaves
 * it), the dates people hold of them are sent to its dates of the same days first (ADR 253).
 */
async function laterPartStatements(
  store: Store,
  parts: LaterPart[],
  reason: string,
  ctx: WriteContext,
  series?: CalendarEvent,
): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  for (const part of await getEvents(
    store,
    parts.map((p) => p.id),
  )) {
    if (series) statements.push(...(await returnedDatesAliasStatements(store, part, series, ctx.now)));
    statements.push(...cancelEventStatements(store, part, reason, ctx));
  }
  return statements;
}
