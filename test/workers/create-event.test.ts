import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, organiserToken } from './support.js';

describe('the Worker on D1', () => {
  it('creates a meeting through the API, reads it back and records who created it', async () => {
    const token = await organiserToken();
    const group = await call('POST', '/api/groups', { name: 'Independent Advisory Group' }, { token });
    expect(group.status).toBe(201);
    const created = await call(
      'POST',
      '/api/events',
      {
        kind: 'meeting',
        title: 'Independent Advisory Group meeting',
        start: '2026-10-21T18:00',
        end: '2026-10-21T20:00',
        location: 'Milton Keynes College',
        groupId: group.body.id,
        themes: ['C1', 'c2'],
        rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=3',
      },
      { token },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      allDay: false,
      start: '2026-10-21T18:00:00+01:00',
      end: '2026-10-21T20:00:00+01:00',
      themes: ['C1', 'C2'],
      sequence: 0,
    });

    const read = await call('GET', `/api/events/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    // The November meeting is still at 18:00 after the clocks go back (now UTC+0).
    const occurrences = await call('GET', `/api/occurrences?from=2026-10-01&to=2026-12-31&group=${group.body.id}`);
    expect(occurrences.body.occurrences.map((o: { start: string }) => o.start)).toEqual([
      '2026-10-21T18:00:00+01:00',
      '2026-11-18T18:00:00+00:00',
      '2026-12-16T18:00:00+00:00',
    ]);

    const audit = await call('GET', `/api/audit?entity=event&entityId=${created.body.id}`, undefined, { token });
    expect(audit.body.entries).toEqual([expect.objectContaining({ action: 'create' })]);
    const row = await env.DB.prepare('SELECT title, starts_at FROM events WHERE id = ?').bind(created.body.id).all();
    expect(row.results).toEqual([{ title: 'Independent Advisory Group meeting', starts_at: '2026-10-21T17:00:00Z' }]);
  });

  it('refuses a bad event with a 400 naming the field, and writes nothing', async () => {
    const token = await organiserToken();
    const before = await env.DB.prepare('SELECT count(*) AS n FROM events').all<{ n: number }>();
    const refused = await call(
      'POST',
      '/api/events',
      { kind: 'meeting', title: 'Board', start: '2026-10-15T14:00', end: '2026-10-15T13:00' },
      { token },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('end');
    const after = await env.DB.prepare('SELECT count(*) AS n FROM events').all<{ n: number }>();
    expect(after.results).toEqual(before.results);
  });

  it('asks for an organiser token before creating anything', async () => {
    const refused = await call('POST', '/api/events', { kind: 'deadline', title: 'Consultation closes', start: '2026-09-11' });
    expect(refused.status).toBe(401);
  });

  it('reports a duplicate organisation as a 409 conflict, not a server error', async () => {
    const token = await organiserToken();
    expect((await call('POST', '/api/organisations', { name: 'Fire and Rescue Service', kind: 'fire' }, { token })).status).toBe(201);
    const again = await call('POST', '/api/organisations', { name: 'Fire and Rescue Service', kind: 'fire' }, { token });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('name');
  });
});
