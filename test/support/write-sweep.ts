/**
 * A calendar to sweep the JSON write endpoints against: the demo partnership on a real SQLite file,
 * a reminder already sent (so email links carry a real token), a confirmation link, a private feed,
 * and a real record for every kind of id a route names. `snapshot()` reads every table, so a test
 * can tell whether a refused request wrote anything at all.
 */
import { sql } from 'kysely';
import { configFromEnv } from '../../src/config.js';
import type { MailMessage } from '../../src/notify/mailer.js';
import { runDue } from '../../src/notify/dispatch.js';
import { makeTestApp, type TestApp } from './app.js';
import { idKind, type AppRoute } from './routes.js';

export interface WriteSweep {
  t: TestApp;
  /** Real values for a route's path parameters, so a request gets past "no such record". */
  paramsFor(route: AppRoute): Record<string, string>;
  /** Every row of every table (bookkeeping columns that reads update left out), as text. */
  snapshot(): Promise<string>;
}

/** Columns a read may update (last use of a token or feed, a session's idle expiry): not changes. */
const BOOKKEEPING = new Set(['last_used_at', 'expires_at']);

export async function makeWriteSweep(): Promise<WriteSweep> {
  const t = await makeTestApp({ demo: true, now: '2022-10-01T09:00:00Z' });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const iag = await call('GET', '/api/groups/iag');
  const organisation = (await call('GET', '/api/organisations')).organisations[0];
  const series = await call('POST', '/api/events', {
    kind: 'meeting',
    title: 'Task group meeting',
    start: '2022-11-02T18:00',
    end: '2022-11-02T20:00',
    rrule: 'FREQ=MONTHLY;BYDAY=1WE;COUNT=12',
    groupId: iag.id,
  });
  const oneOff = await call('POST', '/api/events', { kind: 'deadline', title: 'Consultation closes', start: '2022-12-09' });
  const meeting = await call('POST', '/api/events', {
    kind: 'meeting',
    title: 'Extraordinary meeting',
    start: '2022-11-16T18:00',
    end: '2022-11-16T19:30',
    groupId: iag.id,
  });
  const agendaItem = await call('POST', `/api/meetings/${meeting.id}/items`, { title: 'Apologies for absence' });
  const action = await call('POST', `/api/meetings/${meeting.id}/actions`, {
    description: 'Supply a glossary of acronyms',
    owner: 'Community Cohesion Manager',
    dueDate: '2022-12-14',
  });
  const recurrenceId = (await call('GET', `/api/occurrences?from=2022-11-01&to=2023-10-31`)).occurrences.find(
    (o: { eventId: string }) => o.eventId === series.id,
  ).recurrenceId as string;
  const feed = await call('POST', '/api/feed-subscriptions', { partner: organisation.id });
  await call('POST', '/api/subscriptions', { email: 'partner-analyst@example.org', topic: 'kind:deadline' });

  // A reminder of the meeting a week before, and a confirmation email: links with real tokens.
  const sent: MailMessage[] = [];
  const mailer = { send: async (m: MailMessage) => (sent.push(m), { id: `sweep-${sent.length}` }) };
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
  await runDue({ store: t.handle.store, mailer, config }, new Date('2022-10-26T17:00:00Z'));
  const reminder = sent.find((m) => m.subject.includes('Task group meeting') && m.to.includes('iag-member-1@example.org'));
  const linkToken = /\/email\/unsubscribe\/([^\s>"]+)/.exec(reminder!.headers!['List-Unsubscribe']!)![1]!;
  t.clock.set('2022-10-27T08:00:00Z');
  await t.call('POST', '/api/email/subscribe', { email: 'resident@example.org', topic: 'digest' }, { auth: false });
  const confirmToken = /\/email\/confirm\/(\S+)/.exec(t.sent.at(-1)!.text)![1]!;
  const delivery = await t.handle.store.db.selectFrom('reminder_deliveries').select('id').executeTakeFirstOrThrow();
  const member = await t.handle.store.db
    .selectFrom('people')
    .select('id')
    .where('email', '=', 'iag-member-2@example.org')
    .executeTakeFirstOrThrow();

  return {
    t,
    paramsFor(route) {
      const kind = idKind(route);
      const id =
        kind === 'event'
          ? route.path.endsWith('/cancel')
            ? oneOff.id
            : series.id
          : kind === 'group'
            ? iag.id
            : kind === 'organisation'
              ? organisation.id
              : route.path.startsWith('/api/agenda-items/')
                ? agendaItem.id
                : route.path.startsWith('/api/actions/')
                  ? action.id
                  : route.path.startsWith('/api/deliveries/')
                    ? delivery.id
                    : route.path.startsWith('/api/feed-subscriptions/')
                      ? feed.id
                      : 'no-such-id';
      // A meeting's address: a one-off meeting, or one date of the series (its UTC instant, compact).
      const eventId = route.path.includes(':occurrence') ? series.id : meeting.id;
      return {
        id,
        eventId,
        occurrence: recurrenceId.replace(/[-:]/g, ''),
        recurrenceId,
        personId: member.id,
        token: route.path.includes('/email/confirm/') ? confirmToken : linkToken,
        name: 'public',
      };
    },
    async snapshot() {
      const db = t.handle.store.db;
      // SQLite and D1 both list their tables here (D1's own _cf_ tables are not ours to read).
      const tables = await sql<{
        name: string;
      }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name`.execute(
        db,
      );
      const out: Record<string, string[]> = {};
      for (const { name } of tables.rows) {
        // In a fixed order without rowid (WITHOUT ROWID tables and FTS5's shadow tables have none).
        const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
        out[name] = rows.rows
          .map((row) =>
            JSON.stringify(
              Object.entries(row).filter(([column]) => !BOOKKEEPING.has(column)),
              (_, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value),
            ),
          )
          .sort();
      }
      return JSON.stringify(out);
    },
  };
}
