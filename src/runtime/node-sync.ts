/** @module Every minute on Node: one pass of the synced feeds that are due (as reminders are). */
import type { Store } from '../db/store.js';
import type { Clock } from '../domain/clock.js';
import type { Fetcher } from '../import/fetch.js';
import { runSync } from '../import/sync.js';
import { everyMinute } from './node-cron-task.js';

export function scheduleSync(deps: { store: Store; fetcher: Fetcher }, clock: Clock, log: (line: string) => void): () => Promise<void> {
  return everyMinute('sync', () => runSync({ ...deps, log }, clock()), log);
}
