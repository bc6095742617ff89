/** @module The public pages: upcoming events, month view, year planner, event page. */
import { Hono } from 'hono';
import { DateTime } from 'luxon';
import { activitiesOf, getEvent } from '../../db/events.js';
import { listGroups, listOrganisations } from '../../db/directory.js';
import { canEditEvent } from '../../domain/accounts.js';
import { EVENT_KINDS, isThemeCode, type EventKind } from '../../domain/kinds.js';
import { occurrencesInWindow } from '../../domain/occurrences.js';
import { canSee } from '../../domain/visibility.js';
import { DEFAULT_ZONE } from '../../domain/time.js';
import { EventPage, NotFoundPage } from '../pages/event.js';
import { endDateOf, startDateOf, shortDate, todayIn } from '../pages/format.js';
import { MonthPage } from '../pages/month.js';
import { UpcomingPage } from '../pages/upcoming.js';
import { YearPage, type PlannerCampaign } from '../pages/year.js';
import { datedOccurrences, directoryNames } from './calendar-data.js';
import type { WebEnv } from './env.js';
import { dateFilter, intQuery, pagerLinks, textQuery } from './query.js';
import { pageContext, render } from './render.js';

const PAGE_SIZE = 20;

export function publicPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/', async (c) => {
    const { store, clock } = c.get('deps');
    const viewer = c.get('viewer');
    const today = todayIn(clock()).toISODate()!;
    const [groups, organisations, names] = await Promise.all([listGroups(store), listOrganisations(store), directoryNames(store)]);
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
    const items = await datedOccurrences(
      store,
      viewer,
      { from, to: from.plus({ years: 1 }) },
      {
        themes: filters.theme
          ? [isThemeCode(filters.theme.toUpperCase()) ? filters.theme.toUpperCase() : filters.theme.toLowerCase()]
          : undefined,
        kinds: filters.kind
          ? [(EVENT_KINDS as readonly string[]).includes(filters.kind) ? (filters.kind as EventKind) : ('none' as EventKind)]
          : undefined,
        groupIds: filters.group ? [group?.id ?? 'none'] : undefined,
        organisationIds: filters.organisation ? [filters.organisation] : undefined,
      },
    );
    const page = intQuery(c, 'page', 1, 1, 10_000);
    const first = (page - 1) * PAGE_SIZE;
    return render(
      c,
      <UpcomingPage
        ctx={pageContext(c)}
        items={items.slice(first, first + PAGE_SIZE)}
        names={names}
        filters={filters}
        page={{
          total: items.length,
          first,
          ...pagerLinks(c, page, PAGE_SIZE, items.length),
        }}
        groups={groups.map((g) => [g.slug, g.name])}
        organisations={organisations.map((o) => [o.id, o.name])}
      />,
    );
  });

  app.get('/calendar/month', async (c) => {
    const { store, clock } = c.get('deps');
    const today = todayIn(clock());
    const year = intQuery(c, 'year', today.year, 1900, 2200);
    const month = intQuery(c, 'month', c.req.query('year') ? 1 : today.month, 1, 12);
    const from = DateTime.fromObject({ year, month, day: 1 }, { zone: DEFAULT_ZONE });
    const [items, names] = await Promise.all([
      datedOccurrences(store, c.get('viewer'), { from, to: from.plus({ months: 1 }) }),
      directoryNames(store),
    ]);
    return render(c, <MonthPage ctx={pageContext(c)} year={year} month={month} today={today.toISODate()!} items={items} names={names} />);
  });

  app.get('/calendar/year', async (c) => {
    const { store, clock } = c.get('deps');
    const year = intQuery(c, 'year', todayIn(clock()).year, 1900, 2200);
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: DEFAULT_ZONE });
    const viewer = c.get('viewer');
    const items = await datedOccurrences(store, viewer, { from, to: from.plus({ years: 1 }) }, { kinds: ['campaign_week'] });
    const activities = await activitiesOf(store, [...new Set(items.map((i) => i.event.id))], viewer);
    const campaigns: PlannerCampaign[] = items.map(({ event, occurrence }) => ({
      id: `${event.id}/${occurrence.recurrenceId ?? ''}`,
      eventId: event.id,
      title: event.title,
      status: event.status,
      startDate: startDateOf(occurrence.when, event.timezone),
      endDate: endDateOf(occurrence.when, event.timezone),
      activityCount: (activities.get(event.id) ?? []).filter(
        (a) => startDateOf(a.when) <= endDateOf(occurrence.when) && endDateOf(a.when) >= startDateOf(occurrence.when),
      ).length,
    }));
    return render(c, <YearPage ctx={pageContext(c)} year={year} campaigns={campaigns} />);
  });

  app.get('/events/:id', async (c) => {
    const { store, clock } = c.get('deps');
    const viewer = c.get('viewer');
    const event = await getEvent(store, c.req.param('id'));
    if (!event || !canSee(viewer, event)) {
      return render(c, <NotFoundPage ctx={pageContext(c)} what="There is no event at this address, or it is not public." />, 404);
    }
    const [names, parent, activities] = await Promise.all([
      directoryNames(store),
      event.parentId ? getEvent(store, event.parentId) : null,
      event.kind === 'campaign_week' ? activitiesOf(store, [event.id], viewer) : new Map(),
    ]);
    const now = DateTime.fromJSDate(clock());
    const nextDates = event.rrule ? occurrencesInWindow(event, { from: now, to: now.plus({ years: 2 }) }).slice(0, 6) : [];
    const cancelledDates = event.exceptions
      .filter((e) => e.kind === 'cancelled' && e.recurrenceId >= now.toISODate()!)
      .map((e) =>
        shortDate(
          startDateOf(
            event.when.allDay
              ? { allDay: true, startDate: e.recurrenceId, endDate: e.recurrenceId }
              : { allDay: false, startsAt: e.recurrenceId, endsAt: e.recurrenceId },
          ),
        ),
      );
    return render(
      c,
      <EventPage
        ctx={pageContext(c)}
        event={event}
        names={names}
        parent={parent && canSee(viewer, parent) ? parent : null}
        activities={activities.get(event.id) ?? []}
        nextDates={nextDates}
        cancelledDates={cancelledDates}
        canEdit={canEditEvent(c.get('user'), event)}
      />,
    );
  });

  return app;
}
