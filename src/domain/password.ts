/**
 * @module Password hashing with scrypt. The scrypt function itself is passed in: each runtime
 * gives its native one (node:crypto, which Node and Workers with nodejs_compat both have, about
 * 40 times faster than JavaScript), and the pure-JavaScript @noble/hashes is the fallback that runs
 * anywhere. Both produce the same bytes. The parameters travel with each hash
 * ("scrypt$N$r$p$salt$key"), so the cost can be raised later and old hashes still verify.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { constantTimeEqual, fromBase64, randomBytes, toBase64 } from './secrets.js';

/** An scrypt implementation: key bytes for a password, salt and cost. */
export type ScryptFn = (password: string, salt: Uint8Array, cost: ScryptCost & { dkLen: number }) => Promise<Uint8Array>;

/** Pure JavaScript: correct everywhere, slow (seconds per hash inside workerd). */
export const portableScrypt: ScryptFn = (password, salt, cost) => scryptAsync(password, salt, cost);

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's scrypt equivalent for 16 MiB of memory (N=2^14, r=8, p=5): it fits in a Worker's
 * 128 MB; natively it takes about 0.1–0.2 s (see docs/decisions.md).
 */
export const DEFAULT_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 5 };
const KEY_BYTES = 32;

/**
 * Checked when no account has the email typed, so that sign-in takes as long as for a wrong
 * password (it must have DEFAULT_COST's parameters; a test checks). No password matches it.
 */
export const DUMMY_HASH = 'scrypt$16384$8$5$5lQRMeZuMKrS4xslTu/ALg==$iYjQZqMXEOFEtLw3U/zVBIS6DIyWV/KiS77VHT0oCiY=';

export const PASSWORD_RULES = { min: 12, max: 200 } as const;

/** What is wrong with a new password, or null. Length is what matters (NIST SP 800-63B). */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_RULES.min) return `must be at least ${PASSWORD_RULES.min} characters`;
  if (password.length > PASSWORD_RULES.max) return `must be at most ${PASSWORD_RULES.max} characters`;
  return null;
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST, scrypt: ScryptFn = portableScrypt): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, { ...cost, dkLen: KEY_BYTES });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${toBase64(salt)}$${toBase64(key)}`;
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string, scrypt: ScryptFn = portableScrypt): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  let salt: Uint8Array, expected: Uint8Array;
  try {
    salt = fromBase64(parts[4]!);
    expected = fromBase64(parts[5]!);
  } catch {
    return false;
  }
  const actual = await scrypt(password.normalize('NFKC'), salt, { N, r, p, dkLen: expected.length });
  return constantTimeEqual(actual, expected);
}
