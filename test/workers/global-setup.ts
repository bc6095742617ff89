/**
 * Runs in Node before the workerd suites: builds one calendar (the demo data, a private partner
 * feed) through the real code on SQLite, records the statements that wrote it, and fetches the
 * feeds the Node server serves for it. The workerd suite replays the same statements into D1 and
 * must serve the same bytes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { configFromEnv } from '../../src/config.js';
import { createToken } from '../../src/db/tokens.js';
import { seedDemo } from '../../src/demo/seed.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { outboxMailer } from '../../src/notify/outbox-mailer.js';
import { recordingStore } from '../../src/runtime/sql-export.js';
import { migrateSqlite, openSqlite } from '../../src/runtime/sqlite.js';

/** The calendar's moment: October 2022, with Hate Crime Awareness Week and the clock change ahead. */
export const FEED_NOW = '2022-10-01T09:00:00Z';
/** The vars wrangler.toml gives the Worker; the Node server gets the same. */
export const FEED_ENV = { PUBLIC_URL: 'https://calendar.example.org', PARTNERSHIP_NAME: 'Community Safety Partnership' };

export interface NodeFeed {
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface NodeCalendar {
  now: string;
  statements: { sql: string; parameters: unknown[] }[];
  feeds: NodeFeed[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    nodeCalendar: NodeCalendar;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'safercal-node-feeds-'));
  const handle = openSqlite(join(dir, 'feeds.sqlite'));
  migrateSqlite(handle.sqlite);
  const store = recordingStore(handle.store);
  const clock = fixedClock(FEED_NOW);
  const ctx = { actor: 'demo-data', now: clock() };
  await seedDemo(store, ctx);
  const { token } = await createToken(store, 'feeds-setup', 'organiser', ctx);
  const config = configFromEnv(FEED_ENV);
  const app = createApp({ store, clock, mailer: outboxMailer(store, clock), config });
  const request = (path: string, init: RequestInit = {}) => app.request(`https://calendar.example.org${path}`, init);

  const police = (
    (await (await request('/api/organisations')).json()) as { organisations: { id: string; name: string }[] }
  ).organisations.find((o) => o.name === 'Thames Valley Police')!;
  const subscription = await request('/api/feed-subscriptions', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ partner: police.id, label: 'Police community and diversity team' }),
  });
  if (subscription.status !== 201) throw new Error(`could not create a private feed: ${await subscription.text()}`);
  const privateToken = ((await subscription.json()) as { token: string }).token;

  const events = (await (await request('/api/events?kind=meeting&limit=1')).json()) as { events: { id: string }[] };
  const paths = [
    '/feeds/public.ics',
    '/feeds/public.ics?theme=C2',
    '/feeds/groups/iag.ics',
    `/feeds/events/${events.events[0]!.id}.ics`,
    `/feeds/private/${privateToken}.ics`,
  ];
  const feeds: NodeFeed[] = [];
  for (const path of paths) {
    const res = await request(path);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'etag', 'last-modified', 'content-length']) headers[name] = res.headers.get(name) ?? '';
    feeds.push({ path, status: res.status, headers, body: await res.text() });
  }

  project.provide('nodeCalendar', {
    now: FEED_NOW,
    statements: store.statements.map((s) => ({ sql: s.sql, parameters: [...s.parameters] })),
    feeds,
  });
  await handle.close();
  handle.sqlite.close();
  return () => rmSync(dir, { recursive: true, force: true });
}
