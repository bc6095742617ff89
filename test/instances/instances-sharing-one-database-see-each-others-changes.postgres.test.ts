/**
 * Two instances on one PostgreSQL database (README, "Several instances on PostgreSQL"): whatever a
 * visitor or organiser did through one is what the other shows on the very next request, because
 * everything that matters lives in the database: events (and so feeds and pages), sessions and
 * their CSRF tokens, sign-in attempts and the limits computed from them. And the nginx
 * configuration that README gives for putting them behind one address is one nginx accepts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { nativeScrypt } from '../../src/runtime/native-scrypt.js';
import { Session } from '../web/support/jar.js';
import { instancesOnOneDatabase, type Instance, type SharedDatabase } from './support/instances.js';

const ORGANISER = { email: 'cs-team-organiser@example.org', password: 'a long organiser passphrase' };

describe('two instances on one PostgreSQL database', () => {
  let shared: SharedDatabase;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    shared = await instancesOnOneDatabase(2);
    [a, b] = shared.instances as [Instance, Instance];
    await createUser(
      a.handle.store,
      {
        email: ORGANISER.email,
        role: 'organiser',
        passwordHash: await hashPassword(ORGANISER.password, undefined, nativeScrypt),
        groupIds: [],
      },
      { actor: 'test', now: shared.clock() },
    );
  });
  afterAll(() => shared?.close());

  const api = (instance: Instance, method: string, path: string, body?: unknown) =>
    instance.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${shared.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("shows an event added or moved through one instance in the other's feed and pages on the next request", async () => {
    // B has built and cached its public feed before the change.
    const before = await (await b.app.request('/feeds/public.ics')).text();
    expect(before).toContain('BEGIN:VCALENDAR');
    expect(before).not.toContain('Knife crime awareness stall');

    const created = await api(a, 'POST', '/api/events', {
      kind: 'activity',
      title: 'Knife crime awareness stall',
      start: '2022-10-12T10:00',
      end: '2022-10-12T14:00',
      location: 'Central Library foyer',
      visibility: 'public',
      status: 'published',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const feed = await (await b.app.request('/feeds/public.ics')).text();
    expect(feed).toContain('SUMMARY:Knife crime awareness stall');
    expect(feed).toContain('LOCATION:Central Library foyer');
    const page = await b.app.request(`/events/${id}`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Knife crime awareness stall');

    // A move through A: B's warm feed shows the new place at once.
    const moved = await api(a, 'PATCH', `/api/events/${id}`, { location: 'Shopping centre, Unit 4' });
    expect(moved.status).toBe(200);
    const after = await (await b.app.request('/feeds/public.ics')).text();
    expect(after).toContain('LOCATION:Shopping centre\\, Unit 4');
    expect(after).not.toContain('Central Library foyer');
  });

  it('keeps an organiser signed in through one instance signed in on the other, with the same CSRF token', async () => {
    const viaA = new Session(a.app);
    const signedIn = await viaA.post('/signin', { email: ORGANISER.email, password: ORGANISER.password });
    expect(signedIn.status).toBe(303);

    // The same browser (the same cookies) whose next requests the balancer sends to B.
    const viaB = new Session(b.app);
    for (const [name, value] of viaA.cookies) viaB.cookies.set(name, value);
    const dashboard = await viaB.get('/organise');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Sign out');
    // A form whose page came from A is accepted by B: the session's CSRF token is in the database.
    const formOnA = await viaA.get('/organise/events/new');
    const token = /name="_csrf" value="([^"]+)"/.exec(formOnA.text)?.[1];
    expect(token).toBeTruthy();
    const signOut = await viaB.request('POST', '/signout', { _csrf: token! });
    expect(signOut.status).toBe(303);
    // Signed out through B: A no longer knows the session either.
    const afterSignOut = await viaA.get('/organise');
    expect(afterSignOut.status).toBe(303);
  });

  it('counts wrong passwords made through either instance against the same account', async () => {
    const viaA = new Session(a.app);
    for (let i = 0; i < 3; i++) {
      expect((await viaA.post('/signin', { email: ORGANISER.email, password: `wrong guess ${i}` })).status).toBe(401);
    }
    // The fourth try, through B at the same moment, has to wait: B counted A's three.
    const viaB = new Session(b.app);
    const refused = await viaB.post('/signin', { email: ORGANISER.email, password: ORGANISER.password });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('several wrong passwords for this email address');
  });
});

describe('two instances whose clocks disagree, on one PostgreSQL database', () => {
  let shared: SharedDatabase;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    // B's clock runs two minutes slow: everything it writes is stamped before A's latest change.
    shared = await instancesOnOneDatabase(2, { clockSkewMs: [0, -120_000] });
    [a, b] = shared.instances as [Instance, Instance];
  });
  afterAll(() => shared?.close());

  const patch = (instance: Instance, id: string, body: unknown) =>
    instance.app.request(`/api/events/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${shared.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it("shows a change made through the slow instance in the other's warm feed, though it is stamped earlier than the last change", async () => {
    const create = async (title: string) => {
      const res = await a.app.request('/api/events', {
        method: 'POST',
        headers: { Authorization: `Bearer ${shared.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          kind: 'activity',
          title,
          start: '2022-10-12T10:00',
          end: '2022-10-12T12:00',
          visibility: 'public',
          status: 'published',
        }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };
    const first = await create('Neighbourhood watch drop-in');
    const second = await create('Youth diversion open session');
    expect((await patch(a, first.id, { location: 'Council offices, Room 2' })).status).toBe(200);
    // A's feed is built and cached after A's change.
    expect(await (await a.app.request('/feeds/public.ics')).text()).toContain('LOCATION:Council offices\\, Room 2');

    expect((await patch(b, second.id, { location: 'Fire station community room' })).status).toBe(200);
    const stamps = await a.handle.store.db
      .selectFrom('events')
      .select(['id', 'updated_at'])
      .where('id', 'in', [first.id, second.id])
      .execute();
    const stampOf = (id: string) => stamps.find((r) => r.id === id)!.updated_at;
    expect(stampOf(second.id) < stampOf(first.id)).toBe(true);

    const feed = await (await a.app.request('/feeds/public.ics')).text();
    expect(feed).toContain('LOCATION:Fire station community room');
    expect(feed).toContain('LOCATION:Council offices\\, Room 2');
  });
});

/** Whether `program` runs here (it answers `versionArgs`). */
function installed(program: string, versionArgs: string[]): boolean {
  return spawnSync(program, versionArgs, { stdio: 'ignore' }).status === 0;
}

// nginx is not installed by the test command (CI's time is tight; issue 14): where it is missing
// (`apt-get install nginx-light` to run this), the check is skipped. openssl makes the throwaway
// certificate the configuration's ssl_certificate lines need.
const NGINX = ['nginx', '/usr/sbin/nginx'].find((program) => installed(program, ['-v'])) ?? null;
const OPENSSL = installed('openssl', ['version']);
const MISSING = [NGINX ? null : 'nginx', OPENSSL ? null : 'openssl'].filter(Boolean).join(' and ');

describe('docs/nginx.conf, the load balancer README puts in front of the instances', () => {
  it.skipIf(!!MISSING)(`passes nginx -t${MISSING ? ` (skipped: ${MISSING} not installed)` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'safercal-nginx-'));
    try {
      const [cert, key] = [join(dir, 'fullchain.pem'), join(dir, 'privkey.pem')];
      const subject = '/CN=calendar.example.org';
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', subject, '-keyout', key, '-out', cert],
        {
          stdio: 'ignore',
        },
      );
      // As README says: the file goes in conf.d, inside nginx's own http block. Only the
      // certificate paths (Let's Encrypt's, on the real server) change.
      const site = readFileSync(new URL('../../docs/nginx.conf', import.meta.url), 'utf8')
        .replace('/etc/letsencrypt/live/calendar.example.org/fullchain.pem', cert)
        .replace('/etc/letsencrypt/live/calendar.example.org/privkey.pem', key);
      writeFileSync(join(dir, 'safercal.conf'), site);
      writeFileSync(join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nevents {}\nhttp {\n    include ${dir}/safercal.conf;\n}\n`);
      const checked = spawnSync(NGINX!, ['-t', '-p', dir, '-e', 'stderr', '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(checked.stderr).toContain('test is successful');
      expect(checked.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
