/** @module The form to create or edit an event, with each error beside its field and a summary on top. */
import { EVENT_KINDS, KIND_LABELS, THEMES } from '../../../domain/kinds.js';
import { MONTH_NAMES } from '../../../domain/rule-in-words.js';
import type { EventFormValues } from '../../web/event-form.js';
import { EMPTY_DATE, type DateParts } from '../../web/uk-dates.js';
import { EVENT_FIELD_LABELS, REPEAT_CHOICES, repeatedTimeOnForm } from '../../web/event-form.js';
import { RepeatedHourChoice } from '../repeated-hour-choice.js';
import { DEFAULT_ZONE } from '../../../domain/time.js';
import {
  Choices,
  CsrfField,
  DateInput,
  ErrorSummary,
  SelectField,
  TextArea,
  TextField,
  TimeInput,
  type FormErrors,
} from '../components.js';
import { Layout, type PageContext } from '../layout.js';

/** "Which dates?" on the edit form of a series (src/series): the choice, the date it starts from, dates to keep or drop. */
export interface SeriesChoiceView {
  dates: string;
  from: string;
  /** Upcoming dates of the series: [RECURRENCE-ID, words]. */
  fromOptions: [string, string][];
  /** A later date of the series typed instead (UK date boxes), as posted. */
  fromDate?: DateParts;
  /** Shown after a save found moved dates with no place in the new pattern: [RECURRENCE-ID, words]. */
  orphans: [string, string][] | null;
  /** True when some of `orphans` are meetings with a published agenda or minutes, not moved dates (ADR 296). */
  orphansWithPapers?: boolean;
  orphanChoice: string;
  /** Later parts of the series (after earlier splits) that "all" and "following" also change: title, first date, workspace link. */
  continuations?: { title: string; from: string; href: string }[];
  /** Present for a one-off part of a split series (ADR 175): its date in words; the choice is then "one" or "following". */
  oneOffPart?: string;
  /** A one-off part whose date was moved past dates of a later part: "following" leaves the dates before it as they are (ADR 264). */
  laterPartsBefore?: boolean;
}

/** The later parts of a series, linked: "A from Thu 20 May, then B from …". */
function LaterParts(props: { parts: NonNullable<SeriesChoiceView['continuations']> }) {
  return (
    <>
      {props.parts.map((c, i) => (
        <>
          {i ? ', then ' : ''}
          <a href={c.href}>{c.title}</a> from {c.from}
        </>
      ))}
    </>
  );
}

/** The "Change" radios of "Which dates?", `options` as [value, words]. */
function DatesChoice(props: { s: SeriesChoiceView; errors: FormErrors; options: [string, string][] }) {
  return (
    <Choices id="dates" name="dates" type="radio" label="Change" errors={props.errors} checked={[props.s.dates]} options={props.options} />
  );
}

/** "Which dates?" for a one-off part of a split series: this date only (the default), or it and the later parts. */
function OneOffPartDates(props: { s: SeriesChoiceView & { oneOffPart: string }; errors: FormErrors }) {
  const { s, errors: e } = props;
  return (
    <fieldset>
      <legend>Which dates?</legend>
      <p class="notice" id="dates-continuation">
        This is one date of a series, which continues as <LaterParts parts={s.continuations ?? []} />. A change to this date only leaves
        those dates as they are.
        {s.laterPartsBefore
          ? ' This date was moved after some of those dates: a change to this date and every later date leaves the dates before it as they are.'
          : ''}
      </p>
      <DatesChoice
        s={s}
        errors={e}
        options={[
          ['one', `Only this date (${s.oneOffPart})`],
          ['following', 'This date and every later date of the series'],
        ]}
      />
    </fieldset>
  );
}

function WhichDates(props: { s: SeriesChoiceView; errors: FormErrors }) {
  const { s, errors: e } = props;
  if (s.oneOffPart !== undefined) return <OneOffPartDates s={{ ...s, oneOffPart: s.oneOffPart }} errors={e} />;
  return (
    <fieldset>
      <legend>Which dates?</legend>
      <span class="hint">
        Dates that have already passed are never changed. If some have, a change to all dates starts from the next date, and the series
        carries on as a new event linked to this one.
      </span>
      {s.continuations?.length ? (
        <p class="notice" id="dates-continuation">
          This series continues as <LaterParts parts={s.continuations} />. A change to all dates, or to this and following dates, is made
          there too, date by date, when you save. A change of the rule or of the day, or one that part does differently (its own rule, time,
          length or venue), is not saved: the form says so, and you edit that part yourself.
        </p>
      ) : null}
      <DatesChoice
        s={s}
        errors={e}
        options={[
          ['all', 'All dates of the series'],
          ['following', 'The date chosen below and every date after it'],
          ['one', 'Only the date chosen below (opens its move or cancel form)'],
        ]}
      />
      <SelectField id="from" label="From which date" value={s.from} errors={e} options={s.fromOptions} />
      <DateInput
        id="fromDate"
        label="Or a later date of the series (optional)"
        hint="A date after those listed, for example 14 10 2031. When filled in, it is used instead of the choice above."
        value={s.fromDate ?? EMPTY_DATE}
        errors={e}
      />
      {s.orphans ? (
        <Choices
          id="orphans"
          name="orphans"
          type="radio"
          label={s.orphansWithPapers ? 'Dates the new pattern has no place for' : 'Moved dates the new pattern has no place for'}
          errors={e}
          checked={[s.orphanChoice]}
          hint={`${s.orphans.map(([, words]) => words).join('; ')}. Keep each as a one-off event, or drop it (people told of it hear it is cancelled).`}
          options={[
            ['keep', 'Keep them as one-off events'],
            ['drop', 'Drop them'],
          ]}
        />
      ) : s.orphanChoice ? (
        // Answered on an earlier page of this form: carried through this one's question (ADR 285).
        <input type="hidden" name="orphans" value={s.orphanChoice} />
      ) : null}
    </fieldset>
  );
}

/** "Which 01:30?" beside a start or end time the form holds in the hour the autumn clock change repeats (ADR 269). */
function TurnChoice(props: { id: string; label: string; values: EventFormValues; which: 'start' | 'end'; errors: FormErrors }) {
  const at = repeatedTimeOnForm(props.values, props.which);
  if (!at) return null;
  const clock = props.which === 'start' ? props.values.startTurn : props.values.endTurn;
  return (
    <RepeatedHourChoice
      id={props.id}
      name={props.id}
      label={props.label}
      date={at.date}
      time={at.time}
      clock={clock}
      zone={DEFAULT_ZONE}
      errors={props.errors}
    />
  );
}

/** On an edit form: why it changed, and for a campaign week with activities, what they do if it moves. */
export interface ChangeView {
  reason: string;
  /** A campaign week's activities still to come ([id, words]) and the choice made; null for other events. */
  activities: { list: [string, string][]; choice: string; repeating?: boolean } | null;
}

function ChangeFields(props: { change: ChangeView; errors: FormErrors }) {
  const { change, errors: e } = props;
  return (
    <>
      {change.activities ? (
        <Choices
          id="activities"
          name="activities"
          type="radio"
          label="If the week’s dates move, its partner activities"
          errors={e}
          checked={[change.activities.choice]}
          hint={`${change.activities.list.map(([, words]) => words).join('; ')}. People reminded of an activity are told what happens to it.${change.activities.repeating ? ' Those of a date the new dates leave out are cancelled, unless they stay on their own dates.' : ''}`}
          options={[
            [
              'shift',
              change.activities.repeating
                ? 'Move with their date of the week, by the same number of days'
                : 'Move with the week, by the same number of days',
            ],
            ['cancel', 'Are cancelled'],
            ['keep', 'Stay on their own dates'],
          ]}
        />
      ) : null}
      <TextField
        id="reason"
        label="Reason for the change (optional)"
        value={change.reason}
        errors={e}
        hint="Quoted in the e-mail to people already reminded, for example “the college has moved our room”."
      />
    </>
  );
}

/**
 * The same-group-same-time warning on the form (ADR 98): `messages`, one sentence per series warned
 * of (`ids`); `allowed`, the ids of series the organiser already chose "Save anyway" for on an
 * earlier page of this form, carried in a hidden field (ADR 285); `editing`, true on an edit form.
 */
export interface SameTimeView {
  messages: string[];
  ids: string[];
  allowed: string[];
  editing: boolean;
}

/** The warning before a second series of one group on the same day and time, with "Save anyway" at the foot of the form. */
function SameTimeWarning(props: { view: SameTimeView }) {
  return (
    <div class="notice warning" role="alert" aria-labelledby="same-time-heading">
      <h2 id="same-time-heading">This group already meets then</h2>
      <ul>
        {props.view.messages.map((m) => (
          <li>{m.charAt(0).toUpperCase() + m.slice(1)}.</li>
        ))}
      </ul>
      <p>
        Members would get two reminders for each date. Change the date, time or group and save, or choose “Save anyway” at the end of the
        form to {props.view.editing ? 'save this change anyway' : 'add this series as well'}.
      </p>
    </div>
  );
}

export function EventFormPage(props: {
  ctx: PageContext;
  heading: string;
  action: string;
  values: EventFormValues;
  errors: FormErrors;
  organisations: [string, string][];
  groups: [string, string][];
  campaigns: [string, string][];
  cancelHref: string;
  /** Present when editing a series. */
  series?: SeriesChoiceView;
  /** Present when editing: the reason, and a campaign week's activities. */
  change?: ChangeView;
  /** The same-group-same-time warnings the organiser may save past, and those already saved past. */
  sameTime?: SameTimeView;
}) {
  const v = props.values;
  const e = props.errors;
  const sameTime = props.sameTime;
  return (
    <Layout ctx={props.ctx} title={props.errors.size ? `Error: ${props.heading}` : props.heading}>
      <p>
        <a href={props.cancelHref}>← Back</a>
      </p>
      <h1>{props.heading}</h1>
      <ErrorSummary errors={e} labels={EVENT_FIELD_LABELS} />
      {sameTime?.messages.length ? <SameTimeWarning view={sameTime} /> : null}
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <SelectField id="kind" label="Kind" value={v.kind} errors={e} options={EVENT_KINDS.map((k) => [k, KIND_LABELS[k]])} />
        <TextField
          id="title"
          label="Title"
          value={v.title}
          errors={e}
          hint="As partners will see it in their calendars, for example “National Hate Crime Awareness Week”."
        />
        <TextArea id="description" label="Description" value={v.description} errors={e} />
        <TextField
          id="location"
          label="Location"
          value={v.location}
          errors={e}
          hint="The venue, or “Online”. Leave empty for campaigns that run across the area."
        />
        <h2 class="form-section">When</h2>
        <p class="hint">All times are UK time. Leave the times empty for an all-day event or a week of action.</p>
        <DateInput id="startDate" label="Start date" value={v.startDate} errors={e} />
        <TimeInput
          id="startTime"
          label="Start time"
          hint="On the 24-hour clock, for example 18:30. Leave empty for an all-day event."
          value={v.startTime}
          errors={e}
        />
        <TurnChoice id="startTurn" label="Starts at" values={v} which="start" errors={e} />
        <DateInput
          id="endDate"
          label="End date (optional)"
          hint="The last day, when it is not the start date. For example, 15 10 2026"
          value={v.endDate}
          errors={e}
        />
        <TimeInput id="endTime" label="End time" hint="On the 24-hour clock, for example 20:00." value={v.endTime} errors={e} />
        <TurnChoice id="endTurn" label="Ends at" values={v} which="end" errors={e} />
        <h2 class="form-section">Repeats</h2>
        <SelectField
          id="repeat"
          label="Repeat"
          value={v.repeat}
          errors={e}
          options={REPEAT_CHOICES}
          hint="Worked out from the start date: a meeting on Wednesday 21 January repeats on the third Wednesday; a week of action from Saturday 10 October, every year from the second Saturday of October, for as many days as it lasts."
        />
        <DateInput
          id="repeatUntil"
          label="Last date (optional)"
          hint="When the series ends. For example, 31 12 2027"
          value={v.repeatUntil}
          errors={e}
        />
        <TextField
          id="repeatCount"
          label="Number of times (optional)"
          value={v.repeatCount}
          errors={e}
          hint="Instead of a last date, for example 10"
        />
        <Choices
          id="exceptMonths"
          name="exceptMonths"
          type="checkbox"
          label="Leave out these months"
          errors={e}
          checked={v.exceptMonths}
          options={MONTH_NAMES.map((name, i) => [String(i + 1), name])}
          hint="Optional, for a weekly or monthly repeat: for example no meeting in August."
        />
        <TextField
          id="rrule"
          label="Custom rule (optional)"
          value={v.rrule}
          errors={e}
          hint="An iCalendar RRULE such as FREQ=MONTHLY;BYDAY=3WE. When filled in, it is used instead of the choice above."
        />
        {props.series ? <WhichDates s={props.series} errors={e} /> : null}
        {props.change ? <ChangeFields change={props.change} errors={e} /> : null}
        <SelectField
          id="groupId"
          label="Group"
          value={v.groupId}
          errors={e}
          options={props.groups}
          empty="No group"
          hint="Required for a meeting: whose meeting it is."
        />
        <SelectField
          id="organisationId"
          label="Organisation"
          value={v.organisationId}
          errors={e}
          options={props.organisations}
          empty="No organisation"
          hint="The partner that runs it."
        />
        <SelectField
          id="parentId"
          label="Campaign week"
          value={v.parentId}
          errors={e}
          options={props.campaigns}
          empty="Not part of a campaign"
          hint="For a partner activity: the campaign week it belongs to."
        />
        <Choices
          id="themes"
          name="themes"
          type="checkbox"
          label="Themes"
          errors={e}
          checked={v.themes}
          options={Object.entries(THEMES).map(([code, label]) => [code, `${code} ${label}`])}
          hint="The strategy's priorities."
        />
        <TextField
          id="tags"
          label="Other tags"
          value={v.tags}
          errors={e}
          hint="Separated by commas, for example: county lines, knife crime"
        />
        <TextArea
          id="links"
          label="Links"
          value={v.links}
          errors={e}
          rows={3}
          hint="One per line: a title, a bar and the address, for example: Agenda | https://example.org/agenda.pdf"
        />
        <Choices
          id="visibility"
          name="visibility"
          type="radio"
          label="Who can see it"
          errors={e}
          checked={[v.visibility]}
          options={[
            ['public', 'Everyone'],
            ['partners', 'Partners only'],
            ['group', 'Members of the group only'],
            ['confidential', 'Confidential (organisers only, never in a feed)'],
          ]}
        />
        <Choices
          id="status"
          name="status"
          type="radio"
          label="Status"
          errors={e}
          checked={[v.status]}
          options={[
            ['published', 'Published'],
            ['draft', 'Draft (only organisers see it)'],
          ]}
        />
        {sameTime?.allowed.length ? <input type="hidden" name="allowSameTime" value={sameTime.allowed.join(' ')} /> : null}
        <div class="actions">
          <button type="submit">Save event</button>
          {sameTime?.messages.length ? (
            <button type="submit" name="allowSameTime" value={sameTime.ids.join(' ')} class="secondary">
              Save anyway
            </button>
          ) : null}
          <a href={props.cancelHref}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}
