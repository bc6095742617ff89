/**
 * globalSetup of the `node-on-postgres` test project: ONE throwaway PostgreSQL cluster for the run
 * (test/support/postgres-cluster.ts), migrated once into `safercal_template` with the real
 * migrations; each test file's backend copies it with CREATE DATABASE … TEMPLATE (a file copy, far
 * faster than migrating again), or a calendar's (`safercal_demo`, `safercal_web`, …), seeded once (ADR 108).
 * The cluster and its directory are removed at the end.
 */
import type { TestProject } from 'vitest/node';
import { migratePostgres, openPostgres, type PostgresHandle } from '../../src/runtime/postgres.js';
import { startCluster } from './postgres-cluster.js';
import { CALENDARS } from './calendars.js';
import { calendarDatabase, TEMPLATE_DATABASE } from './postgres-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://postgres@127.0.0.1:PORT/ of this run's cluster (append a database name). */
    postgresBaseUrl: string;
  }
}

/**
 * CREATE DATABASE `name` TEMPLATE `template`, retried for up to 5 s while the template's last
 * session is still ending (55006: a closed pool's server process can outlive its socket briefly).
 */
async function copyWhenClosed(admin: PostgresHandle, name: string, template: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await admin.pool.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || tries >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  try {
    const admin = await openPostgres(`${cluster.baseUrl}postgres`, { max: 1 });
    const database = async (name: string, fill: (handle: PostgresHandle) => Promise<unknown>) => {
      const handle = await openPostgres(`${cluster.baseUrl}${name}`, { max: 1 });
      try {
        await fill(handle);
      } finally {
        await handle.close();
      }
    };
    await admin.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await database(TEMPLATE_DATABASE, (template) => migratePostgres(template.pool));
    // The calendars test files start from, seeded once (ADR 108).
    for (const [name, fill] of Object.entries(CALENDARS)) {
      await copyWhenClosed(admin, calendarDatabase(name), TEMPLATE_DATABASE);
      await database(calendarDatabase(name), (handle) => fill(handle.store));
    }
    await admin.close();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('postgresBaseUrl', cluster.baseUrl);
  project.provide('templates', Object.fromEntries(Object.keys(CALENDARS).map((name) => [name, calendarDatabase(name)])));
  return () => cluster.stop();
}
