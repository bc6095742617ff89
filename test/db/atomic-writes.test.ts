import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEventStatements } from '../../src/db/events.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { BACKENDS, type Backend, type OpenBackend } from '../support/backends.js';

describe.each(BACKENDS)('a change is written whole or not at all on $name', (backend: Backend) => {
  let db: OpenBackend;
  beforeAll(async () => {
    db = await backend.open();
  }, 60_000);
  afterAll(() => db.close());

  it('rolls back the event, its themes and its audit entry when a later statement in the batch fails', async () => {
    const fields = validateEventInput({ kind: 'deadline', title: 'Report due', start: '2026-12-01', themes: ['V1', 'C2'] });
    if (!fields.ok) throw new Error('fixture is invalid');
    const ctx = { actor: 'test', now: new Date('2026-09-01T09:00:00Z') };
    const first = insertEventStatements(db.store, fields.value, ctx);
    // The same id again violates the primary key: the second event's insert fails mid-batch.
    const clash = insertEventStatements(db.store, fields.value, ctx, first.id);
    await expect(db.store.batch([...first.statements, ...clash.statements])).rejects.toThrow(/UNIQUE|PRIMARY|duplicate key/);
    const count = async (sql: string) => Number((await db.rows<{ n: number }>(sql))[0]!.n);
    expect(await count('select count(*) n from events')).toBe(0);
    expect(await count('select count(*) n from event_themes')).toBe(0);
    expect(await count("select count(*) n from audit_log where entity = 'event'")).toBe(0);
  });

  it('records every migration in the ledger, so none is applied twice', async () => {
    const ledger = await db.rows<{ name: string }>('select name from d1_migrations order by id');
    expect(ledger.map((r) => r.name)).toContain('0001_core.sql');
    expect(new Set(ledger.map((r) => r.name)).size).toBe(ledger.length);
  });
});

describe('migrating an existing database', () => {
  it('applies nothing that already ran', async () => {
    const { migrateSqlite, openSqlite } = await import('../../src/runtime/sqlite.js');
    const handle = openSqlite(':memory:');
    expect(migrateSqlite(handle.sqlite).length).toBeGreaterThan(0);
    expect(migrateSqlite(handle.sqlite)).toEqual([]);
    await handle.close();
  });
});
