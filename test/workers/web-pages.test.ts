import { env } from 'cloudflare:workers';
import { CompiledQuery } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { prepare } from '../../src/runtime/d1.js';
import { call } from './support.js';

describe('the public web pages from the Worker', () => {
  let eventId = '';
  beforeAll(async () => {
    // The demo calendar, written by the same statements as on Node (see global-setup.ts).
    const statements = inject('nodeCalendar').statements.map((s) => prepare(env.DB, CompiledQuery.raw(s.sql, s.parameters)));
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
    const events = await call('GET', '/api/events?kind=campaign_week&q=hate%20crime');
    eventId = events.body.events[0].id;
  });

  it.each([
    ['/', 'Community Safety Partnership'],
    ['/calendar/month?year=2022&month=10', 'National Hate Crime Awareness Week'],
    ['/calendar/year?year=2022', 'National Hate Crime Awareness Week'],
    ['/feeds', '/feeds/public.ics'],
    ['/signin', 'name="password"'],
  ])('serves %s as an HTML page', async (path, expected) => {
    const res = await call('GET', path, undefined, { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain(expected);
  });

  it('serves a campaign week page with its dates and its partner activities', async () => {
    const res = await call('GET', `/events/${eventId}`, undefined, { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    const text = res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('When 8–15 October 2022');
    expect(text).toContain('Monday 10 October 2022 Women’s experience of hate crime');
  });
});
