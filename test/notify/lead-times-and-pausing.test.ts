import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

describe('lead times per group and pausing', () => {
  let w: World;
  let meeting: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z' });
    meeting = await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
  });
  afterAll(() => w.close());

  it('uses the group’s lead times for its meetings when an organiser sets them', async () => {
    const res = await w.t.call('PUT', `/api/groups/iag/reminders`, { leadTimes: ['3d'] });
    expect(res.status).toBe(200);
    expect(res.body.effective).toEqual(['3d']);
    expect((await w.t.call('GET', `/api/events/${meeting.id}/reminders`)).body.effective).toEqual(['3d']);
    expect((await w.dispatch('2022-10-26T17:00:00Z')).sent).toBe(0);
    // Three days before 18:00 on Wednesday 2 November (GMT) is Sunday 30 October, 18:00 GMT.
    expect((await w.dispatch('2022-10-30T17:59:00Z')).sent).toBe(0);
    expect((await w.dispatch('2022-10-30T18:00:00Z')).sent).toBe(2);
  });

  it('sends nothing to a member who paused reminders, and nothing at all for an event set to no reminders', async () => {
    await w.createMeeting({ title: 'Extraordinary IAG meeting', start: '2022-11-09T18:00', end: '2022-11-09T19:00' });
    const rows = await w.t.handle.store.db
      .selectFrom('reminder_deliveries')
      .select(['id', 'person_id', 'recipient'])
      .where('status', '=', 'sent')
      .execute();
    const member1 = rows.find((r) => r.recipient === 'iag-member-1@example.org')!;
    // A member pauses through the preferences link of the email they got.
    const { LinkSigner, signingKey } = await import('../../src/notify/links.js');
    const signer = new LinkSigner(await signingKey(w.t.handle.store, null));
    const token = await signer.sign({ personId: member1.person_id!, deliveryId: member1.id });
    const paused = await w.t.app.request(`/api/email/preferences/${token}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paused: true }),
    });
    expect(paused.status).toBe(200);
    expect((await paused.json()).paused).toBe(true);
    const pass = await w.dispatch('2022-11-06T18:00:00Z');
    expect(pass.sent).toBe(1);
    expect(w.sink.received.at(-1)!.envelopeTo).toEqual(['iag-member-2@example.org']);

    // An organiser turns reminders off for one meeting: the group's three days no longer apply to it.
    const agm = await w.createMeeting({ title: 'Annual general meeting', start: '2022-11-16T18:00', end: '2022-11-16T19:00' });
    expect((await w.t.call('PUT', `/api/events/${agm.id}/reminders`, { leadTimes: [] })).status).toBe(200);
    expect((await w.dispatch('2022-11-13T18:00:00Z')).sent).toBe(0);
    expect((await w.t.call('GET', `/api/events/${agm.id}/deliveries`)).body.deliveries).toEqual([]);
    // Back to the group's rule (null), the reminder is planned and, still in time, sent.
    expect((await w.t.call('PUT', `/api/events/${agm.id}/reminders`, { leadTimes: null })).body.effective).toEqual(['3d']);
    expect((await w.dispatch('2022-11-13T18:05:00Z')).sent).toBe(1);
  });
});

describe('a pass that may send only so many', () => {
  it('leaves the reminders over its limit for the next pass, which sends them once', async () => {
    const w = await makeWorld({
      now: '2022-10-01T09:00:00Z',
      members: ['iag-member-1@example.org', 'iag-member-2@example.org', 'iag-member-3@example.org'],
    });
    try {
      await w.createMeeting({ start: '2022-10-19T18:00', end: '2022-10-19T20:00' });
      const { runDue } = await import('../../src/notify/dispatch.js');
      const first = await runDue(w.deps, new Date('2022-10-12T17:00:00Z'), { maxClaims: 2 });
      expect(first.sent).toBe(2);
      const second = await runDue(w.deps, new Date('2022-10-12T17:01:00Z'), { maxClaims: 2 });
      expect(second.sent).toBe(1);
      expect(w.sink.received.flatMap((m) => m.envelopeTo).sort()).toEqual([
        'iag-member-1@example.org',
        'iag-member-2@example.org',
        'iag-member-3@example.org',
      ]);
    } finally {
      await w.close();
    }
  });
});
