/**
 * @module The dates page's words for a move or restore refused because two dates of one series
 * would start together (ADRs 177, 242). The series' check (seriesClashAt, src/series/chain.ts)
 * finds the date met and the part it is in; the API's answer names that start as ISO text, and a
 * page names it in words and links to the dates of the part the other date is in (ADR 254). Also
 * a form posted for a date the series no longer has: its nearest dates in words (ADR 254, amended).
 */
import type { CalendarEvent, When } from '../../../domain/event.js';
import { nearestOccurrenceStarts, readRecurrenceId } from '../../../domain/exception-input.js';
import { isOccurrenceOf } from '../../../domain/occurrences.js';
import type { FieldError } from '../../../domain/validation.js';
import type { SeriesDateClash } from '../../../series/index.js';
import type { ErrorLink } from '../../pages/components.js';
import { longDate, startDateOf, startOnPage } from '../../pages/format.js';

/** A refusal in the page's words, with the page of the other part when the date it meets is there. */
export interface WordedClash {
  error: FieldError;
  link?: ErrorLink;
}

/**
 * The clash's other part in words, and its dates page (its event page when it is a one-off, which
 * has no dates page); nothing when the date met is the event's own.
 */
function otherPart(clash: SeriesDateClash): { sentence: string; link?: ErrorLink } {
  const part = clash.part;
  if (!part) return { sentence: '' };
  return {
    sentence: `. That date is in its part “${part.title}” from ${longDate(startDateOf(part.when, part.timezone))}`,
    link: part.rrule
      ? { href: `/organise/events/${part.id}/occurrences`, text: 'see its dates page' }
      : { href: `/organise/events/${part.id}`, text: 'see that date' },
  };
}

/**
 * A move of one date of `event` to `when` (stored form) that the series refused with `clash`, on
 * the form's date field: the start in words, and the other part's dates page when the date there
 * is in another part.
 */
export function moveClashInWords(event: CalendarEvent, when: When, clash: SeriesDateClash): WordedClash {
  const part = otherPart(clash);
  return {
    error: {
      field: 'date',
      message: `is the start of another date of this series (${startOnPage(when, event.timezone)}); cancel this date instead, or choose another time${part.sentence}`,
    },
    ...(part.link ? { link: part.link } : {}),
  };
}

/**
 * A restore of a date of `event`, which would come back at `when` (restoredWhen), that the series
 * refused with `clash`: where in words, and the other part's dates page when the date moved there
 * is in another part.
 */
export function restoreClashInWords(event: CalendarEvent, when: When, clash: SeriesDateClash): WordedClash {
  const part = otherPart(clash);
  return {
    error: {
      field: 'recurrenceId',
      message: `This date cannot come back at its time (${startOnPage(when, event.timezone)}): another date of this series was moved there; move that date elsewhere first, or move this date instead of restoring it${part.sentence}`,
    },
    ...(part.link ? { link: part.link } : {}),
  };
}

/**
 * The check of a posted date key (`rawRecurrenceId`) in the page's words: a key that reads but is
 * no date of the series (a stale page: the series changed since) names the nearest dates as pages
 * write dates ("Thursday 6 October 2022, 18:00", BST or GMT kept in the repeated autumn hour),
 * where the API's message gives URL keys. Any other error is returned as it is.
 */
export function staleDateInWords(event: CalendarEvent, rawRecurrenceId: string, error: FieldError): FieldError {
  if (error.field !== 'recurrenceId') return error;
  const read = readRecurrenceId(event, rawRecurrenceId);
  if (!read.ok || isOccurrenceOf(event, read.value)) return error;
  const { before, after } = nearestOccurrenceStarts(event, read.value);
  const words = [before, after].filter((w): w is When => w !== null).map((w) => startOnPage(w, event.timezone));
  const nearest = words.length === 2 ? `; the nearest are ${words[0]} and ${words[1]}` : words.length ? `; the nearest is ${words[0]}` : '';
  return { field: error.field, message: `is not an occurrence of this series${nearest}` };
}
