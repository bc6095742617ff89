/**
 * A weekly Wednesday meeting switched to Thursdays by "this and following" is two parts with rules
 * of their own. A new time of day for all dates of the Wednesday part reaches the Thursdays (ADR
 * 171), and each member reminded of two Wednesdays and a Thursday gets exactly one "Changed" for
 * each, under the UID and RECURRENCE-ID their calendar holds, at the new time. Real SMTP server on
 * loopback, real SQLite, a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBERS = ['iag-member-1@example.org', 'iag-member-2@example.org'];

describe('a new time for all dates of a series that moved to Thursdays', () => {
  let w: World;
  afterEach(() => w.close());

  it('moves every Thursday and sends one "Changed" per reminded date per member', async () => {
    w = await makeWorld({ now: '2026-12-20T09:00:00Z', members: MEMBERS });
    const wednesdays = (await w.createMeeting({ start: '2027-01-06T10:00', end: '2027-01-06T11:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' }))
      .id as string;
    const split = await w.t.call('PATCH', `/api/events/${wednesdays}`, {
      dates: 'following',
      from: '2027-01-20T10:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      start: '2027-01-21T10:00',
      end: '2027-01-21T11:00',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const thursdays = split.body.id as string;

    // The week-before reminders of Wed 6 and 13 January and Thu 21 January.
    for (const at of ['2026-12-30T10:00:00Z', '2027-01-06T10:00:00Z', '2027-01-14T10:00:00Z']) await w.dispatch(at);
    const reminders = await mailsSince(w, 0);
    const held = [
      [`${wednesdays}@safercal`, '2027-01-06T10:00:00.000Z'],
      [`${wednesdays}@safercal`, '2027-01-13T10:00:00.000Z'],
      [`${thursdays}@safercal`, '2027-01-21T10:00:00.000Z'],
    ];
    expect(new Set(reminders.map((m) => `${m.uid} ${m.recurrenceId}`))).toEqual(new Set(held.map(([u, r]) => `${u} ${r}`)));

    const edit = await w.t.call('PATCH', `/api/events/${wednesdays}`, { dates: 'all', start: '2027-01-06T11:00', end: '2027-01-06T12:00' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations.map((c: any) => c.eventId)).toEqual([thursdays]);

    const seen = w.sink.received.length;
    await w.dispatch('2026-12-20T09:05:00Z');
    await w.dispatch('2026-12-20T09:10:00Z');
    const mails = await mailsSince(w, seen);
    const to = w.sink.received.slice(seen).map((r) => r.envelopeTo.join(','));
    expect(mails.map((m) => m.subject).filter((s) => !s.startsWith('Changed'))).toEqual([]);
    for (const member of MEMBERS) {
      const theirs = mails.filter((_, i) => to[i] === member);
      expect(theirs.map((m) => `${m.uid} ${m.recurrenceId} ${m.start}`).sort(), member).toEqual(
        held.map(([u, r]) => `${u} ${r} ${new Date(Date.parse(r!) + 60 * 60_000).toISOString()}`).sort(),
      );
    }
    expect(mails).toHaveLength(6);
  });
});
