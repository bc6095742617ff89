/**
 * @module The gzip form of a cached feed body, made once (on the first request that accepts
 * gzip) and kept beside it. Calendar clients send Accept-Encoding: gzip; a 10,000-event feed
 * shrinks about tenfold. CompressionStream exists on Node and on Workers and compresses off the
 * JavaScript thread. A small body waits for its gzip form (a millisecond); a large one just
 * rebuilt goes out uncompressed until its gzip form is ready, so the first request after an edit
 * does not wait for a 6 MB compression.
 */
import type { FeedBody } from './build.js';
import type { CachedFeed } from './cache.js';

/** Bodies up to this size wait for their gzip form; larger ones are served as they are meanwhile. */
const WAIT_FOR_GZIP_BYTES = 1024 * 1024;

const gzipped = new WeakMap<CachedFeed, Promise<Uint8Array<ArrayBuffer>>>();
const done = new WeakMap<CachedFeed, Uint8Array<ArrayBuffer>>();

export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** Bytes handed to the compressor at a time: views of the body, never a copy of it. */
const CHUNK_BYTES = 256 * 1024;

async function compress(body: FeedBody): Promise<Uint8Array<ArrayBuffer>> {
  // Fed as views, one per pull: `new Blob([body])` copied the whole body first, in one
  // synchronous step (a 53 MB feed at 100k events held the event loop ~0.3-0.8 s for it).
  let chunk = 0;
  let offset = 0;
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      while (chunk < body.length && offset >= body[chunk]!.byteLength) {
        chunk++;
        offset = 0;
      }
      if (chunk >= body.length) return controller.close();
      const bytes = body[chunk]!;
      const end = Math.min(offset + CHUNK_BYTES, bytes.byteLength);
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
  return new Uint8Array(await new Response(source.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

/** The gzip form of the entry's body, made once. */
export function gzipOf(entry: CachedFeed): Promise<Uint8Array<ArrayBuffer>> {
  let promise = gzipped.get(entry);
  if (!promise) {
    promise = compress(entry.body);
    gzipped.set(entry, promise);
    promise.then(
      (bytes) => done.set(entry, bytes),
      () => gzipped.delete(entry),
    );
  }
  return promise;
}

/**
 * The gzip form if it is ready or the body is small enough to wait for; otherwise null (serve
 * the body as it is), with the compression started for the requests that follow.
 */
export async function gzipReady(entry: CachedFeed): Promise<Uint8Array<ArrayBuffer> | null> {
  const ready = done.get(entry);
  if (ready) return ready;
  const promise = gzipOf(entry);
  if (entry.bytes <= WAIT_FOR_GZIP_BYTES) return promise;
  promise.catch(() => {});
  return null;
}

/** The strong ETag of the gzip representation (RFC 9110 §8.8.3: one per representation). */
export function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}
