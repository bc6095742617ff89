/**
 * @module People who sign in to the web app, and what each role may do. Admins run everything
 * (accounts, directory, audit); organisers schedule events (all of them, or only their groups'
 * when they have groups); viewers are partners who sign in to see partner-only dates.
 */
import type { CalendarEvent, EventFields } from './event.js';
import { ORGANISER, type Viewer } from './visibility.js';
import { Checker, isRecord, type Validated } from './validation.js';
import { passwordProblem } from './password.js';

export const ROLES = ['admin', 'organiser', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  organiser: 'Organiser',
  viewer: 'Viewer (partner)',
};

export interface User {
  id: string;
  email: string;
  role: Role;
  /** For an organiser: the groups whose events they may change (empty: every event). */
  groupIds: string[];
  createdAt: string;
  disabledAt: string | null;
}

/**
 * What the calendar shows a signed-in user (anonymous visitors get ANONYMOUS). An organiser of
 * some groups sees confidential business of those groups only (need-to-know; docs/decisions.md).
 */
export function viewerOf(user: User): Viewer {
  if (user.role === 'viewer') return { organiser: false, partner: true, groupIds: user.groupIds };
  if (user.role === 'organiser' && user.groupIds.length) {
    return { organiser: true, partner: true, groupIds: user.groupIds, groupScope: user.groupIds };
  }
  return ORGANISER;
}

export function canSchedule(user: User | null): user is User {
  return user !== null && (user.role === 'admin' || user.role === 'organiser');
}

export function isAdmin(user: User | null): user is User {
  return user !== null && user.role === 'admin';
}

/** May this user create or change an event with these fields (or this existing event)? */
export function canEditEvent(user: User | null, event: Pick<CalendarEvent | EventFields, 'groupId'>): boolean {
  if (!canSchedule(user)) return false;
  if (user.role === 'admin' || user.groupIds.length === 0) return true;
  return event.groupId !== null && user.groupIds.includes(event.groupId);
}

export interface NewUser {
  email: string;
  role: Role;
  password: string;
  groupIds: string[];
}

export function validateNewUser(input: unknown): Validated<NewUser> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'body', message: 'must be an object' }] };
  const check = new Checker(input);
  const email = check.email('email', { required: true });
  const role = check.oneOf('role', ROLES, { required: true });
  const password = typeof input.password === 'string' ? input.password : '';
  const problem = passwordProblem(password);
  if (problem) check.fail('password', problem);
  const groupIds = Array.isArray(input.groupIds) ? input.groupIds.filter((g): g is string => typeof g === 'string' && g !== '') : [];
  return check.result(() => ({ email: email!, role: role!, password, groupIds }));
}
