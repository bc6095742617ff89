/**
 * The organisers' dashboard lists last year's campaign weeks that have no counterpart this year,
 * earliest first, the first twenty of them, and says where the rest are: a calendar with years of
 * campaigns does not make the dashboard list (or read) every one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/db/events.js';
import { createUser } from '../../src/db/users.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const ORGANISER = { email: 'community-safety-team@example.org', password: 'correct horse battery staple' };

describe('the dashboard’s campaign weeks to carry over', () => {
  let t: TestApp;
  let organiser: Session;
  const add = async (input: Record<string, unknown>) => {
    const checked = validateEventInput({ kind: 'campaign_week', visibility: 'public', status: 'published', ...input });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return createEvent(t.handle.store, checked.value, { actor: 'test', now: t.clock() });
  };
  beforeAll(async () => {
    t = await makeTestApp({ now: '2023-03-01T09:00:00Z' });
    await createUser(
      t.handle.store,
      { email: ORGANISER.email, role: 'organiser', passwordHash: await hashPassword(ORGANISER.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: t.clock() },
    );
    organiser = new Session(t.app);
    expect((await organiser.post('/signin', ORGANISER)).status).toBe(303);
    // 24 campaign weeks in 2022, a week apart; one of them is already planned again for 2023.
    for (let i = 0; i < 24; i++) {
      const day = new Date(Date.UTC(2022, 0, 3 + 7 * i)).toISOString().slice(0, 10);
      const end = new Date(Date.UTC(2022, 0, 9 + 7 * i)).toISOString().slice(0, 10);
      await add({ title: `Week of action ${String(i + 1).padStart(2, '0')}`, start: day, end });
    }
    await add({ title: 'Week of action 01', start: '2023-01-09', end: '2023-01-15' });
    // Neither a series nor a campaign of 2021 is carried over.
    await add({ title: 'Yearly awareness week', start: '2022-05-02', end: '2022-05-08', rrule: 'FREQ=YEARLY' });
    await add({ title: 'Older week of action', start: '2021-06-07', end: '2021-06-13' });
  });
  afterAll(() => t.close());

  it('lists the first twenty without a counterpart this year, earliest first, and points to the rest', async () => {
    const page = await organiser.get('/organise');
    expect(page.status).toBe(200);
    const listed = [...page.text.matchAll(/>(Week of action \d\d|Yearly awareness week|Older week of action)<\/a>/g)].map((m) => m[1]);
    expect(listed).toEqual(Array.from({ length: 20 }, (_, i) => `Week of action ${String(i + 2).padStart(2, '0')}`));
    expect(page.text).toContain('These are the first 20; the others are in the');
    expect(page.text).toContain('href="/organise/events?kind=campaign_week"');
  });
});
