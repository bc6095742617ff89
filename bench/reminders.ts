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
  const child = fork(fileURLToPath(new URL('./smtp-sink-process.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const ask = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { accepted: number }) => resolve(m.accepted));
      child.send('count');
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: ask,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

async function buildDatabase(path: string, members: number): Promise<void> {
  const handle = openSqlite(path);
  try {
    migrateSqlite(handle.sqlite);
    const store = handle.store;
    const ctx = { actor: 'bench', now: new Date('2022-10-01T09:00:00Z') };
    const group = await createGroup(
      store,
      {
        slug: 'iag',
        name: 'Independent Advisory Group',
        description: '',
        organisationId: null,
        organiserEmail: 'iag-organiser@example.org',
        quorum: null,
        publicAttendance: 'capacities',
      },
      ctx,
    );
    const now = ctx.now.toISOString();
    const statements = [];
    for (let i = 0; i < members; i += 10) {
      const ids = Array.from({ length: Math.min(10, members - i) }, (_, k) => ({ id: crypto.randomUUID(), n: i + k + 1 }));
      statements.push(
        store.db
          .insertInto('people')
          .values(
            ids.map(({ id, n }) => ({
              id,
              email: `member-${n}@example.org`,
              display_name: null,
              organisation_id: null,
              created_at: now,
              updated_at: now,
            })),
          )
          .compile(),
        store.db
          .insertInto('group_members')
          .values(ids.map(({ id }) => ({ group_id: group.id, person_id: id, role: 'IAG Member', created_at: now })))
          .compile(),
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
  } finally {
    await handle.close();
    handle.sqlite.close();
  }
}

const DUE = new Date('2022-10-26T17:00:00Z');

/** One timed runDue pass over a prepared database copy; returns milliseconds. */
async function timedRunDue(
  path: string,
  url: string,
  expected: number,
  mailer?: { send(m: MailMessage): Promise<{ id: string }> },
): Promise<number> {
  const handle = openSqlite(path);
  const smtp = mailer ? null : smtpMailer(url, { maxConnections: POOL });
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org', SECRET_KEY: 'bench-secret' });
  try {
    const started = performance.now();
    const report = await runDue({ store: handle.store, mailer: mailer ?? smtp!, config }, DUE, {
      concurrency: CONCURRENCY,
      timeBudgetMs: Infinity,
    });
    const ms = performance.now() - started;
    if (report.sent !== expected) throw new Error(`runDue sent ${report.sent} of ${expected}`);
    return ms;
  } finally {
    smtp?.close();
    await handle.close();
    handle.sqlite.close();
  }
}

/**
 * Four rounds of count/2 emails, raw, runDue, runDue, raw, each against a fresh sink process, so
 * neither side is favoured by going first or by the sink's state; the totals are compared.
 */
export async function run(opts: { count?: number; log?: (line: string) => void } = {}): Promise<ReminderBenchResult> {
  const count = opts.count ?? 10_000;
  const half = Math.floor(count / 2);
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'safercal-bench-'));
  try {
    const base = join(dir, 'base.sqlite');
    await buildDatabase(base, half);
    const copies = ['a', 'b', 'probe'].map((name) => join(dir, `${name}.sqlite`));
    const baseHandle = openSqlite(base);
    for (const copy of copies) baseHandle.sqlite.exec(`VACUUM INTO '${copy}'`);
    baseHandle.sqlite.close();

    // The same emails for the raw baseline, rendered by runDue itself through a recording mailer.
    const samples: MailMessage[] = [];
    const recorder = {
      async send(m: MailMessage) {
        samples.push(m);
        return { id: m.messageId ?? '' };
      },
    };
    const renderMs = await timedRunDue(copies[2]!, '', half, recorder);

    const round = async (what: 'raw' | 'runDue', path?: string) => {
      const sink = await startSink();
      try {
        if (what === 'raw') await rawNodemailer(sink.url, samples.slice(0, 100)); // connect and warm up
        const before = await sink.accepted();
        const ms = what === 'raw' ? await rawNodemailer(sink.url, samples) : await timedRunDue(path!, sink.url, half);
        const accepted = (await sink.accepted()) - before;
        if (accepted !== half) throw new Error(`${what}: the sink accepted ${accepted} of ${half}`);
        return ms;
      } finally {
        await sink.stop();
      }
    };
    const rawMs = await round('raw');
    const ourMs = (await round('runDue', copies[0])) + (await round('runDue', copies[1]));
    const rawTotal = rawMs + (await round('raw'));
    const total = half * 2;

    const result: ReminderBenchResult = {
      count: total,
      rawPerSecond: Math.round((total / rawTotal) * 1000),
      runDuePerSecond: Math.round((total / ourMs) * 1000),
      ratio: Math.round((rawTotal / ourMs) * 100) / 100,
      renderMs: Math.round(renderMs * 2),
    };
    log(
      `reminders: ${total} emails to a loopback smtp-server (own process), pool ${POOL}, ${CONCURRENCY} in flight, rounds raw/runDue/runDue/raw\n` +
        `  raw pooled nodemailer : ${(rawTotal / 1000).toFixed(2)} s  (${result.rawPerSecond}/s)\n` +
        `  runDue (plan+send+log): ${(ourMs / 1000).toFixed(2)} s  (${result.runDuePerSecond}/s)\n` +
        `  (runDue without SMTP: ${(result.renderMs / 1000).toFixed(2)} s for planning, rendering and recording)\n` +
        `  ratio                 : ${result.ratio}x raw (goal ≥ 0.7x) ${result.ratio >= 0.7 ? 'OK' : 'BELOW GOAL'}`,
    );
    return result;
  } finally {
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
