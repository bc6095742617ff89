/**
 * @module The visibility rule of src/domain/visibility.ts as one SQL condition, on the events
 * table or on the occurrence index (which share the column names), so every query that lists
 * events (lists, pages, search, feeds, the audit log) filters in SQL by the rule canSee applies
 * to each event, confidential business need-to-know included.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { VisibilityScope } from '../domain/visibility.js';

/** `column in (values…)`, one bound parameter per value; `values` must not be empty. */
export function inList(column: RawBuilder<unknown>, values: readonly unknown[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} in (${sql.join(values.map((v) => sql`${v}`))})`;
}

/**
 * The condition for `query.where(...)` on rows of `alias` (default `events`): the rows the scope
 * lets its viewer see. Always true or false, never NULL, so `not (...)` of it works too.
 */
export function visibleIn(scope: VisibilityScope, alias = 'events'): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const visible = [inList(col('visibility'), scope.levels)];
  for (const { level, groupIds } of scope.byGroup) {
    if (groupIds.length) {
      visible.push(
        sql<SqlBool>`(${col('visibility')} = ${level} and ${col('group_id')} is not null and ${inList(col('group_id'), groupIds)})`,
      );
    }
  }
  const either = sql<SqlBool>`(${sql.join(visible, sql` or `)})`;
  return scope.drafts ? either : sql<SqlBool>`(${col('status')} <> 'draft' and ${either})`;
}
