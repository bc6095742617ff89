/**
 * @module The reminder commands of the operators' CLI: run a dispatcher pass at a chosen time,
 * list the emails the built-in outbox kept, and show who was sent what for an event.
 */
import type { Store } from '../db/store.js';
import type { Config } from '../config.js';
import { DateTime } from 'luxon';
import { systemClock } from '../domain/clock.js';
import { yearRangeProblem } from '../domain/time.js';
import { runDue } from '../notify/dispatch.js';
import { getKeptEmail, listKeptEmails } from '../notify/outbox-mailer.js';
import { deliveryLog } from '../notify/reports.js';
import { mailFromEnv } from '../runtime/node-mail.js';

export const NOTIFY_USAGE = `  dispatch [--now <ISO time>]       one reminder pass: plan, then send everything due at that time
                                   (default: now); mail goes to SMTP_URL, else to the built-in outbox
  outbox list [--limit N]          emails kept by the built-in outbox, newest first
  outbox show <id>                 one kept email: headers, text and the calendar invitation
  deliveries <event id>            the delivery log of an event: who was sent what, when, and how it went`;

export class NotifyCommandError extends Error {}

/**
 * The instant a `--now <ISO date-time>` option names (dispatch, seed), or undefined when it is not
 * given. Throws NotifyCommandError for anything but a date-time like 2022-10-26T17:00:00Z, or one
 * outside the years the calendar accepts (src/domain/time.ts yearRangeProblem).
 */
export function nowOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const now = new Date(value);
  if (Number.isNaN(now.getTime()) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    throw new NotifyCommandError(`--now must be an ISO date-time like 2022-10-26T17:00:00Z (got "${value}")`);
  }
  const range = yearRangeProblem(DateTime.fromJSDate(now));
  if (range) throw new NotifyCommandError(`--now ${range}`);
  return now;
}

export async function notifyCommand(
  store: Store,
  env: NodeJS.ProcessEnv,
  config: Config,
  positionals: (string | undefined)[],
  values: { now?: string; limit?: string },
  out: (line: string) => void,
): Promise<void> {
  const [command, sub, arg] = positionals;
  if (command === 'dispatch') {
    const now = nowOption(values.now) ?? systemClock();
    const mail = mailFromEnv(env, store, systemClock, config);
    try {
      const report = await runDue({ store, mailer: mail.mailer, config, log: out }, now, { timeBudgetMs: Number.POSITIVE_INFINITY });
      out(
        `dispatch at ${now.toISOString()} via ${mail.description}: sent ${report.sent}, retrying ${report.retrying}, failed ${report.failed}, not sent ${report.ended}` +
          (report.halted ? ` (stopped: ${report.halted})` : ''),
      );
      // PostgreSQL with running instances: one of them holds the scheduler lock (ADR 131).
      if (report.planner === false) {
        out('planning skipped: another instance is doing the index upkeep and reminder planning now (it plans what this pass did not)');
      }
    } finally {
      mail.close();
    }
    return;
  }
  if (command === 'outbox') {
    if (sub === 'list' || sub === undefined) {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new NotifyCommandError('--limit must be a whole number from 1 to 1000');
      const { emails, total } = await listKeptEmails(store, { limit, offset: 0 });
      if (!total) out('the outbox is empty (with SMTP_URL set, emails are sent instead of kept)');
      for (const e of emails) out(`${e.createdAt}  ${e.id}  to ${e.to.join(', ')}  ${e.subject}`);
      if (total > emails.length) out(`… ${total - emails.length} older; use --limit`);
      return;
    }
    if (sub === 'show') {
      if (!arg) throw new NotifyCommandError('outbox show needs an id from outbox list');
      const e = await getKeptEmail(store, arg);
      if (!e) throw new NotifyCommandError(`no kept email with id "${arg}"`);
      out(`Message-ID: ${e.messageId}\nFrom: ${e.from}\nTo: ${e.to.join(', ')}\nSubject: ${e.subject}`);
      for (const [k, v] of Object.entries(e.headers ?? {})) out(`${k}: ${v}`);
      out(`\n${e.text}`);
      if (e.calendar) out(`\n--- invitation (text/calendar; method=${e.calendar.method}) ---\n${e.calendar.content}`);
      return;
    }
    throw new NotifyCommandError('outbox needs a subcommand: list or show');
  }
  if (command === 'deliveries') {
    if (!sub) throw new NotifyCommandError('deliveries needs an event id');
    const log = await deliveryLog(store, sub);
    if (!log.length) out('no deliveries planned or sent for this event');
    for (const d of log) {
      out(
        `${d.status.padEnd(9)} ${d.kind.padEnd(12)} ${d.rule.padEnd(10)} ${d.recipient}  due ${d.dueAt}${d.sentAt ? `  sent ${d.sentAt}` : ''}${d.messageId ? `  ${d.messageId}` : ''}${d.lastError ? `  (${d.lastError})` : ''}`,
      );
    }
    return;
  }
  throw new NotifyCommandError(`unknown command "${command}"`);
}
