/**
 * Benchmark: 10,000 meeting reminders through runDue (plan, claim with leases, render the email
 * and its invitation, send over pooled SMTP, record each outcome) against raw pooled nodemailer
 * sending the same emails to the same loopback sink in the same run. Reports the median ratio of
 * three alternated pairs of rounds (goal: at least 0.9x raw). Run: `npm run bench` (all benchmarks) or `npx tsx bench/reminders.ts [count]`.
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
  /** The median of the three pairs' ratios (raw time / runDue time). */
  ratio: number;
  ratios: number[];
  /** runDue with a mailer that only records: planning, rendering and bookkeeping without SMTP. */
  renderMs: number;
}

export async function rawNodemailer(url: string, messages: MailMessage[]): Promise<number> {
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
export async function startSink() {
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

export async function buildDatabase(path: string, members: number): Promise<void> {
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

/** This process's CPU time (user + system) since `start`, in ms: the client's side of the work, whatever the machine's load. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** One timed runDue pass over a prepared database copy, sending `expected` emails; returns milliseconds. */
export async function timedRunDue(
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
      maxClaims: expected,
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
 * Three pairs, each against a fresh sink process: in a pair both sides send the same count/2
 * emails in five alternating legs (raw, runDue, raw, ... or runDue first, the order flipping from
 * pair to pair), so a burst of other work on the machine hits both sides alike. runDue's legs are
 * passes limited to a fifth of the due emails each, over one database per pair, so its planning
 * counts once, as it would in a real pass. Each pair gives a ratio raw time / runDue time; the
 * median of the three is the result.
 */
export async function run(opts: { count?: number; log?: (line: string) => void } = {}): Promise<ReminderBenchResult> {
  const count = opts.count ?? 10_000;
  const half = Math.floor(count / 2);
  const legs = 5;
  const leg = Math.floor(half / legs);
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'safercal-bench-'));
  try {
    const base = join(dir, 'base.sqlite');
    await buildDatabase(base, leg * legs);
    const copies = ['a', 'b', 'c', 'probe'].map((name) => join(dir, `${name}.sqlite`));
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
    const renderMs = await timedRunDue(copies[3]!, '', leg * legs, recorder);

    const pair = async (rawFirst: boolean, path: string) => {
      const sink = await startSink();
      try {
        // Both sides meet a sink whose code is already warm (a fresh process is slow for its first emails).
        await rawNodemailer(sink.url, samples.slice(0, 100));
        let rawMs = 0;
        let ourMs = 0;
        let rawCpuMs = 0;
        let ourCpuMs = 0;
        for (let i = 0; i < legs * 2; i++) {
          const before = await sink.accepted();
          const cpu = process.cpuUsage();
          if ((i % 2 === 0) === rawFirst) {
            rawMs += await rawNodemailer(sink.url, samples.slice(Math.floor(i / 2) * leg, (Math.floor(i / 2) + 1) * leg));
            rawCpuMs += cpuMsSince(cpu);
          } else {
            ourMs += await timedRunDue(path, sink.url, leg);
            ourCpuMs += cpuMsSince(cpu);
          }
          const accepted = (await sink.accepted()) - before;
          if (accepted !== leg) throw new Error(`leg ${i + 1}: the sink accepted ${accepted} of ${leg}`);
        }
        return { rawMs, ourMs, ratio: rawMs / ourMs, rawCpuMs, ourCpuMs };
      } finally {
        await sink.stop();
      }
    };
    const pairs: { rawMs: number; ourMs: number; ratio: number; rawCpuMs: number; ourCpuMs: number }[] = [];
    for (let i = 0; i < 3; i++) pairs.push(await pair(i % 2 === 0, copies[i]!));
    const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[1]!;
    const perSecond = (ms: number) => Math.round(((leg * legs) / ms) * 1000);

    const result: ReminderBenchResult = {
      count: leg * legs,
      rawPerSecond: perSecond(median.rawMs),
      runDuePerSecond: perSecond(median.ourMs),
      ratio: Math.round(median.ratio * 100) / 100,
      ratios: pairs.map((p) => Math.round(p.ratio * 100) / 100),
      renderMs: Math.round(renderMs),
    };
    log(
      `reminders: ${leg * legs} emails per side in each of 3 pairs, sent to a loopback smtp-server (own process), pool ${POOL}, ${CONCURRENCY} in flight; each pair in ${legs} alternating legs per side, the first side flipping from pair to pair\n` +
        pairs
          .map(
            (p, i) =>
              `  pair ${i + 1}: raw pooled nodemailer ${(p.rawMs / 1000).toFixed(2)} s (${perSecond(p.rawMs)}/s), runDue (plan+send+record) ${(p.ourMs / 1000).toFixed(2)} s (${perSecond(p.ourMs)}/s), ratio ${p.ratio.toFixed(2)}x; client CPU per email ${(p.rawCpuMs / (leg * legs)).toFixed(2)} vs ${(p.ourCpuMs / (leg * legs)).toFixed(2)} ms`,
          )
          .join('\n') +
        `\n  (runDue without SMTP: ${(result.renderMs / 1000).toFixed(2)} s for planning, rendering and recording ${leg * legs} emails)\n` +
        `  ratio, median of 3    : ${result.ratio}x raw (goal ≥ 0.9x) ${result.ratio >= 0.9 ? 'OK' : 'BELOW GOAL'}`,
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
