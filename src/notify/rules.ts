/**
 * @module Organisers' lead times for one event or one group ("remind this meeting 2 weeks and 1 day
 * before"; [] for no reminders), read with what applies in the end, and set. The planner notices a
 * change by the table's row count and latest update (src/notify/plan.ts).
 */
import { getGroup } from '../db/directory.js';
import { getEvent } from '../db/events.js';
import { auditStatement } from '../db/audit.js';
import type { Store, WriteContext } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import type { EventKind } from '../domain/kinds.js';
import { DEFAULT_LEAD_TIMES, leadTimesOf, type LeadTime } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { parseLeads } from './audience.js';

export type RuleScope = 'event' | 'group';

/** What a rule is set on: an event (its kind and group) or a group (whose events are meetings). */
export interface RuleTarget {
  scope: RuleScope;
  id: string;
  kind: EventKind;
  groupId: string | null;
}

export interface LeadTimeRule {
  /** The target's own lead times, or null when it has none (it follows its group or kind). */
  leadTimes: LeadTime[] | null;
  /** For an event: its group's lead times, if the group has its own. */
  groupLeadTimes: LeadTime[] | null;
  /** What applies: own, else group's, else the kind's default. */
  effective: LeadTime[];
  defaults: typeof DEFAULT_LEAD_TIMES;
}

/** The rule target of an event already read (its kind and group). */
export function eventRuleTarget(event: Pick<CalendarEvent, 'id' | 'kind' | 'groupId'>): RuleTarget {
  return { scope: 'event', id: event.id, kind: event.kind, groupId: event.groupId };
}

/** The event or group with this id (a group also by slug), or null. */
export async function ruleTarget(store: Store, scope: RuleScope, id: string): Promise<RuleTarget | null> {
  if (scope === 'event') {
    const event = await getEvent(store, id);
    return event ? eventRuleTarget(event) : null;
  }
  const group = await getGroup(store, id);
  return group ? { scope, id: group.id, kind: 'meeting', groupId: group.id } : null;
}

export async function readRule(store: Store, target: RuleTarget): Promise<LeadTimeRule> {
  const ids = [target.id, ...(target.groupId && target.groupId !== target.id ? [target.groupId] : [])];
  const rows = await store.db.selectFrom('reminder_rules').selectAll().where('scope_id', 'in', ids).execute();
  const of = (scope: RuleScope, id: string | null) =>
    id ? parseLeads(rows.find((r) => r.scope === scope && r.scope_id === id)?.lead_times ?? null) : null;
  const own = of(target.scope, target.id);
  const group = of('group', target.groupId);
  return {
    leadTimes: own,
    groupLeadTimes: target.scope === 'event' ? group : null,
    effective: leadTimesOf(target, { event: target.scope === 'event' ? own : null, group }),
    defaults: DEFAULT_LEAD_TIMES,
  };
}

/** Sets the target's lead times (checked ones; [] for no reminders), or removes them (null) so its group's or kind's apply. */
/**
 * Sets (or with null, removes) the lead times of one event or group, with its audit entry
 * (action 'reminders', the lead times before and after) in the same batch. `ctx` is who and when.
 */
export async function setRule(store: Store, target: RuleTarget, leadTimes: LeadTime[] | null, ctx: WriteContext): Promise<void> {
  const at = utcIso(ctx.now);
  const before = (await readRule(store, target)).leadTimes;
  const json = JSON.stringify(leadTimes);
  const change =
    leadTimes === null
      ? store.db.deleteFrom('reminder_rules').where('scope', '=', target.scope).where('scope_id', '=', target.id).compile()
      : store.db
          .insertInto('reminder_rules')
          .values({ scope: target.scope, scope_id: target.id, lead_times: json, updated_at: at })
          .onConflict((oc) => oc.columns(['scope', 'scope_id']).doUpdateSet({ lead_times: json, updated_at: at }))
          .compile();
  await store.batch([
    change,
    auditStatement(store, ctx, {
      action: 'reminders',
      entity: target.scope,
      entityId: target.id,
      changes: { leadTimes: { from: before, to: leadTimes } },
    }),
  ]);
}
