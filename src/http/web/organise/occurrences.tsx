/** @module Cancelling, moving and restoring one date of a series, through the API's exception rules. */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import {
  activitiesByWeekDate,
  shiftedWithDateMove,
  moveFormValues,
  putDateWithActivities,
  readDateActivities,
  restoreDateWithActivities,
  type MoveFormValues,
} from '../../../cancellations/index.js';
import { restoredWhen, seriesClashAt } from '../../../series/index.js';
import { canEditEvent } from '../../../domain/accounts.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { checkRecurrenceId, moveOutcome, validateExceptionInput } from '../../../domain/exception-input.js';
import { currentWhen, occurrencesInWindow, originalWhen, type EventOccurrence } from '../../../domain/occurrences.js';
import { YEARS } from '../../../domain/time.js';
import type { FieldError } from '../../../domain/validation.js';
import { todayIn, whenText } from '../../pages/format.js';
import { repeatedHourNameOf, startWithClock } from '../../../domain/repeated-hour.js';
import type { ErrorLink } from '../../pages/components.js';
import { OccurrencesPage, type MoveFormTyped, type OccurrenceRow } from '../../pages/organise/occurrences.js';
import type { WebEnv } from '../env.js';
import { textQuery } from '../query.js';
import { checkDate, checkTime, datePartsOf, readDateParts } from '../uk-dates.js';
import { moveClashInWords, restoreClashInWords, staleDateInWords, type WordedClash } from './date-clash-words.js';
import { pageContext, render } from '../render.js';
import { eventForViewer, forbidden, notFoundHere } from './guard.js';

/** Dates a page of the list shows. */
const SHOWN = 12;

/**
 * The first `SHOWN + 1` dates of the series as it plans them (exceptions left out) from `from`,
 * expanded over windows that grow fourfold from a year, up to the last year the calendar accepts:
 * a weekly series costs one year's expansion, a yearly one a few, and nothing ever expands from
 * the series' first date (the engine's cost follows the window, ADR 9's bounded reads).
 */
function plannedFrom(event: CalendarEvent, from: DateTime): EventOccurrence[] {
  const plain = { ...event, exceptions: [] };
  const limit = DateTime.fromObject({ year: YEARS.last + 1 }, { zone: event.timezone });
  for (let years = 1; ; years *= 4) {
    const to = DateTime.min(from.plus({ years }), limit);
    const found = occurrencesInWindow(plain, { from, to });
    if (found.length > SHOWN || to >= limit) return found.slice(0, SHOWN + 1);
  }
}

/**
 * A page of the series' dates from `from` (a UK date; today less a day when absent) as the series
 * plans them, with what happened to each, and `next`: the UK date the following page starts at
 * (null: no later date).
 */
function rows(event: CalendarEvent, now: Date, fromDate: string | null): { rows: OccurrenceRow[]; next: string | null } {
  const from = fromDate ? DateTime.fromISO(fromDate, { zone: event.timezone }) : DateTime.fromJSDate(now).minus({ days: 1 });
  const planned = plannedFrom(event, from);
  const plain = planned.slice(0, SHOWN);
  const more = planned[SHOWN];
  const next = more ? DateTime.fromISO(more.recurrenceId!, { zone: event.timezone }).toISODate() : null;
  const lastPlain = plain[plain.length - 1];
  const actual = lastPlain
    ? occurrencesInWindow(event, {
        from: from.minus({ years: 1 }),
        to: DateTime.fromISO(lastPlain.recurrenceId!, { zone: event.timezone }).plus({ years: 1 }),
      })
    : [];
  const ids = new Set(plain.map((o) => o.recurrenceId!));
  // Exceptions to dates in the list's range stay visible so they can be restored.
  const firstShown = plain[0]?.recurrenceId;
  const lastShown = lastPlain?.recurrenceId;
  if (firstShown && lastShown) {
    for (const ex of event.exceptions) if (ex.recurrenceId >= firstShown && ex.recurrenceId <= lastShown) ids.add(ex.recurrenceId);
  }
  return { rows: rowsOf(event, [...ids], actual), next };
}

function rowsOf(event: CalendarEvent, ids: string[], actual: EventOccurrence[]): OccurrenceRow[] {
  return ids.sort().map((recurrenceId) => {
    const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
    return {
      recurrenceId,
      original: whenText(originalWhen(event, recurrenceId), event.timezone),
      now: whenText(currentWhen(event, recurrenceId), event.timezone),
      occurrence: actual.find((o) => o.recurrenceId === recurrenceId) ?? null,
      status: !exception ? 'as planned' : exception.kind === 'cancelled' ? 'cancelled' : 'moved',
      current: currentValues(event, recurrenceId),
      // The reason given when the date was cancelled (its "Cancelled" e-mail quotes it, ADR 270).
      ...(exception?.kind === 'cancelled' && exception.note ? { cancelReason: exception.note } : {}),
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
 * What the move form of one date starts from (moveFormValues), with `clock`: "BST" or "GMT" when its
 * start is in the hour the autumn change repeats, so the form says which 01:30 it is (ADR 270).
 */
function currentValues(event: CalendarEvent, recurrenceId: string): MoveFormValues & { clock: string } {
  const moved = event.exceptions.find((e) => e.recurrenceId === recurrenceId && e.kind === 'moved')?.when;
  const when = moved ?? originalWhen(event, recurrenceId);
  return { ...moveFormValues(event, recurrenceId), clock: when.allDay ? '' : repeatedHourNameOf(when.startsAt, event.timezone) };
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
  const anchor = (e: FieldError) =>
    errorFor === null ? 'dates' : `${['time', 'location', 'note', 'activities'].includes(e.field) ? e.field : 'date'}-${id}`;
  const mapped = new Map(errors.map((e) => [anchor(e), e.message] as [string, string]));
  const links = new Map(refused.link && errors[0] ? [[anchor(errors[0]), refused.link] as [string, ErrorLink]] : []);
  // `from`: the UK date a page of later dates starts at (the list's "Later dates" link).
  const from = listFrom(c);
  if (!from.ok) mapped.set('more-dates', from.message);
  const page = rows(event, c.get('deps').clock(), from.ok ? from.date : null);
  // A campaign week's date with activities still to come asks what they do if it moves (ADR 271).
  const byDate = await activitiesByWeekDate(c.get('deps').store, event, c.get('deps').clock());
  for (const row of page.rows) {
    const inside = byDate.get(row.recurrenceId) ?? [];
    if (!inside.length || row.status === 'cancelled') continue;
    row.activities = inside.map((a) => ({ id: a.id, title: a.title, when: whenText(a.when, a.timezone) }));
    row.shiftedWithMove = (await shiftedWithDateMove(c.get('deps').store, event, row.recurrenceId, inside)).map((a) => a.title);
  }
  return render(
    c,
    <OccurrencesPage
      ctx={pageContext(c)}
      event={event}
      rows={page.rows}
      from={from.ok ? from.date : null}
      next={page.next}
      done={textQuery(c, 'done')}
      errors={mapped}
      errorLinks={links}
      errorFor={errorFor}
      typed={refused.typed}
      today={todayIn(c.get('deps').clock()).toISODate()!}
    />,
    errors.length || !from.ok ? 400 : 200,
  );
}

/** The list's `from` query: absent, or a real UK date (YYYY-MM-DD) in the years the calendar accepts. */
function listFrom(c: Context<WebEnv>): { ok: true; date: string | null } | { ok: false; message: string } {
  const raw = c.req.query('from');
  if (raw === undefined || raw === '') return { ok: true, date: null };
  const day = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? DateTime.fromISO(raw) : null;
  if (!day?.isValid || day.year < YEARS.first || day.year > YEARS.last)
    return {
      ok: false,
      message: `must be a real date from ${YEARS.first} to ${YEARS.last}, like 2027-06-30; the dates from today are shown`,
    };
  return { ok: true, date: raw };
}

/** The form shows start errors beside its date field. */
function onDateField(e: FieldError): FieldError {
  return e.field === 'start' || e.field === 'end' ? { ...e, field: 'date' } : e;
}

function daysOf(when: { startDate: string; endDate: string }): number {
  return Math.round(DateTime.fromISO(when.endDate).diff(DateTime.fromISO(when.startDate), 'days').days) + 1;
}

/** `&from=…` when the list was showing a later page (so a change returns to it), else ''. */
function fromQuery(c: Context<WebEnv>): string {
  const from = listFrom(c);
  return from.ok && from.date ? `&from=${from.date}` : '';
}

export function occurrencePages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/events/:id/occurrences', async (c) => {
    const event = await eventForViewer(c, c.req.param('id'));
    if (!event || !event.rrule) return notFoundHere(c, 'There is no recurring event with this id.');
    // From the edit form's "Only the date chosen below" (ADR 269): that date's move form, open, with
    // the venue, time and reason typed there; anything not typed is the date as it is.
    const move = c.req.query('move');
    const known = move ? checkRecurrenceId(event, move) : null;
    if (known?.ok) {
      const current = currentValues(event, known.value);
      const typed = (name: string) => c.req.query(name)?.trim().slice(0, 500);
      const time = typed('time');
      return show(c, event, [], known.value, {
        typed: {
          date: datePartsOf(current.date),
          time: time || current.time,
          location: typed('location') ?? current.location,
          note: typed('note') ?? current.note,
          // A time typed on the edit form has not been asked which 01:30 yet; the date's own has.
          clock: time ? '' : current.clock,
        },
      });
    }
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
      const exception = event.exceptions.find((e) => e.recurrenceId === recurrenceId);
      if (exception) {
        // Not where another date was moved since: two dates would start together (ADR 242).
        const when = restoredWhen(event, recurrenceId);
        const clash = await seriesClashAt(store, event, recurrenceId, when);
        if (clash) {
          const worded = restoreClashInWords(event, when, clash);
          return show(c, event, [worded.error], recurrenceId, { link: worded.link });
        }
        await restoreDateWithActivities(store, event, recurrenceId, ctx);
      }
      const done = exception?.kind === 'cancelled' ? 'occurrence-back-on' : exception ? 'occurrence-restored' : 'occurrence';
      return c.redirect(`/organise/events/${event.id}/occurrences?done=${done}${fromQuery(c)}`, 303);
    }
    // Cancelling asks first: GET /organise/events/:id/occurrences/cancel (src/cancellations).
    if (action === 'cancel') {
      return c.redirect(`/organise/events/${event.id}/occurrences/cancel?recurrenceId=${encodeURIComponent(recurrenceId)}`, 303);
    }
    const known = checkRecurrenceId(event, recurrenceId);
    // A stale page's date: the nearest dates in words, on the list of dates.
    if (!known.ok)
      return show(
        c,
        event,
        known.errors.map((e) => onDateField(staleDateInWords(event, recurrenceId, e))),
        null,
      );
    // The form starts from the date as it is now; a blank date or time keeps that value, never the
    // series' own. A blank venue is the series' own venue (ADR 270).
    const current = currentValues(event, known.value);
    // UK date boxes and a 24-hour time (src/http/web/uk-dates.ts); an empty box keeps the current value.
    // A refusal shows the form as it was posted, not the date as it is (ADR 254).
    const typed: MoveFormTyped = {
      date: readDateParts(body, 'date'),
      time: field('time'),
      location: field('location'),
      note: field('note'),
      clock: field('clock'),
      activities: field('activities'),
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
    // The series' venue is sent as none (null: the series' own), so a later change of the series'
    // venue reaches this date, and a venue left as it is is no move (ADR 270).
    const venue = typed.location && typed.location !== event.location ? typed.location : undefined;
    const input: Record<string, unknown> = { status: 'moved', note: typed.note, ...(venue === undefined ? {} : { location: venue }) };
    const original = originalWhen(event, recurrenceId);
    // In the hour the autumn change repeats, the form's "which 01:30" picks the instant (ADR 270).
    input.start = original.allDay
      ? date
      : startWithClock(
          date,
          time || DateTime.fromISO(original.startsAt, { zone: event.timezone }).toFormat('HH:mm'),
          typed.clock,
          event.timezone,
        );
    if (original.allDay)
      input.end = DateTime.fromISO(date)
        .plus({ days: daysOf(original) - 1 })
        .toISODate();
    const result = validateExceptionInput(event, recurrenceId, input);
    if (!result.ok) return refuse(result.errors);
    // The form asks only when the date has activities still to come; without the question, the default (shift).
    const activities = readDateActivities(event, input, event.kind === 'campaign_week' && typed.activities ? typed.activities : undefined);
    if (!activities.ok) return refuse([activities.error]);
    // The series' check refuses (moveCollisionsInSeries asks the same); the page says it in words,
    // with the other part's dates linked.
    const moved = result.value.kind === 'moved' ? result.value.when : null;
    const clash = moved && (await seriesClashAt(store, event, recurrenceId, moved));
    if (moved && clash) return refuse([], moveClashInWords(event, moved, clash));
    // "Move" pressed with nothing changed writes nothing and says so (ADR 270).
    const outcome = moveOutcome(event, result.value);
    if (outcome === 'unchanged')
      return c.redirect(`/organise/events/${event.id}/occurrences?done=occurrence-unchanged${fromQuery(c)}`, 303);
    await putDateWithActivities(store, event, result.value, activities.value, ctx);
    // A moved date's venue cleared is the series' own again: the notice names it.
    const venueBack = !typed.location && current.location !== event.location;
    const done = outcome === 'restore' ? 'occurrence-restored' : venueBack ? 'occurrence-venue' : 'occurrence';
    // What became of the activities inside a campaign week's date is shown beside the date itself.
    return c.redirect(`/organise/events/${event.id}/occurrences?done=${done}${fromQuery(c)}`, 303);
  });

  return app;
}
