/**
 * @module What a link in an email points at: the token checked, the delivery it came from, the
 * person and (for event emails) the event and occurrence. Shared by the unsubscribe, preferences
 * and apology endpoints.
 */
import { getEvent } from '../db/events.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { loadPersonAudience, type Audience } from './audience.js';
import { topicsFor } from './compose.js';
import { LinkSigner, signingKey } from './links.js';
import { heldDateNowOf } from './held-date.js';
import type { OccurrenceState } from './occurrence-state.js';
import type { DeliveryRow } from './outbox.js';

export interface EmailLink {
  personId: string;
  email: string;
  delivery: DeliveryRow;
  /**
   * The event the e-mail's date lives in now, and its RECURRENCE-ID there (`occurrence`, '' for a
   * one-off): the delivery's own (event, occurrence) unless a series edit moved the date (ADR 283).
   */
  event: CalendarEvent | null;
  occurrence: string;
  state: OccurrenceState | null;
  /** The topics that brought this email; unsubscribing from them stops emails like it. */
  topics: string[];
  audience: Audience;
}

export async function resolveEmailLink(store: Store, secret: string | null | undefined, token: string): Promise<EmailLink | null> {
  const signer = new LinkSigner(await signingKey(store, secret));
  const claim = await signer.verify(token);
  if (!claim) return null;
  const delivery = await store.db.selectFrom('reminder_deliveries').selectAll().where('id', '=', claim.deliveryId).executeTakeFirst();
  if (!delivery || delivery.person_id !== claim.personId) return null;
  const audience = await loadPersonAudience(store, claim.personId);
  const person = audience.recipients.get(claim.personId);
  if (!person) return null;
  const held = delivery.event_id ? await getEvent(store, delivery.event_id) : null;
  const topics = delivery.kind === 'digest' ? ['digest'] : held ? topicsFor(person, held, audience) : ['*'];
  const now = held ? await heldDateNowOf(store, held, delivery.occurrence) : null;
  return {
    personId: claim.personId,
    email: person.email,
    delivery,
    event: now?.event ?? null,
    occurrence: now?.occurrence ?? delivery.occurrence,
    state: now?.state ?? null,
    topics,
    audience,
  };
}
