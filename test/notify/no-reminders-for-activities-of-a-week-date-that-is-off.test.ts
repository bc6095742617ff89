/**
 * Reminder planning leaves out a partner activity whose repeating campaign week no longer takes
 * place on its day, however the week's date went (ADR 121): a per-date cancel of that year's week,
 * or a "this and following" edit that moves it with its activities cancelled (ADR 271). A
 * reminder already planned is withdrawn; an activity outside every date of its week (a follow-up
 * event) is still reminded of. Real SMTP server on loopback, real SQLite, a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

describe('activities of a repeating campaign week whose date is off', () => {
  let w: World;
  const partner = 'partner-1@example.org';
  let week: any;
  const activity = async (title: string, start: string, end: string) => {
    const res = await w.t.call('POST', '/api/events', {
      kind: 'activity',
      title,
      start,
      end,
      parentId: week.id,
      visibility: 'public',
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const subjects = async () => (await w.sink.parsedFor(partner)).map((m) => m.subject);

  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [] });
    expect((await w.t.call('POST', '/api/subscriptions', { email: partner, topic: 'kind:activity', leadTimes: ['1w'] })).status).toBe(201);
    // Every year from Saturday 8 October, for 8 days.
    week = (
      await w.t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Hate Crime Awareness Week',
        start: '2022-10-08',
        end: '2022-10-15',
        rrule: 'FREQ=YEARLY',
        visibility: 'public',
      })
    ).body;
    await activity('Women’s experience of hate crime', '2022-10-12T10:00', '2022-10-12T12:00');
    await activity('Follow-up surgery', '2022-10-20T10:00', '2022-10-20T11:00');
    await activity('Officers at the college', '2023-10-11T10:00', '2023-10-11T11:00');
  });
  afterAll(() => w.close());

  it("withdraws the planned reminder of an activity when that year's week is cancelled by date, and keeps one outside the week", async () => {
    await w.dispatch('2022-10-04T09:00:00Z'); // plans the reminder due at 09:00 UTC on the 5th
    const planned = await w.t.handle.store.db
      .selectFrom('reminder_deliveries')
      .select('status')
      .where('recipient', '=', partner)
      .where('kind', '=', 'reminder')
      .execute();
    expect(planned.map((r) => r.status)).toEqual(['pending']);

    w.t.clock.set('2022-10-04T10:00:00Z');
    const cancelled = await w.t.call('PUT', `/api/events/${week.id}/occurrences/2022-10-08`, {
      status: 'cancelled',
      note: 'Moved online this year',
    });
    expect(cancelled.status).toBe(200);
    for (const at of ['2022-10-04T10:01:00Z', '2022-10-05T09:30:00Z', '2022-10-12T08:00:00Z', '2022-10-13T09:30:00Z']) await w.dispatch(at);
    expect(await subjects()).toEqual(['Reminder: Follow-up surgery, Thu 20 Oct, 10:00']);
  });

  it('sends no reminder for an activity cancelled with a date that a "this and following" edit moved', async () => {
    await w.dispatch('2023-10-03T10:00:00Z'); // plans the reminder due at 09:00 UTC on 4 October
    w.t.clock.set('2023-10-03T11:00:00Z');
    // From 2023 the week runs from 14 October: the series ends on 7 October 2023 and a new one carries
    // on; 8–15 October's activities are cancelled rather than moved with it (ADR 271).
    const split = await w.t.call('PATCH', `/api/events/${week.id}`, {
      dates: 'following',
      from: '2023-10-08',
      start: '2023-10-14',
      end: '2023-10-21',
      activities: 'cancel',
    });
    expect(split.status).toBe(200);
    expect(split.body.series).toMatchObject({ change: 'split', from: '2023-10-08' });
    for (const at of ['2023-10-03T11:01:00Z', '2023-10-04T09:30:00Z', '2023-10-11T08:00:00Z']) await w.dispatch(at);
    expect((await subjects()).filter((s) => /Officers at the college/.test(s ?? ''))).toEqual([]);
  });

  it('reminds of an activity whose week carries on over its day after a "this and following" edit', async () => {
    // A 2024 talk inside the continuing series' date (14–21 October).
    await activity('Community cohesion walk', '2024-10-16T10:00', '2024-10-16T11:00');
    for (const at of ['2024-10-08T09:00:00Z', '2024-10-09T09:30:00Z']) await w.dispatch(at);
    expect((await subjects()).filter((s) => /Community cohesion walk/.test(s ?? ''))).toEqual([
      'Reminder: Community cohesion walk, Wed 16 Oct, 10:00',
    ]);
  });
});
