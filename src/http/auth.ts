/**
 * @module Bearer-token authentication for the organisers' API. A missing token makes the caller
 * anonymous; a wrong or revoked one is refused outright rather than quietly downgraded, so a
 * partner whose token was revoked sees an error, not a mysteriously shorter calendar.
 */
import { createMiddleware } from 'hono/factory';
import { verifyToken } from '../db/tokens.js';
import { ANONYMOUS, ORGANISER } from '../domain/visibility.js';
import type { AppEnv } from './deps.js';
import { HttpError } from './errors.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="safercal"' };

export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('Authorization');
  c.set('viewer', ANONYMOUS);
  c.set('actor', 'anonymous');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, [{ field: 'Authorization', message: 'must be "Bearer <token>"' }], CHALLENGE);
    const { store, clock } = c.get('deps');
    const token = await verifyToken(store, match[1]!, clock());
    if (!token) throw new HttpError(401, [{ field: 'Authorization', message: 'token is not valid or has been revoked' }], CHALLENGE);
    c.set('viewer', ORGANISER);
    c.set('actor', `token:${token.name}`);
  }
  await next();
});

export const requireOrganiser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('viewer').organiser) {
    throw new HttpError(
      401,
      [{ field: 'Authorization', message: 'an organiser token is required (create one with: npm run cli -- token create <name>)' }],
      CHALLENGE,
    );
  }
  await next();
});
