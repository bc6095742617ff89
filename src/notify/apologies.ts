/**
 * @module Apologies for one occurrence of a meeting, sent from the link in a reminder: recorded
 * for the minutes and passed on to the group's organiser by email through the outbox (so the
 * organiser's email is as durable as any reminder), in one batch.
 */
import { getGroup } from '../db/directory.js';
import type { Store } from '../db/store.js';
import { occurrenceStart } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import type { EmailLink } from './email-links.js';
import { insertPlannedStatements } from './outbox.js';

/** The longest note a member may add to their apologies. */
export const MAX_APOLOGY_NOTE = 500;

/** Why apologies cannot be sent from this email link, or null when they can. */
export function apologyProblem(link: EmailLink, now: Date): string | null {
  const event = link.event;
  if (!event || link.delivery.kind === 'digest' || link.delivery.kind === 'apology') return 'This email was not about a meeting.';
  if (event.kind !== 'meeting' || !event.groupId) return 'Apologies are only for meetings of a group.';
  if (!link.state || link.state.cancelled) {
    const reason = link.state?.cancelled ? link.state.organiserReason.trim() : '';
    return `This meeting has been cancelled, so no apologies are needed.${reason ? ` Reason: ${reason}` : ''}`;
  }
  if (+occurrenceStart(link.state.when, event.timezone) <= +now) return 'This meeting has already started.';
  return null;
}

/**
 * Sends the apologies of the person an email link was sent to, for the meeting it was about as it is
 * now (a date a series edit moved: the meeting it became, ADR 283; check apologyProblem first). Returns whether they were new and the group's name, or a problem
 * when the group has no organiser to tell.
 */
export async function sendApologies(
  store: Store,
  link: EmailLink,
  note: string,
  now: Date,
): Promise<{ ok: true; first: boolean; groupName: string } | { ok: false; problem: string }> {
  const event = link.event!;
  const group = await getGroup(store, event.groupId!);
  if (!group?.organiserEmail)
    return { ok: false, problem: 'this group has no organiser email address to send apologies to; please reply to the reminder instead' };
  const first = await recordApology(store, {
    eventId: event.id,
    occurrence: link.occurrence,
    occurrenceStart: utcIso(occurrenceStart(link.state!.when, event.timezone)),
    personId: link.personId,
    organiserEmail: group.organiserEmail,
    note,
    now: utcIso(now),
  });
  return { ok: true, first, groupName: group.name };
}

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
