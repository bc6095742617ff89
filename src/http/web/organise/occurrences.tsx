/** @module Cancelling, moving and restoring one date of a series, through the API's exception rules. */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { deleteException, putException } from '../../../db/events.js';
import { canEditEvent } from '../../../domain/accounts.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { validateExceptionInput } from '../../../domain/exception-input.js';
import { occurrencesInWindow, originalWhen } from '../../../domain/occurrences.js';
import type { FieldError } from '../../../domain/validation.js';
import { todayIn, whenText } from '../../pages/format.js';
import { OccurrencesPage, type MoveValues, type OccurrenceRow } from '../../pages/organise/occurrences.js';
import { formText, type FormBody } from '../form.js';
import { checkDate, checkTime, EMPTY_DATE, readDateParts } from '../uk-dates.js';
import type { WebEnv } from '../env.js';
import { textQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { eventForViewer, forbidden, notFoundHere } from './guard.js';

const SHOWN = 12;

/** The exception rules' messages about the new start, in this form's words. */
function plainMoveErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) =>
    e.field === 'start' && /clocks go forward/.test(e.message)
      ? { field: 'time', message: 'does not exist on that day in the UK: the clocks go forward an hour at 1am. Choose another time' }
      : e,
  );
}

/** The series' next dates from today as the series plans them, with what happened to each. */
function rows(event: CalendarEvent, now: Date): OccurrenceRow[] {
  const from = DateTime.fromJSDate(now).minus({ days: 1 });
  const plain = occurrencesInWindow({ ...event, exceptions: [] }, { from, to: from.plus({ years: 3 }) }).slice(0, SHOWN);
  const actual = occurrencesInWindow(event, { from: from.minus({ years: 1 }), to: from.plus({ years: 4 }) });
  const ids = new Set(plain.map((o) => o.recurrenceId!));
  // Exceptions to dates in the list's range stay visible so they can be restored.
  const firstShown = plain[0]?.recurrenceId;
  const lastShown = plain[plain.length - 1]?.recurrenceId;
  if (firstShown && lastShown) {
    for (const ex of event.exceptions) if (ex.recurrenceId >= firstShown && ex.recurrenceId <= lastShown) ids.add(ex.recurrenceId);
  }
  return [...ids].sort().map((recurrenceId) => {
    const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
    return {
      recurrenceId,
      original: whenText(originalWhen(event, recurrenceId), event.timezone),
      occurrence: actual.find((o) => o.recurrenceId === recurrenceId) ?? null,
      status: !exception ? 'as planned' : exception.kind === 'cancelled' ? 'cancelled' : 'moved',
    };
  });
}

async function show(
  c: Context<WebEnv>,
  event: CalendarEvent,
  errors: FieldError[] = [],
  errorFor: string | null = null,
  typed: MoveValues = { date: EMPTY_DATE, time: '', location: '', note: '' },
) {
  const id = (errorFor ?? '').replace(/[^0-9A-Za-z]/g, '');
  // The exception rules name "start" (the new date and time); the form's own checks name date or time.
  const mapped = new Map(errors.map((e) => [`${e.field === 'time' ? 'time' : 'date'}-${id}`, e.message] as [string, string]));
  return render(
    c,
    <OccurrencesPage
      ctx={pageContext(c)}
      event={event}
      rows={rows(event, c.get('deps').clock())}
      done={textQuery(c, 'done')}
      errors={mapped}
      errorFor={errorFor}
      typed={typed}
      today={todayIn(c.get('deps').clock()).toISODate()!}
    />,
    errors.length ? 400 : 200,
  );
}

export function occurrencePages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/events/:id/occurrences', async (c) => {
    const event = await eventForViewer(c, c.req.param('id'));
    if (!event || !event.rrule) return notFoundHere(c, 'There is no recurring event with this id.');
    return show(c, event);
  });

  app.post('/organise/events/:id/occurrences', async (c) => {
    const { store, clock } = c.get('deps');
    const event = await eventForViewer(c, c.req.param('id'));
    if (!event || !event.rrule) return notFoundHere(c, 'There is no recurring event with this id.');
    if (!canEditEvent(c.get('user'), event)) return forbidden(c, 'Your account schedules only the events of its groups.');
    const body = (await c.req.parseBody()) as FormBody;
    const field = (name: string) => formText(body, name).trim();
    const recurrenceId = field('recurrenceId');
    const ctx = { actor: c.get('actor'), now: clock() };
    const action = field('action');
    if (action === 'restore') {
      if (event.exceptions.some((e) => e.recurrenceId === recurrenceId)) await deleteException(store, event, recurrenceId, ctx);
      return c.redirect(`/organise/events/${event.id}/occurrences?done=occurrence`, 303);
    }
    let input: Record<string, unknown>;
    if (action === 'cancel') input = { status: 'cancelled', note: field('note') };
    else {
      const typed: MoveValues = {
        date: readDateParts(body, 'date'),
        time: field('time'),
        location: field('location'),
        note: field('note'),
      };
      const date = checkDate(typed.date);
      const time = checkTime(typed.time);
      const problems: FieldError[] = [];
      if (!date.ok && !date.empty) problems.push({ field: 'date', message: date.message });
      if (!time.ok && !time.empty) problems.push({ field: 'time', message: time.message });
      if (!problems.length && date.ok === false && time.ok === false && !typed.location)
        problems.push({ field: 'date', message: 'or a new venue is needed to move this date' });
      if (problems.length) return show(c, event, problems, recurrenceId, typed);
      input = { status: 'moved', note: typed.note };
      if (typed.location) input.location = typed.location;
      if (date.ok || time.ok) {
        const original = originalWhen(event, recurrenceId);
        const originalStart = original.allDay ? null : DateTime.fromISO(original.startsAt, { zone: event.timezone });
        const day = date.ok ? date.iso : original.allDay ? original.startDate : originalStart!.toISODate()!;
        input.start = original.allDay ? day : `${day}T${time.ok ? time.hhmm : originalStart!.toFormat('HH:mm')}`;
      }
      const result = validateExceptionInput(event, recurrenceId, input);
      if (!result.ok) return show(c, event, plainMoveErrors(result.errors), recurrenceId, typed);
      await putException(store, event, result.value, ctx);
      return c.redirect(`/organise/events/${event.id}/occurrences?done=occurrence`, 303);
    }
    const result = validateExceptionInput(event, recurrenceId, input);
    if (!result.ok) return show(c, event, result.errors, recurrenceId);
    await putException(store, event, result.value, ctx);
    return c.redirect(`/organise/events/${event.id}/occurrences?done=occurrence`, 303);
  });

  return app;
}
