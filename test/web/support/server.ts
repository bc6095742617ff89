/**
 * The real app served over HTTP on loopback, for the browser tests and the screenshot script:
 * a fresh SQLite file with the migrations and the demo calendar, a fixed clock (3 October 2022,
 * the week before National Hate Crime Awareness Week), one account per role, and the real SMTP
 * mailer sending to a real SMTP server on loopback (`mail`), from which tests read the emails the
 * pages send (confirmation links, password reset links).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../../src/config.js';
import { getGroup } from '../../../src/db/directory.js';
import { createUser } from '../../../src/db/users.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { TEST_COST } from './cost.js';
import { hashPassword } from '../../../src/domain/password.js';
import { seedDemo } from '../../../src/demo/seed.js';
import { createApp } from '../../../src/http/app.js';
import type { Mailer } from '../../../src/notify/mailer.js';
import { nativeScrypt } from '../../../src/runtime/native-scrypt.js';
import { nodeClientAddress, trustedProxiesFromEnv } from '../../../src/runtime/node-client-address.js';
import { serveApp } from '../../../src/runtime/node-http.js';
import { smtpMailer } from '../../../src/runtime/smtp-mailer.js';
import { SmtpSink } from '../../notify/support/smtp-sink.js';
import { redocScript } from '../../../src/runtime/node-docs.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from '../../../src/runtime/sqlite.js';
import { fileDocumentStorage } from '../../../src/runtime/file-documents.js';

export const ACCOUNTS = {
  admin: { email: 'calendar-admin@example.org', password: 'correct horse battery staple' },
  organiser: { email: 'iag-secretary@example.org', password: 'advisory group secretary' },
  viewer: { email: 'partner-viewer@example.org', password: 'partner agency viewer' },
} as const;

export interface WebServer {
  url: string;
  handle: SqliteHandle;
  clock: ReturnType<typeof fixedClock>;
  /** The SMTP server on loopback the app's mailer sends to. */
  mail: SmtpSink;
  /** The text of the newest email to `address` (waiting briefly for it to arrive). */
  lastEmailTo(address: string): Promise<{ subject: string; text: string; html: string }>;
  close(): Promise<void>;
}

/**
 * `mailer`: the app's Mailer, for a test that brings its own; without it, the app sends over SMTP
 * to `mail`, the SMTP server on loopback (read with `lastEmailTo`). `env`: configuration on top of
 * the test defaults.
 */
export async function startWebServer(opts: { now?: string; mailer?: Mailer; env?: Record<string, string> } = {}): Promise<WebServer> {
  const dir = mkdtempSync(join(tmpdir(), 'safercal-web-'));
  const handle = openSqlite(join(dir, 'web.sqlite'));
  migrateSqlite(handle.sqlite);
  const clock = fixedClock(opts.now ?? '2022-10-03T09:00:00Z');
  const ctx = { actor: 'test-setup', now: clock() };
  await seedDemo(handle.store, ctx);
  const iag = await getGroup(handle.store, 'iag');
  await createUser(
    handle.store,
    { email: ACCOUNTS.admin.email, role: 'admin', passwordHash: await hashPassword(ACCOUNTS.admin.password, TEST_COST), groupIds: [] },
    ctx,
  );
  await createUser(
    handle.store,
    {
      email: ACCOUNTS.organiser.email,
      role: 'organiser',
      passwordHash: await hashPassword(ACCOUNTS.organiser.password, TEST_COST),
      groupIds: [iag!.id],
    },
    ctx,
  );
  await createUser(
    handle.store,
    { email: ACCOUNTS.viewer.email, role: 'viewer', passwordHash: await hashPassword(ACCOUNTS.viewer.password, TEST_COST), groupIds: [] },
    ctx,
  );
  const mail = await new SmtpSink().start();
  const mailer = smtpMailer(mail.url, { maxConnections: 1 });
  let app: ReturnType<typeof createApp> | undefined;
  // As src/runtime/node.ts serves it.
  const { server, port } = await serveApp((req, env) => app!.fetch(req, env), { port: 0, hostname: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  app = createApp({
    store: handle.store,
    clock,
    mailer: opts.mailer ?? mailer,
    config: configFromEnv({ PUBLIC_URL: url, PARTNERSHIP_NAME: 'SaferMK Community Safety Partnership', ...opts.env }),
    // As src/runtime/node.ts wires it.
    scrypt: nativeScrypt,
    clientAddress: nodeClientAddress(trustedProxiesFromEnv(opts.env ?? {})),
    documents: fileDocumentStorage(join(dir, 'documents')),
    apiDocsScript: redocScript,
  });
  return {
    url,
    handle,
    clock,
    mail,
    async lastEmailTo(address) {
      for (let tries = 0; tries < 50; tries++) {
        const all = await mail.parsedFor(address);
        const last = all.at(-1);
        if (last) return { subject: last.subject ?? '', text: last.text ?? '', html: String(last.html || '') };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no email to ${address} arrived at the SMTP server`);
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await mail.stop();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
