/**
 * Through the edit form in real Chromium with JavaScript off: a one-off part of a split series (a
 * split left it one date, ADR 125) asks "Which dates?", naming the later parts, with "Only this date"
 * chosen; saved so, its new venue and time stay on that date and the later part keeps its own; "This
 * date and every later date of the series" changes the later part too (ADR 175). The first part, when
 * a split left it one date, asks the same (ADR 200). Its date moved onto a date of the later part is
 * refused in a sentence naming that part, and nothing is saved (ADR 248). Moved past dates of the later
 * part, it says "following" leaves those dates alone, and it does (ADR 264).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationsOf, getEvent } from '../../src/db/events.js';
import { eventFields } from '../../src/domain/event.js';
import { editEvent } from '../../src/series/index.js';
import { axeContext, openChromium, problemsOf, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';
import { weeklyTraining } from './support/series.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('the edit form of a one-off part of a split series', () => {
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

  /** Wednesdays 18:00 from 5 October; 12 October on at 18:30, then 19 October on at 19:00: 12 October is a one-off part. */
  async function chain(title: string) {
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    const series = await weeklyTraining(server, title, 'FREQ=WEEKLY;BYDAY=WE;COUNT=10', '2022-10-05T17:00:00Z');
    const split = async (id: string, from: string, startsAt: string) => {
      const current = (await getEvent(store, id))!;
      const when = {
        allDay: false as const,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString().replace('.000', ''),
      };
      const edited = await editEvent(
        store,
        current,
        { ...eventFields(current), when },
        { dates: 'following', from, orphans: null, reason: '', activities: null },
        ctx,
      );
      if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
      return edited.event;
    };
    const part = await split(series.id, '2022-10-12T17:00:00Z', '2022-10-12T17:30:00Z');
    const later = await split(part.id, '2022-10-19T17:30:00Z', '2022-10-19T18:00:00Z');
    expect((await getEvent(store, part.id))!.rrule).toBeNull();
    return { first: series.id, part: part.id, later: later.id };
  }

  /** On the open edit form: "This date and every later date of the series", a new venue, saved without an error. */
  async function saveFollowingAt(location: string) {
    await page
      .getByRole('group', { name: 'Which dates?' })
      .getByRole('radio', { name: 'This date and every later date of the series' })
      .check();
    await page.getByLabel('Location').fill(location);
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
  }

  it('asks the same of the first part when the split left it one date, and changes that date alone (ADR 200)', async () => {
    const { first, part } = await chain('Community speedwatch training');
    expect((await getEvent(server.handle.store, first))!.rrule).toBeNull();
    await page.goto(`${server.url}/organise/events/${first}/edit`);
    const which = page.getByRole('group', { name: 'Which dates?' });
    expect(await which.getByRole('radio', { name: 'Only this date (Wednesday 5 October 2022, 18:00–19:00)' }).isChecked()).toBe(true);
    const notice = (await page.locator('#dates-continuation').textContent())!.replace(/\s+/g, ' ');
    expect(notice).toContain('continues as Community speedwatch training from Wednesday 12 October 2022, 18:30–19:30');
    await page.getByLabel('Title').fill('Speedwatch refresher');
    await page.getByLabel('Location').fill('Room Z');
    await page.getByLabel('Start time').fill('18:15');
    await page.getByLabel('End time').fill('19:15');
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
    expect(await getEvent(server.handle.store, first)).toMatchObject({
      title: 'Speedwatch refresher',
      location: 'Room Z',
      when: { startsAt: '2022-10-05T17:15:00Z' },
    });
    expect(await getEvent(server.handle.store, part)).toMatchObject({
      title: 'Community speedwatch training',
      location: 'Wolverton Library',
      when: { startsAt: '2022-10-12T17:30:00Z' },
    });
  });

  it('offers this date only, chosen, names the later part, and changes that date alone', async () => {
    const { part, later } = await chain('Neighbourhood watch briefing');
    await page.goto(`${server.url}/organise/events/${part}/edit`);
    const which = page.getByRole('group', { name: 'Which dates?' });
    const only = which.getByRole('radio', { name: 'Only this date (Wednesday 12 October 2022, 18:30–19:30)' });
    expect(await only.isChecked()).toBe(true);
    expect(await which.getByRole('radio', { name: 'This date and every later date of the series' }).isChecked()).toBe(false);
    const notice = (await page.locator('#dates-continuation').textContent())!.replace(/\s+/g, ' ');
    expect(notice).toContain('continues as Neighbourhood watch briefing from Wednesday 19 October 2022, 19:00–20:00');
    if (SHOTS)
      await page
        .locator('fieldset', { has: page.locator('#dates-continuation') })
        .screenshot({ path: `${SHOTS}/safercal-series7-one-off-part-form.png` });
    await page.getByLabel('Location').fill('Room Z');
    await page.getByLabel('Start time').fill('18:45');
    await page.getByLabel('End time').fill('19:45');
    await page.getByRole('button', { name: 'Save event' }).click();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series7-one-off-part.png`, fullPage: true });

    expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
    expect(await getEvent(server.handle.store, part)).toMatchObject({
      location: 'Room Z',
      when: { startsAt: '2022-10-12T17:45:00Z', endsAt: '2022-10-12T18:45:00Z' },
    });
    expect(await getEvent(server.handle.store, later)).toMatchObject({
      location: 'Wolverton Library',
      when: { startsAt: '2022-10-19T18:00:00Z' },
    });
  });

  it('reads at 320 CSS px and passes axe', async () => {
    const { part } = await chain('Speedwatch briefing');
    const axePage = await (await axeContext(browser)).newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      await page.goto(`${server.url}/organise/events/${part}/edit`);
      expect(await problemsOf(page, axePage, 'one-off part edit form')).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it('changes the later part too when "this date and every later date" is chosen', async () => {
    const { part, later } = await chain('Street pastors briefing');
    await page.goto(`${server.url}/organise/events/${part}/edit`);
    await saveFollowingAt('Room Y');
    expect((await getEvent(server.handle.store, part))!.location).toBe('Room Y');
    expect((await getEvent(server.handle.store, later))!.location).toBe('Room Y');
  });

  it('says a change from this date moved past dates of the later part leaves those dates alone, and does so (ADR 264)', async () => {
    const { part, later } = await chain('Shop theft awareness briefing');
    const store = server.handle.store;
    // This date alone moved to Friday 28 October: the later part's 19 and 26 October now come before it.
    const current = (await getEvent(store, part))!;
    const moved = await editEvent(
      store,
      current,
      { ...eventFields(current), when: { allDay: false, startsAt: '2022-10-28T17:30:00Z', endsAt: '2022-10-28T18:30:00Z' } },
      { dates: 'all', from: null, orphans: null, reason: '', activities: null },
      { actor: 'test-setup', now: server.clock() },
    );
    expect(moved.ok).toBe(true);
    await page.goto(`${server.url}/organise/events/${part}/edit`);
    const notice = (await page.locator('#dates-continuation').textContent())!.replace(/\s+/g, ' ');
    expect(notice).toContain(
      'This date was moved after some of those dates: a change to this date and every later date leaves the dates before it as they are.',
    );
    await saveFollowingAt('Room Y');
    expect((await getEvent(store, later))!).toMatchObject({ location: 'Wolverton Library', when: { startsAt: '2022-10-19T18:00:00Z' } });
    const [fromNovember] = await continuationsOf(store, later);
    expect((await getEvent(store, fromNovember!))!).toMatchObject({ location: 'Room Y', when: { startsAt: '2022-11-02T19:00:00Z' } });
  });

  it('refuses a new time the last part cannot take in words with no API path, offering this date alone (ADR 251)', async () => {
    const { first, part, later } = await chain('Cycle safety briefing');
    await page.goto(`${server.url}/organise/events/${first}/edit`);
    await page
      .getByRole('group', { name: 'Which dates?' })
      .getByRole('radio', { name: 'This date and every later date of the series' })
      .check();
    await page.getByLabel('Start time').fill('20:00');
    await page.getByLabel('End time').fill('21:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series11-chain-refusal.png`, fullPage: true });

    const summary = (await page.locator('.error-summary').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain(
      'it continues as "Cycle safety briefing" from Wednesday 19 October 2022, which has a time or length of its own',
    );
    expect(summary).toContain('change this date alone');
    expect(summary).not.toContain('/api/');
    expect(summary).not.toContain('choose dates before it');
    expect((await getEvent(server.handle.store, first))!.when).toMatchObject({ startsAt: '2022-10-05T17:00:00Z' });
    expect((await getEvent(server.handle.store, part))!.when).toMatchObject({ startsAt: '2022-10-12T17:30:00Z' });
    expect((await getEvent(server.handle.store, later))!.when).toMatchObject({ startsAt: '2022-10-19T18:00:00Z' });
  });
  it('refuses this date moved onto a date of the later part, in a sentence naming that part (ADR 248)', async () => {
    const { part, later } = await chain('Bike marking briefing');
    await page.goto(`${server.url}/organise/events/${part}/edit`);
    await page.getByRole('group', { name: 'Start date' }).getByLabel('Day').fill('19');
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(page.url()).not.toContain('done=saved');
    const summary = (await page.locator('.error-summary').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain(
      'This would give two dates of this series the same start (Wednesday 19 October 2022, 19:00): its part "Bike marking briefing" (from Wednesday 19 October 2022) has a date then; choose another time, or move or cancel that date first.',
    );
    expect(summary).not.toContain('Start date This');
    expect(summary).not.toContain('/api/');
    expect((await getEvent(server.handle.store, part))!.when).toMatchObject({ startsAt: '2022-10-12T17:30:00Z' });
    expect((await getEvent(server.handle.store, later))!.when).toMatchObject({ startsAt: '2022-10-19T18:00:00Z' });
  });
});
