/**
 * Every page of the organisers' workspace, and a reminder email's HTML as sent, reads on a 320 CSS
 * px phone without scrolling sideways (WCAG 2.2 SC 1.4.10) and on a 1280 px desktop, with no
 * axe-core violations (WCAG 2.2 A and AA) at either width, in real Chromium.
 */
import { describe, expect, it } from 'vitest';
import { signIn } from './support/browser.js';
import { sweepEveryPage } from './support/page-sweep.js';
import { ACCOUNTS } from './support/server.js';

describe('every workspace page at 320 and 1280 CSS px', () => {
  const run = sweepEveryPage();

  it('reflows every page of the organisers’ workspace, and an email’s HTML, with no axe violations', { timeout: 900_000 }, async () => {
    const { server, sweep, pages } = run;
    await signIn(sweep.page, server.url, ACCOUNTS.admin);
    const problems: string[] = [];
    for (const path of [...pages.workspace, `/events/${pages.ids.iag}`, pages.emailHtml]) problems.push(...(await sweep.check(path)));
    expect(problems.join('\n')).toBe('');
  });
});
