/**
 * A partner activity of a repeating campaign week whose date it falls in was cancelled on its own
 * (a per-date cancel) is inside that date, not "outside the week's dates": its page names the date
 * and says it is cancelled. Page HTML through the app, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('the page of an activity inside a cancelled date of its week', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-01-04T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('names the cancelled date instead of saying the activity is outside the week', async () => {
    // A week of action on the second Monday of every month for five days; a talk on Wed 10 March.
    const week = await t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Safer Streets Week',
      visibility: 'public',
      status: 'published',
      start: '2027-01-11',
      end: '2027-01-16',
      rrule: 'FREQ=MONTHLY;BYDAY=2MO;COUNT=6',
    });
    expect(week.status, JSON.stringify(week.body)).toBe(201);
    const talk = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Talk on street lighting',
      visibility: 'public',
      status: 'published',
      start: '2027-03-10T18:00',
      end: '2027-03-10T19:00',
      parentId: week.body.id,
    });
    expect(talk.status, JSON.stringify(talk.body)).toBe(201);
    const cancel = await t.call('PUT', `/api/events/${week.body.id}/occurrences/2027-03-08`, { status: 'cancelled' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);

    const page = await t.app.request(`/events/${talk.body.id}`);
    expect(page.status).toBe(200);
    const text = (await page.text()).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).not.toContain('outside the week');
    expect(text).toContain('Safer Streets Week (8–13 March 2027)');
    // Cancelled with that date (ADR 210), and the page says so.
    expect(text).toContain('That date of the week is cancelled; this activity was cancelled with it.');
  });
});
