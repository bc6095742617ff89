/**
 * @module Apologies for one occurrence of a meeting, sent from the link in a reminder: recorded
 * for the minutes and passed on to the group's organiser by email through the outbox (so the
 * organiser's email is as durable as any reminder), in one batch.
 */
import type { Store } from '../db/store.js';
import { insertPlannedStatements } from './outbox.js';

export interface ApologyInput {
  eventId: string;
  occurrence: string;
  occurrenceStart: string;
  personId: string;
  organiserEmail: string;
  note: string;
  now: string;
}

/** Records (or updates the note of) an apology; returns false when it had already been sent. */
export async function recordApology(store: Store, a: ApologyInput): Promise<boolean> {
  const existing = await store.db
    .selectFrom('apologies')
    .select('note')
    .where('event_id', '=', a.eventId)
    .where('occurrence', '=', a.occurrence)
    .where('person_id', '=', a.personId)
    .executeTakeFirst();
  await store.batch([
    store.db
      .insertInto('apologies')
      .values({ event_id: a.eventId, occurrence: a.occurrence, person_id: a.personId, note: a.note, created_at: a.now })
      .onConflict((oc) => oc.columns(['event_id', 'occurrence', 'person_id']).doUpdateSet({ note: a.note }))
      .compile(),
    ...insertPlannedStatements(
      store,
      [
        {
          rule: `apology:${a.personId}`,
          eventId: a.eventId,
          occurrence: a.occurrence,
          recipient: a.organiserEmail.toLowerCase(),
          personId: a.personId,
          kind: 'apology',
          dueAt: a.now,
          occurrenceStart: a.occurrenceStart,
          payload: { personId: a.personId, note: a.note },
        },
      ],
      a.now,
    ),
  ]);
  return !existing;
}

export async function hasApologised(store: Store, eventId: string, occurrence: string, personId: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('apologies')
    .select('person_id')
    .where('event_id', '=', eventId)
    .where('occurrence', '=', occurrence)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return !!row;
}
