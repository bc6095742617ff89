/**
 * @module The workspace's cancel and restore pages: GET shows what will happen and who will be
 * told, POST does it (with the API's rules, in one batch) and returns to the event.
 */
import { Hono, type Context } from 'hono';
import { getEvent, getEvents } from '../db/events.js';
import { canEditEvent } from '../domain/accounts.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { validateExceptionInput } from '../domain/exception-input.js';
import { currentWhen, originalWhen } from '../domain/occurrences.js';
import type { FieldError } from '../domain/validation.js';
import { formErrors } from '../http/pages/components.js';
import { whenText } from '../http/pages/format.js';
import type { WebEnv } from '../http/web/env.js';
import { forbidden, notFoundHere } from '../http/web/organise/guard.js';
import { pageContext, render } from '../http/web/render.js';
import { readCancelRequest } from './input.js';
import { CancelDatePage, CancelEventPage, RestoreEventPage } from './pages.js';
import { cancelWithActivities, keptByRestore, liveActivitiesOf, restoreEvent } from './service.js';
import { inFormWordsOfChain, restoreEventCollisions } from '../series/index.js';
import { peopleTold } from './told.js';
import { activitiesOfWeekDate, putDateWithActivities, readDateActivities } from './week-dates.js';

const NOT_YOURS = 'Your account schedules only the events of its groups.';

async function editable(c: Context<WebEnv>): Promise<CalendarEvent | Response> {
  const event = await getEvent(c.get('deps').store, c.req.param('id')!);
  if (!event) return notFoundHere(c, 'There is no event with this id.');
  if (!canEditEvent(c.get('user'), event)) return forbidden(c, NOT_YOURS);
  return event;
}

function field(body: Record<string, unknown>, name: string): string {
  return typeof body[name] === 'string' ? (body[name] as string) : '';
}

async function showCancel(c: Context<WebEnv>, event: CalendarEvent, values: { reason: string; activities: string }, errors: FieldError[]) {
  const { store, clock } = c.get('deps');
  const activities = await liveActivitiesOf(store, event);
  return render(
    c,
    <CancelEventPage
      ctx={pageContext(c)}
      event={event}
      activities={activities}
      told={await peopleTold(store, [event.id], clock())}
      activityTold={await activityPeopleTold(store, activities, clock())}
      values={values}
      errors={formErrors(errors, { reason: 'reason', activities: 'activities' })}
    />,
    errors.length ? 400 : 200,
  );
}

/** Who a cancel page's activities have told (reminded or changed) of their dates not yet started: `peopleTold` over the activities. */
function activityPeopleTold(store: Store, activities: readonly CalendarEvent[], now: Date) {
  return peopleTold(
    store,
    activities.map((a) => a.id),
    now,
  );
}

/** The date `recurrenceId` where it is now, as a cancel confirmation names it: a moved date at its moved time, saying where it was (issue 10). */
function dateText(event: CalendarEvent, recurrenceId: string): string {
  try {
    const original = whenText(originalWhen(event, recurrenceId), event.timezone);
    const now = whenText(currentWhen(event, recurrenceId), event.timezone);
    return now === original ? original : `${now} (moved from ${original})`;
  } catch {
    return recurrenceId;
  }
}

/** The partner activities cancelled with a campaign week (`parent_outcome` cancelled_with_parent), which its restore brings back, by first start. */
async function cancelledWithIt(store: Store, event: CalendarEvent): Promise<CalendarEvent[]> {
  const withIt = (
    await store.db
      .selectFrom('events')
      .select('id')
      .where('parent_id', '=', event.id)
      .where('parent_outcome', '=', 'cancelled_with_parent')
      .orderBy('first_start')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  const byId = new Map((await getEvents(store, withIt)).map((a) => [a.id, a]));
  return withIt.map((id) => byId.get(id)).filter((a): a is CalendarEvent => a !== undefined);
}

/** Who a restore of `event` tells "Back on": people told it, or an activity that comes back with it, was cancelled (ADR 270). */
function backOnTold(store: Store, event: CalendarEvent, activities: readonly CalendarEvent[], now: Date) {
  return peopleTold(store, [event.id, ...activities.map((a) => a.id)], now, { news: 'back on' });
}

/** The restore confirmation of a cancelled event: the activities that come back with it, or that it goes ahead without its week (ADR 290), who hears "Back on", and why a restore was refused (409). */
async function showRestore(c: Context<WebEnv>, event: CalendarEvent, problem?: string) {
  const { store, clock } = c.get('deps');
  const activities = await cancelledWithIt(store, event);
  return render(
    c,
    <RestoreEventPage
      ctx={pageContext(c)}
      event={event}
      activities={activities}
      kept={await keptByRestore(store, event)}
      told={await backOnTold(store, event, activities, clock())}
      problem={problem}
    />,
    problem ? 409 : 200,
  );
}

export function cancellationPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/events/:id/cancel', async (c) => {
    const event = await editable(c);
    if (event instanceof Response) return event;
    if (event.status === 'cancelled') return c.redirect(`/organise/events/${event.id}/restore`, 303);
    return showCancel(c, event, { reason: '', activities: 'cancel' }, []);
  });

  app.post('/organise/events/:id/cancel', async (c) => {
    const { store, clock } = c.get('deps');
    const event = await editable(c);
    if (event instanceof Response) return event;
    const body = await c.req.parseBody();
    const values = { reason: field(body, 'reason'), activities: field(body, 'activities') || 'cancel' };
    const request = readCancelRequest(values);
    if (!request.ok) return showCancel(c, event, values, request.errors);
    await cancelWithActivities(store, event, request, { actor: c.get('actor'), now: clock() });
    return c.redirect(`/organise/events/${event.id}?done=cancelled`, 303);
  });

  app.get('/organise/events/:id/restore', async (c) => {
    const event = await editable(c);
    if (event instanceof Response) return event;
    if (event.status !== 'cancelled') return c.redirect(`/organise/events/${event.id}`, 303);
    return showRestore(c, event);
  });

  app.post('/organise/events/:id/restore', async (c) => {
    const { store, clock } = c.get('deps');
    const event = await editable(c);
    if (event instanceof Response) return event;
    // Refused as the API refuses it (409 on `status`, ADR 244): said on the page, with the way out.
    const [collision] = await restoreEventCollisions(store, event);
    if (collision) return showRestore(c, event, `This event ${inFormWordsOfChain(collision).message}.`);
    // Read before the restore: its notice says "will hear" only where someone was told (issue 10).
    const told = await backOnTold(store, event, await cancelledWithIt(store, event), clock());
    await restoreEvent(store, event, { actor: c.get('actor'), now: clock() });
    return c.redirect(`/organise/events/${event.id}?done=${told.count ? 'restored' : 'restored-untold'}`, 303);
  });

  const showCancelDate = async (
    c: Context<WebEnv>,
    event: CalendarEvent,
    recurrenceId: string,
    values: { reason: string; activities: string },
    errors: FieldError[],
  ) => {
    const { store, clock } = c.get('deps');
    const activities = await activitiesOfWeekDate(store, event, recurrenceId);
    return render(
      c,
      <CancelDatePage
        ctx={pageContext(c)}
        event={event}
        recurrenceId={recurrenceId}
        dateText={dateText(event, recurrenceId)}
        told={await peopleTold(store, [event.id], clock(), { occurrence: recurrenceId })}
        activities={activities}
        activityTold={await activityPeopleTold(store, activities, clock())}
        values={values}
        errors={formErrors(errors, { reason: 'reason', activities: 'activities' })}
      />,
      errors.length ? 400 : 200,
    );
  };

  app.get('/organise/events/:id/occurrences/cancel', async (c) => {
    const event = await editable(c);
    if (event instanceof Response) return event;
    const recurrenceId = c.req.query('recurrenceId') ?? '';
    const check = validateExceptionInput(event, recurrenceId, { status: 'cancelled' });
    if (!check.ok) return notFoundHere(c, 'This series has no such date.');
    return showCancelDate(c, event, check.value.recurrenceId, { reason: '', activities: 'cancel' }, []);
  });

  app.post('/organise/events/:id/occurrences/cancel', async (c) => {
    const { store, clock } = c.get('deps');
    const event = await editable(c);
    if (event instanceof Response) return event;
    const body = await c.req.parseBody();
    const recurrenceId = field(body, 'recurrenceId');
    const reason = field(body, 'reason').trim();
    const values = { reason, activities: field(body, 'activities') || 'cancel' };
    const result = validateExceptionInput(event, recurrenceId, { status: 'cancelled', note: reason });
    // The choice is read only for a campaign week: another series' page offers none.
    const activities = readDateActivities(event, { status: 'cancelled' }, event.kind === 'campaign_week' ? values.activities : undefined);
    if (!result.ok || !activities.ok) {
      const errors = result.ok ? [] : result.errors.map((e) => (e.field === 'note' ? { ...e, field: 'reason' } : e));
      if (errors.some((e) => e.field === 'recurrenceId')) return notFoundHere(c, 'This series has no such date.');
      if (!activities.ok) errors.push(activities.error);
      return showCancelDate(c, event, recurrenceId, values, errors);
    }
    await putDateWithActivities(store, event, result.value, activities.value, { actor: c.get('actor'), now: clock() });
    return c.redirect(`/organise/events/${event.id}/occurrences?done=date-cancelled`, 303);
  });

  return app;
}
