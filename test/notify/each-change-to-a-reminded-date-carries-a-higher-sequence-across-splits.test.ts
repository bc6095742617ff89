/**
 * RFC 5546 §2.1.4: a calendar applies an update only when its SEQUENCE is higher than the last one
 * it got for that UID and RECURRENCE-ID. A member reminded of a date that three successive edits
 * move, each in another part of a split series, gets three "Changed" e-mails for the identity
 * their calendar holds, each numbered above the one before, so none is ignored. Real SMTP server
 * on loopback, real SQLite, a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBERS = ['iag-member-1@example.org', 'iag-member-2@example.org'];

describe('successive changes of a reminded date across the parts of a split series', () => {
  let w: World;
  afterEach(() => w.close());

  it('each "Changed" for the date a member holds carries a higher SEQUENCE than the last they got', async () => {
    w = await makeWorld({ now: '2026-12-01T09:00:00Z', members: MEMBERS });
    // Third Wednesday monthly at 18:00 from 16 December 2026; the reminder of 19 May 2027.
    const first = (await w.createMeeting({ start: '2026-12-16T18:00', end: '2026-12-16T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' }))
      .id as string;
    await w.dispatch('2027-05-12T17:35:00Z');
    const reminders = await mailsSince(w, 0);
    expect(reminders.map((m) => [m.uid, m.recurrenceId])).toEqual(MEMBERS.map(() => [`${first}@safercal`, '2027-05-19T17:00:00.000Z']));

    const changes: { member: string; method: string; start: string; sequence: number }[][] = [];
    const tell = async () => {
      const seen = w.sink.received.length;
      await w.dispatch('2026-12-01T09:05:00Z');
      const to = w.sink.received.slice(seen).map((r) => r.envelopeTo.join(','));
      const mails = await mailsSince(w, seen);
      changes.push(
        MEMBERS.flatMap((member) =>
          mails
            .filter((m, i) => to[i] === member && m.uid === `${first}@safercal` && m.recurrenceId === '2027-05-19T17:00:00.000Z')
            .map((m) => ({ member, method: m.method, start: m.start, sequence: m.sequence })),
        ),
      );
    };

    // 1. This and following from 17 February at 19:00 (a second part).
    const second = await w.t.call('PATCH', `/api/events/${first}`, {
      dates: 'following',
      from: '2027-02-17T18:00:00Z',
      start: '2027-02-17T19:00',
      end: '2027-02-17T21:00',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    await tell();
    // 2. In the second part, from 17 March on the third Thursday (a third part).
    const third = await w.t.call('PATCH', `/api/events/${second.body.id}?allowSameTime=true`, {
      dates: 'following',
      from: '2027-03-17T19:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3TH',
      start: '2027-03-18T19:00',
      end: '2027-03-18T21:00',
    });
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    await tell();
    // 3. All dates of the third part at 19:30.
    const fourth = await w.t.call('PATCH', `/api/events/${third.body.id}`, {
      dates: 'all',
      start: '2027-03-18T19:30',
      end: '2027-03-18T21:30',
    });
    expect(fourth.status, JSON.stringify(fourth.body)).toBe(200);
    await tell();

    expect(changes.map((c) => c.map((m) => m.start))).toEqual([
      MEMBERS.map(() => '2027-05-19T18:00:00.000Z'),
      MEMBERS.map(() => '2027-05-20T18:00:00.000Z'),
      MEMBERS.map(() => '2027-05-20T18:30:00.000Z'),
    ]);
    for (const [i, member] of MEMBERS.entries()) {
      const sequences = [reminders[i]!.sequence, ...changes.map((c) => c.find((m) => m.member === member)!.sequence)];
      for (let k = 1; k < sequences.length; k++)
        expect(sequences[k], `${member}: ${sequences.join(' → ')}`).toBeGreaterThan(sequences[k - 1]!);
    }
  });
});
