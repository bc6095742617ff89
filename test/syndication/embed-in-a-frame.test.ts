/**
 * The embeddable listing in real Chromium: a partner's page on an origin the organisers listed
 * in EMBED_ORIGINS shows it in an iframe; a page on any other origin gets nothing (the browser
 * refuses under CSP frame-ancestors), and no other page of the site can be framed at all.
 * Two small loopback servers play the partners' websites.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromium } from '../web/support/browser.js';
import { startWebServer, type WebServer } from '../web/support/server.js';

let listed: { server: Server; origin: string };
let unlisted: { server: Server; origin: string };
let app: WebServer;
let browser: Browser;
const framedPath = '/embed?theme=C2';

async function partnerSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><title>Partner news</title></head><body><h1>Partner news</h1>` +
        `<iframe id="calendar" src="${target.replace(/"/g, '&quot;')}" title="Upcoming events" width="400" height="400"></iframe></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  [listed, unlisted] = await Promise.all([partnerSite(), partnerSite()]);
  [app, browser] = await Promise.all([
    startWebServer({ env: { EMBED_ORIGINS: `${listed.origin} https://www.example.org` } }),
    openChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  for (const site of [listed, unlisted]) await new Promise((resolve) => site?.server.close(resolve));
});

/** Opens the partner page framing `path` of the app; returns the frame and what the console said. */
async function frameFrom(site: { origin: string }, path: string): Promise<{ frame: Frame; console: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  await page.goto(`${site.origin}/?src=${encodeURIComponent(`${app.url}${path}`)}`);
  const element = await page.waitForSelector('#calendar');
  const frame = (await element.contentFrame())!;
  await frame.waitForLoadState('load');
  return { frame, console };
}

async function heading(frame: Frame): Promise<string | null> {
  if (!frame.url().startsWith(app.url)) return null;
  return frame
    .locator('h1')
    .first()
    .textContent({ timeout: 2_000 })
    .catch(() => null);
}

describe('the embeddable listing', () => {
  it('shows inside a page of a listed origin, accessibly, with the filtered dates', async () => {
    const { frame } = await frameFrom(listed, framedPath);
    expect(await heading(frame)).toBe('SaferMK Community Safety Partnership: Hate crime: upcoming events');
    const titles = await frame.locator('li > a').allTextContents();
    expect(titles[0]).toContain('National Hate Crime Awareness Week');
    expect(await frame.locator('li a[target="_blank"]').count()).toBe(titles.length);
    expect(await frame.locator('script').count()).toBe(0);
  });

  it('is refused inside a page of an origin that is not listed', async () => {
    const { frame, console } = await frameFrom(unlisted, framedPath);
    expect(await heading(frame)).toBeNull();
    expect(console.join('\n')).toMatch(/frame-ancestors/);
  });

  it('is the only page that may be framed: the calendar itself refuses even a listed origin', async () => {
    const { frame, console } = await frameFrom(listed, '/');
    expect(await heading(frame)).toBeNull();
    expect(console.join('\n')).toMatch(/frame-ancestors|X-Frame-Options/);
  });

  // The listing on its own, at 320 and 1280 px, unfiltered and filtered (a subset of the same
  // list): reflow and axe in test/web/every-public-page-reflows-and-passes-axe.test.ts (ADR 272).

  it('offers the copy-paste snippet on the subscribe page', async () => {
    const res = await fetch(`${app.url}/subscribe?theme=C2`);
    const html = await res.text();
    expect(html).toContain(`&lt;iframe src=&quot;${app.url}/embed?theme=C2&quot;`);
  });
});
