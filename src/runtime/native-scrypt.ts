/**
 * @module The native scrypt of node:crypto, for password hashing. Node has it, and so do Workers
 * with the nodejs_compat flag (wrangler.toml); both runtimes pass it to the app, which otherwise
 * falls back to a pure-JavaScript scrypt about 40 times slower (docs/decisions.md).
 */
import { scrypt } from 'node:crypto';
import type { ScryptFn } from '../domain/password.js';

export const nativeScrypt: ScryptFn = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r * p bytes plus slack, or OpenSSL refuses the cost.
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 256 * N * r + 32 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength)),
    );
  });
