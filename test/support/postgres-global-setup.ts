/**
 * globalSetup of the `node-on-postgres` test project: ONE throwaway PostgreSQL cluster for the run
 * (test/support/postgres-cluster.ts), migrated once into `safercal_template` with the real
 * migrations; each test file's backend copies it with CREATE DATABASE … TEMPLATE (a file copy, far
 * faster than migrating again). The cluster and its directory are removed at the end.
 */
import type { TestProject } from 'vitest/node';
import { migratePostgres, openPostgres } from '../../src/runtime/postgres.js';
import { startCluster } from './postgres-cluster.js';
import { TEMPLATE_DATABASE } from './postgres-databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://postgres@127.0.0.1:PORT/ of this run's cluster (append a database name). */
    postgresBaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  try {
    const admin = await openPostgres(`${cluster.baseUrl}postgres`, { max: 1 });
    await admin.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.close();
    const template = await openPostgres(`${cluster.baseUrl}${TEMPLATE_DATABASE}`, { max: 1 });
    await migratePostgres(template.pool);
    await template.close();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('postgresBaseUrl', cluster.baseUrl);
  return () => cluster.stop();
}
