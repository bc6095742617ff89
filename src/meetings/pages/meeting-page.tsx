/**
 * @module A meeting's page, as council committee systems present one: when and where, the numbered
 * agenda with its papers (an exempt item shows the public only its number and why it is exempt),
 * attendance as the group allows, the minutes once approved (members see drafts), actions and
 * matters arising. The same page for everyone; presentMeeting decides what each viewer gets.
 */
import { KindBadge } from '../../http/pages/components.js';
import { stampText, whenText } from '../../http/pages/format.js';
import { Layout, type PageContext } from '../../http/pages/layout.js';
import type { CalendarEvent, When } from '../../domain/event.js';
import type { PresentedMeeting } from '../meeting.js';
import { groupPagePath, meetingPath, workspacePath } from '../paths.js';
import { ActionsTable, AttendanceSection, DocumentList, meetingWhen, OnThisPage, QuorumLine } from './parts.js';

const MINUTES_NOTE = {
  draft: 'Draft minutes: not yet approved. Only members of the group and organisers can see them.',
  ready: 'Draft minutes, ready for approval at the next meeting. Only members of the group and organisers can see them until then.',
} as const;

export function MeetingPage(props: { ctx: PageContext; presented: PresentedMeeting; canManage: boolean }) {
  const p = props.presented;
  const r = p.record;
  const title = `${r.event.title}, ${whenText(r.when, r.event.timezone)}`;
  const minuted = (p.items ?? []).filter((i) => !i.withheld && i.minutes);
  return (
    <Layout ctx={props.ctx} title={title}>
      <MeetingHeading title={r.event.title} when={whenText(r.when, r.event.timezone)} group={r.group} />
      {r.cancelled ? <CancelledNotice reason={r.cancelReason} /> : null}
      <dl class="facts">
        {r.location ? (
          <>
            <dt>Venue</dt>
            <dd>{r.location}</dd>
          </>
        ) : null}
        <dt>Agenda</dt>
        <dd>{r.agendaPublishedAt ? `Published ${stampText(r.agendaPublishedAt)}` : 'Not yet published'}</dd>
      </dl>
      <OnThisPage label="On this page" />
      {props.canManage ? (
        <p class="actions no-print">
          <a class="button" href={workspacePath(r.key)}>
            Manage this meeting
          </a>
        </p>
      ) : null}

      <h2 id="agenda">Agenda</h2>
      {p.items === null ? (
        <p>The agenda has not been published yet. It is usually published a week before the meeting.</p>
      ) : p.items.length === 0 ? (
        <p>No items yet.</p>
      ) : (
        <ol class="agenda">
          {p.items.map((item) =>
            item.withheld ? (
              <li value={item.number}>
                <h3>
                  <span class="item-number">{item.number}.</span> Exempt item
                </h3>
                <p class="exempt">
                  <strong>The public and press are excluded</strong> for this item: {item.exemptReason}
                </p>
              </li>
            ) : (
              <li value={item.number}>
                <h3>
                  <span class="item-number">{item.number}.</span> {item.title}
                </h3>
                {item.lead ? <p class="muted">Lead: {item.lead}</p> : null}
                {item.exempt ? (
                  <p class="exempt">
                    <strong>Exempt item</strong> (shown to members and organisers only; the public sees its number and this reason):{' '}
                    {item.exemptReason}
                  </p>
                ) : null}
                {item.description ? <p class="pre">{item.description}</p> : null}
                <DocumentList docs={item.documents.filter((d) => d.purpose === 'paper')} label={`Papers for item ${item.number}`} />
              </li>
            ),
          )}
        </ol>
      )}
      {p.documents.some((d) => d.purpose === 'paper') ? (
        <>
          <h3>Papers for the whole meeting</h3>
          <DocumentList docs={p.documents.filter((d) => d.purpose === 'paper')} />
        </>
      ) : null}
      {p.mattersArising.length ? (
        <>
          <h3 id="matters-arising">Matters arising</h3>
          <ActionsTable actions={p.mattersArising} caption="Actions from earlier meetings still open at this one" showMeeting />
        </>
      ) : null}

      <h2 id="attendance">Attendance</h2>
      <QuorumLine quorum={p.quorum} />
      <AttendanceSection presented={p} />

      <h2 id="minutes">Minutes</h2>
      {r.approves.map((m) => (
        <p>
          The minutes of the <a href={meetingPath(m.key)}>meeting held on {meetingWhen(m.start)}</a> were approved as a correct record at
          this meeting.
        </p>
      ))}
      {p.minutes === null ? (
        <p>
          {r.minutesStatus === 'none'
            ? 'There are no minutes yet.'
            : 'The minutes will be published here once they have been approved as a correct record at a later meeting.'}
        </p>
      ) : (
        <>
          {p.minutes.status === 'approved' ? (
            <p class="notice success">
              Approved as a correct record
              {r.approvedBy ? (
                <>
                  {' '}
                  at the <a href={meetingPath(r.approvedBy.key)}>meeting on {meetingWhen(r.approvedBy.start)}</a>
                </>
              ) : null}
              .{p.access === 'public' && r.items.some((i) => i.exempt) ? ' Exempt items are not published.' : ''}
            </p>
          ) : (
            <p class="notice warning">{MINUTES_NOTE[p.minutes.status as 'draft' | 'ready']}</p>
          )}
          <DocumentList docs={p.minutes.documents} label="Minutes documents" />
          {minuted.length ? (
            <dl class="minutes">
              {minuted.map((i) =>
                i.withheld ? null : (
                  <>
                    <dt>
                      {i.number}. {i.title}
                      {i.exempt ? <span class="muted"> (exempt)</span> : null}
                    </dt>
                    <dd class="pre">{i.minutes}</dd>
                  </>
                ),
              )}
            </dl>
          ) : null}
        </>
      )}

      <h2 id="actions">Actions</h2>
      {p.actions.length ? (
        <ActionsTable actions={p.actions} caption="Actions from this meeting" editable={p.access === 'organiser'} />
      ) : (
        <p>No actions were recorded at this meeting.</p>
      )}

      {r.event.visibility === 'public' && r.event.status === 'published' ? (
        <p class="no-print">
          <a href={`/feeds/events/${r.event.id}.ics`} download>
            Add {r.event.rrule ? 'this series of meetings' : 'this meeting'} to your calendar (.ics file)
          </a>
          {r.group ? (
            <>
              {' · '}
              <a href={`/feeds/groups/${r.group.slug}`}>Subscribe to all meetings of {r.group.name}</a>
            </>
          ) : null}
        </p>
      ) : null}
    </Layout>
  );
}

/** The top of a meeting's page: what it is, its group, its title and date. */
function MeetingHeading(props: { title: string; when: string; group: { slug: string; name: string } | null }) {
  return (
    <>
      <p>
        <KindBadge kind="meeting" />
        {props.group ? (
          <>
            {' '}
            <a href={groupPagePath(props.group.slug)}>{props.group.name}</a>
          </>
        ) : null}
      </p>
      <h1>
        {props.title}
        <span class="subtitle">{props.when}</span>
      </h1>
    </>
  );
}

/** A cancelled meeting says so, with the organiser's words when they gave any. */
function CancelledNotice(props: { reason: string }) {
  const reason = props.reason.trim();
  return <p class="notice warning">This meeting has been cancelled.{reason ? ` Reason: ${reason}` : ''}</p>;
}

/**
 * The address of a meeting date that a series edit ended (an e-mail sent before the edit links to
 * it, ADR 283): the date as people held it, said to be cancelled with the reason the organiser gave
 * for the edit, rather than "no meeting at this address".
 */
export function EndedMeetingPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  when: When;
  location: string;
  group: { slug: string; name: string } | null;
  reason: string;
}) {
  const when = whenText(props.when, props.event.timezone);
  return (
    <Layout ctx={props.ctx} title={`${props.event.title}, ${when}`}>
      <MeetingHeading title={props.event.title} when={when} group={props.group} />
      <CancelledNotice reason={props.reason} />
      {props.location ? (
        <dl class="facts">
          <dt>Venue</dt>
          <dd>{props.location}</dd>
        </dl>
      ) : null}
    </Layout>
  );
}
