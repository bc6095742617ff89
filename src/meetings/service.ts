/**
 * @module The meeting operations the API and the pages share, each with its checks against the
 * stored record (the input rules are in input.ts): finding a meeting a viewer may see, uploads,
 * approving minutes at a later meeting, listing a group's meetings, and where the next meeting is.
 */
import { DateTime } from 'luxon';
import { getEvent } from '../db/events.js';
import type { Store, WriteContext } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { heldDateNowOf, type HeldDateNow } from '../notify/held-date.js';
import { dateAfterSplits } from '../series/chain.js';
import { occurrencesIn } from '../occurrences/index.js';
import { DEFAULT_ZONE, instantRangeMs, utcIso } from '../domain/time.js';
import type { FieldError } from '../domain/validation.js';
import { ORGANISER, type Viewer } from '../domain/visibility.js';
import { validateApproval, validateDocumentUpload } from './input.js';
import { formerKeyNow } from './former-keys.js';
import { accessOf, type Access, type MeetingKey, type MeetingRecord } from './meeting.js';
import { loadMeeting, meetingEvent, meetingSummaries, summaryKey, type MeetingSummary } from './queries.js';
import { checkDocumentFile, type DocumentStorage } from './storage.js';
import { addDocumentFile, approveMinutes } from './writes.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409 | 413; errors: FieldError[] };

const refuse = (status: 400 | 404 | 409 | 413, field: string, message: string): Outcome<never> => ({
  ok: false,
  status,
  errors: [{ field, message }],
});

/** The meeting and how the viewer relates to it, or null when there is none they may see (answered as 404). */
export async function meetingForViewer(
  store: Store,
  key: MeetingKey,
  viewer: Viewer,
): Promise<{ record: MeetingRecord; access: Access } | null> {
  const record = await loadMeeting(store, key);
  if (!record) return null;
  const access = accessOf(viewer, record.event);
  return access ? { record, access } : null;
}

/**
 * A meeting address naming a date people hold that a series edit moved or ended, for a viewer who
 * may see the event it names: the links of e-mails sent before the edit (ADR 283), and any key the
 * date had before an edit re-dated it (ADR 296). `moved`: the meeting the date is now; `ended`: the
 * date as people held it, cancelled with the organiser's reason for the edit. Null when the address
 * names no such date (answered 404 as before).
 */
export async function heldMeetingNow(
  store: Store,
  key: MeetingKey,
  viewer: Viewer,
): Promise<{ moved: MeetingKey } | { ended: HeldDateNow } | null> {
  if (!key.occurrence) return null;
  const event = await getEvent(store, key.eventId);
  if (!event || event.kind !== 'meeting' || !accessOf(viewer, event)) return null;
  const now = await heldDateNowOf(store, event, key.occurrence);
  if (now.change === 'moved') return { moved: { eventId: now.event.id, occurrence: now.occurrence } };
  if (now.change === 'ended') return { ended: now };
  // Any key the date had, told to anyone or not: a key from between two edits too (ADR 296).
  const former = await formerKeyNow(store, key);
  if (former) {
    const target = former.eventId === event.id ? event : await getEvent(store, former.eventId);
    return target && accessOf(viewer, target) ? { moved: former } : null;
  }
  // No alias (nobody was e-mailed about it): a date a split re-dated is found as the split paired it (ADR 288).
  const after = await dateAfterSplits(store, event, key.occurrence);
  return after && accessOf(viewer, after.event) ? { moved: { eventId: after.event.id, occurrence: after.recurrenceId } } : null;
}

/** Checks and stores an uploaded file for a meeting (or one of its items). */
export async function uploadDocument(
  store: Store,
  storage: DocumentStorage | null,
  record: MeetingRecord,
  itemId: string | null,
  form: { file: File; title: unknown; purpose: unknown },
  ctx: WriteContext,
): Promise<Outcome<string>> {
  if (!storage) {
    return refuse(
      409,
      'file',
      'cannot be uploaded: this installation keeps no files (no document storage is configured), so add a link instead',
    );
  }
  const meta = validateDocumentUpload({ title: form.title, purpose: form.purpose }, form.file.name);
  if (!meta.ok) return { ok: false, status: 400, errors: meta.errors };
  const bytes = new Uint8Array(await form.file.arrayBuffer());
  const checked = await checkDocumentFile(bytes, form.file.name);
  if (!checked.ok) return refuse(checked.tooLarge ? 413 : 400, 'file', checked.message);
  const id = await addDocumentFile(
    store,
    storage,
    record.key,
    itemId,
    {
      bytes,
      fileName: form.file.name,
      type: checked.type,
      mediaType: checked.mediaType,
      title: meta.value.title,
      purpose: meta.value.purpose,
    },
    ctx,
  );
  return { ok: true, value: id };
}

/**
 * Records that `record`'s minutes were approved as a correct record at a later meeting of the same
 * group, one that has begun. Refused when there are no minutes, or the meeting named is not such.
 */
export async function approveAt(store: Store, record: MeetingRecord, input: unknown, ctx: WriteContext): Promise<Outcome<MeetingKey>> {
  const parsed = validateApproval(input);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
  if (record.minutesStatus === 'none') return refuse(409, 'minutes', 'there are no minutes to approve yet: write them first');
  const approving = await meetingEvent(store, parsed.value);
  if (!approving) return refuse(400, 'eventId', 'is not a meeting (with that occurrence) in the calendar');
  if (!record.event.groupId || approving.event.groupId !== record.event.groupId) {
    return refuse(400, 'eventId', 'must be a meeting of the same group');
  }
  if (approving.date.start <= record.start)
    return refuse(400, 'eventId', 'must be a later meeting than the one whose minutes are approved');
  if (approving.date.start > utcIso(ctx.now))
    return refuse(409, 'eventId', 'has not begun yet: record the approval at or after that meeting');
  await approveMinutes(store, record, parsed.value, ctx);
  return { ok: true, value: parsed.value };
}

/** UTC text at second precision (utcIso's format) of an instant in ms, without Luxon. */
const utcSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** At most this many meetings of one group in one window (a weekly group meets 53 times a year). */
const GROUP_MEETINGS_CAP = 400;

export interface GroupMeeting {
  key: MeetingKey;
  event: CalendarEvent;
  when: CalendarEvent['when'];
  location: string;
  start: string;
  summary: MeetingSummary | null;
}

/**
 * The meetings of a group that the viewer may see whose start lies in [from, to), earliest first,
 * each with a summary of what has been recorded (agenda, minutes, attendance).
 */
export async function groupMeetings(
  store: Store,
  viewer: Viewer,
  groupId: string,
  from: DateTime,
  to: DateTime,
  opts: { publishedOnly?: boolean; cap?: number } = {},
): Promise<GroupMeeting[]> {
  const statuses: ('draft' | 'published')[] = viewer.organiser && !opts.publishedOnly ? ['draft', 'published'] : ['published'];
  // From the occurrence index, in start order: a year of one group's meetings is a short range.
  const { items } = await occurrencesIn(
    store,
    viewer,
    { from, to },
    { kinds: ['meeting'], groupIds: [groupId], statuses },
    opts.cap ?? GROUP_MEETINGS_CAP,
  );
  const [fromText, toText] = [utcIso(from), utcIso(to)];
  const dated = items
    .map(({ event, occurrence: o }) => ({ event, o, start: utcSeconds(instantRangeMs(o.when, event.timezone).start) }))
    .filter((m) => m.start >= fromText && m.start < toText);
  const summaries = await meetingSummaries(store, [...new Set(dated.map((m) => m.event.id))]);
  return dated
    .map(({ event, o, start }) => {
      const key = { eventId: event.id, occurrence: o.recurrenceId ?? '' };
      return { key, event, when: o.when, location: o.location, start, summary: summaries.get(summaryKey(key)) ?? null };
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.event.title.localeCompare(b.event.title));
}

/** The group's first meeting after this one, as organisers see the calendar (its start, UTC), or null. */
export async function nextMeetingAfter(store: Store, record: MeetingRecord): Promise<string | null> {
  if (!record.event.groupId) return null;
  const from = DateTime.fromISO(record.start, { zone: DEFAULT_ZONE }).plus({ minutes: 1 });
  return (await nextGroupMeeting(store, ORGANISER, record.event.groupId, from))?.start ?? null;
}

/**
 * The group's first published meeting the viewer may see starting in the year from `from`, or
 * null. Reads the first 20 of the index's rows (meetings still running at `from` come first and are
 * skipped; twenty running at once is beyond any group), not the year's meetings.
 */
export async function nextGroupMeeting(store: Store, viewer: Viewer, groupId: string, from: DateTime): Promise<GroupMeeting | null> {
  const found = await groupMeetings(store, viewer, groupId, from, from.plus({ years: 1 }), { publishedOnly: true, cap: 20 });
  return found[0] ?? null;
}

/** Until when a "minutes ready" email is worth sending: the next meeting, or four weeks from now if that has passed or is unknown. */
export async function minutesUsefulUntil(store: Store, record: MeetingRecord, now: Date): Promise<string> {
  const next = await nextMeetingAfter(store, record);
  const fallback = utcIso(DateTime.fromJSDate(now).plus({ weeks: 4 }));
  return next && next > utcIso(now) ? next : fallback;
}

/** Later meetings of the group that have begun: where these minutes may be recorded as approved. */
export async function approvingCandidates(store: Store, record: MeetingRecord, now: Date): Promise<GroupMeeting[]> {
  if (!record.event.groupId) return [];
  const from = DateTime.fromISO(record.start, { zone: DEFAULT_ZONE }).plus({ minutes: 1 });
  const to = DateTime.fromJSDate(now).plus({ minutes: 1 });
  if (to <= from) return [];
  return (await groupMeetings(store, ORGANISER, record.event.groupId, from, to)).filter((m) => m.event.status === 'published').slice(0, 12);
}
