/**
 * Only a campaign week has partner activities. A cancel of anything else that says what its
 * activities should do is refused as an edit refuses it (422 naming `activities`), and nothing is
 * cancelled; the same cancel without the choice goes through. Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('cancelling an event that is not a campaign week', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('refuses an activities choice with 422 naming activities, as an edit does, and cancels nothing', async () => {
    const event = (
      await t.call('POST', '/api/events', {
        kind: 'training',
        title: 'Safeguarding refresher',
        visibility: 'partners',
        start: '2026-09-16T18:00',
        end: '2026-09-16T20:00',
      })
    ).body;
    const edit = await t.call('PATCH', `/api/events/${event.id}`, { activities: 'keep', title: 'Safeguarding refresher (Sept)' });
    const cancel = await t.call('POST', `/api/events/${event.id}/cancel`, { activities: 'keep', reason: 'Trainer unwell' });
    expect(cancel.status).toBe(422);
    expect(cancel.body.error).toEqual(edit.body.error);
    expect(cancel.body.error.field).toBe('activities');
    const after = (await t.call('GET', `/api/events/${event.id}`)).body;
    expect([after.status, after.sequence]).toEqual([event.status, event.sequence]);

    const plain = await t.call('POST', `/api/events/${event.id}/cancel`, { reason: 'Trainer unwell' });
    expect([plain.status, plain.body.status]).toEqual([200, 'cancelled']);
  });
});
