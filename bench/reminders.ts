/**
 * Benchmark: 10,000 meeting reminders through runDue (plan, claim with leases, render the email
 * and its invitation, send over pooled SMTP, record each outcome) against raw pooled nodemailer
 * sending the same emails to the same loopback sink in the same run. Reports the ratio (goal: at
 * least 0.7x raw). Run: `npm run bench` (all benchmarks) or `npx tsx bench/reminders.ts [count]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { configFromEnv } from '../src/config.js';
import { createGroup } from '../src/db/directory.js';
import { createEvent } from '../src/db/events.js';
import { runDue } from '../src/notify/dispatch.js';
import type { MailMessage } from '../src/notify/mailer.js';
import { smtpMailer } from '../src/runtime/smtp-mailer.js';
import { migrateSqlite, openSqlite } from '../src/runtime/sqlite.js';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const POOL = 5;
const CONCURRENCY = 10;

export interface ReminderBenchResult {
  count: number;
  rawPerSecond: number;
  runDuePerSecond: number;
  ratio: number;
  /** runDue with a mailer that only records: planning, rendering and bookkeeping without SMTP. */
  renderMs: number;
}

async function rawNodemailer(url: string, messages: MailMessage[]): Promise<number> {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: POOL, maxMessages: Infinity } as never);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        await transport.sendMail({
          from: m.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          headers: m.headers,
          messageId: m.messageId,
          icalEvent: m.calendar ? { method: m.calendar.method, content: m.calendar.content } : undefined,
        });
      }
    }),
  );
  const ms = performance.now() - started;
  transport.close();
  return ms;
}

/** The counting sink, in a child process. */
async function startSink() {
  const child = fork(fileURLToPath(new URL('./smtp-sink-process.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const ask = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { accepted: number }) => resolve(m.accepted));
      child.send('count');
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: ask,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('stop');
    }),
  };
}

export async function run(opts: { count?: number; log?: (line: string) => void } = {}): Promise<ReminderBenchResult> {
  const count = opts.count ?? 10_000;
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'safercal-bench-'));
  const sink = await startSink();
  const handle = openSqlite(join(dir, 'bench.sqlite'));
  try {
    migrateSqlite(handle.sqlite);
    const store = handle.store;
    const ctx = { actor: 'bench', now: new Date('2022-10-01T09:00:00Z') };
    const group = await createGroup(store, { slug: 'iag', name: 'Independent Advisory Group', description: '', organisationId: null, organiserEmail: 'iag-organiser@example.org' }, ctx);
    const now = ctx.now.toISOString();
    const statements = [];
    for (let i = 0; i < count; i += 10) {
      const ids = Array.from({ length: Math.min(10, count - i) }, (_, k) => ({ id: crypto.randomUUID(), n: i + k + 1 }));
      statements.push(
        store.db.insertInto('people').values(ids.map(({ id, n }) => ({ id, email: `member-${n}@example.org`, display_name: null, organisation_id: null, created_at: now, updated_at: now }))).compile(),
        store.db.insertInto('group_members').values(ids.map(({ id }) => ({ group_id: group.id, person_id: id, role: 'IAG Member', created_at: now }))).compile(),
      );
    }
    await store.batch(statements);
    await createEvent(
      store,
      {
        kind: 'meeting',
        title: 'Independent Advisory Group meeting',
        description: 'Monthly meeting. Agenda: welcome and apologies; previous notes and actions; chair’s report; hate crime update.',
        location: 'Milton Keynes College',
        links: [],
        when: { allDay: false, startsAt: '2022-11-02T18:00:00Z', endsAt: '2022-11-02T20:00:00Z' },
        timezone: 'Europe/London',
        rrule: null,
        themes: ['C1'],
        organisationId: null,
        groupId: group.id,
        parentId: null,
        visibility: 'partners',
        status: 'published',
      },
      ctx,
    );
    const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org', SECRET_KEY: 'bench-secret' });

    // The same emails for the raw baseline: render them once through a recording mailer on a copy.
    const samples: MailMessage[] = [];
    const recorder = { async send(m: MailMessage) { samples.push(m); return { id: m.messageId ?? '' }; } };
    const probeDir = mkdtempSync(join(tmpdir(), 'safercal-bench-probe-'));
    handle.sqlite.exec(`VACUUM INTO '${join(probeDir, 'probe.sqlite')}'`);
    const probe = openSqlite(join(probeDir, 'probe.sqlite'));
    const probeStarted = performance.now();
    await runDue({ store: probe.store, mailer: recorder, config }, new Date('2022-10-26T17:00:00Z'), { timeBudgetMs: Infinity });
    const renderMs = performance.now() - probeStarted;
    await probe.close();
    probe.sqlite.close();
    rmSync(probeDir, { recursive: true, force: true });
    if (samples.length !== count) throw new Error(`expected ${count} rendered emails, got ${samples.length}`);

    await rawNodemailer(sink.url, samples.slice(0, 200)); // warm up both sides
    const before = await sink.accepted();
    const rawMs = await rawNodemailer(sink.url, samples);
    const afterRaw = await sink.accepted();
    if (afterRaw - before !== count) throw new Error(`raw: sink accepted ${afterRaw - before} of ${count}`);

    const mailer = smtpMailer(sink.url, { maxConnections: POOL });
    const started = performance.now();
    const report = await runDue({ store, mailer, config }, new Date('2022-10-26T17:00:00Z'), { concurrency: CONCURRENCY, timeBudgetMs: Infinity });
    const ourMs = performance.now() - started;
    mailer.close();
    const afterOurs = await sink.accepted();
    if (report.sent !== count || afterOurs - afterRaw !== count) throw new Error(`runDue: sent ${report.sent}, sink accepted ${afterOurs - afterRaw} of ${count}`);

    const result: ReminderBenchResult = {
      count,
      rawPerSecond: Math.round((count / rawMs) * 1000),
      runDuePerSecond: Math.round((count / ourMs) * 1000),
      ratio: Math.round((rawMs / ourMs) * 100) / 100,
      renderMs: Math.round(renderMs),
    };
    log(
      `reminders: ${count} emails to a loopback smtp-server, pool ${POOL}, ${CONCURRENCY} in flight\n` +
        `  raw pooled nodemailer : ${(rawMs / 1000).toFixed(2)} s  (${result.rawPerSecond}/s)\n` +
        `  runDue (plan+send+log): ${(ourMs / 1000).toFixed(2)} s  (${result.runDuePerSecond}/s)\n` +
        `  (runDue without SMTP: ${(renderMs / 1000).toFixed(2)} s for planning, rendering and recording)\n` +
        `  ratio                 : ${result.ratio}x raw (goal ≥ 0.7x) ${result.ratio >= 0.7 ? 'OK' : 'BELOW GOAL'}`,
    );
    return result;
  } finally {
    await handle.close();
    handle.sqlite.close();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default run;

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  run({ count: process.argv[2] ? Number(process.argv[2]) : undefined }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
