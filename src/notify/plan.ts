/**
 * @module Planning: turns events, subscriptions and rules into outbox rows, and keeps those rows
 * in step with the calendar. Runs at the start of each dispatcher pass but only does work when
 * something it depends on changed (or once an hour, to plan further ahead), so a quiet minute costs
 * one small query.
 */
import { sql, type CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { findEvents, getEvent } from '../db/events.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import {
  digestDueAt,
  followsEvent,
  leadTimesOf,
  MAX_LEAD_DAYS,
  occurrenceStart,
  reminderDueAt,
  remindersFor,
} from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { ORGANISER } from '../domain/visibility.js';
import { loadAudience, type Audience } from './audience.js';
import type { DispatchOptions, NotifyDeps } from './deps.js';
import { occurrenceState } from './occurrence-state.js';
import { batched, insertPlanned, type PlannedDelivery } from './outbox.js';

export interface PlanReport {
  /** False when nothing had changed since the last plan. */
  ran: boolean;
  planned: number;
  rescheduled: number;
  withdrawn: number;
  changes: number;
}

const FINGERPRINT = 'plan_fingerprint';

const key = (p: { rule: string; eventId: string; occurrence: string; recipient: string }) =>
  `${p.rule}\u0000${p.eventId}\u0000${p.occurrence}\u0000${p.recipient}`;

/** Everything planning depends on, in one string; plus the hour, so the plan-ahead window moves on. */
async function fingerprint(deps: NotifyDeps, now: Date): Promise<string> {
  const result = await sql<{ f: string }>`select
    coalesce((select max(updated_at) from events), '') || '/' || (select count(*) from events) || '/' ||
    coalesce((select max(updated_at) from reminder_subscriptions), '') || '/' || (select count(*) from reminder_subscriptions) || '/' ||
    coalesce((select max(updated_at) from reminder_preferences), '') || '/' || (select count(*) from reminder_preferences) || '/' ||
    coalesce((select max(updated_at) from reminder_rules), '') || '/' || (select count(*) from reminder_rules) || '/' ||
    coalesce((select max(created_at) from group_members), '') || '/' || (select count(*) from group_members) || '/' ||
    coalesce((select max(updated_at) from people), '') || '/' || (select count(*) from people) as f`.execute(deps.store.db);
  return `${result.rows[0]?.f ?? ''}/${now.toISOString().slice(0, 13)}`;
}

export async function planDue(deps: NotifyDeps, now: Date, opts: Pick<DispatchOptions, 'planAheadMs'>, force = false): Promise<PlanReport> {
  const report: PlanReport = { ran: false, planned: 0, rescheduled: 0, withdrawn: 0, changes: 0 };
  const { store } = deps;
  const print = await fingerprint(deps, now);
  if (!force) {
    const last = await store.db.selectFrom('notify_settings').select('value').where('name', '=', FINGERPRINT).executeTakeFirst();
    if (last?.value === print) return report;
  }
  report.ran = true;
  const nowIso = utcIso(now);
  const from = DateTime.fromJSDate(now, { zone: 'UTC' });
  const planUntil = utcIso(from.plus({ milliseconds: opts.planAheadMs }));
  const horizon = from.plus({ days: MAX_LEAD_DAYS, milliseconds: opts.planAheadMs });
  const audience = await loadAudience(store);
  const events = await findEvents(store, { window: { from, to: horizon }, statuses: ['published'] }, ORGANISER);

  // 1. Every reminder that should exist for occurrences not yet started.
  const wanted = new Map<string, PlannedDelivery>();
  for (const event of events) {
    const leads = leadTimesOf(event, {
      event: audience.eventRules.get(event.id),
      group: event.groupId ? audience.groupRules.get(event.groupId) : null,
    });
    // An organiser's "no reminders" ([]) for an event or group holds even for people with their own lead times.
    if (!leads.length) continue;
    const people = remindersFor(event, leads, audience.recipients.values(), (id) => audience.subscriptions.get(id) ?? []);
    if (!people.size) continue;
    for (const occ of occurrencesInWindow(event, { from, to: horizon })) {
      const start = occurrenceStart(occ.when, event.timezone);
      if (start <= from) continue;
      const startIso = utcIso(start);
      // Luxon zone arithmetic is the costly part: once per lead time, not once per person.
      const dueByLead = new Map<string, string>();
      const dueOf = (lead: string) => {
        let due = dueByLead.get(lead);
        if (due === undefined) dueByLead.set(lead, (due = utcIso(reminderDueAt(occ.when, event.timezone, lead))));
        return due;
      };
      for (const { recipient, leads: personLeads } of people.values()) {
        for (const lead of personLeads) {
          const p: PlannedDelivery = {
            rule: `lead:${lead}`,
            eventId: event.id,
            occurrence: occ.recurrenceId ?? '',
            recipient: recipient.email,
            personId: recipient.personId,
            kind: 'reminder',
            dueAt: dueOf(lead),
            occurrenceStart: startIso,
          };
          wanted.set(key(p), p);
        }
      }
    }
  }

  // 2. Rows already planned for occurrences not yet started: move, withdraw or revive those not yet sent.
  const existing = await store.db
    .selectFrom('reminder_deliveries')
    .select(['id', 'rule', 'event_id', 'occurrence', 'recipient', 'status', 'due_at', 'occurrence_start'])
    .where('kind', '=', 'reminder')
    .where('occurrence_start', '>', nowIso)
    .execute();
  const statements: CompiledQuery[] = [];
  const known = new Set<string>();
  for (const row of existing) {
    const k = key({ rule: row.rule, eventId: row.event_id, occurrence: row.occurrence, recipient: row.recipient });
    known.add(k);
    if (row.status !== 'pending' && row.status !== 'cancelled') continue;
    const want = wanted.get(k);
    if (!want) {
      if (row.status === 'pending') {
        statements.push(
          store.db
            .updateTable('reminder_deliveries')
            .set({
              status: 'cancelled',
              last_error: 'no longer planned: the event, its date or the subscription changed',
              updated_at: nowIso,
            })
            .where('id', '=', row.id)
            .where('status', '=', 'pending')
            .compile(),
        );
        report.withdrawn++;
      }
      continue;
    }
    if (row.status === 'cancelled' || row.due_at !== want.dueAt || row.occurrence_start !== want.occurrenceStart) {
      statements.push(
        store.db
          .updateTable('reminder_deliveries')
          .set({
            status: 'pending',
            due_at: want.dueAt,
            occurrence_start: want.occurrenceStart,
            next_attempt_at: null,
            last_error: null,
            updated_at: nowIso,
          })
          .where('id', '=', row.id)
          .where('status', 'in', ['pending', 'cancelled'])
          .compile(),
      );
      report.rescheduled++;
    }
  }
  await batched(store, statements);

  // 3. New rows due within the plan-ahead window (later ones are planned on a later pass).
  const fresh = [...wanted.entries()].filter(([k, p]) => !known.has(k) && p.dueAt <= planUntil).map(([, p]) => p);
  await insertPlanned(store, fresh, nowIso);
  report.planned = fresh.length;

  report.changes = await planChangeNotices(deps, now, audience);
  await planDigests(deps, now, audience, planUntil);

  await store.batch([
    store.db
      .insertInto('notify_settings')
      .values({ name: FINGERPRINT, value: print })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: print }))
      .compile(),
  ]);
  return report;
}

/**
 * People already told about an occurrence hear about a move or a cancellation: the last email
 * each person got (time, place, or "cancelled") is compared with the occurrence now.
 */
async function planChangeNotices(deps: NotifyDeps, now: Date, audience: Audience): Promise<number> {
  const { store } = deps;
  const nowIso = utcIso(now);
  const told = await store.db
    .selectFrom('reminder_deliveries')
    .select(['event_id', 'occurrence', 'recipient', 'person_id', 'kind', 'told_start', 'told_location', 'occurrence_start', 'sent_at'])
    .where('status', '=', 'sent')
    .where('kind', 'in', ['reminder', 'update', 'cancellation'])
    .where('occurrence_start', '>', nowIso)
    .execute();
  const latest = new Map<string, (typeof told)[number]>();
  for (const row of told) {
    const k = `${row.event_id}\u0000${row.occurrence}\u0000${row.recipient}`;
    const seen = latest.get(k);
    if (!seen || (row.sent_at ?? '') > (seen.sent_at ?? '')) latest.set(k, row);
  }
  const events = new Map<string, CalendarEvent | null>();
  const planned: PlannedDelivery[] = [];
  const supersede: CompiledQuery[] = [];
  for (const row of latest.values()) {
    if (!events.has(row.event_id)) events.set(row.event_id, await getEvent(store, row.event_id));
    const event = events.get(row.event_id);
    if (!event) continue;
    const person = row.person_id ? audience.recipients.get(row.person_id) : undefined;
    // Unsubscribed (from everything, or from what brought them the reminder): no notices either.
    if (!person || !followsEvent(person, event, audience.subscriptions.get(person.personId) ?? [])) continue;
    const state = occurrenceState(event, row.occurrence);
    const toldCancelled = row.kind === 'cancellation';
    let notice: PlannedDelivery | null = null;
    const base = { eventId: event.id, occurrence: row.occurrence, recipient: row.recipient, personId: row.person_id, dueAt: nowIso };
    if (state.cancelled && !toldCancelled) {
      notice = {
        ...base,
        rule: `cancel:${event.sequence}`,
        kind: 'cancellation',
        occurrenceStart: row.told_start ?? row.occurrence_start,
        payload: { reason: state.reason, toldLocation: row.told_location },
      };
    } else if (
      !state.cancelled &&
      state.start > nowIso &&
      (toldCancelled || state.start !== row.told_start || state.location !== row.told_location)
    ) {
      notice = {
        ...base,
        rule: `update:${event.sequence}`,
        kind: 'update',
        occurrenceStart: state.start,
        payload: {
          previousStart: toldCancelled ? null : row.told_start,
          previousLocation: toldCancelled ? null : row.told_location,
          reinstated: toldCancelled,
        },
      };
    }
    if (!notice) continue;
    planned.push(notice);
    supersede.push(
      store.db
        .updateTable('reminder_deliveries')
        .set({ status: 'cancelled', last_error: 'superseded by a newer change', updated_at: nowIso })
        .where('event_id', '=', notice.eventId)
        .where('occurrence', '=', notice.occurrence)
        .where('recipient', '=', notice.recipient)
        .where('kind', 'in', ['update', 'cancellation'])
        .where('status', '=', 'pending')
        .where('rule', '!=', notice.rule)
        .compile(),
    );
  }
  await batched(store, supersede);
  await insertPlanned(store, planned, nowIso);
  return planned.length;
}

/** The weekly digest, Monday 08:00 UK time, for people who asked for it. */
async function planDigests(deps: NotifyDeps, now: Date, audience: Audience, planUntil: string): Promise<void> {
  const zone = 'Europe/London';
  const thisWeek = digestDueAt(DateTime.fromJSDate(now), zone);
  const weeks = [thisWeek, thisWeek.plus({ weeks: 1 })].filter(
    (d) => utcIso(d) <= planUntil && d.plus({ days: 1 }) > DateTime.fromJSDate(now),
  );
  const planned: PlannedDelivery[] = [];
  for (const [personId, subs] of audience.subscriptions) {
    const person = audience.recipients.get(personId);
    if (!person || person.paused || person.unsubscribed) continue;
    if (!subs.some((s) => s.topic === 'digest' && !s.paused && !s.unsubscribed)) continue;
    for (const due of weeks) {
      planned.push({
        rule: 'digest',
        eventId: '',
        occurrence: due.toISODate()!,
        recipient: person.email,
        personId,
        kind: 'digest',
        dueAt: utcIso(due),
        occurrenceStart: utcIso(due.plus({ days: 1 })),
      });
    }
  }
  await insertPlanned(deps.store, planned, utcIso(now));
}
