/**
 * @module Who may be reminded of what: people with their groups, switches and subscriptions, and
 * the organisers' lead-time overrides. Read for one event (its group's members and the people whose
 * topics cover it) or one person, never the whole directory: the planner's work follows the change.
 */
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { checkLeadTimes, type LeadTime, type Recipient, type Subscription } from '../domain/reminders.js';
import { statementChunks } from '../db/dialect.js';

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

/** reminder_subscriptions rows as each person's subscriptions (their lead times parsed), by person id. */
function subscriptionsByPerson(
  rows: { person_id: string; topic: string; lead_times: string | null; paused: number; unsubscribed_at: string | null }[],
): Map<string, Subscription[]> {
  const byPerson = new Map<string, Subscription[]>();
  for (const s of rows) {
    const list = byPerson.get(s.person_id) ?? [];
    list.push({
      personId: s.person_id,
      topic: s.topic,
      leadTimes: parseLeads(s.lead_times),
      paused: s.paused === 1,
      unsubscribed: !!s.unsubscribed_at,
    });
    byPerson.set(s.person_id, list);
  }
  return byPerson;
}

/** A person as a recipient: their address (lower case), groups and switches. */
function recipientOf(
  p: { id: string; email: string; organisation_id: string | null },
  groupIds: string[],
  pref: { paused: number; unsubscribed_at: string | null } | undefined,
): Recipient {
  return {
    personId: p.id,
    email: p.email.toLowerCase(),
    hasOrganisation: p.organisation_id !== null,
    groupIds,
    paused: pref?.paused === 1,
    unsubscribed: !!pref?.unsubscribed_at,
  };
}

/** Everyone who may be reminded of anything: for previews and tools, never on the scheduler's path. */
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
    recipients.set(p.id, recipientOf(p, groupsOf.get(p.id) ?? [], prefOf.get(p.id)));
  }
  const subscriptions = subscriptionsByPerson(subs);
  const eventRules = new Map<string, LeadTime[]>();
  const groupRules = new Map<string, LeadTime[]>();
  for (const r of rules) {
    const leads = parseLeads(r.lead_times);
    if (!leads) continue;
    (r.scope === 'event' ? eventRules : groupRules).set(r.scope_id, leads);
  }
  return { recipients, subscriptions, eventRules, groupRules };
}

/**
 * People as recipients, with their groups, switches and all their subscriptions, read in chunked
 * `IN` lists (D1 allows at most 100 bound parameters per statement): four statements per chunk,
 * whatever the number of people. Each id not yet in `known` is added to it (null: no such person).
 */
async function readPeople(store: Store, ids: string[], known: Map<string, PersonRecord>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  for (const chunk of statementChunks(missing)) {
    const [people, groups, subs, prefs] = await Promise.all([
      store.db.selectFrom('people').select(['id', 'email', 'organisation_id']).where('id', 'in', chunk).execute(),
      store.db.selectFrom('group_members').select(['person_id', 'group_id']).where('person_id', 'in', chunk).execute(),
      store.db.selectFrom('reminder_subscriptions').selectAll().where('person_id', 'in', chunk).execute(),
      store.db.selectFrom('reminder_preferences').selectAll().where('person_id', 'in', chunk).execute(),
    ]);
    const groupsOf = new Map<string, string[]>();
    for (const g of groups) groupsOf.set(g.person_id, [...(groupsOf.get(g.person_id) ?? []), g.group_id]);
    const prefOf = new Map(prefs.map((p) => [p.person_id, p]));
    const subsOf = subscriptionsByPerson(subs);
    for (const id of chunk) known.set(id, null);
    for (const p of people) {
      known.set(p.id, {
        recipient: recipientOf(p, groupsOf.get(p.id) ?? [], prefOf.get(p.id)),
        // A subscription of someone missing from people is dropped (as it was when read per event).
        subscriptions: subsOf.get(p.id) ?? [],
      });
    }
  }
}

/** An Audience holding one person's record (none for an unknown person), without lead-time rules. */
function audienceOfRecord(personId: string, record: PersonRecord | undefined): Audience {
  const audience: Audience = { recipients: new Map(), subscriptions: new Map(), eventRules: new Map(), groupRules: new Map() };
  if (record) {
    audience.recipients.set(personId, record.recipient);
    audience.subscriptions.set(personId, record.subscriptions);
  }
  return audience;
}

/**
 * The same view for each of several people (the people of a batch of claimed reminders, each email
 * needing only its reader's), in four statements per chunk of ids rather than four per person.
 * Returns an Audience per id asked for; an unknown id's holds nobody.
 */
export async function loadPeopleAudiences(store: Store, personIds: string[]): Promise<Map<string, Audience>> {
  const known = new Map<string, PersonRecord>();
  await readPeople(store, personIds, known);
  return new Map(personIds.map((id) => [id, audienceOfRecord(id, known.get(id))]));
}

/** The same view for one person (the email links need only theirs). */
export async function loadPersonAudience(store: Store, personId: string): Promise<Audience> {
  return (await loadPeopleAudiences(store, [personId])).get(personId)!;
}

/** The topics that can cover an event (src/domain/reminders.ts topicCovers), for an indexed lookup. */
function topicsCovering(event: Pick<CalendarEvent, 'id' | 'kind' | 'groupId' | 'themes'>): string[] {
  return [
    ...(event.groupId ? [`group:${event.groupId}`] : []),
    `kind:${event.kind}`,
    ...event.themes.map((t) => `theme:${t}`),
    `event:${event.id}`,
  ];
}

/** The organisers' lead-time rules that apply to one event: its own and its group's. */
export async function loadEventRules(
  store: Store,
  event: Pick<CalendarEvent, 'id' | 'groupId'>,
): Promise<Pick<Audience, 'eventRules' | 'groupRules'>> {
  const out: Pick<Audience, 'eventRules' | 'groupRules'> = { eventRules: new Map(), groupRules: new Map() };
  const rules = await store.db
    .selectFrom('reminder_rules')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'event'), eb('scope_id', '=', event.id)]),
        eb.and([eb('scope', '=', 'group'), eb('scope_id', '=', event.groupId ?? '')]),
      ]),
    )
    .execute();
  for (const r of rules) {
    const leads = parseLeads(r.lead_times);
    if (leads) (r.scope === 'event' ? out.eventRules : out.groupRules).set(r.scope_id, leads);
  }
  return out;
}

/** One person as planning sees them: their recipient record and all their subscriptions; null when they no longer exist. */
export type PersonRecord = { recipient: Recipient; subscriptions: Subscription[] } | null;

/**
 * The audience of one event: the members of its group (for a meeting) and everyone whose
 * subscriptions cover it, with their groups, switches and all their subscriptions (a member's own
 * group topic can opt them out), and the event's and group's lead-time rules. `known` holds people
 * already read in this planning pass and gets the ones read now: a drain re-planning every meeting
 * of a group reads its members once, not once per meeting.
 */
export async function loadEventAudience(
  store: Store,
  event: CalendarEvent,
  known: Map<string, PersonRecord> = new Map(),
): Promise<Audience> {
  const ids = new Set<string>();
  {
    const [members, subscribers] = await Promise.all([
      event.kind === 'meeting' && event.groupId
        ? store.db.selectFrom('group_members').select('person_id').where('group_id', '=', event.groupId).execute()
        : Promise.resolve([]),
      store.db.selectFrom('reminder_subscriptions').select('person_id').where('topic', 'in', topicsCovering(event)).execute(),
    ]);
    for (const r of [...members, ...subscribers]) ids.add(r.person_id);
  }
  const audience: Audience = { recipients: new Map(), subscriptions: new Map(), ...(await loadEventRules(store, event)) };
  await readPeople(store, [...ids], known);
  for (const id of ids) {
    const record = known.get(id);
    if (!record) continue;
    audience.recipients.set(id, record.recipient);
    if (record.subscriptions.length) audience.subscriptions.set(id, record.subscriptions);
  }
  return audience;
}
