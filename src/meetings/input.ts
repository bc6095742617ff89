/**
 * @module What organisers send about a meeting, checked at the edge: agenda items, document links,
 * attendance, minutes, approval and actions. Every refusal names the field and says why; forms
 * and the JSON API share these rules (forms send "on" for a ticked box, JSON sends true).
 */
import { isDate } from '../domain/time.js';
import { Checker, isRecord, strayFields, type FieldError, type Validated } from '../domain/validation.js';
import { ACTION_STATUSES, ATTENDANCE_STATUSES, type ActionStatus, type AttendanceStatus } from './meeting.js';

export const MEETING_LIMITS = {
  title: 300,
  lead: 200,
  description: 5000,
  exemptReason: 500,
  minutes: 20_000,
  documentTitle: 200,
  note: 500,
  substitute: 200,
  othersPresent: 2000,
  action: 500,
  owner: 200,
  attendanceEntries: 500,
} as const;

function rejectUnknown(input: Record<string, unknown>, allowed: readonly string[]): FieldError[] {
  return strayFields(input, allowed, `is not a field here (use ${allowed.join(', ')})`);
}

function notObject<T>(example: string): Validated<T> {
  return { ok: false, errors: [{ field: 'body', message: `must be a JSON object like ${example}` }] };
}

/** true/false from JSON, "on"/"true"/"yes" from a form; absent is false. */
function flag(check: Checker, field: string): boolean | undefined {
  const value = check.raw(field);
  if (value === undefined || value === null || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'on' || value === 'true' || value === 'yes') return true;
  return check.fail(field, 'must be true or false');
}

export interface AgendaItemFields {
  title: string;
  lead: string;
  description: string;
  exempt: boolean;
  exemptReason: string;
}

/** An agenda item. An exempt item must say why the public is excluded; that reason is public. */
export function validateAgendaItem(input: unknown): Validated<AgendaItemFields> {
  if (!isRecord(input)) return notObject('{"title": "Partner updates", "lead": "All"}');
  const check = new Checker(input);
  check.errors.push(...rejectUnknown(input, ['title', 'lead', 'description', 'exempt', 'exemptReason']));
  const title = check.text('title', { required: true, max: MEETING_LIMITS.title, singleLine: true });
  const lead = check.text('lead', { max: MEETING_LIMITS.lead, singleLine: true, fallback: '' });
  const description = check.text('description', { max: MEETING_LIMITS.description, fallback: '' });
  const exempt = flag(check, 'exempt');
  const exemptReason = check.text('exemptReason', { max: MEETING_LIMITS.exemptReason, fallback: '' });
  if (exempt && !exemptReason && !check.errors.some((e) => e.field === 'exemptReason')) {
    check.fail(
      'exemptReason',
      'is required for an exempt item: say why the public is excluded, e.g. "Paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972"',
    );
  }
  return check.result(() => ({
    title: title!,
    lead: lead!,
    description: description!,
    exempt: exempt!,
    exemptReason: exempt ? exemptReason! : '',
  }));
}

export interface DocumentLinkFields {
  title: string;
  url: string;
  purpose: 'paper' | 'minutes';
}

/** A document kept elsewhere: its title and http(s) address. */
export function validateDocumentLink(input: unknown): Validated<DocumentLinkFields> {
  if (!isRecord(input)) return notObject('{"title": "Information report", "url": "https://example.org/report.pdf"}');
  const check = new Checker(input);
  check.errors.push(...rejectUnknown(input, ['title', 'url', 'purpose']));
  const title = check.text('title', { required: true, max: MEETING_LIMITS.documentTitle, singleLine: true });
  const url = check.url('url');
  if (url === null) check.fail('url', 'is required: the document’s address, starting https://');
  const purpose = check.oneOf('purpose', ['paper', 'minutes'] as const, { fallback: 'paper' });
  return check.result(() => ({ title: title!, url: url!, purpose: purpose! }));
}

/** The title and purpose sent with an uploaded file (the file itself is checked by checkDocumentFile). */
export function validateDocumentUpload(input: Record<string, unknown>, fileName: string): Validated<Omit<DocumentLinkFields, 'url'>> {
  const check = new Checker(input);
  const typed = check.text('title', { max: MEETING_LIMITS.documentTitle, singleLine: true, fallback: '' });
  const purpose = check.oneOf('purpose', ['paper', 'minutes'] as const, { fallback: 'paper' });
  const title = typed || fileName.replace(/\.[A-Za-z0-9]+$/, '').slice(0, MEETING_LIMITS.documentTitle) || 'Document';
  return check.result(() => ({ title, purpose: purpose! }));
}

export interface AttendanceChange {
  personId: string;
  /** Null clears what was recorded (apologies sent by email then stand again). */
  status: AttendanceStatus | null;
  note: string;
  substitute: string;
}

export interface AttendanceFields {
  entries: AttendanceChange[];
  othersPresent: string | undefined;
}

/**
 * Attendance for some members: {"entries": [{"personId", "status", "note", "substitute"}],
 * "othersPresent"}. `started` is whether the meeting has begun: before it, only apologies can be
 * recorded (nobody is present or absent yet).
 */
export function validateAttendance(input: unknown, memberIds: ReadonlySet<string>, started: boolean): Validated<AttendanceFields> {
  const example = '{"entries": [{"personId": "...", "status": "present"}]}';
  if (!isRecord(input)) return notObject(example);
  const errors: FieldError[] = rejectUnknown(input, ['entries', 'othersPresent']);
  const entries: AttendanceChange[] = [];
  const raw = input.entries ?? [];
  if (!Array.isArray(raw) || raw.length > MEETING_LIMITS.attendanceEntries) {
    errors.push({ field: 'entries', message: `must be a list (at most ${MEETING_LIMITS.attendanceEntries}) like ${example}` });
  } else {
    const seen = new Set<string>();
    raw.forEach((entry, i) => {
      const at = `entries[${i}]`;
      if (!isRecord(entry)) return errors.push({ field: at, message: 'must be an object with personId and status' });
      const check = new Checker(entry);
      for (const e of rejectUnknown(entry, ['personId', 'status', 'note', 'substitute'])) check.fail(e.field, e.message);
      const personId = check.id('personId');
      if (!personId) check.fail('personId', 'is required: the member’s person id');
      else if (!memberIds.has(personId)) check.fail('personId', 'is not a member of this meeting’s group');
      else if (seen.has(personId)) check.fail('personId', 'appears twice');
      const status = check.oneOf('status', ATTENDANCE_STATUSES, {}) ?? null;
      if (status && status !== 'apologies' && !started) {
        check.fail('status', 'can only be apologies before the meeting starts; record who was present once it has begun');
      }
      const note = check.text('note', { max: MEETING_LIMITS.note, fallback: '' });
      const substitute = check.text('substitute', { max: MEETING_LIMITS.substitute, singleLine: true, fallback: '' });
      if (substitute && status !== 'apologies')
        check.fail('substitute', 'goes with apologies: the substitute stood in for an absent member');
      for (const e of check.errors) errors.push({ field: `${at}.${e.field}`, message: e.message });
      if (!check.errors.length && personId) {
        seen.add(personId);
        entries.push({ personId, status, note: note!, substitute: substitute! });
      }
    });
  }
  const top = new Checker(input);
  const others = top.text('othersPresent', { max: MEETING_LIMITS.othersPresent });
  errors.push(...top.errors);
  return errors.length ? { ok: false, errors } : { ok: true, value: { entries, othersPresent: others } };
}

export interface MinutesFields {
  items: { id: string; minutes: string }[];
}

/** The minute of each agenda item: {"items": [{"id": "<item id>", "minutes": "..."}]}. */
export function validateMinutes(input: unknown, itemIds: ReadonlySet<string>): Validated<MinutesFields> {
  const example = '{"items": [{"id": "<agenda item id>", "minutes": "RESOLVED: that the report be noted."}]}';
  if (!isRecord(input)) return notObject(example);
  const errors: FieldError[] = rejectUnknown(input, ['items']);
  const items: MinutesFields['items'] = [];
  if (!Array.isArray(input.items) || input.items.length > 200) {
    errors.push({ field: 'items', message: `must be a list like ${example}` });
  } else {
    input.items.forEach((raw, i) => {
      const at = `items[${i}]`;
      if (!isRecord(raw)) return errors.push({ field: at, message: 'must be an object with id and minutes' });
      const check = new Checker(raw);
      const id = check.id('id');
      if (!id || !itemIds.has(id)) check.fail('id', 'is not an agenda item of this meeting');
      const minutes = check.text('minutes', { max: MEETING_LIMITS.minutes, fallback: '' });
      for (const e of check.errors) errors.push({ field: `${at}.${e.field}`, message: e.message });
      if (!check.errors.length) items.push({ id: id!, minutes: minutes! });
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: { items } };
}

export interface ActionFields {
  description: string;
  agendaItemId: string | null;
  ownerPersonId: string | null;
  owner: string;
  dueDate: string;
  status: ActionStatus;
}

/**
 * An action: what, against which item, whose (a member, or a role or organisation in words), by
 * when (a UK date) and its status. A member owner gets reminders of the due date.
 */
export function validateAction(
  input: unknown,
  opts: { itemIds: ReadonlySet<string>; memberIds: ReadonlySet<string> },
): Validated<ActionFields> {
  if (!isRecord(input))
    return notObject('{"description": "Supply a glossary of acronyms", "owner": "Community Cohesion Manager", "dueDate": "2019-07-18"}');
  const check = new Checker(input);
  check.errors.push(...rejectUnknown(input, ['description', 'agendaItemId', 'ownerPersonId', 'owner', 'dueDate', 'status']));
  const description = check.text('description', { required: true, max: MEETING_LIMITS.action, singleLine: true });
  const agendaItemId = check.id('agendaItemId');
  if (agendaItemId && !opts.itemIds.has(agendaItemId)) check.fail('agendaItemId', 'is not an agenda item of this meeting');
  const ownerPersonId = check.id('ownerPersonId');
  if (ownerPersonId && !opts.memberIds.has(ownerPersonId)) check.fail('ownerPersonId', 'is not a member of this meeting’s group');
  const owner = check.text('owner', { max: MEETING_LIMITS.owner, singleLine: true, fallback: '' });
  if (!owner && !ownerPersonId && !check.errors.some((e) => e.field === 'owner' || e.field === 'ownerPersonId')) {
    check.fail('owner', 'is required: a member, or a role or organisation such as "Community Cohesion Manager"');
  }
  const dueDate = check.text('dueDate', { required: true, max: 10, singleLine: true });
  if (dueDate !== undefined && (!isDate(dueDate) || dueDate < '1900-01-01' || dueDate > '2200-12-31')) {
    check.fail('dueDate', 'must be a date like 2019-07-18 (between 1900 and 2200)');
  }
  const status = check.oneOf('status', ACTION_STATUSES, { fallback: 'open' });
  return check.result(() => ({
    description: description!,
    agendaItemId: agendaItemId ?? null,
    ownerPersonId: ownerPersonId ?? null,
    owner: owner!,
    dueDate: dueDate!,
    status: status!,
  }));
}

/** The meeting whose minutes approval is recorded: {"eventId": "...", "occurrence": "2019-07-18T13:00:00Z" or ""}. */
export function validateApproval(input: unknown): Validated<{ eventId: string; occurrence: string }> {
  if (!isRecord(input)) return notObject('{"eventId": "<the approving meeting>", "occurrence": "2019-07-18T13:00:00Z"}');
  const check = new Checker(input);
  check.errors.push(...rejectUnknown(input, ['eventId', 'occurrence']));
  const eventId = check.id('eventId');
  if (!eventId) check.fail('eventId', 'is required: the meeting at which the minutes were approved');
  const occurrence = check.text('occurrence', { max: 40, singleLine: true, fallback: '' });
  return check.result(() => ({ eventId: eventId!, occurrence: occurrence! }));
}
