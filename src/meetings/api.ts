/**
 * @module Meetings in the JSON API, under /api. Reading a meeting is open (each caller sees what
 * presentMeeting allows them: an organiser token everything, anyone else the public record);
 * changing it needs an organiser token. Errors have the API's usual shape, naming the field.
 */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { getGroup } from '../db/directory.js';
import { requireOrganiser } from '../http/auth.js';
import type { AppEnv } from '../http/deps.js';
import { badRequest, HttpError, notFound } from '../http/errors.js';
import { intParam, readJsonObject } from '../http/request.js';
import type { Validated } from '../domain/validation.js';
import { DEFAULT_ZONE } from '../domain/time.js';
import { isRecord } from '../domain/validation.js';
import { attendanceFileName, groupAttendanceCsv, meetingAttendanceCsv } from './csv.js';
import { validateAction, validateAgendaItem, validateAttendance, validateDocumentLink, validateMinutes } from './input.js';
import { presentMeeting, type MeetingKey, type MeetingRecord } from './meeting.js';
import { apiMeetingPath, meetingPath, occurrenceFromSegment, OCCURRENCE_PATTERN } from './paths.js';
import { presentAction, presentDocument, presentItem, presentMeetingJson } from './present.js';
import { getAction, getAgendaItem, getDocument, loadMeeting } from './queries.js';
import { approveAt, groupMeetings, heldMeetingNow, meetingForViewer, minutesUsefulUntil, uploadDocument, type Outcome } from './service.js';
import {
  addAction,
  addAgendaItem,
  addDocumentLink,
  deleteAgendaItem,
  minutesReady,
  moveAgendaItem,
  publishAgenda,
  removeDocument,
  saveAttendance,
  saveMinutes,
  updateAction,
  updateAgendaItem,
} from './writes.js';

/** Both forms of a meeting's path: a one-off meeting, and one date of a series. */
export function meetingRoutes(suffix = ''): string[] {
  return [`/meetings/:eventId${suffix}`, `/meetings/:eventId/:occurrence${OCCURRENCE_PATTERN}${suffix}`];
}

/** The meeting key in a request's path, or null when the occurrence segment is malformed. */
export function keyOf(c: Context): MeetingKey | null {
  const occurrence = occurrenceFromSegment(c.req.param('occurrence'));
  return occurrence === null ? null : { eventId: c.req.param('eventId') ?? '', occurrence };
}

function valid<T>(result: Validated<T>): T {
  if (!result.ok) throw badRequest(result.errors);
  return result.value;
}

function settled<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new HttpError(outcome.status, outcome.errors);
  return outcome.value;
}

const ctxOf = (c: Context<AppEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

/**
 * The meeting the request's address names. An address of a date a series edit has since re-dated
 * (an earlier part's id, an earlier key, ADR 296) answers as the page does: GET with 302 to the
 * same path under the date's address now, any other method with 307, which keeps the method and
 * body, so a client that follows it writes to the date it meant; neither writes anything here.
 */
async function recordOr404(c: Context<AppEnv>): Promise<MeetingRecord> {
  const key = keyOf(c);
  const { store } = c.get('deps');
  const found = key ? await meetingForViewer(store, key, c.get('viewer')) : null;
  if (found) return found.record;
  const now = key ? await heldMeetingNow(store, key, c.get('viewer')) : null;
  if (now && 'moved' in now) {
    const url = new URL(c.req.url);
    const rest = url.pathname.slice(apiMeetingPath(key!).length);
    const location = `${apiMeetingPath(now.moved)}${rest}${url.search}`;
    throw new HttpError(
      c.req.method === 'GET' ? 302 : 307,
      [{ field: 'id', message: `names a date a series edit has moved: it is now at ${location}` }],
      { Location: location },
    );
  }
  throw new HttpError(404, [{ field: 'id', message: 'no meeting at this address (or not one you may see)' }]);
}

/** Merges a PATCH body over the current values, refusing a body that is not an object. */
function merged(current: Record<string, unknown>, body: unknown): unknown {
  return isRecord(body) ? { ...current, ...body } : body;
}

/** Adds a link (JSON) or a file (multipart) and answers 201 with the document. */
async function documentCreated(c: Context<AppEnv>, record: MeetingRecord, itemId: string | null): Promise<Response> {
  const { store, config } = c.get('deps');
  const id = await documentBody(c, record, itemId);
  const doc = (await getDocument(store, id))!;
  return c.json(presentDocument(doc, config.publicUrl), 201);
}

async function documentBody(c: Context<AppEnv>, record: MeetingRecord, itemId: string | null): Promise<string> {
  const { store, documents } = c.get('deps');
  const type = c.req.header('Content-Type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    if (!(form.file instanceof File))
      throw badRequest([{ field: 'file', message: 'is required: a PDF, DOCX or ODT file in the "file" part' }]);
    return settled(
      await uploadDocument(
        store,
        documents ?? null,
        record,
        itemId,
        { file: form.file, title: form.title, purpose: form.purpose },
        ctxOf(c),
      ),
    );
  }
  return addDocumentLink(store, record.key, itemId, valid(validateDocumentLink(await readJsonObject(c))), ctxOf(c));
}

export function meetingApi(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const present = async (c: Context<AppEnv>, key: MeetingKey, status: 200 | 201 = 200) => {
    const { store, config } = c.get('deps');
    const found = await meetingForViewer(store, key, c.get('viewer'));
    if (!found) throw notFound('meeting');
    return c.json(presentMeetingJson(presentMeeting(found.record, found.access), config.publicUrl), status);
  };

  app.on('GET', meetingRoutes(), async (c) => present(c, (await recordOr404(c)).key));

  app.on('POST', meetingRoutes('/items'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    const { store, config } = c.get('deps');
    const id = await addAgendaItem(store, record.key, valid(validateAgendaItem(await readJsonObject(c))), ctxOf(c));
    const item = (await loadMeeting(store, record.key))!.items.find((i) => i.id === id)!;
    c.header('Location', `/api/agenda-items/${id}`);
    return c.json(presentItem(item, config.publicUrl), 201);
  });

  app.on('POST', meetingRoutes('/documents'), requireOrganiser, async (c) => documentCreated(c, await recordOr404(c), null));

  app.on('POST', meetingRoutes('/agenda/publish'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    if (!record.items.length) throw new HttpError(409, [{ field: 'agenda', message: 'has no items yet: add them before publishing' }]);
    const emailed = await publishAgenda(c.get('deps').store, record, ctxOf(c));
    const { config, store } = c.get('deps');
    const again = (await loadMeeting(store, record.key))!;
    return c.json({ emailed, meeting: presentMeetingJson(presentMeeting(again, 'organiser'), config.publicUrl) });
  });

  app.on('PUT', meetingRoutes('/attendance'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    const now = c.get('deps').clock();
    const members = new Set(record.attendance.map((a) => a.personId));
    const fields = valid(validateAttendance(await readJsonObject(c), members, Date.parse(record.start) <= now.getTime()));
    await saveAttendance(c.get('deps').store, record, fields, ctxOf(c));
    return present(c, record.key);
  });

  app.on('GET', meetingRoutes('/attendance.csv'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header(
      'Content-Disposition',
      `attachment; filename="${attendanceFileName(record.group?.slug ?? 'meeting', record.start.slice(0, 10))}"`,
    );
    return c.body(meetingAttendanceCsv(record));
  });

  app.on('PUT', meetingRoutes('/minutes'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    const fields = valid(validateMinutes(await readJsonObject(c), new Set(record.items.map((i) => i.id))));
    await saveMinutes(c.get('deps').store, record, fields, ctxOf(c));
    return present(c, record.key);
  });

  app.on('POST', meetingRoutes('/minutes/ready'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    if (record.minutesStatus === 'none')
      throw new HttpError(409, [{ field: 'minutes', message: 'there are no minutes yet: write them first' }]);
    if (record.minutesStatus === 'approved') throw new HttpError(409, [{ field: 'minutes', message: 'are already approved' }]);
    const { store, clock } = c.get('deps');
    const emailed = await minutesReady(store, record, await minutesUsefulUntil(store, record, clock()), ctxOf(c));
    return c.json({ emailed });
  });

  app.on('POST', meetingRoutes('/minutes/approve'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    settled(await approveAt(c.get('deps').store, record, await readJsonObject(c), ctxOf(c)));
    return present(c, record.key);
  });

  app.on('POST', meetingRoutes('/actions'), requireOrganiser, async (c) => {
    const record = await recordOr404(c);
    const fields = valid(
      validateAction(await readJsonObject(c), {
        itemIds: new Set(record.items.map((i) => i.id)),
        memberIds: new Set(record.attendance.map((a) => a.personId)),
      }),
    );
    const { store, config } = c.get('deps');
    const id = await addAction(store, record, fields, ctxOf(c), config.publicUrl);
    const action = (await loadMeeting(store, record.key))!.actions.find((a) => a.id === id)!;
    c.header('Location', `/api/actions/${id}`);
    return c.json(presentAction(action, config.publicUrl), 201);
  });

  // Items, documents and actions have ids of their own.

  const itemWithMeeting = async (c: Context<AppEnv>) => {
    const { store } = c.get('deps');
    const row = await getAgendaItem(store, c.req.param('id') ?? '');
    const record = row ? await loadMeeting(store, { eventId: row.event_id, occurrence: row.occurrence }) : null;
    if (!row || !record) throw notFound('agenda item');
    return { row, record, item: record.items.find((i) => i.id === row.id)! };
  };

  app.patch('/agenda-items/:id', requireOrganiser, async (c) => {
    const { record, item } = await itemWithMeeting(c);
    const current = {
      title: item.title,
      lead: item.lead,
      description: item.description,
      exempt: item.exempt,
      exemptReason: item.exemptReason,
    };
    const fields = valid(validateAgendaItem(merged(current, await readJsonObject(c))));
    await updateAgendaItem(c.get('deps').store, record.key, item.id, fields, ctxOf(c));
    return present(c, record.key);
  });

  app.delete('/agenda-items/:id', requireOrganiser, async (c) => {
    const { record, item } = await itemWithMeeting(c);
    await deleteAgendaItem(c.get('deps').store, c.get('deps').documents ?? null, record, item.id, ctxOf(c));
    return c.body(null, 204);
  });

  app.post('/agenda-items/:id/move', requireOrganiser, async (c) => {
    const { record, item } = await itemWithMeeting(c);
    const body = await readJsonObject(c);
    const direction = isRecord(body) ? body.direction : undefined;
    if (direction !== 'up' && direction !== 'down') throw badRequest([{ field: 'direction', message: 'must be "up" or "down"' }]);
    await moveAgendaItem(c.get('deps').store, record, item.id, direction, ctxOf(c));
    return present(c, record.key);
  });

  app.post('/agenda-items/:id/documents', requireOrganiser, async (c) => {
    const { record, item } = await itemWithMeeting(c);
    return documentCreated(c, record, item.id);
  });

  app.delete('/documents/:id', requireOrganiser, async (c) => {
    const { store, documents } = c.get('deps');
    const doc = await getDocument(store, c.req.param('id'));
    if (!doc) throw notFound('document');
    await removeDocument(store, documents ?? null, doc, ctxOf(c));
    return c.body(null, 204);
  });

  app.patch('/actions/:id', requireOrganiser, async (c) => {
    const { store, config } = c.get('deps');
    const row = await getAction(store, c.req.param('id'));
    const record = row ? await loadMeeting(store, { eventId: row.event_id, occurrence: row.occurrence }) : null;
    const current = record?.actions.find((a) => a.id === row?.id);
    if (!record || !current) throw notFound('action');
    const base = {
      description: current.description,
      agendaItemId: current.agendaItemId,
      ownerPersonId: current.ownerPersonId,
      owner: current.ownerPersonId ? '' : current.owner,
      dueDate: current.dueDate,
      status: current.status,
    };
    const fields = valid(
      validateAction(merged(base, await readJsonObject(c)), {
        itemIds: new Set(record.items.map((i) => i.id)),
        memberIds: new Set(record.attendance.map((a) => a.personId)),
      }),
    );
    await updateAction(store, record, current, fields, ctxOf(c), config.publicUrl);
    const after = (await loadMeeting(store, record.key))!.actions.find((a) => a.id === current.id)!;
    return c.json(presentAction(after, config.publicUrl));
  });

  // A group's meetings in a year, and their attendance as CSV.

  const yearOf = (c: Context<AppEnv>) =>
    intParam(c, 'year', { fallback: DateTime.fromJSDate(c.get('deps').clock()).setZone(DEFAULT_ZONE).year, min: 1900, max: 2200 });

  app.get('/groups/:id/meetings', async (c) => {
    const { store, config } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) throw notFound('group');
    const year = yearOf(c);
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: DEFAULT_ZONE });
    const meetings = await groupMeetings(store, c.get('viewer'), group.id, from, from.plus({ years: 1 }));
    return c.json({
      group: { id: group.id, slug: group.slug, name: group.name },
      year,
      meetings: meetings.map((m) => ({
        eventId: m.key.eventId,
        occurrence: m.key.occurrence,
        title: m.event.title,
        start: m.start,
        location: m.location,
        url: `${config.publicUrl}${meetingPath(m.key)}`,
        agendaPublished: m.summary?.agendaPublished ?? false,
        minutes: c.get('viewer').organiser || m.summary?.minutesStatus === 'approved' ? (m.summary?.minutesStatus ?? 'none') : undefined,
      })),
    });
  });

  app.get('/groups/:id/attendance.csv', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) throw notFound('group');
    const year = yearOf(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${attendanceFileName(group.slug, String(year))}"`);
    return c.body(await groupAttendanceCsv(store, group.id, year));
  });

  return app;
}
