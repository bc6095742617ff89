/** @module Creating, editing and cancelling events from the workspace, with the API's own rules. */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { listAudit } from '../../../db/audit.js';
import {
  activitiesOf,
  createEvent,
  decodeEventCursor,
  encodeEventCursor,
  getEvents,
  seriesChainOf,
  pageEvents,
} from '../../../db/events.js';
import { nextOccurrencesOf } from '../../../occurrences/index.js';
import {
  editEvent,
  readSeriesEditRequest,
  sameTimeSeriesOfEdit,
  seriesPartsOf,
  type Orphan,
  type SeriesEditSummary,
  type SeriesEditRequest,
} from '../../../series/index.js';
import { canonicalRule, inFormWordsOfChain, oneOffStanding, ruleWithoutEnd } from '../../../series/chain.js';
import { sameRepeatChoice, sameRulePattern } from '../../../domain/repeat-presets.js';
import type { ChangeView, SameTimeView, SeriesChoiceView } from '../../pages/organise/event-form.js';
import { activitiesByWeekDate, duplicateMessage, duplicateSeries, liveActivitiesOf, weekOffError } from '../../../cancellations/index.js';
import { listGroups, listOrganisations } from '../../../db/directory.js';
import { eventReferenceErrors } from '../../../db/references.js';
import { canEditEvent } from '../../../domain/accounts.js';
import type { CalendarEvent, EventFields } from '../../../domain/event.js';
import { validateEventInput } from '../../../domain/event-input.js';
import { EVENT_KINDS, EVENT_STATUSES, type EventKind, type EventStatus } from '../../../domain/kinds.js';
import { dateChange, occurrencesInWindow } from '../../../domain/occurrences.js';
import { instantRange, instantRangeMs } from '../../../domain/time.js';
import type { FieldError } from '../../../domain/validation.js';
import { formErrors } from '../../pages/components.js';
import { dateRange, endDateOf, longDate, startDateOf, todayIn, whenText } from '../../pages/format.js';
import { localDateOf, parseRRule } from '../../../domain/recurrence.js';
import { checkDate, readDateParts, type DateParts } from '../uk-dates.js';
import { EventFormPage } from '../../pages/organise/event-form.js';
import { EventsListPage, ManageEventPage } from '../../pages/organise/events.js';
import type { WebEnv } from '../env.js';
import {
  emptyForm,
  eventFieldIds,
  formFromBody,
  formFromEvent,
  checkFormWhen,
  inputFromForm,
  plainEventErrors,
  type EventFormValues,
} from '../event-form.js';
import { textQuery, withQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { eventForViewer, forbidden, notFoundHere } from './guard.js';
import { reminderPanel } from './reminders.js';

const PAGE_SIZE = 50;
/** A listed date not as planned, as the event page says it: moved only when its time moved (ADR 288). */
const DATE_CHANGE_WORDS = { moved: ' (moved)', venue: ' (venue changed)', none: '' } as const;
/** Campaign weeks offered as an activity's parent. */
const CAMPAIGN_CHOICES = 150;

/** The form's lists; `parentId`, the campaign week the form holds, is offered whatever its age or state. */
async function formChoices(c: Context<WebEnv>, parentId: string) {
  const { store } = c.get('deps');
  const user = c.get('user')!;
  const [organisations, groups, campaigns] = await Promise.all([
    listOrganisations(store),
    listGroups(store),
    // The latest campaign weeks (a new activity belongs to a current campaign), plus the one already chosen.
    pageEvents(store, c.get('viewer'), {
      filter: { kinds: ['campaign_week'], statuses: ['draft', 'published'] },
      limit: CAMPAIGN_CHOICES,
      order: 'desc',
    }),
  ]);
  const ownGroups = user.role === 'admin' || user.groupIds.length === 0 ? groups : groups.filter((g) => user.groupIds.includes(g.id));
  const weeks = campaigns.events;
  // The week chosen stays chosen: an older one, or one cancelled since the page was served (the
  // refusal beside the field names it, ADR 288); never one the viewer may not see.
  if (parentId && !weeks.some((e) => e.id === parentId)) {
    const chosen = await eventForViewer(c, parentId);
    if (chosen?.kind === 'campaign_week') weeks.push(chosen);
  }
  return {
    organisations: organisations.map((o): [string, string] => [o.id, o.name]),
    groups: ownGroups.map((g): [string, string] => [g.id, g.name]),
    campaigns: weeks.map((e): [string, string] => [
      e.id,
      `${e.title} (${campaignSpan(e)})${e.status === 'cancelled' ? ', cancelled' : ''}`,
    ]),
  };
}

/**
 * A campaign week's dates as its choice on the form names them, so that two parts of a split series,
 * which share a title, read apart (ADR 285): a one-off's days ("17–21 October 2022"); a series'
 * first day to its UNTIL day ("6 February – 4 June 2027"), or its first day and COUNT ("from
 * Saturday 6 February 2027, 6 times"), or its first day alone when it has no end.
 */
function campaignSpan(event: CalendarEvent): string {
  const first = startDateOf(event.when, event.timezone);
  if (!event.rrule) return dateRange(first, endDateOf(event.when, event.timezone));
  const parsed = parseRRule(event.rrule);
  const until = parsed.ok ? parsed.rule.until : undefined;
  if (until) return dateRange(first, 'date' in until ? until.date : localDateOf(Date.parse(until.instant), event.timezone));
  const count = parsed.ok ? parsed.rule.count : undefined;
  return `from ${longDate(first)}${count ? `, ${count} ${count === 1 ? 'time' : 'times'}` : ''}`;
}

async function showForm(
  c: Context<WebEnv>,
  opts: {
    heading: string;
    action: string;
    values: EventFormValues;
    errors: FieldError[];
    cancelHref: string;
    series?: SeriesChoiceView;
    change?: ChangeView;
    sameTime?: SameTimeView;
  },
  status: 200 | 400 | 409 | 422 = 200,
) {
  return render(
    c,
    <EventFormPage
      ctx={pageContext(c)}
      heading={opts.heading}
      action={opts.action}
      values={opts.values}
      errors={formErrors(opts.errors, eventFieldIds(opts.values))}
      cancelHref={opts.cancelHref}
      series={opts.series}
      change={opts.change}
      sameTime={opts.sameTime}
      {...await formChoices(c, opts.values.parentId)}
    />,
    status,
  );
}

/**
 * The form's values checked by the API's rules, the references, the user's groups and the week an
 * activity is put under. `current`: the event edited (none for a new one); `following`: it again
 * when the edit is "this and following".
 */
async function checkForm(c: Context<WebEnv>, values: EventFormValues, current?: CalendarEvent, following?: CalendarEvent) {
  const selfId = current?.id;
  const when = checkFormWhen(values);
  const errors: FieldError[] = [...when.errors];
  const input = inputFromForm(values, when) as Record<string, unknown>;
  // The repeat choice the form showed for `event`'s rule, posted as shown (not typed as a custom rule).
  const showsRuleOf = (event: CalendarEvent & { rrule: string }) =>
    !values.rrule &&
    typeof input.rrule === 'string' &&
    sameRulePattern(input.rrule, when.start, event.rrule, seriesStartDate(event)) &&
    sameRepeatChoice(input.rrule, when.start, event.rrule, seriesStartDate(event), event.timezone);
  // A repeat choice the form showed for the stored rule, saved as shown (the same pattern, last date,
  // number of times and months left out), is the stored rule, spelt as it was: the form's own spelling
  // (`FREQ=WEEKLY` for `FREQ=WEEKLY;BYDAY=WE`, `UNTIL=20270401` for the instant 00:59 BST on 1 April)
  // would otherwise read as a new rule, end a day later or be refused at a later part (ADR 290).
  if (current?.rrule && !following && showsRuleOf({ ...current, rrule: current.rrule })) input.rrule = current.rrule;
  // "This and following" with the series' own rule (the form always sends it): read without its
  // end, as the API reads it when no rule is sent, so a change from the last date is no refusal (ADR 211).
  // The form may post a rule it showed as a repeat choice in its own spelling (an UNTIL date for an
  // UNTIL instant): the same choice with the same pattern is the same rule (ADR 233). A choice worked
  // out from a new start may give a new pattern (the third Wednesday, not the fourth): that is a new
  // rule, as "all dates" reads it; and a rule typed by hand is taken as typed (ADR 269).
  const sameRule =
    following?.rrule &&
    typeof input.rrule === 'string' &&
    (canonicalRule(input.rrule) === canonicalRule(following.rrule) || showsRuleOf({ ...following, rrule: following.rrule }));
  const checked = validateEventInput(sameRule ? { ...input, rrule: ruleWithoutEnd(following.rrule) } : input);
  const result = checked.ok && sameRule ? { ...checked, value: { ...checked.value, rrule: following.rrule } } : checked;
  // The form's own findings about a field come first, and are the ones shown.
  if (!result.ok) return { errors: [...errors, ...plainEventErrors(result.errors, values)], fields: null };
  if (errors.length) return { errors, fields: null };
  errors.push(...(await eventReferenceErrors(c.get('deps').store, result.value, selfId)));
  if (!canEditEvent(c.get('user'), result.value)) {
    errors.push({ field: 'groupId', message: 'must be one of your groups: your account schedules only their events' });
  }
  // The API's own check, with its words (ADRs 284, 288): an activity put under a week that is off
  // on its day. The form lists no cancelled week, but a page served before the week (or that date
  // of a repeating week) was cancelled still offers it.
  if (!errors.length) {
    const weekOff = await weekOffError(c.get('deps').store, result.value, current ?? null);
    if (weekOff) errors.push(weekOff);
  }
  return { errors, fields: errors.length ? null : result.value };
}

/** A series' first date as its form shows it (UK date). */
function seriesStartDate(event: CalendarEvent): string {
  return event.when.allDay ? event.when.startDate : DateTime.fromISO(event.when.startsAt, { zone: event.timezone }).toISODate()!;
}

/**
 * Where "Only the date chosen below" goes: the dates page from the chosen date's UK day (ADR 259's
 * `from`), at that date (`#o-…`), with `move` naming it (its RECURRENCE-ID) and the venue and time
 * typed on the edit form (when changed from the series') and the reason, for its move form.
 */
function oneDateForm(event: CalendarEvent, values: EventFormValues, choice: { from: string; reason: string }): string {
  const list = `/organise/events/${event.id}/occurrences`;
  const day = /^\d{4}-\d{2}-\d{2}/.test(choice.from)
    ? choice.from.length === 10
      ? choice.from
      : DateTime.fromISO(choice.from, { zone: event.timezone }).toISODate()
    : null;
  if (!day) return list;
  const own = formFromEvent(event);
  const query = new URLSearchParams({ from: day, move: choice.from });
  if (values.location !== own.location) query.set('location', values.location);
  if (values.startTime && values.startTime !== own.startTime) query.set('time', values.startTime);
  if (choice.reason) query.set('note', choice.reason);
  return `${list}?${query.toString()}#o-${choice.from.replace(/[^0-9A-Za-z]/g, '')}`;
}

/** The edit form's fields in words, for what "Only the date chosen below" cannot carry to the date's move form. */
const FIELDS_ONE_DATE_CANNOT_TAKE: [keyof EventFormValues, string][] = [
  ['title', 'title'],
  ['kind', 'kind'],
  ['description', 'description'],
  ['startDate', 'start date'],
  ['endDate', 'end date'],
  ['repeat', 'repeat'],
  ['repeatUntil', 'repeat'],
  ['repeatCount', 'repeat'],
  ['exceptMonths', 'repeat'],
  ['rrule', 'repeat'],
  ['themes', 'themes'],
  ['tags', 'tags'],
  ['organisationId', 'organisation'],
  ['groupId', 'group'],
  ['parentId', 'campaign week'],
  ['visibility', 'who can see it'],
  ['status', 'status'],
  ['links', 'links'],
];

/**
 * The fields of the edit form changed from the series' own (`formFromEvent`) that one date's move
 * form cannot take (it takes the start time and venue), in words, each once; [] when none.
 */
function changesOneDateCannotTake(event: CalendarEvent, values: EventFormValues): string[] {
  const own = formFromEvent(event);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changed = FIELDS_ONE_DATE_CANNOT_TAKE.filter(([key]) => !same(values[key], own[key])).map(([, words]) => words);
  // The move form keeps the date's length: a new end time is carried when it keeps it (18:30–20:30 for 18:00–20:00).
  const minutes = (time: string) => (/^\d{1,2}:\d{2}$/.test(time) ? Number(time.split(':')[0]) * 60 + Number(time.split(':')[1]) : NaN);
  const length = (start: string, end: string) => minutes(end) - minutes(start);
  if (values.endTime !== own.endTime && length(values.startTime, values.endTime) !== length(own.startTime, own.endTime))
    changed.push('end time (one date keeps its length)');
  return [...new Set(changed)];
}

/** The notice (`done`) the event page shows after an edit of `current` to `fields` that did `summary`. */
function editDone(current: CalendarEvent, fields: EventFields, summary: SeriesEditSummary): string {
  const { mode, allBecameFollowing, activities } = summary;
  if (current.rrule && !fields.rrule && (mode === 'in-place' || mode === 'split')) return mode === 'split' ? 'one-date-split' : 'one-date';
  if (mode === 'split') return allBecameFollowing ? 'split-all' : 'split';
  if (mode === 'updated')
    return activities && (activities.shifted.length || activities.cancelled.length) ? `week-moved-${activities.choice}` : 'saved';
  return mode;
}

/** "title", "title and tags", "title, tags and links". */
function listInWords(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The date of `event` (a series) planned on the UK day typed in the "Or a later date" boxes: its
 * RECURRENCE-ID (the original date, wherever it was moved), or an error on `fromDate` when the boxes
 * are no real date or the series has no date that day. Null when the boxes are empty.
 */
function seriesDateOn(
  event: CalendarEvent,
  typed: DateParts,
): { ok: true; recurrenceId: string } | { ok: false; error: FieldError } | null {
  const checked = checkDate(typed);
  if (!checked.ok) return checked.empty ? null : { ok: false, error: { field: 'fromDate', message: checked.message } };
  const day = DateTime.fromISO(checked.iso, { zone: event.timezone });
  const [date] = occurrencesInWindow({ ...event, exceptions: [] }, { from: day, to: day.plus({ days: 1 }) });
  if (date?.recurrenceId) return { ok: true, recurrenceId: date.recurrenceId };
  return { ok: false, error: { field: 'fromDate', message: `is not a date of this series: ${longDate(checked.iso)} has none` } };
}

/** A one-off's own date in the form an occurrence key takes: its UTC start, or its UK date when all-day. */
function ownRecurrenceId(event: CalendarEvent): string {
  return event.when.allDay ? event.when.startDate : event.when.startsAt;
}

/** The most upcoming dates offered as the start of a "this and following" change. */
const FROM_CHOICES = 26;

/** "Which dates?" for the edit form of a series: its upcoming dates, the choice made, dates to keep or drop. */
/**
 * The form's own words for a "Which dates?" choice the API reader refused (only a tampered or stale
 * form gets there: the form offers the choices): the field is named as the form names it, not as
 * the API's `"dates": "following"`. Other fields keep their message.
 */
const SERIES_FORM_WORDS: Record<string, string> = {
  dates: 'Choose which dates to change',
  from: 'Choose the first date to change',
};
function inFormWords(error: FieldError): FieldError {
  const words = SERIES_FORM_WORDS[error.field];
  return words ? { field: error.field, message: words } : error;
}

/**
 * An edit's refusal as the form says it: no API link (inFormWordsOfChain), and the moved dates with no
 * place in the new pattern asked about with the form's own radios, not the API's `"keep"` / `"drop"`
 * (ADR 269). Dates in the messages are worded by the page (errorText).
 */
function editErrorInFormWords(error: FieldError): FieldError {
  if (error.field === 'orphans')
    return {
      field: 'orphans',
      // A meeting with a published agenda or minutes is asked about as a moved date is (ADR 296).
      message: /with a published agenda or minutes/.test(error.message)
        ? 'Choose whether to keep or drop the dates the new pattern has no place for (listed below: a meeting whose agenda or minutes are published stays only if you keep it), and save again'
        : `Choose whether to keep or drop the moved ${/^needs a choice: a moved date has/.test(error.message) ? 'date' : 'dates'} the new pattern has no place for (listed below), and save again`,
    };
  return inFormWordsOfChain(error);
}

async function seriesChoice(
  c: Context<WebEnv>,
  event: CalendarEvent,
  choice: { dates: string; from: string; orphanChoice: string; fromDate?: DateParts },
  orphans: Orphan[] | null = null,
): Promise<SeriesChoiceView | undefined> {
  // A one-off that no series continues has nothing to choose (below); a one-off part of a split
  // series asks, the first part included (ADRs 175, 200).
  // The later parts an edit of all or following dates reaches (ADR 124), said before saving.
  const chain = (await seriesChainOf(c.get('deps').store, event.id)).later;
  const later = await getEvents(c.get('deps').store, chain);
  const parts = later
    .sort((a, b) => chain.indexOf(a.id) - chain.indexOf(b.id))
    // Every part of the series, one-off parts included (ADR 128); a moved date kept as a one-off is not a part.
    .filter((e) => e.continuesSeries && e.status !== 'cancelled');
  const continuations = parts.map((e) => ({ title: e.title, from: whenText(e.when), href: `/organise/events/${e.id}` }));
  if (!event.rrule) {
    if (oneOffStanding(event, later) !== 'continued') return undefined;
    const startOf = (e: CalendarEvent) => instantRangeMs(e.when, e.timezone).start;
    return {
      continuations,
      // This date moved past dates of a later part: "following" leaves those earlier dates alone (ADR 264).
      laterPartsBefore: parts.some((e) => startOf(e) < startOf(event)),
      oneOffPart: whenText(event.when),
      dates: choice.dates === 'following' ? 'following' : 'one',
      from: '',
      fromOptions: [],
      orphans: null,
      orphanChoice: '',
    };
  }
  const now = DateTime.fromJSDate(c.get('deps').clock(), { zone: 'UTC' });
  const upcoming = await nextOccurrencesOf(c.get('deps').store, event, now, FROM_CHOICES);
  const fromOptions = upcoming
    .filter((o) => o.recurrenceId)
    .map((o): [string, string] => [o.recurrenceId!, `${whenText(o.when)}${DATE_CHANGE_WORDS[dateChange(event, o) ?? 'none']}`]);
  return {
    continuations,
    dates: choice.dates,
    from: choice.from || fromOptions[0]?.[0] || '',
    fromOptions,
    fromDate: choice.fromDate,
    orphans: orphans
      ? orphans
          .filter((o) => o.kind === 'moved' || o.kind === 'papers')
          .map((o): [string, string] => [
            o.recurrenceId,
            `${whenText(o.when)} at ${o.location || 'no venue'}${o.kind === 'papers' ? ', whose agenda or minutes are published' : ''}`,
          ])
      : null,
    orphansWithPapers: orphans?.some((o) => o.kind === 'papers') ?? false,
    orphanChoice: choice.orphanChoice,
  };
}

/**
 * The edit form's reason, and a campaign week's activities still on with what they do if it moves:
 * all of a one-off week's (ADR 120), those inside a date of a repeating week (ADR 271).
 */
async function changeView(c: Context<WebEnv>, event: CalendarEvent, choice: { reason: string; activities: string }): Promise<ChangeView> {
  const { store, clock } = c.get('deps');
  const activities = event.rrule
    ? [...(await activitiesByWeekDate(store, event, clock())).values()]
        .flat()
        .sort((a, b) => instantRangeMs(a.when, a.timezone).start - instantRangeMs(b.when, b.timezone).start)
    : await liveActivitiesOf(store, event);
  return {
    reason: choice.reason,
    activities: activities.length
      ? {
          list: activities.map((a): [string, string] => [a.id, `${a.title} (${whenText(a.when)})`]),
          choice: choice.activities || 'shift',
          repeating: Boolean(event.rrule),
        }
      : null,
  };
}

/**
 * The same-group-same-time warning for the form (ADR 98): one sentence per series of the group at
 * that day and time the organiser has not yet saved past, for a new series, or for an edit
 * (`edit`) the dates it adds (sameTimeSeriesOfEdit). "Save anyway" posts `allowSameTime` with the
 * ids of the series warned of, and every later page of the form carries them (ADR 285), so an
 * answer given once holds through the form's next question, and only for those series. The old
 * value "yes" (a page served before) saves past any.
 */
async function sameTimeWarnings(
  c: Context<WebEnv>,
  body: Record<string, unknown>,
  fields: EventFields,
  edit?: { current: CalendarEvent; request: SeriesEditRequest },
): Promise<SameTimeView> {
  const { store, clock } = c.get('deps');
  const view = savedPastSameTime(body, Boolean(edit));
  if (view.allowed.includes('yes')) return view;
  const same = edit ? await sameTimeSeriesOfEdit(store, edit.current, fields, edit.request, clock()) : await duplicateSeries(store, fields);
  const warned = same.filter((d) => !view.allowed.includes(d.id));
  return {
    ...view,
    messages: warned.map((d) => duplicateMessage(d, fields.timezone, edit ? 'edit' : 'add')),
    ids: warned.map((d) => d.id),
  };
}

/** The series the organiser chose "Save anyway" for on an earlier page of this form (posted `allowSameTime`), no warning yet. */
function savedPastSameTime(body: Record<string, unknown>, editing: boolean): SameTimeView {
  const posted = [body.allowSameTime].flat().filter((v): v is string => typeof v === 'string');
  const allowed = [...new Set(posted.flatMap((v) => v.split(/\s+/)))].filter((id) => /^[0-9A-Za-z-]{1,64}$/.test(id));
  return { messages: [], ids: [], allowed, editing };
}

async function loadEvent(c: Context<WebEnv>): Promise<CalendarEvent | null> {
  return eventForViewer(c, c.req.param('id'));
}

export function eventPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/events', async (c) => {
    const { store } = c.get('deps');
    const q = textQuery(c, 'q', 200);
    const kind = textQuery(c, 'kind');
    const status = textQuery(c, 'status');
    const page = await pageEvents(store, c.get('viewer'), {
      filter: {
        text: q || undefined,
        kinds: (EVENT_KINDS as readonly string[]).includes(kind) ? [kind as EventKind] : undefined,
        statuses: (EVENT_STATUSES as readonly string[]).includes(status) ? [status as EventStatus] : ['draft', 'published'],
      },
      limit: PAGE_SIZE,
      after: decodeEventCursor(c.req.query('after')),
      before: decodeEventCursor(c.req.query('before')),
      // Latest first: organisers mostly work on what is coming up or was just added.
      order: 'desc',
    });
    return render(
      c,
      <EventsListPage
        ctx={pageContext(c)}
        events={page.events}
        q={q}
        kind={kind}
        status={status}
        page={{
          previous: page.previous ? withQuery(c, { before: encodeEventCursor(page.previous), after: null, page: null }) : null,
          next: page.next ? withQuery(c, { after: encodeEventCursor(page.next), before: null, page: null }) : null,
        }}
        today={todayIn(c.get('deps').clock()).toISODate()!}
      />,
    );
  });

  app.get('/organise/events/new', async (c) => {
    const kind = textQuery(c, 'kind');
    let values = emptyForm((EVENT_KINDS as readonly string[]).includes(kind) ? kind : 'campaign_week');
    const from = c.req.query('from');
    const source = from ? await eventForViewer(c, from) : null;
    if (source) values = { ...formFromEvent(source), status: 'draft' };
    const parent = c.req.query('parent');
    const campaign = parent ? await eventForViewer(c, parent) : null;
    if (campaign) {
      // A partner activity starts with its campaign week's themes, so theme feeds and reminders include it.
      const inherited = formFromEvent(campaign);
      values = { ...values, kind: 'activity', parentId: campaign.id, themes: inherited.themes, tags: inherited.tags };
    }
    return showForm(c, { heading: 'New event', action: '/organise/events/new', values, errors: [], cancelHref: '/organise' });
  });

  app.post('/organise/events/new', async (c) => {
    const { store, clock } = c.get('deps');
    const body = await c.req.parseBody({ all: true });
    const values = formFromBody(body);
    const { errors, fields } = await checkForm(c, values);
    const heard = savedPastSameTime(body, false);
    if (!fields)
      return showForm(
        c,
        { heading: 'New event', action: '/organise/events/new', values, errors, cancelHref: '/organise', sameTime: heard },
        400,
      );
    const sameTime = await sameTimeWarnings(c, body, fields);
    if (sameTime.messages.length)
      return showForm(
        c,
        { heading: 'New event', action: '/organise/events/new', values, errors: [], cancelHref: '/organise', sameTime },
        409,
      );
    const event = await createEvent(store, fields, { actor: c.get('actor'), now: clock() });
    return c.redirect(`/organise/events/${event.id}?done=created`, 303);
  });

  app.get('/organise/events/:id', async (c) => {
    const { store } = c.get('deps');
    const event = await loadEvent(c);
    if (!event) return notFoundHere(c, 'There is no event with this id.');
    // One history for a split series: the entries of every part of its chain, however many splits.
    const { earlier, continues, ids: chain } = await seriesPartsOf(store, event.id);
    const entries = (
      await listAudit(store, { entity: 'event', entityIds: [event.id, ...chain.earlier, ...chain.later], limit: 50, offset: 0 })
    ).entries;
    const now = DateTime.fromJSDate(c.get('deps').clock());
    // A meeting's last two dates and next three, each with its workspace (one event, a bounded window).
    const around =
      event.kind === 'meeting' ? occurrencesInWindow(event, { from: now.minus({ months: 13 }), to: now.plus({ months: 13 }) }) : [];
    const past = around.filter((o) => instantRange(o.when, event.timezone).start < now);
    const meetingDates = [...past.slice(-2), ...around.slice(past.length, past.length + 3)].map((o) => ({
      key: { eventId: event.id, occurrence: o.recurrenceId ?? '' },
      when: o.when,
    }));
    return render(
      c,
      <ManageEventPage
        meetingDates={meetingDates}
        ctx={pageContext(c)}
        event={event}
        done={textQuery(c, 'done')}
        canEdit={canEditEvent(c.get('user'), event)}
        history={entries}
        series={{ earlier, continues }}
        reminders={await reminderPanel(c, event)}
        today={todayIn(c.get('deps').clock()).toISODate()!}
      />,
    );
  });

  app.get('/organise/events/:id/edit', async (c) => {
    const event = await loadEvent(c);
    if (!event) return notFoundHere(c, 'There is no event with this id.');
    if (!canEditEvent(c.get('user'), event)) return forbidden(c, 'Your account schedules only the events of its groups.');
    const action = `/organise/events/${event.id}/edit`;
    return showForm(c, {
      heading: `Edit: ${event.title}`,
      action,
      values: formFromEvent(event),
      errors: [],
      cancelHref: `/organise/events/${event.id}`,
      series: await seriesChoice(c, event, { dates: 'all', from: textQuery(c, 'from'), orphanChoice: '' }),
      change: await changeView(c, event, { reason: '', activities: '' }),
    });
  });

  app.post('/organise/events/:id/edit', async (c) => {
    const { store, clock } = c.get('deps');
    const current = await loadEvent(c);
    if (!current) return notFoundHere(c, 'There is no event with this id.');
    if (!canEditEvent(c.get('user'), current)) return forbidden(c, 'Your account schedules only the events of its groups.');
    if (current.status === 'cancelled') return c.redirect(`/organise/events/${current.id}/restore`, 303);
    const body = await c.req.parseBody({ all: true });
    const values = formFromBody(body);
    const pick = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const choice = {
      dates: pick('dates') || 'all',
      from: pick('from'),
      reason: pick('reason'),
      orphanChoice: pick('orphans'),
      activities: current.kind === 'campaign_week' ? pick('activities') : '',
      fromDate: readDateParts(body, 'fromDate'),
    };
    // A later date typed instead of one listed: the series' date on that UK day (ADR 269).
    const typedFrom = current.rrule && choice.dates !== 'all' ? seriesDateOn(current, choice.fromDate) : null;
    if (typedFrom?.ok) choice.from = typedFrom.recurrenceId;
    // "Only this date" is the per-date move or cancel form: the page of dates holding the chosen date,
    // its move form open with the venue, time and reason typed here (ADR 269).
    // What it cannot carry (a new title, the series' days) is not dropped without a word: the form says so.
    const dropped = current.rrule && choice.dates === 'one' ? changesOneDateCannotTake(current, values) : [];
    if (current.rrule && choice.dates === 'one' && typedFrom?.ok !== false && !dropped.length)
      return c.redirect(oneDateForm(current, values, choice), 303);
    const { errors, fields } = await checkForm(c, values, current, choice.dates === 'following' ? current : undefined);
    if (fields && current.kind === 'campaign_week' && fields.kind !== 'campaign_week') {
      const children = await activitiesOf(store, [current.id], c.get('viewer'));
      if (children.get(current.id)?.length)
        errors.push({ field: 'kind', message: 'cannot change: the campaign week has partner activities; move them first' });
    }
    // Each answer given on an earlier page of this form is carried to the next (ADR 285).
    const again = async (
      errs: FieldError[],
      status: 400 | 409 | 422,
      orphans: Orphan[] | null = null,
      sameTime: SameTimeView = savedPastSameTime(body, true),
    ) =>
      showForm(
        c,
        {
          heading: `Edit: ${current.title}`,
          action: `/organise/events/${current.id}/edit`,
          values,
          errors: errs,
          cancelHref: `/organise/events/${current.id}`,
          series: await seriesChoice(c, current, choice, orphans),
          change: await changeView(c, current, choice),
          sameTime,
        },
        status,
      );
    if (dropped.length)
      return again(
        [
          {
            field: 'dates',
            message: `cannot take your change to the ${listInWords(dropped)}: one date changes only its start time, venue and note. Choose “All dates” or “This and following dates” for it, or put it back`,
          },
        ],
        400,
      );
    // A one-off: "this date only" sends no `dates` (a part's later dates stay, ADR 175); "following" starts at its own date.
    const series = readSeriesEditRequest({
      ...(current.rrule
        ? { dates: choice.dates }
        : choice.dates === 'following'
          ? { dates: 'following', from: ownRecurrenceId(current) }
          : {}),
      ...(current.rrule && choice.dates === 'following' ? { from: choice.from } : {}),
      ...(choice.orphanChoice ? { orphans: choice.orphanChoice } : {}),
      reason: choice.reason,
      ...(choice.activities ? { activities: choice.activities } : {}),
    });
    if (!series.ok) errors.push(...series.errors.map(inFormWords));
    if (typedFrom && !typedFrom.ok) errors.push(typedFrom.error);
    if (!fields || errors.length || !series.ok) return again(errors, 400);
    const sameTime = await sameTimeWarnings(c, body, fields, { current, request: series.request });
    if (sameTime.messages.length) return again([], 409, null, sameTime);
    const edited = await editEvent(store, current, fields, series.request, { actor: c.get('actor'), now: clock() });
    if (!edited.ok) return again(edited.errors.map(editErrorInFormWords), edited.status, edited.orphans ?? null);
    return c.redirect(`/organise/events/${edited.summary.eventId}?done=${editDone(current, fields, edited.summary)}`, 303);
  });

  return app;
}
