import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEventStatements } from '../../src/db/events.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('a change is written whole or not at all', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('rolls back the event, its themes and its audit entry when a later statement in the batch fails', async () => {
    const { store } = t.handle;
    const fields = validateEventInput({ kind: 'deadline', title: 'Report due', start: '2026-12-01', themes: ['V1', 'C2'] });
    if (!fields.ok) throw new Error('fixture is invalid');
    const ctx = { actor: 'test', now: t.clock() };
    const first = insertEventStatements(store, fields.value, ctx);
    // The same id again violates the primary key: the second event's insert fails mid-batch.
    const clash = insertEventStatements(store, fields.value, ctx, first.id);
    await expect(store.batch([...first.statements, ...clash.statements])).rejects.toThrow(/UNIQUE|PRIMARY/);
    const count = (sql: string) => (t.handle.sqlite.prepare(sql).get() as { n: number }).n;
    expect(count('select count(*) n from events')).toBe(0);
    expect(count('select count(*) n from event_themes')).toBe(0);
    expect(count("select count(*) n from audit_log where entity = 'event'")).toBe(0);
  });

  it('migrates an existing database without reapplying what already ran', async () => {
    const { migrateSqlite } = await import('../../src/runtime/sqlite.js');
    expect(migrateSqlite(t.handle.sqlite)).toEqual([]);
    const ledger = t.handle.sqlite.prepare('select name from d1_migrations order by id').all() as { name: string }[];
    expect(ledger.map((r) => r.name)).toContain('0001_core.sql');
  });
});
