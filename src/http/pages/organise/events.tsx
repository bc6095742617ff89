/** @module The organisers' event list and the page to manage one event. */
import type { AuditEntry } from '../../../db/audit.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { EVENT_KINDS, KIND_LABELS } from '../../../domain/kinds.js';
import { describeSeries } from '../../../domain/rule-in-words.js';
import type { Child } from 'hono/jsx';
import { KindBadge, Pager, StatusNote } from '../components.js';
import { stampText, whenText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { SeriesPartsNotes, type SeriesParts } from '../series-parts.js';
import { WorkspaceNav } from './nav.js';
import type { MeetingKey } from '../../../meetings/meeting.js';
import { workspacePath } from '../../../meetings/paths.js';

const DONE: Record<string, string> = {
  created: 'The event has been created.',
  saved: 'Your changes have been saved.',
  'week-moved-shift':
    'Your changes have been saved. The week’s partner activities still to come moved with it; people reminded of them are told.',
  'week-moved-cancel':
    'Your changes have been saved. The week’s partner activities still to come were cancelled; people reminded of them are told.',
  unchanged: 'Nothing had changed, so nothing was saved.',
  cancelled: 'The event has been cancelled.',
  restored: 'The event has been restored. People told it was cancelled will hear that it is back on.',
  'restored-untold': 'The event has been restored. Nobody had been told it was cancelled, so nobody needs telling.',
  'date-cancelled': 'The date has been cancelled.',
  copied: 'The copy has been created as a draft. Check its dates, then publish it.',
  occurrence: 'The date has been updated.',
  'in-place': 'Every date of the series has been changed.',
  'one-date': 'The series is now one date, no longer repeating.',
  'one-date-split': 'Dates already passed are kept as they happened; this is now the one date still to come, no longer repeating.',
  split: 'The change applies from the chosen date on: the series carries on as this event, and earlier dates are kept as they were.',
  'split-all':
    'Dates already passed are kept as they happened: the change applies from the next date on, and the series carries on as this event.',
  retried: 'The email is back in the outbox and goes out in the next pass (within a minute).',
  'not-failed': 'That email had not failed, so it was left as it was.',
};

export function DoneNotice(props: { done: string | undefined; extra?: Record<string, string> }) {
  const text = props.done ? (props.extra?.[props.done] ?? DONE[props.done]) : undefined;
  return text ? (
    <div class="notice success" role="status">
      {text}
    </div>
  ) : null;
}

export function EventsListPage(props: {
  ctx: PageContext;
  events: CalendarEvent[];
  q: string;
  kind: string;
  status: string;
  page: { previous: string | null; next: string | null };
  /** Today's UK date: exceptions before it are left out of each series' description. */
  today?: string;
}) {
  return (
    <Layout ctx={props.ctx} title="Events">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <h1>Events</h1>
      <form class="filters" method="get" action="/organise/events" aria-label="Find events">
        <div class="field">
          <label for="q">Words</label>
          <input type="text" id="q" name="q" value={props.q} />
        </div>
        <div class="field">
          <label for="kind">Kind</label>
          <select id="kind" name="kind">
            <option value="">All kinds</option>
            {EVENT_KINDS.map((k) => (
              <option value={k} selected={props.kind === k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            {[
              ['', 'Published and drafts'],
              ['draft', 'Drafts'],
              ['published', 'Published'],
              ['cancelled', 'Cancelled'],
            ].map(([v, l]) => (
              <option value={v} selected={props.status === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Find</button>
      </form>
      <p role="status">
        {props.events.length
          ? `Showing ${props.events.length} events, latest first${props.page.next ? '; more on the next page' : ''}.`
          : 'No events match.'}{' '}
        ·{' '}
        <a href={`/organise/events.csv?${new URLSearchParams({ q: props.q, kind: props.kind, status: props.status }).toString()}`}>
          Download these as CSV
        </a>
      </p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Kind</th>
              <th scope="col">When</th>
              <th scope="col">Visibility</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>
                  <a href={`/organise/events/${e.id}`}>{e.title}</a>
                  <StatusNote status={e.status} />
                </td>
                <td>
                  <KindBadge kind={e.kind} />
                </td>
                <td>
                  {whenText(e.when)}
                  {e.rrule ? (
                    <>
                      <br />
                      <span class="muted">{describeSeries(e, { today: props.today, maxExceptions: 2 })}</span>
                    </>
                  ) : null}
                </td>
                <td>{e.visibility}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager previous={props.page.previous} next={props.page.next} label="Pages of events" />
    </Layout>
  );
}

export function ManageEventPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  done: string | undefined;
  canEdit: boolean;
  history: AuditEntry[];
  reminders?: Child;
  /** A meeting's dates around now, each linking to its workspace (agenda, attendance, minutes). */
  meetingDates?: { key: MeetingKey; when: CalendarEvent['when'] }[];
  /** Today's UK date, as for EventsListPage. */
  today?: string;
  /**
   * A series split by "this and following dates", the whole chain however many splits: the events
   * with its earlier dates (nearest first) and those continuing it (by first date).
   */
  series?: SeriesParts;
}) {
  const { event } = props;
  return (
    <Layout ctx={props.ctx} title={`Manage: ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} />
      <p>
        <KindBadge kind={event.kind} />
        <StatusNote status={event.status} />
      </p>
      <h1>{event.title}</h1>
      <p>
        {whenText(event.when)}
        {event.rrule ? ` · ${describeSeries(event, { today: props.today })}` : ''}
        {event.location ? ` · ${event.location}` : ''}
      </p>
      {props.series ? (
        <SeriesPartsNotes event={event} parts={props.series} href={(e) => `/organise/events/${e.id}`} today={props.today} />
      ) : null}
      <p class="actions">
        <a href={`/events/${event.id}`}>See the event page</a>
        {props.canEdit && event.status !== 'cancelled' ? (
          <>
            <a class="button" href={`/organise/events/${event.id}/edit`}>
              Edit
            </a>
            {event.rrule ? (
              <a class="button secondary" href={`/organise/events/${event.id}/occurrences`}>
                Cancel or move one date
              </a>
            ) : null}
          </>
        ) : null}
        {event.kind === 'campaign_week' ? (
          <>
            <a class="button secondary" href={`/organise/events/new?parent=${event.id}`}>
              Add a partner activity
            </a>
            <a class="button secondary" href={`/organise/events/${event.id}/copy`}>
              Copy to another year
            </a>
          </>
        ) : null}
        {event.kind !== 'campaign_week' && props.canEdit ? (
          <a class="button secondary" href={`/organise/events/new?kind=${event.kind}&from=${event.id}`}>
            Duplicate
          </a>
        ) : null}
      </p>
      {props.canEdit && props.meetingDates?.length ? (
        <>
          <h2>Agenda, attendance and minutes</h2>
          <ul>
            {props.meetingDates.map((d) => (
              <li>
                <a href={workspacePath(d.key)}>{whenText(d.when, event.timezone)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.reminders ?? null}
      {event.status === 'cancelled' ? (
        <p class="notice warning">This event is cancelled{event.cancelReason ? `. Reason: ${event.cancelReason}` : '.'}</p>
      ) : null}
      {props.canEdit ? (
        <p class="actions">
          {event.status === 'cancelled' ? (
            <a class="button" href={`/organise/events/${event.id}/restore`}>
              Restore this event
            </a>
          ) : (
            <a class="button warning" href={`/organise/events/${event.id}/cancel`}>
              Cancel this event
            </a>
          )}
        </p>
      ) : null}
      <h2>History</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((a) => (
              <tr>
                <td>{stampText(a.at)}</td>
                <td>{a.actor}</td>
                <td>
                  {a.action}
                  <span class="muted"> {Object.keys(a.changes).join(', ')}</span>
                  {typeof a.changes.reason === 'string' && a.changes.reason ? <span> Reason: {a.changes.reason}</span> : null}
                  {a.entityId !== event.id ? (
                    <span class="muted">
                      {' '}
                      ({props.series?.earlier.some((e) => e.id === a.entityId) ? 'earlier dates' : 'continuation'})
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
