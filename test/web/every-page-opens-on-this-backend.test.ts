/**
 * Every page of the web app (public, subscribe, opened from an email, and the organisers'
 * workspace) opens in a JavaScript-free Chromium with the app on this project's backend (D1 or
 * PostgreSQL), and each page's email links and forms were made through that backend. On SQLite the
 * two every-page sweeps open the same pages and also check reflow and axe, which read only the
 * HTML and CSS; so this file runs in node-on-d1 and node-on-postgres (ADR 107).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromium, signIn } from './support/browser.js';
import { everyPage, type EveryPage } from './support/every-page.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

describe(`every page on ${process.env.SAFERCAL_TEST_DB ?? 'sqlite'}`, () => {
  let server: WebServer;
  let browser: Browser;
  let pages: EveryPage;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), openChromium()]);
    pages = await everyPage(server);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    // Building the page list on the local D1 (a reminder pass, forms, e-mails) took 36 s alone at load 16.
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The error pages support/every-page.ts lists on purpose, with the status each must answer. */
  const ERROR_PAGES: Record<string, number> = {
    '/feeds?kind=parade': 400,
    '/no-such-page': 404,
    '/email/preferences/not-a-real-link': 404,
  };

  /** Each path that did not answer its status (200 unless an error page) with a page heading, with what it answered. */
  async function failures(paths: string[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const path of paths) {
      const res = await page.goto(`${server.url}${path}`);
      const headings = await page.locator('h1').count();
      if (res?.status() !== (ERROR_PAGES[path] ?? 200) || headings === 0) wrong.push(`${path}: ${res?.status()}, ${headings} h1`);
    }
    return wrong;
  }

  it('opens every public and subscribe page, and every page opened from an email', { timeout: 600_000 }, async () => {
    expect(await failures([...pages.public, ...pages.emailLinks])).toEqual([]);
  });

  it('opens every page of the organisers’ workspace, signed in as an administrator', { timeout: 600_000 }, async () => {
    await signIn(page, server.url, ACCOUNTS.admin);
    expect(await failures([...pages.workspace, `/events/${pages.ids.iag}`])).toEqual([]);
  });
});
