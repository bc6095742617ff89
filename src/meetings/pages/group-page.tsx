/**
 * @module A group's public page: what it is, its next meeting, its meetings of a year with their
 * agendas and minutes, and its feed. Organisers also get the year's attendance as CSV.
 */
import { whenText } from '../../http/pages/format.js';
import { Layout, type PageContext } from '../../http/pages/layout.js';
import type { Group } from '../../domain/directory.js';
import type { GroupMeeting } from '../service.js';
import { meetingPath } from '../paths.js';

function minutesText(m: GroupMeeting, insider: boolean): string {
  const status = m.summary?.minutesStatus ?? 'none';
  if (status === 'approved') return 'Approved minutes';
  if (status === 'none') return '—';
  return insider ? (status === 'ready' ? 'Draft, ready for approval' : 'Draft') : 'Not yet approved';
}

export function GroupMeetingsPage(props: {
  ctx: PageContext;
  group: Group;
  year: number;
  next: GroupMeeting | null;
  meetings: GroupMeeting[];
  insider: boolean;
  organiser: boolean;
  now: string;
}) {
  const g = props.group;
  return (
    <Layout ctx={props.ctx} title={g.name}>
      <h1>{g.name}</h1>
      {g.description ? <p class="lead">{g.description}</p> : null}
      <h2>Next meeting</h2>
      {props.next ? (
        <p>
          <a href={meetingPath(props.next.key)}>{whenText(props.next.when, props.next.event.timezone)}</a>
          {props.next.location ? `, ${props.next.location}` : ''}
          {props.next.summary?.agendaPublished ? ' · agenda published' : ' · agenda to follow'}
        </p>
      ) : (
        <p>No meeting is on the calendar yet{props.ctx.user ? '' : ' (or none is public)'}.</p>
      )}
      <h2 id="meetings">Meetings in {props.year}</h2>
      <nav class="pager" aria-label="Years">
        <a href={`?year=${props.year - 1}#meetings`}>← {props.year - 1}</a>
        <a href={`?year=${props.year + 1}#meetings`}>{props.year + 1} →</a>
      </nav>
      {props.meetings.length ? (
        <table class="stack">
          <caption>
            Meetings of {g.name} in {props.year}
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Agenda</th>
              <th scope="col">Minutes</th>
            </tr>
          </thead>
          <tbody>
            {props.meetings.map((m) => (
              <tr>
                <th scope="row">
                  <a href={meetingPath(m.key)}>{whenText(m.when, m.event.timezone)}</a>
                  {m.event.title !== g.name ? <span class="muted"> {m.event.title}</span> : null}
                </th>
                <td data-label="Agenda">{m.summary?.agendaPublished ? 'Published' : m.start > props.now ? 'To follow' : '—'}</td>
                <td data-label="Minutes">{minutesText(m, props.insider)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No meetings in {props.year} that you can see.</p>
      )}
      <h2>Subscribe</h2>
      <p>
        <a href={`/feeds/groups/${g.slug}`}>Add this group’s public meetings to Outlook, Google or Apple Calendar</a>
      </p>
      {props.organiser ? (
        <p class="no-print">
          <a href={`/groups/${g.slug}/attendance.csv?year=${props.year}`} download>
            Download attendance at {props.year}’s meetings (CSV)
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
