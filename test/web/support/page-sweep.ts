/**
 * One pass over a list of pages in real Chromium, each page opened once: at 320 CSS px it must not
 * scroll sideways (WCAG 2.2 SC 1.4.10 Reflow, which axe cannot detect) and must pass axe-core
 * (WCAG 2.2 A and AA); then, widened to a 1280 px desktop without reloading (the pages are
 * server-rendered HTML and CSS, so the layout simply reflows), the same two checks again.
 *
 * The pages forbid every script by CSP and ship none, so the context that may inject axe
 * (axeContext) renders exactly what a JavaScript-free browser renders.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { axeContext, axeViolations, describeViolations, openChromium, sidewaysOverflow } from './browser.js';
import { everyPage, type EveryPage } from './every-page.js';
import { startWebServer, type WebServer } from './server.js';

export const PHONE = { width: 320, height: 640 };
export const DESKTOP = { width: 1280, height: 900 };

export interface PageSweep {
  page: Page;
  /** Problems with `path` at both widths; [] when it reflows and axe finds nothing. */
  check(path: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openPageSweep(base: string): Promise<PageSweep> {
  const browser: Browser = await openChromium();
  const context: BrowserContext = await axeContext(browser);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return {
    page,
    async check(path) {
      const problems: string[] = [];
      await page.setViewportSize(PHONE);
      const res = await page.goto(`${base}${path}`);
      if (!res || res.status() >= 500) problems.push(`${path}: answered ${res?.status()}`);
      for (const viewport of [PHONE, DESKTOP]) {
        if (viewport !== PHONE) await page.setViewportSize(viewport);
        const overflow = await sidewaysOverflow(page);
        if (overflow > 0) problems.push(`${path}: scrolls ${overflow}px sideways at ${viewport.width}px`);
        const violations = describeViolations(`${path} (${viewport.width}px)`, await axeViolations(page));
        if (violations) problems.push(violations);
      }
      return problems;
    },
    close: () => browser.close(),
  };
}

export interface EveryPageSweep {
  server: WebServer;
  sweep: PageSweep;
  pages: EveryPage;
}

/**
 * For a describe block: before its tests, a web server with the demo calendar, every page's path
 * (support/every-page.ts) and a sweep in Chromium; closed after. Read the fields inside tests.
 */
export function sweepEveryPage(): EveryPageSweep {
  const ctx = {} as EveryPageSweep;
  beforeAll(async () => {
    ctx.server = await startWebServer();
    [ctx.pages, ctx.sweep] = await Promise.all([everyPage(ctx.server), openPageSweep(ctx.server.url)]);
  });
  afterAll(async () => {
    await ctx.sweep?.close();
    await ctx.server?.close();
  });
  return ctx;
}
