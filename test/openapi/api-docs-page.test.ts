/**
 * The readable API page works from the service alone: Chromium renders Redoc's page from our own
 * copy of its script (no CDN), with the description it fetches from /api/openapi.json, and the
 * page's narrow CSP keeps it to this origin (the one thing it blocks is Redoc's CDN logo).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openChromium } from '../web/support/browser.js';
import { startWebServer, type WebServer } from '../web/support/server.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

let app: WebServer;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebServer(), openChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('renders every part of the API from this service, loading nothing from elsewhere', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const console: string[] = [];
  const elsewhere: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  page.on('request', (r) => {
    if (!r.url().startsWith(app.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  const res = await page.goto(`${app.url}/api/docs`);
  expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.locator('h2', { hasText: 'Create an event' }).first().waitFor();
  expect(await page.locator('h2', { hasText: 'Preview an iCalendar import' }).count()).toBeGreaterThan(0);
  // Redoc's sidebar shows a "by Redocly" logo from its CDN; the page's CSP blocks it, so the
  // only violation is that image, and nothing is loaded from anywhere else.
  const violations = console.filter((line) => /Content Security Policy|Refused/.test(line));
  expect(violations.filter((line) => !line.includes("'https://cdn.redoc.ly/redoc/logo-mini.svg'"))).toEqual([]);
  expect(violations).toHaveLength(1);
  expect(elsewhere.filter((url) => url !== 'https://cdn.redoc.ly/redoc/logo-mini.svg')).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/api-docs.png` });
  await context.close();
}, 120_000);
