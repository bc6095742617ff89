/**
 * @module Checkpointing a running server's SQLite write-ahead log without holding its event loop.
 * By default SQLite checkpoints inside the commit that takes the log past 1,000 pages
 * (sqlite.org/wal.html#automatic_checkpoint), on the connection that committed: with
 * better-sqlite3 that is the server's one thread. On the 100k-event benchmark calendar (1 GB) one
 * such checkpoint wrote ~1,200 pages back into the file in 12-25 ms, inside whichever request or
 * reminder pass happened to commit then: a series edit's batch took 30-35 ms instead of 10 (ADR 295).
 * Here the server's connection checkpoints only as a fallback (a log of CHECKPOINT_FALLBACK_PAGES,
 * should this worker stop), and a worker thread with a connection of its own runs a PASSIVE
 * checkpoint every CHECKPOINT_EVERY_MS: PASSIVE waits for no reader or writer (sqlite.org/c3ref/
 * wal_checkpoint_v2.html), so the server goes on reading and writing meanwhile, and the next
 * writer after a complete checkpoint starts the log again from its beginning.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the worker checkpoints (ms). A minute's reminder pass at 100k events writes a few hundred pages. */
export const CHECKPOINT_EVERY_MS = 500;

/**
 * The server connection's own automatic checkpoint, kept as a fallback: 10,000 pages (~40 MB of
 * log at SQLite's 4 KiB pages), which the worker's checkpoints keep the log well below.
 */
export const CHECKPOINT_FALLBACK_PAGES = 10_000;

/**
 * The worker: CommonJS (an eval'd worker), so it runs the same under tsx and plain Node (as the
 * statistics worker, src/runtime/sqlite-statistics.ts). It reports each checkpoint's result
 * (frames in the log, frames written back) when the parent asks for reports (tests).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
let report = false;
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (report) parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'report') report = true;
  if (message === 'stop') {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
`;

/** One checkpoint's result, as SQLite reports it: frames in the log, frames written back into the file. */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** Calls `listener` with each checkpoint's result from now on (for tests and diagnostics). */
  onCheckpoint(listener: (result: CheckpointResult) => void): void;
  /** Runs a last checkpoint, closes the worker's connection and ends the worker. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Moves the checkpoints of the file `sqlite` has open (a WAL-mode file, not ':memory:') to a worker
 * thread, and sets `sqlite`'s own automatic checkpoint to the fallback. The worker never keeps the
 * process alive. A failed checkpoint (the file locked past busy_timeout) is logged through `log`
 * and tried again at the next interval; the fallback keeps the log bounded if the worker dies.
 */
export function startCheckpointer(
  sqlite: BetterSqlite3.Database,
  log: (line: string) => void,
  everyMs: number = CHECKPOINT_EVERY_MS,
): Checkpointer {
  sqlite.pragma(`wal_autocheckpoint = ${CHECKPOINT_FALLBACK_PAGES}`);
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { module, path: sqlite.name, everyMs } });
  worker.unref();
  const listeners: ((result: CheckpointResult) => void)[] = [];
  worker.on('message', (message: CheckpointResult | { error: string }) => {
    if ('error' in message) log(`WAL checkpoint failed (tried again in ${everyMs} ms): ${message.error}`);
    else for (const listener of listeners) listener(message);
  });
  worker.on('error', (error) => log(`the WAL checkpoint worker stopped: ${error.message}; the server's connection checkpoints instead`));
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopped = false;
  return {
    onCheckpoint(listener) {
      if (!listeners.length) worker.postMessage('report');
      listeners.push(listener);
    },
    async stop() {
      if (!stopped) {
        stopped = true;
        worker.postMessage('stop');
      }
      await ended;
    },
  };
}
