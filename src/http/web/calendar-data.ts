/** @module What the calendar pages read: occurrences in a window for a viewer, and names for ids. */
import type { DateTime } from 'luxon';
import { findEvents, type EventFilter } from '../../db/events.js';
import { listGroups, listOrganisations } from '../../db/directory.js';
import type { Store } from '../../db/store.js';
import type { CalendarEvent } from '../../domain/event.js';
import { occurrencesInWindow, type EventOccurrence } from '../../domain/occurrences.js';
import { instantRange } from '../../domain/time.js';
import type { Viewer } from '../../domain/visibility.js';

export interface Dated {
  event: CalendarEvent;
  occurrence: EventOccurrence;
}

/** Published events (and drafts, for organisers) the viewer may see, as dated occurrences, earliest first. */
export async function datedOccurrences(
  store: Store,
  viewer: Viewer,
  window: { from: DateTime; to: DateTime },
  filter: Omit<EventFilter, 'window' | 'statuses'> = {},
): Promise<Dated[]> {
  const statuses: EventFilter['statuses'] = viewer.organiser ? ['draft', 'published'] : ['published'];
  const events = await findEvents(store, { ...filter, window, statuses }, viewer);
  return events
    .flatMap((event) => occurrencesInWindow(event, window).map((occurrence) => ({ event, occurrence })))
    .map((d) => ({ d, key: +instantRange(d.occurrence.when, d.event.timezone).start }))
    .sort((a, b) => a.key - b.key || a.d.event.title.localeCompare(b.d.event.title))
    .map(({ d }) => d);
}

export interface Names {
  organisations: Map<string, string>;
  groups: Map<string, { name: string; slug: string }>;
}

export async function directoryNames(store: Store): Promise<Names> {
  const [organisations, groups] = await Promise.all([listOrganisations(store), listGroups(store)]);
  return {
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
    groups: new Map(groups.map((g) => [g.id, { name: g.name, slug: g.slug }])),
  };
}
