/**
 * @module The Cloudflare Workers entry point: `fetch` serves the same Hono app as Node over a D1
 * Store; `scheduled` (the cron trigger) runs the reminder dispatcher. Bindings and vars arrive in
 * `env`; nothing outside src/runtime ever sees it.
 */
import { EmailMessage } from 'cloudflare:email';
import { configFromEnv, type Env } from '../config.js';
import { systemClock } from '../domain/clock.js';
import { createApp } from '../http/app.js';
import type { AppDeps } from '../http/deps.js';
import { d1Store, type D1Like } from './d1.js';
import { sendEmailMailer, unconfiguredMailer, type SendEmailBinding } from './worker-mailer.js';

/** What wrangler.toml binds: D1 as DB, the send_email binding as EMAIL, and string vars/secrets. */
export interface WorkerEnv {
  DB: D1Like;
  EMAIL?: SendEmailBinding;
  [name: string]: unknown;
}

interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

interface ScheduledControllerLike {
  scheduledTime: number;
  cron: string;
}

/** Only the string entries of env are configuration; the rest are bindings. */
function vars(env: WorkerEnv): Env {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function depsFromEnv(env: WorkerEnv): AppDeps {
  if (!env.DB) throw new Error('no D1 binding named DB: add [[d1_databases]] binding = "DB" to wrangler.toml');
  return {
    store: d1Store(env.DB),
    clock: systemClock,
    mailer: env.EMAIL ? sendEmailMailer(env.EMAIL, EmailMessage) : unconfiguredMailer,
    config: configFromEnv(vars(env)),
  };
}

// env is one object per isolate; building the app once per env keeps requests cheap.
const apps = new WeakMap<object, ReturnType<typeof createApp>>();

function appFor(env: WorkerEnv): ReturnType<typeof createApp> {
  let app = apps.get(env);
  if (!app) {
    app = createApp(depsFromEnv(env));
    apps.set(env, app);
  }
  return app;
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContextLike): Promise<Response> {
    return appFor(env).fetch(request, env, ctx as never);
  },

  async scheduled(controller: ScheduledControllerLike, env: WorkerEnv, ctx: ExecutionContextLike): Promise<void> {
    void controller;
    void env;
    void ctx;
  },
};
