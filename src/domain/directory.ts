/** @module Organisations, groups and their members: the partnership's directory, and its input rules. */
import { ORGANISATION_KINDS, type OrganisationKind } from './kinds.js';
import { Checker, isRecord, type Validated } from './validation.js';

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  website: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Group {
  id: string;
  slug: string;
  name: string;
  description: string;
  organisationId: string | null;
  /** Who hears about apologies and changes; usually the committee manager's role address. */
  organiserEmail: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  personId: string;
  groupId: string;
  email: string;
  displayName: string | null;
  role: string;
  organisationId: string | null;
}

export type OrganisationFields = Pick<Organisation, 'name' | 'kind' | 'website' | 'email'>;
export type GroupFields = Pick<Group, 'slug' | 'name' | 'description' | 'organisationId' | 'organiserEmail'>;
export type MemberFields = Pick<Member, 'email' | 'displayName' | 'role' | 'organisationId'>;

function bodyError<T>(): Validated<T> {
  return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
}

function rejectUnknown<T>(input: Record<string, unknown>, allowed: string[]): Validated<T> | null {
  const unknown = Object.keys(input).filter((k) => !allowed.includes(k) && !['id', 'createdAt', 'updatedAt'].includes(k));
  return unknown.length ? { ok: false, errors: unknown.map((field) => ({ field, message: 'is not a known field' })) } : null;
}

export function validateOrganisation(input: unknown): Validated<OrganisationFields> {
  if (!isRecord(input)) return bodyError();
  const unknown = rejectUnknown<OrganisationFields>(input, ['name', 'kind', 'website', 'email']);
  if (unknown) return unknown;
  const check = new Checker(input);
  const name = check.text('name', { required: true, max: 200, singleLine: true });
  const kind = check.oneOf('kind', ORGANISATION_KINDS, { fallback: 'other' });
  const website = check.url('website');
  const email = check.email('email', {});
  return check.result(() => ({ name: name!, kind: kind!, website: website ?? null, email: email ?? null }));
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function validateGroup(input: unknown): Validated<GroupFields> {
  if (!isRecord(input)) return bodyError();
  const unknown = rejectUnknown<GroupFields>(input, ['slug', 'name', 'description', 'organisationId', 'organiserEmail']);
  if (unknown) return unknown;
  const check = new Checker(input);
  const name = check.text('name', { required: true, max: 200, singleLine: true });
  let slug = check.text('slug', { max: 60, singleLine: true });
  if (slug !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
    slug = check.fail('slug', 'must be lower-case letters, digits and single hyphens, like "iag" or "safermk-board"');
  } else if (slug === undefined && name && !check.errors.some((e) => e.field === 'slug')) {
    slug = slugify(name) || undefined;
    if (!slug) check.fail('slug', 'is required when the name has no letters or digits');
  }
  const description = check.text('description', { max: 2000, fallback: '' });
  const organisationId = check.id('organisationId');
  const organiserEmail = check.email('organiserEmail', {});
  return check.result(() => ({
    slug: slug!,
    name: name!,
    description: description!,
    organisationId: organisationId ?? null,
    organiserEmail: organiserEmail ?? null,
  }));
}

export function validateMember(input: unknown): Validated<MemberFields> {
  if (!isRecord(input)) return bodyError();
  const unknown = rejectUnknown<MemberFields>(input, ['email', 'displayName', 'role', 'organisationId', 'personId', 'groupId']);
  if (unknown) return unknown;
  const check = new Checker(input);
  const email = check.email('email', { required: true });
  const displayName = check.text('displayName', { max: 120, singleLine: true });
  const role = check.text('role', { required: true, max: 120, singleLine: true });
  const organisationId = check.id('organisationId');
  return check.result(() => ({
    email: email!,
    displayName: displayName ?? null,
    role: role!,
    organisationId: organisationId ?? null,
  }));
}
