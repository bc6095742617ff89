/**
 * E-mail sequences through a real SMTP server on loopback, on a fake clock: a member reminded of
 * a date hears "Cancelled" with the organiser's reason, then "Back on" when it is restored; a
 * subscriber reminded of a campaign week hears "Cancelled" for the week and nothing more of its
 * activities, unless the organiser kept them.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Received } from './support/smtp-sink.js';
import { makeWorld, type World } from './support/world.js';

/** The METHOD of the text/calendar part and its VEVENT's UID, RECURRENCE-ID (UTC), SEQUENCE and DESCRIPTION. */
function invitation(received: Received) {
  const text = received.raw.toString('utf8');
  const method = /Content-Type: text\/calendar;[^\r\n]*method=([A-Z]+)/i.exec(text.replace(/\r\n[ \t]/g, ' '))?.[1] ?? '';
  const part = /Content-Type: text\/calendar[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/i.exec(text)![1]!;
  const ics = /BEGIN:VCALENDAR/.test(part) ? part : Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return {
    method,
    calendarMethod: calendar.getFirstPropertyValue('method'),
    uid: vevent.uid,
    recurrenceId: vevent.recurrenceId ? vevent.recurrenceId.toJSDate().toISOString() : null,
    sequence: vevent.sequence,
    description: vevent.description ?? '',
    status: calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status'),
  };
}

function mailTo(w: World, address: string): Received[] {
  return w.sink.received.filter((r) => r.envelopeTo.includes(address));
}

describe('a member reminded of a date that is cancelled and then restored', () => {
  let w: World;
  let series: any;
  const member = 'iag-member-1@example.org';
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z' });
    // Monthly on the third Wednesday at 18:00 UK time; October's is on the 19th (17:00 UTC).
    series = await w.createMeeting({ start: '2022-09-21T18:00', end: '2022-09-21T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    await w.dispatch('2022-10-12T17:00:00Z'); // the week-before reminder of 19 October
  });
  afterAll(() => w.close());

  it('got one reminder of 19 October', async () => {
    const mails = await w.sink.parsedFor(member);
    expect(mails.map((m) => m.subject)).toEqual(['Reminder: Independent Advisory Group meeting, Wed 19 Oct, 18:00']);
  });

  it('gets exactly one "Cancelled" with the organiser\'s reason, for the same UID and RECURRENCE-ID, with a higher SEQUENCE', async () => {
    w.t.clock.set('2022-10-13T09:00:00Z');
    const cancelled = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-19T18:00`, {
      status: 'cancelled',
      note: 'The college is closed for half-term',
    });
    expect(cancelled.status).toBe(200);
    await w.dispatch('2022-10-13T09:01:00Z');
    await w.dispatch('2022-10-13T09:30:00Z');
    const mails = mailTo(w, member);
    expect(mails).toHaveLength(2);
    const parsed = await w.sink.parse(mails[1]!);
    expect(parsed.subject).toBe('Cancelled: Independent Advisory Group meeting, Wed 19 Oct, 18:00');
    expect(parsed.text).toContain('Reason: The college is closed for half-term');
    expect(parsed.html).toContain('Reason: The college is closed for half-term');
    const reminder = invitation(mails[0]!);
    const cancel = invitation(mails[1]!);
    expect(cancel).toMatchObject({
      method: 'CANCEL',
      calendarMethod: 'CANCEL',
      uid: `${series.id}@safercal`,
      recurrenceId: '2022-10-19T17:00:00.000Z',
      sequence: cancelled.body.sequence,
      status: 'CANCELLED',
    });
    expect(reminder.recurrenceId).toBe(cancel.recurrenceId);
    expect(cancel.sequence).toBeGreaterThan(reminder.sequence);
  });

  it('gets exactly one "Back on" when the date is restored, then the day-before reminder as planned', async () => {
    w.t.clock.set('2022-10-14T09:00:00Z');
    const restored = await w.t.call('DELETE', `/api/events/${series.id}/occurrences/2022-10-19T18:00`);
    expect(restored.status).toBe(200);
    await w.dispatch('2022-10-14T09:01:00Z');
    await w.dispatch('2022-10-14T10:00:00Z');
    let mails = mailTo(w, member);
    expect(mails).toHaveLength(3);
    const parsed = await w.sink.parse(mails[2]!);
    expect(parsed.subject).toBe('Back on: Independent Advisory Group meeting, Wed 19 Oct, 18:00');
    expect(parsed.text).toContain('This is going ahead after all.');
    expect(invitation(mails[2]!)).toMatchObject({
      method: 'REQUEST',
      uid: `${series.id}@safercal`,
      recurrenceId: '2022-10-19T17:00:00.000Z',
      sequence: restored.body.sequence,
    });
    expect(restored.body.sequence).toBeGreaterThan(invitation(mails[1]!).sequence);

    await w.dispatch('2022-10-18T17:00:00Z');
    mails = mailTo(w, member);
    expect(mails).toHaveLength(4);
    expect((await w.sink.parse(mails[3]!)).subject).toBe('Reminder: Independent Advisory Group meeting, Wed 19 Oct, 18:00');
  });

  it('a cancelled event (not a date) sends the organiser\'s reason too, and "Back on" when it is restored', async () => {
    // November's meeting (16th): the week-before reminder goes on the 9th.
    await w.dispatch('2022-11-09T18:00:00Z');
    const before = mailTo(w, member).length;
    w.t.clock.set('2022-11-10T09:00:00Z');
    expect((await w.t.call('POST', `/api/events/${series.id}/cancel`, { reason: 'The group is being re-formed' })).status).toBe(200);
    await w.dispatch('2022-11-10T09:01:00Z');
    const restored = await w.t.call('POST', `/api/events/${series.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: 'published', cancelledAt: null, cancelReason: '' });
    await w.dispatch('2022-11-10T09:02:00Z');
    const fresh = await Promise.all(
      mailTo(w, member)
        .slice(before)
        .map((m) => w.sink.parse(m)),
    );
    expect(fresh.map((m) => m.subject)).toEqual([
      'Cancelled: Independent Advisory Group meeting, Wed 16 Nov, 18:00',
      'Back on: Independent Advisory Group meeting, Wed 16 Nov, 18:00',
    ]);
    expect(fresh[0]!.text).toContain('Reason: The group is being re-formed');
  });

  it('a date cancelled with its own reason and then the whole event, before anyone is told, gets one "Cancelled" quoting both (ADR 279)', async () => {
    // December's meeting (21st): the week-before reminder goes on the 14th.
    await w.dispatch('2022-12-14T18:00:00Z');
    const before = mailTo(w, member).length;
    w.t.clock.set('2022-12-15T09:00:00Z');
    const date = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-12-21T18:00`, {
      status: 'cancelled',
      note: 'The chair is unwell',
    });
    expect(date.status, JSON.stringify(date.body)).toBe(200);
    const event = await w.t.call('POST', `/api/events/${series.id}/cancel`, { reason: 'The group is being wound up' });
    expect(event.status, JSON.stringify(event.body)).toBe(200);
    await w.dispatch('2022-12-15T09:01:00Z');
    const fresh = await Promise.all(
      mailTo(w, member)
        .slice(before)
        .map((m) => w.sink.parse(m)),
    );
    expect(fresh.map((m) => m.subject)).toEqual(['Cancelled: Independent Advisory Group meeting, Wed 21 Dec, 18:00']);
    const both = 'Reason: The chair is unwell\n\nAll dates of this series are cancelled too. Reason: The group is being wound up';
    expect(fresh[0]!.text).toContain(both);
    expect(fresh[0]!.html).toContain('Reason: The chair is unwell');
    expect(fresh[0]!.html).toContain('All dates of this series are cancelled too. Reason: The group is being wound up');
  });
});

describe('a subscriber reminded of a campaign week that is cancelled', () => {
  let w: World;
  const partner = 'partner-1@example.org';
  let week: any;
  let talk: any;
  let keptWeek: any;
  let keptTalk: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [] });
    for (const topic of ['kind:campaign_week', 'kind:activity']) {
      expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic, leadTimes: ['1w'] })).status).toBe(201);
    }
    const create = async (body: Record<string, unknown>) => {
      const res = await w.t.call('POST', '/api/events', { visibility: 'public', ...body });
      expect(res.status).toBe(201);
      return res.body;
    };
    week = await create({ kind: 'campaign_week', title: 'Hate Crime Awareness Week', start: '2022-10-08', end: '2022-10-15' });
    talk = await create({
      kind: 'activity',
      title: 'Women’s experience of hate crime',
      start: '2022-10-12T10:00',
      end: '2022-10-12T12:00',
      parentId: week.id,
    });
    keptWeek = await create({ kind: 'campaign_week', title: 'County Lines Intensification Week', start: '2022-11-14', end: '2022-11-18' });
    keptTalk = await create({
      kind: 'activity',
      title: 'Officers at the college',
      start: '2022-11-16T10:00',
      end: '2022-11-16T11:00',
      parentId: keptWeek.id,
    });
    await w.dispatch('2022-10-01T08:00:00Z'); // 09:00 UK time, a week before the 8th: the week's reminder
    keptTalkFeedBefore = await feedDescriptionOf(keptTalk.id); // its fragment written before the week's cancel
  });
  const feedDescriptionOf = async (id: string) => {
    const feed = new ICAL.Component(ICAL.parse((await w.t.call('GET', '/feeds/public.ics')).body as string));
    const vevent = feed.getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('uid')).startsWith(id))!;
    return String(vevent.getFirstPropertyValue('description') ?? '');
  };
  let keptTalkFeedBefore = '';
  afterAll(() => w.close());

  it('was reminded of the week only', async () => {
    expect((await w.sink.parsedFor(partner)).map((m) => m.subject)).toEqual(['Reminder: Hate Crime Awareness Week, Sat 8 Oct']);
  });

  it('gets one "Cancelled" for the week with its reason, and no reminder of its activity afterwards', async () => {
    w.t.clock.set('2022-10-02T09:00:00Z');
    const cancelled = await w.t.call('POST', `/api/events/${week.id}/cancel`, { reason: 'The venue is being rebuilt' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.activities).toEqual([expect.objectContaining({ id: talk.id, status: 'cancelled' })]);
    const activity = (await w.t.call('GET', `/api/events/${talk.id}`)).body;
    expect(activity).toMatchObject({
      status: 'cancelled',
      parentOutcome: 'cancelled_with_parent',
      cancelReason: 'Part of Hate Crime Awareness Week, which was cancelled: The venue is being rebuilt',
    });
    for (const at of ['2022-10-02T09:01:00Z', '2022-10-05T09:00:00Z', '2022-10-11T09:00:00Z', '2022-10-12T08:00:00Z']) await w.dispatch(at);
    const mails = await w.sink.parsedFor(partner);
    const forThisWeek = mails.filter((m) => !/County Lines|Officers at the college/.test(m.subject ?? ''));
    expect(forThisWeek.map((m) => m.subject)).toEqual([
      'Reminder: Hate Crime Awareness Week, Sat 8 Oct',
      'Cancelled: Hate Crime Awareness Week, Sat 8 Oct',
    ]);
    expect(forThisWeek[1]!.text).toContain('Reason: The venue is being rebuilt');
    const cancel = invitation(mailTo(w, partner)[1]!);
    expect(cancel).toMatchObject({ method: 'CANCEL', uid: `${week.id}@safercal`, recurrenceId: null, sequence: cancelled.body.sequence });
  });

  it('is still reminded of an activity the organiser kept when its week was cancelled', async () => {
    w.t.clock.set('2022-10-20T09:00:00Z');
    const cancelled = await w.t.call('POST', `/api/events/${keptWeek.id}/cancel`, { activities: 'keep' });
    expect(cancelled.status).toBe(200);
    expect((await w.t.call('GET', `/api/events/${keptTalk.id}`)).body).toMatchObject({ status: 'published', parentOutcome: 'kept' });
    await w.dispatch('2022-11-07T09:00:00Z'); // the week's reminder would have gone now
    await w.dispatch('2022-11-09T10:00:00Z'); // a week before the 16th, 10:00 UK time
    const subjects = (await w.sink.parsedFor(partner)).map((m) => m.subject);
    expect(subjects.filter((s) => /Officers at the college/.test(s ?? ''))).toEqual([
      'Reminder: Officers at the college, Wed 16 Nov, 10:00',
    ]);
    expect(subjects.filter((s) => /County Lines/.test(s ?? ''))).toEqual([]);
    // The reminder says what became of its week, as the activity's page does (issue 10).
    const reminder = (await w.sink.parsedFor(partner)).find((m) => /Officers at the college/.test(m.subject ?? ''))!;
    const said = 'County Lines Intensification Week was cancelled; this activity still goes ahead.';
    expect(reminder.text).toContain(said);
    expect(String(reminder.html)).toContain(said);
  });

  it('says in the kept activity’s VEVENT that its week was cancelled, until the week is restored', async () => {
    const said = 'County Lines Intensification Week was cancelled; this activity still goes ahead.';
    expect(keptTalkFeedBefore).not.toContain(said);
    expect(await feedDescriptionOf(keptTalk.id)).toContain(said);
    const invite = invitation(mailTo(w, partner).find((m) => /Officers at the college/.test(m.raw.toString('utf8')))!);
    expect(invite.description).toContain(said);
    w.t.clock.set('2022-11-10T09:00:00Z');
    expect((await w.t.call('POST', `/api/events/${keptWeek.id}/restore`)).status).toBe(200);
    expect(await feedDescriptionOf(keptTalk.id)).not.toContain(said);
    expect((await w.t.call('GET', `/api/events/${keptTalk.id}`)).body).toMatchObject({ status: 'published', parentOutcome: null });
  });

  it('answers 400 naming the field for an unknown choice, and restoring the week brings back the activities cancelled with it', async () => {
    const bad = await w.t.call('POST', `/api/events/${keptWeek.id}/cancel`, { activities: 'shift' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('activities');
    const restored = await w.t.call('POST', `/api/events/${week.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.activities).toEqual([expect.objectContaining({ id: talk.id, status: 'published' })]);
    expect((await w.t.call('GET', `/api/events/${talk.id}`)).body).toMatchObject({ parentOutcome: null, cancelReason: '' });
  });
});

describe('a subscriber reminded of an activity whose week is cancelled, when the activity alone is restored (ADR 290)', () => {
  let w: World;
  const partner = 'partner-2@example.org';
  let week: any;
  let marking: any;
  const said = 'Bike Safety Week was cancelled; this activity still goes ahead.';
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-11-01T09:00:00Z', members: [] });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity', leadTimes: ['1w', '1d'] })).status).toBe(
      201,
    );
    week = (
      await w.t.call('POST', '/api/events', { kind: 'campaign_week', title: 'Bike Safety Week', start: '2022-11-21', end: '2022-11-25' })
    ).body;
    marking = (
      await w.t.call('POST', '/api/events', {
        kind: 'activity',
        title: 'Bike marking',
        start: '2022-11-23T10:00',
        end: '2022-11-23T12:00',
        parentId: week.id,
      })
    ).body;
    await w.dispatch('2022-11-16T10:00:00Z'); // the week-before reminder
    w.t.clock.set('2022-11-17T09:00:00Z');
    await w.t.call('POST', `/api/events/${week.id}/cancel`, { reason: 'Roads closed' });
    await w.dispatch('2022-11-17T09:01:00Z');
  });
  afterAll(() => w.close());

  it('hears "Back on" saying the activity goes ahead without its week, and its next reminder says so too', async () => {
    w.t.clock.set('2022-11-18T09:00:00Z');
    expect((await w.t.call('POST', `/api/events/${marking.id}/restore`)).body).toMatchObject({
      status: 'published',
      parentOutcome: 'kept',
    });
    await w.dispatch('2022-11-18T09:01:00Z');
    await w.dispatch('2022-11-22T10:00:00Z'); // the day-before reminder
    const mails = await w.sink.parsedFor(partner);
    expect(mails.map((m) => m.subject)).toEqual([
      'Reminder: Bike marking, Wed 23 Nov, 10:00',
      'Cancelled: Bike marking, Wed 23 Nov, 10:00',
      'Back on: Bike marking, Wed 23 Nov, 10:00',
      'Reminder: Bike marking, Wed 23 Nov, 10:00',
    ]);
    for (const mail of mails.slice(2)) {
      expect(mail.text).toContain(said);
      expect(String(mail.html)).toContain(said);
    }
    expect(invitation(mailTo(w, partner)[2]!).description).toContain(said);
  });
});
