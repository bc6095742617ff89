/**
 * A calendar split before migration 0017 keeps one series: the migration marks as later parts
 * (`events.continues`) the repeating events linked by split_from and the one-offs a split named as
 * what continues it (its audit entry's `continuesAs`), and leaves a moved date kept as a one-off
 * unmarked (ADR 128). Real better-sqlite3, the real migration files.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateSqlite, readMigrations } from '../../src/runtime/sqlite.js';

describe('migration 0017 on a calendar split before it', () => {
  it('marks repeating parts and split-made one-offs as parts, and not a kept moved date', () => {
    const db = new Database(':memory:');
    const all = readMigrations();
    migrateSqlite(
      db,
      all.filter((m) => m.name < '0017'),
    );
    const event = db.prepare(
      `INSERT INTO events (id, kind, title, all_day, starts_at, ends_at, rrule, visibility, status, created_at, updated_at, split_from)
       VALUES (?, 'training', ?, 0, ?, ?, ?, 'public', 'published', '2026-09-01T09:00:00Z', '2026-09-01T09:00:00Z', ?)`,
    );
    const audit = db.prepare(
      `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, changes) VALUES (?, '2026-09-01T09:00:00Z', 'test', ?, 'event', ?, ?)`,
    );
    event.run('first', 'Surgery', '2026-09-07T17:00:00Z', '2026-09-07T18:00:00Z', 'FREQ=WEEKLY;UNTIL=20260913T225959Z;BYDAY=MO', null);
    // "Following" from 14 September left that one date as a one-off part, and 21 September on as a series.
    event.run('one-off-part', 'Surgery', '2026-09-14T17:00:00Z', '2026-09-14T18:00:00Z', null, 'first');
    event.run('series-part', 'Surgery', '2026-09-21T17:00:00Z', '2026-09-21T18:00:00Z', 'FREQ=WEEKLY;BYDAY=MO', 'one-off-part');
    audit.run('a1', 'split', 'first', JSON.stringify({ dates: 'following', from: '2026-09-14T17:00:00Z', continuesAs: 'one-off-part' }));
    // A moved date the new pattern had no place for, kept as a one-off (ADR 92).
    event.run('kept-moved-date', 'Surgery', '2026-09-16T17:00:00Z', '2026-09-16T18:00:00Z', null, 'first');
    audit.run('a2', 'edit-dates', 'first', JSON.stringify({ dates: 'all', keptAsOneOffs: ['kept-moved-date'] }));

    expect(migrateSqlite(db, all)).toEqual(all.filter((m) => m.name >= '0017').map((m) => m.name));
    const marked = db.prepare('SELECT id, continues FROM events ORDER BY id').all();
    expect(marked).toEqual([
      { id: 'first', continues: 0 },
      { id: 'kept-moved-date', continues: 0 },
      { id: 'one-off-part', continues: 1 },
      { id: 'series-part', continues: 1 },
    ]);
    db.close();
  });
});
