/**
 * @module Secrets handled in one place: random tokens, base64 and base64url, the SHA-256 under
 * which a token is stored, and constant-time comparison. Web Crypto only, so Node and Workers
 * agree byte for byte. API tokens, private feed addresses, session ids, CSRF tokens, e-mailed
 * sign-in links, link-signing keys and password salts all come from here.
 */

/** `count` bytes from the platform's cryptographically secure generator. */
export function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** Standard base64 (RFC 4648 §4), with padding. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the call stack for large inputs.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes standard base64; throws on text that is not base64. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** URL- and filename-safe base64 without padding (RFC 4648 §5), for tokens in URLs and cookies. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url with or without padding; throws on text that is not base64url. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new Error('not base64url');
  const bare = text.replace(/=+$/, '');
  return fromBase64(bare.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (bare.length % 4)) % 4));
}

/**
 * A random secret as base64url: 32 bytes (256 bits, 43 characters) unless told otherwise, with an
 * optional prefix that says what it is (`sct_` API token, `scf_` private feed).
 */
export function randomToken(bytes = 32, prefix = ''): string {
  return prefix + toBase64Url(randomBytes(bytes));
}

/**
 * How a token is kept at rest: SHA-256 as 64 lower-case hex digits. A fast hash is enough for a
 * random token (there is no dictionary to guess from), unlike a password (see password.ts).
 */
export async function hashToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Equal contents, compared in time that depends only on the length, so an attacker timing
 * answers learns nothing about how much of a guess was right. Empty values never match.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === 'string' ? new TextEncoder().encode(a) : a;
  const y = typeof b === 'string' ? new TextEncoder().encode(b) : b;
  if (x.length !== y.length || x.length === 0) return false;
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= x[i]! ^ y[i]!;
  return difference === 0;
}
