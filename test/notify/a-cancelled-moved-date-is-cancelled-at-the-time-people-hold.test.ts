/**
 * A date moved to another day and then cancelled: people reminded of the moved date hold it at the
 * moved time, so the "Cancelled" invitation (METHOD:CANCEL) carries that DTSTART and DTEND, with the
 * UID and RECURRENCE-ID they hold and a higher SEQUENCE (RFC 5546 §3.2.5), not the series' own slot
 * for that RECURRENCE-ID; a "Changed" before it carries the moved time too. Real SMTP server on
 * loopback, real SQLite, a fake clock; the invitations read with ical.js (support/seen-mails.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBER = 'iag-member-1@example.org';

describe('a moved date of a split series, cancelled after people were reminded of it', () => {
  let w: World;
  afterEach(() => w.close());

  it('is cancelled, and changed before that, at the moved time people hold', async () => {
    w = await makeWorld({ now: '2027-04-01T09:00:00Z', members: [MEMBER] });
    // Mondays 10:00–11:00 UK time (09:00 UTC) from 5 April, eight dates.
    const series = await w.createMeeting({
      start: '2027-04-05T10:00',
      end: '2027-04-05T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8',
    });
    w.t.clock.set('2027-04-05T12:00:00Z'); // 5 April has passed
    const moved = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2027-04-12T10:00`, {
      start: '2027-04-13T10:00',
      end: '2027-04-13T11:00',
      location: 'Milton Keynes College',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // "All dates" to 11:00 with a date passed: a split from 12 April; the moved date keeps its time.
    const all = await w.t.call('PATCH', `/api/events/${series.id}`, {
      dates: 'all',
      start: '2027-04-05T11:00',
      end: '2027-04-05T12:00',
    });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const part = all.body.id as string;
    expect(part).not.toBe(series.id);

    await w.dispatch('2027-04-06T12:00:00Z'); // the week-before reminder of Tue 13 April
    const reminders = await mailsSince(w, 0);
    expect(reminders).toHaveLength(1);
    const reminder = reminders[0]!;
    expect(reminder).toMatchObject({
      uid: `${part}@safercal`,
      recurrenceId: '2027-04-12T10:00:00.000Z',
      start: '2027-04-13T09:00:00.000Z',
      end: '2027-04-13T10:00:00.000Z',
    });

    // Moved again within Tuesday: "Changed" at the new time.
    w.t.clock.set('2027-04-07T09:00:00Z');
    const again = await w.t.call('PUT', `/api/events/${part}/occurrences/2027-04-12T11:00`, {
      start: '2027-04-13T14:00',
      end: '2027-04-13T15:00',
      location: 'Milton Keynes College',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await w.dispatch('2027-04-07T09:01:00Z');
    const afterChange = await mailsSince(w, 0);
    expect(afterChange).toHaveLength(2);
    const changed = afterChange[1]!;
    expect(changed).toMatchObject({
      method: 'REQUEST',
      uid: reminder.uid,
      recurrenceId: reminder.recurrenceId,
      start: '2027-04-13T13:00:00.000Z',
      end: '2027-04-13T14:00:00.000Z',
    });
    expect(changed.sequence).toBeGreaterThan(reminder.sequence);

    w.t.clock.set('2027-04-08T09:00:00Z');
    const cancelled = await w.t.call('PUT', `/api/events/${part}/occurrences/2027-04-12T11:00`, {
      status: 'cancelled',
      note: 'The room is needed for a training day',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await w.dispatch('2027-04-08T09:01:00Z');
    const mails = await mailsSince(w, 0);
    expect(mails).toHaveLength(3);
    const cancel = mails[2]!;
    expect(cancel).toMatchObject({
      subject: 'Cancelled: Independent Advisory Group meeting, Tue 13 Apr, 14:00',
      method: 'CANCEL',
      uid: reminder.uid,
      recurrenceId: reminder.recurrenceId,
      start: '2027-04-13T13:00:00.000Z',
      end: '2027-04-13T14:00:00.000Z',
    });
    expect(cancel.sequence).toBeGreaterThan(changed.sequence);
  });
});
