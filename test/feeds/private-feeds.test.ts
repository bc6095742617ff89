import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { hashToken } from '../../src/domain/secrets.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { ANOTHER_PROCESS_REACHES_THE_DATABASE } from '../support/backends.js';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const summaries = (ics: string) => new Set([...unfold(ics).matchAll(/^SUMMARY:(.*)$/gm)].map((m) => m[1]!.replace(/\r$/, '')));

describe('private feeds for partners and members', () => {
  let t: TestApp;
  let police: { id: string; name: string };
  const feed = async (url: string) => {
    const res = await t.app.request(new URL(url).pathname + new URL(url).search);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
    const orgs = (await t.call('GET', '/api/organisations')).body.organisations as { id: string; name: string }[];
    police = orgs.find((o) => o.name === 'Thames Valley Police')!;
  });
  afterAll(() => t.close());

  it('gives a partner a secret address whose feed adds partner-only events, never confidential ones or drafts', async () => {
    const created = await t.call('POST', '/api/feed-subscriptions', { partner: police.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'Thames Valley Police', organisationId: police.id, email: null, revokedAt: null });
    expect(created.body.token).toMatch(/^scf_[A-Za-z0-9_-]{43}$/);
    expect(created.body.feedUrl).toBe(`https://calendar.example.org/feeds/private/${created.body.token}.ics`);
    expect(created.body.webcalUrl).toBe(`webcal://calendar.example.org/feeds/private/${created.body.token}.ics`);

    const res = await feed(created.body.feedUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    const titles = summaries(res.text);
    expect(titles).toContain('Quarterly progress report due to the board'); // partners
    expect(titles).toContain('County Lines Intensification Week'); // partners
    expect(titles).toContain('National Hate Crime Awareness Week'); // public
    expect(titles).not.toContain('Hate Crime Task and Finish Group'); // members of that group only
    expect(res.text).not.toContain('Domestic homicide review');
    const drafts = (await t.call('GET', '/api/events?status=draft&limit=100')).body.events as { title: string }[];
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) expect(titles).not.toContain(d.title);
    // The address is not echoed into the shared body.
    expect(res.text).not.toContain(created.body.token);
  });

  it('gives a member a feed with their own groups’ members-only meetings and no other group’s', async () => {
    const created = await t.call('POST', '/api/feed-subscriptions', { email: 'Student-Support@example.org' });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('student-support@example.org');
    const titles = summaries((await feed(created.body.feedUrl)).text);
    expect(titles).toContain('Hate Crime Task and Finish Group');

    const outsider = await t.call('POST', '/api/feed-subscriptions', { email: 'panel-member@example.org' });
    expect(summaries((await feed(outsider.body.feedUrl)).text)).not.toContain('Hate Crime Task and Finish Group');
  });

  it('accepts the same filters as the public feed', async () => {
    const created = await t.call('POST', '/api/feed-subscriptions', { partner: police.id, label: 'TVP: meetings only' });
    const titles = summaries((await feed(`${created.body.feedUrl}?kind=meeting`)).text);
    expect(titles).toContain('Independent Advisory Group meeting');
    expect(titles).not.toContain('County Lines Intensification Week');
  });

  it('stops serving a revoked address at once, and lists feeds without their secrets', async () => {
    const created = await t.call('POST', '/api/feed-subscriptions', { partner: police.id, label: 'to revoke' });
    expect((await feed(created.body.feedUrl)).status).toBe(200);
    const list = await t.call('GET', '/api/feed-subscriptions');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(list.body.subscriptions.map((s: { id: string }) => s.id)).toContain(created.body.id);

    const revoked = await t.call('DELETE', `/api/feed-subscriptions/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe('2022-09-01T09:00:00.000Z');
    const gone = await feed(created.body.feedUrl);
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.text).error.field).toBe('token');
    expect((await feed(created.body.subscribePage)).status).toBe(404);
    expect((await t.call('DELETE', `/api/feed-subscriptions/${created.body.id}`)).status).toBe(404);
  });

  it('stores only a hash of the token', async () => {
    const created = await t.call('POST', '/api/feed-subscriptions', { partner: police.id });
    const rows = await t.handle.store.db.selectFrom('feed_subscriptions').selectAll().execute();
    expect(rows.find((r) => r.id === created.body.id)?.token_hash).toBe(await hashToken(created.body.token));
    expect(JSON.stringify(rows)).not.toContain(created.body.token);
    expect(JSON.stringify(rows)).not.toContain(created.body.token.slice(4));
  });

  it('refuses bad requests with the field and the reason, and only organisers may manage feeds', async () => {
    const cases: [unknown, string, string][] = [
      [{}, 'partner', 'give either partner (an organisation id) or email (a group member), not both or neither'],
      [
        { partner: police.id, email: 'iag-chair@example.org' },
        'partner',
        'give either partner (an organisation id) or email (a group member), not both or neither',
      ],
      [{ partner: 'nope' }, 'partner', 'no organisation with this id (see GET /api/organisations)'],
      [{ email: 'not-an-email' }, 'email', 'must be an email address like member@example.org'],
      [
        { email: 'stranger@example.org' },
        'email',
        'is not a member of any group; add them to a group first (POST /api/groups/{id}/members)',
      ],
      [{ partner: police.id, label: 'two\nlines' }, 'label', 'must be a single line'],
      [{ partner: police.id, label: '  ' }, 'label', 'must be one line of 1 to 100 characters'],
      [{ partner: police.id, colour: 'red' }, 'colour', 'is not a field of a private feed (use partner or email, and optionally label)'],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.call('POST', '/api/feed-subscriptions', body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ field, message });
    }
    expect((await t.call('GET', '/api/feed-subscriptions', undefined, { auth: false })).status).toBe(401);
    expect((await t.call('POST', '/api/feed-subscriptions', { partner: police.id }, { auth: false })).status).toBe(401);
  });

  it('rejects a guessed or malformed token with 404, not 500', async () => {
    expect((await t.app.request('/feeds/private/scf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(404);
    expect((await t.app.request('/feeds/private/%27%3B%20drop%20table.ics')).status).toBe(404);
  });

  // Not on D1: the command line is a Node process, and only a Worker reaches D1.
  it.runIf(ANOTHER_PROCESS_REACHES_THE_DATABASE)('can be created, listed and revoked from the command line', async () => {
    const env = { ...t.databaseEnv, PUBLIC_URL: 'https://calendar.example.org' };
    const out: string[] = [];
    await run(['feed', 'create', '--email', 'iag-member-1@example.org'], env, (line) => out.push(line));
    expect(out[0]).toMatch(/^created private feed "iag-member-1@example.org" \([0-9a-f-]{36}\)$/);
    const url = /feed:\s+(\S+)/.exec(out.join('\n'))![1]!;
    expect(url).toMatch(/^https:\/\/calendar\.example\.org\/feeds\/private\/scf_[A-Za-z0-9_-]{43}\.ics$/);
    expect(summaries((await feed(url)).text)).toContain('Independent Advisory Group meeting');

    const id = /\(([0-9a-f-]{36})\)/.exec(out[0]!)![1]!;
    const listed: string[] = [];
    await run(['feed', 'list'], env, (line) => listed.push(line));
    expect(listed.some((l) => l.startsWith(`${id}  iag-member-1@example.org  member iag-member-1@example.org`))).toBe(true);

    const revoked: string[] = [];
    await run(['feed', 'revoke', id], env, (line) => revoked.push(line));
    expect(revoked).toEqual(['revoked private feed "iag-member-1@example.org"']);
    expect((await feed(url)).status).toBe(404);

    await expect(run(['feed', 'create', '--partner', 'nope'], env, () => {})).rejects.toThrow('--partner no organisation with this id');
  });
});
