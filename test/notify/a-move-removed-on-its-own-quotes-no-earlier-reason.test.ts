/**
 * A change of one date alone quotes its own words, never the event's last reason: a move removed
 * with DELETE of the date (no note) sends "Changed" with no "Reason:", as a PUT move without a
 * note does, though the event's last change said "later start" (ADR 201). The next change of the
 * event itself quotes its reason again. Real SMTP server on loopback, real SQLite, a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

const MEMBER = 'iag-member-1@example.org';

describe('a moved date whose move is removed on its own', () => {
  let w: World;
  let b: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-04-01T09:00:00Z', members: [MEMBER] });
    // Mondays 10:00–11:00 UK time from 5 April, eight dates; from 12 April on at another venue (B).
    const series = await w.createMeeting({ start: '2027-04-05T10:00', end: '2027-04-05T11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8' });
    const split = await w.t.call('PATCH', `/api/events/${series.id}`, {
      dates: 'following',
      from: '2027-04-12T10:00',
      location: 'Wolverton Library',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    b = split.body.id as string;
    const moved = await w.t.call('PUT', `/api/events/${b}/occurrences/2027-04-12T10:00`, {
      start: '2027-04-13T10:00',
      end: '2027-04-13T11:00',
      location: 'Wolverton Library',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const later = await w.t.call('PATCH', `/api/events/${b}`, {
      dates: 'all',
      start: '2027-04-12T12:00',
      end: '2027-04-12T13:00',
      reason: 'later start',
    });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    await w.dispatch('2027-04-06T12:00:00Z'); // the week-before reminder of Tue 13 April
  });
  afterAll(() => w.close());

  it('was reminded of the moved date', async () => {
    const subjects = (await w.sink.parsedFor(MEMBER)).map((m) => m.subject);
    expect(subjects.some((s) => s?.includes('13 Apr'))).toBe(true);
  });

  it('is told "Changed" with no reason when its move is removed with no note', async () => {
    w.t.clock.set('2027-04-07T09:00:00Z');
    const date = `/api/events/${b}/occurrences/2027-04-12T11:00:00Z`;
    const cancelled = await w.t.call('PUT', date, { status: 'cancelled' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const restored = await w.t.call('DELETE', date);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    const removed = await w.t.call('DELETE', date);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const before = (await w.sink.parsedFor(MEMBER)).length;
    await w.dispatch('2027-04-07T09:01:00Z');
    const mails = (await w.sink.parsedFor(MEMBER)).slice(before);
    expect(mails.map((m) => m.subject)).toEqual(['Changed: Independent Advisory Group meeting, now Mon 12 Apr, 12:00']);
    expect(mails[0]!.text).not.toContain('Reason:');
    expect(mails[0]!.text).not.toContain('later start');
    expect(String(mails[0]!.html)).not.toContain('later start');
  });

  it('quotes the reason of the next change of the event itself', async () => {
    w.t.clock.set('2027-04-07T10:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${b}`, { location: 'Room Q', reason: 'the library is closed' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const before = (await w.sink.parsedFor(MEMBER)).length;
    await w.dispatch('2027-04-07T10:01:00Z');
    const mail = (await w.sink.parsedFor(MEMBER)).slice(before).find((m) => m.subject?.includes('12 Apr'));
    expect(mail?.subject).toBe('New venue: Independent Advisory Group meeting, Mon 12 Apr, 12:00, now at Room Q');
    expect(mail!.text).toContain('Reason: the library is closed');
  });
});
