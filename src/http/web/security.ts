/**
 * @module Security headers. The pages use no scripts at all and only the stylesheet served from
 * this origin, so the Content-Security-Policy can forbid everything else; every page works
 * without JavaScript. The policy goes on HTML answers only, unless a route set its own.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../deps.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const h = c.res.headers;
  const set = (name: string, value: string) => {
    try {
      if (!h.has(name)) h.set(name, value);
    } catch {
      // A Response with immutable headers (Response.redirect) keeps what it has.
    }
  };
  set('X-Content-Type-Options', 'nosniff');
  set('Referrer-Policy', 'strict-origin-when-cross-origin');
  // A page whose own policy lets named sites frame it (/embed) must not be refused by the older
  // header; every other answer keeps both refusals.
  if (!/frame-ancestors (?!'none')/.test(h.get('Content-Security-Policy') ?? '')) set('X-Frame-Options', 'DENY');
  set('Cross-Origin-Opener-Policy', 'same-origin');
  set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (c.get('deps').config.publicUrl.startsWith('https:')) set('Strict-Transport-Security', 'max-age=31536000');
  if ((h.get('Content-Type') ?? '').startsWith('text/html')) set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
});
