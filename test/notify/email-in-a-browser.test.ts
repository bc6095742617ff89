/**
 * The reminder's HTML part, as sent over SMTP, opened in real Chromium: what a member sees.
 * (Outlook's Word engine is stricter still; the template uses only tables and inline styles.)
 * With SAFERCAL_SCREENSHOTS set to a directory, screenshots are left there for a person to look at.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromium } from '../web/support/browser.js';
import { makeWorld, type World } from './support/world.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('a reminder email in a browser', () => {
  let w: World;
  let browser: Browser;
  let html: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z' });
    await w.createMeeting({
      start: '2022-09-21T18:00',
      end: '2022-09-21T20:00',
      location: 'Gurdwara, Kiln Farm, Milton Keynes',
      description: 'Agenda: welcome and apologies; previous notes and actions; chair’s report; hate crime update; community tension.',
      links: [{ title: 'Agenda (PDF)', url: 'https://example.org/iag-agenda.pdf' }],
    });
    await w.dispatch('2022-09-14T17:00:00Z');
    html = String((await w.sink.parsedFor('iag-member-1@example.org'))[0]!.html);
    browser = await openChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await w.close();
  });

  it('shows what, when and where, and working buttons, in a column of at most 600px, without loading anything from the network', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: 'load' });
    const text = await page.locator('body').innerText();
    expect(text).toContain('Independent Advisory Group meeting is in 7 days.');
    expect(text).toContain('Wednesday 21 September 2022, 18:00–20:00');
    expect(text).toContain('Gurdwara, Kiln Farm, Milton Keynes');
    const apologies = page.getByRole('link', { name: 'Send my apologies' });
    expect(await apologies.getAttribute('href')).toMatch(/^https:\/\/calendar\.example\.org\/email\/apologies\//);
    expect(await page.getByRole('link', { name: 'Unsubscribe' }).getAttribute('href')).toMatch(/\/email\/unsubscribe\//);
    expect(await page.getByRole('link', { name: 'Agenda (PDF)' }).getAttribute('href')).toBe('https://example.org/iag-agenda.pdf');
    const column = await page.locator('table.column').boundingBox();
    expect(column!.width).toBe(600);
    // Outlook on Windows (Word's engine ignores max-width) gets a 600px table in a conditional comment.
    expect(html).toMatch(/<!--\[if mso\]><table role="presentation" width="600"/);
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(html).not.toMatch(/<link|<style|<script|<img/i);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'safercal-reminder-email.png'), fullPage: true });
  });

  it('reads on a 390px and a 320px phone without scrolling sideways, the column narrowing to fit', async () => {
    for (const width of [390, 320]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.setContent(html, { waitUntil: 'load' });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `at ${width}px`).toBeLessThanOrEqual(clientWidth);
      const column = await page.locator('table.column').boundingBox();
      expect(column!.width).toBeLessThanOrEqual(width);
      expect(await page.getByRole('link', { name: 'Send my apologies' }).isVisible()).toBe(true);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `safercal-reminder-email-${width}.png`), fullPage: true });
      await page.close();
    }
  });
});
