/**
 * A throwaway PostgreSQL cluster (15 where installed) for one test run: Debian's server binaries, `initdb` and
 * `pg_ctl` run as the `postgres` user (the server refuses to run as root), data and socket in a
 * temporary directory, listening on a free loopback port. Durability is switched off (fsync,
 * synchronous_commit, full_page_writes): the cluster lives for minutes and is removed after.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/** POSTGRES_BIN, else Debian's PostgreSQL 15, else the newest version Debian installed. */
function serverBinaries(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const chosen = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0];
  return join(root, chosen ?? '15', 'bin');
}

const BIN = serverBinaries();

export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/ — append a database name. */
  baseUrl: string;
  stop(): void;
}

/** Runs a server binary, as the postgres user when we are root. */
function runAsPostgres(command: string, args: string[]): void {
  const program = join(BIN, command);
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : program, asRoot ? ['-u', 'postgres', '--', program, ...args] : args, { stdio: 'pipe' });
}

const PREFIX = 'safercal-pg-';
/** The process that started a cluster, written beside it, so a later run can tell it was left behind. */
const OWNER = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops and removes clusters whose test run died without its teardown (killed by a timeout or
 * Ctrl-C twice), so no server outlives its run for long.
 */
function removeAbandoned(): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    const owner = Number(existsSync(join(dir, OWNER)) ? readFileSync(join(dir, OWNER), 'utf8') : NaN);
    if (!Number.isInteger(owner) || alive(owner)) continue;
    try {
      if (existsSync(join(dir, 'data', 'postmaster.pid')))
        runAsPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* already stopped */
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates and starts a cluster; throws with the server's log when it does not start. */
export async function startCluster(): Promise<Cluster> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`no PostgreSQL server binaries in ${BIN}: run bash scripts/ensure-test-deps.sh (it installs postgresql-15)`);
  }
  removeAbandoned();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER), String(process.pid));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // C collation: text (instants, dates, ids) sorts by code point, as on SQLite (src/runtime/postgres.ts).
  runAsPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  try {
    runAsPostgres('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
  } catch (error) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${text}`, { cause: error });
  }
  return {
    baseUrl: `postgres://postgres@127.0.0.1:${port}/`,
    stop() {
      try {
        runAsPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
