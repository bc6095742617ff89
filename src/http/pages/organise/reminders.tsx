/** @module Reminders planned and sent for an event, the delivery overview, the outbox and email previews. */
import type { DeliveryEntry } from '../../../notify/reports.js';
import type { KeptEmail } from '../../../notify/outbox-mailer.js';
import { Pager } from '../components.js';
import { stampText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { WorkspaceNav } from './nav.js';

const STATUS_WORDS: Record<string, string> = {
  pending: 'Planned',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Withdrawn',
};

function DeliveryTable(props: { deliveries: DeliveryEntry[]; caption: string; showEvent?: Map<string, string> }) {
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
              <td>{d.recipient}</td>
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
  deliveries: DeliveryEntry[];
  apologies: { occurrence: string; email: string; note: string; at: string }[];
}) {
  const counts = new Map<string, number>();
  for (const d of props.deliveries) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  return (
    <section aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">Reminders</h2>
      {props.deliveries.length ? (
        <>
          <p>{[...counts].map(([status, n]) => `${STATUS_WORDS[status] ?? status}: ${n}`).join(' · ')}</p>
          <DeliveryTable deliveries={props.deliveries} caption="Emails planned and sent about this event" />
        </>
      ) : (
        <p>No reminders are planned for this event yet. They are planned a few weeks ahead of each date.</p>
      )}
      {props.apologies.length ? (
        <>
          <h3>Apologies</h3>
          <ul>
            {props.apologies.map((a) => (
              <li>
                {a.email} for {a.occurrence}
                {a.note ? `: “${a.note}”` : ''}
              </li>
            ))}
          </ul>
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
}) {
  return (
    <Layout ctx={props.ctx} title="Reminders and outbox">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
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
