/**
 * @module The Node entry point (`npm start`): SQLite file (or PostgreSQL with DATABASE_URL), demo data
 * on first run, HTTP on PORT.
 * Only this file and its siblings in src/runtime know about Node-specific APIs.
 */
import { configFromEnv } from '../config.js';
import { systemClock } from '../domain/clock.js';
import { visibleText } from '../domain/visible-text.js';
import { serverLog } from './server-log.js';
import { recordPublicUrl } from '../db/settings.js';
import { createApp } from '../http/app.js';
import { feedCacheFor } from '../feeds/service.js';
import { keepFragments } from '../feeds/upkeep.js';
import { maintainIndexFully } from '../occurrences/maintain.js';
import { nativeScrypt } from './native-scrypt.js';
import { scheduleStatistics } from './sqlite-statistics.js';
import { startCheckpointer } from './sqlite-checkpoint.js';
import { serveApp } from './node-http.js';
import { mailFromEnv, scheduleReminders } from './node-mail.js';
import { databasePath, describeDatabase, openDatabase, seedIfEmpty } from './node-setup.js';
import { documentsDirectory, fileDocumentStorage } from './file-documents.js';
import { nodeFetcher } from './node-fetch.js';
import { scheduleSync } from './node-sync.js';
import { redocScript } from './node-docs.js';
import { reminderIntervalSeconds, useUtcProcessZone } from './node-cron-task.js';
import { nodeClientAddress, trustedProxiesFromEnv } from './node-client-address.js';
import { warmUp } from './warm-up.js';

const log = serverLog;

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Schedules run on UTC minutes through both clock changes (src/runtime/node-cron-task.ts).
  useUtcProcessZone();
  const config = configFromEnv(env);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  // Unset: every interface, as before HOST existed. Behind nginx on the same machine, 127.0.0.1 (README).
  const host = env.HOST || undefined;
  const reminderSeconds = reminderIntervalSeconds(env);
  const trustedProxies = trustedProxiesFromEnv(env);
  const handle = await openDatabase(env, log);
  if (env.DEMO_DATA !== 'false') await seedIfEmpty(handle, log);
  // The command line sends email from this database too: it uses the address recorded here.
  await recordPublicUrl(handle.store, config.publicUrl);
  // Events written before the occurrence index existed are indexed in the background, a little at a time.
  // Then every feed fragment not yet kept (a bulk import, a new PUBLIC_URL or writer), so the first
  // feed request after it does not write them all while a subscriber waits (ADR 186).
  void maintainIndexFully(handle.store, systemClock, log)
    .catch((error: unknown) => log(`occurrence index upkeep failed: ${error instanceof Error ? error.message : String(error)}`))
    .then(() => keepFragments(handle.store, feedCacheFor(handle.store).fragments, config.publicUrl, systemClock))
    .then((kept) => kept && kept.written && log(`feed fragments: wrote ${kept.written} of ${kept.checked} events' fragments`))
    .catch((error: unknown) => log(`feed fragment upkeep failed: ${error instanceof Error ? error.message : String(error)}`));
  // SQLite's planner statistics, refreshed daily off the event loop (ADR 187); PostgreSQL's autovacuum analyses its own.
  const stopStatistics = handle.sqlite ? scheduleStatistics(handle.sqlite, log) : () => {};
  // The write-ahead log is checkpointed by a worker thread, not inside a request's commit (ADR 295).
  const checkpointer = handle.sqlite ? startCheckpointer(handle.sqlite, log) : null;
  const mail = mailFromEnv(env, handle.store, systemClock, config);
  const mailer = mail.mailer;
  const stopReminders =
    env.REMINDERS === 'false'
      ? async () => {}
      : scheduleReminders({ store: handle.store, mailer, config, clock: systemClock }, log, reminderSeconds);
  // The SSRF-guarded fetcher, with no test allowance: nothing in the environment can widen it.
  const fetcher = nodeFetcher();
  const stopSync = scheduleSync({ store: handle.store, fetcher }, systemClock, log);
  const every = reminderSeconds === 60 ? 'every minute' : `every ${reminderSeconds} seconds`;
  log(`reminders ${env.REMINDERS === 'false' ? 'are off (REMINDERS=false)' : `run ${every}`}; email goes to ${mail.description}`);
  const app = createApp({
    store: handle.store,
    clock: systemClock,
    mailer,
    config,
    scrypt: nativeScrypt,
    clientAddress: nodeClientAddress(trustedProxies),
    documents: fileDocumentStorage(documentsDirectory(env, databasePath(env))),
    fetcher,
    apiDocsScript: redocScript,
  });
  // The first request's one-off costs (code loaded and compiled, locale data, cold pages), paid here rather than by a visitor (ADR 226).
  const warmed = await warmUp(app);
  log(`warmed up ${warmed.answers.length} pages in ${Math.round(warmed.ms)} ms`);
  const { server, port: listening } = await serveApp(app.fetch, { port, hostname: host }).catch((error: unknown) => {
    throw new Error(
      `cannot listen on ${host ? `HOST "${host}", ` : ''}port ${port}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  log(`database ${describeDatabase(env)}`);
  if (trustedProxies) log(`client addresses are read from X-Forwarded-For behind ${trustedProxies.join(', ')} (TRUSTED_PROXIES)`);
  const address = !host ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  log(`serving ${config.partnershipName} calendar on http://${address}:${listening} (public URL ${config.publicUrl})`);
  const stop = () => {
    server.close();
    stopStatistics();
    void Promise.all([stopReminders(), stopSync()])
      .then(() => mail.close())
      .then(() => checkpointer?.stop())
      .then(() => handle.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[safercal] failed to start: ${visibleText(error instanceof Error ? error.message : String(error))}`);
  process.exit(1);
});
