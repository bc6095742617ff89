/** @module Every minute on Node: one pass of the synced feeds that are due (node-cron, as reminders). */
import cron from 'node-cron';
import type { Store } from '../db/store.js';
import type { Clock } from '../domain/clock.js';
import type { Fetcher } from '../import/fetch.js';
import { runSync } from '../import/sync.js';

export function scheduleSync(deps: { store: Store; fetcher: Fetcher }, clock: Clock, log: (line: string) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(
    '* * * * *',
    async () => {
      if (running) return;
      running = runSync({ ...deps, log }, clock()).catch((error: unknown) => {
        log(`sync pass failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await running;
      running = null;
    },
    { noOverlap: true, name: 'sync' },
  );
  return async () => {
    await task.stop();
    await running;
  };
}
