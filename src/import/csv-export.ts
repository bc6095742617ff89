/**
 * @module Events as CSV for spreadsheets, with the filters of the organisers' list or the API's.
 * Written with the shared CSV writer (src/domain/csv.ts: csv-stringify, RFC 4180) and streamed
 * a page of 500 events at a time, read in SQL order (start, then id, as keyset), so a large
 * calendar never sits in memory or blocks the event loop. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or
 * carriage return) get a leading apostrophe (OWASP's advice on CSV injection): an event title
 * typed by anyone who can submit one must not become a formula on an organiser's computer.
 *
 * Attendance CSV (one meeting, or a group's year) is src/meetings/csv.ts, through the same writer.
 */
import type { Context } from 'hono';
import { CSV_BOM, csvLines } from '../domain/csv.js';
import { pageEvents, type EventCursor, type EventFilter } from '../db/events.js';
import { listGroups, listOrganisations } from '../db/directory.js';
import type { Store } from '../db/store.js';
import { EVENT_KINDS, EVENT_STATUSES, type EventKind, type EventStatus } from '../domain/kinds.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import { formatWhen } from '../domain/time.js';
import type { Viewer } from '../domain/visibility.js';
import type { CalendarEvent } from '../domain/event.js';
import { yieldToEventLoop } from '../feeds/build.js';
import type { AppEnv } from '../http/deps.js';
import { statementChunks } from '../db/dialect.js';

export const CSV_PAGE = 500;

export const CSV_COLUMNS = [
  'id',
  'kind',
  'title',
  'start',
  'end',
  'all_day',
  'repeats',
  'location',
  'description',
  'themes',
  'organisation',
  'group',
  'visibility',
  'status',
  'sequence',
  'created_at',
  'updated_at',
  'cancelled_at',
  'page',
  'imported_from',
  'imported_uid',
] as const;

/** One page of the export, by when events first start (the events list's own order and index). */
async function page(store: Store, filter: EventFilter, viewer: Viewer, after: EventCursor | null) {
  const { window: _window, ...rest } = filter;
  return pageEvents(store, viewer, { filter: rest, limit: CSV_PAGE, after });
}

async function originsOfPage(store: Store, ids: string[]): Promise<Map<string, { source: string; uid: string }>> {
  const out = new Map<string, { source: string; uid: string }>();
  for (const part of statementChunks(ids)) {
    const rows = await store.db.selectFrom('event_origins').select(['event_id', 'source', 'uid']).where('event_id', 'in', part).execute();
    for (const r of rows) out.set(r.event_id, { source: r.source, uid: r.uid });
  }
  return out;
}

type DirectoryNames = { organisations: Map<string, string>; groups: Map<string, string> };

/** The CSV records (CSV_COLUMNS) of one page's events, those with a date in `filter.window` when it has one. */
async function csvRecords(
  store: Store,
  listed: CalendarEvent[],
  filter: EventFilter,
  names: DirectoryNames,
  publicUrl: string,
): Promise<string[][]> {
  const events = listed.filter((e) => !filter.window || occurrencesInWindow(e, filter.window).length > 0);
  const origins = await originsOfPage(
    store,
    events.map((e) => e.id),
  );
  return events.map((e) => {
    const { allDay, start, end } = formatWhen(e.when, e.timezone);
    const origin = origins.get(e.id);
    return [
      e.id,
      e.kind,
      e.title,
      start,
      end,
      allDay ? 'yes' : 'no',
      e.rrule ?? '',
      e.location,
      e.description,
      e.themes.join(', '),
      e.organisationId ? (names.organisations.get(e.organisationId) ?? '') : '',
      e.groupId ? (names.groups.get(e.groupId) ?? '') : '',
      e.visibility,
      e.status,
      String(e.sequence),
      e.createdAt,
      e.updatedAt,
      e.cancelledAt ?? '',
      `${publicUrl}/events/${e.id}`,
      origin?.source ?? '',
      origin?.uid ?? '',
    ];
  });
}

/**
 * The CSV of every event matching `filter` that `viewer` may see, as a stream of UTF-8 text with
 * a header line (and a byte order mark, so spreadsheet programs read it as UTF-8).
 */
export function eventsCsv(store: Store, filter: EventFilter, viewer: Viewer, publicUrl: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: EventCursor | null = null;
  let names: DirectoryNames | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!names) {
        const [organisations, groups] = await Promise.all([listOrganisations(store), listGroups(store)]);
        names = { organisations: new Map(organisations.map((o) => [o.id, o.name])), groups: new Map(groups.map((g) => [g.id, g.name])) };
        controller.enqueue(encoder.encode(`${CSV_BOM}${csvLines([CSV_COLUMNS])}`));
        return;
      }
      // A pull must enqueue or close: the stream asks again only after a chunk, so a page whose
      // events all fall outside the window (or an empty window) reads on to the next page.
      for (;;) {
        if (done) {
          controller.close();
          return;
        }
        const { events: listed, next } = await page(store, filter, viewer, after);
        if (!next) done = true;
        if (!listed.length) {
          controller.close();
          return;
        }
        after = next;
        const records = await csvRecords(store, listed, filter, names, publicUrl);
        await yieldToEventLoop();
        if (records.length) {
          controller.enqueue(encoder.encode(csvLines(records)));
          return;
        }
      }
    },
  });
}

/** The organisers' events list filters (/organise/events: q, kind, status), as an EventFilter. */
export function organiserListFilter(c: Context): EventFilter {
  const q = (c.req.query('q') ?? '').slice(0, 200).trim();
  const kind = c.req.query('kind') ?? '';
  const status = c.req.query('status') ?? '';
  return {
    text: q || undefined,
    kinds: (EVENT_KINDS as readonly string[]).includes(kind) ? [kind as EventKind] : undefined,
    statuses: (EVENT_STATUSES as readonly string[]).includes(status) ? [status as EventStatus] : ['draft', 'published'],
  };
}

/** Answers with the CSV as a download: every event the filter matches that `viewer` may see (need-to-know included). */
export function eventsCsvResponse(c: Context<AppEnv> | Context, filter: EventFilter, viewer: Viewer): Response {
  const { store, config, clock } = (c as Context<AppEnv>).get('deps');
  const day = clock().toISOString().slice(0, 10);
  return new Response(eventsCsv(store, filter, viewer, config.publicUrl), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="events-${day}.csv"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
