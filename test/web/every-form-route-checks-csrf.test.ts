/**
 * Security by default, checked by enumerating the app's own routes: every route outside the API
 * that takes an unsafe method (POST, PUT, PATCH, DELETE) refuses a request without this site's
 * CSRF token, even from a signed-in browser, unless it is named in CSRF_EXEMPT with its reason.
 * A page added tomorrow is covered without anyone remembering to list it. And a session cookie
 * alone changes nothing through the API, which answers only to bearer tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { CSRF_EXEMPT, isApiPath } from '../../src/http/web/index.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('CSRF protection of every form route', () => {
  let t: TestApp;
  let admin: Session;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    await createUser(
      t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: t.clock() },
    );
    admin = new Session(t.app);
    expect((await admin.post('/signin', { email: ADMIN.email, password: ADMIN.password })).status).toBe(303);
    const seen = new Set<string>();
    routes = t.app.routes
      .filter((r) => UNSAFE.has(r.method))
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  });
  afterAll(() => t.close());

  /** A concrete address for a route pattern: every parameter becomes a plausible value. */
  const concrete = (path: string) => path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, 'x1');

  it('finds the form routes to check (so a pass means something)', () => {
    const pages = routes.filter((r) => !isApiPath(r.path)).map((r) => `${r.method} ${r.path}`);
    expect(pages.length).toBeGreaterThan(25);
    expect(pages).toEqual(expect.arrayContaining(['POST /organise/events/new', 'POST /reminders', 'POST /account/forgot-password']));
    for (const exempt of CSRF_EXEMPT) expect(pages).toContain(`${exempt.method} ${exempt.path}`);
  });

  it('refuses every unsafe request outside the API without the CSRF token, except the routes named exempt', async () => {
    const exempt = new Set(CSRF_EXEMPT.map((e) => `${e.method} ${e.path}`));
    const unprotected: string[] = [];
    for (const route of routes.filter((r) => !isApiPath(r.path))) {
      const res = await admin.request(route.method, concrete(route.path), { note: 'forged', email: 'someone@example.org' });
      const refused = res.status === 403 && res.text.includes('The form had expired or was not sent from this site');
      if (!refused && !exempt.has(`${route.method} ${route.path}`))
        unprotected.push(`${route.method} ${route.path} answered ${res.status}`);
    }
    expect(unprotected).toEqual([]);
  });

  it('changes nothing through the API with a session cookie alone (no bearer token)', async () => {
    const changed: string[] = [];
    const before = await t.handle.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const route of routes.filter((r) => isApiPath(r.path))) {
      const res = await admin.request(route.method, concrete(route.path), undefined, { 'Content-Type': 'application/json' });
      if (res.status < 400 && route.path !== '/api/email/subscribe') changed.push(`${route.method} ${route.path} answered ${res.status}`);
    }
    expect(changed).toEqual([]);
    const after = await t.handle.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
