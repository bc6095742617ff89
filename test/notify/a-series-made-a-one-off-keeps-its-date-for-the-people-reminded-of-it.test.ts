/**
 * "Does not repeat" on a series that people were reminded of: the one date left is the date they
 * hold, at the same time and place, so nobody hears that it is cancelled, and its next reminder
 * keeps the UID and RECURRENCE-ID they hold (one entry in their calendar, not a cancelled one and a
 * new one). Found by the issue 10 tester: a "Cancelled … This will not take place" for a meeting
 * that still happened, then a reminder for it without its RECURRENCE-ID. Through a real SMTP sink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

describe('a weekly series made a one-off after its first date was reminded', () => {
  let w: World;
  let series: { id: string };
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: ['iag-member-1@example.org'] });
    series = await w.createMeeting({ start: '2022-10-05T18:00', end: '2022-10-05T20:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    await w.dispatch('2022-09-28T17:00:00Z'); // the week-before reminder of 5 October
  });
  afterAll(() => w.close());

  it('tells nobody that the date is cancelled, and reminds them of it once more as the date they hold', async () => {
    const [first] = await mailsSince(w, 0);
    expect(first).toMatchObject({ method: 'REQUEST', recurrenceId: '2022-10-05T17:00:00.000Z', start: '2022-10-05T17:00:00.000Z' });
    expect(first!.subject).toMatch(/^Reminder: Independent Advisory Group meeting/);

    w.t.clock.set('2022-09-29T10:00:00Z');
    const oneOff = await w.t.call('PATCH', `/api/events/${series.id}`, { rrule: '' });
    expect(oneOff.status).toBe(200);
    expect(oneOff.body.rrule ?? null).toBeNull();
    expect(oneOff.body.series.message).toContain('The series is now one date, no longer repeating.');
    await w.dispatch('2022-09-29T10:01:00Z');
    expect(await mailsSince(w, 1)).toEqual([]);

    await w.dispatch('2022-10-04T17:00:00Z'); // the day-before reminder
    const later = await mailsSince(w, 1);
    expect(later.map((m) => m.subject)).toEqual([expect.stringMatching(/^Reminder: Independent Advisory Group meeting/)]);
    expect(later[0]).toMatchObject({
      method: 'REQUEST',
      uid: first!.uid,
      recurrenceId: first!.recurrenceId,
      start: '2022-10-05T17:00:00.000Z',
    });
  });
});

describe('a weekly series made a one-off on another day after its first date was reminded', () => {
  let w: World;
  afterAll(() => w.close());

  it('sends one "Changed" under the identity people hold, never a cancellation and a fresh invitation', async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: ['iag-member-1@example.org'] });
    const series = await w.createMeeting({ start: '2022-10-07T18:00', end: '2022-10-07T20:00', rrule: 'FREQ=WEEKLY;BYDAY=FR' });
    await w.dispatch('2022-09-30T17:00:00Z'); // the week-before reminder of Friday 7 October
    const [first] = await mailsSince(w, 0);
    expect(first).toMatchObject({ recurrenceId: '2022-10-07T17:00:00.000Z' });

    w.t.clock.set('2022-10-01T10:00:00Z');
    const oneOff = await w.t.call('PATCH', `/api/events/${series.id}`, { rrule: '', start: '2022-10-08T18:00', end: '2022-10-08T20:00' });
    expect(oneOff.status, JSON.stringify(oneOff.body)).toBe(200);
    await w.dispatch('2022-10-01T10:01:00Z');
    const told = await mailsSince(w, 1);
    expect(told.map((m) => m.subject)).toEqual([expect.stringMatching(/^Changed: Independent Advisory Group meeting, now Sat 8 Oct/)]);
    expect(told[0]).toMatchObject({
      method: 'REQUEST',
      uid: first!.uid,
      recurrenceId: first!.recurrenceId,
      start: '2022-10-08T17:00:00.000Z',
    });
    expect(told[0]!.sequence).toBeGreaterThan(first!.sequence);
  });
});

describe('a series made a one-off whose first date was moved or cancelled', () => {
  let w: World;
  afterAll(() => w.close());

  it('keeps the moved date where it was moved, as one event, and tells nobody anything new', async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: ['iag-member-1@example.org'] });
    const series = await w.createMeeting({ start: '2022-10-06T18:00', end: '2022-10-06T20:00', rrule: 'FREQ=WEEKLY;BYDAY=TH' });
    const moved = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-06T18:00`, {
      start: '2022-10-07T12:00',
      end: '2022-10-07T14:00',
      location: 'Bletchley Library',
    });
    expect(moved.status).toBe(200);
    await w.dispatch('2022-09-30T11:00:00Z'); // the week-before reminder of the moved date
    const [first] = await mailsSince(w, 0);
    expect(first).toMatchObject({
      recurrenceId: '2022-10-06T17:00:00.000Z',
      start: '2022-10-07T11:00:00.000Z',
      location: 'Bletchley Library',
    });

    w.t.clock.set('2022-10-01T10:00:00Z');
    const oneOff = await w.t.call('PATCH', `/api/events/${series.id}`, { rrule: '' });
    expect(oneOff.status, JSON.stringify(oneOff.body)).toBe(200);
    expect(oneOff.body).toMatchObject({ start: '2022-10-07T12:00:00+01:00', location: 'Bletchley Library' });
    expect(oneOff.body.series.keptAsOneOffs).toEqual([]);
    await w.dispatch('2022-10-01T10:01:00Z');
    expect(await mailsSince(w, 1)).toEqual([]);
    await w.dispatch('2022-10-06T11:00:00Z'); // the day-before reminder
    const later = await mailsSince(w, 1);
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ uid: first!.uid, recurrenceId: first!.recurrenceId, start: '2022-10-07T11:00:00.000Z' });
  });

  it('leaves a cancelled first date cancelled, with its reason, and sends no "Back on"', async () => {
    const series = await w.createMeeting({ start: '2022-10-12T18:00', end: '2022-10-12T20:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    await w.dispatch('2022-10-05T17:00:00Z');
    const seen = w.sink.received.length;
    const cancelled = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-12T18:00`, {
      status: 'cancelled',
      note: 'Room unavailable',
    });
    expect(cancelled.status).toBe(200);
    await w.dispatch('2022-10-05T17:01:00Z');
    expect((await mailsSince(w, seen)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Cancelled/)]);

    const oneOff = await w.t.call('PATCH', `/api/events/${series.id}`, { rrule: '' });
    expect(oneOff.status, JSON.stringify(oneOff.body)).toBe(200);
    expect(oneOff.body).toMatchObject({ status: 'cancelled', cancelReason: 'Room unavailable' });
    await w.dispatch('2022-10-05T17:02:00Z');
    await w.dispatch('2022-10-11T17:00:00Z');
    expect((await mailsSince(w, seen)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Cancelled/)]);
  });
});

describe('a monthly series with passed dates made one date', () => {
  let w: World;
  afterAll(() => w.close());

  it('keeps the passed dates, makes the coming date the one date, and tells nobody anything new', async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: ['iag-member-1@example.org'] });
    const series = await w.createMeeting({ start: '2022-09-21T18:00', end: '2022-09-21T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    await w.dispatch('2022-11-09T18:00:00Z'); // the week-before reminder of Wednesday 16 November
    const [held] = await mailsSince(w, 0);
    expect(held).toMatchObject({ recurrenceId: '2022-11-16T18:00:00.000Z' });

    w.t.clock.set('2022-11-10T10:00:00Z');
    const oneDate = await w.t.call('PATCH', `/api/events/${series.id}`, { rrule: '' });
    expect(oneDate.status, JSON.stringify(oneDate.body)).toBe(200);
    expect(oneDate.body).toMatchObject({ start: '2022-11-16T18:00:00+00:00', rrule: null });
    expect(oneDate.body.series.message).toContain('the date of 2022-11-16 is now the one date still to come, no longer repeating');
    const dates = await w.t.call('GET', '/api/occurrences?from=2022-09-01&to=2023-03-01');
    expect(dates.body.occurrences.map((o: { start: string }) => o.start)).toEqual([
      '2022-09-21T18:00:00+01:00',
      '2022-10-19T18:00:00+01:00',
      '2022-11-16T18:00:00+00:00',
    ]);
    await w.dispatch('2022-11-10T10:01:00Z');
    expect(await mailsSince(w, 1)).toEqual([]);
    await w.dispatch('2022-11-15T18:00:00Z'); // the day-before reminder
    const later = await mailsSince(w, 1);
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ uid: held!.uid, recurrenceId: held!.recurrenceId, start: '2022-11-16T18:00:00.000Z' });
  });
});
