/** @module The organisers' dashboard: what is coming up, drafts waiting, campaigns to carry over, recent changes. */
import type { AuditEntry } from '../../../db/audit.js';
import type { CalendarEvent } from '../../../domain/event.js';
import type { Dated, Names } from '../../web/calendar-data.js';
import { KindBadge } from '../components.js';
import { stampText, whenText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { EventLine } from '../upcoming.js';
import { WorkspaceNav } from './nav.js';

export function DashboardPage(props: {
  ctx: PageContext;
  upcoming: Dated[];
  names: Names;
  drafts: CalendarEvent[];
  /** More drafts than shown: link to the full list. */
  moreDrafts?: boolean;
  toCopy: CalendarEvent[];
  /** More of last year's campaign weeks lack a counterpart than are listed. */
  moreToCopy?: boolean;
  thisYear: number;
  recent: AuditEntry[];
  /** Partners' calendars whose last check failed (src/import): shown first, they need a person. */
  failingFeeds?: { id: string; label: string; error: string }[];
}) {
  return (
    <Layout ctx={props.ctx} title="Organisers' dashboard">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <h1>Organisers' dashboard</h1>
      {props.failingFeeds?.length ? (
        <div class="error-summary" role="alert" aria-labelledby="failing-feeds">
          <h2 id="failing-feeds">Partners’ calendars that could not be read</h2>
          <ul>
            {props.failingFeeds.map((f) => (
              <li>
                <a href={`/organise/sync/${f.id}`}>{f.label}</a>: {f.error} Its events are kept as they were.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="actions">
        <a class="button" href="/organise/events/new?kind=campaign_week">
          New campaign week
        </a>
        <a class="button" href="/organise/events/new?kind=meeting">
          New meeting
        </a>
        <a class="button secondary" href="/organise/events/new?kind=activity">
          New partner activity
        </a>
        <a class="button secondary" href="/organise/events/new?kind=deadline">
          New deadline
        </a>
      </p>
      <h2>Campaign weeks to carry over to {props.thisYear}</h2>
      {props.toCopy.length ? (
        <ul>
          {props.toCopy.map((e) => (
            <li>
              <a href={`/organise/events/${e.id}`}>{e.title}</a> ({whenText(e.when)}) —{' '}
              <a href={`/organise/events/${e.id}/copy`}>
                copy to {props.thisYear}
                <span class="visually-hidden">: {e.title}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>Every campaign week of last year has a counterpart this year.</p>
      )}
      {props.moreToCopy && (
        <p>
          These are the first {props.toCopy.length}; the others are in the{' '}
          <a href="/organise/events?kind=campaign_week">list of campaign weeks</a>.
        </p>
      )}
      <h2>Drafts</h2>
      {props.drafts.length ? (
        <ul>
          {props.drafts.map((e) => (
            <li>
              <KindBadge kind={e.kind} /> <a href={`/organise/events/${e.id}`}>{e.title}</a> ({whenText(e.when)})
            </li>
          ))}
        </ul>
      ) : (
        <p>No drafts.</p>
      )}
      {props.moreDrafts ? (
        <p>
          <a href="/organise/events?status=draft">Every draft</a>
        </p>
      ) : null}
      <h2>Next 30 days</h2>
      {props.upcoming.length ? (
        <ul class="events">
          {props.upcoming.map((item) => (
            <EventLine item={item} names={props.names} />
          ))}
        </ul>
      ) : (
        <p>Nothing in the next 30 days.</p>
      )}
      <h2>Recent changes</h2>
      <ul>
        {props.recent.map((a) => (
          <li>
            {stampText(a.at)}: {a.actor} — {a.action} {a.entity}
          </li>
        ))}
      </ul>
      <p>
        <a href="/organise/audit">Full audit log</a>
      </p>
    </Layout>
  );
}
