/**
 * @module The confirmation pages of destructive actions: each says what will happen and who will
 * be told, and asks once more (GET shows, POST does; no JavaScript).
 */
import type { CalendarEvent } from '../domain/event.js';
import { CsrfField, ErrorSummary, ProblemSummary, type FormErrors } from '../http/pages/components.js';
import { whenText } from '../http/pages/format.js';
import { Layout, type PageContext } from '../http/pages/layout.js';
import { WorkspaceNav } from '../http/pages/organise/nav.js';
import type { KeptByRestore } from './service.js';

type Told = { count: number; listed: string[] };

/**
 * Who will be e-mailed `what`: people already reminded (a cancel) or, for a restore (`backOn`),
 * people e-mailed that it was cancelled; a restore nobody was told of needs telling nobody (issue 10).
 */
function ToldList(props: { told: Told; what: string; backOn?: boolean }) {
  const { told } = props;
  if (!told.count) {
    return props.backOn ? (
      <p>Nobody was e-mailed that it was cancelled, so nobody needs telling that it is back on.</p>
    ) : (
      <p>Nobody has been sent a reminder yet, so nobody will be e-mailed {props.what}.</p>
    );
  }
  return (
    <>
      <p>
        {told.count === 1 ? 'One person was' : `${told.count} people were`}{' '}
        {props.backOn ? 'e-mailed that it was cancelled' : 'already reminded'} and will be e-mailed {props.what}:
      </p>
      <ul>
        {told.listed.map((r) => (
          <li>{r}</li>
        ))}
        {told.count > told.listed.length ? <li>and {told.count - told.listed.length} more</li> : null}
      </ul>
    </>
  );
}

function ReasonField(props: { value: string; errors: FormErrors }) {
  const error = props.errors.get('reason');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="reason">Reason</label>
      <span class="hint" id="reason-hint">
        Optional, at most 500 characters. It is quoted in the “Cancelled” e-mail and shown on the event page.
      </span>
      {error ? (
        <span class="error-message" id="reason-error">
          <span class="visually-hidden">Error: </span>Reason {error}
        </span>
      ) : null}
      <input
        type="text"
        id="reason"
        name="reason"
        maxlength={500}
        value={props.value}
        aria-describedby={error ? 'reason-hint reason-error' : 'reason-hint'}
      />
    </div>
  );
}

/**
 * What becomes of a campaign week's partner activities when the week, or one date of it, is
 * cancelled: the activities listed (linked), who was reminded of them, and the choice "Cancel them
 * with <what>" (the default) or "Keep them going". Nothing when there are no activities.
 */
function ActivitiesChoice(props: {
  activities: CalendarEvent[];
  told: Told;
  value: string;
  errors: FormErrors;
  what: 'the week' | 'this date';
}) {
  if (!props.activities.length) return null;
  const restoring = props.what === 'the week' ? 'restoring the week' : 'restoring the date';
  return (
    <div class={props.errors.has('activities') ? 'field has-error' : 'field'}>
      <fieldset>
        <legend>{props.what === 'the week' ? 'Its partner activities' : 'The partner activities of this date'}</legend>
        <ul>
          {props.activities.map((a) => (
            <li>
              <a href={`/organise/events/${a.id}`}>{a.title}</a> ({whenText(a.when)})
            </li>
          ))}
        </ul>
        {props.told.count ? <p class="hint">{activityToldSentence(props.told.count, props.activities.length)}</p> : null}
        <div class="choices">
          <label>
            <input type="radio" name="activities" value="cancel" id="activities" checked={props.value !== 'keep'} />
            Cancel them with {props.what} ({restoring} brings them back)
          </label>
          <label>
            <input type="radio" name="activities" value="keep" id="activities-keep" checked={props.value === 'keep'} />
            Keep them going without {props.what} (their reminders still go out)
          </label>
        </div>
      </fieldset>
    </div>
  );
}

export function CancelEventPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  activities: CalendarEvent[];
  told: Told;
  activityTold: Told;
  values: { reason: string; activities: string };
  errors: FormErrors;
}) {
  const { event } = props;
  return (
    <Layout ctx={props.ctx} title={`Cancel: ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}`}>← Back to the event</a>
      </p>
      <h1>Cancel {event.title}?</h1>
      <ErrorSummary errors={props.errors} labels={{ reason: 'Reason', activities: 'Its partner activities' }} />
      <p>
        {whenText(event.when)}
        {event.location ? ` · ${event.location}` : ''}
      </p>
      <p>
        {event.rrule ? 'Every date of this series' : 'The event'} will be marked as cancelled in every calendar feed and on its page.
        Pending reminders are withdrawn. You can restore it later.
      </p>
      <ToldList told={props.told} what="that it is cancelled" />
      <form method="post" action={`/organise/events/${event.id}/cancel`}>
        <CsrfField token={props.ctx.csrf} />
        <ReasonField value={props.values.reason} errors={props.errors} />
        <ActivitiesChoice
          activities={props.activities}
          told={props.activityTold}
          value={props.values.activities}
          errors={props.errors}
          what="the week"
        />
        <p class="actions">
          <button type="submit" class="warning">
            Cancel the event
          </button>
          <a href={`/organise/events/${event.id}`}>Keep it, go back</a>
        </p>
      </form>
    </Layout>
  );
}

/** The restore confirmation; `problem`: why the restore was refused (a date of the series moved onto one of its dates, ADR 244). */
export function RestoreEventPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  told: Told;
  activities: CalendarEvent[];
  /** Set when its campaign week is off on its day: restored, it goes ahead without the week (ADR 290). */
  kept?: KeptByRestore | null;
  problem?: string;
}) {
  const { event, kept } = props;
  return (
    <Layout ctx={props.ctx} title={`Restore: ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}`}>← Back to the event</a>
      </p>
      <h1>Restore {event.title}?</h1>
      {props.problem ? <ProblemSummary id="restore-problem" problem={props.problem} /> : null}
      <p>
        {whenText(event.when)}
        {event.location ? ` · ${event.location}` : ''}
      </p>
      <p>It will be published again, in every calendar feed, and reminders are planned as before.</p>
      {kept ? (
        <p>
          <strong>
            {kept.weekDate ? `${kept.weekTitle} is cancelled on ${whenText(kept.weekDate)}` : `${kept.weekTitle} was cancelled`}; restored,
            this activity goes ahead without the week.
          </strong>{' '}
          {kept.weekDate ? 'Its page says so.' : 'Its page, calendar entry and e-mails say so.'} To bring it back with the week instead,
          restore the week{kept.weekDate ? '’s date' : ''}.
        </p>
      ) : null}
      {props.activities.length ? (
        <>
          <p>These partner activities were cancelled with it and come back too:</p>
          <ul>
            {props.activities.map((a) => (
              <li>
                {a.title} ({whenText(a.when)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ToldList told={props.told} what="that it is back on" backOn />
      <form method="post" action={`/organise/events/${event.id}/restore`}>
        <CsrfField token={props.ctx.csrf} />
        <p class="actions">
          <button type="submit">{kept ? 'Restore it without the week' : 'Restore the event'}</button>
          <a href={`/organise/events/${event.id}`}>Leave it cancelled</a>
        </p>
      </form>
    </Layout>
  );
}

export function CancelDatePage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  recurrenceId: string;
  dateText: string;
  told: Told;
  activities: CalendarEvent[];
  activityTold: Told;
  values: { reason: string; activities: string };
  errors: FormErrors;
}) {
  const { event } = props;
  return (
    <Layout ctx={props.ctx} title={`Cancel one date of ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}/occurrences`}>← Back to the dates</a>
      </p>
      <h1>
        Cancel {event.title} on {props.dateText}?
      </h1>
      <ErrorSummary errors={props.errors} labels={{ reason: 'Reason', activities: 'The partner activities of this date' }} />
      <p>Only this date is cancelled; the other dates of the series stay as they are. You can restore it later.</p>
      <ToldList told={props.told} what="that this date is cancelled" />
      <form method="post" action={`/organise/events/${event.id}/occurrences/cancel`}>
        <CsrfField token={props.ctx.csrf} />
        <input type="hidden" name="recurrenceId" value={props.recurrenceId} />
        <ReasonField value={props.values.reason} errors={props.errors} />
        <ActivitiesChoice
          activities={props.activities}
          told={props.activityTold}
          value={props.values.activities}
          errors={props.errors}
          what="this date"
        />
        <p class="actions">
          <button type="submit" class="warning">
            Cancel this date
          </button>
          <a href={`/organise/events/${event.id}/occurrences`}>Keep it, go back</a>
        </p>
      </form>
    </Layout>
  );
}

/**
 * "One person was reminded of this activity; if it is cancelled, they are told too.": the week cancel
 * page's hint, in the singular where there is one person or one activity. `people` ≥ 1.
 */
export function activityToldSentence(people: number, activities: number): string {
  const who = people === 1 ? 'One person was' : `${people} people were`;
  const what = activities === 1 ? 'this activity; if it is' : 'these activities; if they are';
  return `${who} reminded of ${what} cancelled, ${people === 1 ? 'that person is' : 'those people are'} told too.`;
}
