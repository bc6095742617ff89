/**
 * @module Signed links in emails: one-click unsubscribe, preferences and "send apologies". A link
 * carries its meaning in clear (who, which email) plus an HMAC-SHA256 over it,
 * so nothing is stored per email and a link cannot be guessed or altered. The HMAC is computed
 * synchronously in JavaScript (@noble/hashes, the same bytes as Web Crypto's HMAC-SHA256, on Node
 * and Workers alike): a reminder pass signs one token per email, and Web Crypto's asynchronous
 * sign() costs a thread-pool round trip each time, more than the hash itself. The key is SECRET_KEY, or one generated on first use and
 * kept in the database (notify_settings) so a new install needs no setup.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Store } from '../db/store.js';
import { constantTimeEqual, fromBase64Url, randomToken, toBase64Url } from '../domain/secrets.js';

/**
 * One token per email: who it was sent to and which delivery it was. The delivery says which
 * event, occurrence and topics the email was about, so the same token serves the unsubscribe,
 * preferences and apology links of that email (and costs one HMAC per email, not three).
 */
export interface LinkClaim {
  personId: string;
  deliveryId: string;
}

/** The notify_settings row holding the key generated when SECRET_KEY is not set (it signs every e-mail's links). */
export const GENERATED_KEY = 'signing_key';

/** The signing key: configured, or generated once and persisted (first writer wins on a race). */
export async function signingKey(store: Store, configured: string | null | undefined): Promise<string> {
  if (configured) return configured;
  const existing = await store.db.selectFrom('notify_settings').select('value').where('name', '=', GENERATED_KEY).executeTakeFirst();
  if (existing) return existing.value;
  const fresh = randomToken(32);
  await store.batch([
    store.db
      .insertInto('notify_settings')
      .values({ name: GENERATED_KEY, value: fresh })
      .onConflict((oc) => oc.column('name').doNothing())
      .compile(),
  ]);
  const row = await store.db.selectFrom('notify_settings').select('value').where('name', '=', GENERATED_KEY).executeTakeFirstOrThrow();
  return row.value;
}

export class LinkSigner {
  /** HMAC-SHA256 keyed once; each signature clones the keyed state instead of re-hashing the key. */
  private readonly keyed: ReturnType<typeof hmac.create>;
  constructor(secret: string) {
    this.keyed = hmac.create(sha256, new TextEncoder().encode(secret));
  }

  private mac(body: string): string {
    return toBase64Url(this.keyed.clone().update(new TextEncoder().encode(body)).digest()).slice(0, 32);
  }

  async sign(claim: LinkClaim): Promise<string> {
    return this.signPayload(claim);
  }

  /** Any small JSON payload (the subscription confirmation link signs {email, topic, expires}). */
  async signPayload(payload: object): Promise<string> {
    const body = toBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
    return `${body}.${this.mac(body)}`;
  }

  /** The claim of a genuine token, or null for anything forged, altered or malformed. */
  async verify(token: string): Promise<LinkClaim | null> {
    const claim = (await this.verifyPayload(token)) as LinkClaim | null;
    return claim && typeof claim.personId === 'string' && typeof claim.deliveryId === 'string' ? claim : null;
  }

  async verifyPayload(token: string): Promise<Record<string, unknown> | null> {
    const m = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{32})$/.exec(token);
    if (!m) return null;
    if (!constantTimeEqual(this.mac(m[1]!), m[2]!)) return null;
    try {
      const payload = JSON.parse(new TextDecoder().decode(fromBase64Url(m[1]!))) as unknown;
      return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
}

/**
 * The addresses people click, under PUBLIC_URL: pages of the web app (src/member-reminders). The
 * unsubscribe address is also the RFC 8058 one-click address of the List-Unsubscribe header.
 */
export function linkUrls(publicUrl: string) {
  return {
    unsubscribe: (token: string) => `${publicUrl}/email/unsubscribe/${token}`,
    preferences: (token: string) => `${publicUrl}/email/preferences/${token}`,
    apology: (token: string) => `${publicUrl}/email/apologies/${token}`,
    confirm: (token: string) => `${publicUrl}/email/confirm/${token}`,
  };
}
