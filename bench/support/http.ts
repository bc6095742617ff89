/**
 * HTTP client pieces the benchmarks share: one GET on a keep-alive agent, percentiles, and the
 * warm-throughput measurement (concurrent clients for a few seconds) with its app-versus-raw
 * alternation. Loopback only.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  bytes: number;
  ms: number;
  etag?: string;
  location?: string;
  setCookie: string[];
  body?: Buffer;
  /** With keepBody: the answer's headers as sent (name, value pairs, in order), for a raw server to send alike. */
  rawHeaders?: string[];
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Keep the body (pages are parsed for links); otherwise only its size is counted. */
  keepBody?: boolean;
  /** Abort after this long: rejects with a TimeoutError. */
  timeoutMs?: number;
}

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** One request to 127.0.0.1:port; resolves when the whole body has arrived. */
export function send(agent: Agent | undefined, port: number, path: string, opts: RequestOptions = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (opts.keepBody) chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode!,
          bytes,
          ms: performance.now() - started,
          etag: res.headers.etag,
          location: res.headers.location,
          setCookie: res.headers['set-cookie'] ?? [],
          body: opts.keepBody ? Buffer.concat(chunks) : undefined,
          rawHeaders: opts.keepBody ? res.rawHeaders : undefined,
        });
      });
      res.on('error', reject);
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          req.destroy();
          reject(new TimeoutError(opts.timeoutMs!));
        }, opts.timeoutMs)
      : undefined;
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(opts.body);
  });
}

/** A plain GET (the feeds benchmark's unit of work). */
export function get(agent: Agent, port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(agent, port, path, { headers });
}

/** The p-th percentile of ascending values (nearest rank); NaN for none. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  mbPerSecond: number;
  requests: number;
  latencies: number[];
  seconds: number;
  bytes: number;
}

/**
 * `concurrency` clients on keep-alive connections, for `seconds`; every answer must be `status`.
 * `agent` (optional) keeps its connections from one call to the next; by default each call opens its own.
 */
export async function load(
  port: number,
  path: string,
  seconds: number,
  status: number,
  headers: Record<string, string> = {},
  concurrency = 16,
  agent?: Agent,
): Promise<Load> {
  const own = !agent;
  agent ??= new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let bytes = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const a = await get(agent, port, path, headers);
        if (a.status !== status) throw new Error(`expected ${status}, got ${a.status} from ${path}`);
        latencies.push(a.ms);
        bytes += a.bytes;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (own) agent.destroy();
  return loadOf(latencies, elapsed, bytes);
}

/** A Load from every latency (ms), the seconds they took and the bytes they carried. */
function loadOf(latencies: number[], seconds: number, bytes: number): Load {
  latencies.sort((a, b) => a - b);
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

/** Rounds pooled: total requests over total time, percentiles over every latency. */
export function pooled(rounds: Load[]): Load {
  return loadOf(
    rounds.flatMap((r) => r.latencies),
    rounds.reduce((n, r) => n + r.seconds, 0),
    rounds.reduce((n, r) => n + r.bytes, 0),
  );
}

/** The app against the raw server: pooled loads, and the median of the rounds' ratios. */
export interface Comparison {
  app: Load;
  raw: Load;
  /** The median of each pair of rounds' app/raw throughput ratio. */
  ratio: number;
  /** Every pair's ratio, ascending. */
  ratios: number[];
  /** How long each round lasted (s). */
  roundSeconds: number;
  /** With `cpuMs`: each server's own CPU time per request over every round (ms). */
  cpuPerRequest?: { app: number; raw: number };
}

/**
 * The app and the raw server measured in pairs of rounds back to back, the order turned each pair
 * (app then raw, raw then app, ...), after a warm-up of both. Each pair gives a ratio and the
 * median of the pairs is the figure: a burst of other work on a shared machine hits one or two
 * pairs, not the figure, and a trend (load rising through the run) does not favour either side.
 * A round lasts `roundSeconds`, or longer where the warm-up shows the slower server needs it to
 * answer `minRequests` (a 53 MB feed goes a few times a second at most), up to `maxRoundSeconds`.
 */
export async function alternate(
  appPort: number,
  rawPort: number,
  opts: {
    pairs: number;
    roundSeconds: number;
    minRequests?: number;
    maxRoundSeconds?: number;
    path?: string;
    /** Reads each server process's CPU time (ms), for the CPU per request; less swayed by load than throughput. */
    cpuMs?: { app: () => Promise<number>; raw: () => Promise<number> };
  },
): Promise<Comparison> {
  const path = opts.path ?? '/feeds/public.ics';
  // One set of 16 connections per server for the whole comparison, as subscribers' clients keep theirs.
  const agents = { app: new Agent({ keepAlive: true, maxSockets: 16 }), raw: new Agent({ keepAlive: true, maxSockets: 16 }) };
  const warmUp = Math.max(2, opts.roundSeconds);
  const warm = [await load(appPort, path, warmUp, 200, {}, 16, agents.app), await load(rawPort, path, warmUp, 200, {}, 16, agents.raw)];
  const slowest = Math.min(...warm.map((w) => w.perSecond));
  const roundSeconds = Math.min(opts.maxRoundSeconds ?? 8, Math.max(opts.roundSeconds, (opts.minRequests ?? 30) / slowest));
  const app: Load[] = [];
  const raw: Load[] = [];
  const ratios: number[] = [];
  const cpu = { app: 0, raw: 0 };
  const round = async (side: 'app' | 'raw') => {
    const before = await opts.cpuMs?.[side]();
    const measured = await load(side === 'app' ? appPort : rawPort, path, roundSeconds, 200, {}, 16, agents[side]);
    if (opts.cpuMs) cpu[side] += (await opts.cpuMs[side]()) - before!;
    return measured;
  };
  for (let i = 0; i < opts.pairs; i++) {
    const appFirst = i % 2 === 0;
    const a = await round(appFirst ? 'app' : 'raw');
    const b = await round(appFirst ? 'raw' : 'app');
    const [appRound, rawRound] = appFirst ? [a, b] : [b, a];
    app.push(appRound);
    raw.push(rawRound);
    ratios.push(appRound.perSecond / rawRound.perSecond);
  }
  ratios.sort((x, y) => x - y);
  const mid = ratios.length >> 1;
  const ratio = ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  agents.app.destroy();
  agents.raw.destroy();
  const appLoad = pooled(app);
  const rawLoad = pooled(raw);
  const cpuPerRequest = opts.cpuMs ? { app: cpu.app / appLoad.requests, raw: cpu.raw / rawLoad.requests } : undefined;
  return { app: appLoad, raw: rawLoad, ratio, ratios, cpuPerRequest, roundSeconds };
}
