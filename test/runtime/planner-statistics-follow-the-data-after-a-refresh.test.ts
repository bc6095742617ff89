/**
 * ADR 187: `PRAGMA optimize` keeps statistics taken while every delivery was pending (a bulk
 * load) although most are sent later, and the planner then reads the sent rows a tick never needs.
 * The server's refresh, run in a worker thread while this connection stays open, replaces them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseSqlite, migrateSqlite, openSqlite } from '../../src/runtime/sqlite.js';
import { refreshStatistics } from '../../src/runtime/sqlite-statistics.js';

const dir = mkdtempSync(join(tmpdir(), 'safercal-statistics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('planner statistics', () => {
  it('follow the data after a refresh, not the bulk load they were taken after', async () => {
    const handle = openSqlite(join(dir, 'calendar.sqlite'));
    migrateSqlite(handle.sqlite);
    const insert = handle.sqlite.prepare(
      `insert into reminder_deliveries (id, rule, event_id, occurrence, recipient, kind, due_at, occurrence_start, status, created_at, updated_at)
       values (?, 'r', 'e' || (? % 50), '2027-01-01T10:00:00Z', 'member-' || ? || '@example.org', 'reminder', '2026-12-31T10:00:00Z', '2027-01-01T10:00:00Z', 'pending', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')`,
    );
    handle.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`d${i}`, i, i);
    })();
    analyseSqlite(handle.sqlite);
    const stat = (idx: string) => handle.sqlite.prepare('select stat from sqlite_stat1 where idx = ?').pluck().get(idx) as string;
    // Every delivery pending: the statistics say the status narrows nothing.
    expect(stat('reminder_deliveries_active')).toMatch(/^2000 /);

    handle.sqlite.prepare(`update reminder_deliveries set status = 'sent' where id != 'd1'`).run();
    await refreshStatistics(handle.sqlite);
    // One delivery left to send.
    expect(stat('reminder_deliveries_active')).toMatch(/^1 /);
    await handle.close();
  });
});
