/**
 * Cancelling one date of a repeating campaign week cancels the partner activities inside that
 * date with it (the default), so a partner reminded of one gets one "Cancelled" quoting the
 * organiser's note, and the activity is cancelled on its page, in the feed and in the API;
 * restoring the date brings back exactly those activities ("Back on"), not one cancelled on its
 * own before; "keep" keeps an activity reminded of (issue 10, ADR 210). After "this and following"
 * splits the week, restoring the date in the later part tells them "Back on" once (ADR 231). Moving
 * one date takes its activities along: one "Changed" when shifted, one "Cancelled" saying the week
 * moved, nothing when kept (ADR 271). Real SMTP server on
 * loopback, real SQLite, ical.js for the feed, a fake clock.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

describe('a partner reminded of an activity inside one date of a repeating campaign week', () => {
  let w: World;
  const partner = 'partner-1@example.org';
  let week: any;
  let talk: any;
  let walk: any;
  let college: any;
  const activity = async (title: string, start: string, end: string) => {
    const res = await w.t.call('POST', '/api/events', { kind: 'activity', title, start, end, parentId: week.id, visibility: 'public' });
    expect(res.status).toBe(201);
    return res.body;
  };
  const subjects = async (about: RegExp) => (await w.sink.parsedFor(partner)).map((m) => m.subject ?? '').filter((s) => about.test(s));
  const feedStatus = async (id: string) => {
    const feed = new ICAL.Component(ICAL.parse(await (await w.t.app.request('/feeds/public.ics')).text()));
    const vevent = feed.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === `${id}@safercal`);
    return vevent?.getFirstPropertyValue('status') ?? null;
  };
  const pageText = async (id: string) =>
    (await (await w.t.app.request(`/events/${id}`)).text()).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [] });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity', leadTimes: ['1w'] })).status).toBe(201);
    // Every year from Saturday 8 October, for 8 days.
    week = (
      await w.t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Hate Crime Awareness Week',
        start: '2022-10-08',
        end: '2022-10-15',
        rrule: 'FREQ=YEARLY',
        visibility: 'public',
      })
    ).body;
    talk = await activity('Women’s experience of hate crime', '2022-10-12T10:00', '2022-10-12T12:00');
    walk = await activity('Community cohesion walk', '2022-10-13T14:00', '2022-10-13T15:00');
    college = await activity('Officers at the college', '2023-10-11T10:00', '2023-10-11T11:00');
    // The walk is called off on its own before anyone hears of it.
    expect((await w.t.call('POST', `/api/events/${walk.id}/cancel`, { reason: 'No stewards' })).status).toBe(200);
  });
  afterAll(() => w.close());

  it('gets one "Cancelled" quoting the note when the date is cancelled, and the activity is cancelled everywhere', async () => {
    for (const at of ['2022-10-04T09:00:00Z', '2022-10-05T09:30:00Z']) await w.dispatch(at);
    expect(await subjects(/Women’s experience/)).toEqual(['Reminder: Women’s experience of hate crime, Wed 12 Oct, 10:00']);

    w.t.clock.set('2022-10-06T09:00:00Z');
    const cancel = await w.t.call('PUT', `/api/events/${week.id}/occurrences/2022-10-08`, {
      status: 'cancelled',
      note: 'Moved online this year',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await w.t.call('GET', `/api/events/${talk.id}`)).body).toMatchObject({
      status: 'cancelled',
      parentOutcome: 'cancelled_with_parent',
      cancelReason: 'Part of Hate Crime Awareness Week (8–15 October 2022), which was cancelled: Moved online this year',
    });
    expect(await feedStatus(talk.id)).toBe('CANCELLED');
    expect(await pageText(talk.id)).toContain('That date of the week is cancelled; this activity was cancelled with it.');

    for (const at of ['2022-10-06T09:01:00Z', '2022-10-11T09:00:00Z']) await w.dispatch(at);
    expect(await subjects(/Women’s experience/)).toEqual([
      'Reminder: Women’s experience of hate crime, Wed 12 Oct, 10:00',
      'Cancelled: Women’s experience of hate crime, Wed 12 Oct, 10:00',
    ]);
    const mail = (await w.sink.parsedFor(partner)).find((m) => m.subject?.startsWith('Cancelled: Women’s'))!;
    expect(mail.text).toContain('Moved online this year');
  });

  it('gets one "Back on" when the date is restored; an activity cancelled on its own stays cancelled', async () => {
    w.t.clock.set('2022-10-07T09:00:00Z');
    const restore = await w.t.call('DELETE', `/api/events/${week.id}/occurrences/2022-10-08`);
    expect(restore.status, JSON.stringify(restore.body)).toBe(200);
    expect((await w.t.call('GET', `/api/events/${talk.id}`)).body).toMatchObject({
      status: 'published',
      parentOutcome: null,
      cancelReason: '',
    });
    expect((await w.t.call('GET', `/api/events/${walk.id}`)).body).toMatchObject({ status: 'cancelled', cancelReason: 'No stewards' });
    expect(await feedStatus(talk.id)).toBe('CONFIRMED');
    await w.dispatch('2022-10-07T09:01:00Z');
    expect(await subjects(/Women’s experience/)).toEqual([
      'Reminder: Women’s experience of hate crime, Wed 12 Oct, 10:00',
      'Cancelled: Women’s experience of hate crime, Wed 12 Oct, 10:00',
      'Back on: Women’s experience of hate crime, Wed 12 Oct, 10:00',
    ]);
    expect(await subjects(/Community cohesion walk/)).toEqual([]);
  });

  it('is still reminded of an activity the organiser kept when its date was cancelled', async () => {
    w.t.clock.set('2023-09-01T09:00:00Z');
    const cancel = await w.t.call('PUT', `/api/events/${week.id}/occurrences/2023-10-08`, { status: 'cancelled', activities: 'keep' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await w.t.call('GET', `/api/events/${college.id}`)).body).toMatchObject({ status: 'published', parentOutcome: 'kept' });
    for (const at of ['2023-10-03T09:00:00Z', '2023-10-04T09:30:00Z']) await w.dispatch(at);
    expect(await subjects(/Officers at the college/)).toEqual(['Reminder: Officers at the college, Wed 11 Oct, 10:00']);

    // Its reminder, feed, news entries and "Changed" say what its page says (ADR 296).
    const said = 'Hate Crime Awareness Week (8–15 October 2023): that date of the week is cancelled; this activity still goes ahead.';
    expect(await pageText(college.id)).toContain('That date of the week is cancelled; this activity still goes ahead.');
    const mails = () => w.sink.parsedFor(partner).then((all) => all.filter((m) => m.subject?.includes('Officers at the college')));
    expect((await mails())[0]!.text).toContain(said);
    expect((await mails())[0]!.html).toContain(said);
    const feed = new ICAL.Component(ICAL.parse(await (await w.t.app.request('/feeds/public.ics')).text()));
    const vevent = feed.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === `${college.id}@safercal`);
    expect(vevent?.getFirstPropertyValue('description')).toBe(said);
    for (const news of ['/feeds/public.rss', '/feeds/public.atom', '/feeds/public.json']) {
      const body = (await (await w.t.app.request(news)).text()).replace(/\\u2013/g, '–');
      expect(body, news).toContain(said);
    }
    w.t.clock.set('2023-10-05T09:00:00Z');
    const later = await w.t.call('PATCH', `/api/events/${college.id}`, { start: '2023-10-11T10:30', end: '2023-10-11T11:30' });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    await w.dispatch('2023-10-05T09:01:00Z');
    const changed = (await mails()).find((m) => m.subject?.startsWith('Changed:'));
    expect(changed?.text).toContain(said);
  });

  it('hears one "Changed" when the date moves and its activity moves with it, one "Cancelled" with "cancel", nothing with "keep"', async () => {
    w.t.clock.set('2024-09-01T09:00:00Z');
    // A partner who follows the campaign weeks themselves, to read the week's own "Changed".
    const weeks = 'partner-weeks@example.org';
    expect((await w.t.call('POST', '/api/subscriptions', { email: weeks, topic: 'kind:campaign_week', leadTimes: ['1w'] })).status).toBe(
      201,
    );
    const surgery = await activity('Hate crime surgery', '2024-10-10T10:00', '2024-10-10T11:00');
    const forum = await activity('Youth forum', '2025-10-09T17:00', '2025-10-09T18:00');
    const dropIn = await activity('Drop-in at the library', '2026-10-09T12:00', '2026-10-09T13:00');
    const told = async () => (await subjects(/Hate crime surgery|Youth forum|Drop-in/)).filter((s) => !s.startsWith('Reminder'));
    const move = async (date: string, body: Record<string, unknown>) => {
      const res = await w.t.call('PUT', `/api/events/${week.id}/occurrences/${date}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };

    await w.dispatch('2024-10-03T09:30:00Z');
    expect(await subjects(/Hate crime surgery/)).toEqual(['Reminder: Hate crime surgery, Thu 10 Oct, 10:00']);
    w.t.clock.set('2024-10-04T09:00:00Z');
    await move('2024-10-08', { start: '2024-10-15', end: '2024-10-22', note: 'Clash with the by-election' });
    expect((await w.t.call('GET', `/api/events/${surgery.id}`)).body.start).toBe('2024-10-17T10:00:00+01:00');
    for (const at of ['2024-10-04T09:01:00Z', '2024-10-10T09:30:00Z', '2024-10-16T09:00:00Z']) await w.dispatch(at);
    expect(await told()).toEqual(['Changed: Hate crime surgery, now Thu 17 Oct, 10:00']);
    const changed = (await w.sink.parsedFor(partner)).find((m) => m.subject?.startsWith('Changed: Hate crime surgery'))!;
    expect(changed.text).toContain(
      'Reason: Part of Hate Crime Awareness Week (8–15 October 2024), which moved: Clash with the by-election',
    );
    // The week's own "Changed" words the organiser's note as its activities' e-mails and series edits do.
    const weekChanged = (await w.sink.parsedFor(weeks)).filter((m) => m.subject?.startsWith('Changed: Hate Crime Awareness Week'));
    expect(weekChanged.map((m) => m.subject)).toEqual(['Changed: Hate Crime Awareness Week, now Tue 15 Oct']);
    expect(weekChanged[0]!.text).toContain('\n\nReason: Clash with the by-election\n');
    expect(String(weekChanged[0]!.html)).toContain('Reason: Clash with the by-election');

    w.t.clock.set('2025-09-25T09:00:00Z');
    await w.dispatch('2025-10-02T17:30:00Z');
    w.t.clock.set('2025-10-03T09:00:00Z');
    await move('2025-10-08', { start: '2025-10-22', end: '2025-10-29', note: 'Venue flooded', activities: 'cancel' });
    await w.dispatch('2025-10-03T09:01:00Z');
    expect(await told()).toEqual(['Changed: Hate crime surgery, now Thu 17 Oct, 10:00', 'Cancelled: Youth forum, Thu 9 Oct, 17:00']);
    const cancelled = (await w.sink.parsedFor(partner)).find((m) => m.subject?.startsWith('Cancelled: Youth forum'))!;
    expect(cancelled.text).toContain('which moved: Venue flooded');
    expect(await feedStatus(forum.id)).toBe('CANCELLED');

    w.t.clock.set('2026-09-25T09:00:00Z');
    await w.dispatch('2026-10-02T12:30:00Z');
    w.t.clock.set('2026-10-03T09:00:00Z');
    await move('2026-10-08', { start: '2026-10-15', end: '2026-10-22', activities: 'keep' });
    for (const at of ['2026-10-03T09:01:00Z', '2026-10-08T12:30:00Z']) await w.dispatch(at);
    expect(await told()).toEqual(['Changed: Hate crime surgery, now Thu 17 Oct, 10:00', 'Cancelled: Youth forum, Thu 9 Oct, 17:00']);
    expect(await subjects(/Drop-in/)).toEqual(expect.arrayContaining(['Reminder: Drop-in at the library, Fri 9 Oct, 12:00']));
    expect(await feedStatus(dropIn.id)).toBe('CONFIRMED');
  });
});

describe('a partner told an activity was cancelled with its week date, when the week is split and the date restored in the later part', () => {
  let w: World;
  const partner = 'partner-2@example.org';
  const subjects = async () => (await w.sink.parsedFor(partner)).map((m) => m.subject ?? '').filter((s) => s.includes('Water safety talk'));

  beforeAll(async () => {
    w = await makeWorld({ now: '2027-06-01T09:00:00Z', members: [] });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity', leadTimes: ['1w'] })).status).toBe(201);
  });
  afterAll(() => w.close());

  it('gets "Back on" exactly once', async () => {
    // Monthly from Monday 7 June, five days each; the talk on Thursday 8 July, inside the July date.
    const week = await w.t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Summer Safety Week',
      start: '2027-06-07',
      end: '2027-06-11',
      rrule: 'FREQ=MONTHLY;COUNT=3',
      visibility: 'public',
    });
    expect(week.status, JSON.stringify(week.body)).toBe(201);
    const talk = await w.t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Water safety talk',
      start: '2027-07-08T10:00',
      end: '2027-07-08T11:00',
      parentId: week.body.id,
      visibility: 'public',
    });
    expect(talk.status, JSON.stringify(talk.body)).toBe(201);
    await w.dispatch('2027-07-01T09:30:00Z');
    expect(await subjects()).toEqual(['Reminder: Water safety talk, Thu 8 Jul, 10:00']);

    w.t.clock.set('2027-07-02T09:00:00Z');
    const off = await w.t.call('PUT', `/api/events/${week.body.id}/occurrences/2027-07-07`, { status: 'cancelled', note: 'july off' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    await w.dispatch('2027-07-02T09:01:00Z');
    expect(await subjects()).toEqual(['Reminder: Water safety talk, Thu 8 Jul, 10:00', 'Cancelled: Water safety talk, Thu 8 Jul, 10:00']);

    w.t.clock.set('2027-07-03T09:00:00Z');
    const split = await w.t.call('PATCH', `/api/events/${week.body.id}`, { dates: 'following', from: '2027-07-07', location: 'Hall' });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    await w.dispatch('2027-07-03T09:01:00Z');
    w.t.clock.set('2027-07-04T09:00:00Z');
    const restore = await w.t.call('DELETE', `/api/events/${split.body.id}/occurrences/2027-07-07`);
    expect(restore.status, JSON.stringify(restore.body)).toBe(200);
    for (const at of ['2027-07-04T09:01:00Z', '2027-07-05T09:00:00Z', '2027-07-07T09:00:00Z']) await w.dispatch(at);
    expect(await subjects()).toEqual([
      'Reminder: Water safety talk, Thu 8 Jul, 10:00',
      'Cancelled: Water safety talk, Thu 8 Jul, 10:00',
      'Back on: Water safety talk, Thu 8 Jul, 10:00',
    ]);
  });

  it('hears one "Changed" back when a moved date is restored after a split, and of an activity added to the moved date since, its own date (ADR 279)', async () => {
    const done = async (method: string, path: string, body?: Record<string, unknown>, status = 200) => {
      const res = await w.t.call(method, path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body;
    };
    const told = async () =>
      (await w.sink.parsedFor(partner)).map((m) => m.subject ?? '').filter((s) => /Fire safety talk|Bike marking/.test(s));
    w.t.clock.set('2027-09-01T09:00:00Z');
    // The first Monday of every month for five days, from 6 September: October's is 4–8 October.
    const week = (await done(
      'POST',
      '/api/events',
      {
        kind: 'campaign_week',
        title: 'Autumn Safety Week',
        start: '2027-09-06',
        end: '2027-09-10',
        rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=4',
        visibility: 'public',
      },
      201,
    )) as { id: string };
    const activity = async (title: string, start: string, end: string) =>
      (await done('POST', '/api/events', { kind: 'activity', title, start, end, parentId: week.id, visibility: 'public' }, 201))
        .id as string;
    await activity('Fire safety talk', '2027-10-06T10:00', '2027-10-06T11:00');
    await w.dispatch('2027-09-29T09:30:00Z');
    expect(await told()).toEqual(['Reminder: Fire safety talk, Wed 6 Oct, 10:00']);

    // October's date moves a week on, and the talk with it.
    w.t.clock.set('2027-09-29T10:00:00Z');
    await done('PUT', `/api/events/${week.id}/occurrences/2027-10-04`, { start: '2027-10-11', end: '2027-10-15', note: 'Half term' });
    await w.dispatch('2027-09-29T10:01:00Z');
    // A bike marking session added to the moved date afterwards, on its Thursday.
    w.t.clock.set('2027-09-29T11:00:00Z');
    const bikes = await activity('Bike marking', '2027-10-14T10:00', '2027-10-14T12:00');

    // A new venue from October's date on: the moved date and both activities go to the new part.
    w.t.clock.set('2027-09-30T09:00:00Z');
    const split = await done('PATCH', `/api/events/${week.id}`, {
      dates: 'following',
      from: '2027-10-04',
      location: 'Community centre',
    });
    await w.dispatch('2027-09-30T09:01:00Z');

    w.t.clock.set('2027-10-01T09:00:00Z');
    await done('DELETE', `/api/events/${split.id}/occurrences/2027-10-04`);
    for (const at of ['2027-10-01T09:01:00Z', '2027-10-07T09:30:00Z']) await w.dispatch(at);
    expect(await told()).toEqual([
      'Reminder: Fire safety talk, Wed 6 Oct, 10:00',
      'Changed: Fire safety talk, now Wed 13 Oct, 10:00',
      'Changed: Fire safety talk, now Wed 6 Oct, 10:00',
      'Reminder: Bike marking, Thu 14 Oct, 10:00',
    ]);
    expect((await w.t.call('GET', `/api/events/${bikes}`)).body.start).toBe('2027-10-14T10:00:00+01:00');
    // The restore's "Changed" says the date moved back, and quotes the undone move's note as a note (ADR 287).
    const back = (await w.sink.parsedFor(partner)).filter((m) => m.subject === 'Changed: Fire safety talk, now Wed 6 Oct, 10:00');
    expect(back).toHaveLength(1);
    expect(back[0]!.text).toContain(
      'Reason: Part of Autumn Safety Week (11–15 October 2027), which moved back to 4–8 October 2027 (note on the move: Half term)',
    );
  });

  it('hears the reason of a date’s move in its "Changed" when the week is split before the next pass (ADR 287)', async () => {
    const told = async () => (await w.sink.parsedFor(partner)).filter((m) => m.subject?.includes('Road safety stall'));
    w.t.clock.set('2027-12-01T09:00:00Z');
    const created = async (body: Record<string, unknown>) => {
      const res = await w.t.call('POST', '/api/events', { visibility: 'public', ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    // Every Monday for three days, from 6 December; a stall on Tuesday 14 December.
    const week = await created({
      kind: 'campaign_week',
      title: 'Winter Roads Week',
      start: '2027-12-06',
      end: '2027-12-08',
      rrule: 'FREQ=WEEKLY;COUNT=6',
    });
    await created({ kind: 'activity', title: 'Road safety stall', start: '2027-12-14T10:00', end: '2027-12-14T12:00', parentId: week });
    await w.dispatch('2027-12-07T10:30:00Z');
    expect((await told()).map((m) => m.subject)).toEqual(['Reminder: Road safety stall, Tue 14 Dec, 10:00']);
    // 13–15 December moves two days on, the stall with it; then, before any pass, a new venue from that date on.
    w.t.clock.set('2027-12-07T11:00:00Z');
    const move = await w.t.call('PUT', `/api/events/${week}/occurrences/2027-12-13`, {
      start: '2027-12-15',
      end: '2027-12-17',
      note: 'Gritting on Monday',
    });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    w.t.clock.set('2027-12-07T11:05:00Z');
    const split = await w.t.call('PATCH', `/api/events/${week}`, {
      dates: 'following',
      from: '2027-12-13',
      location: 'Market square',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    await w.dispatch('2027-12-07T11:06:00Z');
    const mails = await told();
    expect(mails.map((m) => m.subject)).toEqual([
      'Reminder: Road safety stall, Tue 14 Dec, 10:00',
      'Changed: Road safety stall, now Thu 16 Dec, 10:00',
    ]);
    expect(mails[1]!.text).toContain('Reason: Part of Winter Roads Week (13–15 December 2027), which moved: Gritting on Monday');
  });
});
