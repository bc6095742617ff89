/**
 * An organiser's morning, in real Chromium with JavaScript switched off (the pages must not need
 * it): sign in, add a recurring meeting and a campaign week through the forms, see them on the
 * year planner and in the public feed, cancel one date, and be told clearly what is wrong.
 */
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDate, openChromium, readDate, signIn } from './support/browser.js';
import { fillNewEvent, nextDates } from './support/event-form.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';
import { cancelEvent, putException } from '../../src/db/events.js';
import { weeklyTraining } from './support/series.js';
import { parseFeed } from '../syndication/support/feed-parser.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('an organiser scheduling through the web pages', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), openChromium()]);
    context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function feedEvents(): Promise<ICAL.Event[]> {
    const res = await page.request.get(`${server.url}/feeds/public.ics`);
    expect(res.status()).toBe(200);
    const component = new ICAL.Component(ICAL.parse(await res.text()));
    return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  }

  it('lands on the dashboard after signing in, with the account named in the header', async () => {
    await page.goto(`${server.url}/organise`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe("Organisers' dashboard");
    expect(await page.locator('header').textContent()).toContain(ACCOUNTS.admin.email);
  });

  it('creates a monthly meeting on the first Wednesday, which the event page and the feed both repeat', async () => {
    await fillNewEvent(page, server.url, 'meeting', {
      title: 'Neighbourhood policing liaison meeting',
      location: 'Wolverton Library, community room',
      startDate: '2022-11-02',
      startTime: '18:30',
      endTime: '20:00',
      repeat: 'monthly-weekday',
      count: '6',
      group: 'SaferMK Partnership Board',
    });
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been created.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Neighbourhood policing liaison meeting');
    expect(await page.locator('main').textContent()).toContain('Every month on the first Wednesday, 6 times');

    await page.getByRole('link', { name: 'See the event page' }).click();
    const next = await nextDates(page);
    expect(next.slice(0, 3)).toEqual([
      'Wednesday 2 November 2022, 18:30–20:00',
      'Wednesday 7 December 2022, 18:30–20:00',
      'Wednesday 4 January 2023, 18:30–20:00',
    ]);

    const meeting = (await feedEvents()).find((e) => e.summary === 'Neighbourhood policing liaison meeting');
    expect(meeting?.location).toBe('Wolverton Library, community room');
    expect(meeting?.isRecurring()).toBe(true);
    const iterator = meeting!.iterator();
    const starts = [iterator.next(), iterator.next()].map((t) => t!.toJSDate().toISOString());
    expect(starts).toEqual(['2022-11-02T18:30:00.000Z', '2022-12-07T18:30:00.000Z']);
  });

  it('cancels one date of the series; the event page and the feed leave it out', async () => {
    await page.goto(`${server.url}/organise/events`);
    await page.getByRole('link', { name: 'Neighbourhood policing liaison meeting' }).click();
    await page.getByRole('link', { name: 'Cancel or move one date' }).click();
    await page.getByRole('link', { name: 'Cancel this date (Wednesday 7 December 2022, 18:30–20:00)' }).click();
    // A confirmation page first: nothing has changed yet.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Cancel Neighbourhood policing liaison meeting on Wednesday 7 December 2022, 18:30–20:00?',
    );
    expect(await page.locator('main').textContent()).toContain('Nobody has been sent a reminder yet');
    await page.getByLabel('Reason').fill('The library is closed for the holidays');
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The date has been cancelled.');
    expect(await page.getByRole('region', { name: 'Wednesday 7 December 2022, 18:30–20:00' }).textContent()).toContain('Cancelled.');

    const meeting = (await feedEvents()).find((e) => e.summary === 'Neighbourhood policing liaison meeting')!;
    const exdates = meeting.component.getAllProperties('exdate').map((p) => (p.getFirstValue() as ICAL.Time).toJSDate().toISOString());
    expect(exdates).toEqual(['2022-12-07T18:30:00.000Z']);
  });

  it('moves one date to a new day and venue, and restores the cancelled one', async () => {
    await page.goto(`${server.url}/organise/events`);
    await page.getByRole('link', { name: 'Neighbourhood policing liaison meeting' }).click();
    await page.getByRole('link', { name: 'Cancel or move one date' }).click();
    const january = page.getByRole('region', { name: 'Wednesday 4 January 2023, 18:30–20:00' });
    await january.getByText('Move this date').click();
    // The form starts from the date as it is: its day, time and venue.
    const dateBoxes = january.getByRole('group', { name: 'Date' });
    const shown = [dateBoxes.getByLabel('Day'), dateBoxes.getByLabel('Month'), dateBoxes.getByLabel('Year')];
    expect(await Promise.all(shown.map((box) => box.inputValue()))).toEqual(['4', '1', '2023']);
    expect(await january.getByLabel('Start time').inputValue()).toBe('18:30');
    expect(await january.getByLabel('Venue').inputValue()).toBe('Wolverton Library, community room');
    await fillDate(january, 'Date', '2023-01-11');
    await january.getByLabel('Venue').fill('Bletchley Library');
    await january.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('region', { name: 'Wednesday 4 January 2023, 18:30–20:00' }).textContent()).toContain(
      'Moved to Wednesday 11 January 2023, 18:30–20:00, Bletchley Library.',
    );
    await page.getByRole('button', { name: 'Restore this date (Wednesday 7 December 2022, 18:30–20:00)' }).click();
    expect(await page.getByRole('region', { name: 'Wednesday 7 December 2022, 18:30–20:00' }).textContent()).toContain('As planned.');
    expect(await page.getByRole('status').textContent()).toContain('The date is on again. Anyone who was told it was cancelled is sent');

    await page.getByRole('link', { name: '← Back to the event' }).click();
    await page.getByRole('link', { name: 'See the event page' }).click();
    const next = await nextDates(page);
    expect(next.slice(0, 3)).toEqual([
      'Wednesday 2 November 2022, 18:30–20:00',
      'Wednesday 7 December 2022, 18:30–20:00',
      'Wednesday 11 January 2023, 18:30–20:00 at Bletchley Library (moved)',
    ]);
    const overrides = (await feedEvents()).filter(
      (e) => e.summary === 'Neighbourhood policing liaison meeting' && e.isRecurrenceException(),
    );
    expect(overrides.map((e) => [e.recurrenceId.toJSDate().toISOString(), e.startDate.toJSDate().toISOString(), e.location])).toEqual([
      ['2023-01-04T18:30:00.000Z', '2023-01-11T18:30:00.000Z', 'Bletchley Library'],
    ]);
  });

  it('calls a date with only a venue of its own "venue changed", not moved, on every list and in the news feeds (ADR 288)', async () => {
    const surgery = await weeklyTraining(server, 'Neighbourhood watch surgery', 'FREQ=WEEKLY;COUNT=4', '2022-10-12T17:00:00Z');
    await page.goto(`${server.url}/organise/events/${surgery.id}/occurrences`);
    const date = page.getByRole('region', { name: 'Wednesday 19 October 2022, 18:00–19:00' });
    await date.getByText('Move this date').click();
    await date.getByLabel('Venue').fill('Bletchley Library');
    await date.getByRole('button', { name: 'Move' }).click();
    const row = page.getByRole('region', { name: 'Wednesday 19 October 2022, 18:00–19:00' });
    expect(await row.textContent()).toContain('Venue changed to Bletchley Library; same time.');
    expect(await row.textContent()).not.toContain('Moved to');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-venue-changed-dates.png`, fullPage: true });

    // The public list and the organiser's dashboard: one line per date, the venue's change said as such.
    const line = (within: Page | ReturnType<Page['getByRole']>) =>
      within.locator('li', { has: page.getByRole('link', { name: 'Neighbourhood watch surgery' }) }).filter({ hasText: 'Wed 19 Oct' });
    for (const [path, shot] of [
      ['/', 'upcoming'],
      ['/organise', 'dashboard'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      const text = (await line(page).textContent())!.replace(/\s+/g, ' ');
      expect(text, path).toContain('Bletchley Library (venue changed)');
      expect(text, path).not.toContain('moved');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-venue-changed-${shot}.png`, fullPage: true });
    }
    await page.goto(`${server.url}/events/${surgery.id}`);
    expect(await nextDates(page)).toContain('Wednesday 19 October 2022, 18:00–19:00 at Bletchley Library');

    // RSS and Atom, read by Universal Feed Parser: the entry says where, and that the venue changed.
    for (const ext of ['rss', 'atom']) {
      const res = await page.request.get(`${server.url}/feeds/public.${ext}`);
      const feed = parseFeed(await res.text(), res.headers()['content-type']!);
      const entry = feed.entries.find((e) => e.title === `${'Neighbourhood watch surgery'} – Wednesday 19 October 2022, 18:00–19:00`)!;
      expect(entry.summary, ext).toContain('Bletchley Library (venue changed)');
      expect(entry.summary, ext).not.toContain('(moved)');
    }
  });

  it('refuses an activity under a cancelled week, or a cancelled date of a repeating week, beside the field, keeping what was typed (ADR 288)', async () => {
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    const week = (title: string, rrule: string | null) =>
      weeklyTraining(server, title, rrule, '2022-10-17T00:00:00Z', {
        kind: 'campaign_week',
        location: '',
        when: { allDay: true, startDate: '2022-10-17', endDate: '2022-10-21' },
      });
    const days = await week('Monthly action days', 'FREQ=WEEKLY;INTERVAL=2;COUNT=3');
    const offDate = '2022-10-31';
    await putException(store, days, { recurrenceId: offDate, kind: 'cancelled', when: null, location: null, note: '' }, ctx);
    const cancelledWeek = await week('Bike marking week', null);

    const tryActivity = async (parentId: string, start: string) => {
      await fillNewEvent(page, server.url, 'activity', {
        title: 'Bike marking at the station',
        startDate: start,
        startTime: '10:00',
        endTime: '12:00',
      });
      await page.getByLabel('Campaign week').selectOption(parentId);
    };
    // A repeating week whose date on that day is cancelled: listed (its other dates are on), refused on that day.
    await tryActivity(days.id, offDate);
    await page.getByRole('button', { name: 'Save event' }).click();
    // Said once, under its label: not "Campaign week is a campaign week whose …" (issue 10).
    expect(await page.locator('#parentId-error').textContent()).toBe(
      'Error: Campaign week is cancelled on this day: restore that date of the week first, or choose another week',
    );
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      'Campaign week is cancelled on this day: restore that date of the week first, or choose another week',
    ]);
    expect(await page.getByLabel('Campaign week').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Title').inputValue()).toBe('Bike marking at the station');
    expect(await readDate(page, 'Start date')).toBe(offDate);
    expect(await page.getByLabel('Campaign week').inputValue()).toBe(days.id);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-activity-under-cancelled-date.png`, fullPage: true });

    // A page served before its week was cancelled: the week stays chosen, and the refusal says why.
    await tryActivity(cancelledWeek.id, '2022-10-18');
    await cancelEvent(store, cancelledWeek, 'Officers redeployed', ctx);
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.locator('#parentId-error').textContent()).toBe(
      'Error: Campaign week is cancelled: restore the week first, or choose another week',
    );
    expect(await page.getByLabel('Campaign week').inputValue()).toBe(cancelledWeek.id);
    expect(await page.getByLabel('Title').inputValue()).toBe('Bike marking at the station');
    const saved = await store.db.selectFrom('events').select('id').where('title', '=', 'Bike marking at the station').execute();
    expect(saved).toEqual([]);
  });

  it('creates a campaign week that the year planner draws in its own lane beside the weeks it overlaps', async () => {
    await page.goto(`${server.url}/organise/events/new?kind=campaign_week`);
    await page.getByLabel('Title').fill('Knife Crime Awareness Week');
    await fillDate(page, 'Start date', '2022-10-10');
    await fillDate(page, 'End date', '2022-10-16');
    await page.getByLabel('N1 Violence').check();
    await page.getByLabel('Other tags').fill('knife crime');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been created.');

    await page.goto(`${server.url}/calendar/year?year=2022`);
    const october = page.getByRole('region', { name: 'October' });
    const knife = await october.getByRole('link', { name: /^Knife Crime Awareness Week/ }).boundingBox();
    const hcaw = await october.getByRole('link', { name: /^National Hate Crime Awareness Week/ }).boundingBox();
    const bhm = await october.getByRole('link', { name: /^Black History Month/ }).boundingBox();
    // The three share days in October, so each sits on its own row of the month.
    expect(new Set([knife!.y, hcaw!.y, bhm!.y]).size).toBe(3);
    // And the new week's bar spans 10–16 October: it starts left of the 15th-17th of Hate Crime Week's end.
    expect(knife!.x).toBeLessThan(hcaw!.x + hcaw!.width);
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'Knife Crime Awareness Week', exact: true }) });
    expect(await row.textContent()).toContain('10–16 October 2022');
    expect(await row.textContent()).toContain('National Hate Crime Awareness Week');

    const week = (await feedEvents()).find((e) => e.summary === 'Knife Crime Awareness Week');
    expect(week?.startDate.toString()).toBe('2022-10-10');
    expect(week?.endDate.toString()).toBe('2022-10-17');
  });

  it('shows each problem beside its field, keeps what was typed, and saves nothing', async () => {
    const before = (await feedEvents()).length;
    await page.goto(`${server.url}/organise/events/new?kind=meeting`);
    await page.getByLabel('Title').fill('Meeting with no group');
    await fillDate(page, 'Start date', '2022-11-10');
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('09:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.title()).toMatch(/^Error: New event/);
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'End time must be after the start',
      'Group is required for a meeting: whose meeting is it?',
    ]);
    expect(await page.locator('#endTime-error').textContent()).toContain('must be after the start');
    expect(await page.getByLabel('Group', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Title').inputValue()).toBe('Meeting with no group');
    await summary.getByRole('link', { name: /Group is required/ }).click();
    expect(new URL(page.url()).hash).toBe('#groupId');
    expect((await feedEvents()).length).toBe(before);
  });

  it('copies last year’s campaign week with its partner activities as drafts, 52 weeks on', async () => {
    // Four months later: the old session has run past its seven-day limit, so sign in again.
    server.clock.set('2023-02-01T09:00:00Z');
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.goto(`${server.url}/organise`);
    await page.getByRole('link', { name: /^copy to 2023\W+National Hate Crime Awareness Week$/ }).click();
    expect(await readDate(page, 'Start date')).toBe('2023-10-07');
    expect(await readDate(page, 'End date')).toBe('2023-10-14');
    await fillDate(page, 'Start date', '2023-10-14');
    await fillDate(page, 'End date', '2023-10-21');
    await page.getByRole('button', { name: 'Create the copy' }).click();
    expect(await page.getByRole('status').textContent()).toContain('created as a draft');
    await page.getByRole('link', { name: 'See the event page' }).click();
    const activities = await page
      .getByRole('heading', { name: 'Partner activities' })
      .locator('xpath=following-sibling::ul[1]/li')
      .allTextContents();
    expect(activities.join('\n')).toContain('Monday 16 October 2023');
    expect(activities.join('\n')).toContain('Women’s experience of hate crime');
    expect(activities.every((a) => a.includes('Draft'))).toBe(true);
    server.clock.set('2022-10-03T09:00:00Z');
  });

  it('signs out, after which the workspace asks to sign in again', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server.url}/organise`);
    expect(new URL(page.url()).pathname).toBe('/signin');
  });
});
