import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

function invitation(raw: Buffer): { method: string; ics: ICAL.Component } {
  const text = raw.toString('utf8');
  const method = /Content-Type: text\/calendar;[^\r\n]*method=([A-Z]+)/i.exec(text.replace(/\r\n[ \t]/g, ' '))?.[1] ?? '';
  const part = /Content-Type: text\/calendar[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/i.exec(text)![1]!;
  const ics = /BEGIN:VCALENDAR/.test(part) ? part : Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { method, ics: new ICAL.Component(ICAL.parse(ics)) };
}

describe('when a reminded meeting moves or is cancelled', () => {
  let w: World;
  let series: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z' });
    // Monthly on the third Wednesday, 18:00 UK time; October's is on the 19th.
    series = await w.createMeeting({ start: '2022-09-21T18:00', end: '2022-09-21T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    await w.dispatch('2022-10-12T17:00:00Z'); // a week before 19 October
  });
  afterAll(() => w.close());

  it('sent the week-before reminder of the October occurrence with its RECURRENCE-ID', async () => {
    expect(w.sink.received).toHaveLength(2);
    const { method, ics } = invitation(w.sink.received[0]!.raw);
    expect(method).toBe('REQUEST');
    const vevent = ics.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('recurrence-id')!.toString()).toMatch(/^2022-10-19T1[78]:00:00/);
  });

  it('tells people already reminded that it moved, with a higher SEQUENCE, and moves their pending day-before reminder', async () => {
    w.t.clock.set('2022-10-13T10:00:00Z');
    const moved = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-19T18:00`, {
      start: '2022-10-26T18:00',
      end: '2022-10-26T20:00',
      location: 'Milton Keynes College',
      note: 'Moved a week later to meet at the college.',
    });
    expect(moved.status).toBe(200);
    const pass = await w.dispatch('2022-10-13T10:01:00Z');
    expect(pass.plan.changes).toBe(2);
    expect(pass.sent).toBe(2);
    const update = (await w.sink.parsedFor('iag-member-1@example.org'))[1]!;
    expect(update.subject).toBe('Changed: Independent Advisory Group meeting, now Wed 26 Oct, 18:00');
    expect(update.text).toContain('When:  Wednesday 26 October 2022, 18:00–20:00');
    expect(update.text).toContain('(was Wednesday 19 October 2022, 18:00–20:00)');
    expect(update.text).toContain('Moved a week later to meet at the college.');
    const { method, ics } = invitation(w.sink.received[2]!.raw);
    expect(method).toBe('REQUEST');
    const vevent = new ICAL.Event(ics.getFirstSubcomponent('vevent')!);
    expect(vevent.sequence).toBeGreaterThan(0);
    expect(vevent.sequence).toBe(moved.body.sequence);
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2022-10-26T17:00:00.000Z');
    expect(vevent.uid).toBe(`${series.id}@safercal`);

    // The day-before reminder now follows the meeting: 25 October, not 18 October.
    expect((await w.dispatch('2022-10-18T17:00:00Z')).sent).toBe(0);
    expect((await w.dispatch('2022-10-25T17:00:00Z')).sent).toBe(2);
  });

  it('sends one cancellation (METHOD:CANCEL) to each person reminded, and no more reminders, when the meeting is called off', async () => {
    w.t.clock.set('2022-10-25T20:00:00Z');
    const cancelled = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-19T18:00`, { status: 'cancelled' });
    expect(cancelled.status).toBe(200);
    const before = w.sink.received.length;
    await w.dispatch('2022-10-25T20:01:00Z');
    await w.dispatch('2022-10-25T20:30:00Z');
    const fresh = w.sink.received.slice(before);
    expect(fresh).toHaveLength(2);
    const mail = await w.sink.parse(fresh[0]!);
    expect(mail.subject).toBe('Cancelled: Independent Advisory Group meeting, Wed 26 Oct, 18:00');
    const { method, ics } = invitation(fresh[0]!.raw);
    expect(method).toBe('CANCEL');
    expect(ics.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(ics.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
    const log = await w.t.call('GET', `/api/events/${series.id}/deliveries`);
    const kinds = log.body.deliveries.filter((d: any) => d.recipient === 'iag-member-1@example.org').map((d: any) => [d.kind, d.status]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['reminder', 'sent'],
        ['update', 'sent'],
        ['reminder', 'sent'],
        ['cancellation', 'sent'],
      ]),
    );
  });

  it('withdraws pending reminders of a series that is cancelled before anyone was reminded', async () => {
    // November's occurrence (16th): its week-before reminder is planned two days ahead, then the series is cancelled.
    await w.dispatch('2022-11-08T09:00:00Z');
    const pending = await w.t.handle.store.db.selectFrom('reminder_deliveries').selectAll().where('status', '=', 'pending').execute();
    expect(pending.length).toBeGreaterThan(0);
    w.t.clock.set('2022-11-08T10:00:00Z');
    expect((await w.t.call('POST', `/api/events/${series.id}/cancel`, { reason: 'The group is being re-formed.' })).status).toBe(200);
    const before = w.sink.received.length;
    await w.dispatch('2022-11-09T18:00:00Z');
    expect(w.sink.received.length).toBe(before);
    const after = await w.t.handle.store.db
      .selectFrom('reminder_deliveries')
      .selectAll()
      .where(
        'id',
        'in',
        pending.map((p) => p.id),
      )
      .execute();
    expect(after.every((r) => r.status === 'cancelled')).toBe(true);
  });
});

describe('when only the end of a reminded date changes (issue 10)', () => {
  let w: World;
  const member = 'iag-member-1@example.org';
  const partner = 'partner-1@example.org';
  let meeting: any;
  let week: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-02-01T09:00:00Z', members: [member] });
    meeting = await w.createMeeting({ start: '2027-03-10T18:00', end: '2027-03-10T19:00' });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:campaign_week', leadTimes: ['1w'] })).status).toBe(
      201,
    );
    const res = await w.t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Bite Back Week',
      start: '2027-03-15',
      end: '2027-03-19',
      rrule: 'FREQ=YEARLY',
      visibility: 'public',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    week = res.body;
    await w.dispatch('2027-03-03T18:01:00Z'); // a week before the meeting
    await w.dispatch('2027-03-08T09:01:00Z'); // a week before the week
  });
  afterAll(() => w.close());

  it('tells a member reminded of a one-off meeting once, with the old end beside the new and a higher SEQUENCE', async () => {
    const edit = await w.t.call('PATCH', `/api/events/${meeting.id}`, { end: '2027-03-10T20:30' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await w.dispatch('2027-03-08T09:02:00Z');
    await w.dispatch('2027-03-08T09:03:00Z');
    const mails = await w.sink.parsedFor(member);
    expect(mails.map((m) => m.subject)).toEqual([
      'Reminder: Independent Advisory Group meeting, Wed 10 Mar, 18:00',
      'Changed: Independent Advisory Group meeting, Wed 10 Mar, 18:00',
    ]);
    expect(mails[1]!.text).toContain('has changed');
    expect(mails[1]!.text).toContain('When:  Wednesday 10 March 2027, 18:00–20:30');
    expect(mails[1]!.text).toContain('(was Wednesday 10 March 2027, 18:00–19:00)');
    const raw = w.sink.received.filter((m) => m.envelopeTo.includes(member)).map((m) => invitation(m.raw));
    const [reminded, changed] = raw.map((r) => new ICAL.Event(r.ics.getFirstSubcomponent('vevent')!));
    expect(raw[1]!.method).toBe('REQUEST');
    expect(changed!.uid).toBe(reminded!.uid);
    expect(changed!.endDate.toJSDate().toISOString()).toBe('2027-03-10T20:30:00.000Z');
    expect(changed!.sequence).toBeGreaterThan(reminded!.sequence);
  });

  it('tells a subscriber reminded of a repeating campaign week that now ends a day later once', async () => {
    const edit = await w.t.call('PATCH', `/api/events/${week.id}`, { end: '2027-03-20' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await w.dispatch('2027-03-08T09:04:00Z');
    await w.dispatch('2027-03-08T09:05:00Z');
    const mails = await w.sink.parsedFor(partner);
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Reminder: Bite Back Week, Mon 15 Mar/),
      'Changed: Bite Back Week, Mon 15 Mar',
    ]);
    expect(mails[1]!.text).toMatch(/When: .*20 March 2027/);
    const raw = w.sink.received.filter((m) => m.envelopeTo.includes(partner)).map((m) => invitation(m.raw));
    const [reminded, changed] = raw.map((r) => new ICAL.Event(r.ics.getFirstSubcomponent('vevent')!));
    expect(changed!.recurrenceId?.toString()).toBe(reminded!.recurrenceId?.toString());
    expect(changed!.endDate.toString()).toBe('2027-03-21');
    expect(changed!.sequence).toBeGreaterThan(reminded!.sequence);
  });
});
