/**
 * A date of a split series cannot be moved onto the exact start of a date in another part of the
 * series (a later part with a rule of its own, or a one-off part), as it cannot be moved onto a date
 * of its own part: the series would list that time twice and people would get two reminders. The
 * answer is `400` naming `start` and the part; nothing is written (ADR 177). Nor can a date be
 * restored (its cancel or move undone) where another date of the series was moved since: `409`
 * naming `recurrenceId` (ADR 242). Nor can an edit of the series' time or rule, or a restore of a
 * cancelled part, bring one of its dates onto a date moved there: `409` naming `start`, `rrule` or
 * `status` (ADRs 243, 244). Nor can any write leave two dates of different parts at one start, a
 * part's regular dates or a one-off part's date included, beyond the index too: `409` (`400` for a
 * per-date move) naming the field and the other part by its title and date (ADR 248). Runs on
 * SQLite, D1 and PostgreSQL.
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
  // Everything people see of the series: its events, its dates in the API, and the public feed.
  const seen = async (title: string, ids: string[], window = 'from=2027-06-01&to=2027-07-31') => ({
    events: await Promise.all(ids.map(async (id) => (await t.call('GET', `/api/events/${id}`)).body)),
    dates: (await t.call('GET', `/api/occurrences?${window}&q=${encodeURIComponent(title)}&limit=50`)).body.occurrences.map(
      (o: any) => `${o.eventId} ${o.start}`,
    ),
    feed: (await t.call('GET', '/feeds/public.ics')).body,
  });
  const meets = (answer: { status: number; body: any }, field: string, at: string, part: string) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    expect(answer.body.error.field).toBe(field);
    expect(answer.body.error.message).toContain(`(${at})`);
    expect(answer.body.error.message).toContain(part);
    expect(answer.body.error.message).not.toContain('/api/');
  };
  const split = async (id: string, from: string) => {
    const later = await t.call('PATCH', `/api/events/${id}`, { dates: 'following', from, location: 'Annex' });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    return later.body.id as string;
  };

  it("will not move a one-off part's date onto a date of another part, either way", async () => {
    const e = await t.call('POST', '/api/events', session('One-off meets', 'FREQ=WEEKLY;BYDAY=WE;COUNT=3'));
    const b = await split(e.body.id, '2027-06-09T14:00');
    const before = await seen('One-off meets', [e.body.id, b]);
    const onto = await t.call('PATCH', `/api/events/${e.body.id}`, { start: '2027-06-16T14:00', end: '2027-06-16T15:00' });
    meets(onto, 'start', '2027-06-16T14:00 UK time', 'its part "One-off meets" (from Wednesday 9 June 2027) has a date then');
    expect(await seen('One-off meets', [e.body.id, b])).toEqual(before);
    // A later one-off part moved back onto a date of the earlier part.
    const f = await t.call('POST', '/api/events', session('Back meets', 'FREQ=WEEKLY;BYDAY=WE;COUNT=3'));
    const g = await split(f.body.id, '2027-06-16T14:00');
    const back = await t.call('PATCH', `/api/events/${g}`, { start: '2027-06-09T14:00', end: '2027-06-09T15:00' });
    meets(back, 'start', '2027-06-09T14:00 UK time', '"Back meets" (from Wednesday 2 June 2027)');
    // A moved date kept as a one-off (no place in the new pattern) cannot be put on a date of the series either.
    const h = await t.call('POST', '/api/events', session('Kept meets', 'FREQ=WEEKLY;BYDAY=WE;COUNT=3'));
    await moveDate(h.body.id, '2027-06-16T14:00', '2027-06-17T14:00', '2027-06-17T15:00');
    const fewer = await t.call('PATCH', `/api/events/${h.body.id}`, { rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=2', orphans: 'keep' });
    expect(fewer.status, JSON.stringify(fewer.body)).toBe(200);
    const [kept] = fewer.body.series.keptAsOneOffs;
    const keptBefore = await seen('Kept meets', [h.body.id, kept]);
    const keptOnto = await t.call('PATCH', `/api/events/${kept}`, { start: '2027-06-09T14:00', end: '2027-06-09T15:00' });
    meets(keptOnto, 'start', '2027-06-09T14:00 UK time', '"Kept meets" (from Wednesday 2 June 2027)');
    expect(await seen('Kept meets', [h.body.id, kept])).toEqual(keptBefore);
  });

  it("will not bring a later part's dates onto the earlier part's by a time or rule of all its dates", async () => {
    const e = await t.call('POST', '/api/events', session('Later meets', 'FREQ=WEEKLY;BYDAY=WE;COUNT=10'));
    const b = await split(e.body.id, '2027-06-16T14:00');
    const before = await seen('Later meets', [e.body.id, b]);
    const earlier = await t.call('PATCH', `/api/events/${b}`, { dates: 'all', start: '2027-06-09T14:00', end: '2027-06-09T15:00' });
    meets(earlier, 'start', '2027-06-09T14:00 UK time', '"Later meets" (from Wednesday 2 June 2027)');
    const daily = await t.call('PATCH', `/api/events/${b}`, {
      dates: 'all',
      start: '2027-06-08T14:00',
      end: '2027-06-08T15:00',
      rrule: 'FREQ=DAILY;COUNT=5',
    });
    meets(daily, 'rrule', '2027-06-09T14:00 UK time', 'choose another rule');
    expect(await seen('Later meets', [e.body.id, b])).toEqual(before);
  });

  it('will not restore a cancelled part onto dates another part has taken since', async () => {
    const e = await t.call('POST', '/api/events', session('Regular restore', 'FREQ=WEEKLY;BYDAY=WE;COUNT=8'));
    const b = await split(e.body.id, '2027-06-23T14:00');
    expect((await t.call('POST', `/api/events/${b}/cancel`, {})).status).toBe(200);
    // The cancelled part's dates are free: the earlier part may run over them.
    const longer = await t.call('PATCH', `/api/events/${e.body.id}`, { dates: 'all', rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=8' });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    const before = await seen('Regular restore', [e.body.id, b]);
    const restore = await t.call('POST', `/api/events/${b}/restore`, {});
    meets(restore, 'status', '2027-06-23T14:00 UK time', 'leave this event cancelled');
    expect(await seen('Regular restore', [e.body.id, b])).toEqual(before);
  });

  it('sees the dates of another part beyond the occurrence index', async () => {
    const e = await t.call('POST', '/api/events', {
      ...session('Far parts', 'FREQ=WEEKLY;BYDAY=WE;COUNT=6'),
      start: '2033-06-01T14:00',
      end: '2033-06-01T15:00',
    });
    expect(e.status).toBe(201);
    const b = await split(e.body.id, '2033-06-22T14:00');
    const window = 'from=2033-06-01&to=2033-07-31';
    const before = await seen('Far parts', [e.body.id, b], window);
    const move = await t.call('PUT', `/api/events/${e.body.id}/occurrences/2033-06-08T14:00`, {
      start: '2033-06-29T14:00',
      end: '2033-06-29T15:00',
    });
    expect(move.status, JSON.stringify(move.body)).toBe(400);
    expect(move.body.error.field).toBe('start');
    expect(move.body.error.message).toContain('(2033-06-29T14:00 UK time)');
    const all = await t.call('PATCH', `/api/events/${b}`, { dates: 'all', start: '2033-06-15T14:00', end: '2033-06-15T15:00' });
    meets(all, 'start', '2033-06-15T14:00 UK time', '"Far parts" (from Wednesday 1 June 2033)');
    expect(await seen('Far parts', [e.body.id, b], window)).toEqual(before);
  });

  it('says which 01:30 of the night the clocks go back, and lets the other one be taken', async () => {
    const e = await t.call('POST', '/api/events', {
      ...session('Night clash', 'FREQ=WEEKLY;BYDAY=SU;COUNT=4'),
      start: '2027-10-17T01:30',
      end: '2027-10-17T01:45',
    });
    expect(e.status).toBe(201);
    const window = 'from=2027-10-01&to=2027-11-30';
    const before = await seen('Night clash', [e.body.id], window);
    const first = await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-11-07T01:30:00Z`, {
      start: '2027-10-31T00:30:00Z',
      end: '2027-10-31T00:45:00Z',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(400);
    expect(first.body.error.message).toContain('(2027-10-31T01:30 BST)');
    expect(await seen('Night clash', [e.body.id], window)).toEqual(before);
    // The second 01:30 (GMT) is free, and once taken it is named as such.
    await moveDate(e.body.id, '2027-11-07T01:30:00Z', '2027-10-31T01:30:00Z', '2027-10-31T01:45:00Z');
    const second = await t.call('PUT', `/api/events/${e.body.id}/occurrences/2027-10-24T00:30:00Z`, {
      start: '2027-10-31T01:30:00Z',
      end: '2027-10-31T01:45:00Z',
    });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toContain('(2027-10-31T01:30 GMT)');
  });

  it('still lets dates swap days, and a part move onto a cancelled date of another', async () => {
    const e = await t.call('POST', '/api/events', session('Swap days', 'FREQ=WEEKLY;BYDAY=WE;COUNT=4'));
    const b = await split(e.body.id, '2027-06-16T14:00');
    await moveDate(b, '2027-06-16T14:00', '2027-06-09T16:00', '2027-06-09T17:00');
    await moveDate(e.body.id, '2027-06-09T14:00', '2027-06-16T14:00', '2027-06-16T15:00');
    expect((await t.call('PUT', `/api/events/${b}/occurrences/2027-06-23T14:00`, { status: 'cancelled', note: 'Off' })).status).toBe(200);
    await moveDate(e.body.id, '2027-06-02T14:00', '2027-06-23T14:00', '2027-06-23T15:00');
  });
  it('honours a new day sent with "following" from the first date of a part, as "all" does', async () => {
    const earlier = { dates: 'following', from: '2027-06-23T14:00', start: '2027-06-22T14:00', end: '2027-06-22T15:00' };
    // A rule of Wednesdays refuses a Tuesday, as "all" does.
    const e = await t.call('POST', '/api/events', session('First day', 'FREQ=WEEKLY;BYDAY=WE;COUNT=6'));
    const b = await split(e.body.id, '2027-06-23T14:00');
    const before = await seen('First day', [e.body.id, b]);
    const notTheRule = await t.call('PATCH', `/api/events/${b}`, earlier);
    expect(notTheRule.status).toBe(400);
    expect(notTheRule.body.error.field).toBe('start');
    expect(await seen('First day', [e.body.id, b])).toEqual(before);
    // A weekly rule of the start's own weekday moves to Tuesdays.
    const f = await t.call('POST', '/api/events', session('First weekday', 'FREQ=WEEKLY;COUNT=6'));
    const g = await split(f.body.id, '2027-06-23T14:00');
    const tuesdays = await t.call('PATCH', `/api/events/${g}`, earlier);
    expect(tuesdays.status, JSON.stringify(tuesdays.body)).toBe(200);
    expect((await startsOn('First weekday')).slice(3)).toEqual([
      '2027-06-22T14:00:00+01:00',
      '2027-06-29T14:00:00+01:00',
      '2027-07-06T14:00:00+01:00',
    ]);
  });
});
