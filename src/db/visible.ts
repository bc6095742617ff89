/**
 * @module The visibility rule of src/domain/visibility.ts as a condition on the events table, so
 * every query that lists events (lists, pages, search, feeds, the audit log) filters in SQL by
 * the same rule canSee applies to each event.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { VisibilityScope } from '../domain/visibility.js';
import type { Database } from './schema.js';

/** The condition for `query.where(...)`: events the scope lets its viewer see. */
export function visibleIn(scope: VisibilityScope) {
  return (eb: ExpressionBuilder<Database, 'events'>): Expression<SqlBool> => {
    const visible: Expression<SqlBool>[] = [eb('events.visibility', 'in', scope.levels)];
    for (const { level, groupIds } of scope.byGroup) {
      // "is not null" keeps the condition true or false, never NULL, so NOT(...) of it works too.
      if (groupIds.length) {
        visible.push(
          eb.and([eb('events.visibility', '=', level), eb('events.group_id', 'is not', null), eb('events.group_id', 'in', [...groupIds])]),
        );
      }
    }
    return scope.drafts ? eb.or(visible) : eb.and([eb('events.status', '!=', 'draft'), eb.or(visible)]);
  };
}
