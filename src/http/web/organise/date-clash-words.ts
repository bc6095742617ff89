/**
 * @module The dates page's words for a move or restore refused because two dates of one series
 * would start together (ADRs 177, 242). The API's answer names the other part by its API path and
 * the start as ISO text (src/series/chain.ts); a page names the start in words and links to the
 * dates of the part the other date is in (ADR 254). The refusal itself stays the API's: these
 * words are only written once it has refused.
 */
import { getEvents } from '../../../db/events.js';
import type { Store } from '../../../db/store.js';
import type { CalendarEvent, When } from '../../../domain/event.js';
import { originalWhen } from '../../../domain/occurrences.js';
import type { FieldError } from '../../../domain/validation.js';
import { indexedDateStartingAt, otherPartsOf } from '../../../series/chain.js';
import type { ErrorLink } from '../../pages/components.js';
import { longDate, startDateOf, whenText } from '../../pages/format.js';

/** A refusal in the page's words, with the page of the other part when the date it meets is there. */
export interface WordedClash {
  error: FieldError;
  link?: ErrorLink;
}

/** "Wednesday 30 June 2027, 18:00" (UK time), or the date alone for an all-day series. */
function startInWords(when: When, zone: string): string {
  return when.allDay ? longDate(when.startDate) : whenText({ allDay: false, startsAt: when.startsAt, endsAt: when.startsAt }, zone);
}

/**
 * The other part of `event`'s split chain with a date starting exactly at `when` (stored form), and
 * its dates page (its event page when it is a one-off, which has no dates page); null when the date
 * met is `event`'s own. Reads the chain and the occurrence index, as the refusal did.
 */
async function otherPartAt(store: Store, event: CalendarEvent, when: When): Promise<{ sentence: string; link: ErrorLink } | null> {
  const met = await indexedDateStartingAt(store, await otherPartsOf(store, event.id), [when]);
  if (!met) return null;
  const [part] = await getEvents(store, [met.eventId]);
  if (!part) return null;
  const from = longDate(startDateOf(part.when, part.timezone));
  return {
    sentence: `. That date is in its part “${part.title}” from ${from}`,
    link: part.rrule
      ? { href: `/organise/events/${part.id}/occurrences`, text: 'see its dates page' }
      : { href: `/organise/events/${part.id}`, text: 'see that date' },
  };
}

/**
 * A move of one date to `when` (stored form) that the series refused (moveCollisionsInSeries), on
 * the form's date field: the start in words, and the other part's dates page when the date there is
 * in another part.
 */
export async function moveClashInWords(store: Store, event: CalendarEvent, when: When): Promise<WordedClash> {
  const part = await otherPartAt(store, event, when);
  return {
    error: {
      field: 'date',
      message: `is the start of another date of this series (${startInWords(when, event.timezone)}); cancel this date instead, or choose another time${part?.sentence ?? ''}`,
    },
    ...(part ? { link: part.link } : {}),
  };
}

/**
 * A restore of the date `recurrenceId` that the series refused (restoreCollisionsInSeries): where
 * it would come back (a cancelled date that had been moved, at its moved start; any other, at its
 * own) in words, and the other part's dates page when the date moved there is in another part.
 */
export async function restoreClashInWords(store: Store, event: CalendarEvent, recurrenceId: string): Promise<WordedClash> {
  const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
  const when = exception?.kind === 'cancelled' && exception.when ? exception.when : originalWhen(event, recurrenceId);
  const part = await otherPartAt(store, event, when);
  return {
    error: {
      field: 'recurrenceId',
      message: `This date cannot come back at its time (${startInWords(when, event.timezone)}): another date of this series was moved there; move that date elsewhere first, or move this date instead of restoring it${part?.sentence ?? ''}`,
    },
    ...(part ? { link: part.link } : {}),
  };
}
