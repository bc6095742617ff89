/**
 * The small things a new user met on series edits through the API (issue 10): `from` with "all
 * dates" is refused rather than ignored, and a `from` of the wrong type gets one error naming it;
 * DELETE of an occurrence key that is no date of the series answers as PUT does; a split's new part
 * carries the organiser's reason; a week's activities show what became of them; a part left with
 * one cancelled date is a cancelled one-off; "all dates" of a part whose dates have all passed
 * reaches its later parts. Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('series edits through the API', () => {
  let t: TestApp;
  const surgery = {
    kind: 'training',
    title: 'Neighbourhood surgery',
    visibility: 'public',
    location: 'Wolverton Library',
    start: '2026-09-07T18:00',
    end: '2026-09-07T19:00',
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
  };
  const create = async (extra: Record<string, unknown> = {}) =>
    (await t.call('POST', '/api/events', { ...surgery, ...extra })).body.id as string;
  const get = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('refuses `from` with "all dates", and answers a `from` of the wrong type with one error naming it', async () => {
    const id = await create({ title: 'From checks' });
    for (const body of [
      { dates: 'all', from: '2026-09-21T17:00:00Z', location: 'Hall' },
      { from: '2026-09-21T17:00:00Z', location: 'Hall' },
    ]) {
      const res = await t.call('PATCH', `/api/events/${id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'from', message: 'applies only with "dates": "following" (this and following dates); "all" changes every date' },
      ]);
    }
    const number = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: 12345, location: 'Hall' });
    expect(number.status).toBe(400);
    expect(number.body.errors).toEqual([
      {
        field: 'from',
        message: 'must be text: the RECURRENCE-ID of a date of the series, like "2026-10-21T17:00:00Z" (it is a number)',
      },
    ]);
    expect((await get(id)).location).toBe('Wolverton Library');
  });

  it('DELETE of a key that is no date of the series answers 400 naming recurrenceId with the nearest dates, as PUT does', async () => {
    const id = await create({ title: 'Key checks' });
    const key = '2026-09-09T17:00:00Z'; // a Wednesday: the surgery is on Mondays
    const put = await t.call('PUT', `/api/events/${id}/occurrences/${key}`, { status: 'cancelled' });
    const del = await t.call('DELETE', `/api/events/${id}/occurrences/${key}`);
    expect([put.status, put.body.error.field]).toEqual([400, 'recurrenceId']);
    expect(put.body.error.message).toContain('the nearest are 2026-09-07T18:00 and 2026-09-14T18:00');
    expect([del.status, del.body.error]).toEqual([400, put.body.error]);
  });

  it("a split gives the new part the organiser's reason, in its answer and its own history", async () => {
    const id = await create({ title: 'Reason checks' });
    const reason = 'The library closes early on Mondays from October.';
    const split = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2026-10-05T17:00:00Z',
      start: '2026-10-05T17:00',
      end: '2026-10-05T18:00',
      reason,
    });
    expect(split.status).toBe(200);
    expect([(await get(id)).changeReason, (await get(split.body.id)).changeReason]).toEqual([reason, reason]);
    const history = (await t.call('GET', `/api/audit?entity=event&entityId=${split.body.id}`)).body.entries;
    expect(history.map((e: any) => [e.action, e.changes.reason])).toEqual([['create', reason]]);
  });

  it("lists a cancelled week's activities with what became of each (parentOutcome), as each activity says", async () => {
    const week = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'County Lines Intensification Week',
        visibility: 'public',
        start: '2026-11-09',
        end: '2026-11-15',
      })
    ).body.id as string;
    const activity = (
      await t.call('POST', '/api/events', {
        kind: 'activity',
        title: 'Stall at the college',
        visibility: 'public',
        parentId: week,
        start: '2026-11-10T12:00',
        end: '2026-11-10T14:00',
      })
    ).body.id as string;
    expect((await get(week)).activities.map((a: any) => [a.id, a.parentOutcome])).toEqual([[activity, null]]);
    expect((await t.call('POST', `/api/events/${week}/cancel`, { activities: 'keep' })).status).toBe(200);
    expect((await get(activity)).parentOutcome).toBe('kept');
    expect((await get(week)).activities.map((a: any) => [a.id, a.parentOutcome])).toEqual([[activity, 'kept']]);
  });

  it('a part left with one date that is cancelled becomes a cancelled one-off, which can be restored', async () => {
    const id = await create({ title: 'Cancelled first date' });
    expect(
      (await t.call('PUT', `/api/events/${id}/occurrences/2026-09-07T17:00:00Z`, { status: 'cancelled', note: 'Room flooded' })).status,
    ).toBe(200);
    const split = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2026-09-14T17:00:00Z', location: 'Hall' });
    expect(split.status).toBe(200);
    expect(await get(id)).toMatchObject({
      rrule: null,
      status: 'cancelled',
      cancelReason: 'Room flooded',
      start: '2026-09-07T18:00:00+01:00',
      exceptions: [],
    });
    const restored = await t.call('POST', `/api/events/${id}/restore`);
    expect([restored.status, restored.body.status]).toEqual([200, 'published']);
  });

  it('"all dates" of a part whose dates have all passed changes its later parts and keeps its own past dates', async () => {
    const id = await create({ title: 'Passed part' });
    const later = (
      await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2026-09-21T17:00:00Z', description: 'With the council' })
    ).body.id as string;
    t.clock.set('2026-09-17T09:00:00Z'); // 7 and 14 September have passed
    try {
      const edit = await t.call('PATCH', `/api/events/${id}`, { dates: 'all', location: 'Wolverton Youth Centre' });
      expect(edit.status, JSON.stringify(edit.body)).toBe(200);
      expect(edit.body.series.continuations.map((c: any) => c.eventId)).toEqual([later]);
      expect(edit.body.series.message).toContain('Every date of this part has passed and is kept as it happened');
      expect([(await get(id)).location, (await get(later)).location]).toEqual(['Wolverton Library', 'Wolverton Youth Centre']);
      // With no later part, "every date has passed" stands.
      const alone = await t.call('PATCH', `/api/events/${later}`, { dates: 'all', location: 'Bletchley Library' });
      expect(alone.status).toBe(200);
    } finally {
      t.clock.set('2026-09-01T09:00:00Z');
    }
  });

  it('reads an end sent alone with "following" against the chosen date: before its start is 400 naming end, after it a new length', async () => {
    const id = await create({ title: 'Backwards following' });
    expect(
      (await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from: '2026-10-05T17:00:00Z', location: 'Hall' })).status,
    ).toBe(200);
    const before = await get(id);
    const backwards = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2026-09-21T17:00:00Z',
      end: '2026-09-21T17:30',
    });
    expect(backwards.status, JSON.stringify(backwards.body)).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'end', message: 'must not be before start' }]);
    expect(await get(id)).toEqual(before);
    const longer = await t.call('PATCH', `/api/events/${id}`, {
      dates: 'following',
      from: '2026-09-21T17:00:00Z',
      end: '2026-09-21T20:00',
    });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    expect([longer.body.start, longer.body.end]).toEqual(['2026-09-21T18:00:00+01:00', '2026-09-21T20:00:00+01:00']);
  });
});
