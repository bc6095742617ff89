/**
 * axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every public page of the web app, in real
 * Chromium: zero violations allowed (the workspace has its own file, so the two run side by side). Pages with form errors are
 * included, because that is where accessibility usually breaks.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, launchChromium, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

describe('accessibility of the public pages (axe-core, WCAG 2.2 AA)', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ids: { hcaw: string; iag: string; board: string };

  async function idOf(title: string): Promise<string> {
    const row = await server.handle.store.db.selectFrom('events').select('id').where('title', '=', title).executeTakeFirstOrThrow();
    return row.id;
  }

  async function check(path: string, viewport = { width: 1280, height: 900 }): Promise<string> {
    await page.setViewportSize(viewport);
    const res = await page.goto(`${server.url}${path}`);
    expect(res?.status(), path).toBeLessThan(500);
    return describeViolations(path, await axeViolations(page));
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    // The pages' CSP forbids every script, axe included; only this test context may inject it.
    context = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    ids = {
      hcaw: await idOf('National Hate Crime Awareness Week'),
      iag: await idOf('Independent Advisory Group meeting'),
      board: await idOf('SaferMK Partnership Board'),
    };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds the mistakes it is meant to find (so a clean result means something)', async () => {
    await page.setContent('<html><body><img src="x.png"><a href="#"></a><p>text</p></body></html>');
    const found = (await axeViolations(page)).map((v) => v.id).sort();
    expect(found).toEqual(['document-title', 'html-has-lang', 'image-alt', 'link-name']);
  });

  it('has no violations on the public pages, on a desktop and on a phone', { timeout: 90_000 }, async () => {
    const paths = [
      '/',
      '/?theme=C2&kind=campaign_week',
      '/calendar/month?year=2022&month=10',
      '/calendar/year?year=2022',
      `/events/${ids.hcaw}`,
      `/events/${ids.board}`,
      '/subscribe?theme=C2&kind=meeting',
      '/signin',
      '/no-such-page',
    ];
    const problems: string[] = [];
    for (const path of paths) problems.push(await check(path));
    for (const path of ['/', '/calendar/month?year=2022&month=10']) {
      problems.push(await check(path, { width: 390, height: 844 }));
    }
    expect(problems.filter(Boolean).join('\n')).toBe('');
  });

  it('has no violations on the sign-in page showing an error', async () => {
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email address').fill('someone@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('not right');
    expect(describeViolations('/signin (error)', await axeViolations(page))).toBe('');
  });
});
