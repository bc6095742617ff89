/**
 * An organiser edits a repeating event through the edit form in real Chromium with JavaScript
 * off, answering "Which dates?": a change from a chosen date on splits the series into two
 * linked events whose pages show one history, and a moved date the new pattern has no place for
 * is shown to keep or drop before anything is saved.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, getEvent, putException } from '../../src/db/events.js';
import { loadMeeting } from '../../src/meetings/queries.js';
import { addAgendaItem, publishAgenda } from '../../src/meetings/writes.js';
import { fillDate, openChromium, readDate, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';
import { weeklyTraining } from './support/series.js';

describe('"Which dates?" on the edit form of a series', () => {
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

  const weekly = (title: string, rrule: string) => weeklyTraining(server, title, rrule, '2022-09-28T17:00:00Z');

  it('changes the time from a chosen date on: the page says so and links the earlier dates', async () => {
    const series = await weekly('Neighbourhood watch surgery', 'FREQ=WEEKLY;BYDAY=WE');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    const which = page.getByRole('group', { name: 'Which dates?' });
    expect(await which.getByRole('radio').count()).toBe(3);
    expect(await which.getByRole('radio', { name: 'All dates of the series' }).isChecked()).toBe(true);
    await which.getByRole('radio', { name: 'The date chosen below and every date after it' }).check();
    await page.getByLabel('From which date').selectOption({ label: 'Wednesday 19 October 2022, 18:00–19:00' });
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(await page.getByRole('status').textContent()).toContain('The change applies from the chosen date on');
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Earlier dates: Neighbourhood watch surgery');
    expect(main).toContain('Wednesday 19 October 2022, 19:00–20:00');
    expect(main).toMatch(/split[\s\S]*earlier dates/);
    await page.getByRole('link', { name: 'Neighbourhood watch surgery' }).first().click();
    expect(await page.locator('main').textContent()).toContain(
      'Continues as: Neighbourhood watch surgery from Wednesday 19 October 2022, 19:00–20:00',
    );
    const earlier = await getEvent(server.handle.store, series.id);
    expect(earlier!.rrule).toBe('FREQ=WEEKLY;UNTIL=20221018T225959Z;BYDAY=WE');
  });

  it('takes a new weekday of the month from the new start with "following", and a typed rule as typed (ADR 269)', async () => {
    // The fourth Wednesday of each month; from 23 November, the third, starting on 21 December.
    const monthly = await weekly('Youth panel', 'FREQ=MONTHLY;BYDAY=4WE');
    await page.goto(`${server.url}/organise/events/${monthly.id}/edit`);
    await page.getByRole('radio', { name: 'The date chosen below and every date after it' }).check();
    await page.getByLabel('From which date').selectOption({ label: 'Wednesday 23 November 2022, 18:00–19:00' });
    await fillDate(page, 'Start date', '2022-12-21');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The change applies from the chosen date on');
    const later = (await getEvent(server.handle.store, new URL(page.url()).pathname.split('/')[3]!))!;
    expect([later.rrule, later.when]).toEqual([
      'FREQ=MONTHLY;BYDAY=3WE',
      { allDay: false, startsAt: '2022-12-21T18:00:00Z', endsAt: '2022-12-21T19:00:00Z' },
    ]);
    expect((await getEvent(server.handle.store, monthly.id))!.rrule).toBe('FREQ=MONTHLY;UNTIL=20221122T235959Z;BYDAY=4WE');

    // A week from the second Saturday of October; from 2023 the third, by a rule typed by hand.
    const week = await createEvent(
      server.handle.store,
      {
        ...monthly,
        kind: 'campaign_week',
        title: 'Hate Crime Awareness Week',
        when: { allDay: true, startDate: '2022-10-08', endDate: '2022-10-15' },
        rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
      },
      { actor: 'test-setup', now: server.clock() },
    );
    await page.goto(`${server.url}/organise/events/${week.id}/edit`);
    await page.getByRole('radio', { name: 'The date chosen below and every date after it' }).check();
    await page.getByLabel('From which date').selectOption({ label: '14–21 October 2023' });
    await fillDate(page, 'Start date', '2023-10-21');
    await fillDate(page, /^End date/, '2023-10-28');
    await page.getByLabel('Custom rule').fill('FREQ=YEARLY;BYDAY=3SA;BYMONTH=10');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The change applies from the chosen date on');
    const third = (await getEvent(server.handle.store, new URL(page.url()).pathname.split('/')[3]!))!;
    expect([third.rrule, third.when]).toEqual([
      'FREQ=YEARLY;BYDAY=3SA;BYMONTH=10',
      { allDay: true, startDate: '2023-10-21', endDate: '2023-10-28' },
    ]);
  });

  it('"Only the date chosen below" opens that date\'s move form on its page of dates, with the venue, time and reason typed (ADR 269)', async () => {
    const series = await weekly('Community speed watch', 'FREQ=WEEKLY;BYDAY=WE');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page.getByLabel('Location').fill('Bletchley Library');
    await page.getByLabel('Start time').fill('18:30');
    await page.getByLabel('Reason for the change (optional)').fill('The library hall is being painted');
    await page.getByRole('radio', { name: 'Only the date chosen below (opens its move or cancel form)' }).check();
    await page.getByLabel('From which date').selectOption({ label: 'Wednesday 14 December 2022, 18:00–19:00' });
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(page.url()).toContain('from=2022-12-14');
    expect(page.url()).toMatch(/#o-20221214T180000Z$/);
    const row = page.getByRole('region', { name: 'Wednesday 14 December 2022, 18:00–19:00' });
    expect(await row.locator('details').getAttribute('open')).not.toBeNull();
    expect(await row.getByLabel('Venue').inputValue()).toBe('Bletchley Library');
    expect(await row.getByLabel('Start time').inputValue()).toBe('18:30');
    expect(await row.getByLabel('Note').inputValue()).toBe('The library hall is being painted');
    expect((await getEvent(server.handle.store, series.id))!).toMatchObject({ location: 'Wolverton Library', exceptions: [] });
    await row.getByRole('button', { name: 'Move' }).click();
    expect((await getEvent(server.handle.store, series.id))!.exceptions).toMatchObject([
      {
        recurrenceId: '2022-12-14T18:00:00Z',
        kind: 'moved',
        location: 'Bletchley Library',
        note: 'The library hall is being painted',
        when: { startsAt: '2022-12-14T18:30:00Z' },
      },
    ]);
  });

  it('"Only the date chosen below" with a new title says the title cannot go with it, and saves nothing (issue 10)', async () => {
    const series = await weekly('Neighbourhood panel', 'FREQ=WEEKLY;BYDAY=WE');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page.getByLabel('Title').fill('Neighbourhood panel (winter)');
    await page.getByLabel('Location').fill('Bletchley Library');
    await page.getByRole('radio', { name: 'Only the date chosen below (opens its move or cancel form)' }).check();
    await page.getByLabel('From which date').selectOption({ label: 'Wednesday 14 December 2022, 18:00–19:00' });
    await page.getByRole('button', { name: 'Save event' }).click();

    expect(page.url()).toContain(`/organise/events/${series.id}/edit`);
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('cannot take your change to the title: one date changes only its start time, venue and note');
    expect(await page.getByLabel('Title').inputValue()).toBe('Neighbourhood panel (winter)');
    expect((await getEvent(server.handle.store, series.id))!).toMatchObject({
      title: 'Neighbourhood panel',
      location: 'Wolverton Library',
      exceptions: [],
    });
  });

  it('changes "following" from a date years ahead, typed when the list does not reach it, and refuses a day the series has none (ADR 269)', async () => {
    const series = await weekly('Safer streets surgery', 'FREQ=WEEKLY;BYDAY=WE');
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page.getByRole('radio', { name: 'The date chosen below and every date after it' }).check();
    await fillDate(page, 'Or a later date of the series', '2025-06-19');
    await page.getByLabel('Start time').fill('19:00');
    await page.getByLabel('End time').fill('20:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Or a later date of the series is not a date of this series: Thursday 19 June 2025 has none',
    );
    expect(await readDate(page, 'Or a later date of the series')).toBe('2025-06-19');
    expect((await getEvent(server.handle.store, series.id))!.rrule).toBe('FREQ=WEEKLY;BYDAY=WE');

    await fillDate(page, 'Or a later date of the series', '2025-06-18');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The change applies from the chosen date on');
    const later = (await getEvent(server.handle.store, new URL(page.url()).pathname.split('/')[3]!))!;
    expect(later.when).toMatchObject({ startsAt: '2025-06-18T18:00:00Z' });
    expect((await getEvent(server.handle.store, series.id))!.rrule).toBe('FREQ=WEEKLY;UNTIL=20250617T225959Z;BYDAY=WE');
  });

  /** Eight Wednesdays with 16 November moved to Thursday 17th, then cut to four on the form (no place for the move). */
  const shortenedWithAMovedDate = async (title: string) => {
    const series = await weekly(title, 'FREQ=WEEKLY;BYDAY=WE;COUNT=8');
    await putException(
      server.handle.store,
      series,
      {
        recurrenceId: '2022-11-16T18:00:00Z',
        kind: 'moved',
        when: { allDay: false, startsAt: '2022-11-17T18:00:00Z', endsAt: '2022-11-17T19:00:00Z' },
        location: 'Bletchley Library',
        note: '',
      },
      { actor: 'test-setup', now: server.clock() },
    );
    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page.getByLabel('Custom rule').fill('FREQ=WEEKLY;BYDAY=WE;COUNT=4');
    await page.getByRole('button', { name: 'Save event' }).click();
    return series;
  };

  it('shows a moved date with no place in the new pattern to keep or drop, and saves nothing until the organiser says', async () => {
    const series = await shortenedWithAMovedDate('Street safety walkabout');

    // Asked in the form's words, about its own radios, not the API's "keep" or "drop" (ADR 269).
    const problem = (await page.getByRole('alert').textContent())!;
    expect(problem).toContain(
      'Choose whether to keep or drop the moved date the new pattern has no place for (listed below), and save again',
    );
    expect(problem).not.toContain('"keep"');
    const asked = page.getByRole('group', { name: 'Moved dates the new pattern has no place for' });
    expect(await asked.textContent()).toContain('Thursday 17 November 2022, 18:00–19:00 at Bletchley Library');
    expect((await getEvent(server.handle.store, series.id))!.rrule).toContain('COUNT=8');
    await asked.getByRole('radio', { name: 'Drop them' }).check();
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Dates already passed are kept as they happened');
    expect((await getEvent(server.handle.store, series.id))!.exceptions).toEqual([]);
  });

  it('shows a meeting whose agenda is published, and which a shorter series would drop, to keep or drop before anything is saved (ADR 296)', async () => {
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    const board = await store.db.selectFrom('groups').select('id').where('slug', '=', 'safermk-board').executeTakeFirstOrThrow();
    // The 3rd Tuesday at 18:00, six times from October; February's agenda is published.
    const series = await weeklyTraining(server, 'Town centre panel', 'FREQ=MONTHLY;BYDAY=3TU;COUNT=6', '2022-10-18T17:00:00Z', {
      kind: 'meeting',
      groupId: board.id,
    });
    const february = { eventId: series.id, occurrence: '2023-02-21T18:00:00Z' };
    const item = { title: 'Night-time economy', lead: 'Chair', description: '', exempt: false, exemptReason: '' };
    await addAgendaItem(store, february, item, ctx);
    await publishAgenda(store, (await loadMeeting(store, february))!, ctx);

    await page.goto(`${server.url}/organise/events/${series.id}/edit`);
    await page.getByLabel('Custom rule').fill('FREQ=MONTHLY;BYDAY=3TU;COUNT=4');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Choose whether to keep or drop the dates the new pattern has no place for (listed below: a meeting whose agenda or minutes are published stays only if you keep it), and save again',
    );
    const asked = page.getByRole('group', { name: 'Dates the new pattern has no place for' });
    expect(await asked.textContent()).toContain(
      'Tuesday 21 February 2023, 18:00–19:00 at Wolverton Library, whose agenda or minutes are published',
    );
    expect(await asked.textContent()).not.toContain('March');
    expect((await getEvent(store, series.id))!.rrule).toContain('COUNT=6');

    await asked.getByRole('radio', { name: 'Keep them' }).check();
    await page.getByRole('button', { name: 'Save event' }).click();
    expect((await page.locator('main').textContent())!).toContain(
      'A moved date kept on its own: Town centre panel, Tuesday 21 February 2023, 18:00–19:00',
    );
    expect((await getEvent(store, series.id))!.rrule).toContain('COUNT=4');
  });

  it('keeps a moved date on its own when asked, and its page says where it came from, not that it continues the series', async () => {
    await shortenedWithAMovedDate('Speed watch briefing');
    await page
      .getByRole('group', { name: 'Moved dates the new pattern has no place for' })
      .getByRole('radio', { name: 'Keep them' })
      .check();
    await page.getByRole('button', { name: 'Save event' }).click();

    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('A moved date kept on its own: Speed watch briefing, Thursday 17 November 2022, 18:00–19:00');
    expect(main).not.toContain('Continues as');
    await page.locator('p', { hasText: 'A moved date kept on its own' }).getByRole('link').click();
    const kept = (await page.locator('main').textContent())!;
    expect(kept).toContain('Thursday 17 November 2022, 18:00–19:00');
    expect(kept).toMatch(/A moved date of Speed watch briefing(?: \(.+\))?, kept on its own when the series changed/);
    expect(kept).not.toContain('Earlier dates');
  });
});
