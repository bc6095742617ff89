/**
 * @module One outbox row to one email: renders the template for its kind with the event as it is
 * now, the .ics invitation (src/feeds/ics.ts, the same UID and SEQUENCE as the feeds), signed
 * unsubscribe/preferences/apology links and the RFC 8058 headers. Or says why it must not be sent.
 */
import { DateTime } from 'luxon';
import { apologyEmail } from '../../emails/apology.js';
import { cancellationEmail } from '../../emails/cancellation.js';
import { changeEmail } from '../../emails/change.js';
import { digestEmail } from '../../emails/digest.js';
import { agendaEmail, minutesEmail, type AgendaEntry } from '../../emails/meeting-papers.js';
import { formatWhenShort, formatWhenUk } from '../../emails/format.js';
import type { EventView, FooterView, RenderedEmail } from '../../emails/parts.js';
import { reminderEmail } from '../../emails/reminder.js';
import { filterOnly } from '../db/dialect.js';
import { dateChangeReasonsOf, getEvent } from '../db/events.js';
import { occurrencesIn } from '../occurrences/index.js';
import { keptActivityNote, type CalendarEvent, type When } from '../domain/event.js';
import type { MeetingKey } from '../meetings/meeting.js';
import { documentPath, meetingPath } from '../meetings/paths.js';
import { loadMeeting } from '../meetings/queries.js';
import { KIND_LABELS, KIND_PLURALS, THEMES, isThemeCode } from '../domain/kinds.js';
import { DIGEST_DAYS, occurrenceStart, optedOutOf, recipientViewer, splitTopic, topicCovers, type Recipient } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { localStartDate } from '../domain/campaign-copy.js';
import { renderInvitation } from '../feeds/ics.js';
import { ATTENDEE_STAND_IN, invitationFor, learnClockChangesFor } from '../feeds/writer.js';
import { timeSlicer } from '../feeds/yield.js';
import { loadPeopleAudiences, loadPersonAudience, type Audience } from './audience.js';
import type { NotifyDeps } from './deps.js';
import { linkUrls, type LinkSigner } from './links.js';
import type { MailMessage } from './mailer.js';
import { endedBySeriesEdit, endOfWhen, occurrenceState, type OccurrenceState } from './occurrence-state.js';
import { aliasesOf, type AliasRow } from '../series/index.js';
import type { DeliveryRow } from './outbox.js';

/** The e-mails that carry an invitation of a date, numbered by SEQUENCE (RFC 5546 §2.1.4). */
const INVITATION_KINDS = ['reminder', 'update', 'cancellation'] as const;

/** The most events one weekly digest lists (a fortnight of a busy partnership fits). */
const DIGEST_MAX_ITEMS = 60;

export type Composed =
  | { ok: true; message: MailMessage; told: { sequence: number | null; start: string | null; end?: string; location: string | null } }
  | { ok: false; status: 'skipped' | 'cancelled'; reason: string };

interface GroupInfo {
  id: string;
  name: string;
  organiserEmail: string | null;
}

/**
 * Per-pass caches: one read of each event, group and person, however many emails mention them.
 * People are read only when an email to them is composed, so a pass with nothing due reads nobody.
 */
export class ComposeContext {
  private events = new Map<string, Promise<CalendarEvent | null>>();
  private groups = new Map<string, Promise<GroupInfo | null>>();
  private people = new Map<string, Promise<Audience>>();
  constructor(
    readonly deps: NotifyDeps,
    readonly signer: LinkSigner,
  ) {}

  /** One person's switches, groups and subscriptions (an Audience holding just them). */
  audienceOf(personId: string | null): Promise<Audience> {
    const id = personId ?? '';
    let p = this.people.get(id);
    if (!p) this.people.set(id, (p = loadPersonAudience(this.deps.store, id)));
    return p;
  }

  /**
   * Reads the people of a batch of claimed reminders at once (loadPeopleAudiences), so composing
   * each email finds its reader already read: four statements a batch instead of four an email.
   */
  prefetchAudiences(personIds: (string | null)[]): Promise<void> {
    const ids = [...new Set(personIds.filter((id): id is string => !!id && !this.people.has(id)))];
    if (!ids.length) return Promise.resolve();
    const read = loadPeopleAudiences(this.deps.store, ids);
    for (const id of ids)
      this.people.set(
        id,
        read.then((audiences) => audiences.get(id)!),
      );
    // A failed read is not the claim's to report: each email composed awaits it and fails (and is retried) as its own.
    return read.then(
      () => undefined,
      () => undefined,
    );
  }

  private memos = new Map<string, unknown>();
  /** What every email about one occurrence shares (its state, its words), computed once per pass. */
  memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }

  private aliases = new Map<string, Promise<Map<string, AliasRow>>>();
  /** What a series edit made of the date people hold as (event, RECURRENCE-ID), if anything. */
  async alias(eventId: string, recurrenceId: string): Promise<AliasRow | undefined> {
    let p = this.aliases.get(eventId);
    if (!p) this.aliases.set(eventId, (p = aliasesOf(this.deps.store, [eventId])));
    return (await p).get(`${eventId}\u0000${recurrenceId}`);
  }

  private reasons = new Map<string, Promise<Map<string, string>>>();
  /** The reasons of an event's dates whose latest change was their own (ADR 201), read once per event per pass. */
  dateReasons(eventId: string): Promise<Map<string, string>> {
    let p = this.reasons.get(eventId);
    if (!p) this.reasons.set(eventId, (p = dateChangeReasonsOf(this.deps.store, eventId)));
    return p;
  }

  private sent = new Map<string, Promise<Map<string, number>>>();
  /**
   * The highest SEQUENCE each address was sent in an invitation for the date it holds as (event,
   * RECURRENCE-ID), sends of this pass included: one query on the (event_id, occurrence,
   * recipient) index per date per pass. Null when nothing numbered was sent (ADR 155).
   */
  async lastSequence(eventId: string, recurrenceId: string, recipient: string): Promise<number | null> {
    return (await this.sentSequences(eventId, recurrenceId)).get(recipient) ?? null;
  }

  /** Records a SEQUENCE just sent, so a second e-mail about the date in the same pass counts it. */
  async noteSequence(eventId: string, recurrenceId: string, recipient: string, sequence: number): Promise<void> {
    const sent = await this.sentSequences(eventId, recurrenceId);
    sent.set(recipient, Math.max(sequence, sent.get(recipient) ?? sequence));
  }

  private sentSequences(eventId: string, recurrenceId: string): Promise<Map<string, number>> {
    const k = `${eventId}\u0000${recurrenceId}`;
    let p = this.sent.get(k);
    if (!p) {
      p = this.deps.store.db
        .selectFrom('reminder_deliveries')
        .select((eb) => ['recipient', eb.fn.max<number>('sequence').as('sequence')])
        .where('event_id', '=', eventId)
        .where('occurrence', '=', recurrenceId)
        // By the date's rows, never by every sent row of the table (ADR 256).
        .where(filterOnly(this.deps.store, 'status'), '=', 'sent')
        .where('kind', 'in', INVITATION_KINDS)
        .where('sequence', 'is not', null)
        .groupBy('recipient')
        .execute()
        .then((rows) => new Map(rows.map((r) => [r.recipient, Number(r.sequence)])));
      this.sent.set(k, p);
    }
    return p;
  }

  event(id: string): Promise<CalendarEvent | null> {
    let p = this.events.get(id);
    if (!p) this.events.set(id, (p = getEvent(this.deps.store, id)));
    return p;
  }

  group(id: string | null): Promise<GroupInfo | null> {
    if (!id) return Promise.resolve(null);
    let p = this.groups.get(id);
    if (!p) {
      p = this.deps.store.db
        .selectFrom('groups')
        .select(['id', 'name', 'organiser_email'])
        .where('id', '=', id)
        .executeTakeFirst()
        .then((g) => (g ? { id: g.id, name: g.name, organiserEmail: g.organiser_email } : null));
      this.groups.set(id, p);
    }
    return p;
  }
}

function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

function eventView(deps: NotifyDeps, event: CalendarEvent, when: When, location: string, group: GroupInfo | null): EventView {
  return {
    partnershipName: deps.config.partnershipName,
    title: event.title,
    kindLabel: KIND_LABELS[event.kind],
    // A series' usual start: a date the spring change moved says so, as its page does (ADR 275).
    when: formatWhenUk(when, event.timezone, event.rrule && !event.when.allDay ? event.when.startsAt : undefined),
    whenShort: formatWhenShort(when, event.timezone),
    where: location,
    description: event.description,
    links: event.links,
    groupName: group?.name ?? null,
    parentNote: keptActivityNote(event),
  };
}

/** A meeting's "send apologies" page for this e-mail's reader (a group member with the group's organiser to tell), else null. */
function apologiesLink(ctx: ComposeContext, row: DeliveryRow, event: CalendarEvent, group: GroupInfo | null, token: string): string | null {
  return event.kind === 'meeting' && row.person_id && group?.organiserEmail ? linkUrls(ctx.deps.config.publicUrl).apology(token) : null;
}

/** "today", "tomorrow", "in 6 days", "in 4 weeks": from now to the start, in UK calendar days. */
export function howSoon(now: Date, when: When, zone: string): string {
  const start = occurrenceStart(when, zone).setZone(zone).startOf('day');
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  const days = Math.round(start.diff(today, 'days').days);
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days >= 14 && days % 7 === 0) return `in ${days / 7} weeks`;
  return `in ${days} days`;
}

/** The topics that brought this event to this person; unsubscribing from them stops these emails. */
export function topicsFor(person: Recipient | undefined, event: CalendarEvent, audience: Audience): string[] {
  if (!person) return ['*'];
  const topics: string[] = [];
  if (event.groupId && event.kind === 'meeting' && person.groupIds.includes(event.groupId)) topics.push(`group:${event.groupId}`);
  for (const s of audience.subscriptions.get(person.personId) ?? []) {
    if (!s.unsubscribed && topicCovers(s.topic, event) && !topics.includes(s.topic)) topics.push(s.topic);
  }
  return topics.length ? topics : ['*'];
}

function reasonText(topics: string[], group: GroupInfo | null): string {
  const [scope, value] = splitTopic(topics[0]!);
  if (scope === 'group') return `You get this because you are a member of ${group?.name ?? 'a group'} or follow its events.`;
  if (scope === 'kind')
    return `You get this because you asked for reminders of ${(KIND_PLURALS as Record<string, string>)[value] ?? value}.`;
  if (scope === 'theme') return `You get this because you follow ${isThemeCode(value) ? THEMES[value] : value}.`;
  if (scope === 'digest') return 'You get this because you asked for the weekly digest.';
  if (scope === 'event') return 'You get this because you own this action or follow this date.';
  return 'You get this because you were reminded of this event.';
}

function footer(
  ctx: ComposeContext,
  token: string,
  topics: string[],
  group: GroupInfo | null,
): { view: FooterView; unsubscribeUrl: string } {
  const urls = linkUrls(ctx.deps.config.publicUrl);
  const unsubscribeUrl = urls.unsubscribe(token);
  return { view: { reason: reasonText(topics, group), preferencesUrl: urls.preferences(token), unsubscribeUrl }, unsubscribeUrl };
}

function message(
  ctx: ComposeContext,
  row: DeliveryRow,
  email: RenderedEmail,
  extra: Partial<MailMessage>,
  unsubscribeUrl: string | null,
): MailMessage {
  const host = new URL(ctx.deps.config.publicUrl).hostname;
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated', 'X-Safercal-Delivery': row.id };
  if (unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: ctx.deps.config.mailFrom,
    to: [row.recipient],
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers,
    messageId: `<${row.id}@${host}>`,
    ...extra,
  };
}

export async function compose(ctx: ComposeContext, row: DeliveryRow, now: Date): Promise<Composed> {
  if (row.kind === 'digest') return composeDigest(ctx, row, now);
  const held = await ctx.event(row.event_id);
  if (!held) return { ok: false, status: 'cancelled', reason: 'the event no longer exists' };
  // People hold the date as (row.event_id, row.occurrence); a series edit may have moved it to
  // another RECURRENCE-ID or event (an alias), or ended it. The e-mail keeps the UID and
  // RECURRENCE-ID they hold and says where the date is now (docs/decisions.md, ADR 91).
  const alias = row.occurrence ? await ctx.alias(row.event_id, row.occurrence) : undefined;
  const moved = alias?.current ? await ctx.event(alias.current.eventId) : null;
  const event = moved ?? held;
  const occurrence = moved ? alias!.current!.recurrenceId : row.occurrence;
  const group = await ctx.group(event.groupId);
  const state = ctx.memo(`state:${event.id}:${occurrence}:${row.event_id}`, (): OccurrenceState => {
    if (alias && !alias.current) return endedBySeriesEdit(held, row.occurrence, alias.reason);
    return occurrenceState(event, occurrence);
  });
  const payload = JSON.parse(row.payload || '{}') as Record<string, unknown>;
  if (row.kind === 'apology') return composeApology(ctx, row, event, state.when, state.location, group, payload);
  if (row.kind === 'agenda' || row.kind === 'minutes') return composeMeetingPapers(ctx, row, event, group, now);

  const audience = await ctx.audienceOf(row.person_id);
  const person = row.person_id ? audience.recipients.get(row.person_id) : undefined;
  if (person && optedOutOf(person, event, audience.subscriptions.get(person.personId) ?? []))
    return { ok: false, status: 'cancelled', reason: 'the person unsubscribed' };
  if (row.kind !== 'cancellation' && state.cancelled) return { ok: false, status: 'cancelled', reason: state.reason };
  if (row.kind === 'cancellation' && !state.cancelled) return { ok: false, status: 'cancelled', reason: 'the event is on again' };

  // A cancellation names the time and place the person was last told, not the series' original slot.
  const told =
    row.kind === 'cancellation'
      ? {
          when: shiftWhen(state.when, row.occurrence_start, whenDurationMs(state.when)),
          location: typeof payload.toldLocation === 'string' ? payload.toldLocation : state.location,
        }
      : null;
  const view = told
    ? eventView(ctx.deps, event, told.when, told.location, group)
    : ctx.memo(`view:${event.id}:${row.event_id}:${row.occurrence}`, () => eventView(ctx.deps, event, state.when, state.location, group));
  const topics = topicsFor(person, event, audience);
  const token = await ctx.signer.sign({ personId: row.person_id ?? '', deliveryId: row.id });
  const { view: footerView, unsubscribeUrl } = footer(ctx, token, topics, group);
  const organizer = {
    name: group?.name ?? ctx.deps.config.partnershipName,
    email: group?.organiserEmail ?? addressOf(ctx.deps.config.mailFrom),
  };
  const method = row.kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
  // A moved date keeps the UID and RECURRENCE-ID people hold; held under another event's UID (a
  // split), its SEQUENCE counts the changes of both events, so it is higher than any they were sent
  // (ADR 91). Under its own event's UID that event's SEQUENCE already counts every change since: one
  // edit is one step (ADR 154), not two.
  const computed = moved && held.id !== event.id ? held.sequence + event.sequence : event.sequence;
  // RFC 5546 §2.1.4: a calendar applies an update only above the SEQUENCE it last got for the UID
  // and RECURRENCE-ID, and the sum above can fall when a later edit moves the date into a newer
  // part (fewer changes of its own). So never below what this address was sent for the identity it
  // holds: a change or cancellation one above it, a reminder (the same news again) at it (ADR 155).
  const last = await ctx.lastSequence(row.event_id, row.occurrence, row.recipient);
  const sequence = nextSequence(computed, last, row.kind !== 'reminder');
  await ctx.noteSequence(row.event_id, row.occurrence, row.recipient, sequence);
  // The VEVENT says when and where the date is as this e-mail tells it: a date held under another
  // identity (moved) as it is now; a cancelled one as the person last held it (a moved date's moved
  // time, not the series' own slot for its RECURRENCE-ID: RFC 5546 §3.2.5).
  const instance =
    moved || told
      ? {
          when: told?.when ?? state.when,
          location: told?.location ?? state.location,
          exception: event.exceptions.find((e) => e.recurrenceId === occurrence) ?? null,
        }
      : null;
  // A series' first invitation in a process reads its clock changes up to 2200 (ADR 265): learnt a
  // year at a time first, so the pass does not hold the event loop ~100 ms for them in one go.
  await learnClockChangesFor(event, timeSlicer());
  // Written once per date and what its readers hold, then addressed to each reader (writer.ts invitationFor).
  const shared = ctx.memo(
    `ics:${JSON.stringify([event.id, moved ? held.id : null, row.occurrence, method, sequence, organizer, instance?.when, instance?.location])}`,
    () =>
      renderInvitation({
        event: moved ? { ...event, id: held.id } : event,
        recurrenceId: row.occurrence || null,
        method,
        organizer,
        attendees: [{ email: ATTENDEE_STAND_IN }],
        publicUrl: ctx.deps.config.publicUrl,
        sequence,
        ...(instance ? { instance } : {}),
      }),
  );
  const ics = invitationFor(shared, row.recipient);
  let email: RenderedEmail;
  if (row.kind === 'reminder') {
    // Once a meeting's agenda is published, its reminders link to it (read once per occurrence per
    // pass): the meeting the date is now, whose key a series edit may have changed (ADR 283).
    const key = { eventId: event.id, occurrence };
    const agenda =
      event.kind === 'meeting' && (await ctx.memo(`agenda:${event.id}:${occurrence}`, () => agendaPublished(ctx, key)))
        ? [{ title: 'Agenda and papers', url: `${ctx.deps.config.publicUrl}${meetingPath(key)}` }]
        : [];
    const apologiesUrl = apologiesLink(ctx, row, event, group, token);
    const lead = ctx.memo(`soon:${event.id}:${row.event_id}:${row.occurrence}`, () => howSoon(now, state.when, event.timezone));
    email = reminderEmail({
      event: agenda.length ? { ...view, links: [...view.links, ...agenda] } : view,
      lead,
      apologiesUrl,
      footer: footerView,
    });
  } else if (row.kind === 'update') {
    const prevStart = typeof payload.previousStart === 'string' ? payload.previousStart : null;
    const prevLocation = typeof payload.previousLocation === 'string' ? payload.previousLocation : null;
    const previous: { when?: string; where?: string } = {};
    let timeOnly = false;
    // The end people hold too (kept with the delivery since ADR 274): "was" quotes the span they
    // were told, not the old start with the new length (issue 10, ADR 294).
    const prevEnd = typeof payload.previousEnd === 'string' ? payload.previousEnd : null;
    if (prevStart && !state.cancelled && prevStart !== utcIso(occurrenceStart(state.when, event.timezone))) {
      const was = toldWhen(state.when, prevStart, prevEnd);
      previous.when = formatWhenUk(was, event.timezone);
      // Same UK day, another time: "has a new time", not "has moved" (issue 10).
      timeOnly = !state.when.allDay && localStartDate(was, event.timezone) === localStartDate(state.when, event.timezone);
    }
    // The end alone changed (a longer meeting, a week a day longer): the old span beside the new (ADR 274).
    const endOnly = !previous.when && !state.cancelled && prevEnd !== null && prevEnd !== endOfWhen(state.when);
    if (endOnly) {
      const was: When = state.when.allDay ? { ...state.when, endDate: prevEnd } : { ...state.when, endsAt: prevEnd };
      previous.when = formatWhenUk(was, event.timezone);
    }
    if (prevLocation !== null && prevLocation !== state.location) previous.where = prevLocation || 'to be confirmed';
    const exception = event.exceptions.find((e) => e.recurrenceId === occurrence);
    const note = exception?.note ?? '';
    // The organiser's reason for the edit that moved the date, as it stands when the e-mail goes
    // (ADR 120): kept with the alias of a date a series edit moved, else on the event; a date
    // moved on its own has its note instead.
    // A date whose latest change was its own (a move, a cancel, or a move removed) quotes that
    // change's reason, '' when none (its words are its note), never the event's or an alias's (ADRs 201, 232).
    const own = (await ctx.dateReasons(event.id)).get(occurrence);
    const backOn = payload.reinstated === true;
    // "Back on" for a date a split moved quotes the split's reason, as "Changed" and "Cancelled" do:
    // its restore has words of none ('' above), and the split may be what changed since (issue 10).
    const reason = backOn
      ? alias?.current
        ? alias.reason
        : ''
      : own !== undefined
        ? own
        : (alias?.current ? alias.reason : '') || (exception ? '' : (event.changeReason ?? ''));
    email = changeEmail({
      event: view,
      previous,
      endOnly,
      timeOnly,
      note,
      reason,
      backOn,
      // Where its reminder has one: the link resolves through the date people hold, as a reminder's does (ADR 283).
      apologiesUrl: state.cancelled ? null : apologiesLink(ctx, row, event, group, token),
      footer: footerView,
    });
  } else {
    // The organiser's own words, as they stand when the e-mail goes (ADR 96).
    email = cancellationEmail({
      event: view,
      reason: state.cancelled ? state.organiserReason : '',
      ...(state.cancelled && state.seriesCancelled ? { seriesCancelled: state.seriesCancelled } : {}),
      footer: footerView,
    });
  }
  return {
    ok: true,
    message: message(ctx, row, email, { calendar: { method, content: ics }, replyTo: group?.organiserEmail ?? undefined }, unsubscribeUrl),
    told: {
      sequence,
      start: state.cancelled ? row.occurrence_start : state.start,
      // The end it told, so a change of the end alone is news too (ADR 274); the occurrence's own
      // end worked out once per pass, as its state is.
      end: told ? endOfWhen(told.when) : ctx.memo(`end:${event.id}:${occurrence}:${row.event_id}`, () => endOfWhen(state.when)),
      // What this e-mail said: a cancellation names the place people held (a split may have given
      // the date a new venue since), so a later "Back on" can say "(was …)" (ADR 241).
      location: told ? told.location : state.location,
    },
  };
}

/**
 * The SEQUENCE of an invitation: `computed` from the events' own counters, raised to stay above
 * `last`, the highest this address was sent for the same UID and RECURRENCE-ID (null: none). A
 * change (`isNews`) must be higher than it, a repeat may equal it (RFC 5546 §2.1.4). Integers.
 */
export function nextSequence(computed: number, last: number | null, isNews: boolean): number {
  if (last === null) return computed;
  return Math.max(computed, isNews ? last + 1 : last);
}

function whenDurationMs(when: When): number {
  return when.allDay ? 0 : Date.parse(when.endsAt) - Date.parse(when.startsAt);
}

/**
 * The date as a person was last told it, to say what it "was": it starts at `startIso` (UTC
 * instant) and ends at `endIso`, the end their last e-mail told (UTC instant for a timed date, an
 * all-day date's last day, inclusive), when one is recorded and comes after the start; otherwise
 * (deliveries sent before ADR 274 kept no end) the date keeps the length `when` has now.
 */
function toldWhen(when: When, startIso: string, endIso: string | null): When {
  const shifted = shiftWhen(when, startIso, whenDurationMs(when));
  if (endIso === null) return shifted;
  if (shifted.allDay) return /^\d{4}-\d{2}-\d{2}$/.test(endIso) && endIso >= shifted.startDate ? { ...shifted, endDate: endIso } : shifted;
  return endIso.includes('T') && Date.parse(endIso) > Date.parse(startIso) ? { ...shifted, endsAt: endIso } : shifted;
}

/** The same shape of When, starting at `startIso` (to say what the time "was"). */
function shiftWhen(when: When, startIso: string, durationMs: number): When {
  if (when.allDay) {
    const start = DateTime.fromISO(startIso, { zone: 'Europe/London' }).toISODate()!;
    const days = Math.round((Date.parse(when.endDate) - Date.parse(when.startDate)) / 86_400_000);
    return { allDay: true, startDate: start, endDate: DateTime.fromISO(start).plus({ days }).toISODate()! };
  }
  return { allDay: false, startsAt: startIso, endsAt: utcIso(new Date(Date.parse(startIso) + durationMs)) };
}

async function composeApology(
  ctx: ComposeContext,
  row: DeliveryRow,
  event: CalendarEvent,
  when: When,
  location: string,
  group: GroupInfo | null,
  payload: Record<string, unknown>,
): Promise<Composed> {
  const personId = typeof payload.personId === 'string' ? payload.personId : '';
  const person = await ctx.deps.store.db
    .selectFrom('people')
    .leftJoin('group_members', (j) =>
      j.onRef('group_members.person_id', '=', 'people.id').on('group_members.group_id', '=', event.groupId ?? ''),
    )
    .select(['people.email', 'people.display_name', 'group_members.role'])
    .where('people.id', '=', personId)
    .executeTakeFirst();
  if (!person) return { ok: false, status: 'cancelled', reason: 'the person is no longer in the directory' };
  const who = person.display_name ?? person.role ?? person.email;
  const email = apologyEmail({
    event: eventView(ctx.deps, event, when, location, group),
    member: `${who} (${person.email})`,
    note: typeof payload.note === 'string' ? payload.note : '',
  });
  return {
    ok: true,
    message: message(ctx, row, email, { replyTo: person.email }, null),
    told: { sequence: event.sequence, start: null, location: null },
  };
}

async function composeDigest(ctx: ComposeContext, row: DeliveryRow, now: Date): Promise<Composed> {
  const audience = await ctx.audienceOf(row.person_id);
  const person = row.person_id ? audience.recipients.get(row.person_id) : undefined;
  const wants =
    person &&
    !person.paused &&
    !person.unsubscribed &&
    (audience.subscriptions.get(person.personId) ?? []).some((s) => s.topic === 'digest' && !s.paused && !s.unsubscribed);
  if (!person || !wants) return { ok: false, status: 'cancelled', reason: 'the person no longer wants the digest' };
  const from = DateTime.fromJSDate(now, { zone: 'UTC' });
  const window = { from, to: from.plus({ days: DIGEST_DAYS }) };
  const { items: coming } = await occurrencesIn(
    ctx.deps.store,
    recipientViewer(person),
    window,
    { statuses: ['published'] },
    DIGEST_MAX_ITEMS,
  );
  const items = coming.map(({ event: e, occurrence: o }) => ({
    title: e.title,
    kindLabel: KIND_LABELS[e.kind],
    when: formatWhenUk(o.when, e.timezone),
    where: o.location,
  }));
  const token = await ctx.signer.sign({ personId: row.person_id ?? '', deliveryId: row.id });
  const { view, unsubscribeUrl } = footer(ctx, token, ['digest'], null);
  const email = digestEmail({ partnershipName: ctx.deps.config.partnershipName, days: DIGEST_DAYS, items, footer: view });
  return { ok: true, message: message(ctx, row, email, {}, unsubscribeUrl), told: { sequence: null, start: null, location: null } };
}

async function agendaPublished(ctx: ComposeContext, key: MeetingKey): Promise<boolean> {
  const row = await ctx.deps.store.db
    .selectFrom('meetings')
    .select('agenda_published_at')
    .where('event_id', '=', key.eventId)
    .where('occurrence', '=', key.occurrence)
    .executeTakeFirst();
  return !!row?.agenda_published_at;
}

/**
 * A meeting's agenda (kind 'agenda') or draft minutes (kind 'minutes') for one member, from the
 * meeting as it is at send time: what a member of the group may see, except that exempt items keep
 * their titles and papers off email (they are on the meeting's page for members who sign in).
 */
async function composeMeetingPapers(
  ctx: ComposeContext,
  row: DeliveryRow,
  event: CalendarEvent,
  group: GroupInfo | null,
  now: Date,
): Promise<Composed> {
  const audience = await ctx.audienceOf(row.person_id);
  const person = row.person_id ? audience.recipients.get(row.person_id) : undefined;
  if (!person || person.unsubscribed || person.paused)
    return { ok: false, status: 'cancelled', reason: 'the person paused or unsubscribed' };
  const groupTopic = (audience.subscriptions.get(person.personId) ?? []).find((s) => s.topic === `group:${event.groupId}`);
  if (groupTopic?.unsubscribed) return { ok: false, status: 'cancelled', reason: 'the person unsubscribed from this group' };
  const key = { eventId: event.id, occurrence: row.occurrence };
  const record = await loadMeeting(ctx.deps.store, key);
  if (!record || record.cancelled) return { ok: false, status: 'cancelled', reason: 'the meeting no longer takes place' };
  if (row.kind === 'minutes' && (record.minutesStatus === 'none' || record.minutesStatus === 'draft')) {
    return { ok: false, status: 'cancelled', reason: 'the minutes are no longer marked ready' };
  }
  const base = ctx.deps.config.publicUrl;
  const paperUrl = (d: { id: string; url: string | null }) => d.url ?? `${base}${documentPath(d.id)}`;
  const items: AgendaEntry[] = record.items.map((i) =>
    i.exempt
      ? { number: i.number, title: null, lead: '', exemptReason: i.exemptReason, papers: [], minutes: '' }
      : {
          number: i.number,
          title: i.title,
          lead: i.lead,
          exemptReason: null,
          papers: i.documents.filter((d) => d.purpose === 'paper').map((d) => ({ title: d.title, url: paperUrl(d) })),
          minutes: i.minutes,
        },
  );
  const documents = record.documents
    .filter((d) => (row.kind === 'minutes' ? d.purpose === 'minutes' : d.purpose === 'paper'))
    .map((d) => ({ title: d.title, url: paperUrl(d) }));
  const token = await ctx.signer.sign({ personId: row.person_id ?? '', deliveryId: row.id });
  const { view: footerView, unsubscribeUrl } = footer(ctx, token, [`group:${event.groupId}`], group);
  const upcoming = Date.parse(record.start) > now.getTime();
  const input = {
    event: eventView(ctx.deps, event, record.when, record.location, group),
    pageUrl: `${base}${meetingPath(key)}`,
    items,
    documents,
    revision: row.kind === 'agenda' ? record.agendaRevision : record.minutesRevision,
    apologiesUrl: row.kind === 'agenda' && upcoming && group?.organiserEmail ? linkUrls(base).apology(token) : null,
    nextMeeting:
      row.kind === 'minutes' && Date.parse(row.occurrence_start) > now.getTime()
        ? formatWhenUk(shiftWhen(record.when, row.occurrence_start, whenDurationMs(record.when)), event.timezone)
        : null,
    footer: footerView,
  };
  const email = row.kind === 'agenda' ? agendaEmail(input) : minutesEmail(input);
  return {
    ok: true,
    message: message(ctx, row, email, { replyTo: group?.organiserEmail ?? undefined }, unsubscribeUrl),
    told: { sequence: null, start: null, location: null },
  };
}
