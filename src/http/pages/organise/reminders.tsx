/** @module Reminders planned and sent for an event, the delivery overview, the outbox and email previews. */
import { leadTimesWords, type LeadTime } from '../../../domain/reminders.js';
import type { ApologyEntry, DeliveryEntry } from '../../../notify/reports.js';
import type { KeptEmail } from '../../../notify/outbox-mailer.js';
import { CsrfField, Pager } from '../components.js';
import { local, stampText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

const STATUS_WORDS: Record<string, string> = {
  pending: 'Planned',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Withdrawn',
};

/** A failed delivery's "Send again" button; `back` is where to return afterwards. */
function RetryButton(props: { id: string; csrf: string; back: string; recipient: string }) {
  return (
    <form method="post" action={`/organise/deliveries/${props.id}/retry`} class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="secondary small">
        Send again<span class="visually-hidden"> to {props.recipient}</span>
      </button>
    </form>
  );
}

function DeliveryTable(props: {
  deliveries: DeliveryEntry[];
  caption: string;
  showEvent?: Map<string, string>;
  csrf: string;
  back: string;
}) {
  return (
    <div class="table-scroll">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">To</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">
              <span class="visually-hidden">Preview</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.deliveries.map((d) => (
            <tr>
              <td>{stampText(d.dueAt).slice(0, -3)}</td>
              <td class="break">{d.recipient}</td>
              <td>
                {d.kind} ({d.rule})
                {props.showEvent?.get(d.id) ? (
                  <>
                    <br />
                    <span class="muted">{props.showEvent.get(d.id)}</span>
                  </>
                ) : null}
              </td>
              <td>
                {STATUS_WORDS[d.status] ?? d.status}
                {d.sentAt ? <span class="muted"> {stampText(d.sentAt).slice(0, -3)}</span> : null}
                {d.lastError ? (
                  <>
                    <br />
                    <span class="muted">{d.lastError}</span>
                  </>
                ) : null}
                {d.status === 'failed' ? <RetryButton id={d.id} csrf={props.csrf} back={props.back} recipient={d.recipient} /> : null}
              </td>
              <td>{d.attempts}</td>
              <td>
                <a href={`/organise/deliveries/${d.id}`}>
                  Preview
                  <span class="visually-hidden">
                    {' '}
                    the email to {d.recipient} due {stampText(d.dueAt)}
                  </span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReminderPanel(props: {
  eventId: string;
  deliveries: DeliveryEntry[];
  apologies: ApologyEntry[];
  leadTimes: LeadTime[];
  csrf: string;
}) {
  const counts = new Map<string, number>();
  for (const d of props.deliveries) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  return (
    <section aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Reminders</h2>
      <p>
        Reminders go out {leadTimesWords(props.leadTimes)}.{' '}
        <a href={`/organise/events/${props.eventId}/reminders`}>Change when reminders go out</a>
      </p>
      {props.deliveries.length ? (
        <>
          <p>{[...counts].map(([status, n]) => `${STATUS_WORDS[status] ?? status}: ${n}`).join(' · ')}</p>
          <DeliveryTable
            deliveries={props.deliveries}
            caption="Emails planned and sent about this event"
            csrf={props.csrf}
            back={`/organise/events/${props.eventId}`}
          />
        </>
      ) : (
        <p>No reminders are planned for this event yet. They are planned a few weeks ahead of each date.</p>
      )}
      {props.apologies.length ? (
        <>
          <h3>Apologies</h3>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Meeting</th>
                  <th scope="col">From</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {props.apologies.map((a) => (
                  <tr>
                    <td>{local(a.meetingStart).toFormat('cccc d LLLL yyyy, HH:mm')}</td>
                    <td class="break">
                      {a.name ? (
                        <>
                          {a.name}
                          <br />
                          <span class="muted">{a.email}</span>
                        </>
                      ) : (
                        a.email
                      )}
                    </td>
                    <td>{a.note || <span class="muted">No note</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

export function RemindersOverviewPage(props: {
  ctx: PageContext;
  counts: [string, number][];
  attention: DeliveryEntry[];
  eventTitles: Map<string, string>;
  emails: KeptEmail[];
  total: number;
  page: { previous: string | null; next: string | null };
  done: string | undefined;
}) {
  return (
    <Layout ctx={props.ctx} title="Reminders and outbox">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice
        done={props.done}
        extra={{ retried: 'The email is back in the outbox and goes out in the next pass (within a minute).' }}
      />
      <h1>Reminders and outbox</h1>
      <p>
        {props.counts.length
          ? props.counts.map(([s, n]) => `${STATUS_WORDS[s] ?? s}: ${n}`).join(' · ')
          : 'No reminders have been planned yet.'}
      </p>
      <h2>Needing attention, and next due</h2>
      {props.attention.length ? (
        <DeliveryTable
          deliveries={props.attention}
          caption="Failed deliveries first, then the next planned"
          showEvent={props.eventTitles}
          csrf={props.ctx.csrf}
          back="/organise/reminders"
        />
      ) : (
        <p>Nothing is waiting.</p>
      )}
      <h2>Outbox</h2>
      <p>
        Emails kept by the built-in outbox (when no mail server is configured, nothing leaves the machine and every email is kept here).
      </p>
      {props.emails.length ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Kept</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
              </tr>
            </thead>
            <tbody>
              {props.emails.map((e) => (
                <tr>
                  <td>{stampText(e.createdAt).slice(0, -3)}</td>
                  <td>{e.to.join(', ')}</td>
                  <td>
                    <a href={`/organise/outbox/${e.id}`}>{e.subject}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>The outbox is empty.</p>
      )}
      <Pager previous={props.page.previous} next={props.page.next} label="Pages of the outbox" />
    </Layout>
  );
}

export function EmailPreviewPage(props: {
  ctx: PageContext;
  heading: string;
  back: { href: string; label: string };
  facts: [string, string][];
  problem: string | null;
  text: string | null;
  htmlUrl: string | null;
  calendar: string | null;
}) {
  return (
    <Layout ctx={props.ctx} title={props.heading}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <h1>{props.heading}</h1>
      {props.problem ? <p class="notice warning">{props.problem}</p> : null}
      <dl class="facts">
        {props.facts.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      {props.htmlUrl ? (
        <>
          <h2>As it looks</h2>
          <iframe class="email-preview" src={props.htmlUrl} title="The email's HTML part" sandbox="" />
          <p>
            <a href={props.htmlUrl}>Open the HTML part on its own</a>
          </p>
        </>
      ) : null}
      {props.text !== null ? (
        <>
          <h2>Plain text part</h2>
          <pre class="email-text" tabindex={0}>
            {props.text}
          </pre>
        </>
      ) : null}
      {props.calendar ? (
        <>
          <h2>Calendar invitation</h2>
          <pre class="email-text" tabindex={0}>
            {props.calendar}
          </pre>
        </>
      ) : null}
    </Layout>
  );
}
