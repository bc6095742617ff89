/**
 * @module The meeting pages: the public meeting page and group page, document downloads, and the
 * organisers' workspace (agenda, papers, attendance, minutes, actions) as plain forms. Each form
 * posts, and either redirects back with what was done or shows the page again with every problem
 * beside its field. The rules live in input.ts, writes.ts and service.ts, shared with the API.
 */
import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import { getGroup } from '../db/directory.js';
import { canEditEvent } from '../domain/accounts.js';
import { DEFAULT_ZONE, utcIso } from '../domain/time.js';
import type { FieldError } from '../domain/validation.js';
import { NotFoundPage } from '../http/pages/event.js';
import { ForbiddenPage } from '../http/pages/signin.js';
import type { WebEnv } from '../http/web/env.js';
import { requireScheduler } from '../http/web/organise/guard.js';
import { intQuery, textQuery } from '../http/web/query.js';
import { pageContext, render } from '../http/web/render.js';
import { keyOf, meetingRoutes } from './api.js';
import { attendanceFileName, groupAttendanceCsv, meetingAttendanceCsv } from './csv.js';
import { validateAction, validateAgendaItem, validateAttendance, validateDocumentLink, validateMinutes } from './input.js';
import { accessOf, mayOpenDocument, presentMeeting, type MeetingRecord } from './meeting.js';
import { noticeRecipients } from './notices.js';
import { ActionPage } from './pages/action-page.js';
import { GroupMeetingsPage } from './pages/group-page.js';
import { ItemPage } from './pages/item-page.js';
import { EndedMeetingPage, MeetingPage } from './pages/meeting-page.js';
import { WorkspacePage, type SentForm } from './pages/workspace.js';
import { meetingPath, workspacePath } from './paths.js';
import { getAction, getAgendaItem, getDocument, loadMeeting } from './queries.js';
import {
  approveAt,
  approvingCandidates,
  groupMeetings,
  heldMeetingNow,
  meetingForViewer,
  minutesUsefulUntil,
  nextGroupMeeting,
  uploadDocument,
} from './service.js';
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

type Body = Record<string, string | File | (string | File)[]>;
const str = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
const ctxOf = (c: Context<WebEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

function notFound(c: Context<WebEnv>, what: string): Response {
  return render(c, <NotFoundPage ctx={pageContext(c)} what={what} />, 404);
}

/** "18/07/2019" (as people type dates in the UK) → "2019-07-18"; anything else is left for the validator to name. */
export function isoFromUkDate(text: string): string {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text.trim();
}

/** A form sent with problems: domain errors ("title", "entries[2].note") keyed by the ids of the fields on the page. */
function sent(form: SentForm['form'], values: Record<string, string>, errors: FieldError[], ids: Record<string, string> = {}): SentForm {
  const out: SentForm['errors'] = new Map();
  for (const e of errors) {
    const id = ids[e.field] ?? `${form}-${e.field.replace(/\[.*$/, '')}`;
    if (!out.has(id)) out.set(id, e.message);
  }
  return { form, values, errors: out };
}

async function workspace(
  c: Context<WebEnv>,
  record: MeetingRecord,
  form: SentForm | null,
  status: 200 | 400 | 404 | 409 | 413 = 200,
): Promise<Response> {
  const { store, documents, clock } = c.get('deps');
  const now = clock();
  const [recipients, candidates] = await Promise.all([noticeRecipients(store, record.event), approvingCandidates(store, record, now)]);
  return render(
    c,
    <WorkspacePage
      ctx={pageContext(c)}
      presented={presentMeeting(record, 'organiser')}
      sent={form}
      done={textQuery(c, 'done', 40)}
      uploads={documents?.description ?? null}
      recipients={recipients.length}
      candidates={candidates}
      started={record.start <= utcIso(now)}
    />,
    status,
  );
}

/** The meeting in the path, for an organiser who may change its event; or the answer to send instead. */
async function editable(c: Context<WebEnv>): Promise<MeetingRecord | Response> {
  const key = keyOf(c);
  const record = key ? await loadMeeting(c.get('deps').store, key) : null;
  if (!record) return notFound(c, 'There is no meeting at this address.');
  if (!canEditEvent(c.get('user'), record.event)) {
    return render(c, <ForbiddenPage ctx={pageContext(c)} message="Your account looks after the meetings of other groups only." />, 403);
  }
  return record;
}

/** An item, action or document's meeting, for an organiser who may change it. */
async function editableByKey(c: Context<WebEnv>, eventId: string, occurrence: string): Promise<MeetingRecord | Response> {
  const record = await loadMeeting(c.get('deps').store, { eventId, occurrence });
  if (!record) return notFound(c, 'There is no meeting for this.');
  if (!canEditEvent(c.get('user'), record.event)) {
    return render(c, <ForbiddenPage ctx={pageContext(c)} message="Your account looks after the meetings of other groups only." />, 403);
  }
  return record;
}

const back = (c: Context<WebEnv>, record: MeetingRecord, done: string, section: string) =>
  c.redirect(`${workspacePath(record.key)}?done=${done}#${section}`, 303);

function itemValues(body: Body) {
  return {
    title: str(body, 'title'),
    lead: str(body, 'lead'),
    description: str(body, 'description'),
    exempt: str(body, 'exempt'),
    exemptReason: str(body, 'exemptReason'),
  };
}

function actionValues(body: Body) {
  return {
    description: str(body, 'description'),
    agendaItemId: str(body, 'agendaItemId'),
    ownerPersonId: str(body, 'ownerPersonId'),
    owner: str(body, 'owner'),
    dueDate: str(body, 'dueDate'),
    status: str(body, 'status') || 'open',
  };
}

function checkedAction(record: MeetingRecord, values: ReturnType<typeof actionValues>): ReturnType<typeof validateAction> {
  return validateAction(
    { ...values, dueDate: isoFromUkDate(values.dueDate) },
    { itemIds: new Set(record.items.map((i) => i.id)), memberIds: new Set(record.attendance.map((a) => a.personId)) },
  );
}

/** Adds a link or an uploaded file from a form, to the meeting or one item; a problem comes back as a SentForm. */
async function addDocumentFromForm(c: Context<WebEnv>, record: MeetingRecord, itemId: string | null): Promise<SentForm | null> {
  const { store, documents } = c.get('deps');
  const body = (await c.req.parseBody()) as Body;
  const purpose = str(body, 'purpose') === 'minutes' ? 'minutes' : 'paper';
  const suffix = purpose === 'minutes' && !itemId ? '-minutes' : '';
  const file = body.file;
  if (file instanceof File || (c.req.header('Content-Type') ?? '').startsWith('multipart/')) {
    const values = { title: str(body, 'title'), purpose };
    if (!(file instanceof File) || file.size === 0) {
      return sent('upload', values, [{ field: 'file', message: 'is required: choose a PDF, DOCX or ODT file' }], {
        file: `upload-file${suffix}`,
      });
    }
    const outcome = await uploadDocument(store, documents ?? null, record, itemId, { file, title: values.title, purpose }, ctxOf(c));
    return outcome.ok ? null : sent('upload', values, outcome.errors, { file: `upload-file${suffix}`, title: `upload-title${suffix}` });
  }
  const values = { title: str(body, 'title'), url: str(body, 'url').trim(), purpose };
  const result = validateDocumentLink(values);
  if (!result.ok)
    return sent('link', values, result.errors, { title: `link-title${suffix}`, url: `link-url${suffix}`, purpose: `link-title${suffix}` });
  await addDocumentLink(store, record.key, itemId, result.value, ctxOf(c));
  return null;
}

export function meetingPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  // --- Public -----------------------------------------------------------------------------------

  app.on('GET', meetingRoutes(), async (c) => {
    const key = keyOf(c);
    const found = key ? await meetingForViewer(c.get('deps').store, key, c.get('viewer')) : null;
    if (!found) {
      // The address an e-mail gave for a date a series edit has since moved or ended (ADR 283).
      const now = key ? await heldMeetingNow(c.get('deps').store, key, c.get('viewer')) : null;
      if (now && 'moved' in now) return c.redirect(meetingPath(now.moved), 302);
      if (!now) return notFound(c, 'There is no meeting at this address, or it is not public.');
      const { event, state } = now.ended;
      const group = event.groupId ? await getGroup(c.get('deps').store, event.groupId) : null;
      return render(
        c,
        <EndedMeetingPage
          ctx={pageContext(c)}
          event={event}
          when={state.when}
          location={state.location}
          group={group}
          reason={state.cancelled ? state.organiserReason : ''}
        />,
      );
    }
    return render(
      c,
      <MeetingPage
        ctx={pageContext(c)}
        presented={presentMeeting(found.record, found.access)}
        canManage={canEditEvent(c.get('user'), found.record.event)}
      />,
    );
  });

  app.on('GET', meetingRoutes('/attendance.csv'), async (c) => {
    const record = await editable(c);
    if (record instanceof Response) return record;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header(
      'Content-Disposition',
      `attachment; filename="${attendanceFileName(record.group?.slug ?? 'meeting', record.start.slice(0, 10))}"`,
    );
    c.header('Cache-Control', 'private, no-store');
    return c.body(meetingAttendanceCsv(record));
  });

  const yearOf = (c: Context<WebEnv>) =>
    intQuery(c, 'year', DateTime.fromJSDate(c.get('deps').clock()).setZone(DEFAULT_ZONE).year, 1900, 2200);

  app.get('/groups/:slug', async (c) => {
    const { store, clock } = c.get('deps');
    const group = await getGroup(store, c.req.param('slug'));
    if (!group) return notFound(c, 'There is no group at this address.');
    const viewer = c.get('viewer');
    const year = yearOf(c);
    const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: DEFAULT_ZONE });
    const now = DateTime.fromJSDate(clock());
    const [meetings, next] = await Promise.all([
      groupMeetings(store, viewer, group.id, from, from.plus({ years: 1 })),
      nextGroupMeeting(store, viewer, group.id, now),
    ]);
    return render(
      c,
      <GroupMeetingsPage
        ctx={pageContext(c)}
        group={group}
        year={year}
        next={next}
        meetings={meetings}
        insider={viewer.organiser || viewer.groupIds.includes(group.id)}
        organiser={canEditEvent(c.get('user'), { groupId: group.id })}
        now={utcIso(now)}
      />,
    );
  });

  app.get('/groups/:slug/attendance.csv', async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('slug'));
    if (!group) return notFound(c, 'There is no group at this address.');
    if (!canEditEvent(c.get('user'), { groupId: group.id })) return notFound(c, 'There is no group attendance you may download here.');
    const year = yearOf(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${attendanceFileName(group.slug, String(year))}"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(await groupAttendanceCsv(store, group.id, year));
  });

  /** A document for whoever may see it: the public never reaches an exempt item's papers (404, as for a missing one). */
  app.get('/documents/:id', async (c) => {
    const { store, documents } = c.get('deps');
    const doc = await getDocument(store, c.req.param('id'));
    const record = doc ? await loadMeeting(store, doc.key) : null;
    const access = record ? accessOf(c.get('viewer'), record.event) : null;
    if (!doc || !record || !access || !mayOpenDocument(record, access, doc.id)) {
      return notFound(c, 'There is no document at this address, or it is not public.');
    }
    if (doc.url) return c.redirect(doc.url, 302);
    const stored = doc.storageKey && documents ? await documents.get(doc.storageKey) : null;
    if (!stored) return notFound(c, 'This document’s file is missing. Please tell the organiser.');
    const pdf = doc.mediaType === 'application/pdf';
    return new Response(stored.body as BodyInit, {
      headers: {
        'Content-Type': doc.mediaType ?? 'application/octet-stream',
        'Content-Length': String(stored.size),
        'Content-Disposition': `${pdf ? 'inline' : 'attachment'}; filename="${doc.fileName ?? 'document'}"`,
        // A document is never allowed to run anything in our origin, whatever it contains.
        'Content-Security-Policy': 'sandbox',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': access === 'public' ? 'no-cache' : 'private, no-store',
      },
    });
  });

  // --- Workspace ----------------------------------------------------------------------------------

  app.use('/organise/*', requireScheduler);
  const ws = (suffix = '') => meetingRoutes(suffix).map((p) => `/organise${p}`);

  /** A workspace route of the meeting in the path, for an organiser who may change it. */
  const onMeeting = (method: 'GET' | 'POST', suffix: string, handle: (c: Context<WebEnv>, record: MeetingRecord) => Promise<Response>) =>
    app.on(method, ws(suffix), async (c) => {
      const record = await editable(c);
      return record instanceof Response ? record : handle(c, record);
    });

  onMeeting('GET', '', (c, record) => workspace(c, record, null));

  onMeeting('POST', '/agenda', async (c, record) => {
    const values = itemValues((await c.req.parseBody()) as Body);
    const result = validateAgendaItem(values);
    if (!result.ok) return workspace(c, record, sent('item', values, result.errors), 400);
    await addAgendaItem(c.get('deps').store, record.key, result.value, ctxOf(c));
    return back(c, record, 'item-added', 'add-item');
  });

  onMeeting('POST', '/agenda/publish', async (c, record) => {
    if (!record.items.length) {
      return workspace(
        c,
        record,
        sent('publish', {}, [{ field: 'agenda', message: 'has no items yet: add them before publishing' }], { agenda: 'publish-agenda' }),
        409,
      );
    }
    await publishAgenda(c.get('deps').store, record, ctxOf(c));
    return back(c, record, 'published', 'agenda');
  });

  onMeeting('POST', '/documents', async (c, record) => {
    const problem = await addDocumentFromForm(c, record, null);
    if (problem) return workspace(c, record, problem, 400);
    const purpose = str((await c.req.parseBody()) as Body, 'purpose');
    return back(c, record, 'document-added', purpose === 'minutes' ? 'minutes' : 'papers');
  });

  onMeeting('POST', '/attendance', async (c, record) => {
    const body = (await c.req.parseBody()) as Body;
    const values: Record<string, string> = { othersPresent: str(body, 'othersPresent') };
    const people = record.attendance.map((a) => a.personId);
    const entries = people.map((id) => {
      for (const part of ['status', 'substitute', 'note']) values[`${part}.${id}`] = str(body, `${part}.${id}`);
      return {
        personId: id,
        status: str(body, `status.${id}`) || null,
        substitute: str(body, `substitute.${id}`),
        note: str(body, `note.${id}`),
      };
    });
    const started = record.start <= utcIso(c.get('deps').clock());
    const result = validateAttendance({ entries, othersPresent: values.othersPresent }, new Set(people), started);
    if (!result.ok) {
      const ids: Record<string, string> = {};
      people.forEach((id, i) => {
        ids[`entries[${i}].status`] = `attendance-${id}-status`;
        ids[`entries[${i}].substitute`] = `attendance-${id}-substitute`;
        ids[`entries[${i}].note`] = `attendance-${id}-note`;
      });
      ids.othersPresent = 'othersPresent';
      return workspace(c, record, sent('attendance', values, result.errors, ids), 400);
    }
    await saveAttendance(c.get('deps').store, record, result.value, ctxOf(c));
    return back(c, record, 'attendance', 'attendance');
  });

  onMeeting('POST', '/minutes', async (c, record) => {
    const body = (await c.req.parseBody()) as Body;
    const values: Record<string, string> = {};
    const items = record.items.map((i) => ({ id: i.id, minutes: (values[`minutes.${i.id}`] = str(body, `minutes.${i.id}`)) }));
    const result = validateMinutes({ items }, new Set(record.items.map((i) => i.id)));
    if (!result.ok) {
      const ids = Object.fromEntries(record.items.map((item, i) => [`items[${i}].minutes`, `minutes-${item.id}`]));
      return workspace(c, record, sent('minutes', values, result.errors, ids), 400);
    }
    await saveMinutes(c.get('deps').store, record, result.value, ctxOf(c));
    return back(c, record, 'minutes', 'minutes');
  });

  onMeeting('POST', '/minutes/ready', async (c, record) => {
    if (record.minutesStatus !== 'draft' && record.minutesStatus !== 'ready') {
      const message = record.minutesStatus === 'none' ? 'there are no minutes yet: write them first' : 'are already approved';
      return workspace(c, record, sent('ready', {}, [{ field: 'minutes', message }], { minutes: 'minutes-ready' }), 409);
    }
    const { store, clock } = c.get('deps');
    await minutesReady(store, record, await minutesUsefulUntil(store, record, clock()), ctxOf(c));
    return back(c, record, 'ready', 'minutes');
  });

  onMeeting('POST', '/minutes/approve', async (c, record) => {
    const meeting = str((await c.req.parseBody()) as Body, 'meeting');
    const [eventId, occurrence] = meeting.split('|');
    const outcome = await approveAt(c.get('deps').store, record, { eventId: eventId ?? '', occurrence: occurrence ?? '' }, ctxOf(c));
    if (!outcome.ok) {
      return workspace(
        c,
        record,
        sent('approve', { meeting }, outcome.errors, {
          eventId: 'approve-meeting',
          occurrence: 'approve-meeting',
          minutes: 'approve-meeting',
        }),
        outcome.status,
      );
    }
    return back(c, record, 'approved', 'minutes');
  });

  onMeeting('POST', '/actions', async (c, record) => {
    const values = actionValues((await c.req.parseBody()) as Body);
    const result = checkedAction(record, values);
    if (!result.ok) return workspace(c, record, sent('action', values, result.errors), 400);
    await addAction(c.get('deps').store, record, result.value, ctxOf(c), c.get('deps').config.publicUrl);
    return back(c, record, 'action-added', 'actions');
  });

  // Items, documents and actions by their own ids.

  const itemAndMeeting = async (c: Context<WebEnv>) => {
    const row = await getAgendaItem(c.get('deps').store, c.req.param('id') ?? '');
    if (!row) return notFound(c, 'There is no agenda item with this id.');
    const record = await editableByKey(c, row.event_id, row.occurrence);
    if (record instanceof Response) return record;
    return { record, item: record.items.find((i) => i.id === row.id)! };
  };

  const itemPage = (
    c: Context<WebEnv>,
    found: { record: MeetingRecord; item: MeetingRecord['items'][number] },
    form: SentForm | null,
    status: 200 | 400 | 409 | 413 = 200,
  ) =>
    render(
      c,
      <ItemPage
        ctx={pageContext(c)}
        record={found.record}
        item={found.item}
        sent={form}
        done={textQuery(c, 'done', 40)}
        uploads={c.get('deps').documents?.description ?? null}
      />,
      status,
    );

  app.get('/organise/agenda-items/:id', async (c) => {
    const found = await itemAndMeeting(c);
    return found instanceof Response ? found : itemPage(c, found, null);
  });

  app.post('/organise/agenda-items/:id', async (c) => {
    const found = await itemAndMeeting(c);
    if (found instanceof Response) return found;
    const values = itemValues((await c.req.parseBody()) as Body);
    const result = validateAgendaItem(values);
    if (!result.ok) return itemPage(c, found, sent('item', values, result.errors), 400);
    await updateAgendaItem(c.get('deps').store, found.record.key, found.item.id, result.value, ctxOf(c));
    return c.redirect(`/organise/agenda-items/${found.item.id}?done=item-saved`, 303);
  });

  app.post('/organise/agenda-items/:id/move', async (c) => {
    const found = await itemAndMeeting(c);
    if (found instanceof Response) return found;
    const direction = str((await c.req.parseBody()) as Body, 'direction') === 'up' ? 'up' : 'down';
    await moveAgendaItem(c.get('deps').store, found.record, found.item.id, direction, ctxOf(c));
    return back(c, found.record, 'item-moved', 'agenda');
  });

  app.post('/organise/agenda-items/:id/delete', async (c) => {
    const found = await itemAndMeeting(c);
    if (found instanceof Response) return found;
    await deleteAgendaItem(c.get('deps').store, c.get('deps').documents ?? null, found.record, found.item.id, ctxOf(c));
    return back(c, found.record, 'item-deleted', 'agenda');
  });

  app.post('/organise/agenda-items/:id/documents', async (c) => {
    const found = await itemAndMeeting(c);
    if (found instanceof Response) return found;
    const problem = await addDocumentFromForm(c, found.record, found.item.id);
    if (problem) return itemPage(c, found, problem, 400);
    return c.redirect(`/organise/agenda-items/${found.item.id}?done=document-added`, 303);
  });

  app.post('/organise/documents/:id/remove', async (c) => {
    const { store, documents } = c.get('deps');
    const doc = await getDocument(store, c.req.param('id'));
    if (!doc) return notFound(c, 'There is no document with this id.');
    const record = await editableByKey(c, doc.key.eventId, doc.key.occurrence);
    if (record instanceof Response) return record;
    await removeDocument(store, documents ?? null, doc, ctxOf(c));
    return doc.agendaItemId
      ? c.redirect(`/organise/agenda-items/${doc.agendaItemId}?done=document-removed`, 303)
      : back(c, record, 'document-removed', 'papers');
  });

  const actionAndMeeting = async (c: Context<WebEnv>) => {
    const row = await getAction(c.get('deps').store, c.req.param('id') ?? '');
    if (!row) return notFound(c, 'There is no action with this id.');
    const record = await editableByKey(c, row.event_id, row.occurrence);
    if (record instanceof Response) return record;
    return { record, action: record.actions.find((a) => a.id === row.id)! };
  };

  app.get('/organise/actions/:id', async (c) => {
    const found = await actionAndMeeting(c);
    if (found instanceof Response) return found;
    return render(c, <ActionPage ctx={pageContext(c)} record={found.record} action={found.action} sent={null} />);
  });

  app.post('/organise/actions/:id', async (c) => {
    const found = await actionAndMeeting(c);
    if (found instanceof Response) return found;
    const values = actionValues((await c.req.parseBody()) as Body);
    const result = checkedAction(found.record, values);
    if (!result.ok) {
      return render(
        c,
        <ActionPage ctx={pageContext(c)} record={found.record} action={found.action} sent={sent('action', values, result.errors)} />,
        400,
      );
    }
    const { store, config } = c.get('deps');
    await updateAction(store, found.record, found.action, result.value, ctxOf(c), config.publicUrl);
    return back(c, found.record, 'action-saved', 'actions');
  });

  return app;
}
