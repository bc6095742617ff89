/**
 * The per-client sign-in limits on the real Node server: the address comes from the socket (not a
 * header anyone could send), so guessing across many emails from one machine is stopped too, and
 * so is asking for sign-in links to many addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from './support/server.js';

describe('sign-in limits per client on the Node server', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer();
  });
  afterAll(() => server?.close());

  async function attempt(email: string, headers: Record<string, string> = {}, path = '/signin'): Promise<number> {
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

  it('refuses the 31st failure in 15 minutes from one address, whatever email it tries', async () => {
    for (let i = 0; i < 30; i++) {
      // A forged CF-Connecting-IP changes nothing on Node: the socket's address counts.
      expect(await attempt(`guess-${i}@example.org`, { 'CF-Connecting-IP': `203.0.113.${i}` })).toBe(401);
    }
    expect(await attempt('fresh-address@example.org')).toBe(429);
    const rows = await server.handle.store.db.selectFrom('login_attempts').select('client').distinct().execute();
    expect(rows.map((r) => r.client)).toEqual(['127.0.0.1']);
  }, 90_000);

  it('refuses the 11th sign-in link asked for in an hour from one address, so links cannot flood inboxes', async () => {
    for (let i = 0; i < 10; i++) expect(await attempt(`link-${i}@example.org`, {}, '/signin/link')).toBe(200);
    expect(await attempt('one-more@example.org', {}, '/signin/link')).toBe(429);
    // The password path is limited on its own: link requests are not wrong passwords.
    const rows = await server.handle.store.db.selectFrom('login_attempts').select('kind').where('kind', '=', 'link').execute();
    expect(rows).toHaveLength(10);
  }, 90_000);
});
