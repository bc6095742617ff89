/**
 * @module The Cloudflare Workers entry point: `fetch` serves the same Hono app as Node over a D1
 * Store; `scheduled` (the cron trigger, every minute) runs one reminder pass, as node-cron does
 * on Node. Bindings and vars arrive in `env`; nothing outside src/runtime ever sees it.
 */
import { EmailMessage } from 'cloudflare:email';
import { configFromEnv, type Env } from '../config.js';
import { systemClock } from '../domain/clock.js';
import { serverLog } from './server-log.js';
import { createApp } from '../http/app.js';
import { nativeScrypt } from './native-scrypt.js';
import type { AppDeps } from '../http/deps.js';
import type { DispatchOptions } from '../notify/deps.js';
import { runDue } from '../notify/dispatch.js';
import { outboxMailer } from '../notify/outbox-mailer.js';
import { d1Store, type D1Like } from './d1.js';
import { sendEmailMailer, type SendEmailBinding } from './worker-mailer.js';
import { r2DocumentStorage, type R2BucketLike } from './r2-documents.js';
import { workerFetcher } from './worker-fetch.js';
import { runSync } from '../import/sync.js';

/** What wrangler.toml binds: D1 as DB, the send_email binding as EMAIL, R2 as DOCUMENTS, and string vars/secrets. */
export interface WorkerEnv {
  DB: D1Like;
  EMAIL?: SendEmailBinding;
  /** Meeting documents; without the binding, documents are links only. */
  DOCUMENTS?: R2BucketLike;
  [name: string]: unknown;
}

interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

interface ScheduledControllerLike {
  /** The minute the trigger was due, in ms; the pass treats it as "now". */
  scheduledTime: number;
  cron: string;
}

/**
 * A cron invocation has a CPU budget and a cap on D1 queries and subrequests (50 on the free
 * plan, 1,000 on paid), and the next one comes a minute later: claim in small batches and stop
 * claiming after 20 s; whatever is left is due again next minute.
 */
/** About 25 D1 queries per pass plus one per reminder: 200 reminders stay well inside the paid plan's cap. */
export const WORKER_DISPATCH: Partial<DispatchOptions> = {
  batchSize: 20,
  concurrency: 5,
  timeBudgetMs: 20_000,
  maxClaims: 200,
  // A few statements per event: keeps a cron run well inside D1's per-invocation query limit.
  indexMaintenance: { maxEvents: 50, timeBudgetMs: 5_000 },
};

/** Only the string entries of env are configuration; the rest are bindings. */
function vars(env: WorkerEnv): Env {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function depsFromEnv(env: WorkerEnv): AppDeps {
  if (!env.DB) throw new Error('no D1 binding named DB: add [[d1_databases]] binding = "DB" to wrangler.toml');
  const config = configFromEnv(vars(env));
  const store = d1Store(env.DB);
  // Without a mail binding, emails are kept in the database (the built-in outbox), as on Node
  // without SMTP_URL, so a new deployment shows what it would have sent instead of losing it.
  const mailer = env.EMAIL
    ? sendEmailMailer(env.EMAIL, EmailMessage)
    : outboxMailer(store, systemClock, new URL(config.publicUrl).hostname);
  // CF-Connecting-IP is set by Cloudflare's edge and cannot be forged through it.
  return {
    store,
    clock: systemClock,
    mailer,
    config,
    scrypt: nativeScrypt,
    clientAddress: (c) => c.req.header('CF-Connecting-IP') ?? null,
    documents: env.DOCUMENTS ? r2DocumentStorage(env.DOCUMENTS) : null,
    fetcher: workerFetcher(),
  };
}

// env is one object per isolate; building the app once per env keeps requests cheap.
const cache = new WeakMap<object, { deps: AppDeps; app: ReturnType<typeof createApp> }>();

function forEnv(env: WorkerEnv): { deps: AppDeps; app: ReturnType<typeof createApp> } {
  let entry = cache.get(env);
  if (!entry) {
    const deps = depsFromEnv(env);
    entry = { deps, app: createApp(deps) };
    cache.set(env, entry);
  }
  return entry;
}

const log = serverLog;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContextLike): Promise<Response> {
    return forEnv(env).app.fetch(request, env, ctx as never);
  },

  /** Throws when the pass fails, so the failure shows in the Worker's cron events and logs. */
  async scheduled(controller: ScheduledControllerLike, env: WorkerEnv, _ctx: ExecutionContextLike): Promise<void> {
    const { store, mailer, config, fetcher } = forEnv(env).deps;
    const now = new Date(controller.scheduledTime);
    // Synced feeds first: a pass is small (at most 2 feeds, each fetched with a 10 s timeout), and
    // its changes are then in the calendar the reminder pass plans from.
    const sync = runSync({ store, fetcher: fetcher!, log }, now, { maxFeeds: 2 }).catch((error: unknown) => {
      log(`sync pass failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    await sync;
    await runDue({ store, mailer, config, log }, now, WORKER_DISPATCH);
  },
};
