/** @module Cancelling, moving or restoring one date of a recurring series. */
import type { CalendarEvent } from '../../../domain/event.js';
import type { EventOccurrence } from '../../../domain/occurrences.js';
import { describeSeries } from '../../../domain/rule-in-words.js';
import { CsrfField, DateInput, ErrorSummary, TimeInput, type FormErrors } from '../components.js';
import { EMPTY_DATE, type DateParts } from '../../web/uk-dates.js';
import { whenText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

/** What was typed into a row's "Move this date" form, shown again beside its errors. */
export interface MoveValues {
  date: DateParts;
  time: string;
  location: string;
  note: string;
}

export interface OccurrenceRow {
  recurrenceId: string;
  /** Where the series puts it. */
  original: string;
  occurrence: EventOccurrence | null;
  status: 'as planned' | 'moved' | 'cancelled';
}

function slug(id: string): string {
  return id.replace(/[^0-9A-Za-z]/g, '');
}

export function OccurrencesPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  rows: OccurrenceRow[];
  done: string | undefined;
  errors: FormErrors;
  errorFor: string | null;
  typed: MoveValues;
  /** Today's UK date, as for EventsListPage. */
  today?: string;
}) {
  const { event } = props;
  const labels: Record<string, string> = {};
  for (const key of props.errors.keys()) labels[key] = key.startsWith('time-') ? 'New start time' : 'New date';
  return (
    <Layout ctx={props.ctx} title={`Dates of ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}`}>← Back to the event</a>
      </p>
      <h1>Dates of {event.title}</h1>
      <p>{describeSeries(event, { today: props.today })}. Change one date here; to change every date, edit the event.</p>
      <DoneNotice done={props.done} />
      <ErrorSummary errors={props.errors} labels={labels} />
      {props.rows.map((row) => {
        const id = slug(row.recurrenceId);
        const mine = props.errorFor === row.recurrenceId;
        const errors: FormErrors = mine ? props.errors : new Map();
        const typed = mine ? props.typed : { date: EMPTY_DATE, time: '', location: '', note: '' };
        return (
          <section aria-labelledby={`o-${id}`} class="field">
            <h2 id={`o-${id}`}>{row.original}</h2>
            <p>
              {row.status === 'cancelled' ? (
                <strong class="status-cancelled">Cancelled.</strong>
              ) : row.status === 'moved' && row.occurrence ? (
                <strong>
                  Moved to {whenText(row.occurrence.when)}
                  {row.occurrence.location ? `, ${row.occurrence.location}` : ''}.
                </strong>
              ) : (
                'As planned.'
              )}
            </p>
            <div class="inline">
              {row.status !== 'as planned' ? (
                <form method="post" action={`/organise/events/${event.id}/occurrences`}>
                  <CsrfField token={props.ctx.csrf} />
                  <input type="hidden" name="recurrenceId" value={row.recurrenceId} />
                  <button type="submit" name="action" value="restore" class="secondary">
                    Restore this date<span class="visually-hidden"> ({row.original})</span>
                  </button>
                </form>
              ) : null}
              {row.status !== 'cancelled' ? (
                <form method="post" action={`/organise/events/${event.id}/occurrences`}>
                  <CsrfField token={props.ctx.csrf} />
                  <input type="hidden" name="recurrenceId" value={row.recurrenceId} />
                  <button type="submit" name="action" value="cancel" class="warning">
                    Cancel this date<span class="visually-hidden"> ({row.original})</span>
                  </button>
                </form>
              ) : null}
            </div>
            <details open={mine || undefined}>
              <summary>
                Move this date<span class="visually-hidden"> ({row.original})</span>
              </summary>
              <form method="post" action={`/organise/events/${event.id}/occurrences`}>
                <CsrfField token={props.ctx.csrf} />
                <input type="hidden" name="recurrenceId" value={row.recurrenceId} />
                <input type="hidden" name="action" value="move" />
                <DateInput
                  id={`date-${id}`}
                  name="date"
                  label="New date"
                  hint="Leave empty to keep the date. For example, 26 10 2022"
                  value={typed.date}
                  errors={errors}
                />
                {event.when.allDay ? null : (
                  <TimeInput
                    id={`time-${id}`}
                    name="time"
                    label="New start time"
                    hint="Leave empty to keep the time. On the 24-hour clock, for example 18:30"
                    value={typed.time}
                    errors={errors}
                  />
                )}
                <div class="inline">
                  <div class="field">
                    <label for={`location-${id}`}>New venue</label>
                    <input type="text" id={`location-${id}`} name="location" value={typed.location} />
                  </div>
                  <div class="field">
                    <label for={`note-${id}`}>Note</label>
                    <input type="text" id={`note-${id}`} name="note" value={typed.note} />
                  </div>
                  <button type="submit">Move</button>
                </div>
              </form>
            </details>
          </section>
        );
      })}
    </Layout>
  );
}
