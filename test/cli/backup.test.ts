/**
 * `npm run cli -- backup <file>` copies the database consistently while another process (the
 * server) keeps writing to it, and the copy restores: the app opened on it serves every event it
 * holds, each with its themes and its audit record. (A plain copy of the live WAL file lost 5 of
 * 133 events and 22 of 343 audit rows.)
 */
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { openSqlite } from '../../src/runtime/sqlite.js';
import { useCliDatabase } from './support.js';

describe('npm run cli -- backup', () => {
  const db = useCliDatabase('safercal-cli-backup-');

  it('copies the calendar while another process writes to it, and the copy restores whole', async () => {
    await db.cli('seed');
    const source = db.env.DATABASE_PATH!;
    const backup = join(source, '..', 'backup.sqlite');

    const writer = spawn(process.execPath, ['--import', 'tsx', 'test/cli/busy-writer.ts'], {
      env: { ...process.env, DATABASE_PATH: source },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let written = 0;
    const writing = new Promise<void>((resolve) =>
      writer.stdout!.on('data', (chunk: Buffer) => {
        written = Number(chunk.toString().trim().split('\n').at(-1));
        if (written >= 20) resolve();
      }),
    );
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    try {
      await writing;
      const out = await db.cli('backup', backup);
      expect(out.at(-1)).toMatch(/^backed up .* to .*backup\.sqlite \(\d+ pages, \d+ ms\)$/);
      const writtenAtBackup = written;
      while (written < writtenAtBackup + 20) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      writer.kill('SIGTERM');
      await exited;
    }

    const copy = new BetterSqlite3(backup, { readonly: true });
    const live = new BetterSqlite3(source, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (d: BetterSqlite3.Database, sql: string) => (d.prepare(sql).get() as { n: number }).n;
      const events = count(copy, 'SELECT count(*) AS n FROM events');
      const stalls = count(copy, "SELECT count(*) AS n FROM events WHERE title LIKE 'Partner stall %'");
      // A snapshot taken mid-stream: some of the writer's events, not those written after.
      expect(stalls).toBeGreaterThanOrEqual(20);
      expect(count(live, 'SELECT count(*) AS n FROM events')).toBeGreaterThan(events);
      // Whole changes only: every event with its themes and its audit record, none without.
      expect(count(copy, "SELECT count(*) AS n FROM audit_log WHERE entity = 'event' AND action = 'create'")).toBe(events);
      expect(
        count(copy, "SELECT count(*) AS n FROM event_themes WHERE event_id IN (SELECT id FROM events WHERE title LIKE 'Partner stall %')"),
      ).toBe(2 * stalls);
      // The writer numbers its events: the copy holds the first N of them, no gap.
      expect(count(copy, "SELECT max(CAST(substr(title, 15) AS INTEGER)) AS n FROM events WHERE title LIKE 'Partner stall %'")).toBe(
        stalls,
      );
      // And each row is the row the live database has.
      const rows = copy.prepare('SELECT * FROM events ORDER BY id').all();
      const same = live.prepare(`SELECT * FROM events WHERE id IN (${rows.map(() => '?').join(',')}) ORDER BY id`);
      expect(same.all(...rows.map((r) => (r as { id: string }).id))).toEqual(rows);
    } finally {
      copy.close();
      live.close();
    }

    // Restoring is putting the file back where DATABASE_PATH points (with the server stopped).
    const restoredPath = join(source, '..', 'restored.sqlite');
    copyFileSync(backup, restoredPath);
    const restored = openSqlite(restoredPath);
    try {
      const app = createApp({
        store: restored.store,
        clock: systemClock,
        mailer: { send: async () => ({ id: 'unused' }) },
        config: configFromEnv({}),
      });
      const res = await app.request('/api/events?limit=500&q=stall');
      const body = (await res.json()) as { events: unknown[]; page: { next: string | null } };
      const stallsInCopy = (
        restored.sqlite.prepare("SELECT count(*) AS n FROM events WHERE title LIKE 'Partner stall %'").get() as { n: number }
      ).n;
      expect(body.page.next).toBeNull();
      expect(body.events).toHaveLength(stallsInCopy);
    } finally {
      await restored.close();
    }
    await expect(db.cli('backup', backup)).rejects.toThrow(/already exists; back up to a new file/);
  }, 60_000);
});
