/**
 * @module Short stable ids for filter choices, so every feed address fits Google Calendar, which
 * drops subscription addresses over 256 characters. An address that fits keeps its readable
 * filters (?theme=C2&kind=meeting); one that would not is given `?f=<id>`, where the id is the
 * first 12 characters of the SHA-256 (base64url) of the normalised filters: the same choice always
 * gets the same id, on any server, and storing it twice is harmless.
 */
import type { Store } from '../db/store.js';
import { stamp } from '../db/store.js';
import type { FieldError } from '../domain/validation.js';
import { toBase64Url } from '../domain/secrets.js';
import { contentDigest } from './conditional.js';
import { queryString, readFeedQuery, type FeedQuery } from './filter.js';

/** Google Calendar's limit on a subscription address (https or webcal), in characters. */
export const MAX_FEED_URL = 256;

const ID = /^[A-Za-z0-9_-]{12}$/;

async function idOf(normalised: string): Promise<string> {
  return toBase64Url(await contentDigest(new TextEncoder().encode(normalised))).slice(0, 12);
}

/**
 * The address of a feed with these filters: `base` plus the readable query when the result, as
 * https and as webcal, is at most MAX_FEED_URL characters; else `base?f=<id>` (stored first).
 * `base` is the feed's full address without a query, e.g. https://…/feeds/public.ics.
 */
export async function feedAddress(store: Store, base: string, query: FeedQuery, now: Date): Promise<{ url: string; short: boolean }> {
  const readable = `${base}${queryString(query)}`;
  if (readable.replace(/^https?:\/\//, 'webcal://').length <= MAX_FEED_URL) return { url: readable, short: false };
  const normalised = queryString(query).slice(1);
  const id = await idOf(normalised);
  await store.batch([
    store.db
      .insertInto('feed_filter_sets')
      .values({ id, query: normalised, created_at: stamp(now) })
      .onConflict((oc) => oc.doNothing())
      .compile(),
  ]);
  return { url: `${base}?f=${id}`, short: true };
}

/**
 * The filters of a request: its own (?theme=…&kind=…) together with those of a stored choice
 * (?f=<id>), or the errors naming what is wrong.
 */
export async function resolveFeedQuery(
  store: Store,
  values: (name: string) => string[],
): Promise<{ ok: true; query: FeedQuery } | { ok: false; errors: FieldError[] }> {
  const read = readFeedQuery(values);
  const ids = values('f');
  if (!read.ok || !ids.length) return read;
  if (ids.length > 1 || !ID.test(ids[0]!))
    return { ok: false, errors: [{ field: 'f', message: 'must be one short code from a subscribe page' }] };
  const row = await store.db.selectFrom('feed_filter_sets').select('query').where('id', '=', ids[0]!).executeTakeFirst();
  if (!row) {
    return {
      ok: false,
      errors: [{ field: 'f', message: 'is not a filter choice this calendar knows; make a new address on the subscribe page' }],
    };
  }
  const stored = new URLSearchParams(row.query);
  return readFeedQuery((name) => [...values(name), ...stored.getAll(name)]);
}
