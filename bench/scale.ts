/**
 * Benchmark: what each request costs the server as the calendar grows (issue 9). Generates (or
 * reuses, from data/bench/) calendars of 1,000, 10,000 and 100,000 events with 50 groups and
 * 10,000 members (bench/support/generate-calendar.ts), starts the real app over a copy of each in
 * its own process (bench/support/server-process.ts) and, one request at a time, measures for
 * each page, list and feed: the server's CPU time (its own process.cpuUsage around the request),
 * the wall time the client saw, and the longest event-loop stall the server's probe saw meanwhile.
 * Then reminder passes (runDue in the server process: the first one, one with nothing due, one
 * after an edit; as of noon on the calendar's day, whatever the hour of the run), a home page while a cold feed is being built, warm feed throughput against a
 * raw node:http server answering the same bytes, and the server's memory. Prints one table per
 * size and the issue's targets, met or missed.
 *
 * Run: `npm run bench -- scale [--sizes 1000,10000] [--quick] [--prepare] [--warm-only [--repeat N]] [--timeout <seconds>] [--profile <dir>]`.
 * --prepare only makes the calendars ready (generates and caches them) and measures nothing.
 * --warm-only measures only the warm feed against the raw server, N times (default 3) per size,
 * each with fresh server processes, and prints each ratio with the load average (ADR 289).
 * --profile writes a CPU profile of one extra repetition of each row (.cpuprofile, for DevTools)
 * and prints where each spent its time.
 * Every request has a timeout (default 60 s): a server that does not answer is killed and
 * restarted, and the row says "timeout > N s", so a run on a slow build still finishes.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { createToken } from '../src/db/tokens.js';
import { createUser } from '../src/db/users.js';
import { hashPassword } from '../src/domain/password.js';
import { nativeScrypt } from '../src/runtime/native-scrypt.js';
import { analyseSqlite, migrateSqlite, openSqlite } from '../src/runtime/sqlite.js';
import { utcIso } from '../src/domain/time.js';
import { configFromEnv } from '../src/config.js';
import { DEFAULT_DISPATCH } from '../src/notify/deps.js';
import { outboxMailer } from '../src/notify/outbox-mailer.js';
import { planDue } from '../src/notify/plan.js';
import { maintainIndexFully } from '../src/occurrences/maintain.js';
import { generateCalendar, GENERATOR_VERSION, type CalendarManifest } from './support/generate-calendar.js';
import { alternate, percentile, send, TimeoutError, type Answer, type RequestOptions } from './support/http.js';
import type { Mark, PassResult, Stats } from './support/server-process.js';
import { hotspots, type CpuProfile } from './support/profile.js';
import { startServer, type BenchServer } from './support/servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * Writes a copied calendar's pages to the disk before a server is started on it. Copying 1 GB (the
 * 100k calendar) leaves it in the kernel's dirty pages, written back some 30 s later, while the server
 * is being measured; a stall then would be the bench's own copy, not the server (issue 9).
 */
function settleOnDisk(path: string): void {
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

const CACHE = join(ROOT, 'data', 'bench');

interface Options {
  sizes: number[];
  quick: boolean;
  /** Only make the calendars ready (generate and cache them), measure nothing. */
  prepareOnly: boolean;
  timeoutMs: number;
  /** Where to write one CPU profile of each row (an extra, unmeasured repetition), if anywhere. */
  profileDir: string | null;
  /** The calendars' month ('YYYY-MM'; default this month): their "today" is its first day. */
  month: string | null;
  /** Only the warm feed against the raw server, `repeat` times per size. */
  warmOnly: boolean;
  repeat: number;
}

function options(argv: string[]): Options {
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (at('--sizes') ?? '1000,10000,100000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s < 100)) throw new Error('--sizes takes event counts of at least 100, like 1000,10000');
  const timeout = Number(at('--timeout') ?? 60);
  if (!(timeout > 0)) throw new Error('--timeout takes seconds, like 60');
  const profileDir = at('--profile') ?? null;
  const month = at('--month') ?? null;
  const repeat = Number(at('--repeat') ?? 3);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat takes a number of runs, like 3');
  if (month !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error('--month takes a month, like 2026-12');
  return {
    sizes,
    quick: argv.includes('--quick'),
    prepareOnly: argv.includes('--prepare'),
    timeoutMs: timeout * 1000,
    profileDir,
    month,
    warmOnly: argv.includes('--warm-only'),
    repeat,
  };
}

// ---------------------------------------------------------------------------------------------
// Calendars, generated once and kept under data/bench/

/**
 * What a cached calendar depends on: the generator, the migrations and the code that writes
 * events (and any occurrence index): when one changes, the calendar is made again.
 */
function sourceHash(): string {
  const hash = createHash('sha256').update(`generator ${GENERATOR_VERSION}\n`);
  const files = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .map((f) => join(dir, f))
          .filter((f) => statSync(f).isFile())
      : [];
  // The write path only: reads (src/occurrences/read.ts, pages) may change without a rebuild.
  const writePath = [
    'src/db/events.ts',
    'src/occurrences/rows.ts',
    'src/occurrences/write.ts',
    'src/occurrences/version.ts',
    'src/occurrences/maintain.ts',
    'src/domain/occurrences.ts',
    'src/domain/recurrence.ts',
    'src/domain/recurrence-periods.ts',
  ].map((f) => join(ROOT, f));
  for (const file of [...files(join(ROOT, 'migrations')), ...writePath].sort()) {
    hash.update(`${relative(ROOT, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 10);
}

/**
 * The calendar's "today": the first of this month (or of `--month`, so a build started on the last
 * evening of a month serves the next), so a cached calendar serves a whole month.
 */
function anchorDate(month: string | null): Date {
  if (month) return new Date(`${month}-01T00:00:00Z`);
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** A cached calendar's manifest, with what it took to make it ready (kept, so a reused calendar reports it too). */
interface CachedManifest extends CalendarManifest {
  prepared: {
    /** Generating the calendar through the write helpers, which also write each event's index rows (ms). */
    generateMs: number;
    /** Index rows written. */
    indexRows: number;
    /** maintainIndexFully afterwards, as the server runs it at start: what it still had to do (ms). */
    maintainMs: number;
    /** Reminder planning of everything the bulk load queued (plan_queue), drained as passes would (ms). */
    planMs: number;
    /** The same drain's CPU time (ms), the figure a busy machine does not distort (absent in older manifests). */
    planCpuMs?: number;
    /** The longest lateness of a 5 ms timer during the drain (ms): what a request would have waited. */
    planStallMs?: number;
    queued: number;
    planned: number;
  };
}

async function cachedCalendar(
  size: number,
  month: string | null,
  log: (line: string) => void,
): Promise<{ path: string; manifest: CachedManifest; generatedMs: number | null }> {
  const anchor = anchorDate(month);
  const name = `scale-${size}-g${GENERATOR_VERSION}-${anchor.toISOString().slice(0, 7)}-${sourceHash()}`;
  const path = join(CACHE, `${name}.sqlite`);
  const manifestPath = join(CACHE, `${name}.json`);
  if (existsSync(path) && existsSync(manifestPath)) {
    return { path, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as CachedManifest, generatedMs: null };
  }
  mkdirSync(CACHE, { recursive: true });
  const building = `${path}.building`;
  rmSync(building, { force: true });
  // Two stages, each kept: the generated calendar (before planning) and the planned one, so a
  // change to planning re-runs only the drain (and can be profiled on its own).
  const generatedPath = join(CACHE, `${name}.generated.sqlite`);
  const generatedManifestPath = join(CACHE, `${name}.generated.json`);
  const started = performance.now();
  let stage: Pick<CachedManifest['prepared'], 'generateMs' | 'indexRows' | 'maintainMs'> & { generated: CalendarManifest };
  if (existsSync(generatedPath) && existsSync(generatedManifestPath)) {
    log(`reusing the generated calendar of ${size.toLocaleString('en-GB')} events (${relative(ROOT, generatedPath)}) ...`);
    copyFileSync(generatedPath, building);
    stage = JSON.parse(readFileSync(generatedManifestPath, 'utf8')) as typeof stage;
  } else {
    stage = await generateStage(size, anchor, building, log);
    copyFileSync(building, `${generatedPath}.building`);
    settleOnDisk(`${generatedPath}.building`);
    renameSync(`${generatedPath}.building`, generatedPath);
    writeFileSync(generatedManifestPath, JSON.stringify(stage, null, 2));
  }
  const handle = openSqlite(building);
  handle.sqlite.pragma('synchronous = OFF');
  handle.sqlite.pragma('cache_size = -1000000');
  const count = async (table: 'event_occurrences' | 'plan_queue') =>
    Number(
      (
        await handle.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const { generated, generateMs, indexRows, maintainMs } = stage;
  // The bulk load queued every event and member for planning; drain it as the scheduler's passes
  // would (planDue, a batch at a time), so the benchmark's passes measure a calendar at rest.
  const queued = await count('plan_queue');
  log(`  planning reminders for ${queued.toLocaleString('en-GB')} queued changes ...`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const stalls = stallProbe();
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
  // Planned as of the calendar's own "today" (its anchor), not the machine's clock: a calendar built
  // for a month plans what a server running on that month's first day would (ADR 188).
  const clock = () => anchor;
  const deps = { store: handle.store, mailer: outboxMailer(handle.store, clock, 'calendar.example.org'), config };
  let planned = 0;
  handle.sqlite.exec('BEGIN');
  while ((await count('plan_queue')) > 0) planned += (await planDue(deps, anchor, DEFAULT_DISPATCH)).planned;
  handle.sqlite.exec('COMMIT');
  const planMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const planCpuMs = (cpu.user + cpu.system) / 1000;
  const planStallMs = stalls.stop();
  log(
    `  planned ${planned.toLocaleString('en-GB')} reminders in ${(planMs / 1000).toFixed(1)} s (${(planCpuMs / 1000).toFixed(1)} s CPU, longest event-loop stall ${planStallMs.toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  // Statistics of the calendar as loaded, not of the empty tables the migrations made (ADR 187).
  analyseSqlite(handle.sqlite);
  handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await handle.close();
  // Written with synchronous = OFF: on disk before any server is measured, or the kernel writes
  // this 1 GB back while the first size's rows run, and throttles the server's own writes (a
  // 57-107 ms stall in runs that generated, none in runs from the cache).
  settleOnDisk(building);
  const generatedMs = performance.now() - started;
  renameSync(building, path);
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
  const manifest: CachedManifest = {
    ...generated,
    prepared: { generateMs, indexRows, maintainMs, planMs, planCpuMs, planStallMs, queued, planned },
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { path, manifest, generatedMs };
}

/** "planning N queued changes X s (Y s CPU, longest stall Z ms)", as far as the manifest knows. */
function planningText(p: CachedManifest['prepared']): string {
  const extra = [
    p.planCpuMs !== undefined ? `${(p.planCpuMs / 1000).toFixed(1)} s CPU` : null,
    p.planStallMs !== undefined ? `longest stall ${p.planStallMs.toFixed(0)} ms` : null,
  ].filter(Boolean);
  return `planning ${p.queued.toLocaleString('en-GB')} queued changes ${(p.planMs / 1000).toFixed(1)} s${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** The longest lateness of a 5 ms timer between start and stop: the longest the event loop was held. */
function stallProbe(): { stop(): number } {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const at = performance.now();
    longest = Math.max(longest, at - last - 5);
    last = at;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}

/** Generates a calendar into `path` and runs the index upkeep a server would run at start. */
async function generateStage(size: number, anchor: Date, path: string, log: (line: string) => void) {
  log(`generating a calendar of ${size.toLocaleString('en-GB')} events ...`);
  const started = performance.now();
  const handle = openSqlite(path);
  migrateSqlite(handle.sqlite);
  // One transaction around the whole load, and no fsync until it is done: a half-made file is
  // thrown away anyway (it is renamed into place only when ready). The write helpers' own batches
  // become savepoints inside it.
  handle.sqlite.pragma('synchronous = OFF');
  // A page cache large enough for the whole index being written (100k events: ~900,000 rows in six
  // b-trees), so random inserts do not spill and re-read pages: 1 GB, for this process only.
  handle.sqlite.pragma('cache_size = -1000000');
  handle.sqlite.exec('BEGIN');
  const generated = await generateCalendar(handle.store, { events: size, anchor, log });
  handle.sqlite.exec('COMMIT');
  const generateMs = performance.now() - started;
  const indexRows = Number(
    (
      await handle.store.db
        .selectFrom('event_occurrences')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  log(`  generated in ${(generateMs / 1000).toFixed(1)} s with ${indexRows.toLocaleString('en-GB')} index rows; index upkeep ...`);
  // What the server would otherwise do at start (src/runtime/node.ts: maintainIndexFully).
  const t0 = performance.now();
  await maintainIndexFully(handle.store, () => anchor, log);
  const maintainMs = performance.now() - t0;
  log(`  index upkeep ${(maintainMs / 1000).toFixed(1)} s`);
  handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await handle.close();
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  return { generated, generateMs, indexRows, maintainMs };
}

/** An empty calendar (no events, groups or people) with the benchmark's organiser: the memory baseline. */
async function emptyCalendar(dir: string): Promise<{ path: string; organiser: { email: string; password: string }; apiToken: string }> {
  const path = join(dir, 'empty.sqlite');
  const handle = openSqlite(path);
  migrateSqlite(handle.sqlite);
  const ctx = { actor: 'bench', now: new Date() };
  const organiser = { email: 'bench-organiser@example.org', password: 'partnership organiser bench' };
  await createUser(
    handle.store,
    {
      email: organiser.email,
      role: 'organiser',
      passwordHash: await hashPassword(organiser.password, undefined, nativeScrypt),
      groupIds: [],
    },
    ctx,
  );
  const { token } = await createToken(handle.store, 'scaling benchmark', 'organiser', ctx);
  await handle.close();
  return { path, organiser, apiToken: token };
}

// ---------------------------------------------------------------------------------------------
// The server under test, restarted when a request times out

class ServerUnderTest {
  server!: BenchServer;
  agent = new Agent({ keepAlive: true, maxSockets: 8 });
  cookie = '';
  restarts = 0;

  constructor(
    readonly dbPath: string,
    readonly timeoutMs: number,
    readonly organiser: { email: string; password: string },
    readonly apiToken: string,
  ) {}

  async start(): Promise<void> {
    this.server = await startServer(['app', this.dbPath]);
  }

  /** Stops the server and starts it again over the same database (not counted as a restart after a timeout). */
  async reopen(): Promise<void> {
    this.agent.destroy();
    this.agent = new Agent({ keepAlive: true, maxSockets: 8 });
    await this.server.kill();
    await this.start();
  }

  async restart(): Promise<void> {
    this.restarts++;
    this.agent.destroy();
    this.agent = new Agent({ keepAlive: true, maxSockets: 8 });
    await this.server.kill();
    await this.start();
  }

  request(path: string, opts: RequestOptions = {}): Promise<Answer> {
    const headers = { ...(this.cookie ? { Cookie: this.cookie } : {}), ...(opts.headers ?? {}) };
    return send(this.agent, this.server.port, path, { timeoutMs: this.timeoutMs, ...opts, headers });
  }

  mark(): Promise<Mark> {
    return this.server.ask<Mark>({ cmd: 'mark' });
  }

  /** Waits until the server has finished what earlier requests left running in the background. */
  async settle(): Promise<void> {
    await this.server.ask<{ ms: number }>({ cmd: 'settle' });
  }

  stats(): Promise<Stats> {
    return this.server.ask<Stats>({ cmd: 'stats' });
  }

  /** Signs the organiser in through the sign-in form (CSRF cookie and token, as a browser does). */
  async signIn(): Promise<void> {
    this.cookie = '';
    const form = await this.request('/signin', { keepBody: true });
    const cookies = form.setCookie.map((c) => c.split(';')[0]!);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body!.toString('utf8'))?.[1];
    if (!token) throw new Error('the sign-in page has no CSRF token');
    const body = new URLSearchParams({ email: this.organiser.email, password: this.organiser.password, _csrf: token }).toString();
    const answer = await this.request('/signin', {
      method: 'POST',
      body,
      headers: { Cookie: cookies.join('; '), 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const session = answer.setCookie.map((c) => c.split(';')[0]!).find((c) => /sid=/.test(c));
    if (answer.status !== 303 || !session) throw new Error(`signing in failed (HTTP ${answer.status})`);
    this.cookie = [...cookies, session].join('; ');
  }

  /** An organiser's API change to an event (PATCH /api/events/:id); returns the answer. */
  edit(id: string, patch: Record<string, unknown>): Promise<Answer> {
    return this.request(`/api/events/${id}`, {
      method: 'PATCH',
      body: JSON.stringify(patch),
      headers: { Authorization: `Bearer ${this.apiToken}`, 'Content-Type': 'application/json' },
      keepBody: true,
    });
  }

  /**
   * Moves a series with dates already held to a new room: the edit applies from the next date on,
   * so the series continues as a new event (ADR 90), which the next edit must address. Returns its id.
   */
  async moveSeries(id: string, location: string): Promise<string> {
    const answer = await this.edit(id, { location });
    if (answer.status !== 200) throw new Error(`editing the meeting answered HTTP ${answer.status}: ${answer.body?.toString('utf8')}`);
    return (JSON.parse(answer.body!.toString('utf8')) as { id: string }).id;
  }

  /** Sets the server's clock to `at`, running on from there with real time; null: the real clock again. */
  async setClock(at: Date | null): Promise<void> {
    await this.server.ask({ cmd: 'clock', at: at?.toISOString() ?? null });
  }

  /** A reminder pass (runDue) in the server process, as of `at`. */
  async pass(at: Date): Promise<PassResult> {
    return await withTimeout(this.server.ask<PassResult>({ cmd: 'run-due', at: at.toISOString() }), this.timeoutMs * 3);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e as Error);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Rows of the table

interface Row {
  name: string;
  cpu: number[];
  wall: number[];
  stall: number[];
  /** Set when the request did not answer in time (ms). */
  timeoutMs?: number;
  note?: string;
  /** In the issue's "every listed request ≤ 50 ms CPU" target. */
  listed: boolean;
  /** With --profile: where one more repetition spent its CPU time. */
  profile?: ReturnType<typeof hotspots> & { file: string };
}

interface SizeResult {
  size: number;
  label: string;
  generatedMs: number | null;
  dbBytes: number;
  rows: Row[];
  maxStallMs: number;
  /** What the server was doing when its longest whole-run stall ended, and its longest GC pause. */
  maxStallDuring?: string;
  longestGc?: { ms: number; kind: string };
  rssBytes: number;
  maxRssBytes: number;
  firstPass?: PassResult | { timeoutMs: number };
  feedRatio?: WarmComparison;
  /** The longest stall of each unmeasured phase (between rows: feed builds after edits, warm throughput, ...). */
  phaseStalls: { name: string; ms: number }[];
  duringBuild?: { alone: number; during: number[]; buildMs: number[] };
  restarts: number;
  /** How the cached calendar was made ready (generation with its index, upkeep, initial planning). */
  prepared?: CachedManifest['prepared'];
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '–');

async function runSize(
  label: string,
  size: number,
  calendar: {
    path: string;
    manifest: CalendarManifest | null;
    organiser: { email: string; password: string };
    apiToken: string;
    generatedMs: number | null;
  },
  opts: Options,
  log: (line: string) => void,
): Promise<SizeResult> {
  const work = mkdtempSync(join(tmpdir(), 'safercal-bench-scale-'));
  const db = join(work, 'calendar.sqlite');
  copyFileSync(calendar.path, db);
  // Reminder passes run as of the calendar's own day (ADR 266): what they cost depends on who has
  // been told of which date, which on the real clock changes by the hour and the day of the month.
  const passesAt = passInstant(opts.month);
  const caughtUp = markPastAsSent(db, passesAt);
  if (caughtUp)
    log(
      `    ${caughtUp.toLocaleString('en-GB')} reminders fell due between the calendar's planning and its passes' instant (${passesAt.toISOString()}): marked sent, as a running server would have sent them`,
    );
  settleOnDisk(db);
  const target = new ServerUnderTest(db, opts.timeoutMs, calendar.organiser, calendar.apiToken);
  const manifest = calendar.manifest;
  const rows: Row[] = [];
  const reps = opts.quick ? 5 : 20;
  const budgetMs = opts.quick ? 3_000 : 10_000;
  const today = DateTime.now().setZone('Europe/London').toISODate()!;
  const result: SizeResult = {
    size,
    label,
    generatedMs: calendar.generatedMs,
    dbBytes: statSync(db).size,
    rows,
    maxStallMs: 0,
    rssBytes: 0,
    maxRssBytes: 0,
    restarts: 0,
    phaseStalls: [],
  };
  let maxStall = 0;
  const noteStats = async () => {
    const s = await target.stats();
    if (s.maxStallMs > maxStall) result.maxStallDuring = s.maxStallDuring;
    if (s.longestGc.ms > (result.longestGc?.ms ?? 0)) result.longestGc = s.longestGc;
    maxStall = Math.max(maxStall, s.maxStallMs);
    result.maxRssBytes = Math.max(result.maxRssBytes, s.maxRssBytes);
    return s;
  };
  const restart = async () => {
    await target.restart();
    await target.signIn();
  };

  /**
   * An unmeasured phase (no row of its own): the longest event-loop stall from now until the
   * returned function is called is noted under `name`, so a whole-run stall can be traced to it.
   */
  const phase = async (name: string) => {
    await target.mark();
    return async () => {
      result.phaseStalls.push({ name, ms: (await target.mark()).stallMs });
    };
  };

  /** One measured request: the server's CPU and stall around it, the client's wall time. */
  const once = async (path: string, requestOpts: RequestOptions = {}) => {
    const before = await target.mark();
    const answer = await target.request(path, requestOpts);
    const after = await target.mark();
    return { cpu: after.cpuMs - before.cpuMs, wall: answer.ms, stall: after.stallMs, answer };
  };

  /**
   * With --profile: one more run of `work`, not counted, under the server's CPU profiler; the
   * profile is written to the profile directory and summarised on the row.
   */
  const profile = async (r: Row, work: () => Promise<unknown>) => {
    if (!opts.profileDir || r.timeoutMs) return;
    mkdirSync(opts.profileDir, { recursive: true });
    const file = join(
      opts.profileDir,
      `${size}-${rows.indexOf(r) + 1}-${r.name
        .replace(/[^a-z0-9]+/gi, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60)}.cpuprofile`,
    );
    try {
      await target.server.ask({ cmd: 'profile-start' });
      await work();
      await target.server.ask({ cmd: 'profile-stop', file });
      r.profile = { ...hotspots(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, ROOT), file: relative(ROOT, file) };
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      await restart();
    }
  };

  /** A row: the request repeated up to `reps` times (fewer when slow), stopping at the first timeout. */
  const row = async (
    name: string,
    path: string,
    o: { listed?: boolean; reps?: number; requestOpts?: RequestOptions; before?: () => Promise<void> } = {},
  ) => {
    const r: Row = { name, cpu: [], wall: [], stall: [], listed: o.listed ?? true };
    rows.push(r);
    const started = performance.now();
    const max = o.reps ?? reps;
    let body: string | undefined;
    while (r.cpu.length < max && !(r.cpu.length >= 1 && performance.now() - started > budgetMs)) {
      try {
        await o.before?.();
        const m = await once(path, { ...o.requestOpts, keepBody: body === undefined });
        body ??= m.answer.body?.toString('utf8') ?? '';
        if (m.answer.status >= 400) r.note = `HTTP ${m.answer.status}`;
        r.cpu.push(m.cpu);
        r.wall.push(m.wall);
        r.stall.push(m.stall);
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        r.timeoutMs = error.ms;
        await noteStats().catch(() => {});
        await restart();
        break;
      }
    }
    await profile(r, async () => {
      await o.before?.();
      await target.request(path, o.requestOpts);
    });
    log(`    ${name}: ${r.timeoutMs ? `timeout > ${r.timeoutMs / 1000} s` : `${f1(median(r.cpu))} ms CPU (n=${r.cpu.length})`}`);
    return { row: r, body: body ?? '' };
  };

  try {
    await target.start();
    await target.request('/healthz');
    // The very first feed request of a fresh server over a calendar loaded in bulk (no fragment kept
    // yet) writes every fragment: cold. A /healthz sent meanwhile shows whether the build lets it in.
    {
      const r: Row = { name: 'public feed, cold (first GET after start, no fragment kept)', cpu: [], wall: [], stall: [], listed: false };
      const h: Row = { name: 'GET /healthz while the cold feed builds: healthz wall', cpu: [], wall: [], stall: [], listed: false };
      rows.push(r, h);
      try {
        const before = await target.mark();
        const feed = target.request('/feeds/public.ics');
        await new Promise((resolve) => setTimeout(resolve, 200));
        const health = await target.request('/healthz');
        const answer = await feed;
        const after = await target.mark();
        r.cpu.push(after.cpuMs - before.cpuMs);
        r.wall.push(answer.ms);
        r.stall.push(after.stallMs);
        h.cpu.push(0);
        h.wall.push(health.ms);
        h.stall.push(after.stallMs);
        log(`    ${r.name}: ${f1(r.cpu[0]!)} ms CPU, ${f0(r.wall[0]!)} ms wall; /healthz meanwhile ${f0(health.ms)} ms`);
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        r.timeoutMs = error.ms;
        await restart();
      }
    }
    // The fragments that build wrote are kept in the table: a restarted server assembles the feed from them.
    await target.reopen();
    await target.request('/healthz');
    await row('public feed, cold after a restart (fragments kept)', '/feeds/public.ics', { reps: 1, listed: false });
    await target.signIn();

    const home = await row('GET / (home page)', '/');
    const next = /<a href="([^"]+)"[^>]*>Next page/.exec(home.body)?.[1]?.replace(/&amp;/g, '&');
    if (next) await row(`GET ${next} (the home page's next page)`, next);
    // `to` is a last day, inclusive: today and the next 730 days make the API's longest window, 731 days.
    const to = DateTime.fromISO(today).plus({ days: 730 }).toISODate();
    await row('GET /api/occurrences, 731-day window', `/api/occurrences?from=${today}&to=${to}`);
    // Beyond the index's horizon: bounded expansion from the window's start, or a refusal at the edge.
    await row('GET /api/occurrences?from=2150-01-01 (beyond the index horizon)', '/api/occurrences?from=2150-01-01');
    await row('GET /api/occurrences?from=9999-12-01 (far future)', '/api/occurrences?from=9999-12-01');
    await row('GET /?from=9999-12-01 (far future, home page)', '/?from=9999-12-01');
    // Does the server keep answering while a heavy request computes? /healthz sent 5 ms after it.
    {
      const r: Row = {
        name: `GET /healthz while GET /api/occurrences (731 days) runs: healthz wall`,
        cpu: [],
        wall: [],
        stall: [],
        listed: false,
      };
      rows.push(r);
      for (let i = 0; i < (opts.quick ? 3 : 10); i++) {
        const before = await target.mark();
        const heavy = target.request(`/api/occurrences?from=${today}&to=${to}&limit=500`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const health = await target.request('/healthz');
        await heavy;
        const after = await target.mark();
        r.cpu.push(after.cpuMs - before.cpuMs);
        r.wall.push(health.ms);
        r.stall.push(after.stallMs);
      }
      log(`    healthz during a heavy request: ${f1(median(r.wall))} ms wall (n=${r.wall.length})`);
    }
    await row('GET /calendar/month (this month)', '/calendar/month');
    await row('GET /calendar/year (this year)', '/calendar/year');
    if (manifest) await row('GET /events/:id (a series begun 12 years ago)', `/events/${manifest.longSeriesId}`);
    await row('GET /organise (organiser dashboard)', '/organise');
    await row('GET /organise/events (organiser list)', '/organise/events');
    await row('GET /api/events?limit=100', '/api/events?limit=100');
    const word = manifest?.searchWord ?? 'knife';
    await row(`GET /api/events?q=${word} (search)`, `/api/events?q=${word}`);
    await row(`GET /organise/events?q=${word} (page search)`, `/organise/events?q=${word}`);
    if (manifest) {
      const group = await target.request(`/groups/${manifest.groupSlug}`);
      const groupPath = group.status === 200 ? `/groups/${manifest.groupSlug}` : `/feeds/groups/${manifest.groupSlug}`;
      await row(`GET ${groupPath.replace(manifest.groupSlug, ':slug')} (group page)`, groupPath);
    }
    await row('public feed, warm (cached)', '/feeds/public.ics');

    if (manifest) {
      let n = 0;
      const editRow: Row = { name: 'PATCH /api/events/:id (edit one event)', cpu: [], wall: [], stall: [], listed: true };
      rows.push(editRow);
      const edit = async () => {
        // The edit follows a feed GET, whose new 53 MB body (at 100k) is joined in the background and
        // the old one collected: measured from the GET's answer, that work was counted as the
        // edit's (a PATCH of 5–8 ms CPU measured 60–120 ms; ADR 276). The row measures the edit.
        await target.settle();
        const m = await once(`/api/events/${manifest.editEventId}`, {
          method: 'PATCH',
          body: JSON.stringify({ title: `Community walkabout (edited ${++n})` }),
          headers: { Authorization: `Bearer ${target.apiToken}`, 'Content-Type': 'application/json' },
        });
        if (m.answer.status !== 200) throw new Error(`editing an event answered HTTP ${m.answer.status}`);
        editRow.cpu.push(m.cpu);
        editRow.wall.push(m.wall);
        editRow.stall.push(m.stall);
      };
      await row('public feed, first GET after one edit', '/feeds/public.ics', { reps: opts.quick ? 3 : 5, before: edit });

      // A home page while the feed is being rebuilt after an edit: does the page wait for the feed?
      const alone = median(rows.find((r) => r.name.startsWith('GET / '))!.wall);
      const during: number[] = [];
      const buildMs: number[] = [];
      const endBuilds = await phase('home page during feed builds after edits');
      for (let i = 0; i < 3; i++) {
        await edit();
        const feed = target.request('/feeds/public.ics');
        await new Promise((r) => setTimeout(r, 5));
        try {
          during.push((await target.request('/')).ms);
          buildMs.push((await feed).ms);
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
          await restart();
          during.push(Infinity);
          break;
        }
      }
      await endBuilds();
      result.duringBuild = { alone, during, buildMs };
      log(
        `    home page during a feed build: ${during.map(f0).join(', ')} ms (alone ${f0(alone)} ms; builds ${buildMs.map(f0).join(', ')} ms)`,
      );

      // Reminder passes, in the server process: the first (plans everything, sends what is due now),
      // then passes with nothing due, then passes after one edit each. They run as of instants a
      // second apart within one clock hour, as minute-by-minute ticks mostly are: planning also
      // looks further ahead once an hour, which is not what "nothing due" measures. The hour is
      // fixed on the calendar's day (passInstant), and the server's clock is set to it for the
      // phase, so the edits split the meeting series at the same date in every run (ADR 266).
      let second = 0;
      const at = () => new Date(passesAt.getTime() + 1000 * second++);
      const endPasses = await phase('reminder passes (first, catching up, nothing due, after edits)');
      await target.setClock(passesAt);
      try {
        const first = await target.pass(at());
        result.firstPass = first;
        log(`    first reminder pass: ${f0(first.cpuMs)} ms CPU, planned ${first.planned}, sent ${first.sent}`);
        // The calendar was planned when it was made (ADR 81); reminders that fell due since are
        // sent now, over as many passes as the dispatcher's batches need. "Nothing due" starts after.
        let catchUp = first;
        for (let i = 0; i < 20 && (catchUp.claimed > 0 || catchUp.sent > 0); i++) {
          catchUp = await target.pass(at());
          log(`    catching up: a pass sent ${catchUp.sent} that fell due since the calendar was made`);
        }
        const tickRow: Row = { name: 'reminder pass with nothing due', cpu: [], wall: [], stall: [], listed: false };
        rows.push(tickRow);
        for (let i = 0; i < (opts.quick ? 3 : 10); i++) {
          const p = await target.pass(at());
          tickRow.cpu.push(p.cpuMs);
          tickRow.wall.push(p.wallMs);
          tickRow.stall.push(p.stallMs);
        }
        await profile(tickRow, () => target.pass(at()));
        log(`    reminder pass with nothing due: ${f1(median(tickRow.cpu))} ms CPU (n=${tickRow.cpu.length})`);
        const editPassRow: Row = {
          name: 'reminder pass after one edit (a meeting series moves)',
          cpu: [],
          wall: [],
          stall: [],
          listed: true,
        };
        rows.push(editPassRow);
        let meetingId = manifest.meetingSeriesId;
        for (let i = 0; i < (opts.quick ? 2 : 4); i++) {
          meetingId = await target.moveSeries(meetingId, `Room ${i + 1}, Civic Offices, Milton Keynes`);
          const p = await target.pass(at());
          editPassRow.cpu.push(p.cpuMs);
          editPassRow.wall.push(p.wallMs);
          editPassRow.stall.push(p.stallMs);
        }
        await profile(editPassRow, async () => {
          meetingId = await target.moveSeries(meetingId, 'Committee Room 2, Civic Offices, Milton Keynes');
          await target.pass(at());
        });
        log(`    reminder pass after one edit: ${f1(median(editPassRow.cpu))} ms CPU (n=${editPassRow.cpu.length})`);
        await target.setClock(null);
        await endPasses();
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        result.firstPass ??= { timeoutMs: error.ms };
        rows.push({ name: 'reminder pass (timed out)', cpu: [], wall: [], stall: [], timeoutMs: error.ms, listed: true });
        await restart();
      }
    }

    const stats = await noteStats();
    result.rssBytes = stats.rssBytes;
    // The whole run's longest stall is taken here, before the throughput comparison: that phase
    // sends the whole feed back-to-back as fast as the server writes it, and a raw node:http server
    // writing the same bytes stalls as long (its figure is printed beside the app's; ADR 295).
    const stallBeforeWarm = { ms: maxStall, during: result.maxStallDuring };
    // Warm feed throughput: the app's cached feed against a raw server answering the same bytes.
    // A feed that cannot be built within the timeout (100k events) has no warm throughput to compare.
    // Its first GET (the feed rebuilt after the passes' edits) is a request like any other.
    const endFeedGet = await phase('public feed GET after the passes’ edits (rebuilt)');
    const body = size
      ? await target.request('/feeds/public.ics', { keepBody: true }).catch(async (error: unknown) => {
          if (!(error instanceof TimeoutError)) throw error;
          log(`    public feed, warm throughput: not measured (the feed took over ${error.ms / 1000} s to build)`);
          await restart();
          return null;
        })
      : null;
    await endFeedGet();
    const feedGetStall = result.phaseStalls.at(-1)!;
    if (body) result.feedRatio = await againstRaw(target.server, body, work, size, opts.quick);
    await noteStats();
    // The server's own record now includes the throughput rounds: the figure and its trace are
    // the ones from before them, or the rebuilt feed's GET if that stalled longer.
    const feedGetLonger = feedGetStall.ms > stallBeforeWarm.ms;
    result.maxStallDuring = feedGetLonger ? feedGetStall.name : stallBeforeWarm.during;
    result.maxStallMs = Math.max(feedGetLonger ? feedGetStall.ms : stallBeforeWarm.ms, ...rows.flatMap((r) => r.stall));
    result.restarts = target.restarts;
    return result;
  } finally {
    target.agent.destroy();
    await target.server?.stop().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The instant the reminder passes run as of: 12:00:30 UTC on the calendar's day (the first of
 * `--month`, or of this month), whenever the benchmark runs. Half a minute past the hour, as the
 * passes then stay within one clock hour. At noon on 1 December 2026 (`--month 2026-12`) the 10k
 * calendar's meeting series (18:00 on first Tuesdays) still has that evening's date ahead, whose
 * reminders went out, so moving it tells people: the row measured at 12:30 that day (265 ms), not
 * the one at 22:00 (9 ms), nor whatever a later day of the month would give.
 */
/** The warm feed's throughput against a raw node:http server's, and the load average meanwhile. */
interface WarmComparison {
  /** Pooled requests per second of every round. */
  app: number;
  raw: number;
  /** The median of the pairs' app/raw ratios (bench/support/http.ts alternate). */
  ratio: number;
  ratios: number[];
  roundSeconds: number;
  /** Each server process's own CPU per request (µs), over every round. */
  cpuMicros: { app: number; raw: number };
  bytes: number;
  /** The 1-minute load average before and after. */
  load: [number, number];
  /** The longest event-loop stall each server's probe saw over the rounds (ms). */
  stalls: { app: number; raw: number };
}

/** Headers Node's http server writes itself on every answer, left to the raw server's own. */
const PER_ANSWER_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * The app's warm feed (`answer`: a GET of it, with its body and headers) against a raw node:http
 * server answering every request with the same body and the same headers, in alternating pairs of
 * rounds (ADR 289). `work` is a scratch directory.
 */
async function againstRaw(app: BenchServer, answer: Answer, work: string, size: number, quick: boolean): Promise<WarmComparison> {
  const bodyFile = join(work, 'feed.ics');
  const headersFile = join(work, 'feed-headers.json');
  writeFileSync(bodyFile, answer.body!);
  const sent = answer.rawHeaders!;
  const headers = sent.flatMap((name, i) => (i % 2 === 0 && !PER_ANSWER_HEADERS.has(name.toLowerCase()) ? [name, sent[i + 1]!] : []));
  writeFileSync(headersFile, JSON.stringify(headers));
  const raw = await startServer(['raw', bodyFile, headersFile]);
  try {
    const loadBefore = loadavg()[0]!;
    const stalls = { app: 0, raw: 0 };
    const cpuMs = (server: { port: number } & Pick<BenchServer, 'ask'>, which: 'app' | 'raw') => async () => {
      const mark = await server.ask<Mark>({ cmd: 'mark' });
      stalls[which] = Math.max(stalls[which], mark.stallMs);
      return mark.cpuMs;
    };
    const c = await alternate(app.port, raw.port, {
      pairs: quick ? 8 : 12,
      roundSeconds: quick ? 0.5 : 0.75,
      cpuMs: { app: cpuMs(app, 'app'), raw: cpuMs(raw, 'raw') },
    });
    return {
      cpuMicros: { app: c.cpuPerRequest!.app * 1000, raw: c.cpuPerRequest!.raw * 1000 },
      roundSeconds: c.roundSeconds,
      app: c.app.perSecond,
      raw: c.raw.perSecond,
      ratio: c.ratio,
      ratios: c.ratios,
      bytes: answer.bytes,
      load: [loadBefore, loadavg()[0]!],
      stalls,
    };
  } finally {
    await raw.stop();
  }
}

/** "0.97x (median of 12 pairs, 0.91–1.02); server CPU per GET 190 µs vs raw 160 µs" */
function ratioText(c: WarmComparison): string {
  return `${c.ratio.toFixed(2)}x (median of ${c.ratios.length} pairs of ${c.roundSeconds.toFixed(2)} s rounds, ${c.ratios[0]!.toFixed(2)}–${c.ratios.at(-1)!.toFixed(2)}); server CPU per GET ${f0(c.cpuMicros.app)} µs vs raw ${f0(c.cpuMicros.raw)} µs`;
}

/**
 * --warm-only: for each size, `repeat` times, a fresh app server over a copy of the calendar, its
 * feed built and warm, against the raw server (againstRaw); each run printed with the load.
 */
async function warmOnly(opts: Options, log: (line: string) => void): Promise<void> {
  for (const size of opts.sizes) {
    const cal = await cachedCalendar(size, opts.month, log);
    const runs: WarmComparison[] = [];
    for (let i = 0; i < opts.repeat; i++) {
      const work = mkdtempSync(join(tmpdir(), 'safercal-bench-warm-'));
      const db = join(work, 'calendar.sqlite');
      copyFileSync(cal.path, db);
      settleOnDisk(db);
      const app = await startServer(['app', db]);
      try {
        const answer = await send(undefined, app.port, '/feeds/public.ics', { keepBody: true, timeoutMs: opts.timeoutMs });
        if (answer.status !== 200) throw new Error(`the feed answered HTTP ${answer.status}`);
        // A body over 1 MB is joined into one array in the background after its build (ADR 192).
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const c = await againstRaw(app, answer, work, size, opts.quick);
        runs.push(c);
        log(
          `${size.toLocaleString('en-GB')} events, run ${i + 1}: warm feed ${f0(c.app)} req/s vs raw ${f0(c.raw)} req/s, ${ratioText(c)}; ${(c.bytes / 1e6).toFixed(2)} MB; load average ${c.load.map((l) => l.toFixed(1)).join(' → ')}`,
        );
      } finally {
        await app.stop();
        rmSync(work, { recursive: true, force: true });
      }
    }
    log(
      `${size.toLocaleString('en-GB')} events: ${runs.map((c) => `${c.ratio.toFixed(2)}x`).join(', ')} (lowest ${Math.min(...runs.map((c) => c.ratio)).toFixed(2)}x; target ≥ 0.95x)\n`,
    );
  }
}

function passInstant(month: string | null): Date {
  return new Date(anchorDate(month).getTime() + (12 * 60 + 0.5) * 60_000);
}

/**
 * Marks the reminders due before `now` (the passes' instant) as sent (sent_at their due time), in
 * the copy the server will open: the calendar was planned as of its anchor, the first of its
 * month, and a server running since then would have sent them as they fell due. Without this the first pass of a run
 * late in the month sends weeks of catch-up (~50,000 emails at 100k events) and measures that.
 * Returns how many were marked.
 */
function markPastAsSent(path: string, now: Date): number {
  const handle = openSqlite(path);
  try {
    const marked = handle.sqlite
      .prepare(
        `update reminder_deliveries set status = 'sent', sent_at = due_at, updated_at = due_at, lease_until = null
         where status = 'pending' and due_at < ?`,
      )
      .run(utcIso(now)).changes;
    // Then the statistics a server refreshes daily (ADR 187), rather than those of the bulk load.
    analyseSqlite(handle.sqlite);
    return marked;
  } finally {
    handle.sqlite.close();
  }
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

// ---------------------------------------------------------------------------------------------
// Report

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

function table(result: SizeResult): string[] {
  const lines = [
    `| ${result.label} | server CPU ms p50 | max | wall ms p50 | p99 | n | longest stall ms |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of result.rows) {
    if (r.timeoutMs && !r.cpu.length) {
      lines.push(`| ${r.name} | timeout > ${r.timeoutMs / 1000} s | | | | 0 | |`);
      continue;
    }
    const cpu = [...r.cpu].sort((a, b) => a - b);
    const wall = [...r.wall].sort((a, b) => a - b);
    const note = r.timeoutMs ? ` (then timeout > ${r.timeoutMs / 1000} s)` : r.note ? ` (${r.note})` : '';
    lines.push(
      `| ${r.name}${note} | ${f1(percentile(cpu, 50))} | ${f1(cpu.at(-1)!)} | ${f1(percentile(wall, 50))} | ${f1(percentile(wall, 99))} | ${r.cpu.length} | ${f0(Math.max(...r.stall))} |`,
    );
  }
  return lines;
}

interface TargetResult {
  name: string;
  met: boolean | null;
  figure: string;
}

function targets(results: SizeResult[], empty: SizeResult | null): TargetResult[] {
  const out: TargetResult[] = [];
  const biggest = results.find((r) => r.size === 100_000);
  const tenK = results.find((r) => r.size === 10_000);
  if (biggest) {
    const over = biggest.rows.filter((r) => r.listed && (r.timeoutMs || r.cpu.some((c) => c > 50)));
    out.push({
      name: 'every listed request ≤ 50 ms CPU at 100k events',
      met: over.length === 0,
      figure: over.length
        ? `over: ${over.map((r) => `${r.name} ${r.timeoutMs ? `timeout > ${r.timeoutMs / 1000} s` : `${f0(Math.max(...r.cpu))} ms`}`).join('; ')}`
        : 'all within',
    });
    const tick = biggest.rows.find((r) => r.name === 'reminder pass with nothing due');
    out.push({
      name: 'reminder tick with nothing due ≤ 10 ms at 100k events × 10k members',
      met: tick && tick.cpu.length ? Math.max(...tick.cpu) <= 10 : false,
      figure:
        tick && tick.cpu.length ? `max ${f1(Math.max(...tick.cpu))} ms CPU, p50 ${f1(median(tick.cpu))} ms` : 'not measured (timed out)',
    });
  } else {
    out.push({ name: 'every listed request ≤ 50 ms CPU at 100k events', met: null, figure: '100k not run (--sizes)' });
    out.push({ name: 'reminder tick with nothing due ≤ 10 ms at 100k events × 10k members', met: null, figure: '100k not run (--sizes)' });
  }
  const stall = Math.max(...results.map((r) => r.maxStallMs));
  out.push({
    name: 'longest event-loop stall ≤ 50 ms (whole run, every size; the warm-throughput rounds are shown apart, beside a raw server)',
    met: stall <= 50,
    figure: `${f0(stall)} ms`,
  });
  if (tenK) {
    const feed = tenK.rows.find((r) => r.name === 'public feed, first GET after one edit');
    out.push({
      name: 'first feed GET after one edit ≤ 100 ms at 10k',
      met: feed && feed.cpu.length ? Math.max(...feed.wall) <= 100 : false,
      figure: feed && feed.cpu.length ? `wall max ${f0(Math.max(...feed.wall))} ms, CPU max ${f0(Math.max(...feed.cpu))} ms` : 'timed out',
    });
    if (empty) {
      const ratio = tenK.maxRssBytes / empty.maxRssBytes;
      out.push({
        name: 'server RSS at 10k ≤ 1.5x its RSS on an empty calendar',
        met: ratio <= 1.5,
        figure: `peak ${MB(tenK.maxRssBytes)} vs ${MB(empty.maxRssBytes)} (${ratio.toFixed(2)}x)`,
      });
    }
  } else {
    out.push({ name: 'first feed GET after one edit ≤ 100 ms at 10k', met: null, figure: '10k not run (--sizes)' });
  }
  const ratios = results.filter((r) => r.feedRatio).map((r) => `${r.size / 1000}k ${r.feedRatio!.ratio.toFixed(2)}x`);
  const lowest = Math.min(...results.filter((r) => r.feedRatio).map((r) => r.feedRatio!.ratio));
  out.push({ name: 'warm feed ≥ 0.95x raw node:http', met: lowest >= 0.95, figure: ratios.join(', ') });
  return out;
}

async function main() {
  const opts = options(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  log(
    `scale benchmark: sizes ${opts.sizes.map((s) => s.toLocaleString('en-GB')).join(', ')} events; ${opts.quick ? 'quick (fewer repetitions)' : 'full'}; request timeout ${opts.timeoutMs / 1000} s`,
  );
  log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load()} at the start`);
  const started = performance.now();
  if (opts.warmOnly) return warmOnly(opts, log);
  if (opts.prepareOnly) {
    for (const size of opts.sizes) {
      const cal = await cachedCalendar(size, opts.month, log);
      const p = cal.manifest.prepared;
      log(
        `${size.toLocaleString('en-GB')} events ready in ${relative(ROOT, cal.path)}: ${cal.generatedMs === null ? 'from the cache' : `made in ${(cal.generatedMs / 1000).toFixed(1)} s`} (generated ${(p.generateMs / 1000).toFixed(1)} s with ${p.indexRows.toLocaleString('en-GB')} index rows; ${planningText(p)}); load average ${load()}`,
      );
    }
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'safercal-bench-empty-'));
  const results: SizeResult[] = [];
  let empty: SizeResult;
  try {
    const e = await emptyCalendar(scratch);
    log('\nempty calendar (memory baseline):');
    empty = await runSize(
      'empty calendar',
      0,
      { path: e.path, manifest: null, organiser: e.organiser, apiToken: e.apiToken, generatedMs: null },
      opts,
      log,
    );
    for (const size of opts.sizes) {
      const cal = await cachedCalendar(size, opts.month, log);
      log(
        `\n${size.toLocaleString('en-GB')} events: ${cal.generatedMs === null ? 'calendar reused from the cache' : `calendar generated in ${(cal.generatedMs / 1000).toFixed(1)} s`}; load average ${load()}`,
      );
      const p = cal.manifest.prepared;
      log(
        `  prepared: generated with ${p.indexRows.toLocaleString('en-GB')} index rows in ${(p.generateMs / 1000).toFixed(1)} s; maintainIndexFully ${(p.maintainMs / 1000).toFixed(1)} s; ${planningText(p)}`,
      );
      results.push(
        await runSize(
          `${size.toLocaleString('en-GB')} events`,
          size,
          { ...cal, organiser: cal.manifest.organiser, apiToken: cal.manifest.apiToken },
          opts,
          log,
        ),
      );
      results.at(-1)!.prepared = p;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  log(
    `\n## Results (${cpus().length} CPUs; load average at the end ${load()}; ${((performance.now() - started) / 60_000).toFixed(1)} minutes)\n`,
  );
  log('Server CPU is the server process’s own user+system time across each request; wall is what the client saw;');
  log('"longest stall" is the longest time the server’s 5 ms event-loop probe was kept waiting during the request.\n');
  for (const r of [empty, ...results]) {
    for (const line of table(r)) log(line);
    const extra = [
      `longest event-loop stall ${f0(r.maxStallMs)} ms${r.maxStallDuring ? ` (the server's longest since its start ended during ${r.maxStallDuring})` : ''}`,
      r.longestGc ? `longest GC pause ${f1(r.longestGc.ms)} ms (${r.longestGc.kind})` : null,
      `RSS ${MB(r.rssBytes)} (peak ${MB(r.maxRssBytes)})`,
      r.size ? `database ${MB(r.dbBytes)}` : null,
      r.firstPass
        ? 'timeoutMs' in r.firstPass
          ? `first reminder pass timeout > ${r.firstPass.timeoutMs / 1000} s`
          : `first reminder pass ${f0(r.firstPass.cpuMs)} ms CPU (${r.firstPass.planned} planned, ${r.firstPass.sent} sent)`
        : null,
      r.feedRatio
        ? `warm feed ${f0(r.feedRatio.app)} req/s vs raw ${f0(r.feedRatio.raw)} req/s, ${ratioText(r.feedRatio)} (${(r.feedRatio.bytes / 1e6).toFixed(2)} MB body, load ${r.feedRatio.load.map((l) => l.toFixed(1)).join(' → ')}); longest stall while sending it back-to-back (not in the whole-run figure): app ${f0(r.feedRatio.stalls.app)} ms, raw node:http ${f0(r.feedRatio.stalls.raw)} ms`
        : null,
      r.phaseStalls.length ? `longest stall by unmeasured phase: ${r.phaseStalls.map((p) => `${p.name} ${f0(p.ms)} ms`).join('; ')}` : null,
      r.duringBuild
        ? `home page while a feed builds: ${r.duringBuild.during.map(f0).join(', ')} ms wall (alone ${f0(r.duringBuild.alone)} ms; the builds took ${r.duringBuild.buildMs.map(f0).join(', ')} ms)`
        : null,
      r.prepared
        ? `calendar made ready once (cached): generated through the write helpers with ${r.prepared.indexRows.toLocaleString('en-GB')} index rows in ${f0(r.prepared.generateMs / 1000)} s, maintainIndexFully then ${f1(r.prepared.maintainMs)} ms, ${planningText(r.prepared)}`
        : null,
      r.restarts ? `server restarted ${r.restarts}x after timeouts` : null,
    ].filter(Boolean);
    log(`\n${extra.join('; ')}.\n`);
  }
  const profiled = [empty, ...results].flatMap((r) => r.rows.filter((row) => row.profile).map((row) => ({ size: r.label, row })));
  if (profiled.length) {
    log('## Where the time went (one profiled repetition of each row; app code by time including callees)\n');
    for (const { size, row } of profiled) {
      const p = row.profile!;
      if (p.busyMs < 20) continue;
      log(`- ${size}, ${row.name}: ${f0(p.busyMs)} ms busy (${p.file})`);
      log(`  app: ${p.app.map((h) => `${h.name} ${f0(h.share * 100)}%`).join('; ')}`);
      log(`  self: ${p.self.map((h) => `${h.name} ${f0(h.share * 100)}%`).join('; ')}`);
    }
    log('');
  }
  log('## Targets (issue 9)\n');
  for (const t of targets(results, empty)) log(`- ${t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED'}: ${t.name} (${t.figure})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
