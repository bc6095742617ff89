/**
 * Every public page, subscribe page and page opened from an email reads on a 320 CSS px phone
 * without scrolling sideways (WCAG 2.2 SC 1.4.10) and on a 1280 px desktop, with no axe-core
 * violations (WCAG 2.2 A and AA) at either width, in real Chromium. The organisers' workspace has
 * its own file, so the two run side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyPage, type EveryPage } from './support/every-page.js';
import { openPageSweep, type PageSweep } from './support/page-sweep.js';
import { startWebServer, type WebServer } from './support/server.js';

describe('every public page at 320 and 1280 CSS px', () => {
  let server: WebServer;
  let sweep: PageSweep;
  let pages: EveryPage;

  beforeAll(async () => {
    server = await startWebServer();
    [pages, sweep] = await Promise.all([everyPage(server), openPageSweep(server.url)]);
  });
  afterAll(async () => {
    await sweep?.close();
    await server?.close();
  });

  it('reflows every public and subscribe page, with no axe violations', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const path of pages.public) problems.push(...(await sweep.check(path)));
    expect(problems.join('\n')).toBe('');
  });

  it('reflows every page opened from an email, with no axe violations', { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    for (const path of pages.emailLinks) problems.push(...(await sweep.check(path)));
    expect(problems.join('\n')).toBe('');
  });
});
