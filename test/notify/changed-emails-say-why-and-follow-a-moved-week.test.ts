/**
 * "Changed" e-mails through a real SMTP server on loopback, on a fake clock: they quote the
 * organiser's reason for the change (and only for that change), and a partner reminded of an
 * activity whose campaign week moves gets one "Changed" for the activity at its new date, with
 * the same UID and a higher SEQUENCE, and no second reminder (ADR 120).
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Received } from './support/smtp-sink.js';
import { makeWorld, type World } from './support/world.js';

/** The METHOD, UID, SEQUENCE and DTSTART (UTC) of an e-mail's invitation, read by ical.js. */
async function invitation(w: World, received: Received) {
  const mail = await w.sink.parse(received);
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
  const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
  const vevent = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: vevent.uid,
    sequence: vevent.sequence,
    start: vevent.startDate.toJSDate().toISOString(),
  };
}

function mailTo(w: World, address: string): Received[] {
  return w.sink.received.filter((r) => r.envelopeTo.includes(address));
}

describe('a member reminded of a meeting whose venue or time changes', () => {
  let w: World;
  const member = 'iag-member-1@example.org';
  let meeting: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [member] });
    meeting = await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
    await w.dispatch('2022-10-26T18:00:00Z'); // a week before 2 November
  });
  afterAll(() => w.close());

  it('was reminded of it', async () => {
    expect((await w.sink.parsedFor(member)).map((m) => m.subject)).toEqual([
      'Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00',
    ]);
  });

  it("hears the organiser's reason with the new venue, and no reason with a later change that gave none", async () => {
    w.t.clock.set('2022-10-27T09:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${meeting.id}`, {
      location: 'Council Chamber',
      reason: 'The college needs the hall for open evening',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.changeReason).toBe('The college needs the hall for open evening');
    await w.dispatch('2022-10-27T09:01:00Z');
    let mails = await w.sink.parsedFor(member);
    expect(mails).toHaveLength(2);
    // A venue-only change says so: not "now <the same time>", which reads like a move.
    expect(mails[1]!.subject).toBe('New venue: Independent Advisory Group meeting, Wed 2 Nov, 18:00, now at Council Chamber');
    expect(mails[1]!.text).toContain('Reason: The college needs the hall for open evening');
    expect(mails[1]!.html).toContain('Reason: The college needs the hall for open evening');

    w.t.clock.set('2022-10-28T09:00:00Z');
    expect((await w.t.call('PATCH', `/api/events/${meeting.id}`, { location: 'Civic Offices' })).body.changeReason).toBe('');
    await w.dispatch('2022-10-28T09:01:00Z');
    mails = await w.sink.parsedFor(member);
    expect(mails).toHaveLength(3);
    expect(mails[2]!.text).toContain('Civic Offices');
    expect(mails[2]!.text).not.toContain('Reason:');
  });

  it('hears the reason for a series edit that moved the date it was reminded of', async () => {
    // Back before the series' 19 October date (its reminder went on the 12th).
    const w2 = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [member] });
    try {
      const s = await w2.createMeeting({ start: '2022-09-21T14:00', end: '2022-09-21T15:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
      await w2.dispatch('2022-10-12T13:00:00Z');
      w2.t.clock.set('2022-10-13T09:00:00Z');
      const edit = await w2.t.call('PATCH', `/api/events/${s.id}`, {
        start: '2022-09-21T15:00',
        end: '2022-09-21T16:00',
        reason: 'The chair teaches until 14:30',
      });
      expect(edit.body.series).toMatchObject({ change: 'split', allBecameFollowing: true });
      await w2.dispatch('2022-10-13T09:01:00Z');
      const mails = await w2.sink.parsedFor(member);
      expect(mails.map((m) => m.subject)).toEqual([
        'Reminder: Independent Advisory Group meeting, Wed 19 Oct, 14:00',
        'Changed: Independent Advisory Group meeting, now Wed 19 Oct, 15:00',
      ]);
      expect(mails[1]!.text).toContain('Reason: The chair teaches until 14:30');
    } finally {
      await w2.close();
    }
  });
});

describe('a partner reminded of an activity whose campaign week moves', () => {
  let w: World;
  const partner = 'partner-1@example.org';
  let week: any;
  let talk: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [] });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity', leadTimes: ['1w'] })).status).toBe(201);
    week = (
      await w.t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Hate Crime Awareness Week',
        start: '2022-10-08',
        end: '2022-10-15',
        visibility: 'public',
      })
    ).body;
    talk = (
      await w.t.call('POST', '/api/events', {
        kind: 'activity',
        title: 'Women’s experience of hate crime',
        start: '2022-10-12T10:00',
        end: '2022-10-12T12:00',
        location: 'Council Chambers',
        parentId: week.id,
        visibility: 'public',
      })
    ).body;
    await w.dispatch('2022-10-05T09:00:00Z'); // a week before 10:00 BST on the 12th
  });
  afterAll(() => w.close());

  it('gets one "Changed" at the new date with the week\'s move as the reason, the same UID and a higher SEQUENCE', async () => {
    w.t.clock.set('2022-10-06T09:00:00Z');
    const moved = await w.t.call('PATCH', `/api/events/${week.id}`, {
      start: '2022-10-15',
      end: '2022-10-22',
      reason: 'The council chamber is a polling station',
    });
    expect(moved.body.series.activities).toMatchObject({ days: 7, shifted: [talk.id] });
    await w.dispatch('2022-10-06T09:01:00Z');
    // The new date's week-before reminder time comes and goes: no second reminder of the same talk.
    await w.dispatch('2022-10-12T09:01:00Z');
    const mails = await w.sink.parsedFor(partner);
    expect(mails.map((m) => m.subject)).toEqual([
      'Reminder: Women’s experience of hate crime, Wed 12 Oct, 10:00',
      'Changed: Women’s experience of hate crime, now Wed 19 Oct, 10:00',
    ]);
    expect(mails[1]!.text).toContain('Reason: Part of Hate Crime Awareness Week, which moved: The council chamber is a polling station');
    const [reminder, change] = await Promise.all(mailTo(w, partner).map((r) => invitation(w, r)));
    expect(change).toMatchObject({ method: 'REQUEST', uid: `${talk.id}@safercal`, start: '2022-10-19T09:00:00.000Z' });
    expect(change!.uid).toBe(reminder!.uid);
    expect(change!.sequence).toBeGreaterThan(reminder!.sequence);
  });
});
