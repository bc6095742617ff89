/** @module Organisations, groups and their members: the partnership's directory, and its input rules. */
import { CAPACITIES, CAPACITY_LABELS, checkQuorum, PUBLIC_ATTENDANCE, type Capacity, type PublicAttendance } from '../meetings/capacity.js';
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
  /** The quorum rule: "3" voting members or a fraction of them such as "1/3"; null for none. */
  quorum: string | null;
  /** What visitors who are not members see of a meeting's attendance. */
  publicAttendance: PublicAttendance;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  personId: string;
  groupId: string;
  email: string;
  displayName: string | null;
  role: string;
  /** In what capacity they sit: with a vote, co-opted without one, observer, officer or adviser. */
  capacity: Capacity;
  organisationId: string | null;
}

export type OrganisationFields = Pick<Organisation, 'name' | 'kind' | 'website' | 'email'>;
export type GroupFields = Pick<
  Group,
  'slug' | 'name' | 'description' | 'organisationId' | 'organiserEmail' | 'quorum' | 'publicAttendance'
>;
export type MemberFields = Pick<Member, 'email' | 'displayName' | 'role' | 'capacity' | 'organisationId'>;

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
  const unknown = rejectUnknown<GroupFields>(input, [
    'slug',
    'name',
    'description',
    'organisationId',
    'organiserEmail',
    'quorum',
    'publicAttendance',
  ]);
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
  const quorum = checkQuorum(check.raw('quorum'));
  if (!quorum.ok) check.fail('quorum', quorum.message);
  const publicAttendance = check.oneOf('publicAttendance', PUBLIC_ATTENDANCE, { fallback: 'capacities' });
  return check.result(() => ({
    slug: slug!,
    name: name!,
    description: description!,
    organisationId: organisationId ?? null,
    organiserEmail: organiserEmail ?? null,
    quorum: quorum.ok ? quorum.value : null,
    publicAttendance: publicAttendance!,
  }));
}

export function validateMember(input: unknown): Validated<MemberFields> {
  if (!isRecord(input)) return bodyError();
  const unknown = rejectUnknown<MemberFields>(input, ['email', 'displayName', 'role', 'capacity', 'organisationId', 'personId', 'groupId']);
  if (unknown) return unknown;
  const check = new Checker(input);
  const email = check.email('email', { required: true });
  const displayName = check.text('displayName', { max: 120, singleLine: true });
  const role = check.text('role', { required: true, max: 120, singleLine: true });
  const capacity = readCapacity(check);
  const organisationId = check.id('organisationId');
  return check.result(() => ({
    email: email!,
    displayName: displayName ?? null,
    role: role!,
    capacity: capacity!,
    organisationId: organisationId ?? null,
  }));
}

/** A capacity by its code ("co-opted") or its label ("Co-opted member (no vote)"), any case; default: voting. */
function readCapacity(check: Checker): Capacity | undefined {
  const raw = check.raw('capacity');
  if (typeof raw === 'string') {
    const text = raw.trim().toLowerCase();
    const found = CAPACITIES.find((c) => c === text || CAPACITY_LABELS[c].toLowerCase() === text);
    if (found) return found;
  }
  return check.oneOf('capacity', CAPACITIES, { fallback: 'voting' });
}
