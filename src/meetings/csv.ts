/**
 * @module Attendance as CSV for organisers: one meeting, or every meeting of a group in a year
 * (for the annual report or an allowance claim). One row per member per meeting; times in UK
 * local time. Cells are written by toCsv, which guards against spreadsheet formula injection.
 */
import { DateTime } from 'luxon';
import type { Store } from '../db/store.js';
import { toCsv } from '../domain/csv.js';
import { DEFAULT_ZONE } from '../domain/time.js';
import { ORGANISER } from '../domain/visibility.js';
import { CAPACITY_LABELS } from './capacity.js';
import { quorumState, type MeetingRecord } from './meeting.js';
import { loadMeeting } from './queries.js';
import { groupMeetings } from './service.js';

const HEADER = [
  'meeting',
  'date',
  'time',
  'name',
  'role',
  'organisation',
  'capacity',
  'attendance',
  'substitute',
  'apology note',
  'quorate',
];

const STATUS_WORDS = { present: 'present', apologies: 'apologies', absent: 'absent' } as const;

function rows(record: MeetingRecord): string[][] {
  const start = DateTime.fromISO(record.start, { zone: DEFAULT_ZONE });
  const quorum = quorumState(record.group?.quorum ?? null, record.attendance, record.attendanceRecordedAt !== null);
  const quorate =
    quorum.met === null ? '' : quorum.phase === 'recorded' ? (quorum.met ? 'yes' : 'no') : quorum.met ? 'expected' : 'not expected';
  return record.attendance.map((a) => [
    record.event.title,
    start.toISODate()!,
    record.event.when.allDay ? '' : start.toFormat('HH:mm'),
    a.name,
    a.role,
    a.organisation ?? '',
    CAPACITY_LABELS[a.capacity],
    a.status ? `${STATUS_WORDS[a.status]}${a.source === 'apology' ? ' (sent by email)' : ''}` : 'not recorded',
    a.substitute,
    a.note,
    quorate,
  ]);
}

/** One meeting's attendance. */
export function meetingAttendanceCsv(record: MeetingRecord): string {
  return toCsv([HEADER, ...rows(record)]);
}

/** Every meeting of a group whose start falls in `year` (UK time), earliest first. */
export async function groupAttendanceCsv(store: Store, groupId: string, year: number): Promise<string> {
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: DEFAULT_ZONE });
  const meetings = await groupMeetings(store, ORGANISER, groupId, from, from.plus({ years: 1 }));
  const out: string[][] = [HEADER];
  for (const m of meetings) {
    const record = await loadMeeting(store, m.key);
    if (record && !record.cancelled) out.push(...rows(record));
  }
  return toCsv(out);
}

/** A file name for the download, e.g. "safermk-board-attendance-2019.csv". */
export function attendanceFileName(slug: string, suffix: string): string {
  return `${slug}-attendance-${suffix}.csv`.replace(/[^A-Za-z0-9._-]+/g, '-');
}
