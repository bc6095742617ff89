/**
 * A server process for the benchmarks, so the load generator and the server under test never share
 * an event loop (and the client's CPU never counts as the server's). Modes:
 *   app <database>   the real app over that SQLite file, wired as src/runtime/node.ts wires it
 *                    (@hono/node-server, native scrypt, the built-in outbox mailer, the feed cache),
 *                    without the minute-by-minute reminder schedule: passes run on command
 *   raw <file> [<headers.json>]   a minimal node:http server answering every request with the
 *                    file's bytes and, when given, the headers the app sent with them (name, value
 *                    pairs), so both write the same bytes; it runs the app's stall probe too, so the
 *                    two processes differ only in how they answer (ADR 289), and answers `mark`
 * Listens on 127.0.0.1 (an ephemeral port) and reports {port} to the parent over IPC. In app mode
 * it also answers the parent's questions over IPC (see ServerCommand): its own CPU time and
 * memory, the longest event-loop stall its probe saw, a reminder pass (runDue) on demand, and
 * CPU profiles of whatever it does between two commands.
 */
import type { ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { configFromEnv } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { runDue } from '../../src/notify/dispatch.js';
import { outboxMailer } from '../../src/notify/outbox-mailer.js';
import { nativeScrypt } from '../../src/runtime/native-scrypt.js';
import { migrateSqlite, openSqlite } from '../../src/runtime/sqlite.js';
import { startCheckpointer } from '../../src/runtime/sqlite-checkpoint.js';
import { serveApp } from '../../src/runtime/node-http.js';
import { warmUp } from '../../src/runtime/warm-up.js';
import { profiler } from './profile.js';

export const PUBLIC_URL = 'https://calendar.example.org';

/** What the parent can ask (each message carries an id its answer repeats). */
export type ServerCommand =
  | { id: number; cmd: 'mark' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'run-due'; at?: string }
  /** Sets the app's clock to `at` (then running on with real time), or back to the real clock (null). */
  | { id: number; cmd: 'clock'; at: string | null }
  /** Answers once the process has been idle a while (see settle), with the time that took. */
  | { id: number; cmd: 'settle' }
  | { id: number; cmd: 'profile-start' }
  | { id: number; cmd: 'profile-stop'; file: string };

/** CPU time, memory and stalls as of a mark; `stallMs` is the longest stall since the previous mark. */
export interface Mark {
  cpuMs: number;
  rssBytes: number;
  stallMs: number;
}

export interface Stats {
  /** The longest event-loop stall since the process started (ms). */
  maxStallMs: number;
  /** What the server was last asked to do when that stall ended: a request's method and path, or a command. */
  maxStallDuring: string;
  /** The longest garbage-collection pause of the main thread since the process started (ms), and its kind. */
  longestGc: { ms: number; kind: string };
  rssBytes: number;
  /** Peak resident set size of the process (bytes). */
  maxRssBytes: number;
}

export interface PassResult {
  cpuMs: number;
  wallMs: number;
  stallMs: number;
  claimed: number;
  sent: number;
  planned: number;
  ran: boolean;
}

const [mode, path] = process.argv.slice(2);

function ready(server: Server | ServerType) {
  process.send!({ port: (server.address() as AddressInfo).port });
}

/**
 * The stall probe: a 5 ms timer whose lateness is how long the event loop was busy elsewhere. A
 * request that computes for 2 s in one go shows as a 2 s stall, however the CPU time is spread.
 */
function stallProbe(intervalMs = 5) {
  let expected = performance.now() + intervalMs;
  let sinceMark = 0;
  let overall = 0;
  let overallDuring = 'nothing yet';
  // What the process did between two ticks (every thread: getrusage(RUSAGE_SELF)): CPU time, and
  // how often a thread gave the CPU up waiting (voluntary: a blocking system call, a lock) or was
  // taken off it (involuntary: another process or thread had the core). Said beside the longest
  // stall, it tells computing from waiting on the disk from waiting for a core.
  let before = process.resourceUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const usage = process.resourceUsage();
    const late = Math.max(0, now - expected);
    sinceMark = Math.max(sinceMark, late);
    if (late > overall) {
      overall = late;
      const cpu = (usage.userCPUTime + usage.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1000;
      overallDuring =
        `${activity}; the process meanwhile: ${cpu.toFixed(0)} ms CPU, ` +
        `${usage.voluntaryContextSwitches - before.voluntaryContextSwitches} voluntary and ` +
        `${usage.involuntaryContextSwitches - before.involuntaryContextSwitches} involuntary context switches, ` +
        `${usage.majorPageFault - before.majorPageFault} major page faults`;
    }
    before = usage;
    expected = now + intervalMs;
  }, intervalMs);
  timer.unref();
  return {
    /** The longest stall since the last call (including one still going on now). */
    takeSinceMark() {
      const current = Math.max(sinceMark, performance.now() - expected);
      sinceMark = 0;
      return current;
    },
    overall: () => Math.max(overall, performance.now() - expected),
    /** What the server was last asked to do when the longest stall ended (see `activity`). */
    overallDuring: () => overallDuring,
  };
}

/** What the server was last asked to do (a request's method and path, or a command): a whole-run stall is traced to it. */
let activity = 'start';

/** The longest main-thread garbage-collection pause seen, by PerformanceObserver's 'gc' entries. */
const longestGc = { ms: 0, kind: '' };
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks' };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.duration > longestGc.ms) {
      longestGc.ms = entry.duration;
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      longestGc.kind = `${GC_KINDS[kind] ?? `kind ${kind}`} during ${activity}`;
    }
  }
}).observe({ entryTypes: ['gc'] });

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Waits until the process (every thread: V8's collector and compiler, libuv's pool) has spent
 * under 1 ms of CPU in each of two 20 ms windows in a row, or 3 s have passed: the background work
 * an earlier request left (a feed body joined a slice at a time, ADR 192, and the collection of the
 * body it replaces) is then done, and is not counted in the next request measured. Answers the wait (ms).
 */
async function settle(): Promise<number> {
  const t0 = performance.now();
  for (let quiet = 0; quiet < 2 && performance.now() - t0 < 3000;) {
    const before = cpuMs();
    await new Promise((resolve) => setTimeout(resolve, 20));
    quiet = cpuMs() - before < 1 ? quiet + 1 : 0;
  }
  return performance.now() - t0;
}

if (mode === 'raw') {
  const body = readFileSync(path!);
  const headersFile = process.argv[4];
  const headers: string[] = headersFile
    ? (JSON.parse(readFileSync(headersFile, 'utf8')) as string[])
    : ['Content-Type', 'text/calendar; charset=utf-8', 'Content-Length', String(body.length)];
  const probe = stallProbe();
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  process.on('message', (message: ServerCommand) => {
    if (message.cmd === 'mark') {
      const mark: Mark = { cpuMs: cpuMs(), rssBytes: process.memoryUsage.rss(), stallMs: probe.takeSinceMark() };
      process.send!({ id: message.id, ...mark });
    } else process.send!({ id: message.id, error: `a raw server answers only 'mark', not '${message.cmd}'` });
  });
  server.keepAliveTimeout = 3_600_000;
  server.listen(0, '127.0.0.1', () => ready(server));
} else {
  const handle = openSqlite(path!);
  // As src/runtime/node.ts does at start: a calendar made before the newest migration is brought up to date.
  migrateSqlite(handle.sqlite);
  // As src/runtime/node.ts does: the write-ahead log checkpointed by a worker thread (ADR 295).
  startCheckpointer(handle.sqlite, (line) => console.error(`[bench server] ${line}`));
  const config = configFromEnv({ PUBLIC_URL });
  // The real clock, unless the benchmark sets it (a phase run as of the calendar's own day, so its
  // figures do not depend on the hour or the day of the month the benchmark runs; ADR 266).
  let pinned: { at: number; since: number } | null = null;
  const clock: Clock = () => (pinned ? new Date(pinned.at + performance.now() - pinned.since) : new Date());
  const mailer = outboxMailer(handle.store, clock, new URL(config.publicUrl).hostname);
  const app = createApp({
    store: handle.store,
    clock,
    mailer,
    config,
    scrypt: nativeScrypt,
    clientAddress: (c) => getConnInfo(c).remote.address ?? null,
  });
  // As src/runtime/node.ts does before it listens (ADR 226); WARM_UP=false measures a start without it.
  if (process.env.WARM_UP !== 'false') await warmUp(app);
  // Started once the server is ready to serve: a migration at start (14 s for 0020 on a 100k
  // calendar made before it) or the warm-up is not a stall any request could meet.
  const probe = stallProbe();
  // Served as src/runtime/node.ts serves it (src/runtime/node-http.ts).
  const { server } = await serveApp(
    (request: Request, ...rest: unknown[]) => {
      const url = new URL(request.url);
      const label = `${request.method} ${url.pathname}${url.search.slice(0, 40)}`;
      activity = label;
      const answer = (app.fetch as (r: Request, ...a: unknown[]) => Response | Promise<Response>)(request, ...rest);
      // A stall once the app has answered is its body being written or work it left running (a
      // feed's join, ADR 192), not the request's computing: said so when it is traced.
      void Promise.resolve(answer).then(
        () => {
          if (activity === label) activity = `${label}, after its answer (body or background work)`;
        },
        () => {},
      );
      return answer;
    },
    { port: 0, hostname: '127.0.0.1' },
  );
  ready(server);
  // Idle keep-alive connections stay open across long reminder passes, so the client never reuses one the server has just closed.
  (server as Server).keepAliveTimeout = 3_600_000;

  const cpuProfiler = profiler();
  process.on('message', (message: ServerCommand) => {
    if (message.cmd !== 'mark' && message.cmd !== 'stats') activity = `command ${message.cmd}`;
    const answer = (body: object) => process.send!({ id: message.id, ...body });
    const failed = (error: unknown) => answer({ error: error instanceof Error ? error.stack : String(error) });
    if (message.cmd === 'profile-start') {
      cpuProfiler.start().then(() => answer({}), failed);
    } else if (message.cmd === 'profile-stop') {
      cpuProfiler.stop().then((profile) => {
        writeFileSync(message.file, JSON.stringify(profile));
        answer({});
      }, failed);
    } else if (message.cmd === 'settle') {
      settle().then((ms) => answer({ ms }), failed);
    } else if (message.cmd === 'clock') {
      pinned = message.at === null ? null : { at: Date.parse(message.at), since: performance.now() };
      answer({});
    } else if (message.cmd === 'mark') {
      answer({ cpuMs: cpuMs(), rssBytes: process.memoryUsage.rss(), stallMs: probe.takeSinceMark() } satisfies Mark);
    } else if (message.cmd === 'stats') {
      answer({
        maxStallMs: probe.overall(),
        maxStallDuring: probe.overallDuring(),
        longestGc: { ...longestGc },
        rssBytes: process.memoryUsage.rss(),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      } satisfies Stats);
    } else if (message.cmd === 'run-due') {
      probe.takeSinceMark();
      const cpu0 = cpuMs();
      const t0 = performance.now();
      void runDue({ store: handle.store, mailer, config }, message.at ? new Date(message.at) : clock())
        .then((report) =>
          answer({
            cpuMs: cpuMs() - cpu0,
            wallMs: performance.now() - t0,
            stallMs: probe.takeSinceMark(),
            claimed: report.claimed,
            sent: report.sent,
            planned: report.plan.planned,
            ran: report.plan.ran,
          } satisfies PassResult),
        )
        .catch((error: unknown) => answer({ error: error instanceof Error ? error.stack : String(error) }));
    }
  });
}
process.on('disconnect', () => process.exit(0));
