/**
 * The organisers' event form in real Chromium with JavaScript off: moving a campaign week asks
 * what its partner activities do (moved with it by default) and takes a reason for the change; a
 * second series of a group at the same day and time is shown as a warning with "Save anyway",
 * keeping every typed value; and these forms, "Which dates?" included, pass axe-core's WCAG 2.2
 * AA checks.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, getEvent, putException } from '../../src/db/events.js';
import type { CalendarEvent, EventFields } from '../../src/domain/event.js';
import { editEvent } from '../../src/series/index.js';
import { axeContext, fillDate, openChromium, problemsOf, signIn } from './support/browser.js';
import { fillNewEvent } from './support/event-form.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

describe('the edit form asks before it surprises anyone', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  /** A page in a context that may inject axe (the app's CSP forbids every script). */
  let axePage: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ now: '2022-10-03T09:00:00Z' }), openChromium()]);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
    axePage = await (await axeContext(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const base: EventFields = {
    kind: 'campaign_week',
    title: '',
    description: '',
    location: '',
    links: [],
    when: { allDay: true, startDate: '2022-10-17', endDate: '2022-10-21' },
    timezone: 'Europe/London',
    rrule: null,
    themes: [],
    organisationId: null,
    groupId: null,
    parentId: null,
    visibility: 'public',
    status: 'published',
  };
  const add = (fields: Partial<EventFields>) =>
    createEvent(server.handle.store, { ...base, ...fields }, { actor: 'test-setup', now: server.clock() });
  /** A monthly meeting of the IAG on `byDay` of each month (RFC 5545 BYDAY, "3TH"), its first date from `startsAt` to `endsAt`. */
  const iagMonthly = async (title: string, byDay: string, startsAt: string, endsAt: string) => {
    const iag = await server.handle.store.db.selectFrom('groups').select('id').where('slug', '=', 'iag').executeTakeFirstOrThrow();
    return add({
      kind: 'meeting',
      title,
      when: { allDay: false, startsAt, endsAt },
      rrule: `FREQ=MONTHLY;BYDAY=${byDay}`,
      groupId: iag.id,
    });
  };
  /** The date of `series` first at `recurrenceId` moved to `startsAt`–`endsAt`. */
  const moveDate = (series: CalendarEvent, recurrenceId: string, startsAt: string, endsAt: string) =>
    putException(
      server.handle.store,
      series,
      { recurrenceId, kind: 'moved', when: { allDay: false, startsAt, endsAt }, location: null, note: '' },
      { actor: 'test-setup', now: server.clock() },
    );

  it('moves a campaign week with its activities by default, with the reason for the change', async () => {
    const week = await add({ title: 'Bite Back Week' });
    const stall = await add({
      kind: 'activity',
      title: 'Loan shark awareness stall',
      when: { allDay: true, startDate: '2022-10-18', endDate: '2022-10-18' },
      location: 'Bletchley market',
      parentId: week.id,
    });
    await page.goto(`${server.url}/organise/events/${week.id}/edit`);
    const choice = page.getByRole('group', { name: 'If the week’s dates move, its partner activities' });
    expect(await choice.textContent()).toContain('Loan shark awareness stall (Tuesday 18 October 2022)');
    expect(await choice.getByRole('radio', { name: 'Move with the week, by the same number of days' }).isChecked()).toBe(true);
    expect(await problemsOf(page, axePage, 'edit form of a campaign week with activities')).toEqual([]);

    await fillDate(page, 'Start date', '2022-10-24');
    await fillDate(page, /^End date/, '2022-10-28');
    await page.getByLabel('Reason for the change (optional)').fill('The market is closed for resurfacing');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The week’s partner activities still to come moved with it');
    const moved = (await getEvent(server.handle.store, stall.id))!;
    expect(moved.when).toEqual({ allDay: true, startDate: '2022-10-25', endDate: '2022-10-25' });
    expect(moved.changeReason).toBe('Part of Bite Back Week, which moved: The market is closed for resurfacing');
    expect((await getEvent(server.handle.store, week.id))!.changeReason).toBe('The market is closed for resurfacing');
  });

  it('keeps the activities on their dates when the organiser says so', async () => {
    const week = await add({
      title: 'County Lines Intensification Week',
      when: { allDay: true, startDate: '2022-11-14', endDate: '2022-11-18' },
    });
    const talk = await add({
      kind: 'activity',
      title: 'Officers at the college',
      when: { allDay: false, startsAt: '2022-11-16T10:00:00Z', endsAt: '2022-11-16T11:00:00Z' },
      parentId: week.id,
    });
    await page.goto(`${server.url}/organise/events/${week.id}/edit`);
    await page.getByRole('radio', { name: 'Stay on their own dates' }).check();
    await fillDate(page, 'Start date', '2022-11-21');
    await fillDate(page, /^End date/, '2022-11-25');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your changes have been saved.');
    expect((await getEvent(server.handle.store, week.id))!.when).toMatchObject({ startDate: '2022-11-21' });
    expect((await getEvent(server.handle.store, talk.id))!).toMatchObject({ when: { startsAt: '2022-11-16T10:00:00Z' }, sequence: 0 });
  });

  it('warns before a second series of a group at the same day and time, keeps every typed value, and saves anyway when asked', async () => {
    const iag = await server.handle.store.db.selectFrom('groups').select('id').where('slug', '=', 'iag').executeTakeFirstOrThrow();
    await add({
      kind: 'meeting',
      title: 'Neighbourhood panel',
      when: { allDay: false, startsAt: '2022-11-03T19:00:00Z', endsAt: '2022-11-03T20:30:00Z' },
      rrule: 'FREQ=MONTHLY;BYDAY=1TH',
      groupId: iag.id,
    });
    await fillNewEvent(page, server.url, 'meeting', {
      title: 'Neighbourhood panel surgery',
      location: 'Wolverton Library',
      startDate: '2022-11-03',
      startTime: '19:00',
      endTime: '20:30',
      repeat: 'monthly-weekday',
      group: 'Milton Keynes LPA Independent Advisory Group',
    });
    await page.getByRole('button', { name: 'Save event' }).click();
    const warning = page.getByRole('alert');
    expect(await warning.textContent()).toContain('This group already meets then');
    expect(await warning.textContent()).toContain(
      '"Neighbourhood panel" on the same day and time (first together on Thu 3 Nov 2022, 19:00)',
    );
    const count = async () =>
      (await server.handle.store.db.selectFrom('events').select('id').where('title', '=', 'Neighbourhood panel surgery').execute()).length;
    expect(await count()).toBe(0);
    // Every typed value is still there.
    expect(await page.getByLabel('Title').inputValue()).toBe('Neighbourhood panel surgery');
    expect(await page.getByLabel('Location').inputValue()).toBe('Wolverton Library');
    expect(await page.getByLabel('Start time').inputValue()).toBe('19:00');
    expect(await page.getByLabel('Repeat', { exact: true }).inputValue()).toBe('monthly-weekday');
    expect(await page.getByLabel('Group', { exact: true }).inputValue()).toBe(iag.id);
    expect(await problemsOf(page, axePage, 'new event form with the same-time warning')).toEqual([]);

    await page.getByRole('button', { name: 'Save anyway' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been created.');
    expect(await count()).toBe(1);
  });

  it("warns on an edit that moves a series onto another of its group's, not on one that changes only words", async () => {
    const iag = await server.handle.store.db.selectFrom('groups').select('id').where('slug', '=', 'iag').executeTakeFirstOrThrow();
    const other = await add({
      kind: 'meeting',
      title: 'IAG scrutiny panel',
      when: { allDay: false, startsAt: '2022-11-10T19:00:00Z', endsAt: '2022-11-10T20:30:00Z' },
      rrule: 'FREQ=MONTHLY;BYDAY=2TH',
      groupId: iag.id,
    });
    await page.goto(`${server.url}/organise/events/${other.id}/edit`);
    await page.getByLabel('Description').fill('Scrutiny of stop and search records');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your changes have been saved.');

    await page.goto(`${server.url}/organise/events/${other.id}/edit`);
    await page.getByLabel('Custom rule').fill('FREQ=MONTHLY;BYDAY=1TH');
    await fillDate(page, 'Start date', '2022-11-03');
    await page.getByLabel('Reason for the change (optional)').fill('Members asked for one evening a month');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('This group already meets then');
    expect(await page.getByLabel('Reason for the change (optional)').inputValue()).toBe('Members asked for one evening a month');
    expect(await page.getByLabel('Custom rule').inputValue()).toBe('FREQ=MONTHLY;BYDAY=1TH');
    expect((await getEvent(server.handle.store, other.id))!.rrule).toBe('FREQ=MONTHLY;BYDAY=2TH');
    expect(await problemsOf(page, axePage, 'edit form of a series with the same-time warning')).toEqual([]);
    await page.getByRole('button', { name: 'Save anyway' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Every date of the series has been changed.');
    expect((await getEvent(server.handle.store, other.id))!).toMatchObject({
      rrule: 'FREQ=MONTHLY;BYDAY=1TH',
      changeReason: 'Members asked for one evening a month',
    });
  });

  it('carries "Save anyway" and the keep-or-drop answer through each other\'s question, so one pass through both saves (ADR 285)', async () => {
    const store = server.handle.store;
    await iagMonthly('IAG evening panel', '3TH', '2022-11-17T19:00:00Z', '2022-11-17T20:00:00Z');
    const surgery = await iagMonthly('IAG evening surgery', '3TH', '2022-11-17T18:30:00Z', '2022-11-17T19:30:00Z');
    // Its March date moved to the Friday: three dates from November leave it no place.
    await moveDate(surgery, '2023-03-16T18:30:00Z', '2023-03-17T18:30:00Z', '2023-03-17T19:30:00Z');
    await page.goto(`${server.url}/organise/events/${surgery.id}/edit`);
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByLabel('Number of times').fill('3');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('"IAG evening panel" on the same day and time');

    await page.getByRole('button', { name: 'Save anyway' }).click();
    const asked = page.getByRole('group', { name: 'Moved dates the new pattern has no place for' });
    expect(await asked.textContent()).toContain('Friday 17 March 2023, 18:30–19:30');
    expect(await page.getByRole('alert').textContent()).not.toContain('This group already meets then');
    await asked.getByRole('radio', { name: 'Keep them as one-off events' }).check();
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Every date of the series has been changed.');
    expect((await getEvent(store, surgery.id))!).toMatchObject({
      rrule: 'FREQ=MONTHLY;COUNT=3;BYDAY=3TH',
      when: { startsAt: '2022-11-17T19:00:00Z' },
    });
    const kept = await store.db.selectFrom('events').select('first_start').where('split_from', '=', surgery.id).execute();
    expect(kept).toEqual([{ first_start: '2023-03-17T18:30:00Z' }]);
  });

  it('warns on an edit only of the dates it adds, as they are, and says "save this change anyway" (ADR 285)', async () => {
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    await iagMonthly('IAG policy panel', '3WE', '2022-11-16T19:00:00Z', '2022-11-16T20:00:00Z');
    let forum = await iagMonthly('IAG engagement forum', '3WE', '2022-11-16T18:00:00Z', '2022-11-16T19:00:00Z');
    // November's date moved to the Thursday, December's cancelled: January is the first the two would share.
    forum = await moveDate(forum, '2022-11-16T18:00:00Z', '2022-11-17T18:00:00Z', '2022-11-17T19:00:00Z');
    await putException(
      store,
      forum,
      { recurrenceId: '2022-12-21T18:00:00Z', kind: 'cancelled', when: null, location: null, note: '' },
      ctx,
    );
    await page.goto(`${server.url}/organise/events/${forum.id}/edit`);
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    const warning = (await page.getByRole('alert').textContent())!.replace(/\s+/g, ' ');
    expect(warning).toContain(
      '"IAG policy panel" on the same day and time (first together on Wed 18 Jan 2023, 19:00); confirm to save this change anyway.',
    );
    expect(warning).toContain('choose “Save anyway” at the end of the form to save this change anyway.');
    expect(warning).not.toContain('add this series');
    await page.getByRole('button', { name: 'Save anyway' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Every date of the series has been changed.');

    // Ten dates instead of every month: the two share no date they did not share already.
    await page.goto(`${server.url}/organise/events/${forum.id}/edit`);
    await page.getByLabel('Number of times').fill('10');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Every date of the series has been changed.');
    expect((await getEvent(store, forum.id))!.rrule).toBe('FREQ=MONTHLY;COUNT=10;BYDAY=3WE');
  });

  it("tells the two parts of a split campaign week apart in an activity's list of campaign weeks, by their dates (ADR 285)", async () => {
    const ctx = { actor: 'test-setup', now: server.clock() };
    const days = await add({
      title: 'Weekend Action Days',
      when: { allDay: true, startDate: '2022-10-08', endDate: '2022-10-08' },
      rrule: 'FREQ=WEEKLY;BYDAY=SA',
    });
    const split = await editEvent(
      server.handle.store,
      days,
      { ...base, title: 'Weekend Action Days', when: days.when, rrule: days.rrule, location: 'Bletchley market' },
      { dates: 'following', from: '2022-10-22', orphans: null, reason: '', activities: null },
      ctx,
    );
    if (!split.ok) throw new Error(JSON.stringify(split.errors));
    await page.goto(`${server.url}/organise/events/new?kind=activity`);
    const options = await page.getByLabel('Campaign week').locator('option').allTextContents();
    expect(options.filter((o) => o.startsWith('Weekend Action Days'))).toEqual([
      'Weekend Action Days (from Saturday 22 October 2022)',
      'Weekend Action Days (8–21 October 2022)',
    ]);
  });

  it('asks which 01:30 in the hour the clocks go back, keeps the answer through a refusal, and a words-only edit keeps the time (ADR 269)', async () => {
    // The second 01:30 of 31 October 2027 (GMT), an hour after the first (BST).
    const deadline = await add({
      kind: 'deadline',
      title: 'Consultation responses due',
      when: { allDay: false, startsAt: '2027-10-31T01:30:00Z', endsAt: '2027-10-31T01:30:00Z' },
    });
    await page.goto(`${server.url}/events/${deadline.id}`);
    expect(await page.locator('main').textContent()).toContain('Sunday 31 October 2027, 01:30 GMT');
    await page.goto(`${server.url}/organise/events/${deadline.id}/edit`);
    const starts = page.getByRole('group', { name: 'Starts at which 01:30? It happens twice that night' });
    expect(await starts.getByRole('radio', { name: '01:30 GMT (the second, an hour later)' }).isChecked()).toBe(true);
    expect(await problemsOf(page, axePage, 'edit form in the repeated autumn hour')).toEqual([]);
    await page.getByLabel('Description').fill('Responses by e-mail to the partnership team');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your changes have been saved.');
    expect((await getEvent(server.handle.store, deadline.id))!).toMatchObject({
      description: 'Responses by e-mail to the partnership team',
      when: { startsAt: '2027-10-31T01:30:00Z', endsAt: '2027-10-31T01:30:00Z' },
    });

    // The first 01:30 chosen, kept through a refusal, then saved.
    await page.goto(`${server.url}/organise/events/${deadline.id}/edit`);
    await starts.getByRole('radio', { name: '01:30 BST (the first, before the clocks go back)' }).check();
    await page
      .getByRole('group', { name: 'Ends at which 01:30? It happens twice that night' })
      .getByRole('radio', { name: '01:30 BST (the first, before the clocks go back)' })
      .check();
    await page.getByLabel('Title').fill('');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Title');
    expect(await starts.getByRole('radio', { name: '01:30 BST (the first, before the clocks go back)' }).isChecked()).toBe(true);
    await page.getByLabel('Title').fill('Consultation responses due');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your changes have been saved.');
    expect((await getEvent(server.handle.store, deadline.id))!.when).toMatchObject({ startsAt: '2027-10-31T00:30:00Z' });

    // A time newly typed into that hour is not taken as the first silently: the form asks, saves nothing yet.
    const noon = await add({
      kind: 'deadline',
      title: 'Survey closes',
      when: { allDay: false, startsAt: '2027-10-31T12:00:00Z', endsAt: '2027-10-31T12:00:00Z' },
    });
    await page.goto(`${server.url}/organise/events/${noon.id}/edit`);
    expect(await page.getByRole('group', { name: /which/ }).count()).toBe(0);
    await page.getByLabel('Start time').fill('01:15');
    await page.getByLabel('End time').fill('01:45');
    await page.getByRole('button', { name: 'Save event' }).click();
    const asked = (await page.getByRole('alert').textContent())!;
    expect(asked).toContain('Starts at which time — choose 01:15 BST (the first) or 01:15 GMT (an hour later)');
    expect(asked).toContain('Ends at which time — choose 01:45 BST (the first) or 01:45 GMT (an hour later)');
    expect((await getEvent(server.handle.store, noon.id))!.when).toMatchObject({ startsAt: '2027-10-31T12:00:00Z' });
    await page
      .getByRole('group', { name: 'Starts at which 01:15? It happens twice that night' })
      .getByRole('radio', { name: '01:15 GMT (the second, an hour later)' })
      .check();
    // The end left at its first reading: only 01:45 GMT follows a 01:15 GMT start, so that is the end.
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your changes have been saved.');
    expect((await getEvent(server.handle.store, noon.id))!.when).toMatchObject({
      startsAt: '2027-10-31T01:15:00Z',
      endsAt: '2027-10-31T01:45:00Z',
    });
  });

  it('"Which dates?" on the edit form of a series passes axe-core (WCAG 2.2 AA), with and without an error', async () => {
    const series = await add({
      kind: 'training',
      title: 'Street safety walkabout',
      when: { allDay: false, startsAt: '2022-10-05T17:00:00Z', endsAt: '2022-10-05T18:00:00Z' },
      rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=8',
      location: 'Wolverton Library',
    });
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    expect(await page.getByRole('group', { name: 'Which dates?' }).getByRole('radio').count()).toBe(3);
    expect(await problemsOf(page, axePage, '"Which dates?" edit form')).toEqual([]);
    await page.getByRole('radio', { name: 'The date chosen below and every date after it' }).check();
    await page.getByLabel('Start time').fill('25:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Start time');
    expect(await problemsOf(page, axePage, '"Which dates?" edit form with an error')).toEqual([]);
  });
});
