/**
 * @module Refreshing a running server's SQLite statistics without holding its event loop. ANALYZE
 * of the 100k-event benchmark calendar costs ~2 s CPU and 4-7 s of wall time on a busy machine
 * (one index alone up to ~100 ms even under analysis_limit). So it runs on a
 * connection of its own in a worker thread (WAL lets the server read and write meanwhile; the
 * worker's short write of sqlite_stat1 waits on busy_timeout like any writer), and the server's
 * connection then reloads the new statistics (`ANALYZE sqlite_schema`, a read of sqlite_stat1).
 * ADR 187.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { ANALYSIS_LIMIT, NO_SKIP_SCAN } from './sqlite.js';

/**
 * The worker: CommonJS (an eval'd worker), so it runs the same under tsx and plain Node. ANALYZE
 * holds the write lock for its whole statement, so it goes one index at a time (a table without
 * an index on its own), with a pause between: a server write waits at most one index's analysis
 * (~100 ms at 100k events), never the whole run.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
const pause = new Int32Array(new SharedArrayBuffer(4));
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('analysis_limit = ' + workerData.limit);
  const targets = db.prepare(
    "select coalesce(i.name, t.name) as name from sqlite_schema t left join sqlite_schema i on i.type = 'index' and i.tbl_name = t.name " +
    "where t.type = 'table' and t.name not like 'sqlite_%' order by t.name, i.name"
  ).pluck().all();
  for (const name of targets) {
    db.exec('analyze "' + name.replace(/"/g, '""') + '"');
    Atomics.wait(pause, 0, 0, 20);
  }
  db.prepare(workerData.noSkipScan).run();
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

/**
 * Takes fresh statistics of the file `sqlite` has open, in a worker thread, then loads them into
 * `sqlite`. Resolves with the wall time (ms) and the main thread's time reloading (ms); rejects
 * with the worker's error (a locked database past busy_timeout, a read-only file).
 */
export function refreshStatistics(sqlite: BetterSqlite3.Database): Promise<{ wallMs: number; reloadMs: number }> {
  const started = performance.now();
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { module, path: sqlite.name, limit: ANALYSIS_LIMIT, noSkipScan: NO_SKIP_SCAN },
    });
    let done = false;
    worker.once('message', () => {
      done = true;
      const t0 = performance.now();
      sqlite.exec('analyze sqlite_schema');
      resolve({ wallMs: performance.now() - started, reloadMs: performance.now() - t0 });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the statistics worker stopped (exit code ${code})`));
    });
  });
}

/** How often a running server refreshes its statistics: daily, the first time an hour after start. */
export const STATISTICS_FIRST_MS = 60 * 60 * 1000;
export const STATISTICS_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Refreshes the statistics an hour after start and then daily (timers that never keep the process
 * alive); logs each refresh. Returns a function that stops the schedule.
 */
export function scheduleStatistics(sqlite: BetterSqlite3.Database, log: (line: string) => void): () => void {
  const run = () =>
    refreshStatistics(sqlite).then(
      ({ wallMs, reloadMs }) => log(`statistics refreshed in ${Math.round(wallMs)} ms (${reloadMs.toFixed(1)} ms on the server's thread)`),
      (error: unknown) => log(`statistics refresh failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  let every: ReturnType<typeof setInterval> | null = null;
  const first = setTimeout(() => {
    void run();
    every = setInterval(() => void run(), STATISTICS_EVERY_MS);
    every.unref();
  }, STATISTICS_FIRST_MS);
  first.unref();
  return () => {
    clearTimeout(first);
    if (every) clearInterval(every);
  };
}
