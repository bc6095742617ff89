/**
 * The web app's defences, seen from outside: security headers, escaping of whatever organisers
 * type, CSRF refusal, sessions and their cookies, sign-in that reveals no accounts and slows
 * down guessing without locking anyone out, and roles that limit what each account may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGroup } from '../../src/db/directory.js';
import { createUser } from '../../src/db/users.js';
import { TEST_COST } from './support/cost.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { Session } from './support/jar.js';

const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };
const IAG_ORGANISER = { email: 'iag-secretary@example.org', password: 'advisory group secretary' };
const VIEWER = { email: 'partner-viewer@example.org', password: 'partner agency viewer' };

async function signIn(t: TestApp, account: { email: string; password: string }): Promise<Session> {
  const session = new Session(t.app);
  const res = await session.post('/signin', { email: account.email, password: account.password });
  expect(res.status).toBe(303);
  return session;
}

describe('web app security', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    const ctx = { actor: 'test', now: t.clock() };
    const iag = await getGroup(t.handle.store, 'iag');
    await createUser(
      t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      ctx,
    );
    await createUser(
      t.handle.store,
      {
        email: IAG_ORGANISER.email,
        role: 'organiser',
        passwordHash: await hashPassword(IAG_ORGANISER.password, TEST_COST),
        groupIds: [iag!.id],
      },
      ctx,
    );
    await createUser(
      t.handle.store,
      { email: VIEWER.email, role: 'viewer', passwordHash: await hashPassword(VIEWER.password, TEST_COST), groupIds: [] },
      ctx,
    );
  });
  afterAll(() => t.close());

  it('sends a script-free Content-Security-Policy and the other security headers with every page', async () => {
    const res = await new Session(t.app).get('/');
    const csp = res.headers.get('Content-Security-Policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('Strict-Transport-Security')).toBe('max-age=31536000');
    expect(res.text).not.toMatch(/<script|style="|\son[a-z]+=/i);
    const api = await t.call('GET', '/api/events', undefined, { auth: false });
    expect(api.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('shows a title and description full of HTML as text on every page, never as markup', async () => {
    const nasty = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const created = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: `Drop-in ${nasty}`,
      description: `Bring a friend. ${nasty}\n"quoted" & 'single'`,
      location: '<b>Library</b>',
      start: '2022-10-05',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    const visitor = new Session(t.app);
    const admin = await signIn(t, ADMIN);
    const pages = [
      await visitor.get('/'),
      await visitor.get('/calendar/month?year=2022&month=10'),
      await visitor.get(`/events/${created.body.id}`),
      await admin.get('/organise/events'),
      await admin.get(`/organise/events/${created.body.id}`),
      await admin.get(`/organise/events/${created.body.id}/edit`),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<b>Library</b>');
    }
    expect(pages[2]!.text).toContain('Drop-in &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(pages[5]!.text).toContain('value="Drop-in &lt;script&gt;');
  });

  it('refuses a form posted without its CSRF token, or from another site, and changes nothing', async () => {
    const admin = await signIn(t, ADMIN);
    const before = (await t.call('GET', '/api/events?limit=500')).body.page.total;
    const form = { kind: 'deadline', title: 'Forged deadline', startDate: '2022-11-01', visibility: 'public', status: 'published' };
    const noToken = await admin.request('POST', '/organise/events/new', form);
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('The form had expired or was not sent from this site');
    const page = await admin.get('/organise/events/new');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const crossSite = await admin.request(
      'POST',
      '/organise/events/new',
      { _csrf: token, ...form },
      { Origin: 'https://attacker.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('sent from another site');
    const visitor = new Session(t.app);
    const visitorToken = await visitor.request('POST', '/signin', { _csrf: 'guessed', email: ADMIN.email, password: ADMIN.password });
    expect(visitorToken.status).toBe(403);
    expect((await t.call('GET', '/api/events?limit=500')).body.page.total).toBe(before);
  });

  it('keeps the session in an HttpOnly, SameSite=Lax, Secure __Host- cookie that signing out ends', async () => {
    const session = new Session(t.app);
    const page = await session.get('/signin');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await session.request('POST', '/signin', { _csrf: token, email: ADMIN.email, password: ADMIN.password });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-sid='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    const stolen = session.cookies.get('__Host-sid')!;
    // Only a hash is stored: the database does not hold the cookie's value.
    const rows = await t.handle.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.some((r) => r.id_hash === stolen)).toBe(false);
    expect((await session.get('/organise')).status).toBe(200);
    await session.post('/signout', {}, '/organise');
    const replay = new Session(t.app);
    replay.cookies.set('__Host-sid', stolen);
    const after = await replay.get('/organise');
    expect(after.status).toBe(303);
    expect(after.headers.get('Location')).toBe('/signin?next=%2Forganise');
  });

  it('answers a wrong password and an unknown email with the same words and status', async () => {
    const wrongPassword = await new Session(t.app).post('/signin', { email: ADMIN.email, password: 'not the password at all' });
    const unknown = await new Session(t.app).post('/signin', { email: 'nobody-here@example.org', password: 'not the password at all' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)![0];
    expect(message(wrongPassword.text)).toBe(message(unknown.text));
    expect(message(unknown.text)).toContain('The email address or password is not right');
  });

  it('slows down guessing at an account without ever turning it into a lock-out', async () => {
    const email = VIEWER.email;
    const attempt = (password: string) => new Session(t.app).post('/signin', { email, password });
    for (let i = 0; i < 3; i++) expect((await attempt(`wrong guess number ${i}`)).status).toBe(401);
    // After three wrong passwords the next attempt waits 5 seconds, whatever password it brings.
    const waiting = await attempt(VIEWER.password);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('Retry-After')).toBe('5');
    expect(waiting.text).toContain('Try again in 5 seconds, or get a sign-in link by email');
    t.clock.advance(5_000);
    expect((await attempt('wrong guess number 3')).status).toBe(401);
    // Each wrong password doubles the wait: 10 seconds now.
    t.clock.advance(9_000);
    expect((await attempt(VIEWER.password)).headers.get('Retry-After')).toBe('1');
    t.clock.advance(1_000);
    expect((await attempt(VIEWER.password)).status).toBe(303);
    // A right password starts the count again.
    for (let i = 0; i < 3; i++) expect((await attempt(`another wrong guess ${i}`)).status).toBe(401);
    t.clock.advance(60_000);
    expect((await attempt(VIEWER.password)).status).toBe(303);
    // An address with no account is treated the same, so the wait reveals nothing.
    for (let i = 0; i < 3; i++) await new Session(t.app).post('/signin', { email: 'ghost@example.org', password: `guess ${i} of three` });
    expect((await new Session(t.app).post('/signin', { email: 'ghost@example.org', password: 'one more guess' })).status).toBe(429);
  });

  it('never makes an account wait more than 15 minutes between attempts, however long the guessing goes on', async () => {
    const attempt = (password: string) => new Session(t.app).post('/signin', { email: VIEWER.email, password });
    const waits: number[] = [];
    for (let i = 0; i < 30 && waits.at(-1) !== 900; i++) {
      const res = await attempt(`guess ${i} at the viewer`);
      if (res.status !== 429) continue;
      waits.push(Number(res.headers.get('Retry-After')));
      t.clock.advance(waits.at(-1)! * 1000);
    }
    expect(waits).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 900]);
    expect((await attempt(VIEWER.password)).status).toBe(303);
  });

  it('lets an organiser of one group change only that group’s events', async () => {
    const organiser = await signIn(t, IAG_ORGANISER);
    const events = (await t.call('GET', '/api/events?limit=500')).body.events;
    const iag = events.find((e: any) => e.title === 'Independent Advisory Group meeting');
    const board = events.find((e: any) => e.title === 'SaferMK Partnership Board');
    expect((await organiser.get(`/organise/events/${iag.id}/edit`)).status).toBe(200);
    const refused = await organiser.get(`/organise/events/${board.id}/edit`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('only the events of its groups');
    const cancel = await organiser.post(`/organise/events/${board.id}/cancel`, { reason: 'not mine' }, `/organise/events/${board.id}`);
    expect(cancel.status).toBe(403);
    expect((await t.call('GET', `/api/events/${board.id}`)).body.status).toBe('published');
  });

  it('lets a viewer see partner-only dates but not enter the workspace', async () => {
    const viewer = await signIn(t, VIEWER);
    const visitorList = await new Session(t.app).get('/?from=2022-10-01');
    const viewerList = await viewer.get('/?from=2022-10-01');
    expect(visitorList.text).not.toContain('Quarterly progress report due to the board');
    expect(viewerList.text).toContain('Quarterly progress report due to the board');
    expect(viewerList.text).not.toContain('Domestic homicide review');
    expect((await viewer.get('/organise')).status).toBe(403);
  });
});
