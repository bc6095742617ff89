/** @module The public pages: upcoming events, month view, year planner, event page. */
import { cancelledWeekDateOf, leftWeekDateOf, movedWeekDateOf, weekDateOf } from '../../cancellations/index.js';
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { activitiesOf, getEvent } from '../../db/events.js';
import { seriesPartsOf } from '../../series/index.js';
import { getOrganisation } from '../../db/directory.js';
import { canEditEvent } from '../../domain/accounts.js';
import { EVENT_KINDS, isThemeCode, type EventKind } from '../../domain/kinds.js';
import { canSee } from '../../domain/visibility.js';
import { DEFAULT_ZONE } from '../../domain/time.js';
import type { FieldError } from '../../domain/validation.js';
import { originalWhen } from '../../domain/occurrences.js';
import { BadQueryPage, EventPage, NotFoundPage } from '../pages/event.js';
import { eventJsonLd, jsonLdText } from '../../syndication/json-ld.js';
import { endDateOf, startDateOf, shortDate, todayIn, whenText } from '../pages/format.js';
import { MonthPage } from '../pages/month.js';
import { UpcomingPage } from '../pages/upcoming.js';
import { YearPage, type PlannerCampaign } from '../pages/year.js';
import {
  activityDays,
  decodeCursor,
  monthContents,
  nextOccurrencesOf,
  occurrenceSummariesIn,
  pageOccurrences,
} from '../../occurrences/index.js';
import { directoryNames } from './calendar-data.js';
import type { WebEnv } from './env.js';
import { cursorLinks, dateFilter, dateQuery, intQuery, textQuery, yearQuery } from './query.js';
import { pageContext, render } from './render.js';

const PAGE_SIZE = 20;
/** The most campaign weeks one year planner draws (a real partnership plans a few dozen). */
const PLANNER_CAP = 300;

function badQuery(c: Context<WebEnv>, problem: FieldError): Response {
  return render(c, <BadQueryPage ctx={pageContext(c)} problem={problem} />, 400);
}

export function publicPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/', async (c) => {
    const { store, clock } = c.get('deps');
    const viewer = c.get('viewer');
    const today = todayIn(clock()).toISODate()!;
    const fromQuery = dateQuery(c, 'from', today);
    if (!fromQuery.ok) return badQuery(c, fromQuery.error);
    const names = await directoryNames(store);
    const groups = [...names.groups].map(([id, g]) => ({ id, ...g }));
    const organisations = [...names.organisations].map(([id, name]) => ({ id, name }));
    const fromFilter = dateFilter(c, 'from', today);
    const filters = {
      theme: textQuery(c, 'theme'),
      kind: textQuery(c, 'kind'),
      group: textQuery(c, 'group'),
      organisation: textQuery(c, 'organisation'),
      from: fromFilter.iso,
      fromParts: fromFilter.parts,
      fromError: fromFilter.error,
    };
    const group = groups.find((g) => g.slug === filters.group || g.id === filters.group);
    const from = DateTime.fromISO(filters.from, { zone: DEFAULT_ZONE });
    // An unknown filter value matches nothing, as a filter should; it never errors.
    const page = await pageOccurrences(store, viewer, {
      window: { from, to: from.plus({ years: 1 }) },
      filter: {
        themes: filters.theme
          ? [isThemeCode(filters.theme.toUpperCase()) ? filters.theme.toUpperCase() : filters.theme.toLowerCase()]
          : undefined,
        kinds: filters.kind
          ? [(EVENT_KINDS as readonly string[]).includes(filters.kind) ? (filters.kind as EventKind) : ('none' as EventKind)]
          : undefined,
        groupIds: filters.group ? [group?.id ?? 'none'] : undefined,
        organisationIds: filters.organisation ? [filters.organisation] : undefined,
      },
      limit: PAGE_SIZE,
      after: decodeCursor(c.req.query('after')),
      before: decodeCursor(c.req.query('before')),
    });
    return render(
      c,
      <UpcomingPage
        ctx={pageContext(c)}
        items={page.items}
        names={names}
        filters={filters}
        page={cursorLinks(c, page)}
        groups={groups.map((g) => [g.slug, g.name])}
        organisations={organisations.map((o) => [o.id, o.name])}
      />,
    );
  });

  app.get('/calendar/month', async (c) => {
    const { store, clock } = c.get('deps');
    const today = todayIn(clock());
    const yearQueried = yearQuery(c, today.year);
    if (!yearQueried.ok) return badQuery(c, yearQueried.error);
    const year = yearQueried.value;
    const month = intQuery(c, 'month', c.req.query('year') ? 1 : today.month, 1, 12);
    const from = DateTime.fromObject({ year, month, day: 1 }, { zone: DEFAULT_ZONE });
    const [contents, names] = await Promise.all([
      monthContents(store, c.get('viewer'), { from, to: from.plus({ months: 1 }) }),
      directoryNames(store),
    ]);
    return render(
      c,
      <MonthPage ctx={pageContext(c)} year={year} month={month} today={today.toISODate()!} contents={contents} names={names} />,
    );
  });

  app.get('/calendar/year', async (c) => {
    const { store, clock } = c.get('deps');
    const yearQueried = yearQuery(c, todayIn(clock()).year);
    if (!yearQueried.ok) return badQuery(c, yearQueried.error);
    const year = yearQueried.value;
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: DEFAULT_ZONE });
    const viewer = c.get('viewer');
    // Titles, statuses and dates only: event summaries, not whole events (ADR 225).
    const { items, truncated } = await occurrenceSummariesIn(
      store,
      viewer,
      { from, to: from.plus({ years: 1 }) },
      { kinds: ['campaign_week'] },
      PLANNER_CAP,
    );
    const activities = await activityDays(store, viewer, [...new Set(items.map((i) => i.event.id))]);
    const campaigns: PlannerCampaign[] = items.map(({ event, occurrence }) => {
      const startDate = startDateOf(occurrence.when, event.timezone);
      const endDate = endDateOf(occurrence.when, event.timezone);
      return {
        id: `${event.id}/${occurrence.recurrenceId ?? ''}`,
        eventId: event.id,
        title: event.title,
        status: event.status,
        startDate,
        endDate,
        activityCount: (activities.get(event.id) ?? []).filter((a) => a.startDay <= endDate && a.endDay >= startDate).length,
      };
    });
    return render(c, <YearPage ctx={pageContext(c)} year={year} campaigns={campaigns} truncated={truncated} />);
  });

  app.get('/events/:id', async (c) => {
    const { store, clock } = c.get('deps');
    const viewer = c.get('viewer');
    const event = await getEvent(store, c.req.param('id'));
    if (!event || !canSee(viewer, event)) {
      return render(c, <NotFoundPage ctx={pageContext(c)} what="There is no event at this address, or it is not public." />, 404);
    }
    const [names, parent, activities, parts] = await Promise.all([
      directoryNames(store),
      event.parentId ? getEvent(store, event.parentId) : null,
      event.kind === 'campaign_week' ? activitiesOf(store, [event.id], viewer) : new Map(),
      seriesPartsOf(store, event.id),
    ]);
    const now = DateTime.fromJSDate(clock());
    const nextDates = event.rrule ? await nextOccurrencesOf(store, event, now, 6) : [];
    const cancelledIds = event.exceptions
      .filter((e) => e.kind === 'cancelled' && e.recurrenceId >= now.toISODate()!)
      .map((e) => e.recurrenceId);
    const organisation = event.organisationId ? await getOrganisation(store, event.organisationId) : null;
    const { config } = c.get('deps');
    const jsonLd = eventJsonLd(event, nextDates, cancelledIds, {
      publicUrl: config.publicUrl,
      partnershipName: config.partnershipName,
      organisation: organisation ? { name: organisation.name, website: organisation.website } : null,
    });
    const cancelledDates = event.exceptions
      .filter((e) => e.kind === 'cancelled' && e.recurrenceId >= now.toISODate()!)
      .map((e) => {
        // Where the date is now (a date moved, then cancelled, at its moved time, ADR 170); a week as its span (issue 10).
        const at = e.when ?? originalWhen(event, e.recurrenceId);
        return {
          date: event.kind === 'campaign_week' ? whenText(at, event.timezone) : shortDate(startDateOf(at)),
          // The reason given when the date was cancelled, as its "Cancelled" e-mail quotes it (ADR 270).
          reason: e.note,
        };
      });
    // The date of its week an activity is in; else, outside every date, why: a date that is off, one
    // moved away from it (a move of that date, or a series edit that left it on its own time, ADR 279).
    const shownParent = parent && canSee(viewer, parent) ? parent : null;
    const parentDate = shownParent ? weekDateOf(event, shownParent) : null;
    const parentDateCancelled = shownParent && !parentDate ? cancelledWeekDateOf(event, shownParent) : null;
    const moved = shownParent && !parentDate && !parentDateCancelled ? movedWeekDateOf(event, shownParent) : null;
    const left = shownParent && !parentDate && !parentDateCancelled && !moved ? await leftWeekDateOf(store, event, shownParent) : null;
    return render(
      c,
      <EventPage
        ctx={pageContext(c)}
        event={event}
        names={names}
        parent={shownParent}
        parentDate={parentDate}
        parentDateCancelled={parentDateCancelled}
        parentDateMoved={moved ?? (left?.to ? { from: left.from, to: left.to, ...(left.wholeWeek ? { wholeWeek: true } : {}) } : null)}
        parentDateDropped={left && !left.to ? left.from : null}
        activities={activities.get(event.id) ?? []}
        nextDates={nextDates}
        cancelledDates={cancelledDates}
        // Where a split series began and goes on, as far as this viewer may see (ADR 285).
        series={{ earlier: parts.earlier.filter((e) => canSee(viewer, e)), continues: parts.continues.filter((e) => canSee(viewer, e)) }}
        canEdit={canEditEvent(c.get('user'), event)}
        today={todayIn(clock()).toISODate()!}
        jsonLd={jsonLd ? jsonLdText(jsonLd) : null}
      />,
    );
  });

  return app;
}
