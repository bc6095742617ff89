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
