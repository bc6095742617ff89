/** @module Events as the JSON API shows them: the editable fields plus what the system keeps. */
import { DateTime } from 'luxon';
import type { CalendarEvent } from '../domain/event.js';
import { eventToInput } from '../domain/event-input.js';
import type { EventOccurrence } from '../domain/occurrences.js';
import { formatWhen } from '../domain/time.js';

export function presentEvent(
  event: CalendarEvent,
  publicUrl: string,
  extra: { activities?: CalendarEvent[]; continuesAs?: string[] } = {},
) {
  return {
    id: event.id,
    url: `${publicUrl}/api/events/${event.id}`,
    ...eventToInput(event),
    exceptions: event.exceptions.map((e) => ({
      recurrenceId: e.recurrenceId,
      status: e.kind,
      ...(e.when ? formatWhen(e.when, event.timezone) : {}),
      location: e.location,
      note: e.note,
    })),
    sequence: event.sequence,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
    cancelledAt: event.cancelledAt,
    cancelReason: event.cancelReason ?? '',
    changeReason: event.changeReason ?? '',
    parentOutcome: event.parentOutcome ?? null,
    // A series split by "this and following dates": the event it continues, and those continuing it.
    splitFrom: event.splitFrom ?? null,
    ...(extra.continuesAs?.length ? { continuesAs: extra.continuesAs } : {}),
    ...(event.kind === 'campaign_week'
      ? {
          activities: (extra.activities ?? []).map((a) => ({
            id: a.id,
            kind: a.kind,
            title: a.title,
            location: a.location,
            status: a.status,
            parentOutcome: a.parentOutcome ?? null,
            ...formatWhen(a.when, a.timezone),
          })),
        }
      : {}),
  };
}

export function presentOccurrence(event: CalendarEvent, occurrence: EventOccurrence) {
  return {
    eventId: event.id,
    recurrenceId: occurrence.recurrenceId,
    kind: event.kind,
    title: event.title,
    status: event.status,
    visibility: event.visibility,
    groupId: event.groupId,
    organisationId: event.organisationId,
    parentId: event.parentId,
    themes: event.themes,
    location: occurrence.location,
    moved: occurrence.moved,
    timezone: event.timezone,
    ...formatWhen(occurrence.when, event.timezone),
  };
}

export function isoNow(date: Date): string {
  return DateTime.fromJSDate(date).toUTC().toISO()!;
}
