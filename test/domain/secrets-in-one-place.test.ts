/**
 * Secrets are handled in one module (src/domain/secrets.ts): every token the service issues is
 * random, URL-safe and stored only as the SHA-256 that module computes, and no other module
 * generates randomness, encodes base64 or compares secrets by hand.
 */
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedSubscription } from '../../src/db/feed-subscriptions.js';
import { createToken } from '../../src/db/tokens.js';
import { createSession, createUser } from '../../src/db/users.js';
import { hashPassword, verifyPassword } from '../../src/domain/password.js';
import { constantTimeEqual, fromBase64Url, hashToken, randomToken, toBase64Url } from '../../src/domain/secrets.js';
import { LinkSigner } from '../../src/notify/links.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from '../web/support/cost.js';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('secrets handling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: false });
  });
  afterAll(() => t.close());

  it('lives in one module: nothing else draws random bytes, encodes base64 or compares secrets itself', () => {
    const handRolled = /getRandomValues|\bbtoa\(|\batob\(|subtle\.digest|timingSafeEqual|charCodeAt\(i\) \^/;
    // The feed ETag is a hash of public content, not of a secret.
    const contentHashes = ['feeds/build.ts'];
    const offenders = sourceFiles(SRC)
      .map((path) => relative(SRC, path))
      .filter((path) => path !== 'domain/secrets.ts' && !contentHashes.includes(path))
      .filter((path) => handRolled.test(readFileSync(join(SRC, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('encodes base64url as RFC 4648 §5 does, and reads it back', () => {
    for (const size of [0, 1, 2, 3, 31, 32, 33, 10_000]) {
      const bytes = new Uint8Array(nodeRandomBytes(size));
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(() => fromBase64Url('not/base64url+')).toThrow();
  });

  it('issues 256-bit URL-safe tokens, each different', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('compares in constant time and never matches empty or different-length values', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  });

  it('stores API tokens, private feed tokens and session ids only as their SHA-256', async () => {
    const store = t.handle.store;
    const ctx = { actor: 'test', now: t.clock() };
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(await hashToken('sct_example')).toBe(sha256('sct_example'));

    const { token, record } = await createToken(store, 'secrets-test', 'organiser', ctx);
    const apiRow = await store.db.selectFrom('api_tokens').select('token_hash').where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(apiRow.token_hash).toBe(sha256(token));

    const feed = await createFeedSubscription(store, { email: 'iag-member@example.org', label: 'IAG member' }, ctx);
    const feedRow = await store.db
      .selectFrom('feed_subscriptions')
      .select('token_hash')
      .where('id', '=', feed.subscription.id)
      .executeTakeFirstOrThrow();
    expect(feedRow.token_hash).toBe(sha256(feed.token));

    const user = await createUser(
      store,
      {
        email: 'secrets-admin@example.org',
        role: 'admin',
        passwordHash: await hashPassword('a long test passphrase', TEST_COST),
        groupIds: [],
      },
      ctx,
    );
    const { sessionId } = await createSession(store, user, ctx);
    const sessions = await store.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
    expect(sessions.map((s) => s.id_hash)).toEqual([sha256(sessionId)]);
    for (const secret of [token, feed.token, sessionId])
      expect(JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute())).not.toContain(secret);
  });

  it('verifies a password hash and a signed link, and refuses altered ones', async () => {
    const hash = await hashPassword('a long test passphrase', TEST_COST);
    expect(await verifyPassword('a long test passphrase', hash)).toBe(true);
    expect(await verifyPassword('a long test passphrasE', hash)).toBe(false);
    expect(await verifyPassword('a long test passphrase', hash.replace(/\$[^$]+$/, '$not*base64'))).toBe(false);
    const signer = new LinkSigner('a test signing key');
    const link = await signer.sign({ personId: 'person-1', deliveryId: 'delivery-1' });
    expect(await signer.verify(link)).toEqual({ personId: 'person-1', deliveryId: 'delivery-1' });
    const altered = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A');
    expect(await signer.verify(altered)).toBeNull();
  });
});
