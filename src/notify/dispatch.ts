/**
 * @module runDue: one dispatcher pass. Plans (when anything changed), applies the catch-up rule,
 * then claims due rows in batches with a lease and sends them through the Mailer it is given,
 * recording each outcome as soon as it is known. node-cron calls it every minute on Node, the
 * Worker's scheduled() on Cloudflare, `npm run cli -- dispatch --now <ISO>` by hand.
 *
 * Exactly-once, as far as SMTP allows: a row is marked sent in the statement right after the
 * server accepted it. A crash between the two leaves the row 'sending'; when its lease runs out
 * a later pass sends it again (with the same Message-ID). Those in-flight rows are the only
 * possible duplicates.
 */
import type { CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { utcIso } from '../domain/time.js';
import { compose, ComposeContext } from './compose.js';
import { backoffMs, DEFAULT_DISPATCH, type DispatchOptions, type NotifyDeps } from './deps.js';
import { LinkSigner, signingKey } from './links.js';
import {
  claimDue,
  markEndedStatement,
  markFailedStatement,
  markSentStatement,
  releaseClaimed,
  skipStale,
  type DeliveryRow,
} from './outbox.js';
import { planDue, type PlanReport } from './plan.js';
import { maintainIndex } from '../occurrences/maintain.js';

export interface PassReport {
  plan: PlanReport;
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  ended: number;
  /** Set when the pass stopped early because the mail server could not be reached. */
  halted: string | null;
}

/** Errors that mean "the server is not there" rather than "this message is refused". */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EPROTOCOL',
  'EAUTH',
  'ETLS',
]);

export function classifyError(error: unknown): { message: string; permanent: boolean; serverDown: boolean } {
  const e = error as { message?: string; code?: string; responseCode?: number; response?: string };
  const message = (e?.response ?? e?.message ?? String(error)).replace(/\s+/g, ' ').trim();
  const responseCode = typeof e?.responseCode === 'number' ? e.responseCode : null;
  // 421: the server is closing the connection (overloaded, shutting down): treat as an outage.
  const serverDown = responseCode === 421 || (responseCode === null && (CONNECTION_CODES.has(e?.code ?? '') || !e?.code));
  const permanent = responseCode !== null && responseCode >= 500 && responseCode < 600;
  return { message: responseCode ? `${responseCode} ${message}` : message, permanent, serverDown };
}

export async function runDue(deps: NotifyDeps, now: Date, options: Partial<DispatchOptions> = {}): Promise<PassReport> {
  const opts: DispatchOptions = { ...DEFAULT_DISPATCH, ...options };
  const { store } = deps;
  const nowIso = utcIso(now);
  // The index first: planning reads occurrences from it.
  await maintainIndex(store, now, opts.indexMaintenance);
  const report: PassReport = { plan: await planDue(deps, now, opts), claimed: 0, sent: 0, retrying: 0, failed: 0, ended: 0, halted: null };
  await skipStale(store, nowIso);

  const signer = new LinkSigner(await signingKey(store, deps.config.secretKey));
  const ctx = new ComposeContext(deps, signer);
  const startedAt = Date.now();

  while (!report.halted && report.claimed < opts.maxClaims && Date.now() - startedAt < opts.timeBudgetMs) {
    // The lease runs from the moment of the claim (a long CLI pass claims its last batch late).
    const leaseUntil = utcIso(DateTime.fromJSDate(now).plus({ milliseconds: Date.now() - startedAt + opts.leaseMs }));
    const { token, rows } = await claimDue(store, {
      now: nowIso,
      leaseUntil,
      limit: Math.min(opts.batchSize, opts.maxClaims - report.claimed),
    });
    if (!rows.length) break;
    report.claimed += rows.length;
    const attempted = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (!report.halted && next < rows.length) {
        const row = rows[next++]!;
        attempted.add(row.id);
        const statement = await deliver(ctx, row, token, now, opts, report);
        await store.batch([statement]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, rows.length) }, worker));
    const untried = rows.filter((r) => !attempted.has(r.id)).map((r) => r.id);
    if (untried.length) await releaseClaimed(store, token, untried, nowIso);
  }
  const p = report.plan;
  if (p.planned || p.changes || report.claimed || report.halted) {
    deps.log?.(
      `reminders at ${nowIso}: planned ${p.planned}, changes ${p.changes}, sent ${report.sent}, retrying ${report.retrying}, failed ${report.failed}, not sent ${report.ended}` +
        (report.halted ? `; stopped early: mail server unavailable (${report.halted})` : ''),
    );
  }
  return report;
}

async function deliver(
  ctx: ComposeContext,
  row: DeliveryRow,
  token: string,
  now: Date,
  opts: DispatchOptions,
  report: PassReport,
): Promise<CompiledQuery> {
  const { store, mailer } = ctx.deps;
  const nowIso = utcIso(now);
  let composed;
  try {
    composed = await compose(ctx, row, now);
  } catch (error) {
    // A bug or bad data in one row must not stop the others; it is retried, then shows as failed.
    return failure(store, row, token, now, opts, report, {
      message: `could not build the email: ${(error as Error).message}`,
      permanent: false,
    });
  }
  if (!composed.ok) {
    report.ended++;
    return markEndedStatement(store, row.id, token, composed.status, composed.reason, nowIso);
  }
  try {
    const { id } = await mailer.send(composed.message);
    report.sent++;
    return markSentStatement(store, row, token, {
      messageId: id || composed.message.messageId || '',
      now: nowIso,
      sequence: composed.told.sequence,
      toldStart: composed.told.start,
      toldLocation: composed.told.location,
    });
  } catch (error) {
    const c = classifyError(error);
    if (c.serverDown) report.halted = c.message;
    return failure(store, row, token, now, opts, report, c);
  }
}

function failure(
  store: NotifyDeps['store'],
  row: DeliveryRow,
  token: string,
  now: Date,
  opts: DispatchOptions,
  report: PassReport,
  c: { message: string; permanent: boolean },
): CompiledQuery {
  const giveUp = c.permanent || row.attempts >= opts.maxAttempts;
  if (giveUp) report.failed++;
  else report.retrying++;
  const retryAt = giveUp ? null : utcIso(new Date(now.getTime() + backoffMs(row.attempts)));
  return markFailedStatement(store, row, token, { now: utcIso(now), error: c.message, retryAt });
}
