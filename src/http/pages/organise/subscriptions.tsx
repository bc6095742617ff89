/** @module People's reminder subscriptions and digests in the workspace: who follows what, with what times; add one, stop one. */
import { EVENT_KINDS, KIND_LABELS, THEMES } from '../../../domain/kinds.js';
import { leadTimesWords, type LeadTime } from '../../../domain/reminders.js';
import { CsrfField, ErrorSummary, LeadTimeChoices, Pager, SelectField, TextField, type FormErrors } from '../components.js';
import { stampText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

export interface SubscriptionRow {
  id: string;
  email: string;
  /** The topic in words: "Hate crime", "campaign weeks", "meetings of SaferMK Partnership Board", "the weekly digest". */
  what: string;
  leadTimes: LeadTime[] | null;
  paused: boolean;
  subscribed: boolean;
  updatedAt: string;
}

export const SUBSCRIPTION_LABELS: Record<string, string> = { email: 'Email address', topic: 'Reminders of', leads: 'Times' };

export function SubscriptionsPage(props: {
  ctx: PageContext;
  rows: SubscriptionRow[];
  email: string;
  groups: [string, string][];
  values: { email: string; topic: string };
  errors: FormErrors;
  done: string | undefined;
  page: { previous: string | null; next: string | null };
}) {
  const e = props.errors;
  const topics: [string, string][] = [
    ['digest', 'The weekly digest (Mondays)'],
    ...EVENT_KINDS.map((k): [string, string] => [`kind:${k}`, `Every ${KIND_LABELS[k].toLowerCase()}`]),
    ...Object.entries(THEMES).map(([code, label]): [string, string] => [`theme:${code}`, `Theme: ${label}`]),
    ...props.groups.map(([id, name]): [string, string] => [`group:${id}`, `Meetings of ${name}`]),
  ];
  return (
    <Layout ctx={props.ctx} title={e.size ? 'Error: Subscriptions and digests' : 'Subscriptions and digests'}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice
        done={props.done}
        extra={{ added: 'Subscription saved. Reminders start from the next pass.', stopped: 'Subscription stopped.' }}
      />
      <h1>Subscriptions and digests</h1>
      <p>
        Who gets reminders beyond their groups’ meetings: kinds of event, themes, a group’s meetings, the weekly digest. Members of a group
        are reminded of its meetings without a subscription; a stopped group subscription is how a member opted out. People change their own
        from the link in every email.
      </p>
      <form class="filters" method="get" action="/organise/subscriptions" aria-label="Find subscriptions">
        <div class="field">
          <label for="q-email">Find by email address</label>
          <input type="text" id="q-email" name="email" value={props.email} />
        </div>
        <button type="submit">Find</button>
      </form>
      {props.rows.length ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Reminders of</th>
                <th scope="col">Times</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td class="break">{r.email}</td>
                  <td>{r.what}</td>
                  <td>{r.leadTimes ? leadTimesWords(r.leadTimes) : 'Usual'}</td>
                  <td>
                    {r.subscribed ? (r.paused ? 'Paused' : 'On') : 'Stopped'}
                    <br />
                    <span class="muted">since {stampText(r.updatedAt).slice(0, 11)}</span>
                  </td>
                  <td>
                    {r.subscribed ? (
                      <form method="post" action={`/organise/subscriptions/${r.id}/stop`}>
                        <CsrfField token={props.ctx.csrf} />
                        <button type="submit" class="secondary">
                          Stop
                          <span class="visually-hidden">
                            {' '}
                            {r.what} for {r.email}
                          </span>
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{props.email ? 'No subscriptions for this address.' : 'Nobody has subscribed yet.'}</p>
      )}
      <Pager previous={props.page.previous} next={props.page.next} label="Pages of subscriptions" />
      <h2>Add a subscription</h2>
      <p>For someone who asked you directly. Anyone can also ask for reminders themselves on the public “Get reminders” page.</p>
      <ErrorSummary errors={e} labels={SUBSCRIPTION_LABELS} />
      <form method="post" action="/organise/subscriptions" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <TextField id="email" label="Email address" type="email" value={props.values.email} errors={e} />
        <SelectField id="topic" label="Reminders of" value={props.values.topic} errors={e} options={topics} empty="Choose what" />
        <LeadTimeChoices
          id="leads"
          name="leads"
          legend="Times"
          hint="Leave these unticked for the usual times of each event."
          checked={[]}
          errors={e}
        />
        <div class="actions">
          <button type="submit">Add the subscription</button>
        </div>
      </form>
    </Layout>
  );
}
