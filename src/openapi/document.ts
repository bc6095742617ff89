/**
 * @module The OpenAPI 3.1 description of the whole JSON API (served at /api/openapi.json). The
 * routes validate by hand (src/domain/*-input.ts), so this document is written, not generated,
 * and a test keeps it true (docs/decisions.md): it validates the document with an OpenAPI
 * validator, calls every operation through the real app on SQLite and checks each answer against
 * the schema here, and fails for any /api route the document does not describe. An endpoint added
 * without its description fails that test on purpose.
 */

import { EDITABLE_FIELDS } from '../domain/event-input.js';
import { CAPACITY_SCHEMA, GROUP_MEETING_INPUT, MEETING_SCHEMAS, meetingPaths, PUBLIC_ATTENDANCE_SCHEMA } from './meetings.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const nullableStr: Schema = { type: ['string', 'null'] };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: str };
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), extra = false): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: extra,
});
const list = (name: string, items: Schema, more: Record<string, Schema> = {}): Schema =>
  obj({ [name]: { type: 'array', items }, ...more }, [name, ...Object.keys(more)]);

const json = (schema: Schema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: str } } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const noContent = { description: 'Done; no content' };
/** A browser (Accept: text/html) following an older /api/email/… link is sent to the page at /email/…. */
const toPage = {
  description: 'A browser is sent to the page at /email/… (same token)',
  headers: { Location: { description: 'The page', schema: str } },
};

const E400 = error('Bad input: each error names the field and says why');
const E401 = error('No token, or one that is not valid (organiser operations)');
const E404 = error('No such record, or one the caller may not see');
const E409 = error('Conflict with the current state');

const organiser = [{ bearer: [] }];
const open = [{}, { bearer: [] }];

const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: str });
const query = (name: string, description: string, schema: Schema = str) => ({ name, in: 'query', required: false, description, schema });
const body = (schema: Schema, description = 'JSON body') => ({ required: true, description, content: { 'application/json': { schema } } });

const LIST_FILTERS = [
  query('from', 'A date (inclusive) or a date-time'),
  query('to', 'A date (inclusive) or a date-time'),
  query('kind', 'campaign_week, activity, meeting, training, deadline (comma-separated)'),
  query('theme', 'Strategy codes V1…C2 or tags (comma-separated)'),
  query('group', 'Group ids or slugs'),
  query('organisation', 'Organisation ids'),
  query('visibility', 'public, partners, group, confidential'),
  query('status', 'draft, published, cancelled'),
  query('parent', 'Campaign week ids'),
  query('q', 'Words in title, description or location'),
];
/** Keyset paging: follow page.next / page.previous, which carry these. */
const CURSORS = [
  query('limit', 'Page size', int),
  query('after', 'Position after which the page starts (from page.next)', str),
  query('before', 'Position before which the page ends (from page.previous)', str),
];
const PAGING = [...CURSORS, query('offset', 'With from/to: events to skip (at most 10,000)', int)];

const EVENT_INPUT_PROPS: Record<(typeof EDITABLE_FIELDS)[number], Schema> = {
  kind: { enum: ['campaign_week', 'activity', 'meeting', 'training', 'deadline'] },
  title: str,
  description: str,
  location: str,
  links: { type: 'array', items: obj({ title: str, url: str }, ['url']) },
  allDay: { type: ['boolean', 'null'] },
  start: { type: 'string', description: 'UK local time (2022-09-21T18:00), a date for all-day, or an instant with offset' },
  end: { type: ['string', 'null'], description: 'All-day: the last day, inclusive' },
  timezone: { const: 'Europe/London' },
  rrule: { type: ['string', 'null'], description: 'RFC 5545 RRULE value: DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL, BYDAY…' },
  themes: strings,
  organisationId: nullableStr,
  groupId: nullableStr,
  parentId: nullableStr,
  visibility: { enum: ['public', 'partners', 'group', 'confidential'] },
  status: { enum: ['draft', 'published'] },
};

const CHOICES: Record<string, Schema> = {
  kind: EVENT_INPUT_PROPS.kind!,
  themes: { oneOf: [strings, str] },
  organisationId: nullableStr,
  groupId: nullableStr,
  visibility: EVENT_INPUT_PROPS.visibility!,
  status: EVENT_INPUT_PROPS.status!,
};

const LEAD_TIMES: Schema = { type: 'array', items: { type: 'string', pattern: '^\\d+[hdw]$' } };

const SYNCED_FEED: Record<string, Schema> = {
  id: str,
  url: str,
  label: str,
  choices: ref('ImportChoices'),
  intervalMinutes: int,
  nextRunAt: str,
  lastRunAt: nullableStr,
  lastSuccessAt: nullableStr,
  lastError: nullableStr,
  failures: int,
  createdAt: str,
};

const schemas: Record<string, Schema> = {
  Error: obj({
    error: ref('FieldError'),
    errors: { type: 'array', items: ref('FieldError'), minItems: 1 },
  }),
  FieldError: obj({ field: str, message: str }),
  Event: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'url', ...EDITABLE_FIELDS, 'exceptions', 'sequence', 'createdAt', 'updatedAt', 'cancelledAt'],
    properties: {
      id: str,
      url: str,
      ...EVENT_INPUT_PROPS,
      allDay: bool,
      end: str,
      status: { enum: ['draft', 'published', 'cancelled'] },
      exceptions: {
        type: 'array',
        items: obj(
          {
            recurrenceId: str,
            status: { enum: ['moved', 'cancelled'] },
            allDay: bool,
            start: {
              type: 'string',
              description:
                'Where a moved date is now; on a cancelled date that had been moved, where it was moved (a restore brings it back there)',
            },
            end: str,
            location: nullableStr,
            note: str,
          },
          ['recurrenceId', 'status', 'location', 'note'],
        ),
      },
      sequence: int,
      createdAt: str,
      updatedAt: str,
      cancelledAt: nullableStr,
      cancelReason: {
        type: 'string',
        description: 'The organiser’s reason for cancelling, quoted in the “Cancelled” e-mails; empty when none',
      },
      changeReason: {
        type: 'string',
        description: 'The organiser’s reason for the last change, quoted in the “Changed” e-mails; empty when none',
      },
      parentOutcome: {
        enum: ['cancelled_with_parent', 'kept', null],
        description:
          'A partner activity whose campaign week is cancelled: cancelled with it (restored with it) or kept going; null otherwise',
      },
      splitFrom: nullableStr,
      continuesAs: strings,
      series: ref('SeriesEdit'),
      activities: {
        type: 'array',
        items: obj({
          id: str,
          kind: str,
          title: str,
          location: str,
          status: str,
          parentOutcome: {
            enum: ['cancelled_with_parent', 'kept', null],
            description: 'As on the activity itself: cancelled with this week (restored with it), kept going, or null',
          },
          allDay: bool,
          start: str,
          end: str,
        }),
      },
    },
  },
  SameTimeWarning: {
    type: 'object',
    additionalProperties: false,
    required: ['error', 'errors', 'warning', 'override', 'series'],
    properties: {
      error: ref('FieldError'),
      errors: { type: 'array', items: ref('FieldError'), minItems: 1 },
      warning: { const: 'same-group-same-time' },
      override: { const: 'allowSameTime=true', description: 'Repeat the request with this query parameter to add the series anyway' },
      series: { type: 'array', items: obj({ id: str, title: str, start: str }) },
    },
  },
  EventInput: { type: 'object', properties: EVENT_INPUT_PROPS, required: ['kind', 'title', 'start'] },
  Orphan: obj(
    { recurrenceId: str, status: { enum: ['moved', 'cancelled', 'papers'] }, allDay: bool, start: str, end: str, location: str },
    ['recurrenceId', 'status', 'allDay', 'start', 'end', 'location'],
  ),
  SeriesEdit: obj({
    change: { enum: ['unchanged', 'updated', 'in-place', 'split'] },
    from: nullableStr,
    allBecameFollowing: bool,
    earlierDates: nullableStr,
    keptAsOneOffs: strings,
    orphans: { type: 'array', items: ref('Orphan') },
    continuations: {
      type: 'array',
      description: 'Later parts of the series (after earlier splits) the edit also changed, in date order',
      items: obj({ eventId: str, title: str, from: { type: 'string', description: 'The part’s first date (UK local date)' } }),
    },
    activities: {
      oneOf: [
        obj({
          days: {
            type: 'integer',
            description:
              'Whole days the week’s first day moved (negative: earlier); 0 for a series edit, whose dates each move by their own days',
          },
          choice: { enum: ['shift', 'cancel', 'keep'] },
          shifted: strings,
          cancelled: strings,
          kept: strings,
        }),
        { type: 'null' },
      ],
      description:
        'A campaign week whose dates moved: the ids of its activities shifted, cancelled or left on their dates (those of a date a new pattern drops: cancelled or kept)',
    },
    message: str,
  }),
  SeriesEditProblem: obj(
    {
      error: ref('FieldError'),
      errors: { type: 'array', items: ref('FieldError'), minItems: 1 },
      orphans: { type: 'array', items: ref('Orphan') },
    },
    ['error', 'errors'],
  ),
  Page: obj({ limit: int, next: nullableStr, previous: nullableStr }),
  Occurrence: obj({
    eventId: str,
    recurrenceId: nullableStr,
    kind: str,
    title: str,
    status: str,
    visibility: str,
    groupId: nullableStr,
    organisationId: nullableStr,
    parentId: nullableStr,
    themes: strings,
    location: str,
    moved: bool,
    timezone: str,
    allDay: bool,
    start: str,
    end: str,
  }),
  Organisation: obj({ id: str, name: str, kind: str, website: nullableStr, email: nullableStr, createdAt: str, updatedAt: str }),
  Group: obj({
    id: str,
    slug: str,
    name: str,
    description: str,
    organisationId: nullableStr,
    organiserEmail: nullableStr,
    quorum: { type: ['string', 'null'], description: 'Voting members needed: a number ("3") or a fraction ("1/3")' },
    publicAttendance: PUBLIC_ATTENDANCE_SCHEMA,
    createdAt: str,
    updatedAt: str,
  }),
  Member: {
    type: 'object',
    required: ['personId', 'email', 'role', 'capacity'],
    properties: { personId: str, email: str, role: str, capacity: CAPACITY_SCHEMA, displayName: nullableStr, organisationId: nullableStr },
  },
  ...MEETING_SCHEMAS,
  LeadTimes: obj({ leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] }, effective: LEAD_TIMES, defaults: { type: 'object' } }),
  Delivery: {
    type: 'object',
    required: ['id', 'kind', 'rule', 'occurrence', 'recipient', 'status', 'dueAt', 'attempts'],
    properties: {
      id: str,
      eventId: nullableStr,
      kind: str,
      rule: str,
      occurrence: str,
      recipient: str,
      status: str,
      dueAt: str,
      attempts: int,
      sentAt: nullableStr,
      messageId: nullableStr,
      lastError: nullableStr,
    },
  },
  KeptEmail: {
    type: 'object',
    required: ['id', 'messageId', 'from', 'to', 'subject', 'createdAt'],
    properties: {
      id: str,
      messageId: str,
      from: str,
      to: strings,
      subject: str,
      createdAt: str,
      text: str,
      html: str,
      headers: { type: 'object' },
      calendar: { type: ['object', 'null'] },
    },
  },
  Preferences: {
    type: 'object',
    required: ['email', 'paused', 'unsubscribedFromAll', 'groups', 'subscriptions', 'defaults'],
    properties: {
      email: str,
      paused: bool,
      unsubscribedFromAll: bool,
      groups: { type: 'array', items: obj({ id: str, name: str, topic: str, subscribed: bool }) },
      subscriptions: {
        type: 'array',
        items: obj({ topic: str, leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] }, paused: bool, subscribed: bool }),
      },
      defaults: { type: 'object' },
    },
  },
  FeedSubscription: {
    type: 'object',
    required: ['id', 'label', 'createdAt'],
    properties: {
      id: str,
      label: str,
      organisationId: nullableStr,
      email: nullableStr,
      createdBy: str,
      createdAt: str,
      lastUsedAt: nullableStr,
      revokedAt: nullableStr,
    },
  },
  ImportChoices: obj({ kind: str, themes: strings, organisationId: nullableStr, groupId: nullableStr, visibility: str, status: str }),
  ImportCounts: obj({ create: int, update: int, cancel: int, unchanged: int, skip: int, remove: int }),
  ImportPreview: obj({
    id: str,
    source: obj({ kind: { enum: ['file', 'url'] }, label: str }),
    choices: ref('ImportChoices'),
    createdAt: str,
    appliedAt: nullableStr,
    applyUrl: str,
    calendarName: nullableStr,
    fileProblems: strings,
    counts: { oneOf: [ref('ImportCounts'), { type: 'null' }] },
    items: {
      type: 'array',
      items: obj({
        line: int,
        uid: nullableStr,
        title: str,
        when: str,
        action: { enum: ['create', 'update', 'cancel', 'unchanged', 'skip'] },
        reason: str,
        problems: strings,
        exceptions: int,
        eventId: nullableStr,
      }),
    },
    removals: { type: 'array', items: obj({ eventId: str, uid: str, title: str }) },
  }),
  SyncedFeed: obj(SYNCED_FEED),
  SyncedFeedWithRuns: obj({ ...SYNCED_FEED, runs: { type: 'array', items: ref('SyncRun') } }),
  SyncRun: obj({
    id: str,
    startedAt: str,
    finishedAt: str,
    outcome: { enum: ['changed', 'unchanged', 'not-modified', 'failed'] },
    httpStatus: { type: ['integer', 'null'] },
    created: int,
    updated: int,
    cancelled: int,
    unchanged: int,
    skipped: int,
    problems: strings,
    error: nullableStr,
  }),
};

const idPath = path('id', 'The record id');
const tokenPath = path('token', 'The signed token from the email');

/** "Which dates?" on an edit of a series (src/series; README, Events API). */
const SERIES_EDIT_PROPS: Record<string, Schema> = {
  dates: {
    enum: ['all', 'following'],
    description:
      'all (default): every date; once a date has passed this acts as following from the next date. following: from the date `from` on. One date only: PUT /api/events/{id}/occurrences/{recurrenceId}. On a one-off part of a split series that later parts continue (continuesSeries, or the first part a split left with one date): left out, the edit changes that date alone; following (with `from` its own date) changes it and the later parts; all is a 422 naming `dates` (ADRs 175, 200).',
  },
  from: {
    type: 'string',
    description:
      'Only with following: the RECURRENCE-ID of the first date to change (UTC, or UK local time like 2026-10-21T18:00; a date for an all-day series; years 1900–2200, else 400). Sent with dates "all" (or no dates) it is a 400 naming `from`, not ignored.',
  },
  orphans: {
    enum: ['keep', 'drop'],
    description:
      'Moved dates, and meeting dates with a published agenda or minutes (orphan status `papers`, ADR 296), the new pattern has no place for: keep each as a one-off event, or drop it',
  },
  reason: {
    type: 'string',
    maxLength: 500,
    description:
      'Why it changed: quoted as “Reason: …” in the “Changed” e-mails to people already reminded, and told to people whose date no longer takes place',
  },
  activities: {
    enum: ['shift', 'cancel', 'keep'],
    default: 'shift',
    description:
      'A campaign week whose dates move: its partner activities still to come move by the same number of days as their date (shift; for a series, each date by its own), are cancelled (cancel), or stay on their dates (keep); those of a date a new pattern drops are cancelled, or kept going with keep (ADRs 120, 271). Only for a campaign week.',
  },
};
const SERIES_EDIT_RESPONSES = {
  200: json(ref('Event'), 'The event now holding the dates changed, with `series` saying what the edit did'),
  400: E400,
  401: E401,
  404: E404,
  409: json(
    ref('SeriesEditProblem'),
    'Moved dates, or meeting dates with a published agenda or minutes, have no place in the new pattern (listed in `orphans`, the message naming each such meeting by its UK date): say `orphans`; or the event is cancelled',
  ),
  422: json(
    ref('SeriesEditProblem'),
    '`from` is not a date of the series or has passed, or every date has passed; or (`dates`) a later part of the series cannot take the change (a time, length or venue of its own, or a change of rule or day); or `parentId` puts an activity under a campaign week that is cancelled',
  ),
};

/** An edit's 409: the series-edit problem (dates with no place, a cancelled event) or the same-time warning. */
const SERIES_EDIT_409 = {
  description:
    'Moved dates have no place in the new pattern (say `orphans`), the new time, day or rule (or a one-off part’s new date) would give two dates of the series, in any of its parts, one start (`start` or `rrule`: the message names the date and the part), the event is cancelled, or the group already has a series on the same day and time (repeat with ?allowSameTime=true)',
  content: { 'application/json': { schema: { oneOf: [ref('SeriesEditProblem'), ref('SameTimeWarning')] } } },
};

function op(
  summary: string,
  opts: { security?: unknown[]; parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown>; tags: string[] },
) {
  return {
    summary,
    security: opts.security ?? open,
    parameters: opts.parameters,
    requestBody: opts.requestBody,
    responses: opts.responses,
    tags: opts.tags,
  };
}

/** GET and PUT of the reminder lead times of an event or of a group's meetings. */
function leadTimeOps(of: string) {
  return {
    get: op(`Lead times of ${of}`, {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(ref('LeadTimes')), 401: E401, 404: E404 },
    }),
    put: op('Set them (null for the default)', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath],
      requestBody: body(obj({ leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] } })),
      responses: { 200: json(ref('LeadTimes')), 400: E400, 401: E401, 404: E404 },
    }),
  };
}

const SAME_TIME = {
  description:
    'The group already has a series on the same day and time (a warning: repeat with ?allowSameTime=true to go ahead), or a conflict with the event’s state',
  content: { 'application/json': { schema: { oneOf: [ref('SameTimeWarning'), ref('Error')] } } },
};
const allowSameTime = query(
  'allowSameTime',
  'true: add a second series of a group on the same day and time as another (after the 409 warning)',
);

const paths: Record<string, Record<string, unknown>> = {
  '/api/events': {
    get: op('Events by when they first start (with from/to: by their first occurrence in the window), a page at a time', {
      tags: ['Events'],
      parameters: [...LIST_FILTERS, ...PAGING],
      responses: { 200: json(list('events', ref('Event'), { page: ref('Page') })), 400: E400, 401: E401 },
    }),
    post: op('Create an event', {
      tags: ['Events'],
      security: organiser,
      parameters: [allowSameTime],
      requestBody: body(ref('EventInput')),
      responses: {
        201: json(ref('Event'), 'Created'),
        400: E400,
        401: E401,
        409: SAME_TIME,
        422: error('`parentId` names a campaign week that is cancelled: restore the week first'),
      },
    }),
  },
  '/api/events.csv': {
    get: op('Events as CSV (the filters of GET /api/events; formulas neutralised)', {
      tags: ['Events'],
      parameters: LIST_FILTERS,
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: str } } }, 400: E400, 401: E401 },
    }),
  },
  '/api/occurrences': {
    get: op('Dated occurrences in a window (series expanded)', {
      tags: ['Events'],
      parameters: [...LIST_FILTERS, ...CURSORS],
      responses: {
        200: json(obj({ from: str, to: str, occurrences: { type: 'array', items: ref('Occurrence') }, page: ref('Page') })),
        400: E400,
        401: E401,
      },
    }),
  },
  '/api/events/{id}': {
    get: op('One event', { tags: ['Events'], parameters: [idPath], responses: { 200: json(ref('Event')), 401: E401, 404: E404 } }),
    patch: op('Change some fields (a series: of which dates, see `dates`)', {
      tags: ['Events'],
      security: organiser,
      parameters: [idPath, allowSameTime],
      requestBody: body({ type: 'object', properties: { ...EVENT_INPUT_PROPS, ...SERIES_EDIT_PROPS } }),
      responses: { ...SERIES_EDIT_RESPONSES, 409: SERIES_EDIT_409 },
    }),
    put: op('Replace all fields (a series: of which dates, see `dates`)', {
      tags: ['Events'],
      security: organiser,
      parameters: [idPath, allowSameTime],
      requestBody: body({ ...ref('EventInput'), properties: SERIES_EDIT_PROPS }),
      responses: { ...SERIES_EDIT_RESPONSES, 409: SERIES_EDIT_409 },
    }),
  },
  '/api/events/{id}/cancel': {
    post: op('Cancel an event (people reminded of it get a “Cancelled” e-mail quoting the reason)', {
      tags: ['Events'],
      security: organiser,
      parameters: [idPath],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: obj(
              {
                reason: { type: 'string', maxLength: 500, description: 'Quoted in the “Cancelled” e-mails' },
                activities: {
                  enum: ['cancel', 'keep'],
                  default: 'cancel',
                  description:
                    'A campaign week’s partner activities: cancelled with the week (restored with it), or kept going; refused (422) for any other event',
                },
              },
              [],
            ),
          },
        },
      },
      responses: {
        200: json(ref('Event')),
        400: E400,
        401: E401,
        404: E404,
        422: error('`activities` sent for an event that is not a campaign week (it has no activities); nothing is cancelled'),
      },
    }),
  },
  '/api/events/{id}/restore': {
    post: op(
      'Restore a cancelled event (people told “Cancelled” hear “Back on”; a week brings back the activities cancelled with it; a partner activity restored alone while its week, or the week’s date on its day, is cancelled goes ahead without it: `parentOutcome` “kept”)',
      {
        tags: ['Events'],
        security: organiser,
        parameters: [idPath],
        responses: {
          200: json(ref('Event')),
          400: E400,
          401: E401,
          404: E404,
          409: error(
            'The event is not cancelled, or one of its dates would start with another date of its series, in any part, taken or moved there since it was cancelled (`status`; nothing is written)',
          ),
        },
      },
    ),
  },
  '/api/events/{id}/occurrences/{recurrenceId}': {
    put: op(
      'Move, relocate or cancel one occurrence of a series (not onto another occurrence’s start, in any part of a split series; a cancellation’s note is its reason)',
      {
        tags: ['Events'],
        security: organiser,
        parameters: [idPath, path('recurrenceId', 'The occurrence’s original start (RECURRENCE-ID)')],
        requestBody: body({
          type: 'object',
          properties: {
            start: str,
            end: str,
            location: nullableStr,
            status: { enum: ['moved', 'cancelled'] },
            note: str,
            activities: {
              enum: ['shift', 'cancel', 'keep'],
              description:
                'For a campaign week, its partner activities inside this date. With status cancelled: cancelled with it (cancel, the default; people reminded of them are told “Cancelled” with the note; DELETE of the date brings them back) or kept going (keep); shift is a 400 (ADR 210). With a move to another day: those still to come move by the same number of days, wall-clock time kept (shift, the default; one “Changed”; DELETE of the date moves back those not changed since), are cancelled (cancel) or stay on their dates (keep) (ADR 271). Refused (422) for any other event; another value is a 400',
            },
          },
        }),
        responses: {
          200: json(ref('Event')),
          400: E400,
          401: E401,
          404: E404,
          422: error('`activities` sent for a series that is not a campaign week; nothing is changed'),
        },
      },
    ),
    delete: op(
      'Restore that occurrence (people told “Cancelled” hear “Back on”; a campaign week’s date brings back the activities cancelled with it, or moves back those its move shifted)',
      {
        tags: ['Events'],
        security: organiser,
        parameters: [
          idPath,
          path(
            'recurrenceId',
            'The occurrence’s original start (RECURRENCE-ID), read and checked as PUT checks it: no date of the series is a 400 naming recurrenceId with the nearest dates; a date with nothing moved or cancelled is a 404',
          ),
        ],
        responses: {
          200: json(ref('Event')),
          400: E400,
          401: E401,
          404: E404,
          409: error(
            'another date of the series (in any part of a split series) was moved to this date’s own start since: restoring it would give two dates one start; nothing is changed (ADR 242)',
          ),
        },
      },
    ),
  },
  '/api/organisations': {
    get: op('Partner organisations', {
      tags: ['Directory'],
      responses: { 200: json(list('organisations', ref('Organisation'))), 401: E401 },
    }),
    post: op('Add an organisation', {
      tags: ['Directory'],
      security: organiser,
      requestBody: body(obj({ name: str, kind: str, website: nullableStr, email: nullableStr }, ['name'])),
      responses: { 201: json(ref('Organisation'), 'Created'), 400: E400, 401: E401, 409: E409 },
    }),
  },
  '/api/organisations/{id}': {
    get: op('One organisation', {
      tags: ['Directory'],
      parameters: [idPath],
      responses: { 200: json(ref('Organisation')), 401: E401, 404: E404 },
    }),
    patch: op('Change an organisation', {
      tags: ['Directory'],
      security: organiser,
      parameters: [idPath],
      requestBody: body(obj({ name: str, kind: str, website: nullableStr, email: nullableStr }, [])),
      responses: { 200: json(ref('Organisation')), 400: E400, 401: E401, 404: E404, 409: E409 },
    }),
    delete: op('Delete an unused organisation', {
      tags: ['Directory'],
      security: organiser,
      parameters: [idPath],
      responses: { 204: noContent, 401: E401, 404: E404, 409: E409 },
    }),
  },
  '/api/groups': {
    get: op('Groups', { tags: ['Directory'], responses: { 200: json(list('groups', ref('Group'))), 401: E401 } }),
    post: op('Add a group', {
      tags: ['Directory'],
      security: organiser,
      requestBody: body(
        obj({ slug: str, name: str, description: str, organisationId: nullableStr, organiserEmail: nullableStr, ...GROUP_MEETING_INPUT }, [
          'slug',
          'name',
        ]),
      ),
      responses: { 201: json(ref('Group'), 'Created'), 400: E400, 401: E401, 409: E409 },
    }),
  },
  '/api/groups/{id}': {
    get: op('One group (by id or slug)', {
      tags: ['Directory'],
      parameters: [idPath],
      responses: { 200: json(ref('Group')), 401: E401, 404: E404 },
    }),
    patch: op('Change a group', {
      tags: ['Directory'],
      security: organiser,
      parameters: [idPath],
      requestBody: body(
        obj(
          { slug: str, name: str, description: str, organisationId: nullableStr, organiserEmail: nullableStr, ...GROUP_MEETING_INPUT },
          [],
        ),
      ),
      responses: { 200: json(ref('Group')), 400: E400, 401: E401, 404: E404, 409: E409 },
    }),
  },
  '/api/groups/{id}/members': {
    get: op('Members of a group', {
      tags: ['Directory'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(list('members', ref('Member'))), 401: E401, 404: E404 },
    }),
    post: op('Add or update a member', {
      tags: ['Directory'],
      security: organiser,
      parameters: [idPath],
      requestBody: body(
        obj({ email: str, role: str, capacity: CAPACITY_SCHEMA, displayName: nullableStr, organisationId: nullableStr }, ['email', 'role']),
      ),
      responses: { 201: json(ref('Member'), 'Added'), 400: E400, 401: E401, 404: E404 },
    }),
  },
  '/api/groups/{id}/members/{personId}': {
    delete: op('Remove a member', {
      tags: ['Directory'],
      security: organiser,
      parameters: [idPath, path('personId', 'The member’s person id')],
      responses: { 204: noContent, 401: E401, 404: E404 },
    }),
  },
  '/api/vocabulary': {
    get: op('Kinds, themes, visibilities, statuses, organisation kinds', {
      tags: ['Directory'],
      responses: {
        200: json(
          obj({
            kinds: { type: 'array', items: obj({ id: str, label: str }) },
            themes: { type: 'array', items: obj({ code: str, label: str }) },
            visibilities: strings,
            statuses: strings,
            organisationKinds: strings,
          }),
        ),
        401: E401,
      },
    }),
  },
  '/api/audit': {
    get: op('The audit log: who changed what', {
      tags: ['Directory'],
      security: organiser,
      parameters: [query('entity', 'event, organisation, group, …'), query('entityId', 'One record'), ...PAGING],
      responses: {
        200: json(
          obj({
            entries: {
              type: 'array',
              items: obj({ id: str, at: str, actor: str, action: str, entity: str, entityId: str, changes: { type: 'object' } }),
            },
            page: obj({ limit: int, offset: int, total: int }),
          }),
        ),
        400: E400,
        401: E401,
      },
    }),
  },
  '/api/email/unsubscribe/{token}': {
    get: op('From an email: whom the link unsubscribes, and from what (topics; "*" is everything)', {
      tags: ['Email links'],
      parameters: [tokenPath],
      responses: { 200: json(obj({ email: str, topics: strings })), 303: toPage, 404: E404 },
    }),
    post: op('Unsubscribe (also RFC 8058 one-click; a form field scope=all stops everything)', {
      tags: ['Email links'],
      parameters: [tokenPath],
      responses: { 200: json(obj({ unsubscribed: bool, email: str, topics: strings }), 'Unsubscribed'), 404: E404 },
    }),
  },
  '/api/email/preferences/{token}': {
    get: op('From an email: the person’s reminders', {
      tags: ['Email links'],
      parameters: [tokenPath],
      responses: { 200: json(ref('Preferences')), 303: toPage, 404: E404 },
    }),
    patch: op('Change them', {
      tags: ['Email links'],
      parameters: [tokenPath],
      requestBody: body({
        type: 'object',
        properties: {
          paused: bool,
          subscriptions: {
            type: 'array',
            items: obj({ topic: str, subscribed: bool, leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] } }, ['topic']),
          },
        },
      }),
      responses: { 200: json(ref('Preferences')), 400: E400, 404: E404 },
    }),
  },
  '/api/email/apologies/{token}': {
    get: op('From a meeting reminder: the meeting apologies would be sent for (its UK date and time in words)', {
      tags: ['Email links'],
      parameters: [tokenPath],
      responses: {
        200: json(obj({ event: str, title: str, occurrence: str, when: str, location: nullableStr, alreadySent: bool })),
        303: toPage,
        404: E404,
        409: E409,
      },
    }),
    post: op('Send apologies', {
      tags: ['Email links'],
      parameters: [tokenPath],
      requestBody: { required: false, content: { 'application/json': { schema: obj({ note: str }, []) } } },
      responses: {
        200: json(obj({ recorded: bool, first: bool, event: str, occurrence: str }), 'Already recorded (the new note is sent)'),
        201: json(obj({ recorded: bool, first: bool, event: str, occurrence: str }), 'Recorded'),
        400: E400,
        404: E404,
        409: E409,
      },
    }),
  },
  '/api/email/subscribe': {
    post: op('Ask for reminders of a kind, a theme or the digest (a confirmation email is sent)', {
      tags: ['Email links'],
      requestBody: body(obj({ email: str, topic: str })),
      responses: {
        202: json(obj({ email: str, topic: str, status: str }), 'Confirmation sent'),
        400: E400,
        503: error('The confirmation email could not be sent'),
      },
    }),
  },
  '/api/email/confirm/{token}': {
    get: op('From the confirmation email: the address and the topics it would start', {
      tags: ['Email links'],
      parameters: [tokenPath],
      responses: { 200: json(obj({ email: str, topics: strings })), 303: toPage, 404: E404 },
    }),
    post: op('Confirm', {
      tags: ['Email links'],
      parameters: [tokenPath],
      responses: { 200: json(obj({ email: str, topics: strings, subscribed: bool }), 'Subscribed'), 404: E404 },
    }),
  },
  '/api/subscriptions': {
    get: op('Reminder subscriptions', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [query('email', 'One person'), query('topic', 'One topic'), ...PAGING],
      responses: {
        200: json(
          obj({
            subscriptions: {
              type: 'array',
              items: obj({
                id: str,
                email: str,
                topic: str,
                leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] },
                paused: bool,
                subscribed: bool,
                updatedAt: str,
              }),
            },
            page: obj({ limit: int, offset: int }),
          }),
        ),
        400: E400,
        401: E401,
      },
    }),
    post: op('Subscribe someone', {
      tags: ['Reminders'],
      security: organiser,
      requestBody: body(obj({ email: str, topic: str, leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] } }, ['email', 'topic'])),
      responses: {
        201: json(
          obj({ personId: str, email: str, topic: str, leadTimes: { oneOf: [LEAD_TIMES, { type: 'null' }] }, subscribed: bool }),
          'Subscribed',
        ),
        400: E400,
        401: E401,
      },
    }),
  },
  '/api/subscriptions/{id}': {
    delete: op('End a subscription', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath],
      responses: { 204: noContent, 401: E401, 404: E404 },
    }),
  },
  '/api/events/{id}/reminders': leadTimeOps('an event'),
  '/api/groups/{id}/reminders': leadTimeOps('a group’s meetings'),
  '/api/events/{id}/deliveries': {
    get: op('The delivery log of an event', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath, ...PAGING],
      responses: {
        200: json(obj({ deliveries: { type: 'array', items: ref('Delivery') }, page: obj({ limit: int, offset: int }) })),
        401: E401,
        404: E404,
      },
    }),
  },
  '/api/events/{id}/apologies': {
    get: op('Apologies sent for an event’s occurrences', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath],
      responses: {
        200: json(
          obj({
            apologies: {
              type: 'array',
              items: obj({
                occurrence: str,
                email: str,
                displayName: nullableStr,
                name: { ...nullableStr, description: 'The member’s name, else their role in the group' },
                meetingStart: { ...str, description: 'The meeting’s start as a UTC instant' },
                note: str,
                at: str,
              }),
            },
          }),
        ),
        401: E401,
        404: E404,
      },
    }),
  },
  '/api/deliveries': {
    get: op('Deliveries by status, with counts', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [query('status', 'pending, sending, sent, failed, skipped, cancelled'), ...PAGING],
      responses: {
        200: json(
          obj({
            counts: { type: 'object', additionalProperties: int },
            deliveries: { type: 'array', items: ref('Delivery') },
            page: obj({ limit: int, offset: int }),
          }),
        ),
        400: E400,
        401: E401,
      },
    }),
  },
  '/api/deliveries/{id}/retry': {
    post: op('Send a failed delivery again', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(obj({ id: str, status: { const: 'pending' } })), 401: E401, 404: E404, 409: E409 },
    }),
  },
  '/api/outbox': {
    get: op('Emails kept by the built-in outbox', {
      tags: ['Reminders'],
      security: organiser,
      parameters: PAGING,
      responses: {
        200: json(obj({ emails: { type: 'array', items: ref('KeptEmail') }, page: obj({ limit: int, offset: int, total: int }) })),
        400: E400,
        401: E401,
      },
    }),
  },
  '/api/outbox/{id}': {
    get: op('One kept email, with its text, HTML and calendar part', {
      tags: ['Reminders'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(ref('KeptEmail')), 401: E401, 404: E404 },
    }),
  },
  '/api/feed-subscriptions': {
    get: op('Private feed addresses (tokens are never shown again)', {
      tags: ['Feeds'],
      security: organiser,
      responses: { 200: json(list('subscriptions', ref('FeedSubscription'))), 401: E401 },
    }),
    post: op('Create a private feed for a partner or a member', {
      tags: ['Feeds'],
      security: organiser,
      requestBody: body(obj({ partner: str, email: str, label: str }, [])),
      responses: {
        201: json(
          {
            allOf: [
              ref('FeedSubscription'),
              {
                type: 'object',
                required: ['token', 'feedUrl', 'webcalUrl', 'subscribePage'],
                properties: { token: str, feedUrl: str, webcalUrl: str, subscribePage: str },
              },
            ],
          },
          'Created (the token is shown once)',
        ),
        400: E400,
        401: E401,
      },
    }),
  },
  '/api/feed-subscriptions/{id}': {
    delete: op('Revoke a private feed', {
      tags: ['Feeds'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(ref('FeedSubscription')), 401: E401, 404: E404 },
    }),
  },
  '/api/imports': {
    post: op('Preview an iCalendar import: a file (multipart) or an address (JSON)', {
      tags: ['Import and sync'],
      security: organiser,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file', 'kind'],
              properties: { file: { type: 'string', contentMediaType: 'text/calendar' }, ...CHOICES },
            },
          },
          'application/json': { schema: { type: 'object', required: ['url', 'kind'], properties: { url: str, ...CHOICES } } },
        },
      },
      responses: { 201: json(ref('ImportPreview'), 'Kept and previewed'), 400: E400, 401: E401 },
    }),
  },
  '/api/imports/{id}': {
    get: op('The preview again, against the calendar as it is now', {
      tags: ['Import and sync'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(ref('ImportPreview')), 400: E400, 401: E401, 404: E404 },
    }),
  },
  '/api/imports/{id}/apply': {
    post: op('Apply an import in one batch (a second apply changes nothing)', {
      tags: ['Import and sync'],
      security: organiser,
      parameters: [idPath],
      responses: {
        200: json(obj({ id: str, applied: bool, alreadyApplied: bool, counts: ref('ImportCounts') })),
        400: E400,
        401: E401,
        404: E404,
        409: E409,
      },
    }),
  },
  '/api/synced-feeds': {
    get: op('Partners’ calendars the calendar follows', {
      tags: ['Import and sync'],
      security: organiser,
      responses: { 200: json(list('feeds', ref('SyncedFeed'))), 401: E401 },
    }),
    post: op('Follow a partner’s public calendar', {
      tags: ['Import and sync'],
      security: organiser,
      requestBody: body({
        type: 'object',
        required: ['url', 'kind'],
        properties: { url: str, label: str, intervalMinutes: int, ...CHOICES },
      }),
      responses: { 201: json(ref('SyncedFeed'), 'Followed'), 400: E400, 401: E401, 409: E409 },
    }),
  },
  '/api/synced-feeds/{id}': {
    get: op('One followed calendar with its recent runs', {
      tags: ['Import and sync'],
      security: organiser,
      parameters: [idPath, query('runs', 'How many runs', int)],
      responses: {
        200: json(ref('SyncedFeedWithRuns')),
        400: E400,
        401: E401,
        404: E404,
      },
    }),
    delete: op('Stop following (its events stay)', {
      tags: ['Import and sync'],
      security: organiser,
      parameters: [idPath],
      responses: { 204: noContent, 401: E401, 404: E404 },
    }),
  },
  '/api/synced-feeds/{id}/run': {
    post: op('Check a followed calendar now', {
      tags: ['Import and sync'],
      security: organiser,
      parameters: [idPath],
      responses: { 200: json(ref('SyncRun')), 401: E401, 404: E404, 409: E409 },
    }),
  },
  ...meetingPaths(),
  '/api/openapi.json': {
    get: op('This document', {
      tags: ['About'],
      security: [{}],
      responses: { 200: json({ type: 'object', required: ['openapi', 'paths'] }) },
    }),
  },
  '/api/docs': {
    get: op('This document as a readable page', {
      tags: ['About'],
      security: [{}],
      responses: { 200: html('The page (Redoc, served from this service)') },
    }),
  },
};

/** The OpenAPI 3.1 document, with the service's own address as its server. */
export function openApiDocument(publicUrl: string, partnershipName: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${partnershipName} calendar API`,
      version: '1.0.0',
      description:
        'The shared calendar of a community safety partnership: events, the directory, meetings, reminders, imports and synced feeds. ' +
        'Reading is open (an anonymous caller sees published public events); changing anything needs an organiser token ' +
        '(`Authorization: Bearer <token>`). Every refusal names the field and the reason. Feeds (iCalendar, RSS, Atom, JSON Feed) ' +
        'live outside /api and are described in the README.',
    },
    servers: [{ url: publicUrl }],
    tags: ['Events', 'Directory', 'Meetings', 'Reminders', 'Email links', 'Feeds', 'Import and sync', 'About'].map((name) => ({ name })),
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'npm run cli -- token create <name>' } },
    },
    paths,
  };
}
