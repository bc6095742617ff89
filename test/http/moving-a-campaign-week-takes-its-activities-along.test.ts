/**
 * Moving a campaign week through the API (ADR 120): its partner activities still to come move by
 * the same number of days by default (an evening talk keeps its UK time across the October clock
 * change), or are cancelled, or stay on their dates, as the organiser says; a past activity is
 * never moved; the reason is kept for the "Changed" e-mails; a bad choice is a 4xx naming the
 * field and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('moving a campaign week', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  async function weekWithActivities(title: string) {
    const create = async (body: Record<string, unknown>) => {
      const res = await t.call('POST', '/api/events', body);
      expect(res.status).toBe(201);
      return res.body;
    };
    // Mon 19 – Fri 23 October 2026; the clocks go back on Sunday 25 October.
    const week = await create({ kind: 'campaign_week', title, start: '2026-10-19', end: '2026-10-23' });
    const stall = await create({ kind: 'activity', title: 'Market stall', start: '2026-10-20', parentId: week.id });
    const talk = await create({
      kind: 'activity',
      title: 'Evening talk on loan sharks',
      start: '2026-10-21T18:00',
      end: '2026-10-21T19:30',
      location: 'Bletchley Library',
      parentId: week.id,
    });
    return { week, stall, talk };
  }

  const get = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body;

  it('moves the activities by the same number of days by default, at the same UK time, with the reason', async () => {
    const { week, stall, talk } = await weekWithActivities('Bite Back Week');
    const moved = await t.call('PATCH', `/api/events/${week.id}`, {
      start: '2026-10-26',
      end: '2026-10-30',
      reason: 'The market hall is closed that week',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.series.activities).toEqual({
      days: 7,
      choice: 'shift',
      shifted: expect.arrayContaining([stall.id, talk.id]),
      cancelled: [],
      kept: [],
    });
    expect(moved.body.series.message).toContain('2 partner activities moved 7 days later with the week.');
    expect(moved.body.changeReason).toBe('The market hall is closed that week');
    expect(await get(stall.id)).toMatchObject({ allDay: true, start: '2026-10-27', end: '2026-10-27', sequence: 1 });
    // 18:00 BST was 17:00 UTC; a week later 18:00 GMT is 18:00 UTC: the talk keeps its time on the wall clock.
    expect(await get(talk.id)).toMatchObject({
      start: '2026-10-28T18:00:00+00:00',
      end: '2026-10-28T19:30:00+00:00',
      location: 'Bletchley Library',
      status: 'published',
      changeReason: 'Part of Bite Back Week, which moved: The market hall is closed that week',
    });
    // A week moved back and forth brings them back to where they were.
    const back = await t.call('PATCH', `/api/events/${week.id}`, { start: '2026-10-19', end: '2026-10-23' });
    expect(back.body.series.activities.days).toBe(-7);
    expect((await get(talk.id)).start).toBe('2026-10-21T18:00:00+01:00');
    expect((await get(talk.id)).changeReason).toBe('Part of Bite Back Week, which moved');
  });

  it('cancels the activities still to come when asked, quoting the move as their reason', async () => {
    const { week, stall, talk } = await weekWithActivities('County Lines Intensification Week');
    const moved = await t.call('PATCH', `/api/events/${week.id}`, { start: '2026-11-02', end: '2026-11-06', activities: 'cancel' });
    expect(moved.status).toBe(200);
    expect(moved.body.series.activities).toMatchObject({ days: 14, choice: 'cancel', shifted: [], kept: [] });
    for (const id of [stall.id, talk.id]) {
      expect(await get(id)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'Part of County Lines Intensification Week, which moved',
      });
    }
    expect((await get(talk.id)).start).toBe('2026-10-21T18:00:00+01:00');
  });

  it('leaves the activities on their dates when asked, and leaves a past activity alone whatever the choice', async () => {
    const { week, stall, talk } = await weekWithActivities('Road Safety Week');
    const keep = await t.call('PATCH', `/api/events/${week.id}`, { start: '2026-10-12', end: '2026-10-16', activities: 'keep' });
    expect(keep.body.series.activities).toMatchObject({ days: -7, choice: 'keep', kept: expect.arrayContaining([stall.id, talk.id]) });
    expect(await get(stall.id)).toMatchObject({ start: '2026-10-20', sequence: 0 });

    // After the market stall has taken place, a move shifts only the talk still to come.
    t.clock.set('2026-10-20T12:00:00Z');
    const later = await t.call('PATCH', `/api/events/${week.id}`, { start: '2026-10-13', end: '2026-10-17' });
    expect(later.body.series.activities).toMatchObject({ days: 1, shifted: [talk.id] });
    expect((await get(stall.id)).start).toBe('2026-10-20');
    expect((await get(talk.id)).start).toBe('2026-10-22T18:00:00+01:00');
    t.clock.set('2026-09-01T09:00:00Z');
  });

  it('changes nothing of the activities when the week keeps its first day (a longer week, a new title)', async () => {
    const { week, talk } = await weekWithActivities('Hate Crime Awareness Week');
    const longer = await t.call('PATCH', `/api/events/${week.id}`, { end: '2026-10-25' });
    expect(longer.status).toBe(200);
    expect(longer.body.series.activities).toBeNull();
    expect(await get(talk.id)).toMatchObject({ start: '2026-10-21T18:00:00+01:00', sequence: 0 });
  });

  it('refuses a choice it cannot follow, naming the field, and changes nothing', async () => {
    const { week, talk } = await weekWithActivities('Knife Crime Awareness Week');
    const bad = await t.call('PATCH', `/api/events/${week.id}`, { start: '2026-10-26', end: '2026-10-30', activities: 'move' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('activities');
    const training = (
      await t.call('POST', '/api/events', {
        kind: 'training',
        title: 'Gang awareness training',
        start: '2026-10-15T14:00',
        end: '2026-10-15T16:00',
      })
    ).body;
    const notAWeek = await t.call('PATCH', `/api/events/${training.id}`, {
      start: '2026-10-22T14:00',
      end: '2026-10-22T16:00',
      activities: 'shift',
    });
    expect(notAWeek.status).toBe(422);
    expect(notAWeek.body.error).toMatchObject({ field: 'activities' });
    // Cancelling has no new dates to shift to.
    const cancelShift = await t.call('POST', `/api/events/${week.id}/cancel`, { activities: 'shift' });
    expect(cancelShift.status).toBe(400);
    expect(cancelShift.body.error.message).toContain('no new dates');
    expect(await get(week.id)).toMatchObject({ start: '2026-10-19', status: 'published', sequence: 0 });
    expect(await get(talk.id)).toMatchObject({ start: '2026-10-21T18:00:00+01:00', sequence: 0 });
    expect((await get(training.id)).sequence).toBe(0);
  });
});
