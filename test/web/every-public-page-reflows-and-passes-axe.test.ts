/**
 * Every public page, subscribe page and page opened from an email reads on a 320 CSS px phone
 * without scrolling sideways (WCAG 2.2 SC 1.4.10) and on a 1280 px desktop, with no axe-core
 * violations (WCAG 2.2 A and AA) at either width, in real Chromium. The organisers' workspace has
 * its own file, so the two run side by side.
 */
import { describe, expect, it } from 'vitest';
import { sweepEveryPage } from './support/page-sweep.js';

describe('every public page at 320 and 1280 CSS px', () => {
  const run = sweepEveryPage();

  it('reflows every public and subscribe page, with no axe violations', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    for (const path of run.pages.public) problems.push(...(await run.sweep.check(path)));
    expect(problems.join('\n')).toBe('');
  });

  it('reflows every page opened from an email, with no axe violations', { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    for (const path of run.pages.emailLinks) problems.push(...(await run.sweep.check(path)));
    expect(problems.join('\n')).toBe('');
  });
});
