/**
 * @module Which events a feed holds: the filters a subscriber picked (theme, kind, group,
 * organisation, combinable) and the viewer it is read as. Normalised, so ?kind=a&theme=b and
 * ?theme=b&kind=a share one cache entry and one URL.
 */
import { EVENT_KINDS, KIND_LABELS, THEMES, isThemeCode, themeOf, type EventKind } from '../domain/kinds.js';
import type { FieldError } from '../domain/validation.js';
import type { CalendarEvent } from '../domain/event.js';
import { canSee, type Viewer } from '../domain/visibility.js';

export interface FeedFilter {
  themes: string[];
  kinds: EventKind[];
  /** Group ids (slugs are resolved before a filter is built). */
  groupIds: string[];
  organisationIds: string[];
}

export interface FeedSpec {
  filter: FeedFilter;
  viewer: Viewer;
}

/**
 * Whether an event is a member of the feed: published or cancelled (the serializer keeps
 * cancelled ones 30 days), never confidential, visible to the viewer, and matching every filter
 * given (any of its values). The same rule the member query states in SQL (src/feeds/feed-query.ts);
 * incremental builds ask it of the few events changed since the last build.
 */
export function inFeed(event: CalendarEvent, spec: FeedSpec): boolean {
  if (event.status !== 'published' && event.status !== 'cancelled') return false;
  if (event.visibility === 'confidential' || !canSee(spec.viewer, event)) return false;
  const { kinds, groupIds, organisationIds, themes } = spec.filter;
  if (kinds.length && !kinds.includes(event.kind)) return false;
  if (groupIds.length && (event.groupId === null || !groupIds.includes(event.groupId))) return false;
  if (organisationIds.length && (event.organisationId === null || !organisationIds.includes(event.organisationId))) return false;
  if (themes.length && !event.themes.some((t) => themes.includes(t))) return false;
  return true;
}

export const EMPTY_FILTER: FeedFilter = Object.freeze({ themes: [], kinds: [], groupIds: [], organisationIds: [] }) as FeedFilter;

/** Filter values as they appear in a URL: groups by slug. */
export interface FeedQuery {
  theme: string[];
  kind: string[];
  group: string[];
  organisation: string[];
}

const MAX_VALUES = 20;

/** Reads ?theme=C2,V1&kind=meeting&group=iag&organisation=<id> (comma-separated or repeated). */
export function readFeedQuery(values: (name: string) => string[]): { ok: true; query: FeedQuery } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const list = (name: keyof FeedQuery) => {
    const out = [
      ...new Set(
        values(name)
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ];
    if (out.length > MAX_VALUES) errors.push({ field: name, message: `has ${out.length} values; at most ${MAX_VALUES}` });
    return out.sort();
  };
  // The events' own tag rule, so any tag an event carries can be filtered on (ADR 275).
  const theme = list('theme').map((t) => themeOf(t) ?? t);
  for (const t of theme) {
    if (!themeOf(t)) {
      errors.push({ field: 'theme', message: `has "${t}"; use a strategy code (${Object.keys(THEMES).join(', ')}) or a tag` });
    }
  }
  const kind = list('kind');
  for (const k of kind) {
    if (!(EVENT_KINDS as readonly string[]).includes(k))
      errors.push({ field: 'kind', message: `has "${k}"; use one of: ${EVENT_KINDS.join(', ')}` });
  }
  const group = list('group');
  const organisation = list('organisation');
  for (const [field, vals] of [
    ['group', group],
    ['organisation', organisation],
  ] as const) {
    for (const v of vals) if (!/^[A-Za-z0-9-]{1,64}$/.test(v)) errors.push({ field, message: `has "${v}", which is not an id or slug` });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, query: { theme: [...new Set(theme)].sort(), kind, group, organisation } };
}

/** The query string of a feed URL, short and in a stable order (Google drops URLs over 256 characters). */
export function queryString(query: FeedQuery): string {
  const parts: string[] = [];
  for (const name of ['theme', 'kind', 'group', 'organisation'] as const) {
    if (query[name].length) parts.push(`${name}=${query[name].map(encodeURIComponent).join(',')}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export function isEmptyQuery(query: FeedQuery): boolean {
  return !query.theme.length && !query.kind.length && !query.group.length && !query.organisation.length;
}

/** Words for a filtered feed's name: "Hate crime · Campaign weeks". */
export function describeFilter(query: FeedQuery, names: { groups: Map<string, string>; organisations: Map<string, string> }): string {
  const words = [
    ...query.theme.map((t) => (isThemeCode(t) ? THEMES[t] : t)),
    ...query.kind.map((k) => KIND_LABELS[k as EventKind] ?? k),
    ...query.group.map((g) => names.groups.get(g) ?? g),
    ...query.organisation.map((o) => names.organisations.get(o) ?? o),
  ];
  return words.join(' · ');
}
