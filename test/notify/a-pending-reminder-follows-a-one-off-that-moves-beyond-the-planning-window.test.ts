/**
 * A reminder already planned (pending) for a one-off event follows the event when it moves further
 * ahead than the planner looks: the pending row is withdrawn at the edit, and when the new date's
 * reminder falls due it is sent, not suppressed by the withdrawn row of the same identity (UID,
 * RECURRENCE-ID, lead time, address). Through a real SMTP sink on a fake clock; both for an
 * activity moved on its own and for one shifted with its campaign week (ADR 120).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

const partner = 'sub@example.org';

async function partnerWorld(now: string): Promise<World> {
  const w = await makeWorld({ now, members: [] });
  expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity' })).status).toBe(201);
  return w;
}

async function deliveryStates(w: World, eventId: string): Promise<string[]> {
  const rows = await w.t.handle.store.db
    .selectFrom('reminder_deliveries')
    .select(['status', 'occurrence_start'])
    .where('event_id', '=', eventId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => `${r.status} ${r.occurrence_start}`);
}

describe('a pending reminder of a one-off that moves', () => {
  let w: World | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('is sent for the new date when the new date’s reminder falls due', async () => {
    w = await partnerWorld('2027-06-01T09:00:00Z');
    const solo = await w.t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Solo',
      start: '2027-06-21T10:00',
      end: '2027-06-21T11:00',
      visibility: 'public',
    });
    expect(solo.status).toBe(201);
    const id = solo.body.id as string;
    await w.dispatch('2027-06-12T12:00:00Z'); // plans the week-before reminder, due 14 June
    expect(await deliveryStates(w, id)).toEqual(['pending 2027-06-21T09:00:00Z']);

    w.t.clock.set('2027-06-12T12:00:30Z');
    const moved = await w.t.call('PATCH', `/api/events/${id}`, { start: '2027-06-28T10:00', end: '2027-06-28T11:00' });
    expect(moved.status).toBe(200);
    await w.dispatch('2027-06-12T12:01:00Z');
    expect(w.sink.received).toHaveLength(0);

    await w.dispatch('2027-06-21T09:05:00Z'); // the new date's week-before reminder is due at 09:00
    await w.dispatch('2027-06-22T12:00:00Z');
    const mails = await w.sink.parsedFor(partner);
    expect(mails.map((m) => m.subject)).toEqual(['Reminder: Solo, Mon 28 Jun, 10:00']);
    expect(await deliveryStates(w, id)).toEqual(['sent 2027-06-28T09:00:00Z']);
  });

  it('is sent for the new date of an activity shifted with its campaign week', async () => {
    w = await partnerWorld('2027-04-01T09:00:00Z');
    const week = await w.t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Hate Crime Awareness Week',
      start: '2027-04-17',
      end: '2027-04-24',
      visibility: 'public',
    });
    expect(week.status).toBe(201);
    const talk = await w.t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Talk',
      start: '2027-04-21T10:00',
      end: '2027-04-21T11:00',
      parentId: week.body.id,
      visibility: 'public',
    });
    expect(talk.status).toBe(201);
    await w.dispatch('2027-04-12T12:00:00Z');
    expect(await deliveryStates(w, talk.body.id)).toEqual(['pending 2027-04-21T09:00:00Z']);

    w.t.clock.set('2027-04-12T12:00:30Z');
    const moved = await w.t.call('PATCH', `/api/events/${week.body.id}`, { start: '2027-04-24', end: '2027-05-01' });
    expect(moved.status).toBe(200);
    expect(moved.body.series.activities).toMatchObject({ days: 7, shifted: [talk.body.id] });
    await w.dispatch('2027-04-12T12:01:00Z');

    await w.dispatch('2027-04-21T10:05:00Z');
    const mails = await w.sink.parsedFor(partner);
    expect(mails.map((m) => m.subject)).toEqual(['Reminder: Talk, Wed 28 Apr, 10:00']);
  });
});
