/** @module What the member pages read: groups with public meetings, and a person's groups with their usual lead times. */
import { listGroups } from '../db/directory.js';
import type { Store } from '../db/store.js';
import { DEFAULT_LEAD_TIMES, splitTopic } from '../domain/reminders.js';
import { parseLeads } from '../notify/audience.js';
import type { Preferences } from '../notify/preferences.js';
import type { GroupChoice } from './pages.js';

/** Groups that hold published public meetings: the ones a visitor may ask to be reminded of. */
export async function groupsWithPublicMeetings(store: Store): Promise<{ id: string; name: string }[]> {
  const rows = await store.db
    .selectFrom('groups')
    .select(['groups.id', 'groups.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('events')
          .select('events.id')
          .whereRef('events.group_id', '=', 'groups.id')
          .where('events.kind', '=', 'meeting')
          .where('events.visibility', '=', 'public')
          .where('events.status', '=', 'published'),
      ),
    )
    .orderBy('groups.name')
    .execute();
  return rows;
}

/** The groups a person is reminded of or can be: their own groups first, then groups they follow. */
export async function groupChoices(store: Store, prefs: Preferences): Promise<GroupChoice[]> {
  const [groups, rules] = await Promise.all([
    listGroups(store),
    store.db.selectFrom('reminder_rules').select(['scope_id', 'lead_times']).where('scope', '=', 'group').execute(),
  ]);
  const usualOf = new Map(rules.map((r) => [r.scope_id, parseLeads(r.lead_times)]));
  const nameOf = new Map(groups.map((g) => [g.id, g.name]));
  const subOf = new Map(prefs.subscriptions.map((s) => [s.topic, s]));
  const choice = (groupId: string, member: boolean): GroupChoice => {
    const topic = `group:${groupId}`;
    const sub = subOf.get(topic);
    return {
      topic,
      name: nameOf.get(groupId) ?? 'A group that no longer exists',
      member,
      subscribed: member ? !sub || sub.subscribed : !!sub?.subscribed,
      leadTimes: sub?.leadTimes ?? null,
      usual: usualOf.get(groupId) ?? DEFAULT_LEAD_TIMES.meeting,
    };
  };
  const mine = prefs.groups.map((g) => choice(g.id, true));
  const memberOf = new Set(prefs.groups.map((g) => g.id));
  const followed = prefs.subscriptions
    .map((s) => splitTopic(s.topic))
    .filter(([scope, id]) => scope === 'group' && !memberOf.has(id) && nameOf.has(id))
    .map(([, id]) => choice(id, false));
  return [...mine, ...followed];
}
