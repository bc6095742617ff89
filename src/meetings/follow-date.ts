/**
 * @module A meeting's record follows its date through a series edit (ADR 288). Every per-meeting
 * record (the meeting row, agenda items, papers, attendance, apologies, actions) is keyed by
 * (event, occurrence): the RECURRENCE-ID of the date, which a new time, a new weekday or a "this and
 * following" split changes. The edit moves the record of each date it re-dates to the key the date
 * has now, in its own batch, so every reader (the meeting page, the workspace, the API, the CSV, the
 * agenda e-mail) finds it under the one key it asks for.
 */
import { sql, type CompiledQuery } from 'kysely';
import type { Store } from '../db/store.js';
import { formerKeysInto, type FormerKey } from './former-keys.js';
import type { MeetingKey } from './meeting.js';

/** The tables keyed by (event_id, occurrence) whose rows are one meeting's, and the third key column of those that have one. */
const RECORD_TABLES = [
  { table: 'meetings', person: false },
  { table: 'agenda_items', person: false },
  { table: 'meeting_documents', person: false },
  { table: 'meeting_actions', person: false },
  { table: 'attendance', person: true },
  { table: 'apologies', person: true },
] as const;

/**
 * The occurrence keys of `eventId` with anything recorded for their meeting, for dates starting
 * after `now` less a day (an edit never re-dates a date that has passed; a day's margin keeps a
 * UK date key). Keys as stored (UTC instants, or dates for all-day meetings). One read a table, each on its (event_id, occurrence) index.
 */
export async function recordedMeetingDates(store: Store, eventId: string, now: Date): Promise<string[]> {
  // One read a table, not a UNION of six: D1 allows at most five terms in a compound SELECT.
  const reads = await Promise.all(
    RECORD_TABLES.map(({ table }) =>
      store.db.selectFrom(table).select('occurrence').distinct().where('event_id', '=', eventId).where('occurrence', '<>', '').execute(),
    ),
  );
  const since = now.getTime() - 86_400_000;
  const keys = new Set(reads.flat().map((r) => r.occurrence));
  return [...keys].filter((key) => Date.parse(key.length === 10 ? `${key}T00:00:00Z` : key) > since);
}

/**
 * What a series edit of a meeting carries along to each date's new key: the dates with a record
 * (recordedMeetingDates) and the keys its dates had before (ADR 296). Empty for any other kind.
 */
export interface MeetingDatesToFollow {
  recorded: string[];
  /** Of `recorded`, the dates with a published agenda or minutes: an edit may not drop them unasked (ADR 296). */
  papers: string[];
  formerKeys: FormerKey[];
}

/** The reads a series edit of `event` makes before planning, for MeetingDatesToFollow (none unless it is a meeting). */
export async function meetingDatesToFollow(store: Store, event: { id: string; kind: string }, now: Date): Promise<MeetingDatesToFollow> {
  if (event.kind !== 'meeting') return { recorded: [], papers: [], formerKeys: [] };
  const [recorded, published, formerKeys] = await Promise.all([
    recordedMeetingDates(store, event.id, now),
    store.db
      .selectFrom('meetings')
      .select('occurrence')
      .where('event_id', '=', event.id)
      .where('occurrence', '<>', '')
      .where((eb) => eb.or([eb('agenda_published_at', 'is not', null), eb('minutes_status', '<>', 'none')]))
      .execute(),
    formerKeysInto(store, event.id),
  ]);
  const papers = published.map((r) => r.occurrence).filter((key) => recorded.includes(key));
  return { recorded, papers, formerKeys };
}

/** The row of `table` already at `to` (for one person, when the table has one row per person): a key the move leaves alone. */
function taken(table: string, person: boolean, to: MeetingKey) {
  const samePerson = person ? sql` and taken.person_id = ${sql.ref(`${table}.person_id`)}` : sql``;
  return sql`(select 1 from ${sql.table(table)} as taken where taken.event_id = ${to.eventId} and taken.occurrence = ${to.occurrence}${samePerson})`;
}

/**
 * Statements moving each meeting's record from `from` to `to`, for the edit's batch. A row whose
 * key is already taken at `to` (a meeting row, or one person's attendance or apology, recorded
 * there before) stays where it was rather than overwrite it; rows with their own id always move.
 * Minutes approved at a moved meeting name its new key.
 */
export function meetingRecordsFollowStatements(store: Store, moves: readonly { from: MeetingKey; to: MeetingKey }[]): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  for (const { from, to } of moves) {
    for (const { table, person } of RECORD_TABLES) {
      statements.push(
        store.db
          .updateTable(table)
          .set({ event_id: to.eventId, occurrence: to.occurrence })
          .where('event_id', '=', from.eventId)
          .where('occurrence', '=', from.occurrence)
          .where(({ not, exists }) => (table === 'meetings' || person ? not(exists(taken(table, person, to))) : sql<boolean>`1 = 1`))
          .compile(),
      );
    }
    statements.push(
      store.db
        .updateTable('meetings')
        .set({ approved_by_event_id: to.eventId, approved_by_occurrence: to.occurrence })
        .where('approved_by_event_id', '=', from.eventId)
        .where('approved_by_occurrence', '=', from.occurrence)
        .compile(),
    );
  }
  return statements;
}
