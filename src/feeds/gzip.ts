/**
 * @module The gzip form of a cached feed body, made once (lazily, on the first request that
 * accepts gzip) and kept beside it. Calendar clients send Accept-Encoding: gzip; a 10,000-event
 * feed shrinks about tenfold. CompressionStream exists on Node and on Workers, and runs zlib
 * off the request path's hot loop.
 */
import type { CachedFeed } from './cache.js';

const gzipped = new WeakMap<CachedFeed, Promise<Uint8Array<ArrayBuffer>>>();

export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

async function compress(body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function gzipOf(entry: CachedFeed): Promise<Uint8Array<ArrayBuffer>> {
  let promise = gzipped.get(entry);
  if (!promise) {
    promise = compress(entry.body);
    gzipped.set(entry, promise);
    promise.catch(() => gzipped.delete(entry));
  }
  return promise;
}

/** The strong ETag of the gzip representation (RFC 9110 §8.8.3: one per representation). */
export function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}
