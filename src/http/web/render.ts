/** @module Sending a page: the doctype, the HTML, the status; and the context every layout needs. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PageContext } from '../pages/layout.js';
import type { WebEnv } from './env.js';

/** Where the pages send people to subscribe (our layout around the feeds module's links). */
export const SUBSCRIBE_URL: string | null = '/feeds';

export function pageContext(c: Context<WebEnv>): PageContext {
  return {
    partnershipName: c.get('deps').config.partnershipName,
    user: c.get('user'),
    csrf: c.get('csrf'),
    path: c.req.path,
    subscribeUrl: SUBSCRIBE_URL,
  };
}

export function render(c: Context<WebEnv>, page: unknown, status: ContentfulStatusCode = 200): Response {
  c.header('Cache-Control', c.get('user') ? 'private, no-store' : 'no-cache');
  return c.html(`<!doctype html>${String(page)}`, status);
}
