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

/** `concurrency` clients on keep-alive connections, for `seconds`; every answer must be `status`. */
export async function load(
  port: number,
  path: string,
  seconds: number,
  status: number,
  headers: Record<string, string> = {},
  concurrency = 16,
): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
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
  agent.destroy();
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

/**
 * The app and the raw server measured in alternating rounds (app, raw, app, raw, ...), so a
 * burst of other work on the machine hits both alike instead of skewing one of them.
 */
export async function alternate(appPort: number, rawPort: number, seconds: number, opts: { rounds?: number; path?: string } = {}) {
  const rounds = opts.rounds ?? 4;
  const path = opts.path ?? '/feeds/public.ics';
  await load(appPort, path, 0.3, 200);
  await load(rawPort, path, 0.3, 200);
  const app: Load[] = [];
  const raw: Load[] = [];
  for (let i = 0; i < rounds; i++) {
    app.push(await load(appPort, path, seconds / rounds, 200));
    raw.push(await load(rawPort, path, seconds / rounds, 200));
  }
  return { app: pooled(app), raw: pooled(raw) };
}
