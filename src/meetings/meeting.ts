/**
 * @module A meeting as committee systems keep it: one date of a meeting series (or a single
 * meeting) with its numbered agenda, papers, attendance, minutes and actions; and the rules for
 * who sees which part. Pure: src/meetings/queries.ts reads a MeetingRecord, `presentMeeting`
 * decides what an anonymous visitor, a member of the group or an organiser is shown, and both the
 * API and the pages show exactly that.
 */
import type { CalendarEvent, When } from '../domain/event.js';
import type { Group } from '../domain/directory.js';
import { canSee, type Viewer } from '../domain/visibility.js';
import { parseQuorum, quorumNeeded, type Capacity } from './capacity.js';

/**
 * One meeting: the event and its occurrence, the RECURRENCE-ID of one date of a series (the UTC
 * instant of its original start, e.g. '2022-09-21T17:00:00Z') or '' for a one-off meeting.
 * Every per-meeting table is keyed by this pair, as apologies and reminder_deliveries are.
 */
export interface MeetingKey {
  eventId: string;
  occurrence: string;
}

/** Who is looking: an organiser (everything), a member of the group, or anyone else allowed to see the event. */
export type Access = 'organiser' | 'member' | 'public';

export const ATTENDANCE_STATUSES = ['present', 'apologies', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const MINUTES_STATUSES = ['none', 'draft', 'ready', 'approved'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'withdrawn'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  withdrawn: 'Withdrawn',
};

/** An action still to be done (it stays a deadline on the calendar and a matter arising). */
export function isOpenAction(status: ActionStatus): boolean {
  return status === 'open' || status === 'in-progress';
}

export interface MeetingDocument {
  id: string;
  agendaItemId: string | null;
  purpose: 'paper' | 'minutes';
  title: string;
  /** A link to elsewhere, or null for an uploaded file (served at /documents/{id}). */
  url: string | null;
  fileName: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  createdAt: string;
}

export interface AgendaItem {
  id: string;
  /** 1, 2, 3 …: the item's number on the agenda. */
  number: number;
  title: string;
  /** Who leads it: a person, a role ("Chair") or an organisation, in words. */
  lead: string;
  description: string;
  /** Taken with the press and public excluded; `exemptReason` says why (e.g. Schedule 12A paragraph). */
  exempt: boolean;
  exemptReason: string;
  /** The minute of this item (discussion and what was resolved). */
  minutes: string;
  documents: MeetingDocument[];
}

export interface AttendanceEntry {
  personId: string;
  /** The display name, or the role when the directory has no name (demo data has roles only). */
  name: string;
  role: string;
  capacity: Capacity;
  organisation: string | null;
  /** Null: not recorded and no apologies sent. */
  status: AttendanceStatus | null;
  /** Where the status came from: recorded by the organiser, or apologies sent from the reminder. */
  source: 'recorded' | 'apology' | null;
  note: string;
  /** Who stood in for this member, in words (a substitute member). */
  substitute: string;
}

export interface Action {
  id: string;
  meeting: MeetingKey;
  agendaItemId: string | null;
  description: string;
  ownerPersonId: string | null;
  /** The owner in words: a role, an organisation, or the person's name. */
  owner: string;
  /** UK local date 'YYYY-MM-DD'. */
  dueDate: string;
  status: ActionStatus;
  /** UTC instant: the start of the meeting that raised it. */
  raisedAt: string;
  completedAt: string | null;
  deadlineEventId: string | null;
  /** Whether the item it came from was exempt (then the public never sees it). */
  exempt: boolean;
  /** "Item 4", for lists of matters arising; null when recorded against no item. */
  itemNumber: number | null;
}

/** A meeting elsewhere in the record (the one that approved these minutes, or one whose minutes were approved here). */
export interface MeetingRef {
  key: MeetingKey;
  title: string;
  start: string;
}

export interface MeetingRecord {
  key: MeetingKey;
  event: CalendarEvent;
  group: Group | null;
  /** This date's time and place (a moved date is where it moved to). */
  when: When;
  location: string;
  /** UTC instant the meeting starts. */
  start: string;
  cancelled: boolean;
  /** The organiser's words for a cancelled date ('' when none, or not cancelled). */
  cancelReason: string;
  agendaPublishedAt: string | null;
  agendaRevision: number;
  othersPresent: string;
  attendanceRecordedAt: string | null;
  minutesStatus: MinutesStatus;
  minutesRevision: number;
  minutesReadyAt: string | null;
  approvedBy: MeetingRef | null;
  approvedAt: string | null;
  /** Minutes of earlier meetings approved as a correct record at this one. */
  approves: MeetingRef[];
  items: AgendaItem[];
  /** Papers and minutes documents not attached to one item. */
  documents: MeetingDocument[];
  attendance: AttendanceEntry[];
  actions: Action[];
  /** Actions of the group raised at earlier meetings and open at this one's start. */
  mattersArising: Action[];
}

/** How a viewer relates to a meeting's event, or null when they may not see it at all. */
export function accessOf(viewer: Viewer, event: Pick<CalendarEvent, 'visibility' | 'status' | 'groupId'>): Access | null {
  if (!canSee(viewer, event)) return null;
  if (viewer.organiser) return 'organiser';
  if (event.groupId && viewer.groupIds.includes(event.groupId)) return 'member';
  return 'public';
}

export interface QuorumState {
  /** The rule in force, as stored ("3", "1/3"), or null when the group has none. */
  rule: string | null;
  votingMembers: number;
  /** Voting members needed; null without a rule. */
  needed: number | null;
  /** Before attendance is recorded: voting members expected (no apologies, or a substitute); after: present. */
  counted: number;
  phase: 'expected' | 'recorded';
  /** Null without a rule. */
  met: boolean | null;
}

/**
 * Whether a meeting is (or is expected to be) quorate. A voting member counts when present, or
 * when a substitute stood in for them; before the meeting, everyone who has not sent apologies is
 * expected (apologies with a named substitute still count). Co-opted members, observers and
 * officers never count.
 */
export function quorumState(rule: string | null, attendance: AttendanceEntry[], recorded: boolean): QuorumState {
  const voting = attendance.filter((a) => a.capacity === 'voting');
  const counted = voting.filter((a) =>
    recorded
      ? a.status === 'present' || (a.status === 'apologies' && a.substitute !== '')
      : a.status !== 'apologies' || a.substitute !== '',
  ).length;
  const quorum = parseQuorum(rule);
  const needed = quorum ? quorumNeeded(quorum, voting.length) : null;
  return {
    rule: quorum ? rule : null,
    votingMembers: voting.length,
    needed,
    counted,
    phase: recorded ? 'recorded' : 'expected',
    met: needed === null ? null : counted >= needed,
  };
}

/** Counts by capacity and status: what the public sees when a group shows "capacities only". */
export function attendanceCounts(
  attendance: AttendanceEntry[],
): { capacity: Capacity; present: number; apologies: number; absent: number; substitutes: number }[] {
  const out = new Map<Capacity, { capacity: Capacity; present: number; apologies: number; absent: number; substitutes: number }>();
  for (const a of attendance) {
    const row = out.get(a.capacity) ?? { capacity: a.capacity, present: 0, apologies: 0, absent: 0, substitutes: 0 };
    if (a.status) row[a.status]++;
    if (a.substitute) row.substitutes++;
    out.set(a.capacity, row);
  }
  return [...out.values()];
}

/** What one viewer is shown of a meeting; the API's JSON and the pages are both made from this. */
export interface PresentedMeeting {
  access: Access;
  record: MeetingRecord;
  /** Null before the agenda is published, for everyone but organisers. */
  items: PresentedItem[] | null;
  documents: MeetingDocument[];
  /** 'names': the list; 'counts': numbers by capacity only; 'none': nothing. */
  attendance:
    { mode: 'names'; entries: AttendanceEntry[] } | { mode: 'counts'; counts: ReturnType<typeof attendanceCounts> } | { mode: 'none' };
  quorum: QuorumState | null;
  minutes: { status: MinutesStatus; documents: MeetingDocument[] } | null;
  actions: Action[];
  mattersArising: Action[];
}

/** An item as shown: an exempt item keeps only its number and reason for the public. */
export type PresentedItem =
  | (AgendaItem & { withheld: false })
  | { withheld: true; id: string; number: number; exempt: true; exemptReason: string; minutes: ''; documents: [] };

/**
 * The rules of who sees what, in one place:
 * - agenda: organisers always; others once it is published. Exempt items: members and organisers
 *   see everything; the public sees the number and the reason only, never the papers;
 * - attendance: members and organisers see names (with apology notes); the public sees what the
 *   group allows (names without notes, numbers by capacity, or nothing);
 * - minutes: organisers and members from the first draft; the public once approved as a correct
 *   record, without exempt items;
 * - actions and matters arising: exempt items' actions are for members and organisers only.
 */
export function presentMeeting(record: MeetingRecord, access: Access): PresentedMeeting {
  const insider = access !== 'public';
  const agendaVisible = access === 'organiser' || record.agendaPublishedAt !== null;
  const minutesVisible = record.minutesStatus !== 'none' && (insider || record.minutesStatus === 'approved');
  const items: PresentedItem[] | null = agendaVisible
    ? record.items.map((item) => {
        if (item.exempt && !insider) {
          return {
            withheld: true,
            id: item.id,
            number: item.number,
            exempt: true,
            exemptReason: item.exemptReason,
            minutes: '',
            documents: [],
          };
        }
        return {
          ...item,
          withheld: false,
          minutes: minutesVisible ? item.minutes : '',
          documents: item.documents.filter((d) => d.purpose === 'paper' || minutesVisible),
        };
      })
    : null;
  const mode = insider ? 'names' : (record.group?.publicAttendance ?? 'capacities');
  const attendance: PresentedMeeting['attendance'] =
    mode === 'names'
      ? { mode: 'names', entries: insider ? record.attendance : record.attendance.map((a) => ({ ...a, note: '' })) }
      : mode === 'capacities'
        ? { mode: 'counts', counts: attendanceCounts(record.attendance) }
        : { mode: 'none' };
  const showQuorum = attendance.mode !== 'none';
  const publicAction = (a: Action) => insider || !a.exempt;
  return {
    access,
    record,
    items,
    documents: record.documents.filter((d) => (d.purpose === 'paper' ? agendaVisible : minutesVisible)),
    attendance,
    quorum: showQuorum ? quorumState(record.group?.quorum ?? null, record.attendance, record.attendanceRecordedAt !== null) : null,
    minutes: minutesVisible
      ? {
          status: record.minutesStatus,
          documents: [...record.documents, ...record.items.filter((i) => insider || !i.exempt).flatMap((i) => i.documents)].filter(
            (d) => d.purpose === 'minutes',
          ),
        }
      : null,
    actions: record.actions.filter(publicAction),
    mattersArising: record.mattersArising.filter(publicAction),
  };
}

/**
 * Whether a viewer with `access` may download a document of this meeting: the same rules as
 * presentMeeting (an exempt item's papers never reach the public; papers wait for the agenda,
 * minutes documents for the minutes).
 */
export function mayOpenDocument(record: MeetingRecord, access: Access, documentId: string): boolean {
  const presented = presentMeeting(record, access);
  const shown = [...presented.documents, ...(presented.items ?? []).flatMap((i) => i.documents), ...(presented.minutes?.documents ?? [])];
  return shown.some((d) => d.id === documentId);
}
