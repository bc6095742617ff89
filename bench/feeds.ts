/**
 * Benchmark: iCalendar feeds of 1,000 and 10,000 events (mixed all-day, timed and recurring, with
 * moved and cancelled occurrences) served by the real app, against a minimal node:http server
 * returning the same bytes as a Buffer, in the same run. Reports the cold build (in process, and
 * the first request to a fresh server), the slowest /healthz answer while that build runs (other
 * requests must not wait for a feed), warm GET throughput and p99 with concurrent keep-alive
 * clients, 304 latency, and the warm ratio app/raw (goal: >= 0.8 at 10,000 events; cold < 1 s).
 * Loopback only, bounded: a few seconds per measurement. The app and the raw server are
 * measured in alternating rounds so load from elsewhere on the machine hits both alike.
 * Run: `npm run bench` (all) or `npx tsx bench/feeds.ts [events...] [--seconds N]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { configFromEnv } from '../src/config.js';
import { exceptionStatement, insertEventStatements } from '../src/db/events.js';
import type { EventFields } from '../src/domain/event.js';
import { THEMES } from '../src/domain/kinds.js';
import { createApp } from '../src/http/app.js';
import { migrateSqlite, openSqlite } from '../src/runtime/sqlite.js';
import { alternate, get, load, type Load } from './support/http.js';
import { startServer } from './support/servers.js';

const CONCURRENCY = 16;
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

export async function seed(path: string, count: number): Promise<void> {
  const handle = openSqlite(path);
  migrateSqlite(handle.sqlite);
  const ctx = { actor: 'bench', now: new Date('2023-12-01T09:00:00Z') };
  let batch = [];
  for (let i = 0; i < count; i++) {
    const { fields } = eventFields(i);
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
const f0 = (n: number) => n.toFixed(0);

export async function runFeedsBench(opts: { sizes?: number[]; seconds?: number; log?: (line: string) => void } = {}) {
  const log = opts.log ?? ((line: string) => console.log(line));
  const sizes = opts.sizes ?? [1000, 10_000];
  const seconds = opts.seconds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'safercal-bench-feeds-'));
  const results = [];
  try {
    log(
      `feeds benchmark: ${sizes.join(' and ')} events, ${CONCURRENCY} concurrent keep-alive clients on 127.0.0.1; warm GET: 8 pairs of ${(seconds / 4).toFixed(2)} s rounds per server, order turned each pair; ratio the median of the pairs'`,
    );
    log(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on the machine inflates wall times; CPU time does not)`,
    );
    for (const size of sizes) {
      const db = join(dir, `feed-${size}.sqlite`);
      await seed(db, size);

      // Cold build in process: query, serialize, encode, hash; and the longest event-loop stall meanwhile.
      const handle = openSqlite(db);
      const app = createApp({
        store: handle.store,
        clock: () => new Date(),
        mailer: { send: async () => ({ id: 'x' }) },
        config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
      });
      const stalls = monitorEventLoopDelay({ resolution: 1 });
      stalls.enable();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await app.request('/feeds/public.ics');
      const body = Buffer.from(await res.arrayBuffer());
      const coldMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const coldCpuMs = (cpu.user + cpu.system) / 1000;
      stalls.disable();
      const t1 = performance.now();
      await (await app.request('/feeds/public.ics')).arrayBuffer();
      const warmInProcessMs = performance.now() - t1;
      await handle.close();
      handle.sqlite.close();
      const bodyFile = join(dir, `feed-${size}.ics`);
      writeFileSync(bodyFile, body);

      const appServer = await startServer(['app', db]);
      const cold = await coldOverHttp(appServer.port);
      if (cold.bytes !== body.length) throw new Error(`server body ${cold.bytes} bytes, in-process ${body.length}`);
      const rawServer = await startServer(['raw', bodyFile]);
      const comparison = await alternate(appServer.port, rawServer.port, { pairs: 8, roundSeconds: seconds / 4 });
      const { app: warm, raw } = comparison;
      const notModified = await load(appServer.port, '/feeds/public.ics', Math.max(1, seconds / 2), 304, { 'If-None-Match': cold.etag });
      await appServer.stop();
      await rawServer.stop();

      const ratio = comparison.ratio;
      const strip = ({ latencies: _l, ...rest }: Load) => rest;
      const r = {
        size,
        bytes: body.length,
        coldMs,
        coldCpuMs,
        coldHttpMs: cold.ms,
        maxStallMs: stalls.max / 1e6,
        slowestHealthzMs: cold.slowestHealthz,
        warmInProcessMs,
        warm: strip(warm),
        notModified: strip(notModified),
        raw: strip(raw),
        ratio,
      };
      results.push(r);
      log(`\n${size} events (${(body.length / 1e6).toFixed(2)} MB):`);
      log(
        `  cold build in process       ${f1(coldMs)} ms wall, ${f1(coldCpuMs)} ms CPU (longest event-loop stall ${f1(r.maxStallMs)} ms); cached GET ${f1(warmInProcessMs)} ms`,
      );
      log(
        `  cold first request (HTTP)   ${f1(cold.ms)} ms; slowest /healthz meanwhile ${f1(cold.slowestHealthz)} ms (${cold.probes} probes)`,
      );
      log(
        `  warm GET, app               ${f0(warm.perSecond)} req/s, p50 ${f1(warm.p50)} ms, p99 ${f1(warm.p99)} ms, ${f0(warm.mbPerSecond)} MB/s`,
      );
      log(
        `  warm GET, raw node:http     ${f0(raw.perSecond)} req/s, p50 ${f1(raw.p50)} ms, p99 ${f1(raw.p99)} ms, ${f0(raw.mbPerSecond)} MB/s`,
      );
      log(`  304 (If-None-Match), app    ${f0(notModified.perSecond)} req/s, p50 ${f1(notModified.p50)} ms, p99 ${f1(notModified.p99)} ms`);
      log(`  ratio app/raw               ${ratio.toFixed(2)}x`);
    }
    const big = results.find((r) => r.size === 10_000);
    if (big) {
      log(
        `\ngoals at 10,000 events: warm ratio ${big.ratio.toFixed(2)}x (>= 0.8: ${big.ratio >= 0.8 ? 'met' : 'NOT MET'}), cold build ${f0(big.coldMs)} ms wall / ${f0(big.coldCpuMs)} ms CPU (< 1000: ${big.coldMs < 1000 ? 'met' : big.coldCpuMs < 1000 ? 'met in CPU time, not in wall time on this loaded machine' : 'NOT MET'})`,
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
  const secondsAt = args.indexOf('--seconds');
  const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : undefined;
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && i !== secondsAt + 1).map(Number);
  runFeedsBench({ sizes: sizes.length ? sizes : undefined, seconds }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
