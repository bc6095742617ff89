import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

describe('who may be reminded of what', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z' });
    const base = { start: '2022-11-02T18:00', end: '2022-11-02T20:00' };
    await w.createMeeting({ ...base, title: 'Public meeting of the IAG', visibility: 'public' });
    await w.createMeeting({ ...base, title: 'Partners-only meeting of the IAG', visibility: 'partners' });
    await w.createMeeting({ ...base, title: 'Domestic homicide review: closed session', visibility: 'confidential' });
    await w.createMeeting({ ...base, title: 'Draft meeting', status: 'draft' });
    // A resident with no partner organisation follows all meetings.
    await w.t.call('POST', '/api/subscriptions', { email: 'resident@example.org', topic: 'kind:meeting' });
    await w.dispatch('2022-10-26T17:00:00Z');
  });
  afterAll(() => w.close());

  const subjects = async (email: string) => (await w.sink.parsedFor(email)).map((m) => m.subject).sort();

  it('reminds a member of the public only of public events', async () => {
    expect(await subjects('resident@example.org')).toEqual(['Reminder: Public meeting of the IAG, Wed 2 Nov, 18:00']);
  });

  it('reminds group members of public and partner meetings, never of confidential business or drafts', async () => {
    expect(await subjects('iag-member-1@example.org')).toEqual([
      'Reminder: Partners-only meeting of the IAG, Wed 2 Nov, 18:00',
      'Reminder: Public meeting of the IAG, Wed 2 Nov, 18:00',
    ]);
    expect(w.sink.received).toHaveLength(5);
    expect(w.sink.received.some((r) => r.raw.toString().includes('homicide'))).toBe(false);
  });
});
