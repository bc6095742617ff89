/** @module Checks that the records an event points at exist and fit (its group, organisation, campaign). */
import type { EventFields } from '../domain/event.js';
import type { FieldError } from '../domain/validation.js';
import type { Store } from './store.js';

export async function eventReferenceErrors(store: Store, fields: EventFields, selfId?: string): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const [organisation, group, parent] = await Promise.all([
    fields.organisationId
      ? store.db.selectFrom('organisations').select('id').where('id', '=', fields.organisationId).executeTakeFirst()
      : null,
    fields.groupId ? store.db.selectFrom('groups').select('id').where('id', '=', fields.groupId).executeTakeFirst() : null,
    fields.parentId
      ? store.db.selectFrom('events').select(['id', 'kind', 'status']).where('id', '=', fields.parentId).executeTakeFirst()
      : null,
  ]);
  if (fields.organisationId && !organisation) errors.push({ field: 'organisationId', message: 'no organisation with this id' });
  if (fields.groupId && !group) errors.push({ field: 'groupId', message: 'no group with this id' });
  if (fields.parentId) {
    if (fields.parentId === selfId) errors.push({ field: 'parentId', message: 'cannot be the event itself' });
    else if (!parent) errors.push({ field: 'parentId', message: 'no event with this id' });
    else if (parent.kind !== 'campaign_week') errors.push({ field: 'parentId', message: 'must be a campaign week' });
  }
  return errors;
}

/**
 * A partner activity put under a campaign week that is cancelled (its `parentId` new to it: created
 * there, or moved there by an edit; `formerParentId` is the activity's parent before the edit, null
 * for a new event). It would be published as if its week were on (CONFIRMED in feeds, its page saying
 * only that the week is cancelled, no reminder planned), so it is refused, naming `parentId`; the API
 * answers 422 (issue 10, tester 24). An activity already under the week (kept going when the week was
 * cancelled, ADR 95) may still be edited. Null when the parent is not a cancelled week.
 */
export async function cancelledParentError(
  store: Store,
  parentId: string | null,
  formerParentId: string | null,
): Promise<FieldError | null> {
  if (!parentId || parentId === formerParentId) return null;
  const parent = await store.db.selectFrom('events').select(['kind', 'status']).where('id', '=', parentId).executeTakeFirst();
  if (parent?.kind !== 'campaign_week' || parent.status !== 'cancelled') return null;
  return { field: 'parentId', message: 'is a campaign week that is cancelled: restore the week first, or choose another' };
}
