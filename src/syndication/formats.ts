/**
 * @module Upcoming events as RSS 2.0, Atom 1.0 and JSON Feed 1, written by the npm `feed`
 * package (docs/decisions.md): news readers, newsletters and partners' websites read these
 * formats where they do not read iCalendar. One item per occurrence: a monthly meeting is twelve
 * items in a year, each linking to the event's page. Bodies are stable for the same calendar
 * (dates come from the events, never from the clock), so ETags stay valid between builds.
 */
import { Feed, type Item } from 'feed';
import { escapeHtml } from '../../emails/layout.js';
import { keptActivityNote, type CalendarEvent } from '../domain/event.js';
import { KIND_LABELS, THEMES, isThemeCode } from '../domain/kinds.js';
import { dateChange } from '../domain/occurrences.js';
import { formatWhen } from '../domain/time.js';
import type { Dated } from '../http/web/calendar-data.js';
import { whenText } from '../http/pages/format.js';

export const FORMATS = {
  rss: { contentType: 'application/rss+xml; charset=utf-8', label: 'RSS' },
  atom: { contentType: 'application/atom+xml; charset=utf-8', label: 'Atom' },
  json: { contentType: 'application/feed+json; charset=utf-8', label: 'JSON Feed' },
} as const;
export type NewsFormat = keyof typeof FORMATS;

export function isNewsFormat(value: string): value is NewsFormat {
  return Object.prototype.hasOwnProperty.call(FORMATS, value);
}

export interface NewsFeedOptions {
  partnershipName: string;
  name: string;
  description: string;
  publicUrl: string;
  /** The feed's own address without its extension (".rss" etc. are added), with its query. */
  feedBase: { path: string; query: string };
  /** Where a person reads the same listing (the calendar's home page or a group's subscribe page). */
  homeUrl: string;
  /** The newest change the list reflects (the feed's updated / lastBuildDate). */
  updated: Date;
  /** Organisation names by id, for "Run by". */
  organisations: Map<string, string>;
}

/** The item id: the event page with the occurrence as its fragment (stable across rebuilds). */
export function occurrenceId(publicUrl: string, event: CalendarEvent, recurrenceId: string | null): string {
  return `${publicUrl}/events/${event.id}${recurrenceId ? `#occurrence-${encodeURIComponent(recurrenceId)}` : ''}`;
}

function itemOf(d: Dated, options: NewsFeedOptions): Item {
  const { event, occurrence } = d;
  const when = whenText(occurrence.when, event.timezone);
  // Moved only when its time moved; a venue of its own is said as such (the event page's rule, ADR 288).
  const change = dateChange(event, occurrence);
  const organisation = event.organisationId ? options.organisations.get(event.organisationId) : undefined;
  // A partner activity kept going while its week (or its date of the week) is off says so, as its page and .ics do (ADR 296).
  const kept = keptActivityNote(event);
  const lines = [
    `<p><strong>When:</strong> ${escapeHtml(when)}${change === 'moved' ? ' (moved)' : ''}</p>`,
    occurrence.location
      ? `<p><strong>Where:</strong> ${escapeHtml(occurrence.location)}${change === 'venue' ? ' (venue changed)' : ''}</p>`
      : '',
    organisation ? `<p><strong>Run by:</strong> ${escapeHtml(organisation)}</p>` : '',
    kept ? `<p>${escapeHtml(kept)}</p>` : '',
    event.description
      ? event.description
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
          .join('')
      : '',
  ];
  const link = `${options.publicUrl}/events/${event.id}`;
  const { allDay, start, end } = formatWhen(occurrence.when, event.timezone);
  return {
    title: `${event.title} – ${when}`,
    id: occurrenceId(options.publicUrl, event, occurrence.recurrenceId),
    link,
    date: new Date(event.updatedAt),
    published: new Date(event.createdAt),
    description: lines.filter(Boolean).join(''),
    category: [{ name: KIND_LABELS[event.kind] }, ...event.themes.map((t) => ({ name: isThemeCode(t) ? THEMES[t] : t, term: t }))],
    // JSON Feed extension (its keys start with "_"): the dates as data for widgets.
    extensions: [
      {
        name: '_event',
        objects: { start, end, all_day: allDay, timezone: event.timezone, location: occurrence.location, moved: change === 'moved' },
      },
    ],
  };
}

/** The feed body in `format`; the same list gives the same bytes. */
export function renderNewsFeed(format: NewsFormat, items: Dated[], options: NewsFeedOptions): string {
  const self = (ext: NewsFormat) => `${options.publicUrl}${options.feedBase.path}.${ext}${options.feedBase.query}`;
  const feed = new Feed({
    id: self(format),
    title: options.name,
    description: options.description,
    link: options.homeUrl,
    language: 'en-GB',
    updated: options.updated,
    generator: 'safercal',
    ttl: 60,
    copyright: `Published by the ${options.partnershipName}`,
    feedLinks: { rss: self('rss'), atom: self('atom'), json: self('json') },
  });
  for (const d of items) {
    const item = itemOf(d, options);
    // RSS and Atom have no place for the JSON extension; the description carries the same words.
    feed.addItem(format === 'json' ? item : { ...item, extensions: undefined });
  }
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return feed.json1();
}
