/**
 * @module Signed links in emails: one-click unsubscribe, preferences and "send apologies". A link
 * carries its meaning in clear (who, which email) plus an HMAC-SHA256 over it,
 * so nothing is stored per email and a link cannot be guessed or altered. Web Crypto only, so the
 * same code runs on Node and Workers. The key is SECRET_KEY, or one generated on first use and
 * kept in the database (notify_settings) so a new install needs no setup.
 */
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

const GENERATED_KEY = 'signing_key';

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
  private keyPromise: Promise<CryptoKey>;
  constructor(secret: string) {
    this.keyPromise = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  }

  async sign(claim: LinkClaim): Promise<string> {
    return this.signPayload(claim);
  }

  /** Any small JSON payload (the subscription confirmation link signs {email, topic, expires}). */
  async signPayload(payload: object): Promise<string> {
    const body = toBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
    const mac = await crypto.subtle.sign('HMAC', await this.keyPromise, new TextEncoder().encode(body));
    return `${body}.${toBase64Url(new Uint8Array(mac)).slice(0, 32)}`;
  }

  /** The claim of a genuine token, or null for anything forged, altered or malformed. */
  async verify(token: string): Promise<LinkClaim | null> {
    const claim = (await this.verifyPayload(token)) as LinkClaim | null;
    return claim && typeof claim.personId === 'string' && typeof claim.deliveryId === 'string' ? claim : null;
  }

  async verifyPayload(token: string): Promise<Record<string, unknown> | null> {
    const m = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{32})$/.exec(token);
    if (!m) return null;
    const mac = await crypto.subtle.sign('HMAC', await this.keyPromise, new TextEncoder().encode(m[1]));
    if (!constantTimeEqual(toBase64Url(new Uint8Array(mac)).slice(0, 32), m[2]!)) return null;
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
