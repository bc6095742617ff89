/**
 * `PUT /api/events/{week}/occurrences/{date}` with status "cancelled" takes `activities`: the
 * partner activities inside that date are cancelled with it (the default) or kept ("keep"), in
 * the same batch; DELETE of the date brings back exactly those it cancelled. `activities` on an
 * event that is not a campaign week, or with a move, is a 422 naming it; another value a 400
 * (issue 10, ADR 210). After "this and following" splits the week, the activities of a cancelled
 * date follow it to the later part, so restoring the date there brings them back; while the whole
 * week is cancelled, restoring one date does not (ADR 231). A move of one date takes the
 * activities inside it along too: shifted by the same UK days (the default), cancelled or kept,
 * and restoring the move takes the shifted ones back (ADR 271). Through the app on SQLite, D1 and
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('cancelling one date of a repeating campaign week', () => {
  let t: TestApp;
  let weekId: string;
  const create = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/events', { visibility: 'public', status: 'published', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const status = async (id: string) => (await t.call('GET', `/api/events/${id}`)).body.status;
  /** An event page's text, as a reader sees it. */
  const pageText = async (id: string) => (await (await t.app.request(`/events/${id}`)).text()).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-01-04T09:00:00Z' });
    // A week of action on the second Monday of every month for five days.
    weekId = await create({
      kind: 'campaign_week',
      title: 'Safer Streets Week',
      start: '2027-01-11',
      end: '2027-01-16',
      rrule: 'FREQ=MONTHLY;BYDAY=2MO;COUNT=6',
    });
  });
  afterAll(() => t.close());

  it('cancels the activities inside that date by default, leaves those of other dates, and brings them back with the date', async () => {
    const talk = await create({
      kind: 'activity',
      title: 'Talk on street lighting',
      start: '2027-03-10T18:00',
      end: '2027-03-10T19:00',
      parentId: weekId,
    });
    const stall = await create({
      kind: 'activity',
      title: 'Stall at the market',
      start: '2027-03-12T10:00',
      end: '2027-03-12T14:00',
      parentId: weekId,
    });
    const april = await create({
      kind: 'activity',
      title: 'Bike marking',
      start: '2027-04-14T10:00',
      end: '2027-04-14T12:00',
      parentId: weekId,
    });
    // The stall was called off on its own first: restoring the date must not bring it back.
    expect((await t.call('POST', `/api/events/${stall}/cancel`, { reason: 'No pitch' })).status).toBe(200);

    const cancel = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-03-08`, {
      status: 'cancelled',
      note: 'Officers redeployed',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    // The answer is the week as GET answers it, its activities included.
    expect(cancel.body.activities, JSON.stringify(cancel.body)).toEqual((await t.call('GET', `/api/events/${weekId}`)).body.activities);
    expect(cancel.body.activities.map((a: any) => a.id)).toEqual(expect.arrayContaining([talk, stall, april]));
    expect((await t.call('GET', `/api/events/${talk}`)).body).toMatchObject({
      status: 'cancelled',
      parentOutcome: 'cancelled_with_parent',
      cancelReason: 'Part of Safer Streets Week (8–13 March 2027), which was cancelled: Officers redeployed',
    });
    expect(await status(april)).toBe('published');
    const march = await t.call('GET', '/api/occurrences?from=2027-03-01&to=2027-03-31&limit=20');
    const titles = march.body.occurrences.filter((o: any) => o.status !== 'cancelled').map((o: any) => o.title);
    expect(titles).not.toContain('Talk on street lighting');

    const restore = await t.call('DELETE', `/api/events/${weekId}/occurrences/2027-03-08`);
    expect(restore.status, JSON.stringify(restore.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${talk}`)).body).toMatchObject({ status: 'published', parentOutcome: null, cancelReason: '' });
    expect((await t.call('GET', `/api/events/${stall}`)).body).toMatchObject({ status: 'cancelled', cancelReason: 'No pitch' });
  });

  it('keeps the activities going with "keep", and restoring the date clears the mark', async () => {
    const film = await create({
      kind: 'activity',
      title: 'Film night',
      start: '2027-05-12T19:00',
      end: '2027-05-12T21:00',
      parentId: weekId,
    });
    const cancel = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-05-10`, { status: 'cancelled', activities: 'keep' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${film}`)).body).toMatchObject({ status: 'published', parentOutcome: 'kept' });
    expect((await t.call('DELETE', `/api/events/${weekId}/occurrences/2027-05-10`)).status).toBe(200);
    expect((await t.call('GET', `/api/events/${film}`)).body).toMatchObject({ status: 'published', parentOutcome: null });
  });

  it('after a split, restoring a cancelled date in the later part brings its activities back', async () => {
    const wx = await create({
      kind: 'campaign_week',
      title: 'Summer Safety Week',
      start: '2027-06-07',
      end: '2027-06-11',
      rrule: 'FREQ=MONTHLY;COUNT=3',
    });
    const ax = await create({
      kind: 'activity',
      title: 'Water safety talk',
      start: '2027-07-08T10:00',
      end: '2027-07-08T11:00',
      parentId: wx,
    });
    const off = await t.call('PUT', `/api/events/${wx}/occurrences/2027-07-07`, { status: 'cancelled', note: 'july off' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(await status(ax)).toBe('cancelled');
    const split = await t.call('PATCH', `/api/events/${wx}`, { dates: 'following', from: '2027-07-07', location: 'Hall' });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const wx2 = split.body.id as string;
    expect(wx2).not.toBe(wx);
    // The activity belongs to the part its date now lives in, and its page says that date is off.
    expect((await t.call('GET', `/api/events/${ax}`)).body).toMatchObject({ parentId: wx2, status: 'cancelled' });
    const pageText = async () => (await (await t.app.request(`/events/${ax}`)).text()).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(await pageText()).not.toContain('outside the week');
    expect(await pageText()).toContain('That date of the week is cancelled');

    const restore = await t.call('DELETE', `/api/events/${wx2}/occurrences/2027-07-07`);
    expect(restore.status, JSON.stringify(restore.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${ax}`)).body).toMatchObject({ status: 'published', parentOutcome: null, cancelReason: '' });
    expect(await pageText()).not.toContain('outside the week');
  });

  it('restoring one date while the whole week is cancelled leaves its activities cancelled until the week is restored', async () => {
    const week = await create({
      kind: 'campaign_week',
      title: 'Autumn Safety Week',
      start: '2027-09-06',
      end: '2027-09-10',
      rrule: 'FREQ=MONTHLY;COUNT=3',
    });
    const walk = await create({
      kind: 'activity',
      title: 'Night walk',
      start: '2027-10-07T19:00',
      end: '2027-10-07T20:00',
      parentId: week,
    });
    expect((await t.call('PUT', `/api/events/${week}/occurrences/2027-10-06`, { status: 'cancelled' })).status).toBe(200);
    expect((await t.call('POST', `/api/events/${week}/cancel`, { reason: 'Funding ended' })).status).toBe(200);
    expect((await t.call('DELETE', `/api/events/${week}/occurrences/2027-10-06`)).status).toBe(200);
    expect(await status(week)).toBe('cancelled');
    expect(await status(walk)).toBe('cancelled');
    expect((await t.call('POST', `/api/events/${week}/restore`)).status).toBe(200);
    expect(await status(walk)).toBe('published');
  });

  it('refuses activities on a series that is not a campaign week, with a move, or with another value, and changes nothing', async () => {
    const meeting = await create({
      kind: 'training',
      title: 'Hate crime reporting training',
      start: '2027-01-20T18:00',
      end: '2027-01-20T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    });
    const onMeeting = await t.call('PUT', `/api/events/${meeting}/occurrences/2027-02-17T18:00`, {
      status: 'cancelled',
      activities: 'cancel',
    });
    expect(onMeeting.status).toBe(422);
    expect(onMeeting.body.error.field).toBe('activities');
    const withMove = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-06-14`, { start: '2027-06-15', activities: 'sideways' });
    expect(withMove.status).toBe(400);
    expect(withMove.body.error).toMatchObject({ field: 'activities', message: expect.stringContaining('"shift"') });
    const other = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-06-14`, { status: 'cancelled', activities: 'shift' });
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ field: 'activities', message: expect.stringContaining('"keep"') });
    for (const id of [meeting, weekId]) expect((await t.call('GET', `/api/events/${id}`)).body.exceptions).toEqual([]);
  });

  it('moving one date shifts the activities inside it by the same days (the default), and restoring the move takes them back', async () => {
    const talk = await create({
      kind: 'activity',
      title: 'Talk on burglary',
      start: '2027-02-10T18:00',
      end: '2027-02-10T19:00',
      parentId: weekId,
    });
    const before = (await t.call('GET', `/api/events/${talk}`)).body;
    // 8–13 February moved a week on, to 15–20 February.
    const move = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-02-08`, {
      start: '2027-02-15',
      end: '2027-02-20',
      note: 'Half term',
    });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    const shifted = (await t.call('GET', `/api/events/${talk}`)).body;
    expect(shifted).toMatchObject({
      status: 'published',
      start: '2027-02-17T18:00:00+00:00',
      end: '2027-02-17T19:00:00+00:00',
      sequence: before.sequence + 1,
      changeReason: 'Part of Safer Streets Week (8–13 February 2027), which moved: Half term',
    });
    expect(await pageText(talk)).toContain('Safer Streets Week (15–20 February 2027)');

    const restore = await t.call('DELETE', `/api/events/${weekId}/occurrences/2027-02-08`);
    expect(restore.status, JSON.stringify(restore.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${talk}`)).body).toMatchObject({ status: 'published', start: '2027-02-10T18:00:00+00:00' });
    expect(await pageText(talk)).toContain('Safer Streets Week (8–13 February 2027)');
  });

  it('moving one date cancels its activities with "cancel" and leaves them with "keep"; restoring the move shifts neither', async () => {
    const stall = await create({
      kind: 'activity',
      title: 'Stall on the green',
      start: '2027-04-14T10:00',
      end: '2027-04-14T12:00',
      parentId: weekId,
    });
    const cancel = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-04-12`, {
      start: '2027-04-19',
      end: '2027-04-24',
      activities: 'cancel',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await t.call('GET', `/api/events/${stall}`)).body).toMatchObject({
      status: 'cancelled',
      start: '2027-04-14T10:00:00+01:00',
      cancelReason: 'Part of Safer Streets Week (12–17 April 2027), which moved',
    });
    expect(await pageText(stall)).toContain('That date of the week moved to 19–24 April 2027; this activity is cancelled.');

    const quiz = await create({
      kind: 'activity',
      title: 'Quiz night',
      start: '2027-01-13T19:00',
      end: '2027-01-13T21:00',
      parentId: weekId,
    });
    const keep = await t.call('PUT', `/api/events/${weekId}/occurrences/2027-01-11`, {
      start: '2027-01-18',
      end: '2027-01-23',
      activities: 'keep',
    });
    expect(keep.status, JSON.stringify(keep.body)).toBe(200);
    const kept = (await t.call('GET', `/api/events/${quiz}`)).body;
    expect(kept).toMatchObject({ status: 'published', start: '2027-01-13T19:00:00+00:00' });
    expect(await pageText(quiz)).toContain('That date of the week moved to 18–23 January 2027; this activity stays on its own date.');
    // Restoring brings back only what the move shifted: nothing here.
    for (const date of ['2027-01-11', '2027-04-12'])
      expect((await t.call('DELETE', `/api/events/${weekId}/occurrences/${date}`)).status).toBe(200);
    expect((await t.call('GET', `/api/events/${quiz}`)).body).toMatchObject({
      start: '2027-01-13T19:00:00+00:00',
      sequence: kept.sequence,
    });
    expect((await t.call('GET', `/api/events/${stall}`)).body).toMatchObject({ status: 'cancelled', start: '2027-04-14T10:00:00+01:00' });
  });

  it('restoring a moved date after series edits of the week moves back what its move shifted, and nothing added since (ADR 279)', async () => {
    // The first Monday of every month for five days, from 1 March: May's is 3–8 May, July's 5–10 July.
    const week = await create({
      kind: 'campaign_week',
      title: 'Safer Homes Week',
      start: '2027-03-01',
      end: '2027-03-06',
      rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=6',
    });
    const activity = (title: string, start: string, end: string) => create({ kind: 'activity', title, start, end, parentId: week });
    const talk = await activity('Talk on door locks', '2027-05-05T18:00', '2027-05-05T19:00');
    const stall = await activity('Stall at the market', '2027-07-07T10:00', '2027-07-07T12:00');
    const moveOn = async (date: string, start: string, end: string) =>
      expect((await t.call('PUT', `/api/events/${week}/occurrences/${date}`, { start, end, note: 'Bank holiday' })).status).toBe(200);
    // Each step a day after the last: what a move shifted is told apart by when it was last changed.
    t.clock.set('2027-01-05T09:00:00Z');
    await moveOn('2027-05-03', '2027-05-10', '2027-05-15');
    await moveOn('2027-07-05', '2027-07-12', '2027-07-17');
    expect((await t.call('GET', `/api/events/${talk}`)).body.start).toBe('2027-05-12T18:00:00+01:00');
    expect((await t.call('GET', `/api/events/${stall}`)).body.start).toBe('2027-07-14T10:00:00+01:00');
    // Added to July's moved date after its move: restoring the date leaves it where it was put.
    t.clock.set('2027-01-06T09:00:00Z');
    const clinic = await activity('Security marking clinic', '2027-07-15T10:00', '2027-07-15T12:00');

    // A seventh date (every date rewritten in place), then a new venue from June ("this and
    // following"): May's moved date stays with the earlier part, July's goes to the new one.
    t.clock.set('2027-01-07T09:00:00Z');
    expect((await t.call('PATCH', `/api/events/${week}`, { rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=7' })).status).toBe(200);
    t.clock.set('2027-01-08T09:00:00Z');
    const split = await t.call('PATCH', `/api/events/${week}`, { dates: 'following', from: '2027-06-07', location: 'Town hall' });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const later = split.body.id as string;
    expect((await t.call('GET', `/api/events/${stall}`)).body.parentId).toBe(later);

    t.clock.set('2027-01-09T09:00:00Z');
    expect((await t.call('DELETE', `/api/events/${week}/occurrences/2027-05-03`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/events/${later}/occurrences/2027-07-05`)).status).toBe(200);
    expect((await t.call('GET', `/api/events/${talk}`)).body.start).toBe('2027-05-05T18:00:00+01:00');
    expect((await t.call('GET', `/api/events/${stall}`)).body.start).toBe('2027-07-07T10:00:00+01:00');
    expect((await t.call('GET', `/api/events/${clinic}`)).body.start).toBe('2027-07-15T10:00:00+01:00');
  });
});
