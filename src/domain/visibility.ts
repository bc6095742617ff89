/**
 * @module Who sees what. Every read path (API, feeds, pages, reminders) asks these rules rather
 * than repeating them, so a confidential event cannot leak through one path the others guard.
 */
import type { CalendarEvent } from './event.js';
import type { Visibility } from './kinds.js';

/** The caller, as far as visibility is concerned. */
export interface Viewer {
  /** Organisers see drafts and every group's business; confidential business as groupScope says. */
  organiser: boolean;
  /** Partner organisations see partner-only events. */
  partner: boolean;
  /** Members of these groups see their groups' members-only events. */
  groupIds: readonly string[];
  /**
   * For an organiser limited to some groups (their rows in user_groups): those groups.
   * Confidential business is need-to-know, so such an organiser sees the confidential events of
   * these groups only, and none that belong to no group. Absent: an organiser of every group
   * (admins, unrestricted organisers, API tokens), who sees all of it.
   */
  groupScope?: readonly string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ organiser: false, partner: false, groupIds: [] });
export const ORGANISER: Viewer = Object.freeze({ organiser: true, partner: true, groupIds: [] });

/** May this viewer see this event? The rule every read path applies (in SQL: visibilityScope). */
export function canSee(viewer: Viewer, event: Pick<CalendarEvent, 'visibility' | 'status' | 'groupId'>): boolean {
  if (viewer.organiser) return event.visibility !== 'confidential' || inGroupScope(viewer, event.groupId);
  if (event.status === 'draft') return false;
  return visibilityAllows(viewer, event.visibility, event.groupId);
}

function inGroupScope(viewer: Viewer, groupId: string | null): boolean {
  return !viewer.groupScope || (groupId !== null && viewer.groupScope.includes(groupId));
}

function visibilityAllows(viewer: Viewer, visibility: Visibility, groupId: string | null): boolean {
  switch (visibility) {
    case 'public':
      return true;
    case 'partners':
      return viewer.partner;
    case 'group':
      return groupId !== null && viewer.groupIds.includes(groupId);
    case 'confidential':
      return false;
  }
}

/**
 * The same rule as a query filter: an event is visible when its visibility is one of `levels`, or
 * is the level of a `byGroup` entry and the event belongs to one of its groups; drafts only when
 * `drafts`. Null means "no restriction" (an organiser of every group).
 */
export interface VisibilityScope {
  drafts: boolean;
  levels: Visibility[];
  byGroup: { level: Visibility; groupIds: readonly string[] }[];
}

export function visibilityScope(viewer: Viewer): VisibilityScope | null {
  if (viewer.organiser) {
    if (!viewer.groupScope) return null;
    return { drafts: true, levels: ['public', 'partners', 'group'], byGroup: [{ level: 'confidential', groupIds: viewer.groupScope }] };
  }
  const levels: Visibility[] = ['public'];
  if (viewer.partner) levels.push('partners');
  return { drafts: false, levels, byGroup: [{ level: 'group', groupIds: viewer.groupIds }] };
}
