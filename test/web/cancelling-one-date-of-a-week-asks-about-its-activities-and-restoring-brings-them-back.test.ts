/**
 * The confirmation page for cancelling one date of a repeating campaign week lists the partner
 * activities inside that date and asks whether to cancel them with it (the default) or keep them,
 * as the whole week's cancel page does; the date's Restore brings back the activities it
 * cancelled (issue 10, ADR 210). The move form of a date with activities still to come asks what
 * they do (move with it, the default; cancelled; stay), listing them, and no other date's form asks;
 * a date moved with them says so and its Restore moves them back (ADR 271). Real Chromium with
 * JavaScript off, real SQLite.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, getEvent, putException } from '../../src/db/events.js';
import type { EventFields } from '../../src/domain/event.js';
import { openChromium, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('cancelling one date of a repeating campaign week in the workspace', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let weekId: string;
  let talkId: string;

  const event = (fields: Partial<EventFields> & Pick<EventFields, 'kind' | 'title' | 'when'>) =>
    createEvent(
      server.handle.store,
      {
        description: '',
        location: '',
        links: [],
        timezone: 'Europe/London',
        rrule: null,
        themes: [],
        organisationId: null,
        groupId: null,
        parentId: null,
        visibility: 'public',
        status: 'published',
        ...fields,
      },
      { actor: 'test-setup', now: server.clock() },
    );

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ now: '2022-10-03T09:00:00Z' }), openChromium()]);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
    // A week of action on the second Monday of every month for five days; a talk on Wed 9 November.
    weekId = (
      await event({
        kind: 'campaign_week',
        title: 'Safer Streets Week',
        when: { allDay: true, startDate: '2022-10-10', endDate: '2022-10-14' },
        rrule: 'FREQ=MONTHLY;BYDAY=2MO;COUNT=4',
      })
    ).id;
    talkId = (
      await event({
        kind: 'activity',
        title: 'Talk on street lighting',
        when: { allDay: false, startsAt: '2022-11-16T18:00:00Z', endsAt: '2022-11-16T19:00:00Z' },
        parentId: weekId,
      })
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the activities of that date with "Cancel them with this date" chosen, and cancels them with it', async () => {
    await page.goto(`${server.url}/organise/events/${weekId}/occurrences/cancel?recurrenceId=2022-11-14`);
    const group = page.getByRole('group', { name: 'The partner activities of this date' });
    expect(await group.getByRole('link').allTextContents()).toEqual(['Talk on street lighting']);
    expect(await page.getByLabel('Cancel them with this date (restoring the date brings them back)').isChecked()).toBe(true);
    expect(await page.getByLabel('Keep them going without this date (their reminders still go out)').isChecked()).toBe(false);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/cancel-week-date-confirmation.png`, fullPage: true });
    expect((await getEvent(server.handle.store, talkId))!.status).toBe('published');

    await page.getByLabel('Reason').fill('Officers redeployed');
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The date has been cancelled.');
    expect(await getEvent(server.handle.store, talkId)).toMatchObject({
      status: 'cancelled',
      parentOutcome: 'cancelled_with_parent',
      cancelReason: 'Part of Safer Streets Week (14–18 November 2022), which was cancelled: Officers redeployed',
    });
  });

  it('restores the date with its activities from the list of dates', async () => {
    await page.goto(`${server.url}/organise/events/${weekId}/occurrences`);
    await page.getByRole('button', { name: /Restore this date/ }).click();
    expect(await getEvent(server.handle.store, talkId)).toMatchObject({ status: 'published', parentOutcome: null, cancelReason: '' });
  });

  it('asks on the move form of a date with activities what they do, moves them with it by default, and restoring takes them back', async () => {
    await page.goto(`${server.url}/organise/events/${weekId}/occurrences`);
    const november = page.getByRole('region', { name: '14–18 November 2022' });
    const october = page.getByRole('region', { name: '10–14 October 2022' });
    await november.getByText('Move this date').click();
    const question = november.getByRole('group', { name: 'If this date moves to another day, its partner activities' });
    expect(await question.textContent()).toContain('Talk on street lighting (Wednesday 16 November 2022, 18:00–19:00)');
    expect(await november.getByLabel('Move with the date, by the same number of days').isChecked()).toBe(true);
    expect(await october.getByRole('group', { name: /its partner activities/ }).count()).toBe(0);

    await november.getByRole('textbox', { name: 'Day', exact: true }).fill('21');
    await november.getByRole('button', { name: 'Move' }).click();
    expect(await getEvent(server.handle.store, talkId)).toMatchObject({
      when: { startsAt: '2022-11-23T18:00:00Z' },
      changeReason: 'Part of Safer Streets Week (14–18 November 2022), which moved',
    });
    const moved = page.getByRole('region', { name: '14–18 November 2022' });
    expect(await moved.textContent()).toContain('Moved with it: Talk on street lighting; restoring the date moves it back too.');
    await moved.getByRole('button', { name: /Restore this date/ }).click();
    expect((await getEvent(server.handle.store, talkId))!.when).toMatchObject({ startsAt: '2022-11-16T18:00:00Z' });

    // The week's edit form asks the same of a change of its pattern.
    await page.goto(`${server.url}/organise/events/${weekId}/edit`);
    const edit = page.getByRole('group', { name: 'If the week’s dates move, its partner activities' });
    expect(await edit.textContent()).toContain('Talk on street lighting (Wednesday 16 November 2022, 18:00–19:00)');
    expect(await edit.getByLabel('Move with their date of the week, by the same number of days').isChecked()).toBe(true);
  });

  it('keeps the activities going when the organiser chooses so', async () => {
    await page.goto(`${server.url}/organise/events/${weekId}/occurrences/cancel?recurrenceId=2022-11-14`);
    await page.getByLabel('Keep them going without this date (their reminders still go out)').check();
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    expect(await getEvent(server.handle.store, talkId)).toMatchObject({ status: 'published', parentOutcome: 'kept' });
  });

  it('names a moved date where it is now when cancelling it, and the week’s page lists it there in week words (issue 10)', async () => {
    const week = (await getEvent(server.handle.store, weekId))!;
    await putException(
      server.handle.store,
      week,
      {
        recurrenceId: '2022-12-12',
        kind: 'moved',
        when: { allDay: true, startDate: '2022-12-19', endDate: '2022-12-23' },
        location: null,
        note: '',
      },
      { actor: 'test-setup', now: server.clock() },
    );
    // The dates page's buttons name the date where it is now, as its confirmation does.
    await page.goto(`${server.url}/organise/events/${weekId}/occurrences?from=2022-12-01`);
    const row = page.getByRole('region', { name: '12–16 December 2022' });
    expect(await row.getByRole('button', { name: 'Restore this date (19–23 December 2022)' }).count()).toBe(1);
    expect(await row.getByText('Move this date (19–23 December 2022)').count()).toBe(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/dates-page-moved-week-date.png`, fullPage: true });
    await row.getByRole('link', { name: 'Cancel this date (19–23 December 2022)' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Cancel Safer Streets Week on 19–23 December 2022 (moved from 12–16 December 2022)?',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/cancel-moved-week-date.png`, fullPage: true });
    await page.getByLabel('Reason').fill('Hall flooded');
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    await page.goto(`${server.url}/events/${weekId}`);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Weeks cancelled: 14–18 November 2022; 19–23 December 2022 (Hall flooded)');
    expect(main).not.toContain('Not meeting on');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/week-page-cancelled-weeks.png`, fullPage: true });
  });
});
