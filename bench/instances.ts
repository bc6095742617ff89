/**
 * Benchmark: one Node instance on SQLite against one and two instances on PostgreSQL (issue 14),
 * for the page and feed requests of the scaling benchmark (bench/support/requests.ts), side by
 * side in one table. One generated calendar (bench/support/generate-calendar.ts) is written to a
 * SQLite file and copied into a throwaway PostgreSQL 15 cluster (`db copy`); each deployment is
 * the real `npm start` entry (src/runtime/node.ts) in its own process(es), reminders off. A
 * closed-loop client keeps `--concurrency` requests open for `--seconds` per request, spread
 * round-robin over the instances' ports (what a load balancer such as docs/nginx.conf does).
 * The machine's load average is printed beside the table: on a shared machine, read the
 * columns against each other, not as absolute capacity.
 *
 * Run: `npm run bench -- instances [--size 1000] [--seconds 5] [--concurrency 8]`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copySqliteToPostgres } from '../src/runtime/copy-to-postgres.js';
import { migratePostgres, openPostgres } from '../src/runtime/postgres.js';
import { migrateSqlite, openSqlite } from '../src/runtime/sqlite.js';
import { startCluster } from '../test/support/postgres-cluster.js';
import { generateCalendar } from './support/generate-calendar.js';
import { get, percentile } from './support/http.js';
import { publicRequests } from './support/requests.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (flag: string, fallback: number) => {
  const i = process.argv.indexOf(flag);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(value > 0)) throw new Error(`${flag} takes a positive number`);
  return value;
};
const SIZE = arg('--size', 1000);
const SECONDS = arg('--seconds', 5);
const CONCURRENCY = arg('--concurrency', 8);
const log = (line: string) => console.log(line);

interface Instance {
  child: ChildProcess;
  port: number;
}

/** The `npm start` entry with `env`; resolves once it says where it serves. */
function startInstance(env: Record<string, string>): Promise<Instance> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/node.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, PORT: '0', DEMO_DATA: 'false', REMINDERS: 'false', PUBLIC_URL: 'https://calendar.example.org' },
    });
    let output = '';
    const seen = (d: Buffer) => {
      output += d;
      const port = /serving .* on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port) resolve({ child, port: Number(port) });
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => reject(new Error(`instance exited (${code}) before serving:\n${output}`)));
  });
}

async function stop(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(
      (i) =>
        new Promise<void>((resolve) => {
          if (i.child.exitCode !== null || i.child.signalCode !== null) return resolve();
          i.child.once('exit', () => resolve());
          i.child.kill('SIGTERM');
        }),
    ),
  );
}

interface Measured {
  perSecond: number;
  p50: number;
  p95: number;
}

/** CONCURRENCY clients for SECONDS, each request to the next port in turn. */
async function measure(ports: number[], path: string): Promise<Measured> {
  const agents = ports.map(() => new Agent({ keepAlive: true, maxSockets: CONCURRENCY }));
  // Warm every instance first: caches (feeds) and JIT, as a running deployment has them.
  for (let i = 0; i < ports.length; i++) for (let n = 0; n < 3; n++) await get(agents[i]!, ports[i]!, path);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const i = next++ % ports.length;
        const answer = await get(agents[i]!, ports[i]!, path);
        if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
        latencies.push(answer.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const a of agents) a.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'safercal-bench-instances-'));
  const sqlitePath = join(work, 'calendar.sqlite');
  log(`generating a calendar of ${SIZE.toLocaleString('en-GB')} events ...`);
  const sqlite = openSqlite(sqlitePath);
  migrateSqlite(sqlite.sqlite);
  await generateCalendar(sqlite.store, { events: SIZE, anchor: new Date() });
  log('starting a throwaway PostgreSQL 15 cluster and copying the calendar into it ...');
  const cluster = await startCluster();
  const instances: Instance[] = [];
  try {
    const admin = await openPostgres(`${cluster.baseUrl}postgres`, { max: 1 });
    await admin.pool.query('CREATE DATABASE bench');
    await admin.close();
    const url = `${cluster.baseUrl}bench`;
    const pg = await openPostgres(url, { max: 2 });
    await migratePostgres(pg.pool);
    await copySqliteToPostgres(sqlite.sqlite, pg.pool);
    await pg.close();
    await sqlite.close();
    sqlite.sqlite.close();

    const deployments: { label: string; env: Record<string, string>; count: number }[] = [
      { label: 'SQLite ×1', env: { DATABASE_PATH: sqlitePath }, count: 1 },
      { label: 'PostgreSQL ×1', env: { DATABASE_URL: url }, count: 1 },
      { label: 'PostgreSQL ×2', env: { DATABASE_URL: url }, count: 2 },
    ];
    const requests = publicRequests();
    const results = new Map<string, Map<string, Measured>>();
    const loads: string[] = [];
    for (const d of deployments) {
      log(`${d.label}: starting ${d.count} instance${d.count > 1 ? 's' : ''} ...`);
      const started = await Promise.all(Array.from({ length: d.count }, () => startInstance(d.env)));
      instances.push(...started);
      const column = new Map<string, Measured>();
      for (const r of requests) {
        const m = await measure(
          started.map((i) => i.port),
          r.path,
        );
        column.set(r.name, m);
        log(`  ${r.name}: ${m.perSecond.toFixed(0)}/s, p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms`);
      }
      loads.push(`${d.label} ${loadavg()[0]!.toFixed(2)}`);
      results.set(d.label, column);
      await stop(started);
      instances.length = 0;
    }

    const width = Math.max(...requests.map((r) => r.name.length));
    const cell = (m: Measured | undefined) => (m ? `${m.perSecond.toFixed(0)}/s p50 ${m.p50.toFixed(1)}`.padStart(22) : ''.padStart(22));
    log('');
    log(
      `One instance on SQLite against one and two on PostgreSQL: ${SIZE.toLocaleString('en-GB')} events, ${CONCURRENCY} clients, ${SECONDS} s per cell; requests per second and median ms`,
    );
    log(`${'request'.padEnd(width)} ${deployments.map((d) => d.label.padStart(22)).join(' ')}`);
    for (const r of requests) log(`${r.name.padEnd(width)} ${deployments.map((d) => cell(results.get(d.label)?.get(r.name))).join(' ')}`);
    log(`machine: ${cpus().length} CPUs; 1-minute load average after each column: ${loads.join(', ')}`);
  } finally {
    await stop(instances);
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
