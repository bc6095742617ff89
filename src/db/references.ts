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
