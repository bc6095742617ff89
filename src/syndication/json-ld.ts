/**
 * @module schema.org Event data for public event pages (JSON-LD), so search engines can show the
 * partnership's dates as events. Typed with Google's `schema-dts` (generated from schema.org's
 * vocabulary), so a property or type that schema.org does not define fails to compile; the test
 * checks the rendered page's data against the same vocabulary.
 *
 * Dates carry their UK offset (an 18:00 meeting is 18:00+01:00 in October, 18:00+00:00 in
 * November); all-day dates are plain dates, endDate being the last day. A series is one Event
 * per upcoming occurrence, as search engines expect. Status: cancelled events and cancelled
 * dates are EventCancelled, moved dates EventRescheduled (with previousStartDate), the rest
 * EventScheduled. https://schema.org/Event
 */
import { DateTime } from 'luxon';
import type { Event as SchemaEvent, Graph, Organization, Place, VirtualLocation } from 'schema-dts';
import type { CalendarEvent, When } from '../domain/event.js';
import type { EventOccurrence } from '../domain/occurrences.js';
import { originalWhen, timeMoved } from '../domain/occurrences.js';

export interface JsonLdContext {
  publicUrl: string;
  partnershipName: string;
  /** The organisation running the event, when it has one. */
  organisation: { name: string; website: string | null } | null;
}

function isoDate(when: When, zone: string, edge: 'start' | 'end'): string {
  if (when.allDay) return edge === 'start' ? when.startDate : when.endDate;
  const instant = edge === 'start' ? when.startsAt : when.endsAt;
  return DateTime.fromISO(instant, { zone }).toISO({ suppressMilliseconds: true })!;
}

const ONLINE = /^(https?:\/\/\S+|online|(microsoft )?teams|zoom|virtual)$/i;

function place(location: string): { location?: Place | VirtualLocation; mode: SchemaEvent['eventAttendanceMode'] } {
  if (!location.trim()) return { mode: undefined };
  if (ONLINE.test(location.trim())) {
    const url = /^https?:\/\//.test(location.trim()) ? location.trim() : undefined;
    return {
      location: { '@type': 'VirtualLocation', ...(url ? { url } : { name: location.trim() }) },
      mode: 'https://schema.org/OnlineEventAttendanceMode',
    };
  }
  return {
    location: { '@type': 'Place', name: location, address: location },
    mode: 'https://schema.org/OfflineEventAttendanceMode',
  };
}

function organizer(ctx: JsonLdContext): Organization {
  if (ctx.organisation) {
    return { '@type': 'Organization', name: ctx.organisation.name, ...(ctx.organisation.website ? { url: ctx.organisation.website } : {}) };
  }
  return { '@type': 'Organization', name: ctx.partnershipName, url: `${ctx.publicUrl}/` };
}

/**
 * The page's JSON-LD: one Event for a one-off event, one per given occurrence for a series (the
 * page's "next dates"), plus one EventCancelled per given cancelled date. Null for events that
 * are not public or are drafts: their pages are not for search engines.
 */
export function eventJsonLd(
  event: CalendarEvent,
  occurrences: EventOccurrence[],
  cancelledRecurrenceIds: string[],
  ctx: JsonLdContext,
): Graph | null {
  if (event.visibility !== 'public' || event.status === 'draft') return null;
  const pageUrl = `${ctx.publicUrl}/events/${event.id}`;
  const base = {
    name: event.title,
    url: pageUrl,
    ...(event.description ? { description: event.description } : {}),
    organizer: organizer(ctx),
  };
  const one = (when: When, location: string, recurrenceId: string | null, status: SchemaEvent['eventStatus'], moved: boolean) => {
    const { location: where, mode } = place(location);
    const node: SchemaEvent = {
      '@type': 'Event',
      '@id': recurrenceId ? `${pageUrl}#occurrence-${encodeURIComponent(recurrenceId)}` : `${pageUrl}#event`,
      ...base,
      startDate: isoDate(when, event.timezone, 'start'),
      endDate: isoDate(when, event.timezone, 'end'),
      eventStatus: status,
      ...(mode ? { eventAttendanceMode: mode } : {}),
      ...(where ? { location: where } : {}),
      ...(moved && recurrenceId ? { previousStartDate: isoDate(originalWhen(event, recurrenceId), event.timezone, 'start') } : {}),
    };
    return node;
  };
  const cancelled = event.status === 'cancelled';
  const nodes: SchemaEvent[] = [];
  if (!event.rrule) {
    nodes.push(
      one(event.when, event.location, null, cancelled ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled', false),
    );
  } else {
    for (const o of occurrences) {
      const moved = timeMoved(event, o);
      const status = cancelled
        ? 'https://schema.org/EventCancelled'
        : moved
          ? 'https://schema.org/EventRescheduled'
          : 'https://schema.org/EventScheduled';
      nodes.push(one(o.when, o.location, o.recurrenceId, status, moved));
    }
    for (const recurrenceId of cancelledRecurrenceIds) {
      nodes.push(one(originalWhen(event, recurrenceId), event.location, recurrenceId, 'https://schema.org/EventCancelled', false));
    }
  }
  return { '@context': 'https://schema.org', '@graph': nodes };
}

/**
 * JSON-LD as the text of a <script type="application/ld+json"> block: "<" is escaped so no
 * string in the data can close the element, and the line separators JavaScript once rejected.
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
