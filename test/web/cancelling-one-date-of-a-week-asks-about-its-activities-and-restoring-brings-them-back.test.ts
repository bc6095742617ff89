/**
 * The confirmation page for cancelling one date of a repeating campaign week lists the partner
 * activities inside that date and asks whether to cancel them with it (the default) or keep them,
 * as the whole week's cancel page does; the date's Restore brings back the activities it
 * cancelled (issue 10, ADR 210). Real Chromium with JavaScript off, real SQLite.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, getEvent } from '../../src/db/events.js';
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

  it('keeps the activities going when the organiser chooses so', async () => {
    await page.goto(`${server.url}/organise/events/${weekId}/occurrences/cancel?recurrenceId=2022-11-14`);
    await page.getByLabel('Keep them going without this date (their reminders still go out)').check();
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    expect(await getEvent(server.handle.store, talkId)).toMatchObject({ status: 'published', parentOutcome: 'kept' });
  });
});
