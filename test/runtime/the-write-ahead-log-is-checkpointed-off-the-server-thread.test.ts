/**
 * ADR 295: SQLite checkpoints its write-ahead log inside the commit that takes it past 1,000 pages,
 * on the committing connection: with better-sqlite3, the server's only thread, 12-25 ms inside a
 * request at 100k events. The server hands checkpoints to a worker thread with its own connection.
 */
import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSqlite, openSqlite } from '../../src/runtime/sqlite.js';
import { CHECKPOINT_FALLBACK_PAGES, startCheckpointer, type CheckpointResult } from '../../src/runtime/sqlite-checkpoint.js';

const dir = mkdtempSync(join(tmpdir(), 'safercal-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the write-ahead log', () => {
  it("is written back into the database file by the worker, while the server's connection only commits", async () => {
    const path = join(dir, 'calendar.sqlite');
    const handle = openSqlite(path);
    migrateSqlite(handle.sqlite);
    const logged: string[] = [];
    const checkpointer = startCheckpointer(handle.sqlite, (line) => logged.push(line), 50);
    // The server's own automatic checkpoint is only the fallback now.
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(CHECKPOINT_FALLBACK_PAGES);

    const results: CheckpointResult[] = [];
    checkpointer.onCheckpoint((r) => results.push(r));
    // ~300 pages of log: under SQLite's default threshold (1,000), so without the worker nothing
    // would write them back into the file yet.
    const rows = Array.from({ length: 600 }, (_, i) => ({ name: `setting-${i}`, value: 'x'.repeat(1500) }));
    for (let i = 0; i < rows.length; i += 50) {
      await handle.store.batch([
        handle.store.db
          .insertInto('notify_settings')
          .values(rows.slice(i, i + 50))
          .compile(),
      ]);
    }
    await expect.poll(() => results.some((r) => r.log > 0 && r.checkpointed === r.log), { timeout: 5000 }).toBe(true);

    // The database file alone (as if the log were lost) already holds every row.
    const copy = join(dir, 'file-alone.sqlite');
    copyFileSync(path, copy);
    const alone = new BetterSqlite3(copy, { readonly: true });
    expect(alone.prepare(`select count(*) from notify_settings where name like 'setting-%'`).pluck().get()).toBe(600);
    alone.close();

    await checkpointer.stop();
    await checkpointer.stop();
    expect(logged).toEqual([]);
    await handle.close();
  });
});
