/**
 * What bench/feeds.ts measures of a feed's builds, in process: the first build (with every VEVENT
 * fragment written by ical-generator, or with them kept in the table), and "edit one event, then
 * GET", in process and over HTTP; each with its wall and CPU time and the longest event-loop stall.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { configFromEnv } from '../src/config.js';
import { createToken } from '../src/db/tokens.js';
import { feedCacheFor } from '../src/feeds/service.js';
import { createApp } from '../src/http/app.js';
import type { SqliteHandle } from '../src/runtime/sqlite.js';

const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });

export function appOn(handle: SqliteHandle) {
  return createApp({ store: handle.store, clock: () => new Date(), mailer: { send: async () => ({ id: 'x' }) }, config });
}

export async function closeHandle(handle: SqliteHandle): Promise<void> {
  await handle.close();
  handle.sqlite.close();
}

/**
 * Runs `work` while a 1 ms interval timer watches the event loop; returns its result, wall and
 * CPU ms, and the longest stall (the longest gap between two ticks, less the 1 ms period). On a
 * loaded machine a gap is also time the process waited for a CPU, so each gap's CPU time is kept
 * too: `stallCpuMs`, the CPU this process spent during its longest gap, is what the same stall
 * would last on an idle machine (an upper bound: it counts other threads' work as well).
 */
export async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number; stallMs: number; stallCpuMs: number }> {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestCpu = 0;
  const tick = () => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
  };
  const probe = setInterval(tick, 1);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(probe);
  tick();
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000, stallMs: Math.max(0, longest - 1), stallCpuMs: longestCpu };
}

/** The first GET of the public feed on a new app over `handle`: the whole build, measured. */
export async function coldBuild(handle: SqliteHandle) {
  const app = appOn(handle);
  const fragments = feedCacheFor(handle.store).fragments;
  const before = fragments.written;
  const {
    value: body,
    ms,
    cpuMs,
    stallMs,
    stallCpuMs,
  } = await measured(async () => Buffer.from(await (await app.request('/feeds/public.ics')).arrayBuffer()));
  return { body, ms, cpuMs, stallMs, stallCpuMs, written: fragments.written - before };
}

export function strip2<T extends { body: Buffer }>({ body: _b, ...rest }: T) {
  return rest;
}

/** Ids of `count` events an organiser may retitle (activities: no group needed). */
export function editableIds(handle: SqliteHandle, count: number): string[] {
  return (handle.sqlite.prepare(`SELECT id FROM events WHERE kind = 'activity' ORDER BY id LIMIT ${count}`).all() as { id: string }[]).map(
    (r) => r.id,
  );
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;

/**
 * Edits one event through the API (a new title), then times the next GET of the public feed up
 * to its response (the rebuild: changed events read, one fragment written, the body assembled
 * and hashed; reading the 6 MB body back out of the test Response is not the server's work);
 * `count` times, a different event each time.
 */
export async function editThenGet(handle: SqliteHandle, count: number) {
  const app = appOn(handle);
  const { token } = await createToken(handle.store, 'bench', 'organiser', { actor: 'bench', now: new Date() });
  const fragments = feedCacheFor(handle.store).fragments;
  await (await app.request('/feeds/public.ics')).arrayBuffer();
  const before = fragments.written;
  const times: number[] = [];
  const cpu: number[] = [];
  let stallMs = 0;
  let stallCpuMs = 0;
  for (const [n, id] of editableIds(handle, count).entries()) {
    const title = `Edited event ${n} (${Date.now()})`;
    const edit = await app.request(`/api/events/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title }),
    });
    if (edit.status !== 200) throw new Error(`edit answered ${edit.status}: ${await edit.text()}`);
    const get = await measured(async () => app.request('/feeds/public.ics'));
    if (!(await get.value.text()).includes(`SUMMARY:${title}`)) throw new Error('the edit is not in the feed');
    times.push(get.ms);
    cpu.push(get.cpuMs);
    stallMs = Math.max(stallMs, get.stallMs);
    stallCpuMs = Math.max(stallCpuMs, get.stallCpuMs);
  }
  return {
    count: times.length,
    medianMs: median(times),
    maxMs: Math.max(...times),
    medianCpuMs: median(cpu),
    stallMs,
    stallCpuMs,
    written: fragments.written - before,
  };
}

/** One request over a keep-alive agent: when its headers came (the server's work done) and when its whole body had. */
function timedRequest(
  agent: Agent,
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headersMs: number; wholeMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const headersMs = performance.now() - started;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, headersMs, wholeMs: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * The same over HTTP against a server process over the same database: PATCH a title, then GET
 * the public feed, timed to its headers (the rebuild, the server's work) and to its last byte.
 */
export async function editThenGetOverHttp(port: number, token: string, ids: string[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers: number[] = [];
  const whole: number[] = [];
  for (const [n, id] of ids.entries()) {
    const edit = await timedRequest(agent, port, `/api/events/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `Edited over HTTP ${n} (${Date.now()})` }),
    });
    if (edit.status !== 200) throw new Error(`edit over HTTP answered ${edit.status}`);
    const feed = await timedRequest(agent, port, '/feeds/public.ics');
    headers.push(feed.headersMs);
    whole.push(feed.wholeMs);
  }
  agent.destroy();
  return {
    count: ids.length,
    medianFirstByteMs: median(headers),
    maxFirstByteMs: Math.max(...headers),
    medianMs: median(whole),
    maxMs: Math.max(...whole),
  };
}
