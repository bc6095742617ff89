/**
 * Benchmark: iCalendar feeds of 1,000 and 10,000 events (mixed all-day, timed and recurring, with
 * cancelled occurrences) served by the real app, against a minimal node:http server returning
 * the same bytes as a Buffer, in the same run. Reports, in process: the cold build when every
 * VEVENT fragment must be written by ical-generator (a new database) and when a fresh process
 * finds them kept in the table; "edit one event, then GET" (the rebuild reads only what
 * changed); the longest event-loop stall during each. Over HTTP: the first request to a fresh
 * server with the slowest /healthz answer meanwhile (other requests must not wait for a feed),
 * warm GET throughput and p99 with concurrent keep-alive clients, 304 latency, and the warm
 * ratio app/raw. Goals at 10,000 events: edit-then-GET <= 100 ms, warm ratio >= 0.95, longest
 * stall <= 50 ms. Loopback only, bounded: a few seconds per measurement. The app and the raw
 * server are measured in alternating rounds so load from elsewhere on the machine hits both alike.
 * Run: `npm run bench -- feeds` or `npx tsx bench/feeds.ts [events...] [--seconds N] [--edits N]`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { exceptionStatement, insertEventStatements } from '../src/db/events.js';
import { createToken } from '../src/db/tokens.js';
import type { EventFields } from '../src/domain/event.js';
import { THEMES } from '../src/domain/kinds.js';
import { migrateSqlite, openSqlite } from '../src/runtime/sqlite.js';
import { appOn, closeHandle, coldBuild, editableIds, editThenGet, editThenGetOverHttp, strip2 } from './feeds-builds.js';

const CONCURRENCY = 16;
const SERVER = fileURLToPath(new URL('./feeds-server.ts', import.meta.url));
const THEME_CODES = Object.keys(THEMES);

/** A deterministic mix: 40% timed one-offs, 25% all-day (1-7 days), 35% recurring series. */
function eventFields(i: number): {
  fields: EventFields;
  exceptions: { recurrenceId: string; kind: 'cancelled' | 'moved'; startsAt?: string }[];
} {
  const day = new Date(Date.UTC(2024, 0, 1) + (i % 900) * 86_400_000);
  const date = day.toISOString().slice(0, 10);
  const base = {
    title: `Event ${i}: ${['Hate crime surgery', 'Community walkabout', 'Partnership board', 'Knife crime workshop', 'Consultation closes'][i % 5]}, Milton Keynes`,
    description: `Details of event ${i}. Agenda: welcome; updates, actions; any other business. Contact community-safety@example.org.`,
    location: ['Council Chamber, Civic Offices', 'Milton Keynes College', 'Bletchley Library', 'Online'][i % 4]!,
    links: i % 3 === 0 ? [{ title: 'Agenda', url: `https://example.org/agenda/${i}.pdf` }] : [],
    timezone: 'Europe/London',
    themes: [THEME_CODES[i % THEME_CODES.length]!, ...(i % 4 === 0 ? ['county lines'] : [])],
    organisationId: null,
    groupId: null,
    parentId: null,
    visibility: 'public' as const,
    status: 'published' as const,
  };
  const r = i % 20;
  if (r < 8) {
    const start = new Date(day.getTime() + (9 + (i % 9)) * 3_600_000);
    return {
      fields: {
        ...base,
        kind: 'activity',
        when: { allDay: false, startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 90 * 60_000)) },
        rrule: null,
      },
      exceptions: [],
    };
  }
  if (r < 13) {
    const end = new Date(day.getTime() + (i % 7) * 86_400_000).toISOString().slice(0, 10);
    return {
      fields: { ...base, kind: 'campaign_week', when: { allDay: true, startDate: date, endDate: end }, rrule: null },
      exceptions: [],
    };
  }
  // Recurring: monthly evening meetings (with a moved and a cancelled occurrence) or weekly ones.
  const start = new Date(day.getTime() + 18 * 3_600_000);
  const monthly = r < 17;
  const rrule = monthly ? 'FREQ=MONTHLY;COUNT=12' : 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231';
  const fields: EventFields = {
    ...base,
    kind: 'meeting',
    when: { allDay: false, startsAt: iso(start), endsAt: iso(new Date(start.getTime() + 2 * 3_600_000)) },
    rrule,
  };
  return { fields, exceptions: [] };
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A calendar of `count` events in a new SQLite file. Events are entered a minute apart over the
 * weeks before 1 December 2023, as a calendar fills up over time (a feed's rebuild tells writes
 * apart by updated_at, so one shared timestamp would make the first edit look at every row).
 */
export async function seed(path: string, count: number): Promise<void> {
  const handle = openSqlite(path);
  migrateSqlite(handle.sqlite);
  const last = Date.parse('2023-12-01T09:00:00Z');
  let batch = [];
  for (let i = 0; i < count; i++) {
    const { fields } = eventFields(i);
    const ctx = { actor: 'bench', now: new Date(last - (count - i) * 60_000) };
    const { id, statements } = insertEventStatements(handle.store, fields, ctx);
    batch.push(...statements);
    if (fields.rrule && i % 3 === 0) {
      // A cancelled occurrence (EXDATE) on every third series: the second occurrence.
      const start = new Date(Date.parse((fields.when as { startsAt: string }).startsAt));
      const second = fields.rrule.startsWith('FREQ=MONTHLY') ? new Date(start) : new Date(start.getTime() + 14 * 86_400_000);
      if (fields.rrule.startsWith('FREQ=MONTHLY')) second.setUTCMonth(second.getUTCMonth() + 1);
      batch.push(
        exceptionStatement(
          handle.store,
          id,
          { recurrenceId: iso(second), kind: 'cancelled', when: null, location: null, note: 'Not this time.' },
          ctx,
        ),
      );
    }
    if (batch.length > 2000) {
      await handle.store.batch(batch);
      batch = [];
    }
  }
  await handle.store.batch(batch);
  await handle.close();
  handle.sqlite.close();
}

function startServer(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(SERVER, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Answer {
  status: number;
  bytes: number;
  ms: number;
  etag?: string;
}

function get(agent: Agent, port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode!, bytes, ms: performance.now() - started, etag: res.headers.etag }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** CONCURRENCY clients on keep-alive connections, for `seconds`; every answer must be `status`. */
async function load(port: number, path: string, seconds: number, status: number, headers: Record<string, string> = {}): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let bytes = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const a = await get(agent, port, path, headers);
        if (a.status !== status) throw new Error(`expected ${status}, got ${a.status} from ${path}`);
        latencies.push(a.ms);
        bytes += a.bytes;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mbPerSecond: bytes / elapsed / 1e6,
    requests: latencies.length,
    latencies,
    seconds: elapsed,
    bytes,
  };
}

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  mbPerSecond: number;
  requests: number;
  latencies: number[];
  seconds: number;
  bytes: number;
}

/** Rounds pooled: total requests over total time, percentiles over every latency. */
function pooled(rounds: Load[]): Load {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const bytes = rounds.reduce((n, r) => n + r.bytes, 0);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mbPerSecond: bytes / seconds / 1e6,
    requests: latencies.length,
    latencies,
    seconds,
    bytes,
  };
}

/**
 * The app and the raw server measured in alternating rounds (app, raw, app, raw, ...), so a
 * burst of other work on the machine hits both alike instead of skewing one of them.
 */
async function alternate(appPort: number, rawPort: number, seconds: number, rounds = 4) {
  await load(appPort, '/feeds/public.ics', 0.3, 200);
  await load(rawPort, '/feeds/public.ics', 0.3, 200);
  const app: Load[] = [];
  const raw: Load[] = [];
  for (let i = 0; i < rounds; i++) {
    app.push(await load(appPort, '/feeds/public.ics', seconds / rounds, 200));
    raw.push(await load(rawPort, '/feeds/public.ics', seconds / rounds, 200));
  }
  return { app: pooled(app), raw: pooled(raw) };
}

/** The first feed request to a fresh server, while a probe asks /healthz every 2 ms. */
async function coldOverHttp(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  await get(agent, port, '/healthz');
  let building = true;
  const probes: number[] = [];
  const probe = (async () => {
    while (building) {
      probes.push((await get(agent, port, '/healthz')).ms);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const first = await get(agent, port, '/feeds/public.ics');
  building = false;
  await probe;
  agent.destroy();
  return { ms: first.ms, bytes: first.bytes, etag: first.etag!, slowestHealthz: Math.max(...probes), probes: probes.length };
}

const f1 = (n: number) => n.toFixed(1);
const stall = (m: { stallMs: number; stallCpuMs: number }) => `${f1(m.stallMs)} ms wall, ${f1(m.stallCpuMs)} ms CPU`;
const f0 = (n: number) => n.toFixed(0);

export async function runFeedsBench(opts: { sizes?: number[]; seconds?: number; edits?: number; log?: (line: string) => void } = {}) {
  const log = opts.log ?? ((line: string) => console.log(line));
  const sizes = opts.sizes ?? [1000, 10_000];
  const seconds = opts.seconds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'safercal-bench-feeds-'));
  const results = [];
  try {
    log(
      `feeds benchmark: ${sizes.join(' and ')} events, ${CONCURRENCY} concurrent keep-alive clients on 127.0.0.1; warm GET: 4 alternating rounds of ${(seconds / 2).toFixed(1)} s per server`,
    );
    log(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on the machine inflates wall times; CPU time does not)`,
    );
    for (const size of sizes) {
      const db = join(dir, `feed-${size}.sqlite`);
      await seed(db, size);

      // In process, a new database: every fragment is written by ical-generator, then kept.
      const first = openSqlite(db);
      const cold = await coldBuild(first);
      const t1 = performance.now();
      await (await appOn(first).request('/feeds/public.ics')).arrayBuffer();
      const warmInProcessMs = performance.now() - t1;
      await closeHandle(first);

      // A fresh process on the same database: fragments come from the table; then edits.
      const second = openSqlite(db);
      const kept = await coldBuild(second);
      if (!kept.body.equals(cold.body)) throw new Error('the feed built from kept fragments differs from the one written afresh');
      const edits = await editThenGet(second, opts.edits ?? 5);
      // What the HTTP servers below serve: the feed as the edits left it.
      const served = Buffer.from(await (await appOn(second).request('/feeds/public.ics')).arrayBuffer());
      const { token } = await createToken(second.store, 'bench-http', 'organiser', { actor: 'bench', now: new Date() });
      const httpEditIds = editableIds(second, (opts.edits ?? 5) * 2).slice(opts.edits ?? 5);
      await closeHandle(second);
      const bodyFile = join(dir, `feed-${size}.ics`);
      writeFileSync(bodyFile, served);

      const appServer = await startServer(['app', db]);
      const overHttp = await coldOverHttp(appServer.port);
      if (overHttp.bytes !== served.length) throw new Error(`server body ${overHttp.bytes} bytes, in-process ${served.length}`);
      const rawServer = await startServer(['raw', bodyFile]);
      const { app: warm, raw } = await alternate(appServer.port, rawServer.port, seconds * 2);
      const notModified = await load(appServer.port, '/feeds/public.ics', Math.max(1, seconds / 2), 304, {
        'If-None-Match': overHttp.etag,
      });
      const httpEdits = await editThenGetOverHttp(appServer.port, token, httpEditIds);
      await stop(appServer.child);
      await stop(rawServer.child);

      const ratio = warm.perSecond / raw.perSecond;
      const strip = ({ latencies: _l, ...rest }: Load) => rest;
      const r = {
        size,
        bytes: cold.body.length,
        cold: strip2(cold),
        kept: strip2(kept),
        edits,
        httpEdits,
        coldHttpMs: overHttp.ms,
        slowestHealthzMs: overHttp.slowestHealthz,
        warmInProcessMs,
        warm: strip(warm),
        notModified: strip(notModified),
        raw: strip(raw),
        ratio,
        longestStallMs: Math.max(cold.stallMs, kept.stallMs, edits.stallMs),
        longestStallCpuMs: Math.max(cold.stallCpuMs, kept.stallCpuMs, edits.stallCpuMs),
      };
      results.push(r);
      log(`\n${size} events (${(cold.body.length / 1e6).toFixed(2)} MB):`);
      log(
        `  cold build, fragments written  ${f1(cold.ms)} ms wall, ${f1(cold.cpuMs)} ms CPU, ${cold.written} fragments by ical-generator (longest stall ${stall(cold)})`,
      );
      log(
        `  cold build, fragments kept     ${f1(kept.ms)} ms wall, ${f1(kept.cpuMs)} ms CPU, ${kept.written} written (longest stall ${stall(kept)}); cached GET ${f1(warmInProcessMs)} ms`,
      );
      log(
        `  edit one event, then GET (in process) median ${f1(edits.medianMs)} ms, slowest ${f1(edits.maxMs)} ms wall (${edits.count} edits; CPU median ${f1(edits.medianCpuMs)} ms; ${edits.written} fragments written; longest stall ${stall(edits)})`,
      );
      log(
        `  edit one event, then GET (HTTP) headers after median ${f1(httpEdits.medianFirstByteMs)} ms, slowest ${f1(httpEdits.maxFirstByteMs)} ms; whole body after median ${f1(httpEdits.medianMs)} ms, slowest ${f1(httpEdits.maxMs)} ms (${httpEdits.count} edits)`,
      );
      log(
        `  cold first request (HTTP)      ${f1(overHttp.ms)} ms; slowest /healthz meanwhile ${f1(overHttp.slowestHealthz)} ms (${overHttp.probes} probes)`,
      );
      log(
        `  warm GET, app                  ${f0(warm.perSecond)} req/s, p50 ${f1(warm.p50)} ms, p99 ${f1(warm.p99)} ms, ${f0(warm.mbPerSecond)} MB/s`,
      );
      log(
        `  warm GET, raw node:http        ${f0(raw.perSecond)} req/s, p50 ${f1(raw.p50)} ms, p99 ${f1(raw.p99)} ms, ${f0(raw.mbPerSecond)} MB/s`,
      );
      log(
        `  304 (If-None-Match), app       ${f0(notModified.perSecond)} req/s, p50 ${f1(notModified.p50)} ms, p99 ${f1(notModified.p99)} ms`,
      );
      log(`  ratio app/raw                  ${ratio.toFixed(2)}x`);
    }
    const big = results.find((r) => r.size === 10_000);
    if (big) {
      const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
      log(
        `\ngoals at 10,000 events: edit-then-GET over HTTP answered after ${f0(big.httpEdits.maxFirstByteMs)} ms at worst, in process median ${f0(big.edits.medianCpuMs)} ms CPU (<= 100: ${met(big.httpEdits.maxFirstByteMs <= 100)} in wall time, ${met(big.edits.medianCpuMs <= 100)} in CPU time); ` +
          `warm ratio ${big.ratio.toFixed(2)}x (>= 0.95: ${met(big.ratio >= 0.95)}); ` +
          `longest event-loop stall ${f0(big.longestStallMs)} ms wall, ${f0(big.longestStallCpuMs)} ms CPU (<= 50: ${met(big.longestStallMs <= 50)} in wall time, ${met(big.longestStallCpuMs <= 50)} in CPU time)`,
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : undefined;
  };
  const valueAt = new Set(['--seconds', '--edits'].map((name) => args.indexOf(name) + 1).filter((i) => i > 0));
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && !valueAt.has(i)).map(Number);
  runFeedsBench({ sizes: sizes.length ? sizes : undefined, seconds: option('--seconds'), edits: option('--edits') }).catch(
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
