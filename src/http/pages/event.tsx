/**
 * @module One event: when and where, who runs it, its themes and links; a campaign week lists its
 * partner activities, a meeting names its group and venue, a series shows its next dates.
 */
import type { CalendarEvent, When } from '../../domain/event.js';
import { timeMoved, type EventOccurrence } from '../../domain/occurrences.js';
import { THEMES, isThemeCode } from '../../domain/kinds.js';
import { describeSeries } from '../../domain/rule-in-words.js';
import type { Names } from '../web/calendar-data.js';
import { meetingPath } from '../../meetings/paths.js';
import { KindBadge, StatusNote } from './components.js';
import { whenText } from './format.js';
import { clockChangeNote } from '../../domain/when-in-words.js';
import { Layout, type PageContext } from './layout.js';
import { SeriesPartsNotes, type SeriesParts } from './series-parts.js';

const VISIBILITY_TEXT = {
  public: 'Public',
  partners: 'Partners only',
  group: 'Members of the group only',
  confidential: 'Confidential: organisers only, never in any feed',
} as const;

export function EventPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  names: Names;
  parent: CalendarEvent | null;
  /** The parent's date this activity falls in; null when it is outside every date of its week. */
  parentDate?: When | null;
  /** The cancelled date of its week this activity falls in, when parentDate is null (a per-date cancel). */
  parentDateCancelled?: When | null;
  /**
   * The parent week's date the activity was in, moved away from it (kept or cancelled, ADR 271; by a
   * series edit, ADR 279); `wholeWeek`: a one-off week that moved as a whole (ADR 287).
   */
  parentDateMoved?: { from: When; to: When; wholeWeek?: boolean } | null;
  /** The parent week's date the activity was in, which a series edit's new pattern no longer has (ADR 279). */
  parentDateDropped?: When | null;
  activities: CalendarEvent[];
  nextDates: EventOccurrence[];
  /** The other parts of a split series this viewer may see (ADR 285); absent or empty for most events. */
  series?: SeriesParts;
  /** Cancelled dates of the series from today: the day ("Wed 21 Apr 2027") and the reason given ('' for none). */
  cancelledDates: { date: string; reason: string }[];
  canEdit: boolean;
  /** Today's UK date: exceptions before it are left out of the series' description. */
  today?: string;
  /** schema.org Event data for search engines (public events), already escaped for a script block. */
  jsonLd?: string | null;
}) {
  const { event, names } = props;
  const group = event.groupId ? names.groups.get(event.groupId) : undefined;
  const organisation = event.organisationId ? names.organisations.get(event.organisationId) : undefined;
  // The part that carries the series on after this one's dates end: the next later part still on (not a kept date).
  const continuation = props.series?.continues.find((e) => e.continuesSeries && e.status !== 'cancelled');
  return (
    <Layout
      ctx={props.ctx}
      title={event.title}
      head={props.jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: props.jsonLd }} /> : null}
    >
      <p>
        <KindBadge kind={event.kind} />
        <StatusNote status={event.status} />
      </p>
      <h1>{event.title}</h1>
      {event.status === 'cancelled' ? (
        <p class="notice warning">This event has been cancelled.{event.cancelReason ? ` Reason: ${event.cancelReason}` : ''}</p>
      ) : null}
      <dl class="facts">
        <dt>When</dt>
        <dd>
          {whenText(event.when, event.timezone)}
          {event.rrule ? (
            <>
              <br />
              {describeSeries(event, { today: props.today })}
            </>
          ) : null}
        </dd>
        {event.location ? (
          <>
            <dt>{event.kind === 'meeting' ? 'Venue' : 'Where'}</dt>
            <dd>{event.location}</dd>
          </>
        ) : null}
        {group ? (
          <>
            <dt>Group</dt>
            <dd>{event.kind === 'meeting' ? <a href={`/groups/${group.slug}`}>{group.name}</a> : group.name}</dd>
          </>
        ) : null}
        {organisation ? (
          <>
            <dt>{event.kind === 'activity' ? 'Run by' : 'Organisation'}</dt>
            <dd>{organisation}</dd>
          </>
        ) : null}
        {props.parent ? (
          <>
            <dt>Part of</dt>
            <dd>
              <a href={`/events/${props.parent.id}`}>{props.parent.title}</a>
              {props.parentDate ? (
                ` (${whenText(props.parentDate)})`
              ) : props.parent.status === 'cancelled' ? (
                ` (${whenText(props.parent.when)})`
              ) : props.parentDateCancelled ? (
                <>
                  {` (${whenText(props.parentDateCancelled)})`}
                  <br />
                  <strong class="status-cancelled">
                    That date of the {props.parent.kind === 'campaign_week' ? 'week' : 'event'} is cancelled
                    {event.status === 'cancelled' && event.parentDate
                      ? '; this activity was cancelled with it.'
                      : event.parentOutcome === 'kept'
                        ? '; this activity still goes ahead.'
                        : '.'}
                  </strong>
                </>
              ) : props.parentDateMoved ? (
                <>
                  {` (${whenText(props.parentDateMoved.from)})`}
                  <br />
                  {props.parentDateMoved.wholeWeek ? 'The week' : 'That date of the week'} moved to {whenText(props.parentDateMoved.to)}
                  {event.status === 'cancelled' ? '; this activity is cancelled.' : '; this activity stays on its own date.'}
                </>
              ) : props.parentDateDropped ? (
                <>
                  {` (${whenText(props.parentDateDropped)})`}
                  <br />
                  That date is no longer one of the week’s dates
                  {event.status === 'cancelled' ? '; this activity is cancelled.' : '; this activity still goes ahead.'}
                </>
              ) : (
                <>
                  {props.parent.rrule ? '' : ` (${whenText(props.parent.when)})`}
                  <br />
                  This activity is outside the {props.parent.kind === 'campaign_week' ? 'week' : 'event'}’s dates.
                </>
              )}
              {props.parent.status === 'cancelled' ? (
                <strong class="status-cancelled">
                  {' '}
                  — {props.parent.title} was cancelled
                  {event.status === 'cancelled'
                    ? '; this activity was cancelled with it.'
                    : event.parentOutcome === 'kept'
                      ? '; this activity still goes ahead.'
                      : '.'}
                </strong>
              ) : null}
            </dd>
          </>
        ) : null}
        {event.themes.length ? (
          <>
            <dt>Themes</dt>
            <dd>
              {event.themes.map((t) => (
                <span class="tag">{isThemeCode(t) ? `${t} ${THEMES[t]}` : t}</span>
              ))}
            </dd>
          </>
        ) : null}
        {props.ctx.user ? (
          <>
            <dt>Who can see it</dt>
            <dd>{VISIBILITY_TEXT[event.visibility]}</dd>
          </>
        ) : null}
      </dl>
      {props.series ? <SeriesPartsNotes event={event} parts={props.series} href={(e) => `/events/${e.id}`} today={props.today} /> : null}
      {event.description ? <p class="pre">{event.description}</p> : null}
      {event.kind === 'meeting' && !event.rrule ? (
        <p>
          <a href={meetingPath({ eventId: event.id, occurrence: '' })}>Agenda, papers, attendance and minutes</a>
        </p>
      ) : null}
      {event.links.length ? (
        <>
          <h2>Links</h2>
          <ul>
            {event.links.map((l) => (
              <li>
                <a href={l.url} rel="noopener noreferrer">
                  {l.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {event.kind === 'campaign_week' ? (
        <>
          <h2>Partner activities</h2>
          {props.activities.length ? (
            <ul class="events">
              {props.activities.map((a) => (
                <li>
                  <div class="when">{whenText(a.when, a.timezone)}</div>
                  <div class="what">
                    <h3>
                      <a href={`/events/${a.id}`}>{a.title}</a>
                      <StatusNote status={a.status} />
                    </h3>
                    <p>
                      <KindBadge kind={a.kind} />
                      {a.location ? ` ${a.location}` : ''}
                      {a.organisationId && names.organisations.get(a.organisationId)
                        ? ` · ${names.organisations.get(a.organisationId)}`
                        : ''}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p>No partner activities have been added yet.</p>
          )}
        </>
      ) : null}
      {event.rrule ? (
        <>
          <h2>Next dates</h2>
          {props.nextDates.length ? (
            <ul>
              {props.nextDates.map((o) => (
                <li>
                  {event.kind === 'meeting' ? (
                    <a href={meetingPath({ eventId: event.id, occurrence: o.recurrenceId ?? '' })}>{whenText(o.when, event.timezone)}</a>
                  ) : (
                    whenText(o.when, event.timezone)
                  )}
                  {o.location !== event.location ? ` at ${o.location}` : ''}
                  {timeMoved(event, o) ? <strong> (moved)</strong> : null}
                  <ClockChangeNote occurrence={o} event={event} />
                </li>
              ))}
            </ul>
          ) : continuation ? (
            <p>
              This part of the series has no more dates: it continues as <a href={`/events/${continuation.id}`}>{continuation.title}</a>{' '}
              from {whenText(continuation.when)}.
            </p>
          ) : (
            <p>This series has no more dates.</p>
          )}
          {props.cancelledDates.length ? (
            <p>
              <strong>
                {event.kind === 'meeting' ? 'Not meeting on:' : event.kind === 'campaign_week' ? 'Weeks cancelled:' : 'Cancelled dates:'}
              </strong>{' '}
              {props.cancelledDates.map((d) => (d.reason ? `${d.date} (${d.reason})` : d.date)).join('; ')}
            </p>
          ) : null}
        </>
      ) : null}
      {event.visibility === 'public' && event.status === 'published' ? (
        <p class="no-print">
          <a href={`/feeds/events/${event.id}.ics`} download>
            Add this {event.rrule ? 'series' : 'event'} to your calendar (.ics file)
          </a>
        </p>
      ) : null}
      {props.ctx.subscribeUrl ? (
        <p class="no-print">
          <a href={props.ctx.subscribeUrl}>Subscribe to the calendar in Outlook, Google or Apple Calendar</a>
        </p>
      ) : null}
      {props.canEdit ? (
        <p class="actions">
          <a class="button" href={`/organise/events/${event.id}`}>
            Manage this event
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A page address with a query value the calendar cannot show (a year outside 1900–2200). */
export function BadQueryPage(props: { ctx: PageContext; problem: { field: string; message: string } }) {
  return (
    <Layout ctx={props.ctx} title="Check the address">
      <h1>Check the address</h1>
      <p>
        {props.problem.field} {props.problem.message}.
      </p>
      <p>
        <a href="/">See upcoming events</a>
      </p>
    </Layout>
  );
}

/**
 * What a clock change did to one date of a series (RFC 5545 §3.3.5): a usual time the spring
 * change skips starts an hour later; one the autumn change repeats is the first of the two.
 */
function ClockChangeNote(props: { occurrence: EventOccurrence; event: CalendarEvent }) {
  const { occurrence, event } = props;
  if (!occurrence.clockChange || occurrence.moved || occurrence.when.allDay || event.when.allDay) return null;
  // The same words as the e-mails of this date (ADR 275).
  const note = clockChangeNote(event.when.startsAt, occurrence.when.startsAt, event.timezone, occurrence.clockChange);
  return <span class="muted"> ({note})</span>;
}

export function NotFoundPage(props: { ctx: PageContext; what?: string }) {
  return (
    <Layout ctx={props.ctx} title="Page not found">
      <h1>Page not found</h1>
      <p>{props.what ?? 'There is no page at this address.'} If you typed the address, check it is correct.</p>
      <p>
        <a href="/">See upcoming events</a>
      </p>
    </Layout>
  );
}
