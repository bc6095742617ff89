/**
 * Every page of the organisers' workspace, and a reminder email's HTML as sent, reads on a 320 CSS
 * px phone without scrolling sideways (WCAG 2.2 SC 1.4.10) and on a 1280 px desktop, with no
 * axe-core violations (WCAG 2.2 A and AA) at either width, in real Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './support/browser.js';
import { everyPage, type EveryPage } from './support/every-page.js';
import { openPageSweep, type PageSweep } from './support/page-sweep.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

describe('every workspace page at 320 and 1280 CSS px', () => {
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

  it('reflows every page of the organisers’ workspace, and an email’s HTML, with no axe violations', { timeout: 900_000 }, async () => {
    await signIn(sweep.page, server.url, ACCOUNTS.admin);
    const problems: string[] = [];
    for (const path of [...pages.workspace, `/events/${pages.ids.iag}`, pages.emailHtml]) problems.push(...(await sweep.check(path)));
    expect(problems.join('\n')).toBe('');
  });
});
