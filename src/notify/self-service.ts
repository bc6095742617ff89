/**
 * @module Anyone can ask for reminders of a kind of event, a theme or the digest: the request
 * sends a confirmation email (double opt-in), and only the signed link in it subscribes the
 * address, so nobody can sign someone else up. The confirmation goes straight to the mailer
 * (the person is waiting for it); one per address and topic per 10 minutes, so the form cannot
 * be used to flood an inbox.
 */
import { confirmEmail } from '../../emails/confirm.js';
import type { Store } from '../db/store.js';
import { KIND_LABELS, THEMES, isThemeCode } from '../domain/kinds.js';
import { splitTopic } from '../domain/reminders.js';
import type { Config } from '../config.js';
import { LinkSigner, linkUrls, signingKey } from './links.js';
import type { Mailer } from './mailer.js';

export const CONFIRM_DAYS = 7;
const THROTTLE_MS = 10 * 60_000;

export function describeTopic(topic: string): string {
  const [scope, value] = splitTopic(topic);
  if (scope === 'kind') return `${(KIND_LABELS as Record<string, string>)[value]?.toLowerCase() ?? value}s`;
  if (scope === 'theme') return isThemeCode(value) ? THEMES[value] : `events tagged “${value}”`;
  if (scope === 'digest') return 'what is coming up (a weekly digest)';
  if (scope === 'event') return 'one date you follow (such as an action you own)';
  return topic;
}

export type RequestOutcome = 'sent' | 'throttled';

export async function requestSubscription(
  deps: { store: Store; mailer: Mailer; config: Config },
  email: string,
  topic: string,
  now: Date,
): Promise<RequestOutcome> {
  const { store, config } = deps;
  const key = `confirm:${email}:${topic}`;
  const last = await store.db.selectFrom('notify_settings').select('value').where('name', '=', key).executeTakeFirst();
  if (last && now.getTime() - Date.parse(last.value) < THROTTLE_MS) return 'throttled';
  const signer = new LinkSigner(await signingKey(store, config.secretKey));
  const token = await signer.signPayload({ purpose: 'confirm', email, topic, expires: now.getTime() + CONFIRM_DAYS * 86_400_000 });
  const rendered = confirmEmail({
    partnershipName: config.partnershipName,
    what: describeTopic(topic),
    confirmUrl: linkUrls(config.publicUrl).confirm(token),
  });
  await deps.mailer.send({ from: config.mailFrom, to: [email], ...rendered, headers: { 'Auto-Submitted': 'auto-generated' } });
  await store.batch([
    store.db
      .insertInto('notify_settings')
      .values({ name: key, value: now.toISOString() })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: now.toISOString() }))
      .compile(),
  ]);
  return 'sent';
}

/** The subscription a confirmation link stands for, or why it cannot be used. */
export async function readConfirmation(
  store: Store,
  secret: string | null | undefined,
  token: string,
  now: Date,
): Promise<{ ok: true; email: string; topic: string } | { ok: false; message: string }> {
  const signer = new LinkSigner(await signingKey(store, secret));
  const payload = await signer.verifyPayload(token);
  if (!payload || payload.purpose !== 'confirm' || typeof payload.email !== 'string' || typeof payload.topic !== 'string') {
    return { ok: false, message: 'this link is not valid (it may be incomplete: try copying the whole address from the email)' };
  }
  if (typeof payload.expires !== 'number' || payload.expires < now.getTime())
    return { ok: false, message: `this link has expired (links work for ${CONFIRM_DAYS} days); please ask again` };
  return { ok: true, email: payload.email, topic: payload.topic };
}
