/**
 * @module runDue: one dispatcher pass. Plans (when anything changed; on PostgreSQL only in the one
 * instance that holds the scheduler lock at that moment), applies the catch-up rule,
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
import { stretchMs, timeSlicer, yieldToEventLoop } from '../feeds/yield.js';
import { onceAcrossInstances } from '../db/dialect.js';
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
  /**
   * Whether this pass kept the index and planned (false: another instance sharing the database
   * was doing it at that moment, so this one only sent).
   */
  planner?: boolean;
}

/** The name of the once-per-tick work (index upkeep, planning) among instances of one database. */
export const SCHEDULER_WORK = 'safercal scheduler: index upkeep and reminder planning';

const NOT_PLANNED: PlanReport = { ran: false, planned: 0, rescheduled: 0, withdrawn: 0, changes: 0 };

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
  const report: PassReport = { plan: { ...NOT_PLANNED }, claimed: 0, sent: 0, retrying: 0, failed: 0, ended: 0, halted: null };
  // One slicer for the pass: planning and composing share the loop's stretch (ADR 255).
  const pause = timeSlicer();
  // Once per tick across instances sharing a database: another instance already doing this work
  // covers this tick too (and the work is safe to repeat, only wasteful). Sending is shared by claims.
  report.planner = await onceAcrossInstances(store, SCHEDULER_WORK, async () => {
    // The index first: planning reads occurrences from it.
    await maintainIndex(store, now, opts.indexMaintenance);
    await pause();
    report.plan = await planDue(deps, now, opts);
  });
  await pause();
  await skipStale(store, nowIso);

  // The signing key is read once the pass has something to send (people are read per email, by
  // the ComposeContext), so a pass with nothing due costs no more than its claim.
  let context: Promise<ComposeContext> | null = null;
  const composer = () =>
    (context ??= (async () => new ComposeContext(deps, new LinkSigner(await signingKey(store, deps.config.secretKey))))());
  const claims = new Claims(store, now, opts, report, async (rows) =>
    (await composer()).prefetchAudiences(rows.map((row) => row.person_id)),
  );
  let holding = 0;
  const outcomes = new Outcomes(store, () => holding);

  // Each worker holds one row at a time, from claim until its outcome is written, so at most
  // `concurrency` rows are ever sent-but-unrecorded (the only ones a crash can send twice).
  // Composing is synchronous work (MIME, invitations, signed links: a few ms an email) and a mailer
  // that answers at once (the outbox, a local relay) gives the loop no turn of its own, so the
  // workers share a slicer that lets requests in every few milliseconds.
  const inTurn = turnTaker();
  const worker = async () => {
    for (let next = await claims.next(); next; next = await claims.next()) {
      holding++;
      try {
        await pause();
        const { row, token } = next;
        await outcomes.record(await deliver(await composer(), row, token, { now, nowIso }, opts, report, { pause, inTurn }));
      } finally {
        holding--;
        outcomes.check();
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  await claims.releaseUntried(nowIso);
  const p = report.plan;
  if (p.planned || p.changes || report.claimed || report.halted) {
    deps.log?.(
      `reminders at ${nowIso}: planned ${p.planned}, changes ${p.changes}, sent ${report.sent}, retrying ${report.retrying}, failed ${report.failed}, not sent ${report.ended}` +
        (report.halted ? `; stopped early: mail server unavailable (${report.halted})` : ''),
    );
  }
  return report;
}

/**
 * Due rows, handed to workers one at a time. A batch is claimed when the previous one has been
 * handed out (not when its last send has finished), so the workers never drain to a standstill
 * between batches while the slowest send of a batch completes.
 */
class Claims {
  private queue: { row: DeliveryRow; token: string }[] = [];
  private taken = 0;
  private claiming: Promise<void> | null = null;
  private done = false;
  private readonly startedAt = Date.now();

  constructor(
    private readonly store: NotifyDeps['store'],
    private readonly now: Date,
    private readonly opts: DispatchOptions,
    private readonly report: PassReport,
    /** Called with each batch as it is claimed, before any of it is handed out (reads its people at once). */
    private readonly onClaimed: (rows: DeliveryRow[]) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** The next row to send, or null when the pass is over (nothing due, a limit reached, or halted). */
  async next(): Promise<{ row: DeliveryRow; token: string } | null> {
    for (;;) {
      if (this.report.halted) return null;
      if (this.taken < this.queue.length) return this.queue[this.taken++]!;
      if (this.done) return null;
      this.claiming ??= this.claim().finally(() => (this.claiming = null));
      await this.claiming;
    }
  }

  private async claim(): Promise<void> {
    const { opts, report } = this;
    const elapsed = Date.now() - this.startedAt;
    if (report.claimed >= opts.maxClaims || elapsed >= opts.timeBudgetMs) {
      this.done = true;
      return;
    }
    // The lease runs from the moment of the claim (a long CLI pass claims its last batch late).
    const leaseUntil = utcIso(DateTime.fromJSDate(this.now).plus({ milliseconds: elapsed + opts.leaseMs }));
    const { token, rows } = await claimDue(this.store, {
      now: utcIso(this.now),
      leaseUntil,
      limit: Math.min(opts.batchSize, opts.maxClaims - report.claimed),
    });
    if (!rows.length) {
      this.done = true;
      return;
    }
    report.claimed += rows.length;
    // Handed-out rows are dropped from the queue; only the untried stay to be released.
    this.queue = [...this.queue.slice(this.taken), ...rows.map((row) => ({ row, token }))];
    this.taken = 0;
    await this.onClaimed(rows);
  }

  /** Gives back rows claimed but never handed out (the pass halted), without using up an attempt. */
  async releaseUntried(nowIso: string): Promise<void> {
    const untried = new Map<string, string[]>();
    for (const { row, token } of this.queue.slice(this.taken)) untried.set(token, [...(untried.get(token) ?? []), row.id]);
    for (const [token, ids] of untried) await releaseClaimed(this.store, token, ids, nowIso);
  }
}

/**
 * Outcomes written in groups (group commit): an outcome waits until every worker holding a row has
 * one to write too, or OUTCOME_GATHER_MS have passed, and they all go into one batch (one
 * transaction on SQLite, one round trip on D1). Against an SMTP relay each send ends in a turn of
 * the event loop of its own, so grouping by turn alone wrote one transaction per email (~0.08 ms
 * more CPU an email, bench/reminders.ts); a mailer that answers at once (the outbox) fills a group
 * in one turn and never waits. The caller waits for its outcome to be written before it takes
 * another row, so at most `concurrency` rows are ever sent but unrecorded, as before: the wait
 * adds a few milliseconds to the window in which a crash could send them twice, not to their number.
 */
class Outcomes {
  private pending: CompiledQuery[] = [];
  private written: Promise<void> | null = null;
  private flushNow: (() => void) | null = null;
  constructor(
    private readonly store: NotifyDeps['store'],
    /** How many workers hold a row now (composing, sending or waiting here). */
    private readonly holding: () => number,
  ) {}

  record(statement: CompiledQuery): Promise<void> {
    this.pending.push(statement);
    this.written ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), OUTCOME_GATHER_MS);
      this.flushNow = () => {
        clearTimeout(timer);
        void afterThisTurn().then(resolve);
      };
    }).then(() => {
      const statements = this.pending;
      this.pending = [];
      this.written = null;
      this.flushNow = null;
      return this.store.batch(statements);
    });
    const written = this.written;
    this.check();
    return written;
  }

  /** Writes the group at the end of this turn once no worker holding a row is still to add to it. */
  check(): void {
    if (this.flushNow && this.pending.length >= this.holding()) {
      this.flushNow();
      this.flushNow = null;
    }
  }
}

/** The longest an outcome waits for the other workers' before its group is written (ms). */
const OUTCOME_GATHER_MS = 5;

/** Resolves once the I/O callbacks of the current event-loop turn have run (Node), or soon after (Workers). */
type TurnTaker = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Runs the workers' composing one email at a time, yielding to the event loop before a turn once
 * `sliceMs` of it has passed. The workers' awaits interleave (every read is a resolved promise on
 * SQLite), so each passed a shared slicer before any of them had composed anything, and then all
 * ten composed in the same turn of the loop: 25-60 ms of CPU between two turns at 10k events
 * (ADR 196). Sending stays concurrent (an SMTP relay's round trips overlap).
 */
function turnTaker(sliceMs = 8): TurnTaker {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const mine = last.then(async () => {
      if (stretchMs() >= sliceMs) await yieldToEventLoop();
      return work();
    });
    last = mine.catch(() => undefined);
    return mine;
  };
}

function afterThisTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

async function deliver(
  ctx: ComposeContext,
  row: DeliveryRow,
  token: string,
  { now, nowIso }: { now: Date; nowIso: string },
  opts: DispatchOptions,
  report: PassReport,
  { pause, inTurn }: { pause: () => Promise<void>; inTurn: TurnTaker },
): Promise<CompiledQuery> {
  const { store, mailer } = ctx.deps;
  let composed;
  try {
    composed = await inTurn(() => compose(ctx, row, now));
  } catch (error) {
    // A bug or bad data in one row must not stop the others; it is retried, then shows as failed.
    return failure(store, row, token, { now, nowIso }, opts, report, {
      message: `could not build the email: ${(error as Error).message}`,
      permanent: false,
    });
  }
  if (!composed.ok) {
    report.ended++;
    return markEndedStatement(store, row.id, token, composed.status, composed.reason, nowIso);
  }
  try {
    // Sending through a mailer that answers at once (the outbox) is synchronous work too.
    await pause();
    const { id } = await mailer.send(composed.message);
    report.sent++;
    return markSentStatement(store, row, token, {
      messageId: id || composed.message.messageId || '',
      now: nowIso,
      sequence: composed.told.sequence,
      toldStart: composed.told.start,
      toldLocation: composed.told.location,
      ...(composed.told.end !== undefined ? { toldEnd: composed.told.end } : {}),
    });
  } catch (error) {
    const c = classifyError(error);
    if (c.serverDown) report.halted = c.message;
    return failure(store, row, token, { now, nowIso }, opts, report, c);
  }
}

function failure(
  store: NotifyDeps['store'],
  row: DeliveryRow,
  token: string,
  { now, nowIso }: { now: Date; nowIso: string },
  opts: DispatchOptions,
  report: PassReport,
  c: { message: string; permanent: boolean },
): CompiledQuery {
  const giveUp = c.permanent || row.attempts >= opts.maxAttempts;
  if (giveUp) report.failed++;
  else report.retrying++;
  const retryAt = giveUp ? null : utcIso(new Date(now.getTime() + backoffMs(row.attempts)));
  return markFailedStatement(store, row, token, { now: nowIso, error: c.message, retryAt });
}
