/**
 * @module The pages a member opens from an email (preferences, unsubscribe, apologies, confirming
 * a subscription) and the public "Get reminders" form, in the site's layout. Forms post back to
 * their own address; none needs JavaScript.
 */
import type { Child } from 'hono/jsx';
import { EVENT_KINDS, KIND_LABELS, THEMES } from '../domain/kinds.js';
import { leadTimesWords, type LeadTime } from '../domain/reminders.js';
import { Choices, CsrfField, ErrorSummary, LeadTimeChoices, TextArea, TextField, type FormErrors } from '../http/pages/components.js';
import { Layout, type PageContext } from '../http/pages/layout.js';

/** What "unsubscribe" means here, said the same way on every page that offers it. */
export const UNSUBSCRIBE_MEANS =
  'You will get no more emails from this calendar: no reminders, no digest, and no notices that a meeting has moved or been cancelled.';

export interface GroupChoice {
  topic: string;
  name: string;
  /** A member (reminded by default) rather than someone following the group's public meetings. */
  member: boolean;
  subscribed: boolean;
  /** The person's own lead times, or null for the group's usual ones. */
  leadTimes: LeadTime[] | null;
  usual: LeadTime[];
}

export interface PreferencesValues {
  email: string;
  groups: GroupChoice[];
  kinds: string[];
  themes: string[];
  /** Tags followed (topics theme:<tag> that are not strategy codes), with whether each is still on. */
  tags: { tag: string; subscribed: boolean }[];
  digest: boolean;
  paused: boolean;
  unsubscribedFromAll: boolean;
}

export const PREFERENCE_LABELS: Record<string, string> = { kinds: 'Kinds of event', themes: 'Themes' };

function Panel(props: { kind: 'success' | 'warning' | 'info'; title?: string; children: Child }) {
  return (
    <div class={`notice ${props.kind === 'info' ? '' : props.kind}`} role={props.kind === 'success' ? 'status' : undefined}>
      {props.title ? <h2 class="notice-title">{props.title}</h2> : null}
      {props.children}
    </div>
  );
}

/** The topic choices both the preferences page and "Get reminders" offer: kinds, themes, the digest. */
function KindChoices(props: { errors: FormErrors; checked: string[]; hint?: string; plural?: boolean }) {
  return (
    <Choices
      id="kinds"
      name="kind"
      type="checkbox"
      label="Kinds of event"
      hint={props.hint}
      errors={props.errors}
      checked={props.checked}
      options={EVENT_KINDS.map((k) => [k, props.plural ? `${KIND_LABELS[k]}s` : KIND_LABELS[k]])}
    />
  );
}

function ThemeChoices(props: { errors: FormErrors; checked: string[]; hint?: string }) {
  return (
    <Choices
      id="themes"
      name="theme"
      type="checkbox"
      label="Themes"
      hint={props.hint}
      errors={props.errors}
      checked={props.checked}
      options={Object.entries(THEMES)}
    />
  );
}

function DigestChoice(props: { errors: FormErrors; checked: boolean }) {
  return (
    <Choices
      id="digest"
      name="digest"
      type="checkbox"
      label="Weekly digest"
      hint="On Monday mornings: what is coming up in the next 14 days."
      errors={props.errors}
      checked={props.checked ? ['yes'] : []}
      options={[['yes', 'Send me the weekly digest']]}
    />
  );
}

export function PreferencesPage(props: {
  ctx: PageContext;
  action: string;
  values: PreferencesValues;
  errors: FormErrors;
  labels: Record<string, string>;
  saved: 'saved' | 'unsubscribed' | null;
}) {
  const v = props.values;
  const e = props.errors;
  return (
    <Layout ctx={props.ctx} title={e.size ? 'Error: Your email reminders' : 'Your email reminders'}>
      <h1>Your email reminders</h1>
      <p class="lead">
        For <strong class="break">{v.email}</strong>. Choose what the {props.ctx.partnershipName} calendar emails you about.
      </p>
      {props.saved === 'saved' ? (
        <Panel kind="success" title="Your choices are saved">
          <p>They apply from the next reminder.</p>
        </Panel>
      ) : null}
      {v.unsubscribedFromAll ? (
        <Panel kind="warning" title={props.saved === 'unsubscribed' ? 'You are unsubscribed' : 'You are unsubscribed from all emails'}>
          <p>{UNSUBSCRIBE_MEANS}</p>
          <p>To start some of them again, tick them below and save: only what you tick is sent.</p>
        </Panel>
      ) : null}
      <ErrorSummary errors={e} labels={props.labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <input type="hidden" name="action" value="save" />
        {v.groups.length ? (
          <section aria-labelledby="groups-heading">
            <h2 id="groups-heading">Meetings of groups</h2>
            {v.groups.map((g, i) => (
              <div class="group-choice">
                <input type="hidden" name="shown-group" value={g.topic} />
                <div class="field">
                  <label class="check">
                    <input
                      type="checkbox"
                      name="group"
                      value={g.topic}
                      id={`group-${i}`}
                      checked={g.subscribed && !v.unsubscribedFromAll}
                    />
                    {g.member ? `Remind me of meetings of ${g.name}` : `Remind me of the public meetings of ${g.name}`}
                  </label>
                </div>
                <LeadTimeChoices
                  id={`leads-${i}`}
                  name={`leads-${i}`}
                  legend={`When to remind you of ${g.name} meetings`}
                  hint={`Leave these unticked for the usual times: ${leadTimesWords(g.usual)}.`}
                  checked={g.leadTimes ?? []}
                  errors={e}
                />
              </div>
            ))}
          </section>
        ) : null}
        <h2>Kinds of event and themes</h2>
        <p>Reminders of any event of these kinds or themes, at each kind’s usual times (campaign weeks 4 weeks and 1 week before).</p>
        <KindChoices errors={e} checked={v.unsubscribedFromAll ? [] : v.kinds} />
        <ThemeChoices errors={e} checked={v.unsubscribedFromAll ? [] : v.themes} />
        {v.tags.length ? (
          <Choices
            id="tags"
            name="tag"
            type="checkbox"
            label="Other topics you follow"
            errors={e}
            checked={v.unsubscribedFromAll ? [] : v.tags.filter((t) => t.subscribed).map((t) => t.tag)}
            options={v.tags.map((t) => [t.tag, t.tag])}
          />
        ) : null}
        <DigestChoice errors={e} checked={v.digest && !v.unsubscribedFromAll} />
        <Choices
          id="paused"
          name="paused"
          type="checkbox"
          label="Pause"
          hint="For a holiday, say. While paused you get no reminders or digest, but you still hear if a meeting you were reminded of moves or is cancelled."
          errors={e}
          checked={v.paused ? ['yes'] : []}
          options={[['yes', 'Pause my reminders for now']]}
        />
        <div class="actions">
          <button type="submit">Save my choices</button>
        </div>
      </form>
      {v.unsubscribedFromAll ? null : (
        <section aria-labelledby="stop-heading">
          <h2 id="stop-heading">Stop all emails</h2>
          <p>{UNSUBSCRIBE_MEANS} You can come back to this page to start any of them again.</p>
          <form method="post" action={props.action}>
            <CsrfField token={props.ctx.csrf} />
            <input type="hidden" name="action" value="unsubscribe-all" />
            <button type="submit" class="warning">
              Unsubscribe from all emails
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export function UnsubscribePage(props: { ctx: PageContext; action: string; email: string; what: string; preferencesUrl: string }) {
  return (
    <Layout ctx={props.ctx} title="Unsubscribe">
      <h1>Unsubscribe</h1>
      <p>
        Stop sending {props.what} to <strong class="break">{props.email}</strong>? You will not hear about those events any more, not even
        if one moves or is cancelled.
      </p>
      <form method="post" action={props.action}>
        <CsrfField token={props.ctx.csrf} />
        <input type="hidden" name="scope" value="these" />
        <div class="actions">
          <button type="submit">Unsubscribe</button>
        </div>
      </form>
      <h2>Or stop every email</h2>
      <p>{UNSUBSCRIBE_MEANS}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.ctx.csrf} />
        <input type="hidden" name="scope" value="all" />
        <div class="actions">
          <button type="submit" class="warning">
            Unsubscribe from all emails
          </button>
        </div>
      </form>
      <p>
        Or <a href={props.preferencesUrl}>choose what you get</a>: which groups, topics and times.
      </p>
    </Layout>
  );
}

export function UnsubscribedPage(props: { ctx: PageContext; email: string; all: boolean; what: string; preferencesUrl: string }) {
  return (
    <Layout ctx={props.ctx} title="You are unsubscribed">
      <h1>You are unsubscribed</h1>
      <p>
        {props.all ? UNSUBSCRIBE_MEANS : `We will not email ${props.what} to you any more, not even if one moves or is cancelled.`} This is
        for <strong class="break">{props.email}</strong>.
      </p>
      <p>
        Changed your mind? <a href={props.preferencesUrl}>Choose what you get</a>: only what you tick there is sent.
      </p>
    </Layout>
  );
}

export function ApologiesPage(props: {
  ctx: PageContext;
  action: string;
  title: string;
  when: string;
  location: string;
  already: boolean;
  note: string;
  errors: FormErrors;
}) {
  return (
    <Layout ctx={props.ctx} title={props.errors.size ? 'Error: Send your apologies' : 'Send your apologies'}>
      <h1>Send your apologies</h1>
      <ErrorSummary errors={props.errors} labels={{ note: 'Note' }} />
      <dl class="facts">
        <dt>Meeting</dt>
        <dd>{props.title}</dd>
        <dt>When</dt>
        <dd>{props.when}</dd>
        {props.location ? (
          <>
            <dt>Where</dt>
            <dd>{props.location}</dd>
          </>
        ) : null}
      </dl>
      {props.already ? <p class="notice">Your apologies have already been sent. You can send a new note if you wish.</p> : null}
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <TextArea
          id="note"
          label="A note for the organiser (optional)"
          hint="At most 500 characters."
          value={props.note}
          rows={3}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Send my apologies</button>
        </div>
      </form>
    </Layout>
  );
}

export function MessagePage(props: { ctx: PageContext; title: string; children: Child }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}

export function ConfirmPage(props: { ctx: PageContext; action: string; email: string; what: string }) {
  return (
    <Layout ctx={props.ctx} title="Confirm your reminders">
      <h1>Confirm your reminders</h1>
      <p>
        Send reminders of {props.what} to <strong class="break">{props.email}</strong>?
      </p>
      <form method="post" action={props.action}>
        <CsrfField token={props.ctx.csrf} />
        <div class="actions">
          <button type="submit">Confirm</button>
        </div>
      </form>
    </Layout>
  );
}

export interface GetRemindersValues {
  email: string;
  kinds: string[];
  themes: string[];
  groups: string[];
  digest: boolean;
}

export const GET_REMINDERS_LABELS: Record<string, string> = {
  email: 'Email address',
  kinds: 'Kinds of event',
  themes: 'Themes',
  groups: 'Public meetings',
};

export function GetRemindersPage(props: { ctx: PageContext; values: GetRemindersValues; errors: FormErrors; groups: [string, string][] }) {
  const v = props.values;
  const e = props.errors;
  return (
    <Layout ctx={props.ctx} title={e.size ? 'Error: Get reminders by email' : 'Get reminders by email'}>
      <h1>Get reminders by email</h1>
      <p class="lead">
        Choose what you want to hear about and we will email you before it happens. We send you an email first to check the address is
        yours; nothing else is sent until you confirm.
      </p>
      <ErrorSummary errors={e} labels={GET_REMINDERS_LABELS} />
      <form method="post" action="/reminders" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <ThemeChoices errors={e} checked={v.themes} hint="The partnership’s priorities." />
        <KindChoices
          errors={e}
          checked={v.kinds}
          plural
          hint="Campaign weeks 4 weeks and 1 week before; deadlines 2 weeks before; activities, training and meetings 1 week before."
        />
        {props.groups.length ? (
          <Choices
            id="groups"
            name="group"
            type="checkbox"
            label="Public meetings"
            hint="Meetings the public can attend, 1 week and 1 day before."
            errors={e}
            checked={v.groups}
            options={props.groups}
          />
        ) : null}
        <DigestChoice errors={e} checked={v.digest} />
        <TextField
          id="email"
          label="Email address"
          type="email"
          autocomplete="email"
          hint="We use it only for these emails. Every email has a link to change or stop them."
          value={v.email}
          errors={e}
        />
        <div class="actions">
          <button type="submit">Send me a confirmation email</button>
        </div>
      </form>
    </Layout>
  );
}
