/** The runtime's native scrypt and the portable one are interchangeable: a hash made by either verifies with the other. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST, hashPassword, portableScrypt, verifyPassword } from '../../src/domain/password.js';
import { nativeScrypt } from '../../src/runtime/native-scrypt.js';

describe('native and portable scrypt', () => {
  it('derive the same key for the same password, salt and cost', async () => {
    const salt = new TextEncoder().encode('a fixed test salt');
    const cost = { ...DEFAULT_COST, dkLen: 32 };
    expect(await nativeScrypt('correct horse battery staple', salt, cost)).toEqual(
      await portableScrypt('correct horse battery staple', salt, cost),
    );
  });

  it('verify each other’s hashes, and refuse a wrong password', async () => {
    const native = await hashPassword('quarterly board in the chamber', undefined, nativeScrypt);
    const portable = await hashPassword('quarterly board in the chamber');
    expect(await verifyPassword('quarterly board in the chamber', native)).toBe(true);
    expect(await verifyPassword('quarterly board in the chamber', portable, nativeScrypt)).toBe(true);
    expect(await verifyPassword('quarterly board in the chamber!', native, nativeScrypt)).toBe(false);
  });
});
