/**
 * The workspace's audit log says a moved date's times as an organiser reads them (UK time, in
 * words), not as the JSON and UTC instants the log keeps. Found by the issue 10 tester:
 * `when: {"allDay":false,"startsAt":"2027-05-20T18:00:00Z",…}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };

describe('the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2027-05-01T09:00:00Z' });
    const ctx = { actor: 'test', now: t.clock() };
    await createUser(
      t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      ctx,
    );
  });
  afterAll(() => t.close());

  it('shows a moved date in UK time and words', async () => {
    const series = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Community speed watch',
      start: '2027-05-13T18:00',
      end: '2027-05-13T19:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
    });
    expect(series.status).toBe(201);
    const moved = await t.call('PUT', `/api/events/${series.body.id}/occurrences/2027-05-20T18:00`, {
      start: '2027-05-21T19:00',
      end: '2027-05-21T20:00',
    });
    expect(moved.status).toBe(200);
    const admin = new Session(t.app);
    expect((await admin.post('/signin', ADMIN)).status).toBe(303);
    const page = (await admin.get('/organise/audit')).text;
    expect(page).toContain('Friday 21 May 2027, 19:00');
    expect(page).not.toContain('startsAt');
    expect(page).not.toContain('2027-05-21T18:00:00Z');
  });
});
