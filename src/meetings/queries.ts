/**
 * @module Reading meetings: one meeting's whole record (a handful of indexed queries, each bounded
 * by the meeting or the group), a group's meetings in a year, and a document's row. Everything
 * per meeting is keyed by (event_id, occurrence).
 */
import type { Selectable } from 'kysely';
import { getGroup } from '../db/directory.js';
import { getEvent } from '../db/events.js';
import type { AgendaItemsTable, MeetingActionsTable, MeetingDocumentsTable } from '../db/schema.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrenceStart } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { occurrenceState } from '../notify/occurrence-state.js';
import type { Capacity } from './capacity.js';
import { statementChunks } from '../db/dialect.js';
import type {
  Action,
  ActionStatus,
  AgendaItem,
  AttendanceEntry,
  AttendanceStatus,
  MeetingDocument,
  MeetingKey,
  MeetingRecord,
  MeetingRef,
  MinutesStatus,
} from './meeting.js';

/** How many matters arising a meeting lists at most (the oldest open ones first). */
const MATTERS_ARISING_LIMIT = 100;

export function documentFromRow(r: Selectable<MeetingDocumentsTable>): MeetingDocument {
  return {
    id: r.id,
    agendaItemId: r.agenda_item_id,
    purpose: r.purpose as MeetingDocument['purpose'],
    title: r.title,
    url: r.url,
    fileName: r.file_name,
    mediaType: r.media_type,
    sizeBytes: r.size_bytes,
    createdAt: r.created_at,
  };
}

function actionFromRow(r: Selectable<MeetingActionsTable> & { exempt: number | null; position: number | null }): Action {
  return {
    id: r.id,
    meeting: { eventId: r.event_id, occurrence: r.occurrence },
    agendaItemId: r.agenda_item_id,
    description: r.description,
    ownerPersonId: r.owner_person_id,
    owner: r.owner,
    dueDate: r.due_date,
    status: r.status as ActionStatus,
    raisedAt: r.raised_at,
    completedAt: r.completed_at,
    deadlineEventId: r.deadline_event_id,
    exempt: r.exempt === 1,
    itemNumber: r.position,
  };
}

/**
 * The date of `event` that `occurrence` names, as it is now: its time, place and start, whether it
 * was cancelled (and the organiser's words why); or null when the event has no such date (a one-off meeting takes '' only; a
 * series takes the RECURRENCE-ID of one of its dates).
 */
export function meetingDate(
  event: CalendarEvent,
  occurrence: string,
): { when: CalendarEvent['when']; location: string; start: string; cancelled: boolean; cancelReason: string } | null {
  if (event.rrule ? occurrence === '' : occurrence !== '') return null;
  const state = occurrenceState(event, occurrence);
  if (state.cancelled && state.reason === 'the series no longer has this date') return null;
  return {
    when: state.when,
    location: state.location,
    start: utcIso(occurrenceStart(state.when, event.timezone)),
    cancelled: state.cancelled,
    cancelReason: state.cancelled ? state.organiserReason : '',
  };
}

/** A meeting named by its key, or null when the event is not a meeting or has no such date. */
export async function meetingEvent(
  store: Store,
  key: MeetingKey,
): Promise<{ event: CalendarEvent; date: NonNullable<ReturnType<typeof meetingDate>> } | null> {
  const event = await getEvent(store, key.eventId);
  if (!event || event.kind !== 'meeting') return null;
  const date = meetingDate(event, key.occurrence);
  return date ? { event, date } : null;
}

async function refOf(store: Store, key: MeetingKey): Promise<MeetingRef | null> {
  const found = await meetingEvent(store, key);
  return found ? { key, title: found.event.title, start: found.date.start } : null;
}

/** Everything recorded about one meeting, unfiltered (see presentMeeting for who sees what). */
export async function loadMeeting(store: Store, key: MeetingKey): Promise<MeetingRecord | null> {
  const found = await meetingEvent(store, key);
  if (!found) return null;
  const { event, date } = found;
  const [group, row, itemRows, documentRows, members, recorded, apologies, actionRows, approvedHere] = await Promise.all([
    event.groupId ? getGroup(store, event.groupId) : null,
    store.db
      .selectFrom('meetings')
      .selectAll()
      .where('event_id', '=', key.eventId)
      .where('occurrence', '=', key.occurrence)
      .executeTakeFirst(),
    store.db
      .selectFrom('agenda_items')
      .selectAll()
      .where('event_id', '=', key.eventId)
      .where('occurrence', '=', key.occurrence)
      .orderBy('position')
      .execute(),
    store.db
      .selectFrom('meeting_documents')
      .selectAll()
      .where('event_id', '=', key.eventId)
      .where('occurrence', '=', key.occurrence)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    event.groupId
      ? store.db
          .selectFrom('group_members')
          .innerJoin('people', 'people.id', 'group_members.person_id')
          .leftJoin('organisations', 'organisations.id', 'people.organisation_id')
          .select([
            'people.id',
            'people.display_name',
            'group_members.role',
            'group_members.capacity',
            'organisations.name as organisation',
          ])
          .where('group_members.group_id', '=', event.groupId)
          .execute()
      : [],
    store.db
      .selectFrom('attendance')
      .innerJoin('people', 'people.id', 'attendance.person_id')
      .leftJoin('organisations', 'organisations.id', 'people.organisation_id')
      .select([
        'attendance.person_id',
        'attendance.capacity',
        'attendance.status',
        'attendance.substitute',
        'attendance.note',
        'people.display_name',
        'people.email',
        'organisations.name as organisation',
      ])
      .where('attendance.event_id', '=', key.eventId)
      .where('attendance.occurrence', '=', key.occurrence)
      .execute(),
    store.db
      .selectFrom('apologies')
      .select(['person_id', 'note'])
      .where('event_id', '=', key.eventId)
      .where('occurrence', '=', key.occurrence)
      .execute(),
    store.db
      .selectFrom('meeting_actions')
      .leftJoin('agenda_items', 'agenda_items.id', 'meeting_actions.agenda_item_id')
      .selectAll('meeting_actions')
      .select(['agenda_items.exempt', 'agenda_items.position'])
      .where('meeting_actions.event_id', '=', key.eventId)
      .where('meeting_actions.occurrence', '=', key.occurrence)
      .orderBy('meeting_actions.created_at')
      .orderBy('meeting_actions.id')
      .execute(),
    store.db
      .selectFrom('meetings')
      .select(['event_id', 'occurrence'])
      .where('approved_by_event_id', '=', key.eventId)
      .where('approved_by_occurrence', '=', key.occurrence)
      .execute(),
  ]);

  const documents = documentRows.map(documentFromRow);
  const items: AgendaItem[] = itemRows.map((r: Selectable<AgendaItemsTable>, i) => ({
    id: r.id,
    number: i + 1,
    title: r.title,
    lead: r.lead,
    description: r.description,
    exempt: r.exempt === 1,
    exemptReason: r.exempt_reason,
    minutes: r.minutes,
    documents: documents.filter((d) => d.agendaItemId === r.id),
  }));

  const apologyOf = new Map(apologies.map((a) => [a.person_id, a.note]));
  const attendance: AttendanceEntry[] = [];
  const seen = new Set<string>();
  for (const r of recorded) {
    seen.add(r.person_id);
    const member = members.find((m) => m.id === r.person_id);
    attendance.push({
      personId: r.person_id,
      name: r.display_name ?? member?.role ?? r.email,
      role: member?.role ?? '',
      capacity: r.capacity as Capacity,
      organisation: r.organisation,
      status: r.status as AttendanceStatus,
      source: 'recorded',
      note: r.note,
      substitute: r.substitute,
    });
  }
  for (const m of members) {
    if (seen.has(m.id)) continue;
    const apology = apologyOf.get(m.id);
    attendance.push({
      personId: m.id,
      name: m.display_name ?? m.role,
      role: m.role,
      capacity: m.capacity as Capacity,
      organisation: m.organisation,
      status: apology === undefined ? null : 'apologies',
      source: apology === undefined ? null : 'apology',
      note: apology ?? '',
      substitute: '',
    });
  }
  const capacityOrder: Capacity[] = ['voting', 'co-opted', 'observer', 'officer'];
  attendance.sort(
    (a, b) =>
      capacityOrder.indexOf(a.capacity) - capacityOrder.indexOf(b.capacity) ||
      a.name.localeCompare(b.name) ||
      a.personId.localeCompare(b.personId),
  );

  const matters = event.groupId
    ? await store.db
        .selectFrom('meeting_actions')
        .leftJoin('agenda_items', 'agenda_items.id', 'meeting_actions.agenda_item_id')
        .selectAll('meeting_actions')
        .select(['agenda_items.exempt', 'agenda_items.position'])
        .where('meeting_actions.group_id', '=', event.groupId)
        .where('meeting_actions.raised_at', '<', date.start)
        .where((eb) =>
          eb.or([eb('meeting_actions.status', 'in', ['open', 'in-progress']), eb('meeting_actions.completed_at', '>=', date.start)]),
        )
        .orderBy('meeting_actions.raised_at')
        .orderBy('meeting_actions.id')
        .limit(MATTERS_ARISING_LIMIT)
        .execute()
    : [];

  const approvedBy =
    row?.approved_by_event_id && row.approved_by_occurrence !== null
      ? await refOf(store, { eventId: row.approved_by_event_id, occurrence: row.approved_by_occurrence })
      : null;
  const approves = (await Promise.all(approvedHere.map((m) => refOf(store, { eventId: m.event_id, occurrence: m.occurrence })))).filter(
    (r): r is MeetingRef => r !== null,
  );

  return {
    key,
    event,
    group,
    when: date.when,
    location: date.location,
    start: date.start,
    cancelled: date.cancelled,
    cancelReason: date.cancelReason,
    agendaPublishedAt: row?.agenda_published_at ?? null,
    agendaRevision: row?.agenda_revision ?? 0,
    othersPresent: row?.others_present ?? '',
    attendanceRecordedAt: row?.attendance_recorded_at ?? null,
    minutesStatus: (row?.minutes_status ?? 'none') as MinutesStatus,
    minutesRevision: row?.minutes_revision ?? 0,
    minutesReadyAt: row?.minutes_ready_at ?? null,
    approvedBy,
    approvedAt: row?.approved_at ?? null,
    approves,
    items,
    documents: documents.filter((d) => d.agendaItemId === null),
    attendance,
    actions: actionRows.map(actionFromRow),
    mattersArising: matters.map(actionFromRow),
  };
}

/** One document's row and the meeting it belongs to (for downloads and removal). */
export async function getDocument(
  store: Store,
  id: string,
): Promise<(MeetingDocument & { key: MeetingKey; storageKey: string | null }) | null> {
  const row = await store.db.selectFrom('meeting_documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...documentFromRow(row), key: { eventId: row.event_id, occurrence: row.occurrence }, storageKey: row.storage_key } : null;
}

/** One agenda item's row with its meeting key. */
export async function getAgendaItem(store: Store, id: string) {
  return store.db.selectFrom('agenda_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One action's row. */
export async function getAction(store: Store, id: string) {
  return store.db.selectFrom('meeting_actions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What the group page lists for each meeting: whether it has an agenda, minutes, attendance. */
export interface MeetingSummary {
  agendaPublished: boolean;
  minutesStatus: MinutesStatus;
  attendanceRecorded: boolean;
}

/** Summaries of the meetings of some events (chunked under D1's 100-parameter limit). */
export async function meetingSummaries(store: Store, eventIds: string[]): Promise<Map<string, MeetingSummary>> {
  const out = new Map<string, MeetingSummary>();
  const unique = [...new Set(eventIds)];
  for (const part of statementChunks(unique)) {
    const rows = await store.db
      .selectFrom('meetings')
      .select(['event_id', 'occurrence', 'agenda_published_at', 'minutes_status', 'attendance_recorded_at'])
      .where('event_id', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(`${r.event_id}\u0000${r.occurrence}`, {
        agendaPublished: r.agenda_published_at !== null,
        minutesStatus: r.minutes_status as MinutesStatus,
        attendanceRecorded: r.attendance_recorded_at !== null,
      });
    }
  }
  return out;
}

export function summaryKey(key: MeetingKey): string {
  return `${key.eventId}\u0000${key.occurrence}`;
}
