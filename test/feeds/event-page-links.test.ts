import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('links from a subscribed calendar back to the event page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('gives each event in the feed the address of its page, and that page shows the event', async () => {
    const res = await t.app.request('/feeds/public.ics');
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const hcaw = calendar
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('summary') === 'National Hate Crime Awareness Week')!;
    const url = String(hcaw.getFirstPropertyValue('url'));
    const id = (await t.call('GET', '/api/events?kind=campaign_week&q=hate', undefined, { auth: false })).body.events[0].id;
    expect(url).toBe(`https://calendar.example.org/events/${id}`);
    const page = await t.app.request(new URL(url).pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('National Hate Crime Awareness Week');
  });
});
