/**
 * @module Changing a meeting's record. Each change is one Store.batch with its audit entry (and,
 * where it causes them, its outbox rows and calendar events), so a refused or failed change
 * leaves nothing half-written. Validation and the reads a change depends on happen before the
 * batch; uploaded bytes go to storage before the row that points at them, and are removed again
 * if the batch fails.
 */
import { sql, type CompiledQuery } from 'kysely';
import { auditStatement } from '../db/audit.js';
import { cancelEventStatements, getEvent, insertEventStatements, updateEventStatements } from '../db/events.js';
import { newId, stamp, type Store, type WriteContext } from '../db/store.js';
import type { EventFields } from '../domain/event.js';
import type { Visibility } from '../domain/kinds.js';
import { DEFAULT_ZONE } from '../domain/time.js';
import { formatWhenUk } from '../../emails/format.js';
import type { ActionFields, AgendaItemFields, AttendanceFields, DocumentLinkFields, MinutesFields } from './input.js';
import { isOpenAction, type Action, type MeetingKey, type MeetingRecord } from './meeting.js';
import { noticeRecipients, noticeStatements } from './notices.js';
import { meetingPath } from './paths.js';
import { safeFileName, storageKey, type DocumentStorage, type DocumentType } from './storage.js';

/** Reminders an action's owner gets before the due date: a week and a day before (09:00 UK time). */
export const ACTION_REMINDER_LEADS = ['1w', '1d'];

/** The meetings row, created on first use; every write of a meeting starts with it. */
export function ensureMeeting(store: Store, key: MeetingKey, now: string): CompiledQuery {
  return store.db
    .insertInto('meetings')
    .values({
      event_id: key.eventId,
      occurrence: key.occurrence,
      agenda_published_at: null,
      agenda_revision: 0,
      others_present: '',
      attendance_recorded_at: null,
      minutes_status: 'none',
      minutes_revision: 0,
      minutes_ready_at: null,
      approved_by_event_id: null,
      approved_by_occurrence: null,
      approved_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['event_id', 'occurrence']).doNothing())
    .compile();
}

/** Sets fields of the meetings row (and its updated_at). */
export function touchMeeting(store: Store, key: MeetingKey, now: string, set: Record<string, unknown> = {}): CompiledQuery {
  return store.db
    .updateTable('meetings')
    .set({ ...set, updated_at: now })
    .where('event_id', '=', key.eventId)
    .where('occurrence', '=', key.occurrence)
    .compile();
}

const entityId = (key: MeetingKey) => (key.occurrence ? `${key.eventId}/${key.occurrence}` : key.eventId);

function audit(store: Store, ctx: WriteContext, key: MeetingKey, action: string, changes: Record<string, unknown>): CompiledQuery {
  return auditStatement(store, ctx, { action, entity: 'meeting', entityId: entityId(key), changes });
}

/**
 * One change to a meeting as one batch: its meetings row (created on first use), the change's own
 * statements, the row's fields `set` (and updated_at), and the audit entry naming `action`.
 */
async function applyChange(
  store: Store,
  ctx: WriteContext,
  key: MeetingKey,
  change: { action: string; changes: Record<string, unknown>; statements: CompiledQuery[]; set?: Record<string, unknown> },
): Promise<void> {
  const now = stamp(ctx.now);
  await store.batch([
    ensureMeeting(store, key, now),
    ...change.statements,
    touchMeeting(store, key, now, change.set),
    audit(store, ctx, key, change.action, change.changes),
  ]);
}

// --- Agenda --------------------------------------------------------------------------------------

/**
 * The insert of one agenda item at `position`, or after the agenda's last item ('next': the
 * number is computed inside the statement, so two additions in a row never take the same place).
 */
export function agendaItemStatement(
  store: Store,
  key: MeetingKey,
  id: string,
  fields: AgendaItemFields & { minutes?: string },
  now: string,
  position: number | 'next',
): CompiledQuery {
  const row = {
    id,
    event_id: key.eventId,
    occurrence: key.occurrence,
    title: fields.title,
    lead: fields.lead,
    description: fields.description,
    exempt: fields.exempt ? 1 : 0,
    exempt_reason: fields.exemptReason,
    minutes: fields.minutes ?? '',
    created_at: now,
    updated_at: now,
  };
  if (position !== 'next')
    return store.db
      .insertInto('agenda_items')
      .values({ ...row, position })
      .compile();
  return store.db
    .insertInto('agenda_items')
    .columns([...(Object.keys(row) as (keyof typeof row)[]), 'position'])
    .expression((eb) =>
      eb
        .selectFrom('agenda_items')
        .select([...Object.entries(row).map(([k, v]) => eb.val(v).as(k)), sql<number>`coalesce(max(position), 0) + 1`.as('position')])
        .where('event_id', '=', key.eventId)
        .where('occurrence', '=', key.occurrence),
    )
    .compile();
}

/** Adds an item at the end of the agenda. Returns its id. */
export async function addAgendaItem(store: Store, key: MeetingKey, fields: AgendaItemFields, ctx: WriteContext): Promise<string> {
  const id = newId();
  await applyChange(store, ctx, key, {
    action: 'add-agenda-item',
    changes: { id, title: fields.title, exempt: fields.exempt },
    statements: [agendaItemStatement(store, key, id, fields, stamp(ctx.now), 'next')],
  });
  return id;
}

export async function updateAgendaItem(
  store: Store,
  key: MeetingKey,
  id: string,
  fields: AgendaItemFields,
  ctx: WriteContext,
): Promise<void> {
  const set = {
    title: fields.title,
    lead: fields.lead,
    description: fields.description,
    exempt: fields.exempt ? 1 : 0,
    exempt_reason: fields.exemptReason,
    updated_at: stamp(ctx.now),
  };
  await applyChange(store, ctx, key, {
    action: 'update-agenda-item',
    changes: { id, ...fields },
    statements: [store.db.updateTable('agenda_items').set(set).where('id', '=', id).compile()],
  });
}

/** Swaps an item with the one above or below it; at either end it stays where it is. */
export async function moveAgendaItem(
  store: Store,
  record: MeetingRecord,
  id: string,
  direction: 'up' | 'down',
  ctx: WriteContext,
): Promise<void> {
  const index = record.items.findIndex((i) => i.id === id);
  const other = record.items[direction === 'up' ? index - 1 : index + 1];
  if (index < 0 || !other) return;
  const rows = await store.db.selectFrom('agenda_items').select(['id', 'position']).where('id', 'in', [id, other.id]).execute();
  const position = new Map(rows.map((r) => [r.id, r.position]));
  const place = (itemId: string, at: number) =>
    store.db
      .updateTable('agenda_items')
      .set({ position: at, updated_at: stamp(ctx.now) })
      .where('id', '=', itemId)
      .compile();
  await applyChange(store, ctx, record.key, {
    action: 'move-agenda-item',
    changes: { id, direction },
    statements: [place(id, position.get(other.id)!), place(other.id, position.get(id)!)],
  });
}

/** Removes an item, its documents (and their stored files) and detaches its actions; later items move up. */
export async function deleteAgendaItem(
  store: Store,
  storage: DocumentStorage | null,
  record: MeetingRecord,
  id: string,
  ctx: WriteContext,
): Promise<void> {
  const row = await store.db.selectFrom('agenda_items').select(['position', 'title']).where('id', '=', id).executeTakeFirst();
  if (!row) return;
  const files = await store.db
    .selectFrom('meeting_documents')
    .select('storage_key')
    .where('agenda_item_id', '=', id)
    .where('storage_key', 'is not', null)
    .execute();
  await applyChange(store, ctx, record.key, {
    action: 'delete-agenda-item',
    changes: { id, title: row.title },
    statements: [
      store.db
        .updateTable('meeting_actions')
        .set({ agenda_item_id: null, updated_at: stamp(ctx.now) })
        .where('agenda_item_id', '=', id)
        .compile(),
      store.db.deleteFrom('meeting_documents').where('agenda_item_id', '=', id).compile(),
      store.db.deleteFrom('agenda_items').where('id', '=', id).compile(),
      store.db
        .updateTable('agenda_items')
        .set({ position: sql<number>`position - 1` })
        .where('event_id', '=', record.key.eventId)
        .where('occurrence', '=', record.key.occurrence)
        .where('position', '>', row.position)
        .compile(),
    ],
  });
  for (const f of files) await storage?.delete(f.storage_key!).catch(() => undefined);
}

/**
 * Publishes the agenda (or sends it again after changes) and e-mails the group's members, with
 * links to its public papers, through the outbox in the same batch. Returns how many were e-mailed.
 */
export async function publishAgenda(store: Store, record: MeetingRecord, ctx: WriteContext): Promise<number> {
  const now = stamp(ctx.now);
  const revision = record.agendaRevision + 1;
  const recipients = await noticeRecipients(store, record.event);
  await applyChange(store, ctx, record.key, {
    action: 'publish-agenda',
    changes: { revision, emailed: recipients.length },
    statements: noticeStatements(store, { kind: 'agenda', revision, key: record.key, recipients, now, usefulUntil: record.start }),
    set: { agenda_published_at: now, agenda_revision: revision },
  });
  return recipients.length;
}

// --- Documents -----------------------------------------------------------------------------------

/** The row of a document: a link (url) or a stored file (storage key, type, size, name). */
function documentStatement(
  store: Store,
  key: MeetingKey,
  itemId: string | null,
  doc: { id: string; purpose: string; title: string; now: string } & (
    { url: string } | { storageKey: string; mediaType: string; size: number; fileName: string }
  ),
): CompiledQuery {
  const file = 'storageKey' in doc ? doc : null;
  return store.db
    .insertInto('meeting_documents')
    .values({
      id: doc.id,
      event_id: key.eventId,
      occurrence: key.occurrence,
      agenda_item_id: itemId,
      purpose: doc.purpose,
      title: doc.title,
      url: 'url' in doc ? doc.url : null,
      storage_key: file?.storageKey ?? null,
      media_type: file?.mediaType ?? null,
      size_bytes: file?.size ?? null,
      file_name: file?.fileName ?? null,
      created_at: doc.now,
    })
    .compile();
}

export async function addDocumentLink(
  store: Store,
  key: MeetingKey,
  itemId: string | null,
  fields: DocumentLinkFields,
  ctx: WriteContext,
): Promise<string> {
  const id = newId();
  await applyChange(store, ctx, key, {
    action: 'add-document',
    changes: { id, title: fields.title, url: fields.url },
    statements: [documentStatement(store, key, itemId, { id, ...fields, now: stamp(ctx.now) })],
  });
  return id;
}

/** Stores an uploaded file (already checked by checkDocumentFile), then its row; the file goes again if the row cannot be written. */
export async function addDocumentFile(
  store: Store,
  storage: DocumentStorage,
  key: MeetingKey,
  itemId: string | null,
  file: { bytes: Uint8Array; fileName: string; type: DocumentType; mediaType: string; title: string; purpose: 'paper' | 'minutes' },
  ctx: WriteContext,
): Promise<string> {
  const id = newId();
  const now = stamp(ctx.now);
  const location = storageKey(id, file.type);
  await storage.put(location, file.bytes, file.mediaType);
  try {
    await applyChange(store, ctx, key, {
      action: 'add-document',
      changes: { id, title: file.title, file: file.fileName, bytes: file.bytes.length },
      statements: [
        documentStatement(store, key, itemId, {
          id,
          purpose: file.purpose,
          title: file.title,
          now,
          storageKey: location,
          mediaType: file.mediaType,
          size: file.bytes.length,
          fileName: safeFileName(file.fileName, file.type),
        }),
      ],
    });
  } catch (error) {
    await storage.delete(location).catch(() => undefined);
    throw error;
  }
  return id;
}

export async function removeDocument(
  store: Store,
  storage: DocumentStorage | null,
  doc: { id: string; key: MeetingKey; title: string; storageKey: string | null },
  ctx: WriteContext,
): Promise<void> {
  await applyChange(store, ctx, doc.key, {
    action: 'remove-document',
    changes: { id: doc.id, title: doc.title },
    statements: [store.db.deleteFrom('meeting_documents').where('id', '=', doc.id).compile()],
  });
  if (doc.storageKey) await storage?.delete(doc.storageKey).catch(() => undefined);
}

// --- Attendance ----------------------------------------------------------------------------------

/**
 * Records attendance for the members named (a null status clears what was recorded, so apologies
 * sent by email stand again) and, once the meeting has begun, marks attendance as recorded: from
 * then on the quorum is counted from who was present rather than expected.
 */
export async function saveAttendance(store: Store, record: MeetingRecord, fields: AttendanceFields, ctx: WriteContext): Promise<void> {
  const now = stamp(ctx.now);
  const current = new Map(record.attendance.map((a) => [a.personId, a]));
  const statements: CompiledQuery[] = [];
  for (const e of fields.entries) {
    const where = store.db
      .deleteFrom('attendance')
      .where('event_id', '=', record.key.eventId)
      .where('occurrence', '=', record.key.occurrence)
      .where('person_id', '=', e.personId);
    if (e.status === null) {
      statements.push(where.compile());
      continue;
    }
    // An apology's own note (sent from the e-mail) stays unless the organiser writes another.
    const was = current.get(e.personId);
    const note = e.note || (e.status === 'apologies' && was?.source === 'apology' ? was.note : '');
    statements.push(
      attendanceStatement(
        store,
        record.key,
        e.personId,
        was?.capacity ?? 'voting',
        { status: e.status, note, substitute: e.substitute },
        now,
      ),
    );
  }
  await applyChange(store, ctx, record.key, {
    action: 'record-attendance',
    changes: { entries: fields.entries.map((e) => ({ personId: e.personId, status: e.status, substitute: e.substitute || undefined })) },
    statements,
    set: {
      ...(fields.othersPresent !== undefined ? { others_present: fields.othersPresent } : {}),
      ...(record.start <= now ? { attendance_recorded_at: now } : {}),
    },
  });
}

/** Records (or replaces) one person's attendance at a meeting, in the capacity they sat in. */
export function attendanceStatement(
  store: Store,
  key: MeetingKey,
  personId: string,
  capacity: string,
  entry: { status: string; note: string; substitute: string },
  now: string,
): CompiledQuery {
  const values = { ...entry, updated_at: now };
  return store.db
    .insertInto('attendance')
    .values({ event_id: key.eventId, occurrence: key.occurrence, person_id: personId, capacity, ...values })
    .onConflict((oc) => oc.columns(['event_id', 'occurrence', 'person_id']).doUpdateSet(values))
    .compile();
}

// --- Minutes -------------------------------------------------------------------------------------

/** Saves the minute of each item; the minutes become a draft (or stay as they were, if further on). */
export async function saveMinutes(store: Store, record: MeetingRecord, fields: MinutesFields, ctx: WriteContext): Promise<void> {
  const now = stamp(ctx.now);
  await applyChange(store, ctx, record.key, {
    action: 'save-minutes',
    changes: { items: fields.items.length },
    statements: fields.items.map((i) =>
      store.db.updateTable('agenda_items').set({ minutes: i.minutes, updated_at: now }).where('id', '=', i.id).compile(),
    ),
    ...(record.minutesStatus === 'none' ? { set: { minutes_status: 'draft' } } : {}),
  });
}

/**
 * Marks the draft minutes ready for approval and e-mails the members. They stay private (members
 * and organisers) until approved at a later meeting. `usefulUntil`: the next meeting's start.
 */
export async function minutesReady(store: Store, record: MeetingRecord, usefulUntil: string, ctx: WriteContext): Promise<number> {
  const now = stamp(ctx.now);
  const revision = record.minutesRevision + 1;
  const recipients = await noticeRecipients(store, record.event);
  await applyChange(store, ctx, record.key, {
    action: 'minutes-ready',
    changes: { revision, emailed: recipients.length },
    statements: noticeStatements(store, { kind: 'minutes', revision, key: record.key, recipients, now, usefulUntil }),
    set: { minutes_status: 'ready', minutes_ready_at: now, minutes_revision: revision },
  });
  return recipients.length;
}

/** Records the minutes as approved as a correct record at `approving`; from then on they are public (without exempt items). */
export async function approveMinutes(store: Store, record: MeetingRecord, approving: MeetingKey, ctx: WriteContext): Promise<void> {
  await applyChange(store, ctx, record.key, {
    action: 'approve-minutes',
    changes: { approvedAt: entityId(approving) },
    statements: [],
    set: {
      minutes_status: 'approved',
      approved_by_event_id: approving.eventId,
      approved_by_occurrence: approving.occurrence,
      approved_at: stamp(ctx.now),
    },
  });
}

// --- Actions -------------------------------------------------------------------------------------

/**
 * An open action's deadline on the calendar: the due date as an all-day deadline of the meeting's
 * group, seen by whoever may see the meeting. An action from an exempt item is never public: it
 * is for the group's members (or confidential, for a meeting without a group).
 */
/** What an action's deadline and owner need to know of its meeting. */
export type ActionMeeting = Pick<MeetingRecord, 'key' | 'event' | 'when' | 'start' | 'items' | 'attendance'>;

export function deadlineFields(
  record: ActionMeeting,
  action: ActionFields & { exempt: boolean; itemNumber: number | null; itemTitle: string | null },
  publicUrl: string,
): EventFields {
  const meetingVisibility = record.event.visibility;
  let visibility: Visibility = meetingVisibility;
  if (action.exempt && (meetingVisibility === 'public' || meetingVisibility === 'partners')) {
    visibility = record.event.groupId ? 'group' : 'confidential';
  }
  const title = `Action: ${action.description}`;
  const item =
    action.itemNumber === null ? '' : `, item ${action.itemNumber}${action.exempt || !action.itemTitle ? '' : ` (${action.itemTitle})`}`;
  return {
    kind: 'deadline',
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    description: `Action from ${record.event.title}, ${formatWhenUk(record.when, record.event.timezone)}${item}.\nOwner: ${action.owner}.`,
    location: '',
    links: publicUrl ? [{ title: 'Meeting record', url: `${publicUrl}${meetingPath(record.key)}` }] : [],
    when: { allDay: true, startDate: action.dueDate, endDate: action.dueDate },
    timezone: DEFAULT_ZONE,
    rrule: null,
    themes: [],
    organisationId: record.event.organisationId,
    groupId: record.event.groupId,
    parentId: null,
    visibility,
    status: 'published',
  };
}

/** The owner's subscription to the deadline's reminders (topic "event:<deadline id>"). */
function ownerSubscription(store: Store, personId: string, deadlineId: string, now: string): CompiledQuery {
  return store.db
    .insertInto('reminder_subscriptions')
    .values({
      id: newId(),
      person_id: personId,
      topic: `event:${deadlineId}`,
      lead_times: JSON.stringify(ACTION_REMINDER_LEADS),
      paused: 0,
      unsubscribed_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['person_id', 'topic']).doUpdateSet({ unsubscribed_at: null, updated_at: now }))
    .compile();
}

function dropSubscription(store: Store, personId: string, deadlineId: string): CompiledQuery {
  return store.db
    .deleteFrom('reminder_subscriptions')
    .where('person_id', '=', personId)
    .where('topic', '=', `event:${deadlineId}`)
    .compile();
}

function itemInfo(record: ActionMeeting, itemId: string | null) {
  const item = itemId ? record.items.find((i) => i.id === itemId) : undefined;
  return { exempt: item?.exempt ?? false, itemNumber: item?.number ?? null, itemTitle: item?.title ?? null };
}

/** The owner in words: what was typed, or the member's name or role. */
function ownerText(record: ActionMeeting, fields: ActionFields): string {
  if (fields.owner) return fields.owner;
  return record.attendance.find((a) => a.personId === fields.ownerPersonId)?.name ?? '';
}

/**
 * The statements that record an action; an open one also becomes a deadline event on the calendar
 * (through the events repository's statement builders) and, when its owner is a member, a
 * subscription that reminds them before the due date.
 */
export function actionStatements(
  store: Store,
  record: ActionMeeting,
  fields: ActionFields,
  ctx: WriteContext,
  publicUrl: string,
): { id: string; statements: CompiledQuery[] } {
  const id = newId();
  const now = stamp(ctx.now);
  const owner = ownerText(record, fields);
  const statements: CompiledQuery[] = [];
  let deadlineId: string | null = null;
  if (isOpenAction(fields.status)) {
    const deadline = insertEventStatements(
      store,
      deadlineFields(record, { ...fields, owner, ...itemInfo(record, fields.agendaItemId) }, publicUrl),
      ctx,
    );
    deadlineId = deadline.id;
    statements.push(...deadline.statements);
    if (fields.ownerPersonId) statements.push(ownerSubscription(store, fields.ownerPersonId, deadlineId, now));
  }
  statements.push(
    store.db
      .insertInto('meeting_actions')
      .values({
        id,
        event_id: record.key.eventId,
        occurrence: record.key.occurrence,
        group_id: record.event.groupId,
        agenda_item_id: fields.agendaItemId,
        description: fields.description,
        owner_person_id: fields.ownerPersonId,
        owner,
        due_date: fields.dueDate,
        status: fields.status,
        raised_at: record.start,
        completed_at: isOpenAction(fields.status) ? null : now,
        deadline_event_id: deadlineId,
        created_at: now,
        updated_at: now,
      })
      .compile(),
    audit(store, ctx, record.key, 'add-action', { id, description: fields.description, owner, dueDate: fields.dueDate }),
  );
  return { id, statements };
}

/** Records an action (see actionStatements) in one batch. */
export async function addAction(
  store: Store,
  record: MeetingRecord,
  fields: ActionFields,
  ctx: WriteContext,
  publicUrl: string,
): Promise<string> {
  const now = stamp(ctx.now);
  const { id, statements } = actionStatements(store, record, fields, ctx, publicUrl);
  await store.batch([ensureMeeting(store, record.key, now), ...statements, touchMeeting(store, record.key, now)]);
  return id;
}

/**
 * Changes an action. Its deadline follows: moved or renamed while open, cancelled when the action
 * is done or withdrawn, a fresh deadline if it is reopened; the owner's reminders follow the owner.
 */
export async function updateAction(
  store: Store,
  record: MeetingRecord,
  current: Action,
  fields: ActionFields,
  ctx: WriteContext,
  publicUrl: string,
): Promise<void> {
  const now = stamp(ctx.now);
  const owner = ownerText(record, fields);
  const statements: CompiledQuery[] = [];
  const deadline = current.deadlineEventId ? await getEvent(store, current.deadlineEventId) : null;
  const wanted = deadlineFields(record, { ...fields, owner, ...itemInfo(record, fields.agendaItemId) }, publicUrl);
  let deadlineId = current.deadlineEventId;
  const liveDeadline = deadline && deadline.status !== 'cancelled' ? deadline : null;
  if (isOpenAction(fields.status)) {
    if (liveDeadline) {
      statements.push(...updateEventStatements(store, liveDeadline, wanted, ctx));
    } else {
      const fresh = insertEventStatements(store, wanted, ctx);
      statements.push(...fresh.statements);
      deadlineId = fresh.id;
    }
  } else if (liveDeadline) {
    statements.push(...cancelEventStatements(store, liveDeadline, `the action is ${fields.status}`, ctx));
  }
  // Reminders follow the owner and the deadline: the old subscription goes when either changes.
  if (
    current.ownerPersonId &&
    current.deadlineEventId &&
    (current.ownerPersonId !== fields.ownerPersonId || deadlineId !== current.deadlineEventId)
  ) {
    statements.push(dropSubscription(store, current.ownerPersonId, current.deadlineEventId));
  }
  if (
    fields.ownerPersonId &&
    deadlineId &&
    isOpenAction(fields.status) &&
    (fields.ownerPersonId !== current.ownerPersonId || deadlineId !== current.deadlineEventId)
  ) {
    statements.push(ownerSubscription(store, fields.ownerPersonId, deadlineId, now));
  }
  const completing = !isOpenAction(fields.status);
  statements.push(
    store.db
      .updateTable('meeting_actions')
      .set({
        agenda_item_id: fields.agendaItemId,
        description: fields.description,
        owner_person_id: fields.ownerPersonId,
        owner,
        due_date: fields.dueDate,
        status: fields.status,
        completed_at: completing ? (current.completedAt ?? now) : null,
        deadline_event_id: deadlineId,
        updated_at: now,
      })
      .where('id', '=', current.id)
      .compile(),
  );
  await applyChange(store, ctx, record.key, {
    action: 'update-action',
    changes: { id: current.id, status: [current.status, fields.status], dueDate: fields.dueDate, owner },
    statements,
  });
}
