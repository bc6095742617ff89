/** @module Cancelling, moving or restoring one date of a recurring series. */
import type { CalendarEvent } from '../../../domain/event.js';
import { dateChange, type EventOccurrence } from '../../../domain/occurrences.js';
import { describeSeries } from '../../../domain/rule-in-words.js';
import { Choices, CsrfField, DateInput, ErrorSummary, TextField, TimeInput, type ErrorLink, type FormErrors } from '../components.js';
import { checkDate, checkTime, datePartsOf, type DateParts } from '../../web/uk-dates.js';
import { RepeatedHourChoice } from '../repeated-hour-choice.js';
import { longDate, whenText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

export interface OccurrenceRow {
  recurrenceId: string;
  /** Where the series puts it. */
  original: string;
  /** Where it is now (a moved date: where it moved to), which its buttons name (issue 10). */
  now: string;
  occurrence: EventOccurrence | null;
  status: 'as planned' | 'moved' | 'cancelled';
  /**
   * What the move form starts from: the date as it is now (a moved date: its new time and venue);
   * `clock` "BST"/"GMT" when its start is in the hour the autumn change repeats, else ''.
   */
  current: { date: string; time: string; location: string; note: string; clock: string };
  /** A cancelled date that had been moved: where it was moved to, which restoring brings back (ADR 170). */
  cancelledMove?: string;
  /** A cancelled date's reason, as given on its cancel page. */
  cancelReason?: string;
  /** A campaign week's date: its partner activities still to come, which its move form asks about (ADR 271). */
  activities?: { id: string; title: string; when: string }[];
  /** A moved date of a campaign week: the titles of the activities moved with it, which restoring it moves back. */
  shiftedWithMove?: string[];
}

/** A move form as it was posted: shown again after a refusal, as typed (ADR 254). */
export interface MoveFormTyped {
  date: DateParts;
  time: string;
  location: string;
  note: string;
  /** Which reading of a time the autumn change repeats ("BST"/"GMT"; '' when not asked). */
  clock: string;
  /** A campaign week's date: what its activities do ('shift', 'cancel', 'keep'; '' when not asked). */
  activities?: string;
}

const NO_ERRORS: FormErrors = new Map();

function slug(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '');
}

/** A changed date's line on the dates page: where it moved, or a venue of its own at its own time (ADR 288). */
function changedDateInWords(event: CalendarEvent, occurrence: EventOccurrence): string {
  const change = dateChange(event, occurrence);
  const at = occurrence.location ? `, ${occurrence.location}` : '';
  if (change === 'moved') return `Moved to ${whenText(occurrence.when)}${at}.`;
  return change === 'venue' ? `Venue changed to ${occurrence.location}; same time.` : 'Same time and venue, with a note.';
}

export function OccurrencesPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  rows: OccurrenceRow[];
  done: string | undefined;
  errors: FormErrors;
  /** By field id: the page an error points to (the other part's dates). */
  errorLinks?: ReadonlyMap<string, ErrorLink>;
  errorFor: string | null;
  /** What was typed into the form of `errorFor`, shown instead of the date as it is. */
  typed?: MoveFormTyped;
  /** Today's UK date, as for EventsListPage. */
  today?: string;
  /** The UK date this page of dates starts at (null: from today). */
  from?: string | null;
  /** The UK date the next page starts at (null: no later date). */
  next?: string | null;
}) {
  const { event } = props;
  const list = `/organise/events/${event.id}/occurrences`;
  // The forms post back to this page of the list, so a refusal shows the same dates.
  const action = props.from ? `${list}?from=${props.from}` : list;
  return (
    <Layout ctx={props.ctx} title={`Dates of ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}`}>← Back to the event</a>
      </p>
      <h1>Dates of {event.title}</h1>
      <p id="dates">{describeSeries(event, { today: props.today })}. Change one date here; to change every date, edit the event.</p>
      <DoneNotice
        done={props.done}
        extra={{
          'occurrence-unchanged': 'Nothing to change: the date is already at that time and venue, with that note.',
          'occurrence-restored': 'The date is back where the series puts it.',
          'occurrence-back-on': 'The date is on again. Anyone who was told it was cancelled is sent a “Back on” e-mail.',
          'occurrence-venue': `The date has been updated. Its venue is the series’ own again${event.location ? `: ${event.location}` : ''}.`,
        }}
      />
      <ErrorSummary
        errors={props.errors}
        links={props.errorLinks}
        labels={{
          dates: 'The date you chose',
          'more-dates': 'The date to list dates from',
          ...(props.errorFor
            ? {
                [`date-${slug(props.errorFor)}`]: 'The new date',
                [`time-${slug(props.errorFor)}`]: 'The start time',
                [`location-${slug(props.errorFor)}`]: 'Venue',
                [`note-${slug(props.errorFor)}`]: 'Note',
                [`activities-${slug(props.errorFor)}`]: 'Its partner activities',
              }
            : {}),
        }}
      />
      {props.from ? <p>Dates from {longDate(props.from)}.</p> : null}
      {props.rows.length === 0 ? <p>No dates of this series {props.from ? `from ${longDate(props.from)}` : 'from today'}.</p> : null}
      {props.rows.map((row) => {
        const id = slug(row.recurrenceId);
        const mine = props.errorFor === row.recurrenceId;
        const shown = mine && props.typed ? props.typed : { ...row.current, date: datePartsOf(row.current.date) };
        // "Which 01:30" is asked for the date and time the form shows (as typed after a refusal).
        const typedDate = checkDate(shown.date);
        const typedTime = checkTime(shown.time);
        const shownDate = typedDate.ok ? typedDate.iso : row.current.date;
        const shownTime = typedTime.ok ? typedTime.hhmm : row.current.time;
        return (
          <section aria-labelledby={`o-${id}`} class="field">
            <h2 id={`o-${id}`}>{row.original}</h2>
            <p>
              {row.status === 'cancelled' ? (
                <>
                  <strong class="status-cancelled">Cancelled.</strong>
                  {row.cancelReason ? ` Reason: ${row.cancelReason}` : null}
                  {row.cancelledMove ? ` It had been moved to ${row.cancelledMove}; restoring it brings it back there.` : null}
                </>
              ) : row.status === 'moved' && row.occurrence ? (
                <>
                  {/* A venue of its own at the date's own time is no move (ADR 288, as the event page says it). */}
                  <strong>{changedDateInWords(event, row.occurrence)}</strong>
                  {row.shiftedWithMove?.length
                    ? ` Moved with it: ${row.shiftedWithMove.join('; ')}; restoring the date moves ${row.shiftedWithMove.length === 1 ? 'it' : 'them'} back too.`
                    : null}
                </>
              ) : (
                'As planned.'
              )}
            </p>
            <div class="inline">
              {row.status !== 'as planned' ? (
                <form method="post" action={action}>
                  <CsrfField token={props.ctx.csrf} />
                  <input type="hidden" name="recurrenceId" value={row.recurrenceId} />
                  <button type="submit" name="action" value="restore" class="secondary">
                    Restore this date<span class="visually-hidden"> ({row.now})</span>
                  </button>
                </form>
              ) : null}
              {row.status !== 'cancelled' ? (
                <a
                  class="button warning"
                  href={`/organise/events/${event.id}/occurrences/cancel?recurrenceId=${encodeURIComponent(row.recurrenceId)}`}
                >
                  Cancel this date<span class="visually-hidden"> ({row.now})</span>
                </a>
              ) : null}
            </div>
            <details open={mine || undefined}>
              <summary>
                Move this date<span class="visually-hidden"> ({row.now})</span>
              </summary>
              <form method="post" action={action}>
                <CsrfField token={props.ctx.csrf} />
                <input type="hidden" name="recurrenceId" value={row.recurrenceId} />
                <input type="hidden" name="action" value="move" />
                <div class="inline">
                  <DateInput
                    id={`date-${id}`}
                    name="date"
                    label="Date"
                    hint="For example, 26 10 2022"
                    value={shown.date}
                    errors={mine ? props.errors : NO_ERRORS}
                    errorLink={mine ? props.errorLinks?.get(`date-${id}`) : undefined}
                  />
                  {event.when.allDay ? null : (
                    <TimeInput
                      id={`time-${id}`}
                      name="time"
                      label="Start time"
                      value={shown.time}
                      errors={mine ? props.errors : NO_ERRORS}
                      errorLink={mine ? props.errorLinks?.get(`time-${id}`) : undefined}
                    />
                  )}
                  {event.when.allDay ? null : (
                    <RepeatedHourChoice
                      id={`clock-${id}`}
                      name="clock"
                      date={shownDate}
                      time={shownTime}
                      clock={shown.clock}
                      zone={event.timezone}
                      errors={NO_ERRORS}
                    />
                  )}
                  <TextField
                    id={`location-${id}`}
                    name="location"
                    label="Venue"
                    hint={event.location ? `Leave empty for the series’ venue, ${event.location}` : undefined}
                    value={shown.location}
                    errors={mine ? props.errors : NO_ERRORS}
                  />
                  <TextField id={`note-${id}`} name="note" label="Note" value={shown.note} errors={mine ? props.errors : NO_ERRORS} />
                  {row.activities?.length ? (
                    <Choices
                      id={`activities-${id}`}
                      name="activities"
                      type="radio"
                      label="If this date moves to another day, its partner activities"
                      errors={mine ? props.errors : NO_ERRORS}
                      checked={[(mine && props.typed?.activities) || 'shift']}
                      hint={`${row.activities.map((a) => `${a.title} (${a.when})`).join('; ')}. People reminded of an activity are told what happens to it.`}
                      options={[
                        ['shift', 'Move with the date, by the same number of days'],
                        ['cancel', 'Are cancelled'],
                        ['keep', 'Stay on their own dates'],
                      ]}
                    />
                  ) : null}
                  <button type="submit">Move</button>
                </div>
              </form>
            </details>
          </section>
        );
      })}
      <nav id="more-dates" aria-label="More dates" class="inline">
        {props.from ? <a href={list}>Dates from today</a> : null}
        {props.next ? <a href={`${list}?from=${props.next}`}>Later dates, from {longDate(props.next)}</a> : null}
      </nav>
    </Layout>
  );
}
