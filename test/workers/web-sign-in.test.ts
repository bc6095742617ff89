/**
 * Signing in inside workerd, on D1: the Worker's native scrypt (node:crypto under nodejs_compat)
 * checks a password of the real cost, the session row is written through D1, and the workspace
 * opens with the session cookie. The same code as on Node.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { nativeScrypt } from '../../src/runtime/native-scrypt.js';
import worker from '../../src/runtime/worker.js';
import { store } from './support.js';

const ORIGIN = 'https://calendar.example.org';

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('signing in on the Worker', () => {
  it('checks an scrypt password, starts a session in D1 and opens the workspace', async () => {
    await createUser(
      store,
      {
        email: 'worker-admin@example.org',
        role: 'admin',
        passwordHash: await hashPassword('correct horse battery staple', undefined, nativeScrypt),
        groupIds: [],
      },
      { actor: 'test', now: new Date() },
    );
    const form = await send('/signin', { headers: { Accept: 'text/html' } });
    const visitorCookie = cookiesOf(form);
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;

    const wrong = await send('/signin', {
      method: 'POST',
      headers: { Cookie: visitorCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, email: 'worker-admin@example.org', password: 'not the password' }).toString(),
    });
    expect(wrong.status).toBe(401);

    const signedIn = await send('/signin', {
      method: 'POST',
      headers: { Cookie: visitorCookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, email: 'worker-admin@example.org', password: 'correct horse battery staple' }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('__Host-sid='))!;
    expect(session).toMatch(/HttpOnly/);
    const rows = await env.DB.prepare('SELECT count(*) AS n FROM sessions').all<{ n: number }>();
    expect(rows.results![0]!.n).toBeGreaterThan(0);

    const workspace = await send('/organise', { headers: { Accept: 'text/html', Cookie: session.split(';')[0]! } });
    expect(workspace.status).toBe(200);
    expect(await workspace.text()).toContain('Signed in as worker-admin@example.org');
  });
});
