/**
 * @module Anyone can ask for reminders of kinds of event, themes, a group's public meetings or the
 * digest (several at once): the request
 * sends a confirmation email (double opt-in), and only the signed link in it subscribes the
 * address, so nobody can sign someone else up. The confirmation goes straight to the mailer
 * (the person is waiting for it); one per address and choice per 10 minutes, so the form cannot
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

/** A topic in words: "campaign weeks", "Hate crime", "meetings of SaferMK Partnership Board". */
export function describeTopic(topic: string, groupNames: ReadonlyMap<string, string> = new Map()): string {
  const [scope, value] = splitTopic(topic);
  if (scope === 'kind') return `${(KIND_LABELS as Record<string, string>)[value]?.toLowerCase() ?? value}s`;
  if (scope === 'theme') return isThemeCode(value) ? THEMES[value] : `events tagged “${value}”`;
  if (scope === 'digest') return 'what is coming up (a weekly digest)';
  if (scope === 'group') return `public meetings of ${groupNames.get(value) ?? 'a group'}`;
  if (scope === 'event') return 'one date you follow (such as an action you own)';
  return topic;
}

const SCOPE_ORDER = ['theme', 'kind', 'group', 'digest'];

/** Topics in the order people read them: themes, kinds of event, groups' meetings, the digest; no repeats. */
export function orderTopics(topics: string[]): string[] {
  const rank = (t: string) => SCOPE_ORDER.indexOf(splitTopic(t)[0]);
  return [...new Set(topics)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Several topics in one phrase: "Hate crime, campaign weeks and what is coming up (a weekly digest)". */
export function describeTopics(topics: string[], groupNames: ReadonlyMap<string, string> = new Map()): string {
  const words = topics.map((t) => describeTopic(t, groupNames));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
}

export type RequestOutcome = 'sent' | 'throttled';

/** Sends the confirmation email for `topics` (checked topics; group topics by id). */
export async function requestSubscription(
  deps: { store: Store; mailer: Mailer; config: Config },
  email: string,
  topics: string[],
  now: Date,
  groupNames: ReadonlyMap<string, string> = new Map(),
): Promise<RequestOutcome> {
  const { store, config } = deps;
  const sorted = orderTopics(topics);
  const key = `confirm:${email}:${sorted.join(',')}`;
  const last = await store.db.selectFrom('notify_settings').select('value').where('name', '=', key).executeTakeFirst();
  if (last && now.getTime() - Date.parse(last.value) < THROTTLE_MS) return 'throttled';
  const signer = new LinkSigner(await signingKey(store, config.secretKey));
  const token = await signer.signPayload({ purpose: 'confirm', email, topics: sorted, expires: now.getTime() + CONFIRM_DAYS * 86_400_000 });
  const rendered = confirmEmail({
    partnershipName: config.partnershipName,
    what: describeTopics(sorted, groupNames),
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
): Promise<{ ok: true; email: string; topics: string[] } | { ok: false; message: string }> {
  const signer = new LinkSigner(await signingKey(store, secret));
  const payload = await signer.verifyPayload(token);
  // Links sent before several choices could be confirmed at once carry one `topic`.
  const topics = Array.isArray(payload?.topics) ? payload.topics : typeof payload?.topic === 'string' ? [payload.topic] : null;
  if (!payload || payload.purpose !== 'confirm' || typeof payload.email !== 'string' || !topics?.every((t) => typeof t === 'string')) {
    return { ok: false, message: 'this link is not valid (it may be incomplete: try copying the whole address from the email)' };
  }
  if (typeof payload.expires !== 'number' || payload.expires < now.getTime())
    return { ok: false, message: `this link has expired (links work for ${CONFIRM_DAYS} days); please ask again` };
  return { ok: true, email: payload.email, topics: topics as string[] };
}
