/**
 * @module Mail and the reminder schedule on Node: SMTP when SMTP_URL is set, otherwise the
 * built-in outbox (emails kept in the database, listed by `npm run cli -- outbox list`); node-cron
 * runs one dispatcher pass a minute, never two at once in this process (other processes are kept
 * apart by the outbox's leases and, on PostgreSQL, the scheduler's advisory lock).
 */
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Clock } from '../domain/clock.js';
import { runDue } from '../notify/dispatch.js';
import type { Mailer } from '../notify/mailer.js';
import { outboxMailer } from '../notify/outbox-mailer.js';
import { everyMinute } from './node-cron-task.js';
import { smtpMailer } from './smtp-mailer.js';

export interface NodeMail {
  mailer: Mailer;
  /** "SMTP smtp://mail.example.org:587" or "the built-in outbox": for the start-up log. */
  description: string;
  close(): void;
}

export function mailFromEnv(env: NodeJS.ProcessEnv, store: Store, clock: Clock, config: Config): NodeMail {
  if (env.SMTP_URL) {
    const smtp = smtpMailer(env.SMTP_URL);
    const shown = new URL(env.SMTP_URL);
    shown.password = shown.password ? '***' : '';
    return { mailer: smtp, description: `SMTP ${shown.toString()}`, close: () => smtp.close() };
  }
  return {
    mailer: outboxMailer(store, clock, new URL(config.publicUrl).hostname),
    description: 'the built-in outbox (SMTP_URL is not set; see them with: npm run cli -- outbox list)',
    close: () => {},
  };
}

/** Every minute (or every `seconds`): one pass of planning and sending. Returns a stop function. */
export function scheduleReminders(
  deps: { store: Store; mailer: Mailer; config: Config; clock: Clock },
  log: (line: string) => void,
  seconds = 60,
): () => Promise<void> {
  return everyMinute('reminder', () => runDue({ ...deps, log }, deps.clock()), log, seconds);
}
