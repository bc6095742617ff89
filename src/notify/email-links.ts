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
import { occurrenceState, type OccurrenceState } from './occurrence-state.js';
import type { DeliveryRow } from './outbox.js';

export interface EmailLink {
  personId: string;
  email: string;
  delivery: DeliveryRow;
  event: CalendarEvent | null;
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
  const event = delivery.event_id ? await getEvent(store, delivery.event_id) : null;
  const topics = delivery.kind === 'digest' ? ['digest'] : event ? topicsFor(person, event, audience) : ['*'];
  return {
    personId: claim.personId,
    email: person.email,
    delivery,
    event,
    state: event ? occurrenceState(event, delivery.occurrence) : null,
    topics,
    audience,
  };
}
