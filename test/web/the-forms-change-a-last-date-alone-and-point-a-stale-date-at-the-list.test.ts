/**
 * Through the forms in real Chromium with JavaScript off: "this and following" from the last date
 * of a series that ends changes that date alone, as the API does (ADR 125, ADR 153), although the
 * form posts the rule with its end; and a per-date form posted for a date the series no longer has
 * says so with a link to the list of dates, not to an empty anchor, naming the nearest dates in words; a refused move shows what was
 * typed, and a date of another part in words with a link to that part's dates (ADR 254). The edit
 * form's notice names every later part of the series, a part left with one date included (ADR 128).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationsOf, getEvent, putException, updateEvent } from '../../src/db/events.js';
import { eventFields, type EventFields } from '../../src/domain/event.js';
import { editEvent } from '../../src/series/index.js';
import { fillDate, openChromium, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';
import { weeklyTraining } from './support/series.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('the edit and per-date forms of a series', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ now: '2022-10-03T09:00:00Z' }), openChromium()]);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const weekly = (title: string, rrule: string, startsAt = '2022-10-05T17:00:00Z') => weeklyTraining(server, title, rrule, startsAt);
  /** "This and following" of the stored event `id` from `from` (a RECURRENCE-ID) with `changes`; the event it leaves. Throws when refused. */
  const splitFrom = async (id: string, from: string, changes: Partial<EventFields>) => {
    const store = server.handle.store;
    const current = (await getEvent(store, id))!;
    const edited = await editEvent(
      store,
      current,
      { ...eventFields(current), ...changes },
      { dates: 'following', from, orphans: null, reason: '', activities: null },
      { actor: 'test-setup', now: server.clock() },
    );
    if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
    return edited.event;
  };

  it('"this and following" from the last date changes that date alone, as a one-off continuing the series', async () => {
    // 5, 12 and 19 October 2022, 18:00.
    const series = await weekly('Three-week course', 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20221019T170000Z');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    const which = page.getByRole('group', { name: 'Which dates?' });
    await which.getByRole('radio', { name: 'The date chosen below and every date after it' }).check();
    await page.getByLabel('From which date').selectOption({ label: 'Wednesday 19 October 2022, 18:00–19:00' });
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByLabel('Reason for the change (optional)').fill('The library asks us to start later.');
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series4-last-date.png`, fullPage: true });
    const main = (await page.locator('main').textContent())!;
    // The new part's history says why, as the earlier part's does.
    expect(main.match(/Reason: The library asks us to start later\./g)).toHaveLength(2);
    expect(main).toContain('Earlier dates: Three-week course');
    expect(main).toContain('Wednesday 19 October 2022, 19:00–20:00');
    const earlier = (await getEvent(server.handle.store, series.id))!;
    expect(earlier.rrule).toBe('FREQ=WEEKLY;UNTIL=20221018T225959Z;BYDAY=WE');
    const [last] = await continuationsOf(server.handle.store, series.id);
    expect(await getEvent(server.handle.store, last!)).toMatchObject({
      rrule: null,
      when: { allDay: false, startsAt: '2022-10-19T18:00:00Z', endsAt: '2022-10-19T19:00:00Z' },
    });
  });

  it('"this and following" from the last date with Start date moved onto that date also makes it a one-off (ADR 211)', async () => {
    // 5, 12 and 19 October 2022, 18:00; the organiser also sets Start date to 19 October.
    const series = await weekly('Three-week first aid course', 'FREQ=WEEKLY;BYDAY=WE;UNTIL=20221019T170000Z');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page
      .getByRole('group', { name: 'Which dates?' })
      .getByRole('radio', { name: 'The date chosen below and every date after it' })
      .check();
    await page.getByLabel('From which date').selectOption({ label: 'Wednesday 19 October 2022, 18:00–19:00' });
    await fillDate(page, 'Start date', '2022-10-19');
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
    const [last] = await continuationsOf(server.handle.store, series.id);
    expect(await getEvent(server.handle.store, last!)).toMatchObject({
      rrule: null,
      when: { allDay: false, startsAt: '2022-10-19T18:00:00Z', endsAt: '2022-10-19T19:00:00Z' },
    });
  });

  it('"this and following" from the last date with Start date moved onto it works for a rule without BYDAY too', async () => {
    // A rule the form shows as "Every week, on the same day" with a last date (posted back as an
    // UNTIL date), and both parts of a six-date series split at its third date.
    const byDate = await weekly('Weekly course without a weekday', 'FREQ=WEEKLY;UNTIL=20221019T170000Z');
    const counted = await weekly('Six-date course', 'FREQ=WEEKLY;COUNT=6', '2022-10-04T17:00:00Z');
    await splitFrom(counted.id, '2022-10-18T17:00:00Z', { location: 'Wolverton Hall' });
    const [laterId] = await continuationsOf(server.handle.store, counted.id);
    for (const [id, choice, day] of [
      [byDate.id, 'Wednesday 19 October 2022, 18:00–19:00', '2022-10-19'],
      [laterId!, 'Tuesday 8 November 2022, 18:00–19:00', '2022-11-08'],
      // The earlier part, which the split ended with an UNTIL.
      [counted.id, 'Tuesday 11 October 2022, 18:00–19:00', '2022-10-11'],
    ] as const) {
      await page.goto(`${server.url}/organise/events/${id}/edit`);
      await page
        .getByRole('group', { name: 'Which dates?' })
        .getByRole('radio', { name: 'The date chosen below and every date after it' })
        .check();
      await page.getByLabel('From which date').selectOption({ label: choice });
      await fillDate(page, 'Start date', day);
      await page.getByLabel('Start time').fill('19:00');
      await page.getByLabel('End time').fill('20:00');
      await page.getByRole('button', { name: 'Save event' }).click();
      expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
      const [last] = await continuationsOf(server.handle.store, id);
      expect(await getEvent(server.handle.store, last!), day).toMatchObject({
        rrule: null,
        when: { allDay: false, startsAt: `${day}T${day.startsWith('2022-10') ? 18 : 19}:00:00Z` },
      });
    }
  });

  it('the edit form names every later part, a part left with one date included', async () => {
    // Wednesdays from 28 September; split at 19 October, then at 12 October, which leaves 12 October a one-off.
    const series = await weekly('Youth club outreach', 'FREQ=WEEKLY;BYDAY=WE', '2022-09-28T17:00:00Z');
    await splitFrom(series.id, '2022-10-19T17:00:00Z', { description: 'With the youth team' });
    const oneOff = await splitFrom(series.id, '2022-10-12T17:00:00Z', { description: 'At the leisure centre' });
    expect(oneOff.rrule).toBeNull();
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    const notice = (await page.locator('#dates-continuation').textContent())!.replace(/\s+/g, ' ');
    expect(notice).toContain('This series continues as Youth club outreach from Wednesday 12 October 2022');
    expect(notice).toContain('then Youth club outreach from Wednesday 19 October 2022');
  });

  it('a move posted for a date the series no longer has links the problem to the list of dates', async () => {
    const series = await weekly('Evening patrol briefing', 'FREQ=WEEKLY;BYDAY=WE');
    await page.goto(`${server.url}/organise/events/${series.id}/occurrences`);
    // Meanwhile another organiser moves the series to Thursdays: 12 October is no date of it any more.
    await updateEvent(
      server.handle.store,
      series,
      {
        ...eventFields(series),
        when: { allDay: false, startsAt: '2022-10-06T17:00:00Z', endsAt: '2022-10-06T18:00:00Z' },
        rrule: 'FREQ=WEEKLY;BYDAY=TH',
      },
      { actor: 'test-setup', now: server.clock() },
    );
    const row = page.getByRole('region', { name: 'Wednesday 12 October 2022, 18:00–19:00' });
    await row.getByText('Move this date').click();
    await row.getByLabel('Venue').fill('Civic Offices');
    await row.getByRole('button', { name: 'Move' }).click();

    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series4-stale-date.png` });
    const link = page.locator('.error-summary a');
    const said = (await link.textContent())!.replace(/\s+/g, ' ');
    expect(said).toContain('The date you chose is not an occurrence of this series');
    // Its nearest dates as pages write dates, not as the API's URL keys.
    expect(said).toContain('the nearest are Thursday 6 October 2022, 18:00 and Thursday 13 October 2022, 18:00');
    expect(said).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe('#dates');
    expect(await page.locator(href).count()).toBe(1);
  });

  it('a refused move keeps what was typed, and names a date of the other part in words with a link to its dates (ADR 254)', async () => {
    // Six Wednesdays from 5 October 2022, 18:00, split at 19 October: 26 October is a date of the later part.
    const series = await weekly('Neighbourhood watch surgery', 'FREQ=WEEKLY;BYDAY=WE;COUNT=6');
    await splitFrom(series.id, '2022-10-19T17:00:00Z', { location: 'Room 2' });
    const [laterId] = await continuationsOf(server.handle.store, series.id);
    await page.goto(`${server.url}/organise/events/${series.id}/occurrences`);
    const row = () => page.getByRole('region', { name: 'Wednesday 12 October 2022, 18:00–19:00' });
    const boxes = async () =>
      Promise.all(['Day', 'Month', 'Year', 'Start time', 'Venue'].map((label) => row().getByLabel(label, { exact: true }).inputValue()));
    await row().getByText('Move this date').click();
    await fillDate(row(), 'Date', '2022-10-26');
    await row().getByLabel('Venue').fill('Civic Offices');
    await row().getByRole('button', { name: 'Move' }).click();

    if (SHOTS) await page.screenshot({ path: `${SHOTS}/web14-dates-refusal.png`, fullPage: true });
    expect(await boxes()).toEqual(['26', '10', '2022', '18:00', 'Civic Offices']);
    const summary = (await page.getByRole('alert').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain(
      'The new date is the start of another date of this series (Wednesday 26 October 2022, 18:00); cancel this date instead, or choose another time. That date is in its part “Neighbourhood watch surgery” from Wednesday 19 October 2022: see its dates page',
    );
    expect(await page.getByRole('alert').getByRole('link', { name: 'see its dates page' }).getAttribute('href')).toBe(
      `/organise/events/${laterId}/occurrences`,
    );
    const toField = (await page.getByRole('alert').getByRole('link').first().getAttribute('href'))!;
    expect(await row().locator(toField).getAttribute('name')).toBe('date-day');
    expect(await row().getByRole('link', { name: 'see its dates page' }).count()).toBe(1);
    const main = (await page.locator('main').textContent())!;
    expect(main).not.toContain('/api/');
    expect(main).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    // Not a real date, and not a time: both shown again as typed.
    await row().getByLabel('Day').fill('31');
    await row().getByLabel('Month').fill('9');
    await row().getByLabel('Start time').fill('25:00');
    await row().getByRole('button', { name: 'Move' }).click();
    expect(await boxes()).toEqual(['31', '9', '2022', '25:00', 'Civic Offices']);
    expect(await page.getByRole('alert').textContent()).toContain('The new date must be a real date');
    expect((await getEvent(server.handle.store, series.id))!.exceptions).toEqual([]);
  });

  it('an edit form posted for "this and following" without a first date asks for it in the form\'s own words', async () => {
    const series = await weekly('Street pastors briefing', 'FREQ=WEEKLY;BYDAY=WE');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page
      .getByRole('group', { name: 'Which dates?' })
      .getByRole('radio', { name: 'The date chosen below and every date after it' })
      .check();
    // A stale or tampered form: the first-date choice is not posted.
    await page.evaluate(() => document.querySelector('[name="from"]')?.remove());
    await page.getByLabel('Start time').fill('19:00');
    await page.getByRole('button', { name: 'Save event' }).click();

    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series6-no-from.png`, fullPage: true });
    expect(await page.locator('.error-summary').textContent()).toContain('Choose the first date to change');
    const main = (await page.locator('main').textContent())!;
    expect(main).not.toContain('is required with');
    expect(main).not.toContain('"dates"');
    // Nothing changed.
    expect((await getEvent(server.handle.store, series.id))!.when).toEqual(series.when);
  });

  it('a cancelled date that had been moved says where restoring brings it back, and is restored there', async () => {
    const series = await weekly('Community speedwatch briefing', 'FREQ=WEEKLY;BYDAY=WE');
    const ctx = { actor: 'test-setup', now: server.clock() };
    const key = '2022-10-12T17:00:00Z';
    const moved = await putException(
      server.handle.store,
      series,
      {
        recurrenceId: key,
        kind: 'moved',
        when: { allDay: false, startsAt: '2022-10-13T17:00:00Z', endsAt: '2022-10-13T18:00:00Z' },
        location: 'Civic Offices',
        note: '',
      },
      ctx,
    );
    await putException(server.handle.store, moved, { recurrenceId: key, kind: 'cancelled', when: null, location: null, note: '' }, ctx);
    await page.goto(`${server.url}/organise/events/${series.id}/occurrences`);
    const row = page.getByRole('region', { name: 'Wednesday 12 October 2022, 18:00–19:00' });
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toContain(
      'Cancelled. It had been moved to Thursday 13 October 2022, 18:00–19:00, Civic Offices; restoring it brings it back there.',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series6-cancelled-move.png`, fullPage: true });
    await row.getByRole('button', { name: /Restore this date/ }).click();
    const after = page.getByRole('region', { name: 'Wednesday 12 October 2022, 18:00–19:00' });
    expect((await after.textContent())!.replace(/\s+/g, ' ')).toContain('Moved to Thursday 13 October 2022, 18:00–19:00, Civic Offices.');
  });

  it('lists a series that starts years ahead, twelve dates a page, with later dates a link away and a move kept on its page', async () => {
    // Thirty Wednesdays from 3 September 2031, nine years after the server's today.
    const series = await weekly('Neighbourhood panel, far ahead', 'FREQ=WEEKLY;COUNT=30', '2031-09-03T17:00:00Z');
    const titles = async () => page.getByRole('region').locator('h2').allTextContents();
    await page.goto(`${server.url}/organise/events/${series.id}/occurrences`);
    expect(await titles()).toHaveLength(12);
    expect((await titles())[0]).toBe('Wednesday 3 September 2031, 18:00–19:00');
    await page.getByRole('link', { name: 'Later dates, from Wednesday 26 November 2031' }).click();
    expect((await titles())[0]).toBe('Wednesday 26 November 2031, 18:00–19:00');
    await page.getByRole('link', { name: /^Later dates/ }).click();
    expect(await titles()).toHaveLength(6);
    expect((await titles()).at(-1)).toBe('Wednesday 24 March 2032, 18:00–19:00');
    expect(await page.getByRole('link', { name: /^Later dates/ }).count()).toBe(0);

    // A move on a later page returns to that page, and the date is moved in the store.
    const row = page.getByRole('region', { name: 'Wednesday 10 March 2032, 18:00–19:00' });
    await row.getByText('Move this date').click();
    await row.getByLabel('Start time').fill('19:00');
    await row.getByRole('button', { name: 'Move' }).click();
    expect(page.url()).toContain('from=2032-02-18');
    expect((await page.getByRole('region', { name: 'Wednesday 10 March 2032, 18:00–19:00' }).textContent())!).toContain(
      'Moved to Wednesday 10 March 2032, 19:00–20:00',
    );
    expect((await getEvent(server.handle.store, series.id))!.exceptions).toHaveLength(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-dates-later-page.png`, fullPage: true });

    // A list date that is not a date is refused in words, and the dates from today are shown.
    const refused = await page.goto(`${server.url}/organise/events/${series.id}/occurrences?from=2032-02-30`);
    expect(refused!.status()).toBe(400);
    expect((await page.locator('.error-summary').textContent())!).toContain(
      'The date to list dates from must be a real date from 1900 to 2200',
    );
    expect((await titles())[0]).toBe('Wednesday 3 September 2031, 18:00–19:00');
  });
});
