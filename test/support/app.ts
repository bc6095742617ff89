/**
 * Test wiring: a real database on the project's backend (a fresh SQLite file per test app, or a
 * D1 or PostgreSQL database, migrated with the real migrations), the real app, a fixed clock and an organiser token. Requests go through app.request,
 * the same fetch path a server uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../src/config.js';
import { createToken } from '../../src/db/tokens.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import type { MailMessage, Mailer } from '../../src/notify/mailer.js';
import type { SqliteHandle } from '../../src/runtime/sqlite.js';
import { fileDocumentStorage } from '../../src/runtime/file-documents.js';
import { openProjectHandle, type DatabaseEnv } from './backends.js';
import { seedDemoCalendar, TEST_APP_NOW, WEB_NOW } from './calendars.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  handle: SqliteHandle;
  clock: ReturnType<typeof fixedClock>;
  token: string;
  sent: MailMessage[];
  /** Where uploaded meeting documents are kept (files beside the database, as on a Node server). */
  documentsDir: string;
  /** How the command line or another Node process opens this app's database; undefined on D1 (OpenBackend.env). */
  databaseEnv?: DatabaseEnv;
  /** JSON request helper; `auth: false` sends no token. */
  call(
    method: string,
    path: string,
    body?: unknown,
    opts?: { auth?: boolean; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any;
    headers: Headers;
  }>;
  close(): Promise<void>;
}

export async function makeTestApp(opts: { demo?: boolean; now?: string } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'safercal-test-'));
  // SAFERCAL_TEST_DB=d1 or postgres (the "node-on-d1" and "node-on-postgres" test projects): the
  // same suites with the app on D1 or PostgreSQL.
  const now = opts.now ?? TEST_APP_NOW;
  // The run's demo template of this date, when there is one (ADR 108); else seeded below.
  const template = !opts.demo ? undefined : now === WEB_NOW ? 'demo' : now === TEST_APP_NOW ? 'demoAtTestAppNow' : undefined;
  const handle = await openProjectHandle({ from: template });
  const clock = fixedClock(now);
  if (opts.demo && !handle.built) await seedDemoCalendar(handle.store, now);
  const { token } = await createToken(handle.store, 'test-organiser', 'organiser', { actor: 'test', now: clock() });
  const sent: MailMessage[] = [];
  const mailer: Mailer = {
    async send(message) {
      sent.push(message);
      return { id: `test-${sent.length}` };
    },
  };
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
  const documentsDir = join(dir, 'documents');
  const app = createApp({ store: handle.store, clock, mailer, config, documents: fileDocumentStorage(documentsDir) });
  return {
    documentsDir,
    databaseEnv: handle.env,
    app,
    handle,
    clock,
    token,
    sent,
    async call(method, path, body, callOpts = {}) {
      const headers: Record<string, string> = { ...callOpts.headers };
      if (callOpts.auth !== false) headers.Authorization = `Bearer ${token}`;
      let payload: string | undefined;
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const res = await app.request(path, { method, headers, body: payload });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
