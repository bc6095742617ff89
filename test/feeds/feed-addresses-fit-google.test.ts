/**
 * Google Calendar drops subscription addresses over 256 characters, so a long filter choice
 * (every theme and every group) gets a short stable code instead of a long query string, and the
 * short address serves exactly the calendar the long one would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KINDS, THEMES } from '../../src/domain/kinds.js';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('feed addresses with many filters', () => {
  let t: TestApp;
  let longQuery: string;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
    // Nine groups, as a real partnership has (the issue measured 353 characters with them ticked).
    for (const name of [
      'Community Cohesion Forum',
      'Domestic Abuse Strategic Group',
      'Prevent Delivery Group',
      'Reducing Reoffending Board',
      'Safer Streets Steering Group',
    ]) {
      expect((await t.call('POST', '/api/groups', { name })).status).toBe(201);
    }
    const groups = (await t.call('GET', '/api/groups', undefined, { auth: false })).body.groups as { slug: string }[];
    longQuery = `theme=${Object.keys(THEMES).join(',')}&kind=${EVENT_KINDS.join(',')}&group=${groups.map((g) => g.slug).join(',')}`;
  });
  afterAll(() => t.close());

  const addressOn = async (path: string) => {
    const res = await t.app.request(path, { headers: { Accept: 'text/html' } });
    const html = await res.text();
    return {
      status: res.status,
      address: /id="feed-address" type="text" readonly="" value="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '',
      html,
    };
  };

  it('keeps a short choice readable', async () => {
    const { address } = await addressOn('/feeds?theme=C2&kind=campaign_week');
    expect(address).toBe('https://calendar.example.org/feeds/public.ics?theme=C2&kind=campaign_week');
  });

  it('gives every theme and every group a short code, under 256 characters as https and as webcal', async () => {
    const long = `https://calendar.example.org/feeds/public.ics?${longQuery}`;
    expect(long.length).toBeGreaterThan(256);
    const { address, html } = await addressOn(`/feeds?${longQuery}`);
    expect(address).toMatch(/^https:\/\/calendar\.example\.org\/feeds\/public\.ics\?f=[A-Za-z0-9_-]{12}$/);
    expect(address.replace('https://', 'webcal://').length).toBeLessThanOrEqual(256);
    expect(html).toContain('Google Calendar ignores addresses longer than 256 characters');
    // The same choice, in another order, gets the same code.
    const [themes, kinds, groups] = longQuery.split('&');
    const reordered = [
      groups,
      kinds,
      ...themes!
        .slice('theme='.length)
        .split(',')
        .map((c) => `theme=${c}`),
    ].join('&');
    const again = await addressOn(`/feeds?${reordered}`);
    expect(again.address).toBe(address);
  });

  it('serves the same calendar at the short address as at the long one', async () => {
    const { address } = await addressOn(`/feeds?${longQuery}`);
    const short = await t.app.request(new URL(address).pathname + new URL(address).search);
    const long = await t.app.request(`/feeds/public.ics?${longQuery}`);
    expect(short.status).toBe(200);
    const body = await short.text();
    expect(body).toContain('BEGIN:VEVENT');
    // SOURCE names the address each was fetched at; everything else is the same.
    const withoutSource = (ics: string) => ics.replace(/^SOURCE;.*\r\n/m, '').replace(/^SOURCE:.*\r\n/m, '');
    expect(withoutSource(body)).toBe(withoutSource(await long.text()));
  });

  it('refuses a code it does not know, naming the field', async () => {
    const res = await t.call('GET', '/feeds/public.ics?f=AAAAAAAAAAAA', undefined, { auth: false });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('f');
    expect(res.body.error.message).toContain('make a new address on the subscribe page');
  });
});
