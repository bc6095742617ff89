/**
 * Three real Node instances (the `npm start` entry, src/runtime/node.ts) on one PostgreSQL
 * database send 1,000 due reminders through a real SMTP server on loopback; one is SIGKILLed in
 * the middle of its pass. Every reminder arrives, and the only ones that arrive twice are those
 * whose SMTP transaction the killed instance had in flight (the server had the email, the
 * database did not yet say it was sent): at most its number of sends in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { upsertMemberStatements } from '../../src/db/directory.js';
import { createToken } from '../../src/db/tokens.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { DEFAULT_DISPATCH } from '../../src/notify/deps.js';
import { openPostgres, type PostgresHandle } from '../../src/runtime/postgres.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres-databases.js';
import { SmtpSink } from '../notify/support/smtp-sink.js';

const MEMBERS = 1000;
const NAMES = ['a', 'b', 'c'] as const;
/** The instances' emails in flight at once (the dispatcher's default): the bound on duplicates. */
const CONCURRENCY = DEFAULT_DISPATCH.concurrency;

interface Running {
  name: string;
  child: ChildProcess;
  output: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  serving: Promise<void>;
}

function startInstance(name: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: '0', DEMO_DATA: 'false', MAIL_FROM: `Partnership calendar <calendar-${name}@example.org>` },
  });
  const running: Running = {
    name,
    child,
    output: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    serving: Promise.resolve(),
  };
  running.serving = new Promise((resolve, reject) => {
    const seen = (d: Buffer) => {
      running.output += d;
      if (/serving .* on http:\/\/localhost:\d+/.test(running.output)) resolve();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    void running.exited.then(() => reject(new Error(`instance ${name} exited before serving:\n${running.output}`)));
  });
  return running;
}

const startedAt = Date.now();
/** Progress with seconds since the file started, so a slow machine's log shows where the time went. */
const phase = (what: string) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${what}`);

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('three instances on one PostgreSQL database, one killed in the middle of 1,000 reminders', () => {
  let database: TestDatabase;
  let handle: PostgresHandle;
  const sink = new SmtpSink({ delayMs: 20 });
  const instances: Running[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = await openPostgres(database.url, { max: 4 });
    await sink.start();
  });
  afterAll(async () => {
    for (const i of instances) if (process.env.SHOW_INSTANCE_LOGS) console.log(`--- instance ${i.name}\n${i.output}`);
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await Promise.all(instances.map((i) => i.exited));
    await handle?.close();
    await database?.drop();
    await sink.stop();
  });

  it('delivers all 1,000, repeating only emails the killed instance had in flight', async () => {
    const env = {
      DATABASE_URL: database.url,
      SMTP_URL: sink.url,
      PUBLIC_URL: 'https://calendar.example.org',
      REMINDER_INTERVAL_SECONDS: '2',
    };

    // The three instances start while an organiser sets up a group of 1,000 members (written
    // through the app and the directory's statements); the instances plan for the new members.
    for (const name of NAMES) instances.push(startInstance(name, env));
    const now = systemClock();
    const ctx = { actor: 'test', now };
    const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
    const app = createApp({ store: handle.store, clock: systemClock, mailer: { send: async () => ({ id: 'unused' }) }, config });
    const { token } = await createToken(handle.store, 'test-organiser', 'organiser', ctx);
    const call = async (path: string, body: unknown) => {
      const res = await app.request(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(answer)}`);
      return answer;
    };
    const group = await call('/api/groups', {
      slug: 'iag',
      name: 'Independent Advisory Group',
      organiserEmail: 'iag-organiser@example.org',
    });
    for (let i = 0; i < MEMBERS; i += 100) {
      await handle.store.batch(
        Array.from({ length: 100 }, (_, n) =>
          upsertMemberStatements(
            handle.store,
            group.id,
            {
              email: `iag-member-${i + n + 1}@example.org`,
              role: 'IAG Member',
              capacity: 'voting',
              displayName: null,
              organisationId: null,
            },
            ctx,
          ),
        ).flat(),
      );
    }
    phase(`${MEMBERS} members added`);
    await Promise.all(instances.map((i) => i.serving));
    phase('three instances serving');
    const queued = async () =>
      Number(
        (
          await handle.store.db
            .selectFrom('plan_queue')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await until(async () => (await queued()) === 0, 'the instances had planned for the new members', 120_000);
    phase('the new members planned for');
    // With all three ticking: the group's meeting tomorrow evening, whose "a day before" reminders are already due.
    const start = DateTime.fromJSDate(now, { zone: 'Europe/London' }).plus({ hours: 23 }).startOf('minute');
    await call('/api/events', {
      kind: 'meeting',
      title: 'Independent Advisory Group meeting',
      location: 'Milton Keynes College',
      groupId: group.id,
      visibility: 'partners',
      status: 'published',
      start: start.toFormat("yyyy-MM-dd'T'HH:mm"),
      end: start.plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm"),
    });

    phase('meeting added');
    // Kill, once all three are sending, the instance whose email the server is holding right now.
    const senders = new Set<string>();
    let killed: Running | null = null;
    const allSending = new Promise<void>((resolve) => {
      sink.onAccepted = (r) => {
        const from = /calendar-(\w)@/.exec(r.envelopeFrom ?? '')?.[1];
        if (from) senders.add(from);
        if (!killed && senders.size === NAMES.length && sink.received.length >= 300) {
          killed = instances.find((i) => i.name === from)!;
          killed.child.kill('SIGKILL');
          resolve();
        }
      };
    });
    await Promise.race([
      allSending,
      until(async () => sink.received.length >= MEMBERS, 'the pass ended', 150_000).then(() => {
        throw new Error(`the pass ended before all three instances were sending (senders: ${[...senders].join(', ')})`);
      }),
    ]);
    sink.onAccepted = null;
    const killedAt = sink.received.length;
    phase(`killed after ${killedAt} emails`);
    const victim = killed! as Running;
    expect((await victim.exited).signal).toBe('SIGKILL');

    // The survivors send everything else; the victim's claimed rows stay leased to it. A claim's
    // rows share its token: a token with an email the server had from a survivor is a survivor's.
    const db = handle.store.db;
    // (The "a week before" reminders, long overdue, are skipped: the "a day before" ones supersede them.)
    const rows = () =>
      db
        .selectFrom('reminder_deliveries')
        .select(['id', 'status', 'claim_token', 'due_at'])
        .where('kind', '=', 'reminder')
        .where('status', '<>', 'skipped')
        .execute();
    const victimsLeased = async () => {
      const all = await rows();
      const senderOf = new Map(sink.received.map((r) => [r.deliveryId, r.envelopeFrom]));
      const survivorTokens = new Set(
        all.filter((r) => senderOf.has(r.id) && senderOf.get(r.id) !== `calendar-${victim.name}@example.org`).map((r) => r.claim_token),
      );
      const waiting = all.filter((r) => r.status !== 'sent' && !(r.status === 'sending' && !survivorTokens.has(r.claim_token)));
      return waiting.length
        ? null
        : all
            .filter((r) => r.status === 'sending')
            .map((r) => r.id)
            .sort()
            .join(' ');
    };
    // Done when only the victim's rows are unsent, twice over a survivor's tick.
    let previous: string | null = null;
    await until(
      async () => {
        const now = await victimsLeased();
        const settled = now !== null && now === previous;
        previous = now;
        if (!settled) await new Promise((resolve) => setTimeout(resolve, 2_500));
        return settled;
      },
      "the survivors had sent all but the killed instance's rows",
      120_000,
    );
    const leased = new Set(previous!.split(' ').filter(Boolean));
    phase('survivors done');
    // Its in-flight emails: the server has them, the database says they are still being sent.
    const fromVictim = new Set(
      sink.received.filter((r) => r.envelopeFrom === `calendar-${victim.name}@example.org`).map((r) => r.deliveryId!),
    );
    const inFlight = [...leased].filter((id) => fromVictim.has(id));
    expect(leased.size).toBeGreaterThan(0);
    expect(inFlight.length).toBeGreaterThanOrEqual(1);
    expect(inFlight.length).toBeLessThanOrEqual(CONCURRENCY);
    const acceptedAtKill = sink.received.length;

    // Its five-minute lease runs out (moved into the past rather than waited for): a survivor's
    // next tick claims those rows and sends them.
    await db
      .updateTable('reminder_deliveries')
      .set({ lease_until: '2000-01-01T00:00:00.000Z' })
      .where('id', 'in', [...leased])
      .execute();
    await until(
      async () => (await rows()).filter((r) => r.status === 'sent').length === MEMBERS,
      'every reminder was recorded as sent',
      60_000,
    );
    phase('all sent');

    const counts = sink.counts();
    const duplicates = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    const perInstance = NAMES.map((n) => `${n}: ${sink.received.filter((r) => r.envelopeFrom === `calendar-${n}@example.org`).length}`);
    console.log(
      `three-instance SIGKILL test: instance ${victim.name} killed after the server had accepted ${killedAt} emails, ${acceptedAtKill} by the time the survivors were done; ` +
        `${leased.size} rows leased to it, ${inFlight.length} of them in flight at the kill; in the end ${counts.size} distinct reminders delivered, ` +
        `${duplicates.length} twice (all among the in-flight ones); emails handed over per instance: ${perInstance.join(', ')}`,
    );
    expect(counts.size).toBe(MEMBERS);
    expect(new Set(sink.received.map((r) => r.envelopeTo[0])).size).toBe(MEMBERS);
    for (const id of duplicates) expect(inFlight).toContain(id);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);

    for (const i of instances) if (i !== victim) i.child.kill('SIGTERM');
    for (const i of instances) if (i !== victim) expect((await i.exited).code, i.output).toBe(0);
  }, 400_000);
});
