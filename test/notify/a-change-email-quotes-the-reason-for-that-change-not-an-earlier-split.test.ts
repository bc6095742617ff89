/**
 * A date people hold under an earlier part's UID (a split moved it, ADR 91) and then changed by an
 * edit of the part it lives in now gets a "Changed"/"New venue" e-mail quoting the reason given with
 * that edit, or none: not the reason an earlier split kept with the date's alias (ADR 120, ADR 176).
 * A change of that date alone quotes its own note only (ADR 201, ADR 232). Through a real SMTP sink
 * on a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

describe('a reminded date of a split series whose venue then changes', () => {
  let w: World;
  const member = 'iag-member-1@example.org';
  let a2: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-05-01T09:00:00Z', members: [member] });
    const a = await w.createMeeting({ start: '2027-05-06T18:00', end: '2027-05-06T19:00', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=10' });
    await w.dispatch('2027-05-07T12:00:00Z'); // the reminders of 13 May
    w.t.clock.set('2027-05-07T12:01:00Z');
    const first = await w.t.call('PATCH', `/api/events/${a.id}`, {
      dates: 'following',
      from: '2027-05-13T17:00:00Z',
      start: '2027-05-13T18:30',
      end: '2027-05-13T19:30',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    a2 = first.body.id;
    const second = await w.t.call('PATCH', `/api/events/${a2}`, {
      dates: 'following',
      from: '2027-05-20T17:30:00Z',
      start: '2027-05-20T19:00',
      end: '2027-05-20T20:00',
      reason: 'second',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await w.dispatch('2027-05-07T12:02:00Z'); // "Changed" for 13 May at 18:30
  });
  afterAll(() => w.close());

  it('was reminded of 13 May and told of its new time', async () => {
    const subjects = (await w.sink.parsedFor(member)).map((m) => m.subject);
    expect(subjects.filter((s) => s?.includes('13 May')).length).toBeGreaterThanOrEqual(2);
    expect(subjects.at(-1)).toBe('Changed: Independent Advisory Group meeting, now Thu 13 May, 18:30');
  });

  it('quotes no reason for a new venue given without one', async () => {
    const before = (await w.sink.parsedFor(member)).length;
    w.t.clock.set('2027-05-07T12:04:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${a2}`, { location: 'Room Z' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.changeReason).toBe('');
    await w.dispatch('2027-05-07T12:05:00Z');
    const mails = await w.sink.parsedFor(member);
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('New venue: Independent Advisory Group meeting, Thu 13 May, 18:30, now at Room Z');
    expect(mail.text).not.toContain('Reason:');
    expect(String(mail.html)).not.toContain('Reason:');
    expect(mail.text).not.toContain('second');
  });

  it('quotes the reason given with the next change', async () => {
    w.t.clock.set('2027-05-07T12:06:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${a2}`, { location: 'Room Q', reason: 'Room Z is flooded' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await w.dispatch('2027-05-07T12:07:00Z');
    const mail = (await w.sink.parsedFor(member)).at(-1)!;
    expect(mail.subject).toBe('New venue: Independent Advisory Group meeting, Thu 13 May, 18:30, now at Room Q');
    expect(mail.text).toContain('Reason: Room Z is flooded');
    expect(String(mail.html)).toContain('Reason: Room Z is flooded');
  });
});

describe('a reminded date of a split series then moved on its own', () => {
  let w: World;
  const member = 'iag-member-2@example.org';
  beforeAll(async () => {
    w = await makeWorld({ now: '2026-12-01T09:00:00Z', members: [member] });
    const s = await w.createMeeting({ start: '2026-11-04T17:00', end: '2026-11-04T18:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    await w.dispatch('2026-12-08T17:05:00Z'); // the reminders of Wed 9 December
    w.t.clock.set('2026-12-08T17:10:00Z');
    // All dates to 17:30: the passed dates are kept, so the series splits and 9 December moves to S2.
    const later = await w.t.call('PATCH', `/api/events/${s.id}`, {
      start: '2026-11-04T17:30',
      end: '2026-11-04T18:30',
      reason: 'later start',
    });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    const s2 = later.body.id as string;
    expect(s2).not.toBe(s.id);
    await w.dispatch('2026-12-08T17:11:00Z'); // "Changed" for 9 December at 17:30, "Reason: later start"
    w.t.clock.set('2026-12-08T17:12:00Z');
    const move = await w.t.call('PUT', `/api/events/${s2}/occurrences/2026-12-09T17:30:00Z`, {
      start: '2026-12-09T19:00',
      end: '2026-12-09T20:00',
      location: 'Room Q',
      note: 'room q',
    });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    await w.dispatch('2026-12-08T17:13:00Z');
  });
  afterAll(() => w.close());

  it('quotes the reason of the series edit for its new time, then only its own note for its own move', async () => {
    const mails = (await w.sink.parsedFor(member)).filter((m) => m.subject?.includes('9 Dec'));
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Reminder/),
      'Changed: Independent Advisory Group meeting, now Wed 9 Dec, 17:30',
      expect.stringMatching(/^Changed: .*now Wed 9 Dec, 19:00/),
    ]);
    expect(mails[1]!.text).toContain('Reason: later start');
    const own = mails[2]!;
    // Its own note, in the one form every change e-mail gives the organiser's words (tester 24).
    expect(own.text).toContain('Reason: room q');
    expect(String(own.html)).toContain('Reason: room q');
    expect(own.text).not.toContain('later start');
  });
});

describe('a reminded date moved with a note, then given a new venue by a split with a reason (issue 10)', () => {
  let w: World;
  const member = 'iag-member-4@example.org';
  beforeAll(async () => {
    w = await makeWorld({ now: '2026-12-01T09:00:00Z', members: [member] });
    const s = await w.createMeeting({ start: '2026-11-04T17:00', end: '2026-11-04T18:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    await w.dispatch('2026-12-08T17:05:00Z'); // the reminders of Wed 9 December, 17:00
    w.t.clock.set('2026-12-08T17:10:00Z');
    const move = await w.t.call('PUT', `/api/events/${s.id}/occurrences/2026-12-09T17:00:00Z`, {
      start: '2026-12-09T19:00',
      end: '2026-12-09T20:00',
      note: 'The chair has a late train',
    });
    expect(move.status, JSON.stringify(move.body)).toBe(200);
    // Before the next pass: 9 December on, the meetings are at Room Z.
    w.t.clock.set('2026-12-08T17:11:00Z');
    const split = await w.t.call('PATCH', `/api/events/${s.id}`, {
      dates: 'following',
      from: '2026-12-09T17:00:00Z',
      location: 'Room Z',
      reason: 'The college hall is being refurbished',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    await w.dispatch('2026-12-08T17:12:00Z');
  });
  afterAll(() => w.close());

  it('says each reason once, as what it explains, not two "Reason:" lines', async () => {
    const mails = (await w.sink.parsedFor(member)).filter((m) => m.subject?.includes('9 Dec'));
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Reminder/),
      expect.stringMatching(/^Changed: .*now Wed 9 Dec, 19:00/),
    ]);
    const changed = mails[1]!;
    for (const body of [changed.text ?? '', String(changed.html)]) {
      expect(body).toContain('Reason for the change to this date: The chair has a late train');
      expect(body).toContain('Reason for the change to the series: The college hall is being refurbished');
      expect(body).not.toContain('Reason:');
    }
  });
});

describe('a reminded date a rule change of the later part of a split series drops (issue 10)', () => {
  let w: World;
  const member = 'iag-member-3@example.org';
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-01-05T09:00:00Z', members: [member] });
    const a = await w.createMeeting({
      title: 'Chain test',
      start: '2027-01-20T16:00',
      end: '2027-01-20T17:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    });
    await w.dispatch('2027-04-14T15:01:00Z'); // the reminder of Wed 21 April
    // The app's clock stays in January (as the tester's did): the passes run ahead of it.
    const split = await w.t.call('PATCH', `/api/events/${a.id}`, {
      dates: 'following',
      from: '2027-03-17T16:00',
      start: '2027-03-17T16:30',
      end: '2027-03-17T17:30',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    await w.dispatch('2027-04-14T15:03:00Z'); // "Changed": 21 April now at 16:30
    const rule = await w.t.call('PATCH', `/api/events/${split.body.id}`, {
      rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=3WE',
      reason: 'Now every two months',
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(200);
    await w.dispatch('2027-04-14T15:05:00Z');
  });
  afterAll(() => w.close());

  it('is told "Cancelled" once, quoting the reason, on the pass after the edit of the later part', async () => {
    const subjects = (await w.sink.parsedFor(member)).map((m) => m.subject);
    expect(subjects).toEqual([
      expect.stringMatching(/^Reminder: Chain test, Wed 21 Apr, 16:00/),
      'Changed: Chain test, now Wed 21 Apr, 16:30',
      expect.stringMatching(/^Cancelled: Chain test, Wed 21 Apr/),
    ]);
    const cancelled = (await w.sink.parsedFor(member)).at(-1)!;
    expect(cancelled.text).toContain('Reason: Now every two months');
    expect(String(cancelled.html)).toContain('Reason: Now every two months');
  });
});
