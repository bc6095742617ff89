/**
 * A date of a split series cannot be moved onto the exact start of a date in another part of the
 * series (a later part with a rule of its own, or a one-off part), as it cannot be moved onto a date
 * of its own part: the series would list that time twice and people would get two reminders. The
 * answer is `400` naming `start` and the part; nothing is written (ADR 177). Nor can a date be
 * restored (its cancel or move undone) where another date of the series was moved since: `409`
 * naming `recurrenceId` (ADR 242). Nor can an edit of the series' time or rule, or a restore of a
 * cancelled part, bring one of its dates onto a date moved there: `409` naming `start`, `rrule` or
 * `status` (ADRs 243, 244). Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('moving a date onto a date of another part of its series', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-05-20T09:00:00Z' });
  });
  afterAll(() => t.close());

  const session = (title: string, rrule: string) => ({
    kind: 'training',
    title,
    visibility: 'public',
    location: 'Bletchley Library',
    start: '2027-06-02T14:00',
    end: '2027-06-02T15:00',
    rrule,
  });
  const startsOn = async (title: string) =>
    (await t.call('GET', `/api/occurrences?from=2027-06-01&to=2027-07-31&q=${encodeURIComponent(title)}&limit=50`)).body.occurrences.map(
      (o: any) => o.start,
    );

  it('is refused onto a date of a later part that meets on another weekday', async () => {
    const b = await t.call('POST', '/api/events', session('Tuesday switch', 'FREQ=WEEKLY;BYDAY=WE;COUNT=6'));
    expect(b.status).toBe(201);
    const thursdays = await t.call('PATCH', `/api/events/${b.body.id}`, {
      dates: 'all',
      start: '2027-06-03T14:00',
      end: '2027-06-03T15:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=6',
    });
    expect(thursdays.status, JSON.stringify(thursdays.body)).toBe(200);
    const b2 = await t.call('PATCH', `/api/events/${b.body.id}`, {
      dates: 'following',
      from: '2027-06-17T14:00',
      start: '2027-06-15T14:00',
      end: '2027-06-15T15:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    expect(b2.status, JSON.stringify(b2.body)).toBe(200);
    expect(await startsOn('Tuesday switch')).toContain('2027-06-29T14:00:00+01:00');
    const before = await startsOn('Tuesday switch');

    const move = await t.call('PUT', `/api/events/${b.body.id}/occurrences/2027-06-03T14:00`, {
      start: '2027-06-29T14:00',
      end: '2027-06-29T15:00',
    });
    expect(move.status).toBe(400);
    expect(move.body.error.field).toBe('start');
    expect(move.body.error.message).toContain('is the start of another date of this series (2027-06-29T14:00 UK time)');
    expect(move.body.error.message).toContain(`/api/events/${b2.body.id}`);
    expect(await startsOn('Tuesday switch')).toEqual(before);

    // Nor back from the later part onto a date of the earlier one (Thu 10 June).
    const back = await t.call('PUT', `/api/events/${b2.body.id}/occurrences/2027-06-22T14:00`, {
      start: '2027-06-10T14:00',
      end: '2027-06-10T15:00',
    });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toContain(`/api/events/${b.body.id}`);

    // An hour later is free.
    const free = await t.call('PUT', `/api/events/${b.body.id}/occurrences/2027-06-03T14:00`, {
      start: '2027-06-29T15:00',
      end: '2027-06-29T16:00',
    });
    expect(free.status, JSON.stringify(free.body)).toBe(200);
  });

  it('is refused onto the date of a one-off later part', async () => {
    const c = await t.call('POST', '/api/events', session('One-off end', 'FREQ=WEEKLY;BYDAY=WE;COUNT=3'));
    expect(c.status).toBe(201);
    // From the last of three dates at 16:00: the later part is a one-off on 16 June.
    const c2 = await t.call('PATCH', `/api/events/${c.body.id}`, {
      dates: 'following',
      from: '2027-06-16T14:00',
      start: '2027-06-16T16:00',
      end: '2027-06-16T17:00',
    });
    expect(c2.status, JSON.stringify(c2.body)).toBe(200);
    expect(c2.body.rrule).toBeNull();

    const onto = await t.call('PUT', `/api/events/${c.body.id}/occurrences/2027-06-09T14:00`, {
      start: '2027-06-16T16:00',
      end: '2027-06-16T17:00',
    });
    expect(onto.status).toBe(400);
    expect(onto.body.error.field).toBe('start');
    expect(onto.body.error.message).toContain(`/api/events/${c2.body.id}`);
    expect(await startsOn('One-off end')).toEqual(['2027-06-02T14:00:00+01:00', '2027-06-09T14:00:00+01:00', '2027-06-16T16:00:00+01:00']);
  });

  const restoreRefused = async (id: string, recurrenceId: string, at: string) => {
    const answer = await t.call('DELETE', `/api/events/${id}/occurrences/${recurrenceId}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    expect(answer.body.error.field).toBe('recurrenceId');
    expect(answer.body.error.message).toContain(
      `cannot come back at its time (${at} UK time): another date of this series was moved there`,
    );
    return answer;
  };

  it('will not restore a cancelled date whose time another date of its part was moved to', async () => {
    const e = await t.call('POST', '/api/events', session('Restore clash', 'FREQ=WEEKLY;BYDAY=WE;COUNT=3'));
    expect(e.status).toBe(201);
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-09T14:00`, { status: 'cancelled', note: 'Holiday' })).status,
    ).toBe(200);
    // The cancelled date's time is free, so the last date may move there.
    const onto = await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-16T14:00`, {
      start: '2027-06-09T14:00',
      end: '2027-06-09T15:00',
    });
    expect(onto.status, JSON.stringify(onto.body)).toBe(200);
    const before = await startsOn('Restore clash');
    await restoreRefused(e.body.id, '2027-06-09T14:00', '2027-06-09T14:00');
    expect(await startsOn('Restore clash')).toEqual(before);
    expect(before.filter((s: string) => s === '2027-06-09T14:00:00+01:00')).toHaveLength(1);
    // Undoing the move first frees the time; then the date comes back.
    expect((await t.call('DELETE', `/api/events/${e.body.id}/occurrences/2027-06-16T14:00`)).status).toBe(200);
    expect((await t.call('DELETE', `/api/events/${e.body.id}/occurrences/2027-06-09T14:00`)).status).toBe(200);
    expect(await startsOn('Restore clash')).toEqual([
      '2027-06-02T14:00:00+01:00',
      '2027-06-09T14:00:00+01:00',
      '2027-06-16T14:00:00+01:00',
    ]);
  });

  it('will not undo a move whose old time another date was moved to', async () => {
    const e = await t.call('POST', '/api/events', session('Undo clash', 'FREQ=WEEKLY;BYDAY=WE;COUNT=3'));
    expect(e.status).toBe(201);
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-02T14:00`, { start: '2027-06-03T14:00', end: '2027-06-03T15:00' }))
        .status,
    ).toBe(200);
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-09T14:00`, { start: '2027-06-02T14:00', end: '2027-06-02T15:00' }))
        .status,
    ).toBe(200);
    await restoreRefused(e.body.id, '2027-06-02T14:00', '2027-06-02T14:00');
    // A moved date then cancelled comes back where it was moved: not onto a date moved there since.
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-16T14:00`, { start: '2027-06-17T14:00', end: '2027-06-17T15:00' }))
        .status,
    ).toBe(200);
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-16T14:00`, { status: 'cancelled', note: 'Off' })).status,
    ).toBe(200);
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-09T14:00`, { start: '2027-06-17T14:00', end: '2027-06-17T15:00' }))
        .status,
    ).toBe(200);
    await restoreRefused(e.body.id, '2027-06-16T14:00', '2027-06-17T14:00');
    expect(await startsOn('Undo clash')).toEqual(['2027-06-03T14:00:00+01:00', '2027-06-17T14:00:00+01:00']);
  });

  it('will not restore a date of one part where a date of another part was moved', async () => {
    const e = await t.call('POST', '/api/events', session('Parts clash', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4'));
    expect(e.status).toBe(201);
    expect(
      (await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-06-09T14:00`, { status: 'cancelled', note: 'Holiday' })).status,
    ).toBe(200);
    const later = await t.call('PATCH', `/api/events/${e.body.id}`, { dates: 'following', from: '2027-06-16T14:00', location: 'Annex' });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(
      (
        await t.call('PUT', `/api/events/${later.body.id}/occurrences/2027-06-23T14:00`, {
          start: '2027-06-09T14:00',
          end: '2027-06-09T15:00',
        })
      ).status,
    ).toBe(200);
    const refused = await restoreRefused(e.body.id, '2027-06-09T14:00', '2027-06-09T14:00');
    expect(refused.body.error.message).toContain('in its part "Parts clash"');
  });

  const refusedAt = (answer: { status: number; body: any }, field: string, at: string) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    expect(answer.body.error.field).toBe(field);
    expect(answer.body.error.message).toContain(`(${at} UK time)`);
    expect(answer.body.error.message).toContain('move that date elsewhere first');
  };
  const moveDate = async (id: string, recurrenceId: string, start: string, end: string) =>
    expect((await t.call('PUT', `/api/events/${id}/occurrences/${recurrenceId}`, { start, end })).status).toBe(200);

  it('will not change the time of every date where that brings one onto a date moved there', async () => {
    const e = await t.call('POST', '/api/events', session('Time clash', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4'));
    await moveDate(e.body.id, '2027-06-09T14:00', '2027-06-16T15:00', '2027-06-16T16:00');
    const before = await startsOn('Time clash');
    for (const dates of [{ dates: 'all' }, {}]) {
      const later = await t.call('PATCH', `/api/events/${e.body.id}`, { ...dates, start: '2027-06-02T15:00', end: '2027-06-02T16:00' });
      refusedAt(later, 'start', '2027-06-16T15:00');
      expect(later.body.error.message).toContain('2027-06-09');
    }
    expect(await startsOn('Time clash')).toEqual(before);
  });

  it('will not change the rule where the moved date carried to the new pattern meets another of its dates', async () => {
    const e = await t.call('POST', '/api/events', session('Rule clash', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4'));
    await moveDate(e.body.id, '2027-06-09T14:00', '2027-06-17T14:00', '2027-06-17T15:00');
    const before = await startsOn('Rule clash');
    const thursdays = await t.call('PATCH', `/api/events/${e.body.id}`, {
      start: '2027-06-03T14:00',
      end: '2027-06-03T15:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4',
    });
    refusedAt(thursdays, 'rrule', '2027-06-17T14:00');
    expect(await startsOn('Rule clash')).toEqual(before);
  });

  it('will not start "this and following" at a time a date of the earlier part was moved to', async () => {
    const e = await t.call('POST', '/api/events', session('Following clash', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4'));
    await moveDate(e.body.id, '2027-06-09T14:00', '2027-06-23T15:00', '2027-06-23T16:00');
    const before = await startsOn('Following clash');
    const following = await t.call('PATCH', `/api/events/${e.body.id}`, {
      dates: 'following',
      from: '2027-06-16T14:00',
      start: '2027-06-16T15:00',
      end: '2027-06-16T16:00',
    });
    refusedAt(following, 'start', '2027-06-23T15:00');
    expect(await startsOn('Following clash')).toEqual(before);
  });

  it('will not restore a cancelled part where a date of another part was moved since', async () => {
    const e = await t.call('POST', '/api/events', session('Part restore', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4'));
    const later = await t.call('PATCH', `/api/events/${e.body.id}`, { dates: 'following', from: '2027-06-16T14:00', location: 'Annex' });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect((await t.call('POST', `/api/events/${later.body.id}/cancel`, { reason: 'Annex closed' })).status).toBe(200);
    // The cancelled part's 23 June is free, so 9 June may move there.
    await moveDate(e.body.id, '2027-06-09T14:00', '2027-06-23T14:00', '2027-06-23T15:00');
    const restore = await t.call('POST', `/api/events/${later.body.id}/restore`);
    refusedAt(restore, 'status', '2027-06-23T14:00');
    expect((await t.call('GET', `/api/events/${later.body.id}`)).body.status).toBe('cancelled');
    // Moving 9 June elsewhere first frees the time; then the part comes back.
    await moveDate(e.body.id, '2027-06-09T14:00', '2027-06-23T16:00', '2027-06-23T17:00');
    expect((await t.call('POST', `/api/events/${later.body.id}/restore`)).status).toBe(200);
  });
});
