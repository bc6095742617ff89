/**
 * An organiser sets up the partnership's own repeating dates through the event form, in real
 * Chromium with JavaScript off and without typing an RRULE: the IAG "on the third Wednesday,
 * except August" and National Hate Crime Awareness Week "every year from the second Saturday of
 * October, for 8 days". The event page says so in words, the public feed carries the matching
 * RRULE, the edit form offers the same choices back, and a start the rule does not pick is
 * refused with the date that fits.
 */
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDate, openChromium, signIn } from './support/browser.js';
import { fillNewEvent, nextDates } from './support/event-form.js';
import { weeklyTraining } from './support/series.js';
import { getEvent } from '../../src/db/events.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';
import { registerZonesOf } from '../support/ical-zones.js';

const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('repeating dates chosen in the event form', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), openChromium()]);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
  });
  // Undone at the end, last first: ical.js's zone registry is shared by the test files of this process.
  const zonesRegistered: (() => void)[] = [];
  afterAll(async () => {
    for (const undo of zonesRegistered.reverse()) undo();
    await browser?.close();
    await server?.close();
  });

  /** The public feed's VEVENT with this SUMMARY, parsed by ical.js, and its RRULE line as written. */
  async function fromFeed(summary: string): Promise<{ event: ICAL.Event; rrule: string }> {
    const text = await (await page.request.get(`${server.url}/feeds/public.ics`)).text();
    const block = text
      .replace(/\r\n[ \t]/g, '')
      .split('BEGIN:VEVENT')
      .find((b) => b.includes(`\r\nSUMMARY:${summary}\r\n`) && !b.includes('RECURRENCE-ID'));
    expect(block, `${summary} is in the feed`).toBeDefined();
    const root = new ICAL.Component(ICAL.parse(text));
    zonesRegistered.push(registerZonesOf(root));
    const vevent = root
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('summary') === summary && !v.hasProperty('recurrence-id'));
    return { event: new ICAL.Event(vevent!), rrule: /\r\nRRULE:([^\r]*)/.exec(block!)![1]! };
  }

  it('makes the IAG meet on the third Wednesday except August, after refusing a start in August', async () => {
    await fillNewEvent(page, server.url, 'meeting', {
      title: 'IAG monthly meeting',
      location: 'Milton Keynes College',
      startDate: '2023-08-16',
      startTime: '18:00',
      endTime: '20:00',
      repeat: 'monthly-weekday',
      group: 'Milton Keynes LPA Independent Advisory Group',
    });
    await page.getByRole('group', { name: 'Leave out these months' }).getByLabel('August').check();
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(await page.getByRole('alert').getByRole('link').allTextContents()).toEqual([
      'Wednesday 16 August 2023 is not a third Wednesday of the month, except August; the next one is Wednesday 20 September 2023',
    ]);
    await fillDate(page, 'Start date', '2022-11-16');
    await page.getByRole('button', { name: 'Save event' }).click();
    // The demo's IAG meeting is on third Wednesdays at 18:00 too: the form warns first (ADR 98).
    expect(await page.getByRole('alert').textContent()).toContain('This group already meets then');
    await page.getByRole('button', { name: 'Save anyway' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been created.');
    expect(await page.locator('main').textContent()).toContain('Every month on the third Wednesday, except August');

    await page.getByRole('link', { name: 'See the event page' }).click();
    const when = await page.locator('dl.facts dd').first().textContent();
    expect(when).toContain('Every month on the third Wednesday, except August');
    const next = await nextDates(page);
    expect(next.slice(0, 2)).toEqual(['Wednesday 16 November 2022, 18:00–20:00', 'Wednesday 21 December 2022, 18:00–20:00']);

    const { event, rrule } = await fromFeed('IAG monthly meeting');
    expect(rrule).toBe('FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,7,9,10,11,12');
    // A subscriber's calendar skips August 2023 too: July's meeting is followed by September's.
    const it = event.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next && starts.length < 11; next = it.next()) starts.push(next.toString().slice(0, 10));
    expect(starts.slice(8, 11)).toEqual(['2023-07-19', '2023-09-20', '2023-10-18']);
  });

  it('offers the same choices back when the series is edited, not the rule as text', async () => {
    await page.goto(`${server.url}/organise/events`);
    await page.getByRole('link', { name: 'IAG monthly meeting' }).click();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    expect(await page.getByLabel('Repeat', { exact: true }).inputValue()).toBe('monthly-weekday');
    const months = page.getByRole('group', { name: 'Leave out these months' });
    expect(await months.getByLabel('August').isChecked()).toBe(true);
    expect(await months.getByLabel('July').isChecked()).toBe(false);
    expect(await page.getByLabel('Custom rule').inputValue()).toBe('');
  });

  it('shows a rule sent through the API with its weekday written out as its choice, and a rule no choice gives as "Custom rule" (issue 10)', async () => {
    // As POST /api/events stores them; 2 November 2022 is a Wednesday.
    const create = (title: string, rrule: string) => weeklyTraining(server, title, rrule, '2022-11-02T18:00:00Z');
    const weekly = await create('Neighbourhood surgery', 'FREQ=WEEKLY;BYDAY=WE;COUNT=8');
    await page.goto(`${server.url}/organise/events/${weekly.id}/edit`);
    expect(await page.getByLabel('Repeat', { exact: true }).inputValue()).toBe('weekly');
    expect(await page.getByLabel('Number of times').inputValue()).toBe('8');
    expect(await page.getByLabel('Custom rule').inputValue()).toBe('');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/edit-form-weekly-rule-from-the-api.png`, fullPage: true });
    // Saved as it stands (a new title only), the rule is the one the form writes for it.
    await page.getByLabel('Title').fill('Neighbourhood surgery (Wednesdays)');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Every date of the series has been changed.');
    // Saved as shown, the rule stays as it was written: a calendar program's copy is not rewritten.
    expect((await getEvent(server.handle.store, weekly.id))!.rrule).toMatch(/^FREQ=WEEKLY;(COUNT=8;BYDAY=WE|BYDAY=WE;COUNT=8)$/);

    // UNTIL 23:59:59Z on 31 March 2027 is 00:59 BST on 1 April, which the form shows as the last
    // date: saved unchanged, the series gains no Thursday 1 April (tester 26).
    const until = await weeklyTraining(server, 'Parish surgery', 'FREQ=WEEKLY;BYDAY=TH;UNTIL=20270331T235959Z', '2027-03-04T09:00:00Z');
    await page.goto(`${server.url}/organise/events/${until.id}/edit`);
    expect(await page.getByLabel('Repeat', { exact: true }).inputValue()).toBe('weekly');
    await page.getByLabel('Title').fill('Parish surgery (Thursdays)');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Every date of the series has been changed.');
    expect((await getEvent(server.handle.store, until.id))!.rrule).toMatch(/UNTIL=20270331T235959Z/);

    const twice = await create('Youth panel', 'FREQ=WEEKLY;BYDAY=WE,FR;COUNT=8');
    await page.goto(`${server.url}/organise/events/${twice.id}/edit`);
    const repeat = page.getByLabel('Repeat', { exact: true });
    expect(await repeat.locator('option:checked').textContent()).toBe('Custom rule (written below)');
    expect(await page.getByLabel('Custom rule').inputValue()).toBe('FREQ=WEEKLY;BYDAY=WE,FR;COUNT=8');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/edit-form-custom-rule.png`, fullPage: true });
    // "Custom rule" with the rule taken away asks for one rather than saving a one-off.
    await page.getByLabel('Custom rule').fill('');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Repeat says “Custom rule” but none is written');
  });

  it('repeats Hate Crime Awareness Week every year from the second Saturday of October, for 8 days', async () => {
    await fillNewEvent(page, server.url, 'campaign_week', {
      title: 'Hate Crime Awareness Week (every year)',
      startDate: '2023-10-14',
      endDate: '2023-10-21',
      repeat: 'yearly-weekday',
    });
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been created.');

    await page.getByRole('link', { name: 'See the event page' }).click();
    expect(await page.locator('dl.facts dd').first().textContent()).toBe(
      '14–21 October 2023Every year from the second Saturday of October, for 8 days',
    );
    const next = await nextDates(page);
    // The page lists the next two years from today (3 October 2022).
    expect(next).toEqual(['14–21 October 2023']);

    const { event, rrule } = await fromFeed('Hate Crime Awareness Week (every year)');
    expect(rrule).toBe('FREQ=YEARLY;BYDAY=2SA;BYMONTH=10');
    expect(event.endDate.toString()).toBe('2023-10-22');
    const it = event.iterator();
    expect([it.next(), it.next(), it.next()].map((t) => t!.toString())).toEqual(['2023-10-14', '2024-10-12', '2025-10-11']);
  });
});
