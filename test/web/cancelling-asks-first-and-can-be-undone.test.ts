/**
 * Destructive actions in real Chromium with JavaScript off: cancelling a campaign week asks first,
 * lists its partner activities with the choice of cancelling them with it (the default) or keeping
 * them, and can be undone (one activity restored alone goes ahead without its week); an already-moved date opens its move form at its moved time and venue;
 * a date cannot be moved onto another date of the series, nor restored where another date was moved since,
 * nor a cancelled part of a split series restored where a date of another part was moved since;
 * a date moved to the second 01:30 of the autumn change keeps it through a note-only change, and
 * "Move" with nothing changed writes nothing (ADR 270).
 */
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelWithActivities, putDateWithActivities } from '../../src/cancellations/index.js';
import { getEvent } from '../../src/db/events.js';
import { editEvent } from '../../src/series/index.js';
import { fillDate, openChromium, signIn } from './support/browser.js';
import { weeklyTraining } from './support/series.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('cancelling asks first, says who will be told, and can be undone', () => {
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

  async function openManage(title: string, status = '') {
    await page.goto(`${server.url}/organise/events?q=${encodeURIComponent(title)}&status=${status}`);
    await page.getByRole('link', { name: title, exact: true }).first().click();
  }

  async function feedEvent(summary: string): Promise<ICAL.Component | undefined> {
    const res = await page.request.get(`${server.url}/feeds/public.ics`);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    // A cancelled event's SUMMARY reads "Cancelled: <title>".
    return calendar
      .getAllSubcomponents('vevent')
      .find((v) => String(v.getFirstPropertyValue('summary')).replace(/^Cancelled: /, '') === summary);
  }

  it('shows the campaign week, its activities and the choice for them before anything changes', async () => {
    await openManage('National Hate Crime Awareness Week');
    await page.getByRole('link', { name: 'Cancel this event' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cancel National Hate Crime Awareness Week?');
    const group = page.getByRole('group', { name: 'Its partner activities' });
    expect(await group.getByRole('link').allTextContents()).toEqual([
      'Women’s experience of hate crime',
      'Officers at the college: recognising and reporting hate crime',
    ]);
    expect(await page.getByLabel('Cancel them with the week (restoring the week brings them back)').isChecked()).toBe(true);
    expect(await page.locator('main').textContent()).toContain('Nobody has been sent a reminder yet');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/cancel-week-confirmation.png`, fullPage: true });
    // Nothing changed by looking.
    expect(await (await feedEvent('National Hate Crime Awareness Week'))?.getFirstPropertyValue('status')).not.toBe('CANCELLED');
  });

  it('cancels the week with its activities; the activity page and the feed say so', async () => {
    await page.getByLabel('Reason').fill('The venue is being rebuilt');
    await page.getByRole('button', { name: 'Cancel the event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been cancelled.');
    expect(await page.locator('main').textContent()).toContain('This event is cancelled. Reason: The venue is being rebuilt');

    await page.goto(`${server.url}/organise/events?q=${encodeURIComponent('Women’s experience')}&status=cancelled`);
    await page.getByRole('link', { name: 'Women’s experience of hate crime' }).click();
    await page.getByRole('link', { name: 'See the event page' }).click();
    const facts = await page.locator('main').textContent();
    expect(facts).toContain('— National Hate Crime Awareness Week was cancelled; this activity was cancelled with it.');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/activity-of-cancelled-week.png`, fullPage: true });
    const activity = await feedEvent('Women’s experience of hate crime');
    expect(activity?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(String(activity?.getFirstPropertyValue('description'))).toContain(
      'Part of National Hate Crime Awareness Week, which was cancelled: The venue is being rebuilt',
    );
  });

  it('restores one activity of the cancelled week only as going ahead without the week, and says so first (ADR 290)', async () => {
    const title = 'Officers at the college: recognising and reporting hate crime';
    await openManage(title, 'cancelled');
    await page.getByRole('link', { name: 'Restore this event' }).click();
    expect(await page.locator('main').textContent()).toContain(
      'National Hate Crime Awareness Week was cancelled; restored, this activity goes ahead without the week.',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/restore-activity-of-cancelled-week.png`, fullPage: true });
    await page.getByRole('button', { name: 'Restore it without the week' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been restored.');
    await page.getByRole('link', { name: 'See the event page' }).click();
    expect(await page.locator('main').textContent()).toContain(
      '— National Hate Crime Awareness Week was cancelled; this activity still goes ahead.',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/activity-kept-by-restore.png`, fullPage: true });
  });

  it('restores the week after a confirmation listing the activities that come back with it', async () => {
    await openManage('National Hate Crime Awareness Week', 'cancelled');
    await page.getByRole('link', { name: 'Restore this event' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Restore National Hate Crime Awareness Week?');
    expect(await page.locator('main').textContent()).toContain('These partner activities were cancelled with it and come back too');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/restore-week-confirmation.png`, fullPage: true });
    await page.getByRole('button', { name: 'Restore the event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been restored.');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/restored-event.png`, fullPage: true });
    expect((await feedEvent('Women’s experience of hate crime'))?.getFirstPropertyValue('status')).not.toBe('CANCELLED');
    expect((await feedEvent('National Hate Crime Awareness Week'))?.getFirstPropertyValue('status')).not.toBe('CANCELLED');
  });

  it('opens an already-moved date at its moved time and venue, and refuses a move onto another date', async () => {
    await openManage('Independent Advisory Group meeting');
    await page.getByRole('link', { name: 'Cancel or move one date' }).click();
    const october = page.getByRole('region', { name: 'Wednesday 19 October 2022, 18:00–20:00' });
    await october.getByText('Move this date').click();
    const location = await october.getByLabel('Venue').inputValue();
    expect(location).not.toBe('');
    expect(location).not.toBe('Venue confirmed with the agenda');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/move-form-prefilled.png`, fullPage: true });
    await fillDate(october, 'Date', '2022-11-16');
    await october.getByLabel('Start time').fill('18:00');
    await october.getByRole('button', { name: 'Move' }).click();
    const again = page.getByRole('region', { name: 'Wednesday 19 October 2022, 18:00–20:00' });
    expect(await again.textContent()).toContain('is the start of another date of this series (Wednesday 16 November 2022, 18:00)');
    // The summary at the top names the field as the form labels it.
    expect(await page.getByRole('alert').textContent()).toContain('The new date is the start of another date of this series');
  });

  it('cancels one date only after its confirmation page', async () => {
    await page.goto(`${server.url}/organise/events?q=${encodeURIComponent('Independent Advisory Group meeting')}`);
    await page.getByRole('link', { name: 'Independent Advisory Group meeting', exact: true }).first().click();
    await page.getByRole('link', { name: 'Cancel or move one date' }).click();
    await page.getByRole('link', { name: 'Cancel this date (Wednesday 16 November 2022, 18:00–20:00)' }).click();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/cancel-date-confirmation.png`, fullPage: true });
    await page.getByLabel('Reason').fill('The chair & deputy are away <i>');
    await page.getByRole('button', { name: 'Cancel this date' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The date has been cancelled.');
    // The reason is shown, as text, where the cancel page promised: on the dates page and the event page (ADR 270).
    expect(await page.getByRole('region', { name: 'Wednesday 16 November 2022, 18:00–20:00' }).textContent()).toContain(
      'Cancelled. Reason: The chair & deputy are away <i>',
    );
    await page.getByRole('link', { name: '← Back to the event' }).click();
    await page.getByRole('link', { name: 'See the event page' }).click();
    expect(await page.locator('main').textContent()).toContain('Not meeting on: Wed 16 Nov 2022 (The chair & deputy are away <i>)');
    await page.goBack();
    await page.getByRole('link', { name: 'Cancel or move one date' }).click();
  });

  it('will not restore a date where another date was moved since, and says which way out there is', async () => {
    // 16 November is cancelled (above), so its time is free: October's date may move there.
    const october = page.getByRole('region', { name: 'Wednesday 19 October 2022, 18:00–20:00' });
    await october.getByText('Move this date').click();
    await fillDate(october, 'Date', '2022-11-16');
    await october.getByLabel('Start time').fill('18:00');
    await october.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The date has been updated.');
    // Restoring 16 November now would give the series two dates at 18:00 that evening.
    const november = page.getByRole('region', { name: 'Wednesday 16 November 2022, 18:00–20:00' });
    await november.getByRole('button', { name: /Restore this date/ }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'This date cannot come back at its time (Wednesday 16 November 2022, 18:00): another date of this series was moved there',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/restore-date-refused.png`, fullPage: true });
    expect(await page.getByRole('region', { name: 'Wednesday 16 November 2022, 18:00–20:00' }).textContent()).toContain('Cancelled.');
    const starts = (await page.request.get(`${server.url}/feeds/public.ics`).then((r) => r.text())).match(
      /DTSTART;TZID=Europe\/London:20221116T180000/g,
    );
    expect(starts).toHaveLength(1);
  });

  it('will not restore a cancelled part where a date of another part was moved since, and says so on its page', async () => {
    const { store } = server.handle;
    const ctx = { actor: 'test-setup', now: server.clock() };
    const first = await weeklyTraining(server, 'Tenants forum', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4', '2022-11-02T18:00:00Z');
    const request = { dates: 'following' as const, from: '2022-11-16T18:00:00Z', orphans: null, reason: '', activities: null };
    const later = await editEvent(store, first, { ...first, location: 'Annex' }, request, ctx);
    if (!later.ok) throw new Error(JSON.stringify(later.errors));
    await cancelWithActivities(store, later.event, { reason: 'Annex closed', activities: 'cancel' }, ctx);
    // The cancelled part's 23 November is free, so 9 November may move there.
    const moved = { allDay: false as const, startsAt: '2022-11-23T18:00:00Z', endsAt: '2022-11-23T19:00:00Z' };
    const exception = { recurrenceId: '2022-11-09T18:00:00Z', kind: 'moved' as const, when: moved, location: null, note: '' };
    await putDateWithActivities(store, (await getEvent(store, first.id))!, exception, 'cancel', ctx);

    await page.goto(`${server.url}/organise/events/${later.event.id}/restore`);
    await page.getByRole('button', { name: 'Restore the event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'This event cannot come back: two dates of this series would start at one moment (Wednesday 23 November 2022, 18:00), where the date of Wednesday 9 November 2022 was moved, in its part "Tenants forum" (from Wednesday 2 November 2022); move that date elsewhere first, or leave this event cancelled.',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/restore-part-refused.png`, fullPage: true });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Restore Tenants forum?');
    expect((await getEvent(store, later.event.id))!.status).toBe('cancelled');
  });

  it('keeps a move to 01:30 GMT through a note-only change, and writes nothing when nothing changed', async () => {
    const { store } = server.handle;
    const ctx = { actor: 'test-setup', now: server.clock() };
    // Daily at 01:30 UK time over the night the clocks go back (Sunday 31 October 2027).
    const series = await weeklyTraining(server, 'Night shift handover', 'FREQ=DAILY;COUNT=5', '2027-10-29T00:30:00Z');
    const gmt = { allDay: false as const, startsAt: '2027-10-31T01:30:00Z', endsAt: '2027-10-31T02:30:00Z' };
    await putDateWithActivities(
      store,
      series,
      { recurrenceId: '2027-10-31T00:30:00Z', kind: 'moved', when: gmt, location: null, note: '' },
      'cancel',
      ctx,
    );
    await page.goto(`${server.url}/organise/events/${series.id}/occurrences?from=2027-10-28`);
    expect(await page.locator('#dates').textContent()).toContain('except 31 October 2027 (moved to 01:30 GMT)');
    const sunday = page.getByRole('region', { name: 'Sunday 31 October 2027, 01:30 BST–01:30 GMT' });
    expect(await sunday.textContent()).toContain('Moved to Sunday 31 October 2027, 01:30–02:30 GMT, Wolverton Library.');
    await sunday.getByText('Move this date').click();
    expect(await sunday.getByLabel('01:30 GMT (the second, an hour later)').isChecked()).toBe(true);
    await sunday.getByLabel('Note').fill('Night staff only');
    await sunday.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The date has been updated.');
    const saved = (await getEvent(store, series.id))!.exceptions;
    expect(saved.map((e) => [e.when, e.note])).toEqual([[gmt, 'Night staff only']]);
    expect(await page.getByRole('region', { name: /^Sunday 31 October 2027/ }).textContent()).toContain(
      'Moved to Sunday 31 October 2027, 01:30–02:30 GMT',
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/dates-page-gmt-move-kept.png`, fullPage: true });

    // "Move" unchanged, or the same time typed another way: nothing to change, nothing written.
    const sundayAgain = page.getByRole('region', { name: /^Sunday 31 October 2027/ });
    await sundayAgain.getByText('Move this date').click();
    await sundayAgain.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Nothing to change');
    const friday = page.getByRole('region', { name: 'Friday 29 October 2027, 01:30–02:30' });
    await friday.getByText('Move this date').click();
    await friday.getByLabel('Start time').fill('1.30am');
    await friday.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Nothing to change');
    expect((await getEvent(store, series.id))!.exceptions).toEqual(saved);
    // A note alone on a date that stays put is refused beside the note, not dropped.
    const again = page.getByRole('region', { name: 'Friday 29 October 2027, 01:30–02:30' });
    await again.getByText('Move this date').click();
    await again.getByLabel('Note').fill('Bring keys');
    await again.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Note goes with a move or a cancellation');
    expect(await page.getByRole('region', { name: 'Friday 29 October 2027, 01:30–02:30' }).getByLabel('Note').inputValue()).toBe(
      'Bring keys',
    );

    // A moved date's venue cleared is the series' venue again, and the page says so.
    const saturday = page.getByRole('region', { name: 'Saturday 30 October 2027, 01:30–02:30' });
    await saturday.getByText('Move this date').click();
    await saturday.getByLabel('Start time').fill('02:30');
    await saturday.getByLabel('Venue').fill('Room Z');
    await saturday.getByRole('button', { name: 'Move' }).click();
    const moved = page.getByRole('region', { name: 'Saturday 30 October 2027, 01:30–02:30' });
    expect(await moved.textContent()).toContain('Moved to Saturday 30 October 2027, 02:30–03:30, Room Z.');
    await moved.getByText('Move this date').click();
    await moved.getByLabel('Venue').fill('');
    await moved.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Its venue is the series’ own again: Wolverton Library.');
    expect(await page.getByRole('region', { name: 'Saturday 30 October 2027, 01:30–02:30' }).textContent()).toContain(
      'Moved to Saturday 30 October 2027, 02:30–03:30, Wolverton Library.',
    );
    expect((await getEvent(store, series.id))!.exceptions.find((e) => e.recurrenceId === '2027-10-30T00:30:00Z')?.location).toBeNull();
  });
});
