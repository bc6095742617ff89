/**
 * @module The organisers' pages for bringing dates in: import an .ics file or address (form,
 * then a row-by-row preview with each component's problems, then apply), and the partners'
 * calendars the calendar follows, with each run and every failure in plain sight.
 */
import { EVENT_KINDS, KIND_LABELS, THEMES, VISIBILITIES } from '../domain/kinds.js';
import { Choices, CsrfField, ErrorSummary, SelectField, TextField, type FormErrors } from '../http/pages/components.js';
import { Layout, type PageContext } from '../http/pages/layout.js';
import { DoneNotice } from '../http/pages/organise/events.js';
import { WorkspaceNav } from '../http/pages/organise/nav.js';
import type { ImportAction } from './plan.js';
import type { Preview } from './service.js';
import type { PendingImport, SyncedFeed, SyncRun } from './store.js';

export interface ChoiceValues {
  kind: string;
  themes: string[];
  organisationId: string;
  groupId: string;
  visibility: string;
  status: string;
}

export interface ChoiceOptions {
  organisations: [string, string][];
  groups: [string, string][];
}

const LABELS: Record<string, string> = {
  file: 'Calendar file (.ics)',
  url: 'Or the calendar’s address',
  kind: 'Kind of event',
  themes: 'Themes',
  organisationId: 'Run by',
  groupId: 'Group',
  visibility: 'Who may see them',
  status: 'Publish',
  label: 'Name',
  intervalMinutes: 'Check every',
};

/** The choices every imported or synced event gets. */
function ChoiceFields(props: { values: ChoiceValues; options: ChoiceOptions; errors: FormErrors }) {
  const { values, options, errors } = props;
  return (
    <>
      <SelectField
        id="kind"
        label={LABELS.kind!}
        errors={errors}
        value={values.kind}
        options={EVENT_KINDS.map((k) => [k, KIND_LABELS[k]])}
      />
      <Choices
        id="themes"
        name="themes"
        type="checkbox"
        label={LABELS.themes!}
        errors={errors}
        options={Object.entries(THEMES).map(([code, label]) => [code, `${code} ${label}`])}
        checked={values.themes}
      />
      <SelectField
        id="organisationId"
        label={LABELS.organisationId!}
        errors={errors}
        value={values.organisationId}
        options={options.organisations}
        empty="(no organisation)"
      />
      <SelectField
        id="groupId"
        label={LABELS.groupId!}
        errors={errors}
        value={values.groupId}
        options={options.groups}
        empty="(no group)"
        hint="Required for meetings."
      />
      <SelectField
        id="visibility"
        label={LABELS.visibility!}
        errors={errors}
        value={values.visibility}
        options={VISIBILITIES.map((v) => [v, v === 'group' ? 'Members of the group' : v[0]!.toUpperCase() + v.slice(1)])}
      />
      <SelectField
        id="status"
        label={LABELS.status!}
        errors={errors}
        value={values.status}
        options={[
          ['published', 'Published'],
          ['draft', 'As drafts, to look over first'],
        ]}
      />
    </>
  );
}

export function ImportFormPage(props: {
  ctx: PageContext;
  values: ChoiceValues & { url: string };
  options: ChoiceOptions;
  errors: FormErrors;
}) {
  return (
    <Layout ctx={props.ctx} title="Import a calendar">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <h1>Import a calendar</h1>
      <p class="lead">
        Bring in a partner’s dates from an .ics file (exported from Outlook, Google or another calendar) or from its address. You see what
        would be added or changed before anything is.
      </p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action="/organise/import" enctype="multipart/form-data">
        <CsrfField token={props.ctx.csrf} />
        <div class="field">
          <label for="file">{LABELS.file}</label>
          <span class="hint" id="file-hint">
            At most 1 MB.
          </span>
          {props.errors.get('file') ? (
            <span class="error-message" id="file-error">
              <span class="visually-hidden">Error: </span>
              {LABELS.file} {props.errors.get('file')}
            </span>
          ) : null}
          <input type="file" id="file" name="file" accept=".ics,text/calendar" aria-describedby="file-hint" />
        </div>
        <TextField id="url" label={LABELS.url!} errors={props.errors} value={props.values.url} type="url" hint="https://… or webcal://…" />
        <ChoiceFields values={props.values} options={props.options} errors={props.errors} />
        <button type="submit">Preview the import</button>
      </form>
      <p>
        To keep following a partner’s calendar as it changes, <a href="/organise/sync">follow it instead</a>.
      </p>
    </Layout>
  );
}

const ACTION_TEXT: Record<ImportAction | 'remove', string> = {
  create: 'Add',
  update: 'Update',
  cancel: 'Cancel',
  unchanged: 'Leave alone',
  skip: 'Cannot import',
  remove: 'Cancel (removed)',
};

export function ImportPreviewPage(props: { ctx: PageContext; pending: PendingImport; preview: Preview | null; done?: string }) {
  const { pending, preview } = props;
  const counts: Record<string, number> = preview?.plan.counts ?? pending.outcome ?? {};
  return (
    <Layout ctx={props.ctx} title="Import preview">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} extra={{ applied: 'The import has been applied.' }} />
      <h1>{pending.appliedAt ? 'Imported' : 'What this import would do'}</h1>
      <p>
        From <strong>{pending.sourceLabel}</strong>
        {preview?.calendarName ? ` (“${preview.calendarName}”)` : ''}; each new event is a {KIND_LABELS[pending.choices.kind].toLowerCase()}
        .
      </p>
      <ul class="inline">
        {(['create', 'update', 'cancel', 'unchanged', 'skip'] as const).map((a) => (
          <li>
            {ACTION_TEXT[a]}: <strong>{counts[a] ?? 0}</strong>
          </li>
        ))}
      </ul>
      {preview?.fileProblems.length ? (
        <div class="notice warning" role="note">
          <ul>
            {preview.fileProblems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview ? (
        <div class="table-scroll" role="region" aria-label="What the import would do, event by event" tabindex={0}>
          <table>
            <caption class="visually-hidden">Each event in the file and what the import would do with it</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Event</th>
                <th scope="col">What happens</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {preview.plan.items.map((item) => (
                <tr class={item.action === 'skip' ? 'problem' : undefined}>
                  <td>{item.line}</td>
                  <td>
                    {item.existing ? <a href={`/organise/events/${item.existing.id}`}>{item.title}</a> : item.title}
                    {item.when ? (
                      <>
                        <br />
                        <span class="small">{item.when}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <strong>{ACTION_TEXT[item.action]}</strong>
                    <br />
                    <span class="small">{item.reason}</span>
                  </td>
                  <td>
                    {item.problems.length ? (
                      <ul>
                        {item.problems.map((p) => (
                          <li>{p}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {!pending.appliedAt ? (
        <form method="post" action={`/organise/import/${pending.id}/apply`}>
          <CsrfField token={props.ctx.csrf} />
          <button type="submit">Apply the import</button> <a href="/organise/import">Start again</a>
        </form>
      ) : (
        <p>
          <a href="/organise/events">See the events</a>
        </p>
      )}
    </Layout>
  );
}

function when(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : 'never';
}

export function SyncedFeedsPage(props: {
  ctx: PageContext;
  feeds: SyncedFeed[];
  values: ChoiceValues & { url: string; label: string; intervalMinutes: string };
  options: ChoiceOptions;
  errors: FormErrors;
  done?: string;
}) {
  return (
    <Layout ctx={props.ctx} title="Partners’ calendars">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} extra={{ removed: 'The calendar is no longer followed; its events stay.' }} />
      <h1>Partners’ calendars we follow</h1>
      <p class="lead">
        Each is checked on its interval: new dates are added, changed ones updated, removed ones cancelled (subscribers see the
        cancellation). A calendar that cannot be read keeps what it brought before.
      </p>
      {props.feeds.length ? (
        <div class="table-scroll" role="region" aria-label="Partners’ calendars followed" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Calendar</th>
                <th scope="col">Last checked</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {props.feeds.map((f) => (
                <tr class={f.failures ? 'problem' : undefined}>
                  <td>
                    <a href={`/organise/sync/${f.id}`}>{f.label}</a>
                    <br />
                    <span class="small">{f.url}</span>
                  </td>
                  <td>{when(f.lastRunAt)}</td>
                  <td>
                    {f.failures ? (
                      <strong class="error-message">
                        Failing ({f.failures} in a row): {f.lastError}
                      </strong>
                    ) : f.lastRunAt ? (
                      'Working'
                    ) : (
                      'Not checked yet'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No partner calendar is followed yet.</p>
      )}
      <h2>Follow a calendar</h2>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action="/organise/sync">
        <CsrfField token={props.ctx.csrf} />
        <TextField
          id="url"
          label="Calendar address"
          errors={props.errors}
          value={props.values.url}
          type="url"
          hint="https://… or webcal://… (public)"
        />
        <TextField
          id="label"
          label={LABELS.label!}
          errors={props.errors}
          value={props.values.label}
          hint="For example: Fire and rescue service"
        />
        <SelectField
          id="intervalMinutes"
          label={LABELS.intervalMinutes!}
          errors={props.errors}
          value={props.values.intervalMinutes}
          options={[
            ['15', '15 minutes'],
            ['60', 'hour'],
            ['360', '6 hours'],
            ['1440', 'day'],
          ]}
        />
        <ChoiceFields values={props.values} options={props.options} errors={props.errors} />
        <button type="submit">Follow this calendar</button>
      </form>
    </Layout>
  );
}

const OUTCOME_TEXT: Record<SyncRun['outcome'], string> = {
  changed: 'Changes applied',
  unchanged: 'Read, nothing changed',
  'not-modified': 'Not modified (304)',
  failed: 'Failed',
};

export function SyncedFeedPage(props: { ctx: PageContext; feed: SyncedFeed; runs: SyncRun[]; done?: string }) {
  const { feed } = props;
  return (
    <Layout ctx={props.ctx} title={feed.label}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} extra={{ checked: 'The calendar has been checked.', busy: 'It is being checked right now.' }} />
      <h1>{feed.label}</h1>
      <p>
        <span class="small">{feed.url}</span>
        <br />
        Checked every {feed.intervalMinutes} minutes; next check {when(feed.nextRunAt)}.
      </p>
      {feed.failures ? (
        <div class="error-summary" role="alert" aria-labelledby="failing">
          <h2 id="failing">The last {feed.failures === 1 ? 'check' : `${feed.failures} checks`} failed</h2>
          <p>{feed.lastError}</p>
          <p>The events it brought before are kept as they were.</p>
        </div>
      ) : null}
      <form method="post" action={`/organise/sync/${feed.id}/run`} class="inline">
        <CsrfField token={props.ctx.csrf} />
        <button type="submit">Check now</button>
      </form>{' '}
      <form method="post" action={`/organise/sync/${feed.id}/remove`} class="inline">
        <CsrfField token={props.ctx.csrf} />
        <button type="submit" class="secondary">
          Stop following (keep its events)
        </button>
      </form>
      <h2>Recent checks</h2>
      <div class="table-scroll" role="region" aria-label="Recent checks" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Outcome</th>
              <th scope="col">Added</th>
              <th scope="col">Updated</th>
              <th scope="col">Cancelled</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {props.runs.map((r) => (
              <tr class={r.outcome === 'failed' ? 'problem' : undefined}>
                <td>{when(r.startedAt)}</td>
                <td>{OUTCOME_TEXT[r.outcome]}</td>
                <td>{r.created}</td>
                <td>{r.updated}</td>
                <td>{r.cancelled}</td>
                <td>
                  {r.error ??
                    (r.problems.length
                      ? `${r.problems.length} component(s) could not be imported: ${r.problems.slice(0, 3).join('; ')}`
                      : '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
