import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

const members = Array.from({ length: 30 }, (_, i) => `iag-member-${i + 1}@example.org`);

async function statuses(w: World): Promise<Record<string, number>> {
  const rows = await w.t.handle.store.db.selectFrom('reminder_deliveries').select('status').execute();
  const out: Record<string, number> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

describe('an SMTP outage', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z', members });
    await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
  });
  afterAll(() => w.close());

  it('keeps every reminder pending while the mail server is down, without using up their attempts', async () => {
    await w.sink.stop();
    const pass = await w.dispatch('2022-10-26T17:00:00Z');
    expect(pass.sent).toBe(0);
    expect(pass.halted).toMatch(/ECONNREFUSED|connect/i);
    expect(await statuses(w)).toEqual({ pending: 30 });
    const attempts = await w.t.handle.store.db.selectFrom('reminder_deliveries').select('attempts').execute();
    // Only the one that discovered the outage counts an attempt; the rest were handed back untried.
    expect(attempts.filter((a) => a.attempts > 0).length).toBeLessThanOrEqual(5);
  });

  it('retries with backoff while the server refuses mail with a temporary error', async () => {
    await w.sink.start();
    w.sink.refuse = { code: 451, message: 'Try again later' };
    const pass = await w.dispatch('2022-10-26T17:02:00Z');
    expect(pass.sent).toBe(0);
    expect(pass.retrying).toBe(30);
    const rows = await w.t.handle.store.db.selectFrom('reminder_deliveries').select(['status', 'last_error', 'next_attempt_at']).execute();
    expect(
      rows.every((r) => r.status === 'pending' && r.last_error?.startsWith('451') && r.next_attempt_at! > '2022-10-26T17:02:00Z'),
    ).toBe(true);
    expect(w.sink.received).toHaveLength(0);
  });

  it('does not retry before the backoff has passed', async () => {
    w.sink.refuse = null;
    const pass = await w.dispatch('2022-10-26T17:02:30Z');
    expect(pass.claimed).toBe(0);
  });

  it('delivers every reminder exactly once when the server is back', async () => {
    const pass = await w.dispatch('2022-10-26T17:20:00Z');
    expect(pass.sent).toBe(30);
    await w.dispatch('2022-10-26T17:30:00Z');
    expect(await statuses(w)).toEqual({ sent: 30 });
    expect(w.sink.received.map((r) => r.envelopeTo[0]).sort()).toEqual([...members].sort());
    expect([...w.sink.counts().values()].every((n) => n === 1)).toBe(true);
  });

  it('recovers from a server that starts refusing in the middle of a pass, still sending each reminder once', async () => {
    // The day-before reminders: the server starts refusing after the first ten of them.
    w.sink.onAccepted = () => {
      if (w.sink.received.length >= 40) w.sink.refuse = { code: 421, message: 'Service shutting down' };
    };
    const first = await w.dispatch('2022-11-01T18:00:00Z');
    expect(first.sent).toBeGreaterThanOrEqual(10);
    expect(first.sent).toBeLessThan(30);
    expect(first.halted).toMatch(/^421/);
    w.sink.onAccepted = null;
    w.sink.refuse = null;
    const second = await w.dispatch('2022-11-01T18:05:00Z');
    expect(first.sent + second.sent).toBe(30);
    expect(w.sink.received).toHaveLength(60);
    expect([...w.sink.counts().values()].every((n) => n === 1)).toBe(true);
  });

  it('marks a reminder failed, with the server’s reason, when the address is refused for good', async () => {
    const w2 = await makeWorld({ now: '2022-10-01T09:00:00Z', members: ['left-the-partnership@example.org', 'iag-member-1@example.org'] });
    try {
      await w2.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
      w2.sink.refuseRecipient = 'left-the-partnership@example.org';
      const pass = await w2.dispatch('2022-10-26T17:00:00Z');
      expect(pass.sent).toBe(1);
      expect(pass.failed).toBe(1);
      const failed = await w2.t.handle.store.db.selectFrom('reminder_deliveries').selectAll().where('status', '=', 'failed').execute();
      expect(failed.map((r) => [r.recipient, r.last_error?.slice(0, 3)])).toEqual([['left-the-partnership@example.org', '550']]);
    } finally {
      await w2.close();
    }
  });
});
