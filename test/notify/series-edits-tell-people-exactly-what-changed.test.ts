/**
 * A member reminded of a date of a series hears exactly what an edit of the series did to it:
 * one "Changed" (METHOD:REQUEST, the UID and RECURRENCE-ID they hold, a higher SEQUENCE, the new
 * DTSTART), never a cancellation followed by a fresh reminder; their next reminder follows the
 * date. A partner reminded of an activity inside a campaign week's date that the edit moves hears one
 * "Changed" when it moves with its date, one "Cancelled" when the organiser cancels it (ADR 271).
 * Real SMTP server on loopback, real SQLite, a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBER = 'iag-member-1@example.org';

describe('people reminded of a date hear exactly what a series edit did to it', () => {
  let w: World;
  afterEach(() => w.close());

  it('a time change of all dates: one "Changed" for the reminded date, past dates untouched, the next reminder at the new time', async () => {
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: [MEMBER] });
    // Third Wednesday monthly at 18:00: 16 Sep, 21 Oct, 18 Nov, 16 Dec 2026.
    const series = await w.createMeeting({ start: '2026-09-16T18:00', end: '2026-09-16T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    await w.dispatch('2026-12-09T18:00:00Z');
    const reminded = await mailsSince(w, 0);
    expect(reminded.map((m) => [m.method, m.recurrenceId])).toEqual([['REQUEST', '2026-12-16T18:00:00.000Z']]);

    w.t.clock.set('2026-12-10T10:00:00Z');
    const edit = await w.t.call('PUT', `/api/events/${series.id}`, {
      kind: 'meeting',
      title: 'Independent Advisory Group meeting',
      location: 'Milton Keynes College',
      groupId: w.groupId,
      visibility: 'partners',
      start: '2026-09-16T18:30',
      end: '2026-09-16T20:30',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
      reason: 'The college asks us to start later.',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.series).toMatchObject({
      change: 'split',
      from: '2026-12-16T18:00:00Z',
      allBecameFollowing: true,
      earlierDates: series.id,
    });
    expect(edit.body.series.message).toContain('Dates already passed are kept as they happened');
    // The date in UK terms, as every other message gives it, not the UTC instant (issue 10).
    expect(edit.body.series.message).toContain('the change applies from 2026-12-16 on');
    expect(edit.body.id).not.toBe(series.id);
    expect(edit.body.splitFrom).toBe(series.id);

    // The past meetings stay at 18:00 in the API; December on is at 18:30.
    const list = await w.t.call('GET', '/api/occurrences?from=2026-09-01&to=2027-01-31');
    expect(list.body.occurrences.map((o: any) => [o.eventId === series.id ? 'earlier' : 'continues', o.start.slice(0, 16)])).toEqual([
      ['earlier', '2026-09-16T18:00'],
      ['earlier', '2026-10-21T18:00'],
      ['earlier', '2026-11-18T18:00'],
      ['continues', '2026-12-16T18:30'],
      ['continues', '2027-01-20T18:30'],
    ]);
    const earlier = await w.t.call('GET', `/api/events/${series.id}`);
    expect(earlier.body.rrule).toBe('FREQ=MONTHLY;UNTIL=20261215T235959Z;BYDAY=3WE');
    expect(earlier.body.continuesAs).toEqual([edit.body.id]);

    const before = w.sink.received.length;
    await w.dispatch('2026-12-10T10:01:00Z');
    await w.dispatch('2026-12-15T18:00:00Z'); // the day-before reminder's old time: nothing
    await w.dispatch('2026-12-15T18:30:00Z');
    const after = await mailsSince(w, before);
    expect(after).toEqual([
      {
        subject: 'Changed: Independent Advisory Group meeting, now Wed 16 Dec, 18:30',
        method: 'REQUEST',
        uid: `${series.id}@safercal`,
        recurrenceId: '2026-12-16T18:00:00.000Z',
        sequence: expect.any(Number),
        start: '2026-12-16T18:30:00.000Z',
        end: '2026-12-16T20:30:00.000Z',
        location: 'Milton Keynes College',
      },
      expect.objectContaining({
        method: 'REQUEST',
        uid: `${series.id}@safercal`,
        recurrenceId: '2026-12-16T18:00:00.000Z',
        start: '2026-12-16T18:30:00.000Z',
      }),
    ]);
    expect(after[1]!.subject).not.toMatch(/^(Changed|Cancelled)/);
    expect(after[0]!.sequence).toBeGreaterThan(reminded[0]!.sequence);
    expect(after[1]!.sequence).toBeGreaterThanOrEqual(after[0]!.sequence);
  });

  it('a "this and following" change: one "Changed" with the new time and venue, later dates under the new event', async () => {
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: [MEMBER] });
    const series = await w.createMeeting({ start: '2026-09-16T18:00', end: '2026-09-16T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    await w.dispatch('2026-12-09T18:00:00Z');
    const reminded = await mailsSince(w, 0);
    expect(reminded).toHaveLength(1);

    w.t.clock.set('2026-12-10T10:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      dates: 'following',
      from: '2026-12-16T18:00:00Z',
      start: '2026-12-16T19:00',
      end: '2026-12-16T21:00',
      location: 'Council Chamber, Civic Offices',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.series).toMatchObject({ change: 'split', from: '2026-12-16T18:00:00Z', allBecameFollowing: false });

    const before = w.sink.received.length;
    await w.dispatch('2026-12-10T10:01:00Z');
    await w.dispatch('2026-12-15T19:00:00Z');
    await w.dispatch('2027-01-13T19:00:00Z');
    const after = await mailsSince(w, before);
    expect(after.map((m) => [m.subject.split(':')[0], m.method, m.uid, m.recurrenceId, m.start, m.location])).toEqual([
      [
        'Changed',
        'REQUEST',
        `${series.id}@safercal`,
        '2026-12-16T18:00:00.000Z',
        '2026-12-16T19:00:00.000Z',
        'Council Chamber, Civic Offices',
      ],
      [
        expect.any(String),
        'REQUEST',
        `${series.id}@safercal`,
        '2026-12-16T18:00:00.000Z',
        '2026-12-16T19:00:00.000Z',
        'Council Chamber, Civic Offices',
      ],
      [
        expect.any(String),
        'REQUEST',
        `${edit.body.id}@safercal`,
        '2027-01-20T19:00:00.000Z',
        '2027-01-20T19:00:00.000Z',
        'Council Chamber, Civic Offices',
      ],
    ]);
    expect(after.some((m) => m.method === 'CANCEL')).toBe(false);
  });

  it('a weekly series switched from Wednesdays to Thursdays: the moved date is listed once and reminded once', async () => {
    w = await makeWorld({ now: '2026-11-01T09:00:00Z', members: [MEMBER] });
    // Wednesdays at 18:00 from 4 November; 18 November moved to Thursday 19th, 25 November cancelled.
    const series = await w.createMeeting({ start: '2026-11-04T18:00', end: '2026-11-04T20:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    expect(
      (
        await w.t.call('PUT', `/api/events/${series.id}/occurrences/2026-11-18T18:00`, {
          start: '2026-11-19T18:00',
          end: '2026-11-19T20:00',
        })
      ).status,
    ).toBe(200);
    expect((await w.t.call('PUT', `/api/events/${series.id}/occurrences/2026-11-25T18:00`, { status: 'cancelled' })).status).toBe(200);
    await w.dispatch('2026-11-12T18:00:00Z');
    const reminded = (await mailsSince(w, 0)).filter((m) => m.recurrenceId === '2026-11-18T18:00:00.000Z');
    expect(reminded.map((m) => m.start)).toEqual(['2026-11-19T18:00:00.000Z']);

    w.t.clock.set('2026-11-13T09:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      start: '2026-11-05T18:00',
      end: '2026-11-05T20:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.series).toMatchObject({ change: 'split', from: '2026-11-18T18:00:00Z', orphans: [] });
    // The moved date is now its Thursday's own date, no longer a move (ADR 284); the cancelled one
    // sits on the next Thursday.
    expect(edit.body.exceptions.map((e: any) => [e.recurrenceId, e.status])).toEqual([['2026-11-26T18:00:00Z', 'cancelled']]);
    const list = await w.t.call('GET', '/api/occurrences?from=2026-11-14&to=2026-12-05');
    expect(list.body.occurrences.map((o: any) => o.start.slice(0, 16))).toEqual(['2026-11-19T18:00', '2026-12-03T18:00']);

    const before = w.sink.received.length;
    await w.dispatch('2026-11-13T09:01:00Z');
    await w.dispatch('2026-11-17T18:00:00Z');
    await w.dispatch('2026-11-18T18:00:00Z');
    const about = (await mailsSince(w, before)).filter((m) => m.start.startsWith('2026-11-19') || m.recurrenceId.startsWith('2026-11-1'));
    expect(about.map((m) => [m.method, m.uid, m.recurrenceId, m.start])).toEqual([
      ['REQUEST', `${series.id}@safercal`, '2026-11-18T18:00:00.000Z', '2026-11-19T18:00:00.000Z'],
    ]);
    expect(about[0]!.subject).not.toMatch(/^(Changed|Cancelled)/);
  });
  it('a weekly series made fortnightly: a reminded date that is still a date hears nothing, its reminders go on for it (tester 21, ADR 268)', async () => {
    w = await makeWorld({ now: '2027-01-01T09:00:00Z', members: [MEMBER] });
    // Thursdays 12:00 from 7 January; a pass ahead of the clock (the CLI's `dispatch --now`) reminds of 21 January.
    const series = await w.createMeeting({ start: '2027-01-07T12:00', end: '2027-01-07T13:00', rrule: 'FREQ=WEEKLY' });
    await w.dispatch('2027-01-14T12:05:00Z');
    const reminded = (await mailsSince(w, 0)).filter((m) => m.recurrenceId === '2027-01-21T12:00:00.000Z');
    expect(reminded.map((m) => [m.method, m.start])).toEqual([['REQUEST', '2027-01-21T12:00:00.000Z']]);

    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      rrule: 'FREQ=WEEKLY;INTERVAL=2',
      reason: 'We meet every two weeks now.',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.series).toMatchObject({ change: 'in-place', orphans: [] });
    // 21 January is still a date (every two weeks from 7 January), as the API lists it.
    const list = await w.t.call('GET', '/api/occurrences?from=2027-01-01&to=2027-02-28');
    expect(list.body.occurrences.map((o: any) => o.start.slice(0, 16))).toEqual([
      '2027-01-07T12:00',
      '2027-01-21T12:00',
      '2027-02-04T12:00',
      '2027-02-18T12:00',
    ]);

    const before = w.sink.received.length;
    await w.dispatch('2027-01-14T12:10:00Z');
    await w.dispatch('2027-01-20T12:05:00Z');
    const after = await mailsSince(w, before);
    // No "Changed" and no "Cancelled": the day-before reminder of 21 January, for 21 January.
    expect(after.map((m) => [m.subject.split(':')[0], m.method, m.uid, m.recurrenceId, m.start])).toEqual([
      [expect.stringMatching(/^Reminder/), 'REQUEST', `${series.id}@safercal`, '2027-01-21T12:00:00.000Z', '2027-01-21T12:00:00.000Z'],
    ]);
    expect(after[0]!.subject).toContain('Thu 21 Jan');
  });

  it('a weekly series made fortnightly after some dates passed: a reminded date the new pattern drops is "Cancelled" with the reason, not moved a week on (ADR 268)', async () => {
    w = await makeWorld({ now: '2027-01-01T09:00:00Z', members: [MEMBER] });
    const series = await w.createMeeting({ start: '2027-01-07T12:00', end: '2027-01-07T13:00', rrule: 'FREQ=WEEKLY' });
    await w.dispatch('2027-01-21T12:05:00Z');
    expect((await mailsSince(w, 0)).some((m) => m.recurrenceId === '2027-01-28T12:00:00.000Z')).toBe(true);

    // 21 January has begun: "all dates" becomes "following" from 28 January, a week the new pattern has no date in.
    w.t.clock.set('2027-01-21T12:10:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      rrule: 'FREQ=WEEKLY;INTERVAL=2',
      reason: 'We meet every two weeks now.',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.series).toMatchObject({ change: 'split', from: '2027-01-28T12:00:00Z', allBecameFollowing: true });
    const list = await w.t.call('GET', '/api/occurrences?from=2027-01-22&to=2027-02-28');
    expect(list.body.occurrences.map((o: any) => o.start.slice(0, 16))).toEqual(['2027-02-04T12:00', '2027-02-18T12:00']);

    const before = w.sink.received.length;
    await w.dispatch('2027-01-21T12:11:00Z');
    await w.dispatch('2027-01-27T12:05:00Z');
    const after = await mailsSince(w, before);
    const about28 = after.filter((m) => m.recurrenceId === '2027-01-28T12:00:00.000Z');
    expect(about28.map((m) => [m.subject.split(':')[0], m.method, m.uid, m.start])).toEqual([
      ['Cancelled', 'CANCEL', `${series.id}@safercal`, '2027-01-28T12:00:00.000Z'],
    ]);
    expect(after.some((m) => m.subject.startsWith('Changed'))).toBe(false);
    const text = (await w.sink.parse(w.sink.received[before + after.indexOf(about28[0]!)]!)).text ?? '';
    expect(text).toContain('We meet every two weeks now.');
  });

  it('a campaign week moved to the 3rd Saturday: one "Changed" for an activity that moves with its date, one "Cancelled" with "cancel" (ADR 271)', async () => {
    const partner = 'partner-9@example.org';
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: [] });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity', leadTimes: ['1w'] })).status).toBe(201);
    const week = async (title: string) =>
      (
        await w.t.call('POST', '/api/events', {
          kind: 'campaign_week',
          title,
          visibility: 'public',
          start: '2025-10-11',
          end: '2025-10-18',
          rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
        })
      ).body.id as string;
    const [hate, bite] = [await week('Hate Crime Awareness Week'), await week('Bite Back Week')];
    const activity = async (parentId: string, title: string) =>
      expect(
        (
          await w.t.call('POST', '/api/events', {
            kind: 'activity',
            title,
            visibility: 'public',
            parentId,
            start: '2026-10-13T18:00',
            end: '2026-10-13T19:00',
          })
        ).status,
      ).toBe(201);
    await activity(hate, 'Talk at the college');
    await activity(bite, 'Loan shark surgery');
    await w.dispatch('2026-10-06T17:30:00Z');
    const subjects = async () => (await w.sink.parsedFor(partner)).map((m) => m.subject ?? '');
    expect(await subjects()).toEqual(
      expect.arrayContaining(['Reminder: Talk at the college, Tue 13 Oct, 18:00', 'Reminder: Loan shark surgery, Tue 13 Oct, 18:00']),
    );

    w.t.clock.set('2026-10-07T09:00:00Z');
    const edit = { rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=3SA', start: '2026-10-17', end: '2026-10-24', reason: 'National dates' };
    expect((await w.t.call('PATCH', `/api/events/${hate}`, edit)).status).toBe(200);
    expect((await w.t.call('PATCH', `/api/events/${bite}`, { ...edit, activities: 'cancel' })).status).toBe(200);
    for (const at of ['2026-10-07T09:01:00Z', '2026-10-13T17:30:00Z', '2026-10-19T18:00:00Z']) await w.dispatch(at);
    expect((await subjects()).filter((s) => !s.startsWith('Reminder')).sort()).toEqual([
      'Cancelled: Loan shark surgery, Tue 13 Oct, 18:00',
      'Changed: Talk at the college, now Tue 20 Oct, 18:00',
    ]);
    const cancelled = (await w.sink.parsedFor(partner)).find((m) => m.subject?.startsWith('Cancelled'))!;
    expect(cancelled.text).toContain('Part of Bite Back Week (10–17 October 2026), which moved: National dates');
  });
  it('a new start and a new length: "Changed" quotes the start and the end people were told (tester 26, ADR 294)', async () => {
    w = await makeWorld({ now: '2026-12-01T09:00:00Z', members: [MEMBER] });
    // Mondays 10:00–11:00 UK time (GMT) from 4 January 2027; no date has passed, so the edit is in place.
    const series = await w.createMeeting({ start: '2027-01-04T10:00', end: '2027-01-04T11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6' });
    await w.dispatch('2026-12-28T10:00:00Z'); // the week-before reminder of 4 January
    const reminded = await mailsSince(w, 0);
    expect(reminded).toHaveLength(1);
    expect(reminded[0]).toMatchObject({ start: '2027-01-04T10:00:00.000Z', end: '2027-01-04T11:00:00.000Z' });

    w.t.clock.set('2026-12-29T09:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, { dates: 'all', start: '2027-01-04T10:30', end: '2027-01-04T12:00' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await w.dispatch('2026-12-29T09:01:00Z');
    const changed = await mailsSince(w, 1);
    expect(changed.map((m) => [m.subject, m.start, m.end])).toEqual([
      ['Changed: Independent Advisory Group meeting, now Mon 4 Jan, 10:30', '2027-01-04T10:30:00.000Z', '2027-01-04T12:00:00.000Z'],
    ]);
    const text = (await w.sink.parse(w.sink.received[1]!)).text ?? '';
    expect(text).toContain('Monday 4 January 2027, 10:30–12:00');
    // What they were told, not the old start with the new length ("10:00–11:30").
    expect(text).toContain('(was Monday 4 January 2027, 10:00–11:00)');
  });
});
