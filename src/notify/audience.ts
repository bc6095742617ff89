/**
 * @module Who may be reminded, read in a few whole-table queries: people who are group members or
 * have subscriptions, their switches, and the organisers' lead-time overrides. The planner then
 * works in memory, so a pass costs the same number of round trips however many events there are.
 */
import type { Store } from '../db/store.js';
import { checkLeadTimes, type LeadTime, type Recipient, type Subscription } from '../domain/reminders.js';

export interface Audience {
  recipients: Map<string, Recipient>;
  subscriptions: Map<string, Subscription[]>;
  eventRules: Map<string, LeadTime[]>;
  groupRules: Map<string, LeadTime[]>;
}

export function parseLeads(json: string | null): LeadTime[] | null {
  if (json === null) return null;
  try {
    const checked = checkLeadTimes(JSON.parse(json));
    return checked.ok ? checked.value : null;
  } catch {
    return null;
  }
}

export async function loadAudience(store: Store): Promise<Audience> {
  const [members, subs, prefs, rules] = await Promise.all([
    store.db.selectFrom('group_members').select(['group_id', 'person_id']).execute(),
    store.db.selectFrom('reminder_subscriptions').selectAll().execute(),
    store.db.selectFrom('reminder_preferences').selectAll().execute(),
    store.db.selectFrom('reminder_rules').selectAll().execute(),
  ]);
  const personIds = new Set<string>([...members.map((m) => m.person_id), ...subs.map((s) => s.person_id)]);
  const people = personIds.size ? await store.db.selectFrom('people').select(['id', 'email', 'organisation_id']).execute() : [];
  const groupsOf = new Map<string, string[]>();
  for (const m of members) groupsOf.set(m.person_id, [...(groupsOf.get(m.person_id) ?? []), m.group_id]);
  const prefOf = new Map(prefs.map((p) => [p.person_id, p]));

  const recipients = new Map<string, Recipient>();
  for (const p of people) {
    if (!personIds.has(p.id)) continue;
    const pref = prefOf.get(p.id);
    recipients.set(p.id, {
      personId: p.id,
      email: p.email.toLowerCase(),
      hasOrganisation: p.organisation_id !== null,
      groupIds: groupsOf.get(p.id) ?? [],
      paused: pref?.paused === 1,
      unsubscribed: !!pref?.unsubscribed_at,
    });
  }
  const subscriptions = new Map<string, Subscription[]>();
  for (const s of subs) {
    const list = subscriptions.get(s.person_id) ?? [];
    list.push({
      personId: s.person_id,
      topic: s.topic,
      leadTimes: parseLeads(s.lead_times),
      paused: s.paused === 1,
      unsubscribed: !!s.unsubscribed_at,
    });
    subscriptions.set(s.person_id, list);
  }
  const eventRules = new Map<string, LeadTime[]>();
  const groupRules = new Map<string, LeadTime[]>();
  for (const r of rules) {
    const leads = parseLeads(r.lead_times);
    if (!leads) continue;
    (r.scope === 'event' ? eventRules : groupRules).set(r.scope_id, leads);
  }
  return { recipients, subscriptions, eventRules, groupRules };
}

/** The same view for one person (the email links need only theirs). */
export async function loadPersonAudience(store: Store, personId: string): Promise<Audience> {
  const [person, groups, subs, pref] = await Promise.all([
    store.db.selectFrom('people').select(['id', 'email', 'organisation_id']).where('id', '=', personId).executeTakeFirst(),
    store.db.selectFrom('group_members').select('group_id').where('person_id', '=', personId).execute(),
    store.db.selectFrom('reminder_subscriptions').selectAll().where('person_id', '=', personId).execute(),
    store.db.selectFrom('reminder_preferences').selectAll().where('person_id', '=', personId).executeTakeFirst(),
  ]);
  const audience: Audience = { recipients: new Map(), subscriptions: new Map(), eventRules: new Map(), groupRules: new Map() };
  if (!person) return audience;
  audience.recipients.set(personId, {
    personId,
    email: person.email,
    hasOrganisation: person.organisation_id !== null,
    groupIds: groups.map((g) => g.group_id),
    paused: pref?.paused === 1,
    unsubscribed: !!pref?.unsubscribed_at,
  });
  audience.subscriptions.set(
    personId,
    subs.map((s) => ({
      personId,
      topic: s.topic,
      leadTimes: parseLeads(s.lead_times),
      paused: s.paused === 1,
      unsubscribed: !!s.unsubscribed_at,
    })),
  );
  return audience;
}
