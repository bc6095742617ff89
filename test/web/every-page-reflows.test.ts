/**
 * Every page reads on a 320 CSS px screen without scrolling sideways (WCAG 2.2 SC 1.4.10 Reflow,
 * which axe cannot detect), and on a 1280 px desktop: the public pages, the subscribe pages, the
 * pages opened from emails, the organisers' workspace, and a reminder email's HTML. Measured in
 * real Chromium with JavaScript switched off; axe-core (WCAG 2.2 AA) runs on each page at 320 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, launchChromium, sidewaysOverflow, signIn } from './support/browser.js';
import { everyPage, type EveryPage } from './support/every-page.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

const PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 900 };

describe('every page at 320 and 1280 CSS px', () => {
  let server: WebServer;
  let browser: Browser;
  let jsOff: BrowserContext;
  let withAxe: BrowserContext;
  let pages: EveryPage;
  let plain: Page;
  let axePage: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    pages = await everyPage(server);
    jsOff = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    // The pages' CSP forbids every script, axe included; only this context may inject it.
    withAxe = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    for (const context of [jsOff, withAxe]) context.setDefaultTimeout(20_000);
    plain = await jsOff.newPage();
    axePage = await withAxe.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Problems with `path`: sideways scrolling at either width, and axe's violations at 320 px. */
  async function check(path: string, opts: { axe?: boolean } = {}): Promise<string[]> {
    const problems: string[] = [];
    await plain.setViewportSize(PHONE);
    const res = await plain.goto(`${server.url}${path}`);
    if (!res || res.status() >= 500) problems.push(`${path}: answered ${res?.status()}`);
    const phone = await sidewaysOverflow(plain);
    if (phone > 0) problems.push(`${path}: scrolls ${phone}px sideways at 320px`);
    await plain.setViewportSize(DESKTOP);
    const desktop = await sidewaysOverflow(plain);
    if (desktop > 0) problems.push(`${path}: scrolls ${desktop}px sideways at 1280px`);
    if (opts.axe !== false) {
      await axePage.setViewportSize(PHONE);
      await axePage.goto(`${server.url}${path}`);
      const violations = describeViolations(`${path} (320px)`, await axeViolations(axePage));
      if (violations) problems.push(violations);
    }
    return problems;
  }

  it('reflows every public and subscribe page, with no axe violations', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const path of pages.public) problems.push(...(await check(path)));
    expect(problems.join('\n')).toBe('');
  });

  it('reflows every page opened from an email, with no axe violations', { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    for (const path of pages.emailLinks) problems.push(...(await check(path)));
    expect(problems.join('\n')).toBe('');
  });

  it('reflows every page of the organisers’ workspace, and an email’s HTML, with no axe violations', { timeout: 900_000 }, async () => {
    await Promise.all([signIn(plain, server.url, ACCOUNTS.admin), signIn(axePage, server.url, ACCOUNTS.admin)]);
    const problems: string[] = [];
    for (const path of pages.workspace) problems.push(...(await check(path)));
    problems.push(...(await check(pages.emailHtml)));
    expect(problems.join('\n')).toBe('');
  });
});
