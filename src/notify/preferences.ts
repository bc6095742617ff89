/**
 * @module A person's reminder settings: their groups (reminded by default), their subscriptions
 * (topics, lead times, pause) and the switches for everything. Each change is one batch.
 */
import type { CompiledQuery } from 'kysely';
import type { Store } from '../db/store.js';
import { DEFAULT_LEAD_TIMES, type LeadTime } from '../domain/reminders.js';
import type { PreferenceChanges } from '../domain/subscription-input.js';
import { parseLeads } from './audience.js';

export interface Preferences {
  email: string;
  paused: boolean;
  unsubscribedFromAll: boolean;
  groups: { id: string; name: string; topic: string; subscribed: boolean }[];
  subscriptions: { topic: string; leadTimes: LeadTime[] | null; paused: boolean; subscribed: boolean }[];
  defaults: typeof DEFAULT_LEAD_TIMES;
}

export async function getPreferences(store: Store, personId: string): Promise<Preferences | null> {
  const person = await store.db.selectFrom('people').select(['id', 'email']).where('id', '=', personId).executeTakeFirst();
  if (!person) return null;
  const [groups, subs, pref] = await Promise.all([
    store.db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .select(['groups.id', 'groups.name'])
      .where('group_members.person_id', '=', personId)
      .orderBy('groups.name')
      .execute(),
    store.db.selectFrom('reminder_subscriptions').selectAll().where('person_id', '=', personId).orderBy('topic').execute(),
    store.db.selectFrom('reminder_preferences').selectAll().where('person_id', '=', personId).executeTakeFirst(),
  ]);
  const subOf = new Map(subs.map((s) => [s.topic, s]));
  return {
    email: person.email,
    paused: pref?.paused === 1,
    unsubscribedFromAll: !!pref?.unsubscribed_at,
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      topic: `group:${g.id}`,
      subscribed: !subOf.get(`group:${g.id}`)?.unsubscribed_at,
    })),
    subscriptions: subs.map((s) => ({
      topic: s.topic,
      leadTimes: parseLeads(s.lead_times),
      paused: s.paused === 1,
      subscribed: !s.unsubscribed_at,
    })),
    defaults: DEFAULT_LEAD_TIMES,
  };
}

function subscriptionStatement(
  store: Store,
  personId: string,
  change: { topic: string; subscribed: boolean; leadTimes?: LeadTime[] | null; paused?: boolean },
  now: string,
): CompiledQuery {
  const set: Record<string, unknown> = { unsubscribed_at: change.subscribed ? null : now, updated_at: now };
  if (change.leadTimes !== undefined) set.lead_times = change.leadTimes === null ? null : JSON.stringify(change.leadTimes);
  if (change.paused !== undefined) set.paused = change.paused ? 1 : 0;
  return store.db
    .insertInto('reminder_subscriptions')
    .values({
      id: crypto.randomUUID(),
      person_id: personId,
      topic: change.topic,
      lead_times: change.leadTimes ? JSON.stringify(change.leadTimes) : null,
      paused: change.paused ? 1 : 0,
      unsubscribed_at: change.subscribed ? null : now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['person_id', 'topic']).doUpdateSet(set))
    .compile();
}

function switchesStatement(
  store: Store,
  personId: string,
  changes: { paused?: boolean; unsubscribedFromAll?: boolean },
  now: string,
): CompiledQuery {
  const set: Record<string, unknown> = { updated_at: now };
  if (changes.paused !== undefined) set.paused = changes.paused ? 1 : 0;
  if (changes.unsubscribedFromAll !== undefined) set.unsubscribed_at = changes.unsubscribedFromAll ? now : null;
  return store.db
    .insertInto('reminder_preferences')
    .values({
      person_id: personId,
      paused: changes.paused ? 1 : 0,
      unsubscribed_at: changes.unsubscribedFromAll ? now : null,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(set))
    .compile();
}

export async function applyPreferences(store: Store, personId: string, changes: PreferenceChanges, now: string): Promise<void> {
  const statements: CompiledQuery[] = changes.subscriptions.map((c) => subscriptionStatement(store, personId, c, now));
  if (changes.paused !== undefined || changes.unsubscribedFromAll !== undefined)
    statements.push(switchesStatement(store, personId, changes, now));
  if (statements.length) await store.batch(statements);
}

/** One-click unsubscribe: from the topics the email came from, or ('*') from everything. */
export async function unsubscribe(store: Store, personId: string, topics: string[], now: string): Promise<void> {
  if (topics.includes('*')) return applyPreferences(store, personId, { unsubscribedFromAll: true, subscriptions: [] }, now);
  await store.batch(topics.map((topic) => subscriptionStatement(store, personId, { topic, subscribed: false }, now)));
}

/** Adds (or re-activates) subscriptions to `topics` for an email address, creating the person if new: one batch. */
export async function subscribeEmail(
  store: Store,
  email: string,
  topics: string[],
  leadTimes: LeadTime[] | null,
  now: string,
): Promise<string> {
  const leads = leadTimes ? JSON.stringify(leadTimes) : null;
  await store.batch([
    store.db
      .insertInto('people')
      .values({ id: crypto.randomUUID(), email, display_name: null, organisation_id: null, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('email').doNothing())
      .compile(),
    ...topics.map((topic) =>
      store.db
        .insertInto('reminder_subscriptions')
        .columns(['id', 'person_id', 'topic', 'lead_times', 'paused', 'unsubscribed_at', 'created_at', 'updated_at'])
        .expression((eb) =>
          eb
            .selectFrom('people')
            .select([
              eb.val(crypto.randomUUID()).as('id'),
              'people.id',
              eb.val(topic).as('topic'),
              eb.val(leads).as('lead_times'),
              eb.val(0).as('paused'),
              eb.val(null).as('unsubscribed_at'),
              eb.val(now).as('created_at'),
              eb.val(now).as('updated_at'),
            ])
            .where('people.email', '=', email),
        )
        .onConflict((oc) =>
          oc.columns(['person_id', 'topic']).doUpdateSet({ unsubscribed_at: null, paused: 0, lead_times: leads, updated_at: now }),
        )
        .compile(),
    ),
    // Subscribing on purpose also lifts an earlier "unsubscribe from everything".
    store.db
      .updateTable('reminder_preferences')
      .set({ unsubscribed_at: null, updated_at: now })
      .where('person_id', 'in', (eb) => eb.selectFrom('people').select('id').where('email', '=', email))
      .compile(),
  ]);
  const person = await store.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return person.id;
}
