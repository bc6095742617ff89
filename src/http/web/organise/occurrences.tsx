/** @module Cancelling, moving and restoring one date of a series, through the API's exception rules. */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { moveFormValues, restoreDateWithActivities } from '../../../cancellations/index.js';
import { moveCollisionsInSeries, restoreCollisionsInSeries } from '../../../series/index.js';
import { putException } from '../../../db/events.js';
import { canEditEvent } from '../../../domain/accounts.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { checkRecurrenceId, validateExceptionInput } from '../../../domain/exception-input.js';
import { occurrencesInWindow, originalWhen } from '../../../domain/occurrences.js';
import type { FieldError } from '../../../domain/validation.js';
import { todayIn, whenText } from '../../pages/format.js';
import type { ErrorLink } from '../../pages/components.js';
import { OccurrencesPage, type MoveFormTyped, type OccurrenceRow } from '../../pages/organise/occurrences.js';
import type { WebEnv } from '../env.js';
import { textQuery } from '../query.js';
import { checkDate, checkTime, readDateParts } from '../uk-dates.js';
import { moveClashInWords, restoreClashInWords, type WordedClash } from './date-clash-words.js';
import { pageContext, render } from '../render.js';
import { eventForViewer, forbidden, notFoundHere } from './guard.js';

const SHOWN = 12;

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
      current: moveFormValues(event, recurrenceId),
      ...(exception?.kind === 'cancelled' && (exception.when || exception.location !== null)
        ? {
            cancelledMove: [
              whenText(exception.when ?? originalWhen(event, recurrenceId), event.timezone),
              exception.location ?? event.location,
            ]
              .filter(Boolean)
              .join(', '),
          }
        : {}),
    };
  });
}

/**
 * The dates page, with `errors` on the form of the date `errorFor` (null: on the list of dates),
 * that form showing what was `typed` into it, and `link`: a page the error points to (ADR 254).
 */
async function show(
  c: Context<WebEnv>,
  event: CalendarEvent,
  errors: FieldError[] = [],
  errorFor: string | null = null,
  refused: { typed?: MoveFormTyped; link?: ErrorLink } = {},
) {
  const id = (errorFor ?? '').replace(/[^0-9A-Za-z]/g, '');
  // A key that is no date of the series (a stale page) belongs to no row's field: the summary links
  // to the list of dates (`#dates`), never to an empty `#date-`.
  const anchor = (e: FieldError) => (errorFor === null ? 'dates' : `${e.field === 'time' ? 'time' : 'date'}-${id}`);
  const mapped = new Map(errors.map((e) => [anchor(e), e.message] as [string, string]));
  const links = new Map(refused.link && errors[0] ? [[anchor(errors[0]), refused.link] as [string, ErrorLink]] : []);
  return render(
    c,
    <OccurrencesPage
      ctx={pageContext(c)}
      event={event}
      rows={rows(event, c.get('deps').clock())}
      done={textQuery(c, 'done')}
      errors={mapped}
      errorLinks={links}
      errorFor={errorFor}
      typed={refused.typed}
      today={todayIn(c.get('deps').clock()).toISODate()!}
    />,
    errors.length ? 400 : 200,
  );
}

/** The form shows start errors beside its date field. */
function onDateField(e: FieldError): FieldError {
  return e.field === 'start' || e.field === 'end' ? { ...e, field: 'date' } : e;
}

function daysOf(when: { startDate: string; endDate: string }): number {
  return Math.round(DateTime.fromISO(when.endDate).diff(DateTime.fromISO(when.startDate), 'days').days) + 1;
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
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const recurrenceId = field('recurrenceId');
    const ctx = { actor: c.get('actor'), now: clock() };
    const action = field('action');
    if (action === 'restore') {
      // A cancelled date of a campaign week brings back the activities its cancel cancelled (ADR 210).
      if (event.exceptions.some((e) => e.recurrenceId === recurrenceId)) {
        // Not where another date was moved since: two dates would start together (ADR 242).
        const collision = await restoreCollisionsInSeries(store, event, recurrenceId);
        if (collision.length) {
          const worded = await restoreClashInWords(store, event, recurrenceId);
          return show(c, event, [worded.error], recurrenceId, { link: worded.link });
        }
        await restoreDateWithActivities(store, event, recurrenceId, ctx);
      }
      return c.redirect(`/organise/events/${event.id}/occurrences?done=occurrence`, 303);
    }
    // Cancelling asks first: GET /organise/events/:id/occurrences/cancel (src/cancellations).
    if (action === 'cancel') {
      return c.redirect(`/organise/events/${event.id}/occurrences/cancel?recurrenceId=${encodeURIComponent(recurrenceId)}`, 303);
    }
    const known = checkRecurrenceId(event, recurrenceId);
    if (!known.ok) return show(c, event, known.errors.map(onDateField), null);
    // The form starts from the date as it is now; a blank field keeps that value, never the series' own.
    const current = moveFormValues(event, known.value);
    // UK date boxes and a 24-hour time (src/http/web/uk-dates.ts); an empty box keeps the current value.
    // A refusal shows the form as it was posted, not the date as it is (ADR 254).
    const typed: MoveFormTyped = {
      date: readDateParts(body, 'date'),
      time: field('time'),
      location: field('location'),
      note: field('note'),
    };
    const refuse = (errors: FieldError[], worded?: WordedClash) =>
      show(c, event, worded ? [worded.error] : errors.map(onDateField), recurrenceId, { typed, link: worded?.link });
    const typedDate = checkDate(typed.date);
    const typedTime = checkTime(typed.time);
    const typos: FieldError[] = [];
    if (!typedDate.ok && !typedDate.empty) typos.push({ field: 'date', message: typedDate.message });
    if (!typedTime.ok && !typedTime.empty) typos.push({ field: 'time', message: typedTime.message });
    if (typos.length) return refuse(typos);
    const date = typedDate.ok ? typedDate.iso : current.date;
    const time = typedTime.ok ? typedTime.hhmm : current.time;
    const input: Record<string, unknown> = { status: 'moved', note: typed.note, location: typed.location || current.location };
    const original = originalWhen(event, recurrenceId);
    input.start = original.allDay
      ? date
      : `${date}T${time || DateTime.fromISO(original.startsAt, { zone: event.timezone }).toFormat('HH:mm')}`;
    if (original.allDay)
      input.end = DateTime.fromISO(date)
        .plus({ days: daysOf(original) - 1 })
        .toISODate();
    const result = validateExceptionInput(event, recurrenceId, input);
    if (!result.ok) return refuse(result.errors);
    const collision = await moveCollisionsInSeries(store, event, result.value);
    // The series' check refuses; the page says it in words, with the other part's dates linked.
    if (collision.length) return refuse(collision, result.value.when ? await moveClashInWords(store, event, result.value.when) : undefined);
    await putException(store, event, result.value, ctx);
    return c.redirect(`/organise/events/${event.id}/occurrences?done=occurrence`, 303);
  });

  return app;
}
