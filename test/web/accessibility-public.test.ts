/**
 * axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on the public pages' states that a plain visit
 * does not reach, in real Chromium: forms showing their errors (where accessibility usually breaks)
 * and a large phone's width. Every public page at 320 and 1280 px is swept by
 * every-public-page-reflows-and-passes-axe.test.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from './support/browser.js';
import { openAxeSession, type AxeSession } from './support/axe-session.js';
import type { WebServer } from './support/server.js';

describe('accessibility of the public pages (axe-core, WCAG 2.2 AA)', () => {
  let session: AxeSession;
  let server: WebServer;
  let page: Page;
  const check = (path: string, viewport?: { width: number; height: number }) => session.check(path, viewport);

  beforeAll(async () => {
    session = await openAxeSession();
    ({ server, page } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('finds the mistakes it is meant to find (so a clean result means something)', async () => {
    await page.setContent('<html><body><img src="x.png"><a href="#"></a><p>text</p></body></html>');
    const found = (await axeViolations(page)).map((v) => v.id).sort();
    expect(found).toEqual(['document-title', 'html-has-lang', 'image-alt', 'link-name']);
  });

  // Every public page at 320 and 1280 px: every-public-page-reflows-and-passes-axe.test.ts.
  it('has no violations on a large phone (390 px), where the calendar lists change layout', async () => {
    const problems: string[] = [];
    for (const path of ['/', '/calendar/month?year=2022&month=10']) {
      problems.push(await check(path, { width: 390, height: 844 }));
    }
    expect(problems.filter(Boolean).join('\n')).toBe('');
  });

  it('has no violations on the sign-in page showing an error', async () => {
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email address').fill('someone@example.org');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('not right');
    expect(describeViolations('/signin (error)', await axeViolations(page))).toBe('');
  });

  it('has no violations on the public forms showing their errors', async () => {
    const problems: string[] = [];
    await page.goto(`${server.url}/reminders`);
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a confirmation email' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Choose at least one theme');
    problems.push(describeViolations('/reminders (errors)', await axeViolations(page)));
    await page.goto(`${server.url}/account/forgot-password`);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Email address is needed');
    problems.push(describeViolations('/account/forgot-password (errors)', await axeViolations(page)));
    expect(problems.filter(Boolean).join('\n')).toBe('');
  });
});
