/** @module When reminders go out for one event or one group: the usual times, none, or times of your own. */
import { leadTimesWords, type LeadTime } from '../../../domain/reminders.js';
import { CsrfField, ErrorSummary, LeadTimeChoices, type FormErrors } from '../components.js';
import { Layout, type PageContext } from '../layout.js';
import { WorkspaceNav } from './nav.js';

export type LeadTimeMode = 'usual' | 'none' | 'own';

export function LeadTimesPage(props: {
  ctx: PageContext;
  /** "Independent Advisory Group meeting" or "Milton Keynes LPA Independent Advisory Group". */
  name: string;
  scope: 'event' | 'group';
  action: string;
  back: string;
  /** What applies without times of its own: its group's, else its kind's default. */
  usual: LeadTime[];
  usualSource: string;
  mode: LeadTimeMode;
  leadTimes: LeadTime[];
  effective: LeadTime[];
  errors: FormErrors;
  saved: boolean;
}) {
  const e = props.errors;
  const heading = `When reminders go out: ${props.name}`;
  return (
    <Layout ctx={props.ctx} title={e.size ? `Error: ${heading}` : heading}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={props.back}>← Back</a>
      </p>
      <h1>{heading}</h1>
      {props.saved ? (
        <div class="notice success" role="status">
          Saved. Reminders not yet sent follow the new times from the next pass (within a minute).
        </div>
      ) : null}
      <p>
        Now: <strong>{leadTimesWords(props.effective)}</strong>.{' '}
        {props.scope === 'group'
          ? 'These are the times of every meeting of the group, unless a meeting has times of its own. Members who chose their own times keep them.'
          : 'Members who chose their own times keep them, unless you choose no reminders.'}
      </p>
      <ErrorSummary errors={e} labels={{ mode: 'When reminders go out', leads: 'Times' }} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <div class={e.has('mode') ? 'field has-error' : 'field'}>
          <fieldset>
            <legend>When reminders go out</legend>
            <div class="radios">
              <label>
                <input type="radio" name="mode" value="usual" id="mode" checked={props.mode === 'usual'} />
                The usual times: {leadTimesWords(props.usual)} ({props.usualSource})
              </label>
              <label>
                <input type="radio" name="mode" value="own" id="mode-own" checked={props.mode === 'own'} />
                These times (choose below)
              </label>
              <label>
                <input type="radio" name="mode" value="none" id="mode-none" checked={props.mode === 'none'} />
                No reminders at all
              </label>
            </div>
          </fieldset>
        </div>
        <LeadTimeChoices
          id="leads"
          name="leads"
          legend="These times"
          hint="Tick one or more, or type others. Used when “These times” is chosen above."
          checked={props.leadTimes}
          errors={e}
        />
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
    </Layout>
  );
}
