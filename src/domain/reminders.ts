/**
 * @module Reminder rules with no I/O: default lead times per kind, overrides per group and per
 * event, who is reminded of what, and when each reminder of an occurrence is due. src/notify
 * turns these answers into outbox rows; nothing here knows about storage or email.
 */
import { DateTime } from 'luxon';
import type { CalendarEvent, When } from './event.js';
import type { EventKind } from './kinds.js';
import { startOfDay } from './time.js';
import { canSee, type Viewer } from './visibility.js';

/** A lead time as people say it: "4w", "7d", "1d", "2h". */
export type LeadTime = string;

/** Meetings a week and a day before; campaign weeks four weeks and one week before; deadlines two weeks before. */
export const DEFAULT_LEAD_TIMES: Record<EventKind, LeadTime[]> = {
  meeting: ['7d', '1d'],
  campaign_week: ['4w', '1w'],
  deadline: ['2w'],
  activity: ['1w'],
  training: ['1w'],
};

/** The longest lead time anyone may ask for; also bounds how far ahead the planner looks. */
export const MAX_LEAD_DAYS = 182;
export const MAX_LEAD_TIMES = 6;
/** Reminders of all-day events (a campaign week, a deadline) arrive at 09:00 UK time, not at midnight. */
export const ALL_DAY_REMINDER_HOUR = 9;

const LEAD_RE = /^([1-9]\d{0,3})([hdw])$/;

export function parseLeadTime(value: string): { amount: number; unit: 'h' | 'd' | 'w' } | null {
  const m = LEAD_RE.exec(value);
  if (!m) return null;
  const amount = Number(m[1]);
  const unit = m[2] as 'h' | 'd' | 'w';
  const days = unit === 'h' ? amount / 24 : unit === 'd' ? amount : amount * 7;
  return days <= MAX_LEAD_DAYS ? { amount, unit } : null;
}

/** Checks a list of lead times from user input; returns a message saying what is wrong, or the list sorted longest first. */
export function checkLeadTimes(value: unknown): { ok: true; value: LeadTime[] } | { ok: false; message: string } {
  if (!Array.isArray(value)) return { ok: false, message: 'must be a list of lead times like ["7d", "1d"]' };
  if (value.length > MAX_LEAD_TIMES) return { ok: false, message: `may have at most ${MAX_LEAD_TIMES} lead times` };
  const out: LeadTime[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || !parseLeadTime(item.trim())) {
      return {
        ok: false,
        message: `has "${String(item)}": use a number and h (hours), d (days) or w (weeks), at most ${MAX_LEAD_DAYS} days, e.g. "7d"`,
      };
    }
    if (!out.includes(item.trim())) out.push(item.trim());
  }
  return { ok: true, value: out.sort((a, b) => leadMinutes(b) - leadMinutes(a)) };
}

/** Lead times people pick from on the pages; any other valid lead time can be typed in. */
export const LEAD_TIME_CHOICES: LeadTime[] = ['4w', '2w', '7d', '3d', '1d', '2h'];

/** A lead time in words: "4 weeks", "1 week" (7d), "1 day", "2 hours". */
export function leadTimeWords(lead: LeadTime): string {
  const p = parseLeadTime(lead);
  if (!p) return lead;
  if (p.unit === 'd' && p.amount % 7 === 0) return leadTimeWords(`${p.amount / 7}w`);
  const unit = { h: 'hour', d: 'day', w: 'week' }[p.unit];
  return `${p.amount} ${unit}${p.amount === 1 ? '' : 's'}`;
}

/** Lead times in words: "1 week and 1 day before", "no reminders". */
export function leadTimesWords(leads: LeadTime[]): string {
  if (!leads.length) return 'no reminders';
  const words = leads.map(leadTimeWords);
  return `${words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]} before`;
}

export function leadMinutes(lead: LeadTime): number {
  const p = parseLeadTime(lead);
  if (!p) return 0;
  return p.unit === 'h' ? p.amount * 60 : p.unit === 'd' ? p.amount * 1440 : p.amount * 7 * 1440;
}

/** The lead times of an event: the event's own override, else its group's, else its kind's default. */
export function leadTimesOf(
  event: Pick<CalendarEvent, 'kind'>,
  overrides: { event?: LeadTime[] | null; group?: LeadTime[] | null },
): LeadTime[] {
  return overrides.event ?? overrides.group ?? DEFAULT_LEAD_TIMES[event.kind];
}

/** When an occurrence begins, as an instant in the event's zone (all-day: midnight local). */
export function occurrenceStart(when: When, zone: string): DateTime {
  return when.allDay ? startOfDay(when.startDate, zone) : DateTime.fromISO(when.startsAt, { zone });
}

/**
 * When the reminder `lead` before an occurrence is due. Days and weeks count on the UK wall clock,
 * so "1d before" an 18:00 meeting is 18:00 the day before even across a clock change; all-day
 * events are reminded at 09:00 local.
 */
export function reminderDueAt(when: When, zone: string, lead: LeadTime): DateTime {
  const p = parseLeadTime(lead);
  if (!p) throw new Error(`not a lead time: ${lead}`);
  const start = occurrenceStart(when, zone);
  if (p.unit === 'h') return start.minus({ hours: p.amount });
  const days = p.unit === 'd' ? p.amount : p.amount * 7;
  const due = start.minus({ days });
  return when.allDay ? due.set({ hour: ALL_DAY_REMINDER_HOUR }) : due;
}

/** Who someone is, as far as reminders are concerned. */
export interface Recipient {
  personId: string;
  email: string;
  /** Belongs to a partner organisation. */
  hasOrganisation: boolean;
  /** Groups the person is a member of. */
  groupIds: string[];
  /** Everything paused, or one-click unsubscribed from everything. */
  paused: boolean;
  unsubscribed: boolean;
}

export type Topic = `group:${string}` | `kind:${string}` | `theme:${string}` | `event:${string}` | 'digest';

export interface Subscription {
  personId: string;
  topic: string;
  leadTimes: LeadTime[] | null;
  paused: boolean;
  unsubscribed: boolean;
}

/**
 * What a recipient may see, for the visibility rules: partners are people of a partner
 * organisation or members of a partnership group; members see their groups' events.
 */
export function recipientViewer(r: Pick<Recipient, 'hasOrganisation' | 'groupIds'>): Viewer {
  return { organiser: false, partner: r.hasOrganisation || r.groupIds.length > 0, groupIds: r.groupIds };
}

/**
 * Whether a topic covers an event. A group topic covers all that group's events; an event topic
 * ("event:<id>") covers that one event (a meeting action's owner follows its deadline this way).
 */
export function topicCovers(topic: string, event: Pick<CalendarEvent, 'id' | 'kind' | 'groupId' | 'themes'>): boolean {
  const [scope, value] = splitTopic(topic);
  if (scope === 'event') return event.id === value;
  if (scope === 'group') return event.groupId === value;
  if (scope === 'kind') return event.kind === value;
  if (scope === 'theme') return event.themes.includes(value);
  return false;
}

export function splitTopic(topic: string): [string, string] {
  const i = topic.indexOf(':');
  return i < 0 ? [topic, ''] : [topic.slice(0, i), topic.slice(i + 1)];
}

/**
 * The lead times each person should get for an event: members of the event's group by default
 * (meetings), anyone whose subscription covers it, filtered by who may see it. A person covered
 * twice gets the union of lead times, never two copies of one reminder.
 */
export function remindersFor(
  event: CalendarEvent,
  eventLeads: LeadTime[],
  recipients: Iterable<Recipient>,
  subscriptionsOf: (personId: string) => Subscription[],
): Map<string, { recipient: Recipient; leads: LeadTime[] }> {
  const out = new Map<string, { recipient: Recipient; leads: LeadTime[] }>();
  if (event.status !== 'published') return out;
  for (const r of recipients) {
    if (r.paused || r.unsubscribed) continue;
    if (!canSee(recipientViewer(r), event)) continue;
    const subs = subscriptionsOf(r.personId);
    const leads = new Set<LeadTime>();
    const groupTopic = event.groupId ? `group:${event.groupId}` : null;
    const own = groupTopic ? subs.find((s) => s.topic === groupTopic) : undefined;
    if (event.kind === 'meeting' && event.groupId && r.groupIds.includes(event.groupId) && !own) {
      for (const l of eventLeads) leads.add(l);
    }
    for (const s of subs) {
      if (s.paused || s.unsubscribed || !topicCovers(s.topic, event)) continue;
      for (const l of s.leadTimes ?? eventLeads) leads.add(l);
    }
    if (leads.size) out.set(r.personId, { recipient: r, leads: [...leads].sort((a, b) => leadMinutes(b) - leadMinutes(a)) });
  }
  return out;
}

/**
 * Whether a person has opted out of email about an event (reminders and the notices that it moved
 * or was cancelled): unsubscribed from everything, or every topic of theirs that covers the event
 * (their group's included) is unsubscribed. Someone who clicked Unsubscribe on a reminder hears
 * nothing more about that event, changes included, until they tick it again; someone who simply
 * left the group has opted out of nothing, so still hears that a meeting they were told of moved.
 */
export function optedOutOf(
  r: Pick<Recipient, 'unsubscribed'>,
  event: Pick<CalendarEvent, 'id' | 'kind' | 'groupId' | 'themes'>,
  subs: Subscription[],
): boolean {
  if (r.unsubscribed) return true;
  const covering = subs.filter((s) => topicCovers(s.topic, event));
  return covering.length > 0 && covering.every((s) => s.unsubscribed);
}

/** The Monday 08:00 (UK) at or before `now`: when the weekly digest for that week is due. */
export function digestDueAt(now: DateTime, zone: string): DateTime {
  const local = now.setZone(zone);
  const monday = local.startOf('week').set({ hour: 8 });
  return monday <= local ? monday : monday.minus({ weeks: 1 });
}

export const DIGEST_DAYS = 14;
