/** @module Cancelling, moving or restoring one date of a recurring series. */
import type { CalendarEvent } from '../../../domain/event.js';
import type { EventOccurrence } from '../../../domain/occurrences.js';
import { describeSeries } from '../../../domain/rule-in-words.js';
import { CsrfField, ErrorSummary, type FormErrors } from '../components.js';
import { whenText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

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
  /** Today's UK date, as for EventsListPage. */
  today?: string;
}) {
  const { event } = props;
  return (
    <Layout ctx={props.ctx} title={`Dates of ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}`}>← Back to the event</a>
      </p>
      <h1>Dates of {event.title}</h1>
      <p>{describeSeries(event, { today: props.today })}. Change one date here; to change every date, edit the event.</p>
      <DoneNotice done={props.done} />
      <ErrorSummary errors={props.errors} labels={{}} />
      {props.rows.map((row) => {
        const id = slug(row.recurrenceId);
        const mine = props.errorFor === row.recurrenceId;
        const dateError = mine ? props.errors.get(`date-${id}`) : undefined;
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
                <div class="inline">
                  <div class={dateError ? 'field has-error' : 'field'}>
                    <label for={`date-${id}`}>New date</label>
                    {dateError ? (
                      <span class="error-message" id={`date-${id}-error`}>
                        New date {dateError}
                      </span>
                    ) : null}
                    <input type="date" id={`date-${id}`} name="date" aria-describedby={dateError ? `date-${id}-error` : undefined} />
                  </div>
                  {event.when.allDay ? null : (
                    <div class="field">
                      <label for={`time-${id}`}>New start time</label>
                      <input type="time" id={`time-${id}`} name="time" />
                    </div>
                  )}
                  <div class="field">
                    <label for={`location-${id}`}>New venue</label>
                    <input type="text" id={`location-${id}`} name="location" />
                  </div>
                  <div class="field">
                    <label for={`note-${id}`}>Note</label>
                    <input type="text" id={`note-${id}`} name="note" />
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
