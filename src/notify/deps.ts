/** @module What a reminder pass needs. Both runtimes build this; nothing here is Node- or Workers-specific. */
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Mailer } from './mailer.js';
import { DEFAULT_MAINTENANCE, type MaintenanceOptions } from '../occurrences/maintain.js';

export interface NotifyDeps {
  store: Store;
  mailer: Mailer;
  config: Config;
  log?: (line: string) => void;
}

export interface DispatchOptions {
  /** How long a claim protects a row from other dispatchers (see docs/decisions.md). */
  leaseMs: number;
  /** Rows claimed per UPDATE. */
  batchSize: number;
  /** Emails in flight at once (the SMTP pool has its own connection limit). */
  concurrency: number;
  /** Attempts before a delivery shows as failed. */
  maxAttempts: number;
  /** How far ahead rows are planned (they wait as 'pending' until due). */
  planAheadMs: number;
  /** Stop claiming new rows after this long (a cron pass should end before the next one). */
  timeBudgetMs: number;
  /**
   * At most this many rows per pass. A Workers cron run has a cap on D1 queries; the rest wait,
   * unclaimed and unharmed, for the next minute's pass instead of being cut off mid-send.
   */
  maxClaims: number;
  /** How much occurrence-index upkeep one pass may do (src/occurrences/maintain.ts). */
  indexMaintenance: MaintenanceOptions;
}

/**
 * The lease must outlast the slowest batch: 40 rows over 10 sends in flight is 4 sends per worker,
 * each bounded by the SMTP mailer's timeouts (15 s to connect, 60 s of silence), so under 5 minutes.
 */
export const DEFAULT_DISPATCH: DispatchOptions = {
  leaseMs: 5 * 60_000,
  batchSize: 40,
  concurrency: 10,
  maxAttempts: 8,
  planAheadMs: 2 * 24 * 60 * 60_000,
  timeBudgetMs: 50_000,
  maxClaims: Number.POSITIVE_INFINITY,
  indexMaintenance: DEFAULT_MAINTENANCE,
};

/** Retry delay after the n-th failed attempt: 1, 2, 4, 8, 16, 32 minutes, then hourly. */
export function backoffMs(attempt: number): number {
  return Math.min(60, 2 ** Math.max(0, attempt - 1)) * 60_000;
}
