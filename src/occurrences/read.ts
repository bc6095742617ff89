/**
 * @module Reading the calendar by its occurrence index: a page of occurrences in a window, earliest
 * first, filtered, ordered and limited in SQL on indexed columns, touching only the rows it shows.
 *
 * A window [from, to) is answered from three places:
 *  - rows that start inside it: one range of the (start_at, event_id, recurrence_id) index, read in
 *    order with LIMIT, continuing after a cursor (keyset paging: page 50 costs what page 1 costs);
 *  - rows that started before it and are still running: those that started in the 8 days before
 *    `from`, plus the few marked long_running (two short index ranges);
 *  - series whose rows do not cover the window (a window years away, or an event not indexed yet):
 *    expanded on the spot from the window's start, never from the series' first date, and merged.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { DateTime } from 'luxon';
import { getEvents } from '../db/events.js';
import { COMPOUND_SELECT_TERMS, PARAMETERS_PER_STATEMENT, statementChunks } from '../db/dialect.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent, When } from '../domain/event.js';
import { occurrencesInWindow, type EventOccurrence, type Window } from '../domain/occurrences.js';
import { addDays, daysBetween, DEFAULT_ZONE, instantRange, instantRangeMs, midnightMs, utcIso } from '../domain/time.js';
import {
  expandAllDay,
  expandTimedMs,
  localDateOf,
  nextInstanceOnOrAfter,
  parseRRule,
  type ClockChange,
  type RRule,
  type SeriesStart,
} from '../domain/recurrence.js';
import type { Viewer } from '../domain/visibility.js';
import { timeSlicer } from '../feeds/yield.js';
import { whenOf } from '../db/events.js';
import { filterCondition, planSearch, type CalendarFilter } from './filter.js';
import { keyedSeries, keyMs, type PageStart } from './series-order.js';
import { LONG_RUNNING_MS, type OccurrenceRow } from './rows.js';
import { INDEX_VERSION } from './version.js';

/** One occurrence with its event, as pages and the API show it. */
export interface Dated {
  event: CalendarEvent;
  occurrence: EventOccurrence;
}

/** Where a page ends: the sort key of its last (or first) occurrence. */
export interface OccurrenceCursor {
  start: string;
  eventId: string;
  recurrenceId: string;
}

export interface OccurrencePage {
  items: Dated[];
  /** Cursor for the page after this one, or null when this is the last. */
  next: OccurrenceCursor | null;
  /** Cursor for the page before this one, or null when this is the first. */
  previous: OccurrenceCursor | null;
}

export interface OccurrencePageRequest {
  window: Window;
  filter?: CalendarFilter;
  limit: number;
  /** Occurrences strictly after this one (the next page). */
  after?: OccurrenceCursor | null;
  /** Occurrences strictly before this one (the previous page). */
  before?: OccurrenceCursor | null;
  /**
   * The request's time slicer (src/feeds/yield.ts timeSlicer), shared with the caller so that its
   * presenting of the page yields on the same clock as the read; a new one when absent.
   */
  pause?: () => Promise<void>;
}

/** A cursor as URL text: `start~event~recurrence`. */
export function encodeCursor(c: OccurrenceCursor): string {
  return `${c.start}~${c.eventId}~${c.recurrenceId}`;
}

/** Reads a cursor from a URL; null when it is not one (the caller shows the first page). */
export function decodeCursor(text: string | undefined | null): OccurrenceCursor | null {
  if (!text) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)~([A-Za-z0-9-]{1,64})~(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z)?)?$/.exec(text);
  return m ? { start: m[1]!, eventId: m[2]!, recurrenceId: m[3] ?? '' } : null;
}

/** A row's sort key, comparable as a tuple. */
interface Keyed {
  start: string;
  eventId: string;
  recurrenceId: string;
}

function compare(a: Keyed, b: Keyed): number {
  return a.start < b.start
    ? -1
    : a.start > b.start
      ? 1
      : a.eventId < b.eventId
        ? -1
        : a.eventId > b.eventId
          ? 1
          : a.recurrenceId < b.recurrenceId
            ? -1
            : a.recurrenceId > b.recurrenceId
              ? 1
              : 0;
}

/** An occurrence found either in the index or by expanding an unindexed series. */
interface Found extends Keyed {
  when: When;
  location: string | null;
  moved: boolean;
  clockChange?: ClockChange | null;
  /** Set when the occurrence came from expansion (the event is already loaded). */
  event?: CalendarEvent;
}

function fromRow(row: OccurrenceRow): Found {
  return {
    start: row.start_at,
    eventId: row.event_id,
    recurrenceId: row.recurrence_id,
    when:
      row.start_date !== null && row.end_date !== null
        ? { allDay: true, startDate: row.start_date, endDate: row.end_date }
        : { allDay: false, startsAt: row.start_at, endsAt: row.end_at },
    location: row.location,
    moved: row.state === 'moved',
    clockChange: (row.clock_change as ClockChange | null) ?? null,
  };
}

/** Keyset condition: rows strictly after (or before) the cursor in (start_at, event_id, recurrence_id) order. */
function beyond(cursor: OccurrenceCursor, direction: 'after' | 'before'): RawBuilder<SqlBool> {
  const op = direction === 'after' ? sql`>` : sql`<`;
  return sql<SqlBool>`(o.start_at ${op} ${cursor.start} or (o.start_at = ${cursor.start} and (o.event_id ${op} ${cursor.eventId} or (o.event_id = ${cursor.eventId} and o.recurrence_id ${op} ${cursor.recurrenceId}))))`;
}

/**
 * Events whose index rows cannot answer this window: not indexed with the current rules, or a
 * series whose rows stop short of the window. Normally none (each test is a short index range);
 * for a window years away, every series alive then.
 */
function untrustedCondition(alias: string, window: { from: string; to: string }): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SqlBool>`(${col('index_version')} is null or ${col('index_version')} < ${INDEX_VERSION} or ${col('index_version')} > ${INDEX_VERSION}
    or (${col('rrule')} is not null and (${col('indexed_from')} > ${window.from} or ${col('indexed_until')} < ${window.to})
        and ${col('first_start')} < ${window.to} and (${col('last_end')} is null or ${col('last_end')} > ${window.from})))`;
}

/**
 * A subquery of the ids of events that may be untrusted for this window, from index ranges only
 * (index_version, indexed_until, indexed_from): none for a window inside the horizon, which is
 * nearly every read. Testing untrustedCondition over the events table instead had SQLite walk
 * every published event on every page (its planner prefers the status index): 20 ms at 10k events,
 * ten times that at 100k. Used as `e.id in (…)`, so the candidates drive the read in one statement
 * (they were read first and sent back 80 ids a statement: 110 statements for a window beyond the
 * horizon at 100k events, ADR 182).
 */
function untrustedCandidates(bounds: { from: string; to: string }, opts: { reach: boolean } = { reach: true }): RawBuilder<unknown> {
  const ids = (q: RawBuilder<unknown>) => sql`select c.id from events c where ${q}`;
  return sql`(${ids(sql`c.index_version is null`)}
    union all ${ids(sql`c.index_version < ${INDEX_VERSION}`)}
    union all ${ids(sql`c.index_version > ${INDEX_VERSION}`)}
    ${opts.reach ? sql`union all ${ids(sql`c.indexed_until < ${bounds.to}`)}` : sql``}
    union all ${ids(sql`c.indexed_from > ${bounds.from}`)})`;
}

/** Untrusted events the filter selects, loaded whole (with themes and exceptions) for expansion. */
async function untrustedEvents(
  store: Store,
  viewer: Viewer,
  filter: CalendarFilter,
  bounds: { from: string; to: string },
): Promise<CalendarEvent[]> {
  const rows = await store.db
    .selectFrom('events as e')
    .select('e.id')
    .where(sql<SqlBool>`e.id in ${untrustedCandidates(bounds)}`)
    .where(untrustedCondition('e', bounds))
    .where(filterCondition('e', 'id', filter, viewer))
    .execute();
  return rows.length
    ? getEvents(
        store,
        rows.map((r) => r.id),
      )
    : [];
}

function found(event: CalendarEvent, o: EventOccurrence): Found {
  return {
    start: utcText(instantRangeMs(o.when, event.timezone).start),
    eventId: event.id,
    recurrenceId: o.recurrenceId ?? '',
    when: o.when,
    location: o.moved ? o.location : null,
    moved: o.moved,
    clockChange: o.clockChange ?? null,
    event,
  };
}

/**
 * Every occurrence of these events (which the index cannot answer for) in the window, in order:
 * for views that show a whole window (a month, a year, a previous page).
 */
async function expandEvents(events: CalendarEvent[], window: Window): Promise<Found[]> {
  const out: Found[] = [];
  const pause = timeSlicer();
  for (const event of events) {
    for (const o of occurrencesInWindow(event, window)) out.push(found(event, o));
    // Expansion is CPU work; let other requests in every few milliseconds.
    await pause();
  }
  return out.sort(compare);
}

/** Days in one period of a rule (a month or year at its longest), so a first sub-window usually holds one instance. */
function periodDaysOf(event: CalendarEvent): number {
  const parsed = event.rrule ? parseRRule(event.rrule) : null;
  return parsed?.ok ? periodDays(parsed.rule) : 31;
}

function periodDays(rule: RRule): number {
  const per = { DAILY: 1, WEEKLY: 7, MONTHLY: 31, YEARLY: 366 }[rule.freq];
  return per * (rule.interval ?? 1) + 1;
}

/**
 * One event's occurrences in the window after the cursor, in order, expanded lazily over
 * sub-windows: the first as long as one period of its rule (the engine seeks there without walking
 * from the series' start: ADR 4), each next one twice as long. Asking for the first costs one
 * period's expansion, whatever the distance from the series' first date.
 */
function* lazyOccurrences(event: CalendarEvent, window: Window, after: OccurrenceCursor | null): Generator<Found> {
  // Start a little before the cursor: an occurrence that started earlier may still sort after it (same start, later id).
  let from = after ? DateTime.max(window.from, DateTime.fromISO(after.start, { zone: 'UTC' }).minus({ days: 1 })) : window.from;
  let step = periodDaysOf(event);
  let firstStep = true;
  while (from < window.to) {
    const to = DateTime.min(window.to, from.plus({ days: step }));
    const fromIso = utcIso(from);
    const batch: Found[] = [];
    for (const o of occurrencesInWindow(event, { from, to })) {
      const f = found(event, o);
      // Later sub-windows also return what was still running at their start: count it once.
      if (!firstStep && f.start < fromIso) continue;
      if (!after || compare(f, after) > 0) batch.push(f);
    }
    yield* batch.sort(compare);
    from = to;
    step *= 2;
    firstStep = false;
  }
}

/** What a far window needs to know of an unindexed series before expanding it: its rule and first date. */
interface Seed {
  id: string;
  rrule: string | null;
  when: When;
  timezone: string;
  /**
   * Whether the series has moved or cancelled dates that could be on this page (a date moved to
   * somewhere that may be, or an original date late enough to be): then it is loaded whole before
   * it is expanded. Dates changed years before a far window leave it expanded from its seed.
   */
  excepted: boolean;
  /**
   * The earliest start (UTC instant, or an all-day date) of its dates moved to somewhere that may
   * be on this page (ending no earlier than two days before the window or cursor), or null.
   */
  movedFrom: string | null;
}

/**
 * The series a far window expands, as seeds (no themes, exceptions or texts are read), handed out
 * in the order of a lower bound of their occurrences on the page (ADR 276): first the few read whole
 * at once (series not indexed yet or indexed by other rules, and those with a date moved to near the
 * page, which may land anywhere), then the series whose rows stop short of the window in the order
 * of `keyedSeries` (src/occurrences/series-order.ts), a chunk at a time, so that a page that fills
 * early reads a few hundred of the thousands alive then.
 */
interface SeedSource {
  /** Seeds to merge from the start, each under the bound quickBound gives it. */
  first: Seed[];
  /** Seeds of the first chunk, in key order, each with its key as UTC ms. */
  keyed: KeyedSeed[];
  /** The next chunk (none when every series has been handed out). */
  more(): Promise<KeyedSeed[]>;
  /** A lower bound (UTC ms) of the occurrences of every series not handed out yet; Infinity when none is left. */
  unreadMs(): number;
}

/** A seed handed out in key order, with its key (UTC ms). */
interface KeyedSeed {
  seed: Seed;
  ms: number;
  keyed: true;
}

/** Columns of a seed as the events table holds them. */
interface SeedRow {
  id: string;
  rrule: string | null;
  start_date: string | null;
  end_date: string | null;
  starts_at: string | null;
  ends_at: string | null;
  timezone: string;
}

/**
 * The untrusted events the filter selects, as a SeedSource. `movedSince`: UTC instant text; moved
 * dates ending before it cannot be on the page. `count`: the occurrences the page needs (the first
 * chunk is a few times that many series).
 */
async function untrustedSeeds(
  store: Store,
  viewer: Viewer,
  filter: CalendarFilter,
  bounds: { from: string; to: string },
  page: PageStart & { movedSince: string; count: number },
  pause: () => Promise<void>,
): Promise<SeedSource> {
  const alive = (candidates: RawBuilder<SqlBool>) =>
    sql<SqlBool>`(${candidates} and ${untrustedCondition('e', bounds)} and ${filterCondition('e', 'id', filter, viewer)})`;
  const seedColumns = ['e.id', 'e.rrule', 'e.start_date', 'e.end_date', 'e.starts_at', 'e.ends_at', 'e.timezone'] as const;
  // Series whose rows stop short of the window (every series alive then, for a window beyond the
  // horizon) are one range of the partial index events_series_seeds, which holds every column
  // `keyedSeries` reads (migration 0021); the rare others (not indexed yet, indexed by other rules)
  // are read whole by their ids. Each statement is its own turn of the event loop.
  const reachingCondition = sql<SqlBool>`e.rrule is not null and e.indexed_until < ${bounds.to}`;
  const othersCondition = sql<SqlBool>`e.id in ${untrustedCandidates(bounds, { reach: false })}`;
  const sinceMs = Date.parse(page.movedSince);
  const others = await store.db.selectFrom('events as e').select(seedColumns).where(alive(othersCondition)).execute();
  await pause();
  // What the others' moved and cancelled dates say: one grouped read of event_exceptions (ADRs 227, 260).
  const changed = new Map<string, { last_exception: string | null; moved_from: string | null }>();
  if (others.length) {
    const rows = await store.db
      .selectFrom('event_exceptions as x')
      .select([
        'x.event_id',
        sql<string | null>`max(x.recurrence_id)`.as('last_exception'),
        sql<
          string | null
        >`min(case when x.kind = 'moved' and coalesce(x.ends_at, x.end_date) >= ${page.movedSince} then coalesce(x.starts_at, x.start_date) end)`.as(
          'moved_from',
        ),
      ])
      .where(sql<SqlBool>`x.event_id in (select e.id from events e where ${alive(othersCondition)})`)
      .groupBy('x.event_id')
      .execute();
    for (const r of rows) changed.set(r.event_id, r);
    await pause();
  }
  // The reaching series with a date moved to somewhere that may be on the page: such a date can be
  // anywhere, so these are merged from the start. Moved dates ending that late are few (none, for a
  // window years away); every moved date of the calendar is tested (event_exceptions has no index by
  // date), a few thousand rows at 100k events.
  const movedNear = await store.db
    .selectFrom('event_exceptions as x')
    .innerJoin('events as e', 'e.id', 'x.event_id')
    .select([...seedColumns, sql<string>`min(coalesce(x.starts_at, x.start_date))`.as('moved_from')])
    .where('x.kind', '=', 'moved')
    .where(sql<SqlBool>`coalesce(x.ends_at, x.end_date) >= ${page.movedSince}`)
    .where(alive(reachingCondition))
    .groupBy(['e.id', 'e.rrule', 'e.start_date', 'e.end_date', 'e.starts_at', 'e.ends_at', 'e.timezone'])
    .execute();
  await pause();
  const handedOut = new Set<string>();
  const seedOf = (r: SeedRow, movedFrom: string | null, lastException: string | null | undefined): Seed => {
    const when = whenOf(r);
    return {
      id: r.id,
      rrule: r.rrule,
      when,
      timezone: r.timezone,
      excepted: movedFrom !== null || changedNear(lastException, when, sinceMs),
      movedFrom,
    };
  };
  const first: Seed[] = [];
  for (const r of others) {
    if (handedOut.has(r.id)) continue;
    handedOut.add(r.id);
    const change = changed.get(r.id);
    first.push(seedOf(r, change?.moved_from ?? null, change?.last_exception));
  }
  for (const r of movedNear) {
    if (handedOut.has(r.id)) continue;
    handedOut.add(r.id);
    first.push(seedOf(r, r.moved_from, null));
  }
  // The rest, in key order, a chunk at a time (each chunk's statement keys every reaching series
  // again: a few milliseconds at 100k events, so the first chunk is generous and the next ones double).
  const keyed = keyedSeries(store, alive(reachingCondition), page);
  let size = Math.max(64, 3 * page.count);
  let last: { key: number; id: string } | null = null;
  let exhausted = false;
  const more = async (): Promise<KeyedSeed[]> => {
    if (exhausted) return [];
    const after = last
      ? sql<SqlBool>`(k.sort_key > ${sql`cast(${last.key} as integer)`} or (k.sort_key = ${sql`cast(${last.key} as integer)`} and k.id > ${last.id}))`
      : sql<SqlBool>`1 = 1`;
    const { rows } = await sql<
      SeedRow & { sort_key: number; last_exception: string | null }
    >`select e.id, e.rrule, e.start_date, e.end_date, e.starts_at, e.ends_at, e.timezone, c.sort_key,
        (select max(x.recurrence_id) from event_exceptions x where x.event_id = e.id) as last_exception
      from (select k.id, k.sort_key from ${keyed} k where ${after} order by k.sort_key, k.id limit ${size}) c
      join events e on e.id = c.id
      order by c.sort_key, c.id`.execute(store.db);
    exhausted = rows.length < size;
    size *= 2;
    const tail = rows[rows.length - 1];
    if (tail) last = { key: Number(tail.sort_key), id: tail.id };
    const out: KeyedSeed[] = [];
    for (const r of rows) {
      if (handedOut.has(r.id)) continue;
      handedOut.add(r.id);
      out.push({ seed: seedOf(r, null, r.last_exception), ms: keyMs(r.sort_key), keyed: true });
    }
    await pause();
    return out;
  };
  const firstChunk = await more();
  return { first, keyed: firstChunk, more, unreadMs: () => (exhausted ? Infinity : keyMs(last!.key)) };
}

/**
 * Whether a series' latest moved or cancelled original date (its RECURRENCE-ID, a UTC instant or
 * a local date; null for none) could still be running at `sinceMs` (two days before the window or
 * cursor, ms), with a day's slack for an all-day date's zone: if not, none of its changed dates
 * can be on the page (RECURRENCE-IDs sort by time, so the latest is the one to test).
 */
function changedNear(lastRecurrenceId: string | null | undefined, when: When, sinceMs: number): boolean {
  if (!lastRecurrenceId) return false;
  const { start, end } = seedRangeMs(when);
  const originalMs = Date.parse(lastRecurrenceId.length === 10 ? `${lastRecurrenceId}T00:00:00Z` : lastRecurrenceId);
  return originalMs + (end - start) + DAY_MS >= sinceMs;
}

/**
 * A seed's first occurrence in UTC ms without a zone look-up: a timed one as it is; an all-day one
 * from the UTC midnight of its first date to that after its last, which is within 14 hours of the
 * local midnights in any zone (in the UK, the local midnight is that UTC midnight or an hour before).
 */
function seedRangeMs(when: When): { start: number; end: number } {
  if (!when.allDay) return { start: Date.parse(when.startsAt), end: Date.parse(when.endsAt) };
  return { start: Date.parse(`${when.startDate}T00:00:00Z`), end: Date.parse(`${addDays(when.endDate, 1)}T00:00:00Z`) };
}

/**
 * A key no occurrence of the series that sorts after the cursor (or runs into the window) can sort
 * before: the start of its first instance on or after the local date a day and its length before
 * the cursor, found by the engine's seek (ADR 4: day numbers, one period, never a walk from the
 * series' start). Undefined when the series has no instance left in the window; null when it
 * cannot be bounded this way (moved dates, an unreadable rule): expand it at once.
 */
function lowerBound(seed: Seed, rule: RRule | null, window: Window, after: OccurrenceCursor | null): string | null | undefined {
  if (!rule) return null;
  // The length only widens the search (by two days' slack), so an all-day series' is counted in whole days (no zone look-up).
  const length = seed.when.allDay
    ? (daysBetween(seed.when.startDate, seed.when.endDate) + 1) * 86_400_000
    : Date.parse(seed.when.endsAt) - Date.parse(seed.when.startsAt);
  const fromMs = Math.max(window.from.toMillis(), after ? Date.parse(after.start) : -Infinity);
  const searchFrom = new Date(fromMs - length - 2 * 86_400_000).toISOString().slice(0, 10);
  const years = (window.to.toMillis() - fromMs) / (365.2425 * 86_400_000) + 1;
  const first: SeriesStart = seed.when.allDay
    ? { allDay: true, date: seed.when.startDate }
    : { allDay: false, start: DateTime.fromMillis(Date.parse(seed.when.startsAt), { zone: 'utc' }), zone: seed.timezone };
  const next = nextInstanceOnOrAfter(rule, first, searchFrom, years);
  const moved = seed.movedFrom === null ? null : dayStartBound(seed.movedFrom);
  if (next === null) return moved ?? undefined;
  const bound = dayStartBound(next);
  return moved !== null && moved < bound ? moved : bound;
}

/** A date's start as a lower bound in UTC text (its local midnight is after the previous day's UTC midnight in every zone); an instant as it is. */
function dayStartBound(start: string): string {
  return start.length === 10 ? `${addDays(start, -1)}T00:00:00Z` : start;
}

/**
 * The occurrences of a series without moved or cancelled dates, straight from its seed (no event
 * loaded: the page's events are read once, for the rows shown), over sub-windows one rule period
 * long and doubling, from a day before the cursor; in order. No Luxon object per occurrence.
 */
function* seedOccurrences(seed: Seed, rule: RRule, window: Window, after: OccurrenceCursor | null): Generator<Found> {
  const zone = seed.timezone;
  const own = instantRangeMs(seed.when, zone);
  const duration = own.end - own.start;
  const toMs = window.to.toMillis();
  let fromMs = after ? Math.max(window.from.toMillis(), Date.parse(after.start) - 86_400_000) : window.from.toMillis();
  let step = periodDays(rule) * 86_400_000;
  let firstStep = true;
  while (fromMs < toMs) {
    const subTo = Math.min(toMs, fromMs + step);
    const batch: Found[] = [];
    const take = (f: Found, startMs: number, endMs: number) => {
      // Overlapping [fromMs, subTo); later sub-windows count what was still running at their start once.
      if (startMs >= subTo || !(endMs > fromMs || (endMs === startMs && startMs >= fromMs))) return;
      if (!firstStep && startMs < fromMs) return;
      if (!after || compare(f, after) > 0) batch.push(f);
    };
    if (seed.when.allDay) {
      const length = daysBetween(seed.when.startDate, seed.when.endDate) + 1;
      const fromDate = localDateOf(fromMs, zone);
      const toDate = addDays(localDateOf(subTo - 1, zone), 1);
      for (const o of expandAllDay(rule, seed.when.startDate, length, { fromDate, toDate })) {
        const startMs = midnightMs(o.startDate, zone);
        const when: When = { allDay: true, startDate: o.startDate, endDate: o.endDate };
        take(
          { start: utcText(startMs), eventId: seed.id, recurrenceId: o.recurrenceId, when, location: null, moved: false },
          startMs,
          midnightMs(addDays(o.endDate, 1), zone),
        );
      }
    } else {
      for (const o of expandTimedMs(rule, own.start, duration, zone, fromMs - 1, subTo)) {
        const startsAt = utcText(o.startMs);
        take(
          {
            start: startsAt,
            eventId: seed.id,
            recurrenceId: o.recurrenceId,
            when: { allDay: false, startsAt, endsAt: utcText(o.endMs) },
            location: null,
            moved: false,
            clockChange: o.clockChange,
          },
          o.startMs,
          o.endMs,
        );
      }
    }
    yield* batch.sort(compare);
    fromMs = subTo;
    step *= 2;
    firstStep = false;
  }
}

/** UTC text at second precision (utcIso's format), without Luxon. */
function utcText(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The first `count` occurrences after the cursor of events the index cannot answer for, merged in
 * order. Each series waits under a lower bound of its occurrences on the page: its key from SQL,
 * in the order the source hands the series out, or quickBound for the few merged from the start.
 * When a bound is not after the heap's top the series enters the heap under it (a key already
 * names the date its rule gives; quickBound's is first narrowed by the engine's seek, ADR 4: one
 * period, no walk from the first date); only when a bound reaches the top is the series expanded
 * (or, with moved or cancelled dates near the page, loaded whole), and only the series whose
 * occurrence is taken expands further. The next chunk of series is read only when the bound of
 * those not read yet could come before the heap's top. A page of 200 in 2150 at 100k events
 * expands ~400 series of the 8,736 alive then.
 */
async function expandMerged(
  store: Store,
  source: SeedSource,
  window: Window,
  after: OccurrenceCursor | null,
  count: number,
  pause: () => Promise<void>,
): Promise<Found[]> {
  const heap = new FoundHeap();
  const rules = new Map<string, RRule>();
  const seedOf = new Map<string, Seed>();
  // A calendar's series share a few dozen rules: each text is parsed once.
  const parsedRules = new Map<string, RRule | null>();
  const ruleOf = (text: string | null): RRule | null => {
    if (!text) return null;
    let rule = parsedRules.get(text);
    if (rule === undefined) {
      const parsed = parseRRule(text);
      parsedRules.set(text, (rule = parsed.ok ? parsed.rule : null));
    }
    return rule;
  };
  // Series in the order of their bounds; the engine's seek is made only when a bound is reached,
  // so a page that fills early (a far window's first hours) seeks only the series that could start
  // before it ends.
  let waiting: { ms: number; seed: Seed; keyed?: boolean }[] = [];
  for (let i = 0; i < source.first.length; i++) {
    const seed = source.first[i]!;
    const rule = ruleOf(seed.rrule);
    waiting.push({ ms: rule ? quickBound(seed, rule, window, after) : -Infinity, seed });
    if (i % 64 === 63) await pause();
  }
  waiting.push(...source.keyed);
  waiting.sort((a, b) => a.ms - b.ms);
  // Into the heap: a bound of the series' next occurrence (its key from SQL, which already names
  // the date its rule gives, or else the engine's seek). Synchronous: the merge awaits only to read
  // a chunk, to load a whole event or to yield (an await per series, ~800 a page, was a tenth of it).
  const enterBound = ({ seed, ms, keyed }: { seed: Seed; ms: number; keyed?: boolean }, rule: RRule) => {
    rules.set(seed.id, rule);
    seedOf.set(seed.id, seed);
    const bound = keyed ? utcText(ms) : lowerBound(seed, rule, window, after);
    if (bound === null) return false;
    if (bound !== undefined) heap.push({ found: { start: bound, eventId: seed.id, recurrenceId: '' } as Found, iterator: null });
    return true;
  };
  // Into the heap: the occurrences of the series' whole event (an unreadable rule, moved dates).
  const enterWhole = async (id: string) => {
    const [event] = await getEvents(store, [id]);
    const iterator = event ? lazyOccurrences(event, window, after) : null;
    const first = iterator?.next();
    if (iterator && first && !first.done) heap.push({ found: first.value, iterator });
  };
  const out: Found[] = [];
  let next = 0;
  let steps = 0;
  // The heap top's start in ms, parsed once per top (the bounds below are compared in ms).
  let topFound: Found | null = null;
  let topMs = 0;
  // A bound is compared at whole seconds, as the texts it used to be compared as.
  const reached = (ms: number, top: HeapEntry | undefined) => !top || Math.floor(ms / 1000) * 1000 <= topMs;
  while (out.length < count) {
    if (++steps % 32 === 0) await pause();
    const top = heap.peek();
    if (top && top.found !== topFound) {
      topFound = top.found;
      topMs = Date.parse(top.found.start);
    }
    const unreadMs = source.unreadMs();
    if (unreadMs !== Infinity && (next >= waiting.length || unreadMs < waiting[next]!.ms) && reached(unreadMs, top)) {
      // Series not read yet could come before the heap's top: read the next chunk.
      waiting = [...waiting.slice(next), ...(await source.more())].sort((a, b) => a.ms - b.ms);
      next = 0;
      continue;
    }
    if (next < waiting.length && reached(waiting[next]!.ms, top)) {
      // A waiting series could come before the heap's top: it enters the heap under a closer bound.
      const entry = waiting[next++]!;
      const rule = ruleOf(entry.seed.rrule);
      if (!rule || !enterBound(entry, rule)) await enterWhole(entry.seed.id);
      continue;
    }
    const head = heap.pop();
    if (!head) break;
    if (!head.iterator) {
      // A bound at the top: expand the series from its seed, or (with moved or cancelled dates)
      // load it whole, and put its real next occurrence in its place.
      const seed = seedOf.get(head.found.eventId)!;
      if (seed.excepted) {
        await enterWhole(seed.id);
        continue;
      }
      const iterator = seedOccurrences(seed, rules.get(seed.id)!, window, after);
      const first = iterator.next();
      if (!first.done) heap.push({ found: first.value, iterator });
      continue;
    }
    out.push(head.found);
    const following = head.iterator.next();
    if (!following.done) heap.push({ found: following.value, iterator: head.iterator });
  }
  return out;
}

/** A binary min-heap of each series' next occurrence, by the page order (start, event, RECURRENCE-ID). */
/** A heap entry: a series' next occurrence and the rest of them, or (iterator null) a lower bound of it. */
interface HeapEntry {
  found: Found;
  iterator: Iterator<Found> | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * A lower bound of the next occurrence of a series with a rule that can be on this page, by
 * arithmetic alone (no engine, no Luxon): such an occurrence ends after the window's start and
 * sorts after the cursor, so it starts no earlier than L = max(window start − its length, the
 * cursor's start); and a UK series' instances all start at its local time of day (rules have no
 * BYHOUR), which in UTC is that time or an hour earlier (summer time; a time skipped by the spring
 * change is moved an hour on, RFC 5545 §3.3.5). So the bound is the first instant from L whose UTC
 * time of day is within an hour of the series' first start's. Its moved dates are a bound too.
 * Other zones: L.
 */
function quickBound(seed: Seed, rule: RRule, window: Window, after: OccurrenceCursor | null): number {
  // No zone look-up (an all-day first date is taken from UTC midnights, see seedRangeMs): an hour's
  // slack, as an all-day date over a clock change is an hour longer than its first one; two days
  // for a zone other than the UK's (which event input refuses, so only for old rows).
  const { start, end } = seedRangeMs(seed.when);
  const slack = seed.timezone === DEFAULT_ZONE ? HOUR_MS : 2 * DAY_MS;
  const from = Math.max(window.from.toMillis() - (end - start) - slack, after ? Date.parse(after.start) : -Infinity);
  // From an instant, the first whose UTC time of day is within an hour of the first start's (or an hour before it).
  const timeOfDay = (at: number): number => {
    if (seed.timezone !== DEFAULT_ZONE) return at;
    const mod = (n: number) => ((n % DAY_MS) + DAY_MS) % DAY_MS;
    const into = mod(at - mod(start - HOUR_MS));
    return into > 2 * HOUR_MS ? at + (DAY_MS - into) : at;
  };
  let bound = timeOfDay(from);
  // The series' first date is an instance whatever its rule says (RFC 5545 §3.8.5.3): only past it does the rule's date test hold.
  if (seed.timezone === DEFAULT_ZONE && start < bound - 2 * DAY_MS) {
    // A UK start's local date is its UTC date unless it is 23:00 UTC or later (summer time): only then ask the zone.
    const firstDay = seed.when.allDay
      ? start
      : start % DAY_MS < 23 * HOUR_MS
        ? start - (start % DAY_MS)
        : Date.parse(`${localDateOf(start, seed.timezone)}T00:00:00Z`);
    bound = dateBound(bound, dateTest(rule, firstDay), timeOfDay);
  }
  const moved = seed.movedFrom === null ? null : Date.parse(dayStartBound(seed.movedFrom));
  return moved !== null && moved < bound ? moved : bound;
}

/**
 * Whether a local date (UTC ms of its midnight) can be an instance of the rule, by the month,
 * day of the month and weekday the rule allows (RFC 5545 §3.3.10: BYMONTH, BYMONTHDAY, BYDAY, and
 * without them DTSTART's weekday, day or month and day for WEEKLY, MONTHLY and YEARLY rules). A
 * necessary test only: BYSETPOS, ordinals, INTERVAL and COUNT pick among these dates; a rule with
 * BYYEARDAY, or DAILY, allows every date. `first`: the series' first local date (UTC ms).
 */
type DateTest = (dayMs: number) => boolean;

function dateTest(rule: RRule, first: number): DateTest | null {
  if (rule.byYearDay?.length) return null;
  const at = new Date(first);
  const months = rule.byMonth?.length
    ? new Set(rule.byMonth)
    : rule.freq === 'YEARLY' && !rule.byDay?.length && !rule.byMonthDay?.length
      ? new Set([at.getUTCMonth() + 1])
      : null;
  const monthDays = rule.byMonthDay?.length
    ? rule.byMonthDay
    : !rule.byDay?.length && (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY')
      ? [at.getUTCDate()]
      : null;
  const weekdays = rule.byDay?.length
    ? new Set(rule.byDay.map((d) => d.weekday % 7))
    : rule.freq === 'WEEKLY'
      ? new Set([at.getUTCDay()])
      : null;
  if (!months && !monthDays && !weekdays) return null;
  return (dayMs) => {
    // 1 January 1970 was a Thursday (4).
    if (weekdays && !weekdays.has((Math.floor(dayMs / DAY_MS) + 4) % 7)) return false;
    if (!months && !monthDays) return true;
    const d = new Date(dayMs);
    if (months && !months.has(d.getUTCMonth() + 1)) return false;
    if (monthDays) {
      const day = d.getUTCDate();
      const length = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      if (!monthDays.some((m) => (m > 0 ? m === day : length + 1 + m === day))) return false;
    }
    return true;
  };
}

/** How many days quickBound looks ahead for a date the rule allows (past them, the bound is their end). */
const DATE_TEST_DAYS = 16;

/**
 * quickBound moved on to the first date the rule allows: a UK instance's local date is its UTC
 * date or the next (summer time), so from the UTC date of `bound` on, the first date that passes
 * the rule's test starts the search, at its local midnight (that UTC midnight or an hour before),
 * and the time of day applies from there as before. Null test or other zones: the bound as it is.
 */
function dateBound(bound: number, test: DateTest | null, timeOfDay: (from: number) => number): number {
  if (!test) return bound;
  const day = Math.floor(bound / DAY_MS) * DAY_MS;
  let k = 0;
  while (k <= DATE_TEST_DAYS && !test(day + k * DAY_MS)) k++;
  return k === 0 ? bound : timeOfDay(Math.max(bound, day + k * DAY_MS - HOUR_MS));
}

class FoundHeap {
  private items: HeapEntry[] = [];
  peek(): HeapEntry | undefined {
    return this.items[0];
  }
  push(item: HeapEntry): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(a[parent]!.found, a[i]!.found) <= 0) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): HeapEntry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && compare(a[l]!.found, a[m]!.found) < 0) m = l;
        if (r < a.length && compare(a[r]!.found, a[m]!.found) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

interface RowQuery {
  store: Store;
  viewer: Viewer;
  filter: CalendarFilter;
  from: string;
  to: string;
  /** Leave out rows of events that are expanded instead. */
  excludeUntrusted: boolean;
}

function rowsBase(q: RowQuery) {
  return q.store.db.selectFrom('event_occurrences as o').selectAll('o').where(rowsCondition(q));
}

/** What every read of the index asks of a row `o`: not cancelled, the filter and the viewer, and (if any) not an untrusted event's. */
function rowsCondition(q: RowQuery): RawBuilder<SqlBool> {
  const parts = [sql<SqlBool>`o.state <> 'cancelled'`, filterCondition('o', 'event_id', q.filter, q.viewer)];
  if (q.excludeUntrusted) {
    parts.push(sql<SqlBool>`not exists (select 1 from events u where u.id = o.event_id and ${untrustedCondition('u', q)})`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Rows starting inside the window, in order, after/before the cursor, at most `limit`. */
async function startingRows(q: RowQuery, limit: number, cursor: OccurrenceCursor | null, direction: 'after' | 'before'): Promise<Found[]> {
  let query = rowsBase(q).where('o.start_at', '>=', q.from).where('o.start_at', '<', q.to);
  if (cursor) query = query.where(beyond(cursor, direction));
  const order = direction === 'after' ? 'asc' : 'desc';
  const rows = await query
    .orderBy('o.start_at', order)
    .orderBy('o.event_id', order)
    .orderBy('o.recurrence_id', order)
    .limit(limit)
    .execute();
  return rows.map(fromRow);
}

/** Rows that started before the window and are still running at its start (few: see module note). */
async function runningRows(q: RowQuery): Promise<Found[]> {
  const recent = utcIso(DateTime.fromISO(q.from, { zone: 'UTC' }).minus({ milliseconds: LONG_RUNNING_MS }));
  const rows = await rowsBase(q)
    .where((eb) =>
      eb.or([
        eb.and([eb('o.start_at', '>=', recent), eb('o.start_at', '<', q.from), eb('o.end_at', '>', q.from)]),
        eb.and([eb('o.long_running', '=', 1), eb('o.end_at', '>', q.from), eb('o.start_at', '<', recent)]),
      ]),
    )
    .execute();
  return rows.map(fromRow).sort(compare);
}

function bounds(window: Window): { from: string; to: string } {
  return { from: utcIso(window.from), to: utcIso(window.to) };
}

/**
 * The found occurrences of one page, strictly after (or before) the cursor, at most limit + 1 (the
 * extra one says whether another page follows), in display order.
 */
async function collect(
  store: Store,
  viewer: Viewer,
  req: OccurrencePageRequest,
  limit: number,
): Promise<{ found: Found[]; direction: 'after' | 'before' }> {
  const filter = req.filter ?? {};
  const b = bounds(req.window);
  const direction = req.before ? 'before' : 'after';
  const cursor = (req.before ?? req.after) || null;
  // Started before the seeds' statement: the JavaScript after it (a far window's bounding, merge
  // and presenting) yields every ~8 ms of the whole request, not of each step (ADR 260).
  const pause = req.pause ?? timeSlicer();
  // Forwards, series the index cannot answer for are merged lazily (seeds first); backwards, whole.
  const movedSince = utcIso(
    DateTime.min(req.window.from, cursor ? DateTime.fromISO(cursor.start, { zone: 'UTC' }) : req.window.from).minus({ days: 2 }),
  );
  const seeds =
    direction === 'after'
      ? await untrustedSeeds(
          store,
          viewer,
          filter,
          b,
          { windowFromMs: req.window.from.toMillis(), cursorMs: cursor ? Date.parse(cursor.start) : null, movedSince, count: limit },
          pause,
        )
      : null;
  const expanding = seeds !== null && seeds.first.length + seeds.keyed.length > 0;
  const untrusted = direction === 'before' ? await untrustedEvents(store, viewer, filter, b) : [];
  const q: RowQuery = { store, viewer, filter, ...b, excludeUntrusted: expanding || untrusted.length > 0 };
  const extra = expanding
    ? await expandMerged(store, seeds, req.window, cursor, limit, pause)
    : untrusted.length
      ? await expandEvents(untrusted, req.window)
      : [];
  const inOrder = (list: Found[]) => (direction === 'after' ? list : [...list].reverse());
  const pastCursor = (f: Found) => !cursor || (direction === 'after' ? compare(f, cursor) > 0 : compare(f, cursor) < 0);

  if (expanding || untrusted.length > 0) await pause();
  // Running rows sort before every row that starts in the window.
  const running = (await runningRows(q)).filter(pastCursor);
  // A cursor among the running rows: every starting row is after it (and none is before it).
  const cursorInRunning = cursor !== null && cursor.start < b.from;
  const starting =
    cursorInRunning && direction === 'before' ? [] : await startingRows(q, limit, cursorInRunning ? null : cursor, direction);
  const merged = [...running, ...starting, ...extra.filter(pastCursor)].sort(compare);
  const found = inOrder(merged).slice(0, limit);
  return { found, direction };
}

/** What a page that lists occurrences by title and date shows of their event (no description, themes, links or exceptions). */
export type EventSummary = Pick<CalendarEvent, 'id' | 'kind' | 'title' | 'status' | 'timezone' | 'location'>;

/** One occurrence with the summary of its event (`occurrenceSummariesIn`). */
export interface DatedSummary {
  event: EventSummary;
  occurrence: EventOccurrence;
}

/**
 * The summaries of the events with these ids (unknown ids are left out): six columns of the events
 * table by primary key, without the themes and exceptions subqueries or any JSON to parse (ADR 225).
 */
async function getEventSummaries(store: Store, ids: readonly string[]): Promise<EventSummary[]> {
  const out: EventSummary[] = [];
  // Chunked: D1 allows at most 100 bound parameters per statement.
  for (const part of statementChunks(ids)) {
    const rows = await store.db
      .selectFrom('events')
      .select(['id', 'kind', 'title', 'status', 'timezone', 'location'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows) {
      out.push({
        id: r.id,
        kind: r.kind as EventSummary['kind'],
        title: r.title,
        status: r.status as EventSummary['status'],
        timezone: r.timezone,
        location: r.location,
      });
    }
  }
  return out;
}

/** The found occurrences with their events, loaded by `load` (whole events, or summaries) unless expansion already loaded them. */
async function attach<E extends EventSummary>(
  store: Store,
  found: Found[],
  load: (store: Store, ids: readonly string[]) => Promise<E[]>,
): Promise<{ event: E; occurrence: EventOccurrence }[]> {
  const need = [...new Set(found.filter((f) => !f.event).map((f) => f.eventId))];
  const loaded = new Map((await load(store, need)).map((e) => [e.id, e]));
  const out: { event: E; occurrence: EventOccurrence }[] = [];
  for (const f of found) {
    // An expanded occurrence carries its whole event, which holds every field a summary does.
    const event = (f.event as E | undefined) ?? loaded.get(f.eventId);
    if (!event) continue;
    out.push({
      event,
      occurrence: {
        eventId: event.id,
        recurrenceId: f.recurrenceId === '' ? null : f.recurrenceId,
        when: f.when,
        location: f.location ?? event.location,
        moved: f.moved,
        ...(f.clockChange ? { clockChange: f.clockChange } : {}),
      },
    });
  }
  return out;
}

/**
 * One page of the occurrences the viewer may see in [window.from, window.to), earliest first.
 * Cost: the rows shown plus the few still running at `from` (and, for series whose rows do not
 * cover the window, their expansion over the window). Cancelled dates are left out.
 */
export async function pageOccurrences(store: Store, viewer: Viewer, req: OccurrencePageRequest): Promise<OccurrencePage> {
  const pause = req.pause ?? timeSlicer();
  const page = await pageFound(store, viewer, { ...req, pause });
  await pause();
  return { items: await attach(store, page.shown, getEvents), next: page.next, previous: page.previous };
}

/** A page's occurrences as found (without their events) and its cursors both ways. */
async function pageFound(
  store: Store,
  viewer: Viewer,
  req: OccurrencePageRequest,
): Promise<{ shown: Found[]; next: OccurrenceCursor | null; previous: OccurrenceCursor | null }> {
  const limit = Math.max(1, req.limit);
  const { found, direction } = await collect(store, viewer, req, limit + 1);
  const more = found.length > limit;
  const shown = found.slice(0, limit);
  if (direction === 'before') shown.reverse();
  const first = shown[0];
  const last = shown[shown.length - 1];
  const key = (f: Found): OccurrenceCursor => ({ start: f.start, eventId: f.eventId, recurrenceId: f.recurrenceId });
  if (direction === 'after') {
    return { shown, next: more && last ? key(last) : null, previous: req.after && first ? key(first) : null };
  }
  return { shown, next: last ? key(last) : null, previous: more && first ? key(first) : null };
}

/**
 * Every occurrence in the window, up to `cap` (for views that show a whole month or year at once;
 * `truncated` says the cap was reached, so the page can say so instead of pretending).
 */
export async function occurrencesIn(
  store: Store,
  viewer: Viewer,
  window: Window,
  filter: CalendarFilter = {},
  cap = 2000,
): Promise<{ items: Dated[]; truncated: boolean }> {
  const page = await pageOccurrences(store, viewer, { window, filter, limit: cap });
  return { items: page.items, truncated: page.next !== null };
}

/**
 * `occurrencesIn` for a view that shows only each event's title, kind, status and location with
 * the dates (the year planner): the same occurrences, with `EventSummary`s read by primary key
 * instead of whole events (ADR 225). Occurrences expanded beyond the index carry their whole event.
 */
export async function occurrenceSummariesIn(
  store: Store,
  viewer: Viewer,
  window: Window,
  filter: CalendarFilter = {},
  cap = 2000,
): Promise<{ items: DatedSummary[]; truncated: boolean }> {
  const page = await pageFound(store, viewer, { window, filter, limit: cap });
  return { items: await attach(store, page.shown, getEventSummaries), truncated: page.next !== null };
}

/** The next `limit` occurrences of one event in the two years from `from` (an event page's "next dates"). */
export async function nextOccurrencesOf(store: Store, event: CalendarEvent, from: DateTime, limit: number): Promise<EventOccurrence[]> {
  const window = { from, to: from.plus({ years: 2 }) };
  const page = await pageOccurrences(
    store,
    { organiser: true, partner: true, groupIds: [] },
    {
      window,
      filter: { eventIds: [event.id], statuses: [event.status] },
      limit,
    },
  );
  return page.items.map((d) => d.occurrence);
}

/** A month grid's contents: events spanning several days, and each day's first few single-day events. */
export interface MonthContents {
  /** Occurrences that span more than one day and touch the month (at most `spanningCap`). */
  spanning: Dated[];
  spanningTruncated: boolean;
  /**
   * Per local day ('YYYY-MM-DD'): its first `perDay` single-day occurrences and how many it has,
   * counted up to `countCap` (`atLeast`: the day has more than that, `total` is a lower bound).
   */
  days: Map<string, { items: Dated[]; total: number; atLeast: boolean }>;
}

/**
 * What a month view shows: each day's first `perDay` events and its count up to `countCap`, and
 * the multi-day events touching the month. Each day is one range of the (start_at, event_id,
 * recurrence_id) index read in order with LIMIT countCap + 1 (days are UK local days: every event
 * is kept in UK time, so a day's rows are one start_at range), several days a statement (within
 * D1's 100 parameters). Cost: at most countCap + 1 rows a day, whatever the calendar holds; a
 * busier day says "more than" (ADR 180).
 */
export async function monthContents(
  store: Store,
  viewer: Viewer,
  window: Window,
  filter: CalendarFilter = {},
  opts: { perDay: number; spanningCap: number; countCap: number } = { perDay: 5, spanningCap: 60, countCap: 20 },
): Promise<MonthContents> {
  const b = bounds(window);
  filter = await planSearch(store, filter);
  const untrusted = await untrustedEvents(store, viewer, filter, b);
  const q: RowQuery = { store, viewer, filter, ...b, excludeUntrusted: untrusted.length > 0 };
  const { rows: dayRows, counts } = await dayByDayRows(q, window, opts.perDay, opts.countCap);
  const spanningRows = [
    ...(await runningRows(q)),
    ...(
      await rowsBase(q)
        .where('o.start_at', '>=', b.from)
        .where('o.start_at', '<', b.to)
        .where(sql<SqlBool>`o.start_day <> o.end_day`)
        .orderBy('o.start_at')
        .orderBy('o.event_id')
        .orderBy('o.recurrence_id')
        .limit(opts.spanningCap + 1)
        .execute()
    ).map(fromRow),
  ];
  const expanded = untrusted.length ? await expandEvents(untrusted, window) : [];
  const singleDay = (f: Found, zone: string) => {
    const { start, end } = instantRange(f.when, zone);
    const last = end > start ? end.minus({ milliseconds: 1 }) : end;
    return start.setZone(zone).toISODate() === last.setZone(zone).toISODate();
  };
  const dayFound: Found[] = dayRows.map(fromRow);
  const spanningFound = [...spanningRows];
  const dayOf = (f: Found) => (f.when.allDay ? f.when.startDate : localDateOf(Date.parse(f.start), f.event?.timezone ?? DEFAULT_ZONE));
  for (const f of expanded) {
    if (singleDay(f, f.event!.timezone)) {
      dayFound.push(f);
      counts.set(dayOf(f), (counts.get(dayOf(f)) ?? 0) + 1);
    } else spanningFound.push(f);
  }
  const spanningSorted = spanningFound.sort(compare);
  const spanning = await attach(store, spanningSorted.slice(0, opts.spanningCap), getEvents);
  // Each day's rows in order; only the first perDay of each are loaded with their events.
  const byDay = new Map<string, Found[]>();
  for (const f of dayFound.sort(compare)) {
    const list = byDay.get(dayOf(f)) ?? [];
    list.push(f);
    byDay.set(dayOf(f), list);
  }
  const shown = await attach(
    store,
    [...byDay.values()].flatMap((list) => list.slice(0, opts.perDay)),
    getEvents,
  );
  const days = new Map<string, { items: Dated[]; total: number; atLeast: boolean }>();
  for (const [day, n] of counts) days.set(day, { items: [], total: Math.min(n, opts.countCap), atLeast: n > opts.countCap });
  for (const d of shown) {
    const day = d.occurrence.when.allDay
      ? d.occurrence.when.startDate
      : localDateOf(Date.parse(d.occurrence.when.startsAt), d.event.timezone);
    days.get(day)?.items.push(d);
  }
  return { spanning, spanningTruncated: spanningSorted.length > opts.spanningCap, days };
}

/**
 * The single-day rows of each UK local day of the window: the first `perDay` a day in page order,
 * and how many the day has, counted up to `countCap` + 1. A day's rows are one range of the
 * (start_at, …) index read in order with LIMIT (every event is kept in UK time, so a UK day is one
 * start_at range; start_day is tested as well); the count is made in that index alone (it holds
 * every column the test reads for an unfiltered month, migration 0021), so the table is read only
 * for the rows shown. Days go several to a statement (UNION ALL of limited sub-selects sharing one
 * condition), as many as fit in PARAMETERS_PER_STATEMENT and COMPOUND_SELECT_TERMS (D1's limits).
 */
async function dayByDayRows(
  q: RowQuery,
  window: Window,
  perDay: number,
  countCap: number,
): Promise<{ rows: OccurrenceRow[]; counts: Map<string, number> }> {
  const days: { day: string; from: string; to: string }[] = [];
  const last = localDateOf(window.to.toMillis() - 1, DEFAULT_ZONE);
  for (let day = localDateOf(window.from.toMillis(), DEFAULT_ZONE); day <= last; day = addDays(day, 1)) {
    days.push({ day, from: utcText(midnightMs(day, DEFAULT_ZONE)), to: utcText(midnightMs(addDays(day, 1), DEFAULT_ZONE)) });
  }
  const rows: OccurrenceRow[] = [];
  const counts = new Map<string, number>();
  if (!days.length) return { rows, counts };
  // The rows' condition (rowsBase's), built once and shared by every day's sub-selects.
  const condition = rowsCondition(q);
  const ofDay = (d: (typeof days)[number]) =>
    sql`${condition} and o.start_at >= ${d.from} and o.start_at < ${d.to} and o.start_day = ${d.day} and o.start_day = o.end_day`;
  const counted = (d: (typeof days)[number]) =>
    sql<{
      day: string;
      n: number;
    }>`select ${d.day} as day, count(*) as n from (select 1 as one from event_occurrences as o where ${ofDay(d)} limit ${countCap + 1}) as c`;
  const shown = (d: (typeof days)[number]) =>
    sql<OccurrenceRow>`select * from (select o.* from event_occurrences as o where ${ofDay(d)} order by o.start_at, o.event_id, o.recurrence_id limit ${perDay}) as d`;
  // D1 binds at most 100 parameters a statement and parses at most 5 terms of a compound SELECT
  // (workerd builds SQLite with SQLITE_LIMIT_COMPOUND_SELECT 5): size the chunks by both, taking
  // the larger of the two statements' per-day parameters (the count also binds the day it names).
  const perDay0 = Math.max(counted(days[0]!).compile(q.store.db).parameters.length, shown(days[0]!).compile(q.store.db).parameters.length);
  const perStatement = Math.max(1, Math.min(COMPOUND_SELECT_TERMS, Math.floor(PARAMETERS_PER_STATEMENT / perDay0)));
  for (let i = 0; i < days.length; i += perStatement) {
    const chunk = days.slice(i, i + perStatement);
    const [n, r] = await Promise.all([
      sql<{ day: string; n: number }>`${sql.join(chunk.map(counted), sql` union all `)}`.execute(q.store.db),
      sql<OccurrenceRow>`${sql.join(chunk.map(shown), sql` union all `)}`.execute(q.store.db),
    ]);
    for (const c of n.rows) if (Number(c.n) > 0) counts.set(c.day, Number(c.n));
    rows.push(...r.rows);
  }
  return { rows, counts };
}

/**
 * The days of the partner activities of these campaign weeks that the viewer may see, by campaign
 * (for "N partner activities" beside each campaign occurrence). Reads index rows only.
 */
export async function activityDays(
  store: Store,
  viewer: Viewer,
  campaignIds: readonly string[],
): Promise<Map<string, { startDay: string; endDay: string }[]>> {
  const out = new Map<string, { startDay: string; endDay: string }[]>();
  // Chunked: D1 allows at most 100 bound parameters per statement.
  for (const part of statementChunks(campaignIds, { reserved: 10 })) {
    // Through the events' parent index to each activity's rows (the index rows' own parent_id has
    // no index: looking it up there read every row of the calendar).
    const rows = await store.db
      .selectFrom('events as e')
      .innerJoin('event_occurrences as o', 'o.event_id', 'e.id')
      .select(['o.parent_id', 'o.start_day', 'o.end_day'])
      .where('e.parent_id', 'in', part)
      .where('o.state', '<>', 'cancelled')
      .where(filterCondition('o', 'event_id', {}, viewer))
      .execute();
    for (const r of rows) {
      const list = out.get(r.parent_id!) ?? [];
      list.push({ startDay: r.start_day, endDay: r.end_day });
      out.set(r.parent_id!, list);
    }
  }
  return out;
}

/**
 * Events with an occurrence in the window, in the order of their first occurrence there, skipping
 * the first `offset` of them. Reads occurrence pages from the window's start until it has seen
 * offset + limit + 1 distinct events, so the cost grows with the offset (the API caps it) and with
 * how often the listed series repeat, never with the calendar's size.
 */
export async function pageEventsInWindow(
  store: Store,
  viewer: Viewer,
  req: { window: Window; filter?: CalendarFilter; limit: number; offset: number },
): Promise<{ events: CalendarEvent[]; more: boolean }> {
  const wanted = req.offset + req.limit + 1;
  const seen = new Map<string, CalendarEvent>();
  let after: OccurrenceCursor | null = null;
  for (;;) {
    const page = await pageOccurrences(store, viewer, {
      window: req.window,
      filter: req.filter,
      limit: Math.min(1000, Math.max(100, wanted * 2)),
      after,
    });
    for (const { event } of page.items) if (!seen.has(event.id)) seen.set(event.id, event);
    if (seen.size >= wanted || !page.next) break;
    after = page.next;
  }
  const ordered = [...seen.values()];
  return { events: ordered.slice(req.offset, req.offset + req.limit), more: ordered.length > req.offset + req.limit };
}
