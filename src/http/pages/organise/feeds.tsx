/** @module Private feeds in the workspace: the list (who, created, last used, revoked), a form to create one, and the address shown once. */
import type { FeedSubscription } from '../../../db/feed-subscriptions.js';
import { SubscribeLinks } from '../../../feeds/subscribe-page.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormErrors } from '../components.js';
import { stampText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

export interface FeedFormValues {
  for: 'partner' | 'member';
  partner: string;
  email: string;
  label: string;
}

export const FEED_FORM_LABELS: Record<string, string> = {
  for: 'Who it is for',
  partner: 'Partner organisation',
  email: 'Member’s email address',
  label: 'Label',
};

export function FeedsPage(props: {
  ctx: PageContext;
  feeds: FeedSubscription[];
  organisations: Map<string, string>;
  values: FeedFormValues;
  errors: FormErrors;
  done: string | undefined;
}) {
  const e = props.errors;
  const live = props.feeds.filter((f) => !f.revokedAt);
  const revoked = props.feeds.filter((f) => f.revokedAt);
  return (
    <Layout ctx={props.ctx} title={e.size ? 'Error: Private feeds' : 'Private feeds'}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} extra={{ revoked: 'The private feed is revoked: its address no longer works.' }} />
      <h1>Private feeds</h1>
      <p>
        A private feed is a calendar address for one partner organisation (public and partner-only events) or one group member (also the
        members-only meetings of their groups). The address is shown once, when it is made; anyone who has it can read the feed, so revoke
        it if it is shared by mistake and make a new one.
      </p>
      <h2>Make a private feed</h2>
      <ErrorSummary errors={e} labels={FEED_FORM_LABELS} />
      <form method="post" action="/organise/feeds" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <div class={e.has('for') ? 'field has-error' : 'field'}>
          <fieldset>
            <legend>Who it is for</legend>
            <div class="radios">
              <div class="radio-item">
                <label>
                  <input type="radio" name="for" value="partner" id="for" checked={props.values.for === 'partner'} />A partner organisation
                </label>
                <div class="conditional">
                  <SelectField
                    id="partner"
                    label={FEED_FORM_LABELS.partner!}
                    value={props.values.partner}
                    errors={e}
                    options={[...props.organisations]}
                    empty="Choose an organisation"
                  />
                </div>
              </div>
              <div class="radio-item">
                <label>
                  <input type="radio" name="for" value="member" id="for-member" checked={props.values.for === 'member'} />A member of a
                  group
                </label>
                <div class="conditional">
                  <TextField
                    id="email"
                    label={FEED_FORM_LABELS.email!}
                    type="email"
                    hint="They must be a member of a group (see Directory)."
                    value={props.values.email}
                    errors={e}
                  />
                </div>
              </div>
            </div>
          </fieldset>
        </div>
        <TextField
          id="label"
          label="Label (optional)"
          hint="To recognise it in the list, for example “Police control room”. Without one, the organisation’s name or the email is used."
          value={props.values.label}
          errors={e}
        />
        <div class="actions">
          <button type="submit">Make the private feed</button>
        </div>
      </form>
      <h2>Live private feeds</h2>
      {live.length ? (
        <FeedTable feeds={live} organisations={props.organisations} csrf={props.ctx.csrf} />
      ) : (
        <p>There are no private feeds yet.</p>
      )}
      {revoked.length ? (
        <>
          <h2>Revoked</h2>
          <FeedTable feeds={revoked} organisations={props.organisations} csrf={props.ctx.csrf} />
        </>
      ) : null}
    </Layout>
  );
}

function FeedTable(props: { feeds: FeedSubscription[]; organisations: Map<string, string>; csrf: string }) {
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">For</th>
            <th scope="col">Made</th>
            <th scope="col">Last read</th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.feeds.map((f) => (
            <tr>
              <td>{f.label}</td>
              <td class="break">
                {f.organisationId ? `Partner: ${props.organisations.get(f.organisationId) ?? 'an organisation'}` : `Member: ${f.email}`}
              </td>
              <td>{stampText(f.createdAt).slice(0, -3)}</td>
              <td>{f.lastUsedAt ? stampText(f.lastUsedAt).slice(0, 11) : 'Never'}</td>
              <td>
                {f.revokedAt ? (
                  `Revoked ${stampText(f.revokedAt).slice(0, 11)}`
                ) : (
                  <form method="post" action={`/organise/feeds/${f.id}/revoke`}>
                    <CsrfField token={props.csrf} />
                    <button type="submit" class="secondary">
                      Revoke<span class="visually-hidden"> the private feed “{f.label}”</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FeedMadePage(props: { ctx: PageContext; label: string; name: string; feedUrl: string }) {
  return (
    <Layout ctx={props.ctx} title="Private feed made">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <div class="notice success" role="status">
        <h1 class="notice-title">Private feed made: {props.label}</h1>
        <p>
          Copy the address or the links now and send them to the person it is for: this is the only time they are shown. Only a fingerprint
          of the address is kept, so nobody can read it back later.
        </p>
      </div>
      <SubscribeLinks name={props.name} feedUrl={props.feedUrl} private />
      <p>
        <a href="/organise/feeds">Back to private feeds</a>
      </p>
    </Layout>
  );
}
