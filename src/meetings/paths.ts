/**
 * @module Where a meeting lives on the web and in the API. A one-off meeting is /meetings/{event
 * id}; one date of a series adds its RECURRENCE-ID in iCalendar's basic UTC form
 * (/meetings/{event id}/20220921T170000Z, RFC 5545 §3.3.5), which has no colons and cannot be
 * mistaken for a word such as "attendance" in the paths below it.
 */
import type { MeetingKey } from './meeting.js';

/** Hono route pattern of the occurrence segment (a UTC instant, or a date for an all-day series). */
// No braces inside the pattern, so route listings (the OpenAPI test) read it; occurrenceFromSegment
// checks the exact form and a malformed segment is answered 404.
export const OCCURRENCE_PATTERN = '{[0-9]+(?:T[0-9]+Z)?}';

/** '2022-09-21T17:00:00Z' → '20220921T170000Z'; '2022-09-21' → '20220921'; '' → ''. */
export function occurrenceSegment(occurrence: string): string {
  return occurrence.replace(/[-:]/g, '');
}

/** The stored occurrence for a path segment ('' for none), or null when the segment is malformed. */
export function occurrenceFromSegment(segment: string | undefined): string | null {
  if (segment === undefined || segment === '') return '';
  const instant = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(segment);
  if (instant) return `${instant[1]}-${instant[2]}-${instant[3]}T${instant[4]}:${instant[5]}:${instant[6]}Z`;
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(segment);
  return date ? `${date[1]}-${date[2]}-${date[3]}` : null;
}

/** The meeting's public page: /meetings/{event id}[/{occurrence}]. */
export function meetingPath(key: MeetingKey): string {
  const segment = occurrenceSegment(key.occurrence);
  return `/meetings/${encodeURIComponent(key.eventId)}${segment ? `/${segment}` : ''}`;
}

/** The organisers' workspace for the meeting. */
export function workspacePath(key: MeetingKey): string {
  return `/organise${meetingPath(key)}`;
}

/** The meeting in the JSON API. */
export function apiMeetingPath(key: MeetingKey): string {
  return `/api${meetingPath(key)}`;
}

/** An uploaded document's download address. */
export function documentPath(documentId: string): string {
  return `/documents/${encodeURIComponent(documentId)}`;
}

/** The group's public page, with its meetings. */
export function groupPagePath(slug: string): string {
  return `/groups/${encodeURIComponent(slug)}`;
}
