/**
 * The dispatcher is killed (SIGKILL, no chance to clean up) in the middle of sending 500
 * reminders, then started again. The real CLI (`npx tsx src/cli/main.ts dispatch`) runs in a
 * child process on a real SQLite file and sends over SMTP to a loopback server in this process.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

const MEMBERS = 500;
const KILL_AFTER = 150;
const DUE = '2022-10-26T17:00:00Z';
/** After the 5-minute lease of the killed dispatcher has run out. */
const RESTART = '2022-10-26T17:06:00Z';
/** The dispatcher's default number of emails in flight at once. */
const CONCURRENCY = 10;

function dispatcher(w: World, now: string) {
  const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'dispatch', '--now', now], {
    cwd: process.cwd(),
    detached: true, // its own process group, so the kill reaches tsx's node process too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_PATH: w.t.handle.sqlite.name,
      SMTP_URL: w.sink.url,
      PUBLIC_URL: 'https://calendar.example.org',
    },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}

describe('a dispatcher killed in the middle of 500 reminders', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z', members: Array.from({ length: MEMBERS }, (_, i) => `member-${i + 1}@example.org`) });
    await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
  });
  afterAll(() => w.close());

  it('delivers all 500 after a restart, repeating only emails whose SMTP transaction was in flight at the kill', async () => {
    const first = dispatcher(w, DUE);
    w.sink.onAccepted = () => {
      // Kill while the server holds a message it has not yet acknowledged: that transaction is in flight.
      if (w.sink.received.length === KILL_AFTER) process.kill(-first.child.pid!, 'SIGKILL');
    };
    const killed = await first.exited;
    w.sink.onAccepted = null;
    expect(killed.signal).toBe('SIGKILL');

    const db = w.t.handle.store.db;
    const atKill = new Map((await db.selectFrom('reminder_deliveries').select(['id', 'status']).execute()).map((r) => [r.id, r.status]));
    expect(atKill.size).toBe(MEMBERS);
    const receivedAtKill = new Set(w.sink.received.map((r) => r.deliveryId!));
    // In flight: the server has the email, the database does not yet say it was sent.
    const inFlight = [...receivedAtKill].filter((id) => atKill.get(id) !== 'sent');
    const sentAtKill = [...atKill.values()].filter((s) => s === 'sent').length;
    expect(sentAtKill).toBeGreaterThan(0);
    expect(sentAtKill).toBeLessThan(MEMBERS);
    expect(inFlight.length).toBeGreaterThanOrEqual(1);
    expect(inFlight.length).toBeLessThanOrEqual(CONCURRENCY);

    const second = dispatcher(w, RESTART);
    const restarted = await second.exited;
    expect(restarted.code, restarted.output).toBe(0);

    const counts = w.sink.counts();
    const duplicates = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    console.log(
      `SIGKILL test: killed after the server accepted ${KILL_AFTER} emails; ${sentAtKill} recorded as sent, ` +
        `${inFlight.length} in flight at the kill; after restart ${counts.size} distinct reminders delivered, ` +
        `${duplicates.length} delivered twice (all among the in-flight ones)`,
    );
    expect(counts.size).toBe(MEMBERS);
    expect(new Set(w.sink.received.map((r) => r.envelopeTo[0])).size).toBe(MEMBERS);
    for (const id of duplicates) expect(inFlight).toContain(id);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    const after = await db.selectFrom('reminder_deliveries').select('status').execute();
    expect(after.every((r) => r.status === 'sent')).toBe(true);
  });
});
