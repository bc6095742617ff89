/**
 * One suite, every backend: the API's storage behaviour asserted the same way on SQLite (Node),
 * D1 (Workers) and PostgreSQL (node-on-postgres project), and the demo calendar read through the API compared response for response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { insertEventStatements } from '../../src/db/events.js';
import { createToken } from '../../src/db/tokens.js';
import { seedDemo } from '../../src/demo/seed.js';
import { fixedClock } from '../../src/domain/clock.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { createApp } from '../../src/http/app.js';
import type { Mailer } from '../../src/notify/mailer.js';
import { BACKENDS, openMigratedBefore, type Backend, type OpenBackend } from '../support/backends.js';

const NOW = '2026-09-01T09:00:00Z';

async function appOn(backend: OpenBackend) {
  const clock = fixedClock(NOW);
  const mailer: Mailer = { send: async () => ({ id: 'unused' }) };
  const app = createApp({ store: backend.store, clock, mailer, config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }) });
  const { token } = await createToken(backend.store, 'every-backend', 'organiser', { actor: 'test', now: clock() });
  async function call(method: string, path: string, body?: unknown, auth = true) {
    const headers: Record<string, string> = auth ? { Authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  }
  const feed = async (path: string) => (await app.request(path)).text();
  return { clock, call, feed };
}

describe.each(BACKENDS)('storage on $name', (backend: Backend) => {
  let db: OpenBackend;
  let api: Awaited<ReturnType<typeof appOn>>;
  beforeAll(async () => {
    db = await backend.open();
    api = await appOn(db);
  }, 60_000);
  afterAll(() => db.close());

  it('returns a recurring meeting with its themes, links and one moved occurrence exactly as entered', async () => {
    const group = await api.call('POST', '/api/groups', { name: 'Independent Advisory Group', slug: 'iag-test' });
    const created = await api.call('POST', '/api/events', {
      kind: 'meeting',
      title: 'IAG meeting',
      start: '2026-09-16T18:00',
      end: '2026-09-16T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=4',
      groupId: group.body.id,
      themes: ['C2', 'C1', 'hate crime'],
      links: [{ title: 'Agenda', url: 'https://example.org/agenda.pdf' }],
      location: 'Gurdwara, Kiln Farm',
    });
    expect(created.status).toBe(201);
    const moved = await api.call('PUT', `/api/events/${created.body.id}/occurrences/2026-10-21T18:00`, {
      start: '2026-10-28T18:00',
      end: '2026-10-28T20:00',
      location: 'Milton Keynes College',
    });
    expect(moved.status).toBe(200);
    const read = await api.call('GET', `/api/events/${created.body.id}`);
    expect(read.body).toMatchObject({
      themes: ['C1', 'C2', 'hate crime'],
      links: [{ title: 'Agenda', url: 'https://example.org/agenda.pdf' }],
      sequence: 1,
    });
    expect(read.body.exceptions).toHaveLength(1);
    const occurrences = await api.call('GET', `/api/occurrences?from=2026-09-01&to=2026-12-31&group=iag-test`);
    expect(occurrences.body.occurrences.map((o: any) => [o.start, o.location])).toEqual([
      ['2026-09-16T18:00:00+01:00', 'Gurdwara, Kiln Farm'],
      ['2026-10-28T18:00:00+00:00', 'Milton Keynes College'],
      ['2026-11-18T18:00:00+00:00', 'Gurdwara, Kiln Farm'],
      ['2026-12-16T18:00:00+00:00', 'Gurdwara, Kiln Farm'],
    ]);
  });

  it('writes a change whole or not at all when a statement in the batch fails', async () => {
    const fields = validateEventInput({ kind: 'deadline', title: 'Strategic assessment refresh', start: '2026-12-01', themes: ['V1'] });
    if (!fields.ok) throw new Error('fixture is invalid');
    const ctx = { actor: 'test', now: new Date(NOW) };
    const first = insertEventStatements(db.store, fields.value, ctx);
    const clash = insertEventStatements(db.store, fields.value, ctx, first.id);
    await expect(db.store.batch([...first.statements, ...clash.statements])).rejects.toThrow(/UNIQUE|PRIMARY|duplicate key/);
    const left = await db.rows<{ n: number }>(`select count(*) as n from events where title = 'Strategic assessment refresh'`);
    expect(left).toEqual([{ n: 0 }]);
    const themes = await db.rows<{ n: number }>(`select count(*) as n from event_themes where event_id = '${first.id}'`);
    expect(themes).toEqual([{ n: 0 }]);
  });

  it('answers a duplicate organisation with 409 on name', async () => {
    expect((await api.call('POST', '/api/organisations', { name: 'Probation Service', kind: 'probation' })).status).toBe(201);
    const again = await api.call('POST', '/api/organisations', { name: 'Probation Service', kind: 'probation' });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('name');
  });

  it('shows a new event in the public feed on the very next request', async () => {
    const before = await api.feed('/feeds/public.ics');
    expect(before).not.toContain('SUMMARY:Bite Back Week');
    expect(
      (await api.call('POST', '/api/events', { kind: 'campaign_week', title: 'Bite Back Week', start: '2026-08-03', end: '2026-08-09' }))
        .status,
    ).toBe(201);
    expect(await api.feed('/feeds/public.ics')).toContain('SUMMARY:Bite Back Week');
  });

  it('finds events by words, theme and date window', async () => {
    await api.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'County Lines Intensification Week',
      start: '2026-10-05',
      end: '2026-10-11',
      themes: ['V2', 'county lines'],
    });
    await api.call('POST', '/api/events', {
      kind: 'training',
      title: 'Gang awareness training',
      start: '2026-06-13T09:30',
      end: '2026-06-13T16:00',
      themes: ['V2'],
    });
    const byTheme = await api.call('GET', '/api/events?theme=V2&limit=50', undefined, false);
    expect(byTheme.body.events.map((e: any) => e.title)).toEqual(['Gang awareness training', 'County Lines Intensification Week']);
    const byWords = await api.call('GET', '/api/events?q=county%20lines', undefined, false);
    expect(byWords.body.events.map((e: any) => e.title)).toEqual(['County Lines Intensification Week']);
    const october = await api.call('GET', '/api/events?from=2026-10-01&to=2026-10-31&theme=V2', undefined, false);
    expect(october.body.events.map((e: any) => e.title)).toEqual(['County Lines Intensification Week']);
  });
});

describe.each(BACKENDS)('migration 0028 on $name', (backend: Backend) => {
  it('moves the note of a cancelled date’s move out of the cancel’s note into its own column (ADR 287)', async () => {
    const db = await openMigratedBefore(backend, '0028');
    try {
      await db.exec(
        `INSERT INTO events (id, kind, title, all_day, starts_at, ends_at, rrule, visibility, status, created_at, updated_at)
         VALUES ('iag', 'meeting', 'IAG meeting', 0, '2027-04-05T09:00:00Z', '2027-04-05T10:00:00Z', 'FREQ=WEEKLY;BYDAY=MO',
                 'public', 'published', '2027-04-01T09:00:00Z', '2027-04-01T09:00:00Z')`,
      );
      const exception = (rid: string, kind: string, note: string) =>
        db.exec(
          `INSERT INTO event_exceptions (event_id, recurrence_id, kind, starts_at, ends_at, location, note, created_at, updated_at)
           VALUES ('iag', '${rid}', '${kind}', '2027-04-13T09:00:00Z', '2027-04-13T10:00:00Z', 'Milton Keynes College', '${note}',
                   '2027-04-02T09:00:00Z', '2027-04-02T09:00:00Z')`,
        );
      // As ADR 284 stored them: the cancel's note, U+001F, the move's note (either may be empty).
      await exception('2027-04-12T09:00:00Z', 'cancelled', 'Training day\u001fThe hall is booked on Mondays');
      await exception('2027-04-19T09:00:00Z', 'cancelled', '\u001fNo hall on the 19th');
      await exception('2027-04-26T09:00:00Z', 'cancelled', 'Bank holiday');
      await exception('2027-05-10T09:00:00Z', 'moved', 'Room swap');
      expect(await db.migrate()).toEqual(expect.arrayContaining(['0028_move_notes_of_cancelled_dates.sql']));
      expect(await db.rows('SELECT recurrence_id, note, move_note FROM event_exceptions ORDER BY recurrence_id')).toEqual([
        { recurrence_id: '2027-04-12T09:00:00Z', note: 'Training day', move_note: 'The hall is booked on Mondays' },
        { recurrence_id: '2027-04-19T09:00:00Z', note: '', move_note: 'No hall on the 19th' },
        { recurrence_id: '2027-04-26T09:00:00Z', note: 'Bank holiday', move_note: '' },
        { recurrence_id: '2027-05-10T09:00:00Z', note: 'Room swap', move_note: '' },
      ]);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe('the demo calendar through the API', () => {
  /** Ids are random per database; everything else must match byte for byte. */
  const normalise = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'));
  const paths = [
    '/api/events?limit=500&status=draft,published,cancelled',
    '/api/occurrences?from=2022-09-01&to=2023-12-31',
    '/api/occurrences?from=2019-04-01&to=2019-12-31&kind=meeting',
    '/api/events?theme=C2&limit=100',
    '/api/groups',
    '/api/organisations',
  ];

  it(`reads the same on ${BACKENDS[1]!.name} as on ${BACKENDS[0]!.name}, response for response`, async () => {
    const responses: unknown[][] = [];
    for (const backend of BACKENDS) {
      const db = await backend.open();
      try {
        await seedDemo(db.store, { actor: 'demo-data', now: new Date(NOW) });
        const api = await appOn(db);
        const bodies = [];
        for (const path of paths) {
          const res = await api.call('GET', path);
          expect(res.status, path).toBe(200);
          bodies.push(normalise(res.body));
        }
        responses.push(bodies);
      } finally {
        await db.close();
      }
    }
    expect(responses[0]![0]).toMatchObject({
      events: expect.arrayContaining([expect.objectContaining({ title: 'National Hate Crime Awareness Week' })]),
    });
    expect(responses[1]).toEqual(responses[0]);
  }, 60_000);
});
