/**
 * Instances sharing one PostgreSQL database divide the due reminders between them and do the
 * scheduler's once-per-tick work (index upkeep, planning) in one instance at a time; starting
 * together on a new database, they load the demo calendar once between them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onceAcrossInstances } from '../../src/db/dialect.js';
import { runDue, SCHEDULER_WORK } from '../../src/notify/dispatch.js';
import { claimDue, insertPlanned, type PlannedDelivery } from '../../src/notify/outbox.js';
import { configFromEnv } from '../../src/config.js';
import { seedIfEmpty } from '../../src/runtime/node-setup.js';
import { instancesOnOneDatabase, type Instance, type SharedDatabase } from './support/instances.js';

const NOW = '2022-10-25T18:00:00.000Z';
const LEASE = '2022-10-25T18:05:00.000Z';

function due(count: number, prefix: string): PlannedDelivery[] {
  return Array.from({ length: count }, (_, i) => ({
    rule: 'reminder:1d',
    eventId: `${prefix}-meeting`,
    occurrence: '2022-10-26T17:00:00Z',
    recipient: `${prefix}-member-${i}@example.org`,
    personId: null,
    kind: 'reminder',
    // Due a second apart, so "the earliest" is one order on every run.
    dueAt: new Date(Date.parse('2022-10-25T17:00:00Z') + i * 1000).toISOString(),
    occurrenceStart: '2022-10-26T17:00:00Z',
  }));
}

describe('reminders and scheduler work across instances on one PostgreSQL database', () => {
  let shared: SharedDatabase;
  let instances: Instance[];
  beforeAll(async () => {
    shared = await instancesOnOneDatabase(3);
    instances = shared.instances;
  });
  afterAll(() => shared?.close());

  it('a claim passes over the rows another instance is claiming at that moment instead of waiting for them', async () => {
    const [a, b] = instances as [Instance, Instance];
    await insertPlanned(a.handle.store, due(80, 'skip'), NOW);
    // Instance A is in the middle of claiming the 40 earliest: it holds their row locks.
    const held = await a.handle.pool.connect();
    let lockedIds: string[] = [];
    try {
      await held.query('BEGIN');
      lockedIds = (
        await held.query<{ id: string }>(
          "SELECT id FROM reminder_deliveries WHERE status = 'pending' AND event_id = 'skip-meeting' ORDER BY due_at LIMIT 40 FOR UPDATE",
        )
      ).rows.map((r) => r.id);
      const claim = claimDue(b.handle.store, { now: NOW, leaseUntil: LEASE, limit: 40 });
      const waited = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000));
      const result = await Promise.race([claim, waited]);
      expect(result, 'the claim waited for the rows another instance was claiming').not.toBe('still waiting');
      const { rows } = result as Awaited<typeof claim>;
      expect(rows).toHaveLength(40);
      expect(rows.filter((r) => lockedIds.includes(r.id))).toEqual([]);
    } finally {
      await held.query('ROLLBACK');
      held.release();
    }
    expect(lockedIds).toHaveLength(40);
  });

  it('three instances claiming at once until nothing is due take every row once between them', async () => {
    await insertPlanned(instances[0]!.handle.store, due(300, 'race'), NOW);
    const claimedBy = instances.map(() => [] as string[]);
    await Promise.all(
      instances.map(async (instance, n) => {
        for (;;) {
          const { rows } = await claimDue(instance.handle.store, { now: NOW, leaseUntil: LEASE, limit: 10 });
          if (!rows.length) return;
          claimedBy[n]!.push(...rows.filter((r) => r.event_id === 'race-meeting').map((r) => r.id));
        }
      }),
    );
    const all = claimedBy.flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    for (const mine of claimedBy) expect(mine.length).toBeGreaterThan(0);
  });

  it('runs the once-per-tick work in one instance at a time; the others skip it that tick', async () => {
    const [a, b] = instances as [Instance, Instance];
    let finish!: () => void;
    const inA = new Promise<void>((resolve) => (finish = resolve));
    let started!: () => void;
    const aStarted = new Promise<void>((resolve) => (started = resolve));
    const ranA = onceAcrossInstances(a.handle.store, 'test work', async () => {
      started();
      await inA;
    });
    await aStarted;
    let ranInB = false;
    expect(await onceAcrossInstances(b.handle.store, 'test work', async () => void (ranInB = true))).toBe(false);
    expect(ranInB).toBe(false);
    finish();
    expect(await ranA).toBe(true);
    // Released: B gets it on its next tick.
    expect(await onceAcrossInstances(b.handle.store, 'test work', async () => void (ranInB = true))).toBe(true);
    expect(ranInB).toBe(true);
  });

  it("a reminder pass leaves planning to the instance holding the scheduler's lock, and sends all the same", async () => {
    const [a, b] = instances as [Instance, Instance];
    const deps = {
      store: b.handle.store,
      mailer: { send: async () => ({ id: 'sent' }) },
      config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
    };
    const held = await a.handle.pool.connect();
    try {
      await held.query('SELECT pg_advisory_lock(hashtext($1))', [SCHEDULER_WORK]);
      const report = await runDue(deps, new Date(NOW));
      expect(report.planner).toBe(false);
      expect(report.plan.ran).toBe(false);
    } finally {
      await held.query('SELECT pg_advisory_unlock(hashtext($1))', [SCHEDULER_WORK]);
      held.release();
    }
    expect((await runDue(deps, new Date(NOW))).planner).toBe(true);
  });

  it('an instance that dies holding the lock gives it up with its connection, without waiting for a lease', async () => {
    const [a, b] = instances as [Instance, Instance];
    const dying = await a.handle.pool.connect();
    await dying.query('SELECT pg_advisory_lock(hashtext($1))', ['dying work']);
    expect(await onceAcrossInstances(b.handle.store, 'dying work', async () => {})).toBe(false);
    // The process is gone: its connection ends (release(true) closes it rather than pooling it).
    dying.release(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await onceAcrossInstances(b.handle.store, 'dying work', async () => {})).toBe(true);
  });
});

describe('three instances starting together on a new PostgreSQL database with DEMO_DATA on (the default)', () => {
  let shared: SharedDatabase;
  beforeAll(async () => {
    shared = await instancesOnOneDatabase(3);
  });
  afterAll(() => shared?.close());

  it('load the demo calendar once: one loads it, the others find it there and all three start', async () => {
    const logs: string[][] = shared.instances.map(() => []);
    // What `npm start` does after migrating (src/runtime/node.ts), in each instance at the same moment.
    const started = await Promise.allSettled(
      shared.instances.map((instance, i) => seedIfEmpty(instance.handle, (line) => logs[i]!.push(line))),
    );
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const loaded = logs.flat().filter((line) => line.startsWith('loaded demo data'));
    expect(loaded).toHaveLength(1);
    // One load's organisations (each load is one batch, so a second would show here, or have failed).
    const organisations = Number(/(\d+) organisations/.exec(loaded[0]!)![1]);
    const { rows } = await shared.instances[2]!.handle.pool.query('select count(*) n from organisations');
    expect(Number(rows[0].n)).toBe(organisations);
  });
});
