/**
 * @module Who a private feed is for: a partner organisation (by id) or a group member (by email),
 * exactly one. Shared by the organisers' API and the command line so both refuse the same input
 * with the same words.
 */
import { getOrganisation } from '../db/directory.js';
import type { Store } from '../db/store.js';
import { checkText, type FieldError } from '../domain/validation.js';

export type FeedOwner = { organisationId: string; label: string } | { email: string; label: string };

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export async function resolveFeedOwner(
  store: Store,
  input: { partner?: unknown; email?: unknown; label?: unknown },
): Promise<{ ok: true; owner: FeedOwner } | { ok: false; errors: FieldError[] }> {
  const { partner, email } = input;
  const fail = (field: string, message: string) => ({ ok: false as const, errors: [{ field, message }] });
  let label: string | undefined;
  if (input.label !== undefined) {
    const checked = checkText('label', input.label, { max: 100, singleLine: true });
    if (!checked.ok) return { ok: false, errors: [checked.error] };
    if (!checked.value) return fail('label', 'must be one line of 1 to 100 characters');
    label = checked.value;
  }
  if ((partner === undefined) === (email === undefined)) {
    return fail('partner', 'give either partner (an organisation id) or email (a group member), not both or neither');
  }
  if (partner !== undefined) {
    if (typeof partner !== 'string' || !partner) return fail('partner', 'must be an organisation id');
    const org = await getOrganisation(store, partner);
    if (!org) return fail('partner', 'no organisation with this id (see GET /api/organisations)');
    return { ok: true, owner: { organisationId: org.id, label: label ?? org.name } };
  }
  if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email))
    return fail('email', 'must be an email address like member@example.org');
  const person = await store.db
    .selectFrom('people')
    .innerJoin('group_members', 'group_members.person_id', 'people.id')
    .select('people.email')
    .where('people.email', '=', email.toLowerCase())
    .executeTakeFirst();
  if (!person) return fail('email', 'is not a member of any group; add them to a group first (POST /api/groups/{id}/members)');
  return { ok: true, owner: { email: person.email, label: label ?? person.email } };
}

/** The addresses a new private feed is reached at (the token appears only here, once). */
export function privateFeedUrls(publicUrl: string, token: string) {
  const feedUrl = `${publicUrl}/feeds/private/${token}.ics`;
  return { feedUrl, webcalUrl: feedUrl.replace(/^https?:\/\//, 'webcal://'), subscribePage: `${publicUrl}/feeds/private/${token}` };
}
