/**
 * @module Meeting documents in a Cloudflare R2 bucket (wrangler.toml [[r2_buckets]], binding
 * DOCUMENTS). Depends on the few R2 methods it uses, not on @cloudflare/workers-types.
 */
import type { DocumentStorage } from '../meetings/storage.js';

/** The subset of an R2Bucket binding used here. */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null>;
  delete(key: string): Promise<void>;
}

export function r2DocumentStorage(bucket: R2BucketLike, name = 'DOCUMENTS'): DocumentStorage {
  return {
    description: `the R2 bucket bound as ${name}`,
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      return object ? { body: object.body, size: object.size } : null;
    },
    async delete(key) {
      await bucket.delete(key);
    },
  };
}
