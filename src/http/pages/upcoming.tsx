/** @module The public front page: what is coming up, filtered by theme, kind, group or organisation. */
import { DateTime } from 'luxon';
import { EVENT_KINDS, KIND_LABELS, THEMES } from '../../domain/kinds.js';
import type { Dated, Names } from '../web/calendar-data.js';
import { DateInput, KindBadge, Pager, StatusNote } from './components.js';
import type { DateParts } from '../web/uk-dates.js';
import { startDateOf, timeLabel, longDate } from './format.js';
import { Layout, type PageContext } from './layout.js';
import { dateChange } from '../../domain/occurrences.js';

export interface UpcomingFilters {
  theme: string;
  kind: string;
  group: string;
  organisation: string;
  /** The first day shown, ISO; and as typed into the day, month and year boxes, with any problem. */
  from: string;
  fromParts: DateParts;
  fromError: string | null;
}

function subscribeHref(base: string, filters: UpcomingFilters): string {
  const params = new URLSearchParams();
  for (const name of ['theme', 'kind', 'group', 'organisation'] as const) if (filters[name]) params.set(name, filters[name]);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/** A date of a series not as planned, in a list: moved in time, or at a venue of its own (ADR 288). */
function DateChangeNote(props: { change: 'moved' | 'venue' | null }) {
  if (props.change === 'moved') return <strong> (moved from its usual date)</strong>;
  return props.change === 'venue' ? <strong> (venue changed)</strong> : null;
}

export function EventLine(props: { item: Dated; names: Names; showDate?: boolean }) {
  const { event, occurrence } = props.item;
  const group = event.groupId ? props.names.groups.get(event.groupId) : undefined;
  const organisation = event.organisationId ? props.names.organisations.get(event.organisationId) : undefined;
  const date = startDateOf(occurrence.when, event.timezone);
  return (
    <li>
      <div class="when">
        {props.showDate === false ? null : <span>{DateTime.fromISO(date).setLocale('en-GB').toFormat('ccc d LLL')}</span>}
        <br />
        <span>{timeLabel(occurrence.when, event.timezone)}</span>
      </div>
      <div class="what">
        <h3>
          <a href={`/events/${event.id}`}>{event.title}</a>
          <StatusNote status={event.status} />
        </h3>
        <p>
          <KindBadge kind={event.kind} />
          {occurrence.location ? ` ${occurrence.location}` : ''}
          <DateChangeNote change={dateChange(event, occurrence)} />
        </p>
        {group || organisation ? <p class="muted">{[group?.name, organisation].filter(Boolean).join(' · ')}</p> : null}
      </div>
    </li>
  );
}

export function UpcomingPage(props: {
  ctx: PageContext;
  items: Dated[];
  names: Names;
  filters: UpcomingFilters;
  page: { previous: string | null; next: string | null };
  groups: [string, string][];
  organisations: [string, string][];
}) {
  const { filters } = props;
  const byMonth = new Map<string, Dated[]>();
  for (const item of props.items) {
    const start = startDateOf(item.occurrence.when, item.event.timezone);
    // Something that began before the chosen day but is still running is "under way", not last month's.
    const month = start < filters.from ? 'under-way' : start.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), item]);
  }
  return (
    <Layout ctx={props.ctx} title="Upcoming events">
      <h1>Upcoming events</h1>
      <p class="lead">
        Awareness weeks, partner activities, meetings, training and deadlines of the {props.ctx.partnershipName}, from{' '}
        {longDate(filters.from)}.
      </p>
      <form class="filters" method="get" action="/" aria-label="Filter events">
        <div class="field">
          <label for="f-theme">Theme</label>
          <select id="f-theme" name="theme">
            <option value="">All themes</option>
            {Object.entries(THEMES).map(([code, label]) => (
              <option value={code} selected={filters.theme === code}>{`${code} ${label}`}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">Kind</label>
          <select id="f-kind" name="kind">
            <option value="">All kinds</option>
            {EVENT_KINDS.map((k) => (
              <option value={k} selected={filters.kind === k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-group">Group</label>
          <select id="f-group" name="group">
            <option value="">All groups</option>
            {props.groups.map(([slug, name]) => (
              <option value={slug} selected={filters.group === slug}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-organisation">Organisation</label>
          <select id="f-organisation" name="organisation">
            <option value="">All organisations</option>
            {props.organisations.map(([id, name]) => (
              <option value={id} selected={filters.organisation === id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <DateInput
          id="f-from"
          name="from"
          label="From"
          hint="For example, 1 10 2026"
          value={filters.fromParts}
          errors={filters.fromError ? new Map([['f-from', filters.fromError]]) : new Map()}
        />
        <button type="submit">Show events</button>
      </form>
      <p role="status">
        {props.items.length === 0
          ? props.page.previous
            ? 'No more events match in the 12 months from this date.'
            : 'No events match.'
          : `Showing ${props.items.length} events in the 12 months from ${longDate(filters.from)}, earliest first${props.page.next ? '; more on the next page' : ''}.`}
      </p>
      {props.ctx.subscribeUrl ? (
        <p class="no-print">
          <a href={subscribeHref(props.ctx.subscribeUrl, filters)}>
            Subscribe to {filters.theme || filters.kind || filters.group || filters.organisation ? 'these' : 'the public'} events in
            Outlook, Google or Apple Calendar
          </a>
        </p>
      ) : null}
      {[...byMonth].map(([month, items]) => (
        <section aria-labelledby={`m-${month}`}>
          <h2 id={`m-${month}`}>
            {month === 'under-way' ? 'Already under way' : DateTime.fromISO(`${month}-01`).setLocale('en-GB').toFormat('LLLL yyyy')}
          </h2>
          <ul class="events">
            {items.map((item) => (
              <EventLine item={item} names={props.names} />
            ))}
          </ul>
        </section>
      ))}
      <Pager previous={props.page.previous} next={props.page.next} label="Pages of events" />
    </Layout>
  );
}
