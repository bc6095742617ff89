/**
 * The cancel confirmation page of a campaign week says how many people were reminded of its partner
 * activities, in the singular for one: "One person was reminded of this activity; if it is cancelled,
 * that person is told too." (not "those people"); and once the week is cancelled with it and they
 * were told, its restore page counts them among those who hear "Back on" (ADR 270), and the notice after
 * the restore says they will; a restore nobody was told of says nobody needs telling (issue 10). Page HTML through the app with a signed-in
 * organiser, a real SMTP server on loopback, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeWorld, type World } from '../notify/support/world.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const PARTNER = 'hate-crime-lead@example.org';
const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };

describe('the cancel page of a campaign week whose one activity one person was reminded of', () => {
  let w: World;
  let session: Session;
  let week: string;
  const create = async (body: Record<string, unknown>) => {
    const res = await w.t.call('POST', '/api/events', { visibility: 'public', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z', members: [] });
    await createUser(
      w.t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: w.t.clock() },
    );
    expect((await w.t.call('POST', '/api/subscriptions', { email: PARTNER, topic: 'kind:activity', leadTimes: ['1w'] })).status).toBe(201);
    week = await create({ kind: 'campaign_week', title: 'Hate Crime Awareness Week', start: '2022-10-08', end: '2022-10-15' });
    await create({ kind: 'activity', title: 'Reporting clinic', start: '2022-10-12T10:00', end: '2022-10-12T12:00', parentId: week });
    await w.dispatch('2022-10-05T09:00:00Z'); // a week before the 12th: the activity's reminder
    expect((await w.sink.parsedFor(PARTNER)).map((m) => m.subject)).toEqual(['Reminder: Reporting clinic, Wed 12 Oct, 10:00']);
    w.t.clock.set('2022-10-05T10:00:00Z');
    session = new Session(w.app);
    expect((await session.post('/signin', ADMIN)).status).toBe(303);
  });
  afterAll(() => w.close());

  it('says one person and this activity, in the singular', async () => {
    const page = await session.get(`/organise/events/${week}/cancel`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/\s+/g, ' ');
    expect(text).toContain('One person was reminded of this activity; if it is cancelled, that person is told too.');
    expect(text).not.toContain('those people');
  });

  it('counts the person told of the activity among those its restore page says hear "Back on"', async () => {
    const cancel = await session.post(`/organise/events/${week}/cancel`, { reason: 'Venue closed', activities: 'cancel' });
    expect(cancel.status).toBe(303);
    await w.dispatch('2022-10-05T10:05:00Z');
    expect((await w.sink.parsedFor(PARTNER)).map((m) => m.subject)).toContain('Cancelled: Reporting clinic, Wed 12 Oct, 10:00');
    const page = await session.get(`/organise/events/${week}/restore`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/\s+/g, ' ');
    expect(text).toContain('One person was e-mailed that it was cancelled and will be e-mailed that it is back on:');
    expect(text).toContain(PARTNER);
  });

  it('says, once restored, that the person told hears it is back on', async () => {
    const restore = await session.post(`/organise/events/${week}/restore`, {});
    expect(restore.status).toBe(303);
    const page = await session.get(restore.headers.get('location')!);
    expect(page.text.replace(/\s+/g, ' ')).toContain(
      'The event has been restored. People told it was cancelled will hear that it is back on.',
    );
  });

  it('says nobody needs telling when nobody was e-mailed that it was cancelled (issue 10)', async () => {
    // A week nobody is reminded of (the partner follows activities), cancelled and restored within the pass.
    const quiet = await create({ kind: 'campaign_week', title: 'Knife Crime Awareness Week', start: '2022-11-14', end: '2022-11-20' });
    expect(
      (await session.post(`/organise/events/${quiet}/cancel`, { reason: 'Clash with the elections', activities: 'cancel' })).status,
    ).toBe(303);
    await w.dispatch('2022-10-05T10:10:00Z');
    const confirm = (await session.get(`/organise/events/${quiet}/restore`)).text.replace(/\s+/g, ' ');
    expect(confirm).toContain('Nobody was e-mailed that it was cancelled, so nobody needs telling that it is back on.');
    expect(confirm).not.toContain('Nobody has been sent a reminder');
    const restore = await session.post(`/organise/events/${quiet}/restore`, {});
    expect(restore.status).toBe(303);
    const notice = (await session.get(restore.headers.get('location')!)).text.replace(/\s+/g, ' ');
    expect(notice).toContain('The event has been restored. Nobody had been told it was cancelled, so nobody needs telling.');
    expect(notice).not.toContain('will hear');
  });
});
