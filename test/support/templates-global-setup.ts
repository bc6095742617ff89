/**
 * globalSetup of the `node` and `node-on-d1` test projects: builds this run's templates once
 * (ADR 108) and removes them at the end. Each test file then starts from a copy instead of
 * migrating and seeding again: on SQLite a file copy, on D1 a copy of Miniflare's persistence
 * directory (on the local D1, migrating took ~12 s and seeding the demo calendar ~20 s of wall time per
 * file at load 10). node-on-postgres builds its templates as databases (postgres-global-setup.ts).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { d1Store } from '../../src/runtime/d1.js';
import { migrateSqlite, openSqlite } from '../../src/runtime/sqlite.js';
import type { Store } from '../../src/db/store.js';
import { CALENDARS, type CalendarName } from './calendars.js';
import { migrateD1, type D1Binding, type Templates } from './backends.js';
import { openLocalD1 } from './local-d1.js';

/** The SQLite templates: files, rolled back from WAL so a plain copy holds everything. */
async function sqliteTemplates(dir: string): Promise<Templates> {
  const templates: Templates = {};
  for (const [name, fill] of Object.entries(CALENDARS) as [CalendarName, (store: Store) => Promise<void>][]) {
    const file = join(dir, `${name}.sqlite`);
    const handle = openSqlite(file);
    migrateSqlite(handle.sqlite);
    await fill(handle.store);
    handle.sqlite.pragma('journal_mode = DELETE');
    await handle.close();
    templates[name] = file;
  }
  return templates;
}

/** The calendars node-on-d1's files start from: every one of test/support/calendars.ts (the demo
 * at both dates for the API, meetings and feeds suites, the web calendar for the web files). */
const D1_CALENDARS = Object.keys(CALENDARS) as CalendarName[];

/** The D1 templates: Miniflare persistence directories, written through the local D1 and closed. */
async function d1Templates(dir: string): Promise<Templates> {
  const { readD1Migrations } = await import('@cloudflare/vitest-pool-workers');
  const build = async (path: string, fill: (db: D1Binding) => Promise<void>) => {
    const local = await openLocalD1(path);
    try {
      await fill(local.DB);
    } finally {
      await local.dispose();
    }
  };
  const templates: Templates = { migrated: join(dir, 'migrated') };
  await build(templates.migrated!, (db) => migrateD1(db, readD1Migrations));
  // One at a time: with two proxies open at once, one lost its connection (EPIPE) at load 18.
  for (const name of D1_CALENDARS) {
    const fill = CALENDARS[name];
    const path = join(dir, name);
    cpSync(templates.migrated!, path, { recursive: true });
    await build(path, (db) => fill(d1Store(db)));
    templates[name] = path;
  }
  return templates;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'safercal-templates-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const onD1 = project.config.env?.SAFERCAL_TEST_DB === 'd1';
    project.provide('templates', onD1 ? await d1Templates(dir) : await sqliteTemplates(dir));
  } catch (error) {
    remove();
    throw error;
  }
  return remove;
}
