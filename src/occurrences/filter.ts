/**
 * @module The filters every calendar read takes (kind, theme, group, organisation, visibility,
 * status, campaign, words), as SQL on either the events table or the occurrence index, which
 * share those column names. One function, so a page, the API and the reminders never disagree
 * about who sees what (src/domain/visibility.ts is the rule; this is its SQL).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { EventKind, EventStatus, Visibility } from '../domain/kinds.js';
import { visibilityScope, type Viewer } from '../domain/visibility.js';
import { hasTrigramTable } from '../db/dialect.js';
import type { Store } from '../db/store.js';
import { inList, visibleIn } from '../db/visible.js';

export interface CalendarFilter {
  kinds?: EventKind[];
  /** Strategy codes (V1…C2) or tags; an event with any of them matches. */
  themes?: string[];
  groupIds?: string[];
  organisationIds?: string[];
  visibilities?: Visibility[];
  /** Default: published, plus drafts for organisers (cancelled events only when asked for). */
  statuses?: EventStatus[];
  /** Campaign weeks whose partner activities are wanted. */
  parentIds?: string[];
  eventIds?: string[];
  /** Words that must each appear in the title, description or location (at most five are used). */
  text?: string;
  /**
   * Set by `planSearch` when the trigram index finds few enough matches: the FTS5 MATCH expression
   * to use instead of scanning with LIKE.
   */
  textMatch?: string;
}

/** The statuses a list shows when the caller does not say. */
export function defaultStatuses(viewer: Viewer): EventStatus[] {
  return viewer.organiser ? ['draft', 'published'] : ['published'];
}

/** The words of a search, lower-cased, each escaped for LIKE. */
export function searchWords(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5)
    .map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/**
 * The filter and the viewer's visibility as one SQL condition on `alias` (a row of `events` or of
 * `event_occurrences`; `eventIdColumn` is that row's event id). Themes and words are looked up by
 * the event's id (event_themes' primary key, events' primary key).
 */
export function filterCondition(
  alias: string,
  eventIdColumn: 'id' | 'event_id',
  filter: CalendarFilter,
  viewer: Viewer,
): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<SqlBool>[] = [];
  const statuses = filter.statuses?.length ? filter.statuses : defaultStatuses(viewer);
  parts.push(inList(col('status'), statuses));
  const scope = visibilityScope(viewer);
  // Drafts are organisers' business only, whatever the filter asks for.
  if (scope) parts.push(visibleIn(scope, alias));
  if (filter.kinds?.length) parts.push(inList(col('kind'), filter.kinds));
  if (filter.groupIds?.length) parts.push(inList(col('group_id'), filter.groupIds));
  if (filter.organisationIds?.length) parts.push(inList(col('organisation_id'), filter.organisationIds));
  if (filter.visibilities?.length) parts.push(inList(col('visibility'), filter.visibilities));
  if (filter.parentIds?.length) parts.push(inList(col('parent_id'), filter.parentIds));
  if (filter.eventIds?.length) parts.push(inList(col(eventIdColumn), filter.eventIds));
  if (filter.themes?.length) {
    parts.push(
      sql<SqlBool>`exists (select 1 from event_themes where event_themes.event_id = ${col(eventIdColumn)} and ${inList(sql.ref('event_themes.theme'), filter.themes)})`,
    );
  }
  const words = searchWords(filter.text);
  if (filter.textMatch) {
    parts.push(
      sql<SqlBool>`${col(eventIdColumn)} in (select k.event_id from event_search s join event_search_keys k on k.n = s.rowid where event_search match ${filter.textMatch})`,
    );
  } else if (words.length) {
    const matches = words.map(
      (like) =>
        sql<SqlBool>`(lower(w.title) like ${like} escape '\\' or lower(w.description) like ${like} escape '\\' or lower(w.location) like ${like} escape '\\')`,
    );
    parts.push(sql<SqlBool>`exists (select 1 from events w where w.id = ${col(eventIdColumn)} and ${sql.join(matches, sql` and `)})`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Above this many matches a search scans in order with LIKE (common words fill a page at once). */
const SELECTIVE_MATCHES = 2000;

/**
 * Decides how to search: a word of three or more characters goes through the trigram index
 * (FTS5) when it matches at most SELECTIVE_MATCHES events, so a rare word costs its matches; a
 * common word (or a shorter one) is matched with LIKE while reading in order, which fills a page
 * quickly. Returns the filter with `textMatch` set when the index is used. On PostgreSQL the LIKE
 * conditions themselves are answered from pg_trgm indexes, so the filter goes back unchanged.
 */
export async function planSearch(store: Store, filter: CalendarFilter): Promise<CalendarFilter> {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  if (!words.length || words.some((w) => [...w].length < 3) || !hasTrigramTable(store)) return filter;
  const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
  const { rows } = await sql<{
    n: number;
  }>`select count(*) as n from (select rowid from event_search where event_search match ${match} limit ${SELECTIVE_MATCHES + 1})`.execute(
    store.db,
  );
  return Number(rows[0]?.n ?? 0) <= SELECTIVE_MATCHES ? { ...filter, textMatch: match } : filter;
}
