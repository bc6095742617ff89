import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { openChromium } from '../web/support/browser.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('the subscribe page of a feed, in Chromium', () => {
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('offers https, webcal, Outlook (personal and work) and Google links for the public calendar', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/feeds`);
    await expect(page.title()).resolves.toMatch(/^Subscribe: Community Safety Partnership – /);
    // In the site's layout, with its navigation.
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    const feedUrl = 'https://calendar.example.org/feeds/public.ics';
    await expect(page.getByLabel(/copy the calendar address/i).inputValue()).resolves.toBe(feedUrl);
    const href = (name: string) => page.getByRole('link', { name, exact: true }).getAttribute('href');
    const encoded = encodeURIComponent(feedUrl);
    await expect(href('Outlook.com (personal account)')).resolves.toBe(
      `https://outlook.live.com/calendar/0/addfromweb?url=${encoded}&name=Community%20Safety%20Partnership`,
    );
    await expect(href('Outlook (work or school account)')).resolves.toBe(
      `https://outlook.office.com/calendar/0/addfromweb?url=${encoded}&name=Community%20Safety%20Partnership`,
    );
    await expect(href('Google Calendar')).resolves.toBe(
      `https://calendar.google.com/calendar/r?cid=${encodeURIComponent('webcal://calendar.example.org/feeds/public.ics')}`,
    );
    await expect(href('Apple Calendar (iPhone, iPad, Mac)')).resolves.toBe('webcal://calendar.example.org/feeds/public.ics');
    await expect(page.getByRole('heading', { name: 'How it works' }).isVisible()).resolves.toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'safercal-subscribe-page.png'), fullPage: true });
    await page.close();
  });

  it('builds a short filtered address from the ticked themes and kinds, and that address serves the feed', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/feeds/public`);
    await page.getByLabel('Hate crime (C2)').check();
    await page.getByLabel('Campaign week').check();
    await Promise.all([page.waitForURL(/theme=C2/), page.getByRole('button', { name: 'Show the address for this choice' }).click()]);
    const address = await page.getByLabel(/copy the calendar address/i).inputValue();
    expect(address).toBe('https://calendar.example.org/feeds/public.ics?theme=C2&kind=campaign_week');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Subscribe to Community Safety Partnership: Hate crime · Campaign week',
    );
    await expect(page.getByLabel('Hate crime (C2)').isChecked()).resolves.toBe(true);
    const res = await fetch(address.replace('https://calendar.example.org', base));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('SUMMARY:National Hate Crime Awareness Week');
    await page.close();
  });

  // axe (WCAG 2.2 AA) and reflow of the public (/feeds/public is /feeds), group and private subscribe
  // pages, at 320 and 1280 px: test/web/every-public-page-reflows-and-passes-axe.test.ts (ADR 272).

  it('warns on a private feed’s page that the address must not be shared', async () => {
    const created = await t.call('POST', '/api/feed-subscriptions', { email: 'iag-chair@example.org' });
    const page = await browser.newPage();
    const response = await page.goto(created.body.subscribePage.replace('https://calendar.example.org', base));
    // The secret address never goes to another site as a Referer (same-origin keeps this site's forms working).
    expect(response?.headers()['referrer-policy']).toBe('same-origin');
    await expect(page.getByRole('note').textContent()).resolves.toContain('This address is private to you.');
    await expect(page.getByLabel(/copy the calendar address/i).inputValue()).resolves.toBe(created.body.feedUrl);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'safercal-subscribe-private.png'), fullPage: true });
    await page.close();
  });
});
