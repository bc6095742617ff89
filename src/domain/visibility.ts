/**
 * @module Who sees what. Every read path (API, feeds, pages, reminders) asks these rules rather
 * than repeating them, so a confidential event cannot leak through one path the others guard.
 */
import type { CalendarEvent } from './event.js';
import type { Visibility } from './kinds.js';

/** The caller, as far as visibility is concerned. */
export interface Viewer {
  /** Organisers see everything, drafts and confidential business included. */
  organiser: boolean;
  /** Partner organisations see partner-only events. */
  partner: boolean;
  /** Members of these groups see their groups' members-only events. */
  groupIds: readonly string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ organiser: false, partner: false, groupIds: [] });
export const ORGANISER: Viewer = Object.freeze({ organiser: true, partner: true, groupIds: [] });

export function canSee(viewer: Viewer, event: Pick<CalendarEvent, 'visibility' | 'status' | 'groupId'>): boolean {
  if (viewer.organiser) return true;
  if (event.status === 'draft') return false;
  return visibilityAllows(viewer, event.visibility, event.groupId);
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
 * The same rule as a query filter: which visibility levels (and, for 'group', which groups) the
 * viewer may see. Null means "no restriction".
 */
export function visibilityScope(viewer: Viewer): { levels: Visibility[]; groupIds: readonly string[] } | null {
  if (viewer.organiser) return null;
  const levels: Visibility[] = ['public'];
  if (viewer.partner) levels.push('partners');
  return { levels, groupIds: viewer.groupIds };
}
