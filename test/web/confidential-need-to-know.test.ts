/**
 * Confidential business is need-to-know: an organiser limited to one group (the IAG secretary)
 * sees that group's confidential events but not the board's (a domestic homicide review, taken
 * with the press and public excluded), nor confidential events of no group, on any page: event
 * pages, upcoming list, month view, the workspace's search, dashboard and audit log. Found before:
 * every organiser read every group's confidential business. Admins and organisers of every group
 * still see it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGroup } from '../../src/db/directory.js';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const IAG_SECRETARY = { email: 'iag-secretary@example.org', password: 'advisory group secretary' };
const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };
const ALL_GROUPS = { email: 'community-safety-officer@example.org', password: 'every group organiser' };

describe('confidential business seen by an organiser of one group', () => {
  let t: TestApp;
  const ids: Record<'board' | 'iag' | 'none', string> = { board: '', iag: '', none: '' };
  const titles = {
    board: 'Domestic homicide review panel: closed session',
    iag: 'IAG community tension briefing',
    none: 'Chief officers’ closed briefing',
  };

  async function signIn(account: { email: string; password: string }) {
    const session = new Session(t.app);
    expect((await session.post('/signin', account)).status).toBe(303);
    return session;
  }

  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    // A minute after the demo was loaded, so this test's changes head the audit log's first page.
    t.clock.set('2022-10-03T09:01:00Z');
    const ctx = { actor: 'test', now: t.clock() };
    const iag = (await getGroup(t.handle.store, 'iag'))!;
    const board = (await getGroup(t.handle.store, 'safermk-board'))!;
    const hash = (password: string) => hashPassword(password, TEST_COST);
    await createUser(
      t.handle.store,
      { email: IAG_SECRETARY.email, role: 'organiser', passwordHash: await hash(IAG_SECRETARY.password), groupIds: [iag.id] },
      ctx,
    );
    await createUser(
      t.handle.store,
      { email: ALL_GROUPS.email, role: 'organiser', passwordHash: await hash(ALL_GROUPS.password), groupIds: [] },
      ctx,
    );
    await createUser(t.handle.store, { email: ADMIN.email, role: 'admin', passwordHash: await hash(ADMIN.password), groupIds: [] }, ctx);
    const create = async (title: string, groupId: string | null) =>
      (
        await t.call('POST', '/api/events', {
          kind: groupId ? 'meeting' : 'activity',
          title,
          start: '2022-10-20T16:00',
          end: '2022-10-20T17:00',
          groupId,
          visibility: 'confidential',
        })
      ).body.id as string;
    ids.board = await create(titles.board, board.id);
    ids.iag = await create(titles.iag, iag.id);
    ids.none = await create(titles.none, null);
  });
  afterAll(() => t.close());

  it('shows the organiser’s own group’s confidential event and nothing of the others, on every page', async () => {
    const secretary = await signIn(IAG_SECRETARY);
    expect((await secretary.get(`/events/${ids.iag}`)).status).toBe(200);
    for (const hidden of [ids.board, ids.none]) {
      expect((await secretary.get(`/events/${hidden}`)).status).toBe(404);
      expect((await secretary.get(`/organise/events/${hidden}`)).status).toBe(404);
      expect((await secretary.get(`/organise/events/new?from=${hidden}`)).text).not.toContain('closed');
    }
    const pages = [
      '/?from=2022-10-01',
      '/calendar/month?year=2022&month=10',
      '/organise',
      '/organise/events',
      '/organise/events?q=closed',
      '/organise/audit',
      '/organise/events.csv',
      '/calendar/year?year=2022',
    ];
    for (const path of pages) {
      const text = (await secretary.get(path)).text;
      expect(text, path).not.toContain('Domestic homicide review panel');
      expect(text, path).not.toContain('Chief officers');
    }
    expect((await secretary.get('/calendar/month?year=2022&month=10')).text).toContain(titles.iag);
    expect((await secretary.get('/organise/events?q=tension')).text).toContain(titles.iag);
    expect((await secretary.get('/organise/events.csv')).text).toContain(titles.iag);
  });

  it('keeps the reminder times of other groups’ events out of reach, and logs a change to its own', async () => {
    const secretary = await signIn(IAG_SECRETARY);
    const board = (await getGroup(t.handle.store, 'safermk-board'))!;
    const publicBoardMeeting = (
      await t.call('POST', '/api/events', {
        kind: 'meeting',
        title: 'Board meeting in public',
        start: '2022-10-27T16:00',
        end: '2022-10-27T17:00',
        groupId: board.id,
      })
    ).body.id as string;
    const rulesOf = (id: string) => t.handle.store.db.selectFrom('reminder_rules').selectAll().where('scope_id', '=', id).execute();

    // Not seen: not found, by the page and by its form, and nothing is set.
    for (const hidden of [ids.board, ids.none]) {
      const page = await secretary.get(`/organise/events/${hidden}/reminders`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain('closed');
      expect((await secretary.post(`/organise/events/${hidden}/reminders`, { mode: 'none' }, '/organise')).status).toBe(404);
      expect(await rulesOf(hidden)).toEqual([]);
    }
    // Seen but another group's: refused, saying why, and nothing is set.
    for (const path of [`/organise/events/${publicBoardMeeting}/reminders`, `/organise/groups/${board.id}/reminders`]) {
      expect((await secretary.get(path)).status).toBe(403);
      const refused = await secretary.post(path, { mode: 'none' }, '/organise');
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('only for the');
    }
    expect(await rulesOf(publicBoardMeeting)).toEqual([]);
    expect(await rulesOf(board.id)).toEqual([]);

    // Its own group's: set, and the audit log says who set what.
    const saved = await secretary.post(`/organise/events/${ids.iag}/reminders`, { mode: 'none' });
    expect(saved.status).toBe(303);
    expect((await rulesOf(ids.iag)).map((r) => r.lead_times)).toEqual(['[]']);
    const audit = await t.handle.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', ids.iag)
      .where('action', '=', 'reminders')
      .execute();
    expect(audit.map((a) => [a.actor, JSON.parse(a.changes)])).toEqual([
      [`user:${IAG_SECRETARY.email}`, { leadTimes: { from: null, to: [] } }],
    ]);
  });

  it('still shows all of it to administrators and to organisers of every group', async () => {
    for (const account of [ADMIN, ALL_GROUPS]) {
      const session = await signIn(account);
      const month = (await session.get('/calendar/month?year=2022&month=10')).text;
      for (const title of ['Domestic homicide review panel', 'IAG community tension briefing', 'Chief officers'])
        expect(month).toContain(title);
      expect((await session.get(`/organise/events/${ids.board}`)).status).toBe(200);
      expect((await session.get('/organise/audit')).text).toContain('Domestic homicide review panel');
    }
  });

  it('keeps confidential events out of every feed, for everyone', async () => {
    const feed = await (await t.app.request('/feeds/public.ics')).text();
    for (const title of ['Domestic homicide review panel', 'IAG community tension briefing', 'Chief officers'])
      expect(feed).not.toContain(title);
  });
});
