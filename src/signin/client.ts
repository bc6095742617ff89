/** @module What a sign-in request says about where it comes from and where it goes next. */
import type { Context } from 'hono';
import type { WebEnv } from '../http/web/env.js';

/** Where to go after signing in: only a path on this site (never //elsewhere or a full URL). */
export function safeNext(next: string | undefined, fallback: string): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : fallback;
}

/** The runtime says who is connecting (Node: the socket's address; Workers: Cloudflare's header). */
export function clientOf(c: Context<WebEnv>): string | null {
  try {
    return c.get('deps').clientAddress?.(c) ?? null;
  } catch {
    // Not knowing the address only loses the per-client limits; the per-account ones still hold.
    return null;
  }
}
