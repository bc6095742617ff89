/**
 * One Chromium page on a real server with the demo calendar, ready to run axe-core on any path.
 * Shared by the public and workspace accessibility suites, which run side by side.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeContext, axeViolations, describeViolations, openChromium } from './browser.js';
import { startWebServer, type WebServer } from './server.js';

export interface AxeSession {
  server: WebServer;
  page: Page;
  /** Ids of demo events the suites visit. */
  ids: { hcaw: string; iag: string; board: string };
  /** Opens `path` and returns axe's violations as text ('' when there are none). */
  check(path: string, viewport?: { width: number; height: number }): Promise<string>;
  close(): Promise<void>;
}

export async function openAxeSession(): Promise<AxeSession> {
  const [server, browser]: [WebServer, Browser] = await Promise.all([startWebServer(), openChromium()]);
  // The pages' CSP forbids every script, axe included; only this test context may inject it.
  const context: BrowserContext = await axeContext(browser);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const idOf = async (title: string) =>
    (await server.handle.store.db.selectFrom('events').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  return {
    server,
    page,
    ids: {
      hcaw: await idOf('National Hate Crime Awareness Week'),
      iag: await idOf('Independent Advisory Group meeting'),
      board: await idOf('SaferMK Partnership Board'),
    },
    async check(path, viewport = { width: 1280, height: 900 }) {
      await page.setViewportSize(viewport);
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBeLessThan(500);
      return describeViolations(path, await axeViolations(page));
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
