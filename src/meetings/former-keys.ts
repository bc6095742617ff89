/**
 * @module Every key a meeting date has had (migration 0029, ADR 296). A meeting date's address
 * carries its RECURRENCE-ID (src/meetings/paths.ts); a series edit that re-dates it gives it a new
 * one. Occurrence aliases keep only the keys people were reminded of (ADR 91), so a link from
 * between two edits (the key a "Changed" e-mail gave, a bookmark, a feed item's URL) found no date.
 * Here each re-dating edit keeps the key it replaced, pointing at the date's key now, and moves the
 * keys already kept for that date along, so every old key resolves in one read.
 */
import type { CompiledQuery } from 'kysely';
import { statementChunks } from '../db/dialect.js';
import type { Store } from '../db/store.js';
import type { MeetingKey } from './meeting.js';

/** A key a meeting date had (`former`) and the key it has now (`current`; occurrence '' for a one-off). */
export interface FormerKey {
  former: MeetingKey;
  current: MeetingKey;
}

const same = (a: MeetingKey, b: MeetingKey) => a.eventId === b.eventId && a.occurrence === b.occurrence;

/**
 * The former keys whose date is now one of `eventId`'s (its own dates' earlier keys, and those of
 * earlier parts of a split series): what an edit of `eventId` must move along. One read on the
 * (current_event_id, current_recurrence_id) index.
 */
export async function formerKeysInto(store: Store, eventId: string): Promise<FormerKey[]> {
  const rows = await store.db.selectFrom('former_meeting_keys').selectAll().where('current_event_id', '=', eventId).execute();
  return rows.map((r) => ({
    former: { eventId: r.event_id, occurrence: r.recurrence_id },
    current: { eventId: r.current_event_id, occurrence: r.current_recurrence_id },
  }));
}

/**
 * Statements for a series edit's batch. `moves` maps each date of `eventId` the edit planned (its
 * RECURRENCE-ID) to its key after the edit, or null when the edit ended it. A date whose key changes
 * keeps the old one as a former key; a former key of a re-dated date (`into`, read by formerKeysInto
 * before the edit) follows it; one whose date the edit ended, or that names a date again, is
 * deleted (the ended date's own key answers through its alias, when anyone held it: ADR 283).
 * `now`: the edit's UTC instant, as stored.
 */
export function formerKeysFollowStatements(
  store: Store,
  eventId: string,
  moves: ReadonlyMap<string, MeetingKey | null>,
  into: readonly FormerKey[],
  now: string,
): CompiledQuery[] {
  // Keyed by the former key: a key that is a date again and re-dated now is that date's (the later set wins).
  const kept = new Map<string, FormerKey>();
  const keep = (k: FormerKey) => kept.set(`${k.former.eventId}\u0000${k.former.occurrence}`, k);
  const deleted: MeetingKey[] = [];
  for (const key of into) {
    if (key.current.eventId !== eventId || !moves.has(key.current.occurrence)) continue;
    const to = moves.get(key.current.occurrence) ?? null;
    if (!to || same(to, key.former)) deleted.push(key.former);
    else if (!same(to, key.current)) keep({ former: key.former, current: to });
  }
  for (const [occurrence, to] of moves) {
    const former = { eventId, occurrence };
    if (to && !same(to, former)) keep({ former, current: to });
  }
  const statements: CompiledQuery[] = deleted.map((k) =>
    store.db.deleteFrom('former_meeting_keys').where('event_id', '=', k.eventId).where('recurrence_id', '=', k.occurrence).compile(),
  );
  for (const run of statementChunks([...kept.values()], { perItem: 5 })) {
    statements.push(
      store.db
        .insertInto('former_meeting_keys')
        .values(
          run.map((k) => ({
            event_id: k.former.eventId,
            recurrence_id: k.former.occurrence,
            current_event_id: k.current.eventId,
            current_recurrence_id: k.current.occurrence,
            created_at: now,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['event_id', 'recurrence_id']).doUpdateSet((eb) => ({
            current_event_id: eb.ref('excluded.current_event_id'),
            current_recurrence_id: eb.ref('excluded.current_recurrence_id'),
            created_at: eb.ref('excluded.created_at'),
          })),
        )
        .compile(),
    );
  }
  return statements;
}

/** The key the date that once had `key` has now, or null when `key` was never a re-dated meeting date's. One read by primary key. */
export async function formerKeyNow(store: Store, key: MeetingKey): Promise<MeetingKey | null> {
  if (!key.occurrence) return null;
  const row = await store.db
    .selectFrom('former_meeting_keys')
    .select(['current_event_id', 'current_recurrence_id'])
    .where('event_id', '=', key.eventId)
    .where('recurrence_id', '=', key.occurrence)
    .executeTakeFirst();
  return row ? { eventId: row.current_event_id, occurrence: row.current_recurrence_id } : null;
}
