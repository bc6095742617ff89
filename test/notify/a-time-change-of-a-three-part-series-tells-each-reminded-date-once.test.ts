/**
 * A weekly meeting split twice ("this and following") is one series to its members: a new time for
 * "all dates" of its first part reaches all three parts (ADR 124), and each member reminded of a
 * date in any part gets exactly one "Changed" for it, carrying the UID and RECURRENCE-ID their
 * calendar holds and the SEQUENCE one above the reminder's, so the date moves in their calendar
 * and is never doubled. A "following" edit from a one-off part moved past dates of the later part
 * tells only the dates from it on (ADR 264). Real SMTP server on loopback, real SQLite, a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBERS = ['iag-member-1@example.org', 'iag-member-2@example.org'];

describe('a time change of all dates of a series split in three', () => {
  let w: World;
  afterEach(() => w.close());

  it('sends one "Changed" per reminded date per member, as their calendars hold it, with SEQUENCE one higher', async () => {
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: MEMBERS });
    // Wednesdays at 18:00 from 2 September; split at 16 and at 30 September by words-only changes.
    const first = (await w.createMeeting({ start: '2026-09-02T18:00', end: '2026-09-02T20:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' }))
      .id as string;
    const second = (
      await w.t.call('PATCH', `/api/events/${first}`, { dates: 'following', from: '2026-09-16T17:00:00Z', description: 'Agenda online' })
    ).body.id as string;
    const third = (
      await w.t.call('PATCH', `/api/events/${second}`, { dates: 'following', from: '2026-09-30T17:00:00Z', description: 'New chair' })
    ).body.id as string;
    expect(new Set([first, second, third]).size).toBe(3);

    // The day-before reminders of 9 September (first part), 23 September (second) and 7 October (third).
    for (const at of ['2026-09-08T17:00:00Z', '2026-09-22T17:00:00Z', '2026-10-06T17:00:00Z']) await w.dispatch(at);
    const reminders = await mailsSince(w, 0);
    const held = [
      [`${first}@safercal`, '2026-09-09T17:00:00.000Z'],
      [`${second}@safercal`, '2026-09-23T17:00:00.000Z'],
      [`${third}@safercal`, '2026-10-07T17:00:00.000Z'],
    ];
    expect(new Set(reminders.map((m) => `${m.uid} ${m.recurrenceId}`))).toEqual(new Set(held.map(([u, r]) => `${u} ${r}`)));

    const edit = await w.t.call('PATCH', `/api/events/${first}`, {
      dates: 'all',
      start: '2026-09-02T18:30',
      end: '2026-09-02T20:30',
      reason: 'The hall is booked until 18:30.',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations.map((c: any) => c.eventId)).toEqual([second, third]);

    const seen = w.sink.received.length;
    await w.dispatch('2026-09-01T09:05:00Z');
    await w.dispatch('2026-09-01T09:10:00Z');
    const mails = await mailsSince(w, seen);
    const to = w.sink.received.slice(seen).map((r) => r.envelopeTo.join(','));
    const changed = mails.filter((m) => m.subject.startsWith('Changed'));
    // Each member, each held date, once.
    for (const member of MEMBERS) {
      const theirs = mails.filter((m, i) => to[i] === member && m.subject.startsWith('Changed'));
      expect(theirs.map((m) => `${m.uid} ${m.recurrenceId}`).sort(), member).toEqual(held.map(([u, r]) => `${u} ${r}`).sort());
    }
    expect(changed).toHaveLength(6);
    for (const [uid, recurrenceId] of held) {
      const told = reminders.filter((m) => m.uid === uid && m.recurrenceId === recurrenceId);
      const news = changed.filter((m) => m.uid === uid && m.recurrenceId === recurrenceId);
      expect(news.map((m) => [m.method, m.start, m.sequence])).toEqual(
        told.map((m) => ['REQUEST', new Date(Date.parse(recurrenceId!) + 30 * 60_000).toISOString(), m.sequence + 1]),
      );
    }
  });

  it('tells of a "following" edit from a one-off part moved past dates of the later part only the dates from it on (ADR 264)', async () => {
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: MEMBERS });
    // Wednesdays at 18:00 from 2 September, eight dates; split at 9 September, which leaves 2 September one date (a one-off part).
    const first = (await w.createMeeting({ start: '2026-09-02T18:00', end: '2026-09-02T20:00', rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=8' }))
      .id as string;
    const later = (
      await w.t.call('PATCH', `/api/events/${first}`, { dates: 'following', from: '2026-09-09T17:00:00Z', description: 'Agenda online' })
    ).body.id as string;
    // That date alone moved to Friday 18 September: the later part's 9 and 16 September now come before it.
    const moved = await w.t.call('PATCH', `/api/events/${first}`, { start: '2026-09-18T18:00', end: '2026-09-18T20:00' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    // The day-before reminders of 16 September (before the moved date) and 23 September (after it).
    for (const at of ['2026-09-15T17:00:00Z', '2026-09-22T17:00:00Z']) await w.dispatch(at);
    const reminders = (await mailsSince(w, 0)).filter((m) => m.uid === `${later}@safercal`);
    expect(new Set(reminders.map((m) => m.recurrenceId))).toEqual(new Set(['2026-09-16T17:00:00.000Z', '2026-09-23T17:00:00.000Z']));

    const edit = await w.t.call('PATCH', `/api/events/${first}`, {
      dates: 'following',
      from: '2026-09-18T17:00:00Z',
      start: '2026-09-18T18:30',
      end: '2026-09-18T20:30',
      reason: 'The hall is booked until 18:30 from the 18th.',
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.series.continuations.map((c: any) => c.from)).toEqual(['2026-09-23']);

    const seen = w.sink.received.length;
    await w.dispatch('2026-09-01T09:05:00Z');
    await w.dispatch('2026-09-01T09:10:00Z');
    const all = await mailsSince(w, seen);
    const to = w.sink.received.slice(seen).map((r) => r.envelopeTo.join(','));
    const mails = all.map((m, i) => ({ ...m, to: to[i] })).filter((m) => m.uid === `${later}@safercal`);
    // 23 September moved to 18:30: one "Changed" a member, as their calendar holds it; 16 September is untouched: nothing.
    expect(mails.map((m) => [m.to, m.subject.split(':')[0], m.method, m.recurrenceId, m.start]).sort()).toEqual(
      MEMBERS.map((member) => [member, 'Changed', 'REQUEST', '2026-09-23T17:00:00.000Z', '2026-09-23T17:30:00.000Z']),
    );
    const told = reminders.find((m) => m.recurrenceId === '2026-09-23T17:00:00.000Z')!;
    for (const m of mails) expect(m.sequence).toBe(told.sequence + 1);
    expect((await w.t.call('GET', `/api/events/${later}`)).body).toMatchObject({ start: '2026-09-09T18:00:00+01:00' });
  });
});
