/**
 * After "all dates" of a monthly meeting with passed dates became a split, the part the coming
 * dates live in shows who was told of them: their reminders and the "Changed" stay filed under the
 * identity people hold (the earlier part's UID and RECURRENCE-ID), and the later part's delivery
 * log (its workspace page, the API, the CLI) lists them too. Found by the issue 10 tester: the new
 * part said "No reminders are planned for this event yet" although both members had been told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

const MEMBERS = ['iag-member-1@example.org', 'iag-member-2@example.org'];

describe('the later part of a split series', () => {
  let w: World;
  let earlier: string;
  let later: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: MEMBERS });
    earlier = (await w.createMeeting({ start: '2022-09-21T18:00', end: '2022-09-21T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' })).id;
    await w.dispatch('2022-10-12T17:00:00Z'); // the week-before reminder of 19 October
    w.t.clock.set('2022-10-13T10:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${earlier}`, { dates: 'all', start: '2022-09-21T18:30', end: '2022-09-21T20:30' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    later = edit.body.id;
    expect(later).not.toBe(earlier);
    await w.dispatch('2022-10-13T10:01:00Z'); // the "Changed" for 19 October
  });
  afterAll(() => w.close());

  it('lists the reminders and the change its coming date was told under the earlier part', async () => {
    const log = await w.t.call('GET', `/api/events/${later}/deliveries`);
    expect(log.status).toBe(200);
    const told = (log.body.deliveries as { occurrence: string; recipient: string; status: string; rule: string }[]).filter(
      (d) => d.occurrence === '2022-10-19T17:00:00Z' && d.status === 'sent',
    );
    for (const member of MEMBERS) {
      // The week-before reminder and the "Changed" of the new time.
      expect(
        told
          .filter((d) => d.recipient === member)
          .map((d) => d.rule)
          .sort(),
        member,
      ).toEqual(['lead:7d', expect.stringMatching(/^update:/)]);
    }
    // The earlier part keeps them as well: they are its UID's.
    const earlierLog = await w.t.call('GET', `/api/events/${earlier}/deliveries`);
    expect((earlierLog.body.deliveries as { occurrence: string }[]).filter((d) => d.occurrence === '2022-10-19T17:00:00Z')).toHaveLength(4);
  });
});
