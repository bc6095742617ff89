/**
 * The same text rule holds where people type rather than send JSON: the event form, the cancel
 * form, a CSV import of members and the command line refuse control characters and bidirectional
 * overrides, say which character in which field, and keep nothing of the refused input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGroup, listMembers } from '../../src/db/directory.js';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { useCliDatabase } from '../cli/support.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const RLO = '\u202e';
const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };

describe('hidden characters typed into the workspace', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    await createUser(
      t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: t.clock() },
    );
    admin = new Session(t.app);
    expect((await admin.post('/signin', { email: ADMIN.email, password: ADMIN.password })).status).toBe(303);
  });
  afterAll(() => t.close());

  const eventCount = async () => Number((await t.call('GET', '/api/events?limit=1&status=draft,published,cancelled')).body.page.total);

  it('shows the event form again with the problem beside the title, and creates nothing', async () => {
    const before = await eventCount();
    const res = await admin.post(
      '/organise/events/new',
      { kind: 'deadline', title: `Returns due ${RLO}fdp.exe`, startDate: '2022-11-30', visibility: 'public', status: 'published' },
      '/organise/events/new',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('contains a right-to-left override character (U+202E), which could disguise the text; remove it');
    expect(await eventCount()).toBe(before);
  });

  it('refuses NUL in a cancellation reason on the event page, and the event stays as it was', async () => {
    const created = await t.call('POST', '/api/events', { kind: 'deadline', title: 'Consultation closes', start: '2022-12-09' });
    const res = await admin.post(
      `/organise/events/${created.body.id}/cancel`,
      { reason: 'venue\u0000closed' },
      `/organise/events/${created.body.id}`,
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Reason contains a control character \(U\+0000, NUL\)/);
    expect((await t.call('GET', `/api/events/${created.body.id}`)).body.status).toBe('published');
  });

  it('refuses a direction override in the edit form\'s "Reason for the change", and saves nothing', async () => {
    const created = await t.call('POST', '/api/events', { kind: 'deadline', title: 'Returns due', start: '2022-12-09' });
    const res = await admin.post(
      `/organise/events/${created.body.id}/edit`,
      {
        kind: 'deadline',
        title: 'Returns due (moved)',
        startDate: '2022-12-16',
        visibility: 'public',
        status: 'published',
        reason: `Moved ${RLO}gnitsoh`,
      },
      `/organise/events/${created.body.id}/edit`,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('contains a right-to-left override character (U+202E), which could disguise the text; remove it');
    const after = (await t.call('GET', `/api/events/${created.body.id}`)).body;
    expect([after.title, after.sequence]).toEqual(['Returns due', created.body.sequence]);
  });

  it("refuses hidden characters in a partner calendar's name or address on the sync form, and follows nothing", async () => {
    // The form stored what POST /api/synced-feeds refuses: NUL answered 500 on PostgreSQL.
    const follow = (fields: { url: string; label: string }) =>
      admin.post(
        '/organise/sync',
        { ...fields, intervalMinutes: '60', kind: 'activity', visibility: 'public', status: 'published' },
        '/organise/sync',
      );
    const url = 'https://fire.example.org/calendar.ics';
    for (const [label, message] of [
      ['Fire\u0000 and rescue', 'contains a control character (U+0000, NUL), which cannot be shown; remove it'],
      [`Fire ${RLO}eucser`, 'contains a right-to-left override character (U+202E), which could disguise the text; remove it'],
      ['Fire\u0007 and rescue', 'contains a control character (U+0007), which cannot be shown; remove it'],
      [
        'Fire =?utf-8?q?=E2=80=AE?= rescue',
        'contains an encoded-word (&quot;=?…?=&quot;), which an email program would show as other text; remove it',
      ],
    ]) {
      const res = await follow({ url, label: label! });
      expect([label, res.status]).toEqual([label, 400]);
      expect(res.text).toContain(message);
    }
    const res = await follow({ url: `${url}?x=\u0000`, label: 'Fire and rescue' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('contains a control character (U+0000, NUL), which cannot be shown; remove it');
    expect((await t.call('GET', '/api/synced-feeds')).body.feeds).toEqual([]);
  });

  it('refuses a form field whose percent-encoding is not UTF-8, naming it, and creates nothing', async () => {
    // %FF and a cut-off %E2%80 were read as U+FFFD and stored as the title (README: broken text is refused).
    const before = await eventCount();
    const page = await admin.get('/organise/events/new');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    for (const title of ['Returns%20due%FF', 'Returns%20due%E2%80']) {
      const body = `_csrf=${encodeURIComponent(token)}&kind=deadline&title=${title}&startDate=2022-11-30&visibility=public&status=published`;
      const res = await t.app.request('https://calendar.example.org/organise/events/new', {
        method: 'POST',
        body,
        headers: {
          Accept: 'text/html',
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'https://calendar.example.org',
          Cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      expect([title, res.status]).toEqual([title, 400]);
      expect(await res.text()).toContain('Holds bytes that are not UTF-8 text (the form&#39;s &quot;title&quot;); type it again.');
    }
    expect(await eventCount()).toBe(before);
    // Well-formed UTF-8 still passes.
    const fine = await admin.post(
      '/organise/events/new',
      {
        kind: 'deadline',
        title: 'Rückgabe fällig',
        'startDate-day': '30',
        'startDate-month': '11',
        'startDate-year': '2022',
        visibility: 'public',
        status: 'published',
      },
      '/organise/events/new',
    );
    expect(fine.status).toBe(303);
    expect(await eventCount()).toBe(before + 1);
  });

  it('marks a CSV row whose name hides a direction override, and imports only the clean rows', async () => {
    const iag = (await getGroup(t.handle.store, 'iag'))!;
    const csv = [
      'email,role,name',
      `new-member-5@example.org,IAG Member,Youth ${RLO}seat`,
      'new-member-6@example.org,IAG Member,Youth seat',
    ].join('\n');
    const preview = await admin.post(
      `/organise/groups/${iag.id}/import`,
      { step: 'preview', pasted: csv },
      `/organise/groups/${iag.id}/import`,
    );
    expect(preview.text).toContain('1 row is ready to import; 1 row has problems and will be left out.');
    expect(preview.text).toContain('displayName contains a right-to-left override character (U+202E)');
    expect((await listMembers(t.handle.store, iag.id)).some((m) => m.email === 'new-member-5@example.org')).toBe(false);
  });
});

describe('hidden characters on the command line', () => {
  const db = useCliDatabase('safercal-cli-hidden-');

  it('refuses a feed label or an account email that hides a direction override', async () => {
    await db.cli('seed');
    // Feed addresses need the public address first (ADR 66); the label is what is under test.
    db.env.PUBLIC_URL = 'https://calendar.example.org';
    await expect(db.cli('feed', 'create', '--email', 'iag-member-1@example.org', '--label', `IAG ${RLO}member`)).rejects.toThrow(
      '--label contains a right-to-left override character (U+202E), which could disguise the text; remove it',
    );
    expect((await db.cli('feed', 'list')).join('\n')).not.toContain('IAG');
    await expect(db.cli('user', 'create', `admin${RLO}@example.org`, '--role', 'admin')).rejects.toThrow(/needs an email address/);
  });
});
