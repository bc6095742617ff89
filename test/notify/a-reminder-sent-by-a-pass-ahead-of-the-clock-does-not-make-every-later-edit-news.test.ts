/**
 * "What a person was told last" is the delivery sent last, in the order the database numbered the
 * sends, not by the dispatching clock: after `cli dispatch --now <future>` sent a reminder stamped
 * with that future instant, a change sent at the real time is still the latest thing the member was
 * told, so an edit that changes nothing for them sends nothing, and the next real change sends one
 * change notice (ADR 129). Real SMTP server on loopback, real SQLite, a fake clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBER = 'iag-member-1@example.org';

describe('a reminder sent by a pass run ahead of the clock', () => {
  let w: World;
  afterEach(() => w.close());

  it('leaves each later change told once, and an edit of words told not at all', async () => {
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: [MEMBER] });
    const series = await w.createMeeting({ start: '2026-09-16T18:00', end: '2026-09-16T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    // An operator's `dispatch --now 2026-12-09T18:00Z`: the week-before reminder of 16 December, stamped 9 December.
    await w.dispatch('2026-12-09T18:00:00Z');
    expect((await mailsSince(w, 0)).map((m) => m.recurrenceId)).toEqual(['2026-12-16T18:00:00.000Z']);

    // Back at the real time (1 September), 16 December moves to the council chamber.
    const moved = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2026-12-16T18:00:00Z`, {
      start: '2026-12-16T18:00',
      end: '2026-12-16T20:00',
      location: 'Council Chamber, Civic Offices',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    let seen = w.sink.received.length;
    await w.dispatch('2026-09-01T09:05:00Z');
    const changed = await mailsSince(w, seen);
    expect(changed.map((m) => [m.subject.split(',')[0], m.location])).toEqual([
      ['New venue: Independent Advisory Group meeting', 'Council Chamber, Civic Offices'],
    ]);

    // A description edit raises the series' SEQUENCE but changes nothing the member was told.
    expect((await w.t.call('PATCH', `/api/events/${series.id}`, { description: 'Agenda to follow' })).status).toBe(200);
    seen = w.sink.received.length;
    await w.dispatch('2026-09-01T09:10:00Z');
    await w.dispatch('2026-09-01T09:15:00Z');
    expect(await mailsSince(w, seen)).toEqual([]);

    // The next real change is told once.
    const again = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2026-12-16T18:00:00Z`, {
      start: '2026-12-16T18:00',
      end: '2026-12-16T20:00',
      location: 'Milton Keynes College',
    });
    expect(again.status).toBe(200);
    seen = w.sink.received.length;
    await w.dispatch('2026-09-01T09:20:00Z');
    await w.dispatch('2026-09-01T09:25:00Z');
    const told = await mailsSince(w, seen);
    expect(told.map((m) => [m.subject.split(',')[0], m.location, m.recurrenceId])).toEqual([
      ['New venue: Independent Advisory Group meeting', 'Milton Keynes College', '2026-12-16T18:00:00.000Z'],
    ]);
    expect(told[0]!.sequence).toBeGreaterThan(changed[0]!.sequence);
  });
});
