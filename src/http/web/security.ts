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

/**
 * The headers securityHeaders adds to an answer of this content type that sets none of them
 * itself and carries no Content-Security-Policy of its own: for a route that keeps its headers
 * with its body (the feeds, ADR 221) and tells the middleware so through `headersKept`.
 */
export function securityHeaderRecord(publicUrl: string, contentType: string): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(publicUrl.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
    ...(contentType.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
  };
}

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Touching c.res.headers turns a kept body's light answer into a web Headers object and back
  // (a third of a warm 1k feed GET's own CPU): a route that carries these headers says so.
  if (c.get('headersKept')?.security) return;
  const h = c.res.headers;
  const set = (name: string, value: string) => {
    try {
      if (!h.has(name)) h.set(name, value);
    } catch {
      // A Response with immutable headers (Response.redirect) keeps what it has.
    }
  };
  // A page whose own policy lets named sites frame it (/embed) must not be refused by the older
  // header; every other answer keeps both refusals.
  const framedBy = /frame-ancestors (?!'none')/.test(h.get('Content-Security-Policy') ?? '');
  for (const [name, value] of Object.entries(securityHeaderRecord(c.get('deps').config.publicUrl, h.get('Content-Type') ?? ''))) {
    if (name !== 'X-Frame-Options' || !framedBy) set(name, value);
  }
});
