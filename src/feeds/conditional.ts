/**
 * @module HTTP conditional requests for feeds (RFC 9110 §13): calendar clients poll every hour,
 * and most send If-None-Match or If-Modified-Since, so a 304 is the common answer.
 */

/** True when the client's copy is current. If-None-Match, when present, decides alone. */
export function isNotModified(header: (name: string) => string | undefined, current: { etag: string; lastModified: number }): boolean {
  const ifNoneMatch = header('If-None-Match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    // Weak comparison: proxies that compress may hand the tag back as W/"...".
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === current.etag);
  }
  const ifModifiedSince = header('If-Modified-Since');
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && current.lastModified <= since;
  }
  return false;
}

/**
 * The Last-Modified (ms, a whole second) of a body whose newest input changed at `changedMs` (ms): the
 * END of that second, not its start. HTTP dates count whole seconds, so a copy sent earlier in the
 * same second as a change carries the same date as the changed body, and a client revalidating with
 * If-Modified-Since alone would be told its stale copy is current (RFC 9110 §8.8.2.2, §13.1.3).
 * An instant already on a second (as fake clocks and most seeds write) is its own end.
 */
export function lastModifiedAfter(changedMs: number): number {
  return Math.ceil(changedMs / 1000) * 1000;
}

/**
 * The Last-Modified date to send at `nowMs` (ms) for a body last modified at `lastModified` (ms):
 * never later than the response's own time (RFC 9110 §8.8.2.1), so within a change's second the
 * header says the start of the second while `isNotModified` compares with its end; the client's
 * next revalidation then gets the body once more, with the later date, and 304s after that.
 */
export function lastModifiedToSend(lastModified: number, nowMs: number): number {
  return Math.min(lastModified, Math.floor(nowMs / 1000) * 1000);
}

/** A strong ETag for these bytes: the first 128 bits of their SHA-256, quoted (RFC 9110 §8.8.3). */
export async function strongEtag(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return `"${hex}"`;
}

/**
 * The SHA-256 of public content (a feed's normalised filters, for the short filter ids of
 * feeds/filter-sets.ts). Not for secrets: those are src/domain/secrets.ts'.
 */
export async function contentDigest(content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', content));
}
