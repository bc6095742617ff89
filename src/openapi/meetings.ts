/**
 * @module The meetings part of the OpenAPI document (src/openapi/document.ts): a meeting's record
 * (agenda, papers, attendance and quorum, minutes, actions) and its operations. Every meeting
 * operation has two addresses, `/api/meetings/{eventId}` for a one-off meeting and
 * `/api/meetings/{eventId}/{occurrence}` for one date of a series (docs/decisions.md, 50), so the
 * paths are written once here and given both forms.
 */
import { CAPACITIES, PUBLIC_ATTENDANCE } from '../meetings/capacity.js';
import { ACTION_STATUSES, ATTENDANCE_STATUSES } from '../meetings/meeting.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const nullableStr: Schema = { type: ['string', 'null'] };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), extra = false): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: extra,
});
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

export const CAPACITY_SCHEMA: Schema = { enum: [...CAPACITIES], description: 'voting, co-opted (no vote), observer or officer' };
export const PUBLIC_ATTENDANCE_SCHEMA: Schema = { enum: [...PUBLIC_ATTENDANCE], description: 'What the public sees of attendance' };
/** The group fields meetings added (POST and PATCH /api/groups). */
export const GROUP_MEETING_INPUT: Record<string, Schema> = {
  quorum: { type: ['string', 'null'], description: 'A number ("3") or a fraction of voting members ("1/3"); null for none' },
  publicAttendance: PUBLIC_ATTENDANCE_SCHEMA,
};

const ref_ = obj({ eventId: str, occurrence: str, title: str, start: str, url: str });

export const MEETING_SCHEMAS: Record<string, Schema> = {
  MeetingDocument: obj({
    id: str,
    agendaItemId: nullableStr,
    purpose: { enum: ['paper', 'minutes'] },
    title: str,
    url: str,
    file: { oneOf: [{ type: 'null' }, obj({ name: nullableStr, mediaType: nullableStr, size: { type: ['integer', 'null'] } })] },
  }),
  AgendaItem: obj({
    id: str,
    number: int,
    title: str,
    lead: str,
    description: str,
    exempt: bool,
    exemptReason: str,
    minutes: str,
    documents: arrayOf(ref('MeetingDocument')),
  }),
  Action: obj({
    id: str,
    meeting: obj({ eventId: str, occurrence: str, url: str }),
    agendaItemId: nullableStr,
    itemNumber: { type: ['integer', 'null'] },
    description: str,
    ownerPersonId: nullableStr,
    owner: str,
    dueDate: { type: 'string', description: 'UK local date' },
    status: { enum: [...ACTION_STATUSES] },
    completedAt: nullableStr,
    deadlineEventId: nullableStr,
  }),
  Meeting: obj(
    {
      eventId: str,
      occurrence: { type: 'string', description: 'RECURRENCE-ID as a UTC instant (or a date), or "" for a one-off meeting' },
      url: str,
      api: str,
      access: { enum: ['organiser', 'member', 'public'] },
      title: str,
      group: { oneOf: [{ type: 'null' }, obj({ id: str, slug: str, name: str })] },
      allDay: bool,
      start: str,
      end: str,
      location: str,
      cancelled: bool,
      agenda: obj({
        published: bool,
        publishedAt: nullableStr,
        items: {
          oneOf: [
            { type: 'null' },
            arrayOf({
              oneOf: [
                ref('AgendaItem'),
                obj({ id: str, number: int, exempt: { const: true }, exemptReason: str, withheld: { const: true } }),
              ],
            }),
          ],
          description: 'Null until the agenda is published (for the public); exempt items withheld from the public',
        },
      }),
      documents: arrayOf(ref('MeetingDocument')),
      attendance: {
        oneOf: [
          obj({
            mode: { const: 'names' },
            entries: arrayOf(
              obj(
                {
                  personId: str,
                  name: str,
                  role: str,
                  organisation: nullableStr,
                  capacity: CAPACITY_SCHEMA,
                  status: { enum: [...ATTENDANCE_STATUSES, null] },
                  source: nullableStr,
                  substitute: str,
                  note: str,
                },
                ['name', 'role', 'capacity', 'status', 'substitute'],
              ),
            ),
            othersPresent: str,
          }),
          obj({ mode: { const: 'counts' }, counts: { type: 'object' } }),
          obj({ mode: { const: 'none' } }),
        ],
      },
      quorum: obj({
        rule: nullableStr,
        votingMembers: int,
        needed: { type: ['integer', 'null'] },
        counted: int,
        phase: { enum: ['expected', 'recorded'] },
        met: { type: ['boolean', 'null'] },
      }),
      minutes: {
        oneOf: [
          { type: 'null' },
          obj({
            status: { enum: ['none', 'draft', 'ready', 'approved'] },
            readyAt: nullableStr,
            approvedAt: nullableStr,
            approvedBy: { oneOf: [{ type: 'null' }, ref_] },
            documents: arrayOf(ref('MeetingDocument')),
          }),
        ],
        description: 'Organisers and members: the draft; the public: only once approved',
      },
      approves: arrayOf(ref_),
      actions: arrayOf(ref('Action')),
      mattersArising: arrayOf(ref('Action')),
    },
    undefined,
    true,
  ),
};

const json = (schema: Schema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const csv = { description: 'CSV (UTF-8 with a byte order mark; formulas guarded)', content: { 'text/csv': { schema: str } } };
const E400 = error('Bad input: each error names the field and says why');
const E401 = error('No token, or one that is not valid (organiser operations)');
const E404 = error('No such meeting, record or group, or one the caller may not see');
const E409 = error('Conflict with the meeting’s current state');
const organiser = [{ bearer: [] }];
const open = [{}, { bearer: [] }];
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: str });
const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const idPath = path('id', 'The record id');
const yearQuery = { name: 'year', in: 'query', required: false, description: 'A year (UK time); default this year', schema: int };

function op(
  summary: string,
  opts: { security?: unknown[]; parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> },
) {
  return { summary, tags: ['Meetings'], security: opts.security ?? organiser, ...opts };
}

const ITEM_INPUT = obj({ title: str, lead: str, description: str, exempt: bool, exemptReason: str }, ['title']);
const LINK_INPUT = obj({ title: str, url: str, purpose: { enum: ['paper', 'minutes'] } }, ['title', 'url']);
const DOCUMENT_BODY = {
  required: true,
  content: {
    'application/json': { schema: LINK_INPUT },
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', description: 'PDF, DOCX or ODT, at most 20 MB (checked by content)' },
          title: str,
          purpose: str,
        },
      },
    },
  },
};
const ACTION_INPUT = obj(
  {
    description: str,
    agendaItemId: nullableStr,
    ownerPersonId: { type: ['string', 'null'], description: 'A member of the group; or give owner' },
    owner: { type: 'string', description: 'A role or organisation' },
    dueDate: { type: 'string', description: 'UK local date, e.g. 2019-07-18' },
    status: { enum: [...ACTION_STATUSES] },
  },
  ['description', 'dueDate'],
);

const MOVED = (status: 302 | 307) => ({
  description:
    status === 302
      ? 'The address names a date a series edit has re-dated (an earlier part’s id, or any key the date had): Location is the same path at the date’s address now (ADR 296)'
      : 'The address names a date a series edit has re-dated: nothing is written; Location is the same path at the date’s address now, where a client that follows it re-sends the same method and body (ADR 296)',
  headers: { Location: { description: 'The same path under the date’s address now', schema: str } },
  content: { 'application/json': { schema: ref('Error') } },
});

/** A dated meeting operation answering an old address of its date: GET with 302, a write with 307 (ADR 296). */
function withOldAddress(method: string, operation: Record<string, unknown>): Record<string, unknown> {
  const responses = operation.responses as Record<string, unknown>;
  const status = method === 'get' ? 302 : 307;
  return { ...operation, responses: { ...responses, [status]: MOVED(status) } };
}

/** The operations under one meeting address (its path parameters passed in). */
function meetingOps(params: unknown[]): Record<string, Record<string, unknown>> {
  const at = (rest: Omit<Parameters<typeof op>[1], 'parameters'>) => ({ ...rest, parameters: params });
  return {
    '': {
      get: op('A meeting: agenda, papers, attendance and quorum, minutes, actions, matters arising (what the caller may see)', {
        ...at({ security: open, responses: { 200: json(ref('Meeting')), 404: E404 } }),
      }),
    },
    '/items': {
      post: op('Add an agenda item (numbered last)', {
        ...at({ requestBody: body(ITEM_INPUT), responses: { 201: json(ref('AgendaItem'), 'Added'), 400: E400, 401: E401, 404: E404 } }),
      }),
    },
    '/documents': {
      post: op('Add a paper for the whole meeting: a link (JSON) or a file (multipart)', {
        ...at({ requestBody: DOCUMENT_BODY, responses: { 201: json(ref('MeetingDocument'), 'Added'), 400: E400, 401: E401, 404: E404 } }),
      }),
    },
    '/agenda/publish': {
      post: op('Publish the agenda (members are e-mailed it)', {
        ...at({
          responses: { 200: json(obj({ emailed: int, meeting: ref('Meeting') })), 401: E401, 404: E404, 409: E409 },
        }),
      }),
    },
    '/attendance': {
      put: op('Record attendance: each member present, apologies (with a substitute) or absent', {
        ...at({
          requestBody: body(
            obj(
              {
                entries: arrayOf(
                  obj({ personId: str, status: { enum: [...ATTENDANCE_STATUSES, null] }, note: str, substitute: str }, ['personId']),
                ),
                othersPresent: str,
              },
              [],
            ),
          ),
          responses: { 200: json(ref('Meeting')), 400: E400, 401: E401, 404: E404 },
        }),
      }),
    },
    '/attendance.csv': {
      get: op('The meeting’s attendance as CSV', { ...at({ responses: { 200: csv, 401: E401, 404: E404 } }) }),
    },
    '/minutes': {
      put: op('Write the draft minutes, item by item', {
        ...at({
          requestBody: body(obj({ items: arrayOf(obj({ id: str, minutes: str }, ['id'])) }, [])),
          responses: { 200: json(ref('Meeting')), 400: E400, 401: E401, 404: E404 },
        }),
      }),
    },
    '/minutes/ready': {
      post: op('Mark the minutes ready for approval (members are e-mailed)', {
        ...at({ responses: { 200: json(obj({ emailed: int })), 401: E401, 404: E404, 409: E409 } }),
      }),
    },
    '/minutes/approve': {
      post: op('Record the minutes approved as a correct record at a later meeting of the group', {
        ...at({
          requestBody: body(obj({ eventId: str, occurrence: str }, ['eventId'])),
          responses: { 200: json(ref('Meeting')), 400: E400, 401: E401, 404: E404, 409: E409 },
        }),
      }),
    },
    '/actions': {
      post: op('Record an action (an open action is a deadline in the calendar)', {
        ...at({ requestBody: body(ACTION_INPUT), responses: { 201: json(ref('Action'), 'Recorded'), 400: E400, 401: E401, 404: E404 } }),
      }),
    },
  };
}

/** Every meeting path of the API, for the document's `paths`. */
export function meetingPaths(): Record<string, Record<string, unknown>> {
  const event = path('eventId', 'The meeting’s event id');
  const occurrence = path('occurrence', 'The date of the series: its RECURRENCE-ID in basic UTC form (20190418T130000Z) or a date');
  const out: Record<string, Record<string, unknown>> = {};
  for (const [suffix, ops] of Object.entries(meetingOps([event]))) out[`/api/meetings/{eventId}${suffix}`] = ops;
  for (const [suffix, ops] of Object.entries(meetingOps([event, occurrence])))
    out[`/api/meetings/{eventId}/{occurrence}${suffix}`] = Object.fromEntries(
      Object.entries(ops).map(([method, operation]) => [method, withOldAddress(method, operation as Record<string, unknown>)]),
    );
  return {
    ...out,
    '/api/agenda-items/{id}': {
      patch: op('Change an agenda item', {
        parameters: [idPath],
        requestBody: body(obj(ITEM_INPUT.properties as Record<string, Schema>, [])),
        responses: { 200: json(ref('Meeting')), 400: E400, 401: E401, 404: E404 },
      }),
      delete: op('Remove an agenda item (later items move up a number) with its papers', {
        parameters: [idPath],
        responses: { 204: { description: 'Removed' }, 401: E401, 404: E404 },
      }),
    },
    '/api/agenda-items/{id}/move': {
      post: op('Move an agenda item up or down', {
        parameters: [idPath],
        requestBody: body(obj({ direction: { enum: ['up', 'down'] } })),
        responses: { 200: json(ref('Meeting')), 400: E400, 401: E401, 404: E404 },
      }),
    },
    '/api/agenda-items/{id}/documents': {
      post: op('Add a paper to an agenda item: a link (JSON) or a file (multipart)', {
        parameters: [idPath],
        requestBody: DOCUMENT_BODY,
        responses: { 201: json(ref('MeetingDocument'), 'Added'), 400: E400, 401: E401, 404: E404 },
      }),
    },
    '/api/documents/{id}': {
      delete: op('Remove a paper (and its stored file)', {
        parameters: [idPath],
        responses: { 204: { description: 'Removed' }, 401: E401, 404: E404 },
      }),
    },
    '/api/actions/{id}': {
      patch: op('Change an action: owner, due date, status (done or withdrawn takes its deadline off the calendar)', {
        parameters: [idPath],
        requestBody: body(obj(ACTION_INPUT.properties as Record<string, Schema>, [])),
        responses: { 200: json(ref('Action')), 400: E400, 401: E401, 404: E404 },
      }),
    },
    '/api/groups/{id}/meetings': {
      get: op('A group’s meetings in a year', {
        security: open,
        parameters: [idPath, yearQuery],
        responses: {
          200: json(
            obj({
              group: obj({ id: str, slug: str, name: str }),
              year: int,
              meetings: arrayOf(
                obj(
                  {
                    eventId: str,
                    occurrence: str,
                    title: str,
                    start: str,
                    location: str,
                    url: str,
                    agendaPublished: bool,
                    minutes: { enum: ['none', 'draft', 'ready', 'approved'] },
                  },
                  ['eventId', 'occurrence', 'title', 'start', 'location', 'url', 'agendaPublished'],
                ),
              ),
            }),
          ),
          400: E400,
          404: E404,
        },
      }),
    },
    '/api/groups/{id}/attendance.csv': {
      get: op('Attendance at every meeting of a group in a year, as CSV', {
        parameters: [idPath, yearQuery],
        responses: { 200: csv, 400: E400, 401: E401, 404: E404 },
      }),
    },
  };
}
