/**
 * The real app served over HTTP on loopback, for the browser tests and the screenshot script:
 * a fresh database on the test project's backend (SQLite, D1 or PostgreSQL; test/support/backends.ts)
 * holding the web tests' calendar (support/web-calendar.ts: the demo calendar and one account per
 * role, copied from the run's template when the project built one), a fixed clock (3 October 2022,
 * the week before National Hate Crime Awareness Week), and the real SMTP
 * mailer sending to a real SMTP server on loopback (`mail`), from which tests read the emails the
 * pages send (confirmation links, password reset links).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../../src/config.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createApp } from '../../../src/http/app.js';
import type { Mailer } from '../../../src/notify/mailer.js';
import { nativeScrypt } from '../../../src/runtime/native-scrypt.js';
import { nodeClientAddress, trustedProxiesFromEnv } from '../../../src/runtime/node-client-address.js';
import { serveApp } from '../../../src/runtime/node-http.js';
import { smtpMailer } from '../../../src/runtime/smtp-mailer.js';
import { SmtpSink } from '../../notify/support/smtp-sink.js';
import { redocScript } from '../../../src/runtime/node-docs.js';
import type { SqliteHandle } from '../../../src/runtime/sqlite.js';
import { openProjectHandle } from '../../support/backends.js';
import { ACCOUNTS, seedWebCalendar, WEB_NOW } from './web-calendar.js';
import { fileDocumentStorage } from '../../../src/runtime/file-documents.js';

export { ACCOUNTS };

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
  const now = opts.now ?? WEB_NOW;
  // This project's backend (SQLite, D1 or PostgreSQL), from the run's web template when it is for this date.
  const handle = await openProjectHandle({ from: now === WEB_NOW ? 'web' : undefined });
  const clock = fixedClock(now);
  if (!handle.built) await seedWebCalendar(handle.store, now);
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
