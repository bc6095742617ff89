/**
 * The per-client sign-in limits on the real Node server: the address comes from the socket (not a
 * header anyone could send), so guessing across many emails from one machine is stopped too, and
 * so is asking for sign-in links to many addresses. Behind load balancers named in TRUSTED_PROXIES
 * (and only there), the address they forward in X-Forwarded-For counts instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { trustedProxiesFromEnv } from '../../src/runtime/node-client-address.js';
import { TEST_COST } from './support/cost.js';
import { startWebServer, type WebServer } from './support/server.js';

/**
 * The emails the 30 wrong passwords are typed for: three with no account behind them (checked
 * against the dummy hash, at the real cost) and 27 viewers' accounts hashed at TEST_COST. The
 * limit counts both alike (src/signin/limits.ts); 27 checks at the real cost took ~6 CPU-s a
 * describe block (ADR 263).
 */
async function guessedEmails(server: WebServer): Promise<string[]> {
  const emails = Array.from({ length: 30 }, (_, i) => `guess-${i}@example.org`);
  const passwordHash = await hashPassword('the right password of a viewer', TEST_COST);
  for (const email of emails.slice(3))
    await createUser(
      server.handle.store,
      { email, role: 'viewer', passwordHash, groupIds: [] },
      { actor: 'test-setup', now: server.clock() },
    );
  return emails;
}

async function attempt(server: WebServer, email: string, headers: Record<string, string> = {}, path = '/signin'): Promise<number> {
  const form = await fetch(`${server.url}${path}`);
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: token, email, password: 'a guess that is wrong' }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('sign-in limits per client on the Node server', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server?.close());

  it('refuses the 31st failure in 15 minutes from one address, whatever email it tries', async () => {
    const emails = await guessedEmails(server);
    for (let i = 0; i < 30; i++) {
      // A forged CF-Connecting-IP or X-Forwarded-For changes nothing on Node without TRUSTED_PROXIES:
      // the socket's address counts.
      const forged = { 'CF-Connecting-IP': `203.0.113.${i}`, 'X-Forwarded-For': `198.51.100.${i}` };
      expect(await attempt(server, emails[i]!, forged)).toBe(401);
    }
    expect(await attempt(server, 'fresh-address@example.org', { 'X-Forwarded-For': '198.51.100.200' })).toBe(429);
    const rows = await server.handle.store.db.selectFrom('login_attempts').select('client').distinct().execute();
    expect(rows.map((r) => r.client)).toEqual(['127.0.0.1']);
  }, 90_000);

  it('refuses the 11th sign-in link asked for in an hour from one address, so links cannot flood inboxes', async () => {
    for (let i = 0; i < 10; i++) expect(await attempt(server, `link-${i}@example.org`, {}, '/signin/link')).toBe(200);
    expect(await attempt(server, 'one-more@example.org', {}, '/signin/link')).toBe(429);
    // The password path is limited on its own: link requests are not wrong passwords.
    const rows = await server.handle.store.db.selectFrom('login_attempts').select('kind').where('kind', '=', 'link').execute();
    expect(rows).toHaveLength(10);
  }, 90_000);
});

describe('sign-in limits behind a load balancer named in TRUSTED_PROXIES', () => {
  let server: WebServer;
  beforeAll(async () => {
    // The test's requests come from loopback, as nginx's would on the same machine.
    server = await startWebServer({ env: { TRUSTED_PROXIES: 'loopback' } });
  });
  afterAll(() => server?.close());

  it('counts each forwarded client on its own, so one guesser does not lock out everyone behind the balancer', async () => {
    // nginx appends the address it saw: a client's own X-Forwarded-For entries come first and are not believed.
    const guesser = { 'X-Forwarded-For': '192.0.2.66, 203.0.113.7' };
    for (const email of await guessedEmails(server)) expect(await attempt(server, email, guesser)).toBe(401);
    expect(await attempt(server, 'fresh-address@example.org', guesser)).toBe(429);
    // Another visitor behind the same balancer is still asked for a password, not refused.
    expect(await attempt(server, 'fresh-address@example.org', { 'X-Forwarded-For': '203.0.113.8' })).toBe(401);
    const rows = await server.handle.store.db.selectFrom('login_attempts').select('client').distinct().orderBy('client').execute();
    expect(rows.map((r) => r.client)).toEqual(['203.0.113.7', '203.0.113.8']);
  }, 90_000);

  it('refuses to start with an entry that is not an address, a subnet or a known name, naming it', () => {
    expect(trustedProxiesFromEnv({ TRUSTED_PROXIES: '10.0.0.0/8, loopback' })).toEqual(['10.0.0.0/8', 'loopback']);
    expect(trustedProxiesFromEnv({ TRUSTED_PROXIES: '' })).toBeNull();
    expect(() => trustedProxiesFromEnv({ TRUSTED_PROXIES: '10.0.0.0/8 nginx.internal' })).toThrow(
      /TRUSTED_PROXIES: "nginx.internal" is not/,
    );
  });
});
