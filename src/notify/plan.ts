/**
 * @module Planning: turns events, subscriptions and rules into outbox rows, and keeps those rows in
 * step with the calendar, doing work in proportion to what changed:
 *
 *  - every write that can change who hears what queues the event, person or group it touched
 *    (triggers on the tables fill `plan_queue`, migration 0005), and a pass re-plans only those:
 *    an edited event's reminders and change notices, a person's reminders after they join a group
 *    or change a subscription, a group's events after its lead times change;
 *  - as time passes, reminders whose due time enters the plan-ahead window are added: for each lead
 *    time in use, the occurrences whose reminder falls due in the minutes since the last pass, found
 *    by an index range on the occurrence index (src/occurrences);
 *  - the weekly digest is planned once a week, for the people who asked for it.
 *
 * A pass with nothing queued and nothing falling due reads a handful of index entries and no
 * people, events or memberships.
 */
import { sql, type CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { activitiesSilencedByWeek } from '../cancellations/index.js';
import { getEvents } from '../db/events.js';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { EVENT_KINDS, type EventKind } from '../domain/kinds.js';
import {
  DEFAULT_LEAD_TIMES,
  digestDueAt,
  leadMinutes,
  leadTimesOf,
  occurrenceStart,
  optedOutOf,
  parseLeadTime,
  reminderDueAt,
  remindersFor,
  splitTopic,
  type LeadTime,
} from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { ORGANISER } from '../domain/visibility.js';
import { occurrencesIn, type CalendarFilter, type Dated } from '../occurrences/index.js';
import { loadEventAudience, loadEventRules, loadPersonAudience, parseLeads, type Audience, type PersonRecord } from './audience.js';
import type { DispatchOptions, NotifyDeps } from './deps.js';
import { endOfWhen, occurrenceState } from './occurrence-state.js';
import { occurrenceLinks, type OccurrenceLinks } from '../series/index.js';
import { batched, insertPlanned, insertPlannedStatements, sentLater, type PlannedDelivery } from './outbox.js';
import { timeSlicer } from '../feeds/yield.js';
import { INDEX_VERSION } from '../occurrences/version.js';
import { filterOnly, PARAMETERS_PER_STATEMENT, statementChunks, valuesRowsPerStatement } from '../db/dialect.js';

export interface PlanReport {
  /** False when there was nothing to re-plan and nothing fell due. */
  ran: boolean;
  planned: number;
  rescheduled: number;
  withdrawn: number;
  changes: number;
}

/**
 * Queue entries taken per round. A bulk load (an import, a restore, the benchmark's calendars)
 * queues an entry per event and per member: one round takes them all, so each event is re-planned
 * once for its members, not once for itself and again for each batch of its members.
 */
const QUEUE_BATCH = 200_000;
/** Stop taking queue entries after this long in one pass (the scheduler runs every minute). */
const QUEUE_BUDGET_MS = 20_000;
/**
 * Up to this many people queued in one round are re-planned one by one (a member who joined a
 * group: their own rows, no one else's); more are re-planned through the events that concern them,
 * each event once for its whole audience (ADR 117).
 */
export const PEOPLE_ONE_BY_ONE = 20;
/**
 * Change notices written per batch (each with the update that supersedes an older pending notice
 * to the same person about the same date): ~1-2 ms of SQLite a batch, so a move told to hundreds
 * is written in slices the event loop can come between (ADR 255).
 */
const NOTICES_PER_BATCH = 25;
/** Events loaded and re-planned at a time within a round. */
const EVENTS_PER_CHUNK = PARAMETERS_PER_STATEMENT;

const PLANNED_UNTIL = 'plan_until';
const DIGEST_PLANNED = 'digest_planned';
/** The notify_settings rows the planner keeps: how far ahead it has planned, and the last digest day planned. */
export const PLANNER_SETTINGS: readonly string[] = [PLANNED_UNTIL, DIGEST_PLANNED];

const key = (p: { rule: string; eventId: string; occurrence: string; recipient: string }) =>
  `${p.rule}\u0000${p.eventId}\u0000${p.occurrence}\u0000${p.recipient}`;

async function setting(store: Store, name: string): Promise<string | null> {
  const row = await store.db.selectFrom('notify_settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value ?? null;
}

function settingStatement(store: Store, name: string, value: string): CompiledQuery {
  return store.db
    .insertInto('notify_settings')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .compile();
}

export async function planDue(deps: NotifyDeps, now: Date, opts: Pick<DispatchOptions, 'planAheadMs'>, force = false): Promise<PlanReport> {
  const report: PlanReport = { ran: false, planned: 0, rescheduled: 0, withdrawn: 0, changes: 0 };
  const planUntil = utcIso(new Date(now.getTime() + opts.planAheadMs));
  if (force) await queueEverything(deps.store, now, opts.planAheadMs);
  await drainQueue(deps, now, planUntil, report);
  await rollForward(deps, now, planUntil, report);
  await planDigests(deps, now, planUntil, report);
  return report;
}

// ---------------------------------------------------------------------------------------------
// The queue of changes.

/**
 * What one pass reads once however many people or events it re-plans: lead times in use, each
 * event's rules and upcoming occurrences, the occurrences a topic covers (500 new members of one
 * group ask the same question 500 times).
 */
class PassCache {
  private memo = new Map<string, Promise<unknown>>();
  /** People read for events' audiences in this round. */
  readonly people = new Map<string, PersonRecord>();
  constructor(readonly store: Store) {}
  get<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) this.memo.set(key, (p = make()));
    return p;
  }
  leads(): Promise<LeadTime[]> {
    return this.get('leads', () => leadsInUse(this.store));
  }
}

interface Queued {
  scope: 'event' | 'person' | 'group';
  id: string;
}

/**
 * Re-plans what writes queued. Set-based: the whole queue (up to QUEUE_BATCH entries) is read and
 * cleared at once, so an event is re-planned once however many of its changes, members and
 * subscribers were queued; the events worth re-planning are chosen in SQL (80 ids a statement);
 * people in bulk become the events that concern them; events are loaded 90 at a time, and the work
 * yields every few milliseconds (timeSlicer), so a drain of 100,000 entries never holds requests.
 * Past the time budget, the events not yet re-planned go back on the queue for the next pass.
 */
async function drainQueue(deps: NotifyDeps, now: Date, planUntil: string, report: PlanReport): Promise<void> {
  const { store } = deps;
  const startedAt = Date.now();
  const pause = timeSlicer();
  for (;;) {
    const entries = await readQueue(store, QUEUE_BATCH);
    if (!entries.length) return;
    report.ran = true;
    // Taken off the queue before the work: a write made while we work queues its entry again,
    // and a crash mid-work loses nothing that the next full re-plan (`--replan`) would not redo.
    await applyInSlices(store, dequeueStatements(store, entries));
    const eventIds = new Set(entries.filter((e) => e.scope === 'event').map((e) => e.id));
    const groups = entries.filter((e) => e.scope === 'group').map((e) => e.id);
    const people = entries.filter((e) => e.scope === 'person').map((e) => e.id);
    if (groups.length) for (const id of await eventsOfGroups(store, groups, now)) eventIds.add(id);
    const cache = new PassCache(store);
    const longest = longestLead(await cache.leads());
    const inBulk = people.length > PEOPLE_ONE_BY_ONE;
    if (inBulk) {
      for (const id of await eventsConcerning(store, people, now, planningWindowEnd(planUntil, longest))) eventIds.add(id);
      await withdrawRemindersOfRemovedEvents(store, people, now);
    }
    const toPlan = await eventsWithPlanningWork(store, [...eventIds], now, planUntil, longest);
    let overBudget = false;
    for (let i = 0; i < toPlan.length; i += EVENTS_PER_CHUNK) {
      if (Date.now() - startedAt > QUEUE_BUDGET_MS) {
        await applyInSlices(store, enqueueStatements(store, 'event', toPlan.slice(i)));
        overBudget = true;
        break;
      }
      const events = await getEvents(store, toPlan.slice(i, i + EVENTS_PER_CHUNK));
      const upcoming = await upcomingOfMany(store, events, now, planUntil, longest);
      for (const event of events) {
        await replanEvent(deps, event, now, planUntil, report, cache, upcoming);
        await pause();
      }
    }
    if (inBulk) await planDigestsFor(deps, people, now, planUntil, report);
    else {
      for (const id of people) {
        await replanPerson(deps, cache, id, now, planUntil, report);
        await pause();
      }
    }
    if (overBudget || entries.length < QUEUE_BATCH || Date.now() - startedAt > QUEUE_BUDGET_MS) return;
  }
}

/** Up to `max` queue entries, read in pages of 5,000 in key order. */
async function readQueue(store: Store, max: number): Promise<Queued[]> {
  const pause = timeSlicer();
  const out: Queued[] = [];
  let after: Queued | undefined;
  while (out.length < max) {
    await pause();
    const limit = Math.min(5000, max - out.length);
    const from = after;
    let query = store.db.selectFrom('plan_queue').select(['scope', 'id']).orderBy('scope').orderBy('id').limit(limit);
    if (from) {
      query = query.where((eb) => eb.or([eb('scope', '>', from.scope), eb.and([eb('scope', '=', from.scope), eb('id', '>', from.id)])]));
    }
    const rows = (await query.execute()) as Queued[];
    out.push(...rows);
    if (rows.length < limit) break;
    after = rows.at(-1);
  }
  return out;
}

/** Puts entries (back) on the queue; one already there stays as it is. Compiled as they are taken (see applyInSlices). */
function* enqueueStatements(store: Store, scope: Queued['scope'], ids: string[]): Generator<CompiledQuery> {
  // D1: 100 bound parameters a statement, two per entry.
  const perStatement = valuesRowsPerStatement(store, 2) || 45;
  for (let i = 0; i < ids.length; i += perStatement) {
    yield store.db
      .insertInto('plan_queue')
      .values(ids.slice(i, i + perStatement).map((id) => ({ scope, id })))
      .onConflict((oc) => oc.columns(['scope', 'id']).doNothing())
      .compile();
  }
}

/**
 * Applies independent statements (queue entries, withdrawals) twenty at a time, letting requests
 * in between: a bulk drain's thousand statements in one batch would hold the event loop. The
 * statements are taken from `statements` (a generator compiles each as it is taken) a batch at a
 * time, so compiling is sliced too: Kysely compiling the 1,224 deletes of a 110,100-entry drain
 * in one go held the loop 45–68 ms (ADR 289).
 */
async function applyInSlices(store: Store, statements: Iterable<CompiledQuery>): Promise<void> {
  const pause = timeSlicer();
  let batch: CompiledQuery[] = [];
  for (const statement of statements) {
    batch.push(statement);
    if (batch.length < 20) continue;
    await store.batch(batch);
    batch = [];
    await pause();
  }
  if (batch.length) await store.batch(batch);
}

/** Deletes these queue entries: one statement per scope and 90 ids (D1's 100 parameters), compiled as they are taken. */
function* dequeueStatements(store: Store, entries: Queued[]): Generator<CompiledQuery> {
  for (const scope of ['event', 'person', 'group'] as const) {
    const ids = entries.filter((e) => e.scope === scope).map((e) => e.id);
    for (const part of statementChunks(ids)) {
      yield store.db.deleteFrom('plan_queue').where('scope', '=', scope).where('id', 'in', part).compile();
    }
  }
}

/** The end of the window whose occurrences may have a reminder due by `planUntil` (a day of slack: all-day events are reminded at 09:00). */
function planningWindowEnd(planUntil: string, longestLeadMinutes: number): string {
  return utcIso(DateTime.fromISO(planUntil, { zone: 'UTC' }).plus({ minutes: longestLeadMinutes, days: 1 }));
}

/**
 * The events whose re-plan covers these people's: the events in the planning window (after `now`,
 * up to `to`) of their groups and of the groups, kinds, themes and events they subscribe to, and
 * the events of the reminders they have for dates to come (and where those dates moved to: series
 * edits' aliases), so a reminder they should no longer get is withdrawn. Set-based: a few
 * statements per 90 people and per 90 groups or themes, whatever the number of people.
 */
async function eventsConcerning(store: Store, personIds: string[], now: Date, to: string): Promise<string[]> {
  const pause = timeSlicer();
  const nowIso = utcIso(now);
  const out = new Set<string>();
  const groups = new Set<string>();
  const kinds = new Set<EventKind>();
  const themes = new Set<string>();
  const held = new Set<string>();
  for (const chunk of statementChunks(personIds)) {
    await pause();
    const [memberships, topics, rows] = await Promise.all([
      store.db.selectFrom('group_members').select('group_id').distinct().where('person_id', 'in', chunk).execute(),
      store.db.selectFrom('reminder_subscriptions').select('topic').distinct().where('person_id', 'in', chunk).execute(),
      store.db
        .selectFrom('reminder_deliveries')
        .select('event_id')
        .distinct()
        .where('person_id', 'in', chunk)
        .where('status', 'in', ['pending', 'cancelled'])
        .where('kind', '=', 'reminder')
        .where('occurrence_start', '>', nowIso)
        .execute(),
    ]);
    for (const m of memberships) groups.add(m.group_id);
    for (const { topic } of topics) {
      const [scope, value] = splitTopic(topic);
      if (scope === 'group') groups.add(value);
      else if (scope === 'kind' && (EVENT_KINDS as readonly string[]).includes(value)) kinds.add(value as EventKind);
      else if (scope === 'theme') themes.add(value);
      else if (scope === 'event') out.add(value);
    }
    for (const r of rows) held.add(r.event_id);
  }
  // The window a day at a time: at 100k events a month of index rows in one statement held the
  // event loop for half a second.
  const days: [string, string][] = [];
  for (let a = now.getTime(), end = Date.parse(to); a < end; a += 86_400_000) {
    days.push([utcIso(new Date(a)), utcIso(new Date(Math.min(a + 86_400_000, end)))]);
  }
  let day: [string, string] = days[0] ?? [nowIso, nowIso];
  const inWindow = () =>
    store.db
      .selectFrom('event_occurrences as o')
      .select('o.event_id')
      .distinct()
      .where('o.start_at', '>', day[0])
      .where('o.start_at', '<=', day[1])
      .where('o.status', '=', 'published');
  const lists: [string[], (q: ReturnType<typeof inWindow>, chunk: string[]) => ReturnType<typeof inWindow>][] = [
    [[...groups], (q, chunk) => q.where('o.group_id', 'in', chunk)],
    [[...kinds], (q, chunk) => q.where('o.kind', 'in', chunk as EventKind[])],
    [
      [...themes],
      (q, chunk) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('event_themes as t')
              .select(sql`1`.as('one'))
              .whereRef('t.event_id', '=', 'o.event_id')
              .where('t.theme', 'in', chunk),
          ),
        ),
    ],
  ];
  for (const [values, narrow] of lists) {
    for (const part of statementChunks(values)) {
      for (day of days) {
        await pause();
        for (const r of await narrow(inWindow(), part).execute()) out.add(r.event_id);
      }
    }
  }
  const heldIds = [...held];
  for (const chunk of statementChunks(heldIds)) {
    await pause();
    for (const id of chunk) out.add(id);
    const moved = await store.db
      .selectFrom('occurrence_aliases')
      .select('current_event_id')
      .distinct()
      .where('event_id', 'in', chunk)
      .where('current_event_id', 'is not', null)
      .execute();
    for (const m of moved) out.add(m.current_event_id!);
  }
  return [...out];
}

/**
 * Withdraws these people's pending reminders of events that no longer exist: what re-planning
 * them one by one did (their reminders are re-computed from the events there are), which the
 * events' own re-plans cannot do for an event that is gone.
 */
async function withdrawRemindersOfRemovedEvents(store: Store, personIds: string[], now: Date): Promise<void> {
  const nowIso = utcIso(now);
  const statements: CompiledQuery[] = [];
  for (const part of statementChunks(personIds)) {
    statements.push(
      store.db
        .updateTable('reminder_deliveries')
        .set({ status: 'cancelled', last_error: 'no longer planned: the event, its date or the subscription changed', updated_at: nowIso })
        .where('person_id', 'in', part)
        .where('status', '=', 'pending')
        .where('kind', '=', 'reminder')
        .where('occurrence_start', '>', nowIso)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('events as e')
                .select(sql`1`.as('one'))
                .whereRef('e.id', '=', 'reminder_deliveries.event_id'),
            ),
          ),
        )
        .compile(),
    );
  }
  await applyInSlices(store, statements);
}

/**
 * Of these queued events, the ones a re-plan could change anything for: an occurrence whose
 * reminder may fall due by `planUntil` (an index row starting in (now, planUntil + longest lead +
 * a day]), rows the index cannot vouch for (not indexed under the current rules, or a series whose
 * rows stop short), reminders or notices already planned or sent for a date to come, or dates held
 * under another event (series edits' aliases). Everything else (the long-past and far-future
 * events a bulk load queues by the thousand) has nothing to plan: one statement per 80 events
 * tells, instead of an audience and occurrence read per event.
 */
async function eventsWithPlanningWork(
  store: Store,
  ids: string[],
  now: Date,
  planUntil: string,
  longestLeadMinutes: number,
): Promise<string[]> {
  const pause = timeSlicer();
  const nowIso = utcIso(now);
  const to = planningWindowEnd(planUntil, longestLeadMinutes);
  const out: string[] = [];
  // Chunked: D1 allows at most 100 bound parameters per statement.
  for (const part of statementChunks(ids, { reserved: 10 })) {
    await pause();
    const rows = await store.db
      .selectFrom('events as e')
      .select('e.id')
      .where('e.id', 'in', part)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('event_occurrences as o')
              .select(sql`1`.as('one'))
              .whereRef('o.event_id', '=', 'e.id')
              .where('o.start_at', '>', nowIso)
              .where('o.start_at', '<=', to),
          ),
          eb('e.index_version', 'is', null),
          eb('e.index_version', '<>', INDEX_VERSION),
          eb.and([eb('e.rrule', 'is not', null), eb('e.indexed_until', '<', to)]),
          eb.exists(
            eb
              .selectFrom('reminder_deliveries as d')
              .select(sql`1`.as('one'))
              .whereRef('d.event_id', '=', 'e.id')
              .where('d.occurrence_start', '>', nowIso),
          ),
          eb.exists(
            eb
              .selectFrom('occurrence_aliases as a')
              .select(sql`1`.as('one'))
              .where((a) => a.or([a('a.event_id', '=', a.ref('e.id')), a('a.current_event_id', '=', a.ref('e.id'))])),
          ),
        ]),
      )
      .execute();
    for (const r of rows) out.push(r.id);
  }
  return out;
}

/** The events of these groups with an occurrence still to come in the planning horizon. */
async function eventsOfGroups(store: Store, groupIds: string[], now: Date): Promise<string[]> {
  const pause = timeSlicer();
  const out = new Set<string>();
  for (const part of statementChunks(groupIds)) {
    await pause();
    const rows = await store.db
      .selectFrom('event_occurrences')
      .select('event_id')
      .distinct()
      .where('group_id', 'in', part)
      .where('start_at', '>', utcIso(now))
      .execute();
    for (const r of rows) out.add(r.event_id);
  }
  return [...out];
}

/** Queues every event with an occurrence to come and every person with a pending reminder: a full re-plan. */
async function queueEverything(store: Store, now: Date, planAheadMs: number): Promise<void> {
  const horizon = utcIso(new Date(now.getTime() + planAheadMs + 200 * 86_400_000));
  await store.batch([
    sql`insert into plan_queue (scope, id) select distinct 'event', event_id from event_occurrences where start_at > ${utcIso(now)} and start_at <= ${horizon} on conflict (scope, id) do nothing`.compile(
      store.db,
    ),
    sql`insert into plan_queue (scope, id) select distinct 'person', person_id from reminder_subscriptions where true on conflict (scope, id) do nothing`.compile(
      store.db,
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------
// One event.

/** The lead times any recipient of this event may have: for bounding how far ahead to look. */
function longestLead(leads: Iterable<LeadTime>): number {
  let most = 0;
  for (const l of leads) most = Math.max(most, leadMinutes(l));
  return most;
}

/** The event's occurrences not yet started whose reminders (up to `leadMinutesMax` before) may fall due by `planUntil`. */
async function upcomingOf(store: Store, event: CalendarEvent, now: Date, planUntil: string, leadMinutesMax: number): Promise<Dated[]> {
  const from = DateTime.fromJSDate(now, { zone: 'UTC' });
  // One day of slack: a 09:00 reminder of an all-day event is due later than "start minus lead".
  const to = DateTime.fromISO(planUntil, { zone: 'UTC' }).plus({ minutes: leadMinutesMax, days: 1 });
  if (to <= from) return [];
  const { items } = await occurrencesIn(store, ORGANISER, { from, to }, { eventIds: [event.id], statuses: [event.status] }, 5000);
  return items.filter((d) => occurrenceStart(d.occurrence.when, event.timezone) > from);
}

/**
 * What `upcomingOf` answers, for many events at once (40 a statement: D1's 100 parameters), over
 * the window of the longest lead in use: one index read per chunk of a drain instead of one per
 * event. An event whose occurrences did not all fit (the read is capped) is left out, so its
 * re-plan asks `upcomingOf` itself.
 */
async function upcomingOfMany(
  store: Store,
  events: CalendarEvent[],
  now: Date,
  planUntil: string,
  longestLeadMinutes: number,
): Promise<Map<string, Dated[]>> {
  const pause = timeSlicer();
  const out = new Map<string, Dated[]>();
  const ids = events.filter((e) => e.status === 'published').map((e) => e.id);
  const from = DateTime.fromJSDate(now, { zone: 'UTC' });
  const to = DateTime.fromISO(planUntil, { zone: 'UTC' }).plus({ minutes: longestLeadMinutes, days: 1 });
  if (to <= from) return out;
  for (let i = 0; i < ids.length; i += 40) {
    await pause();
    const chunk = ids.slice(i, i + 40);
    const { items, truncated } = await occurrencesIn(store, ORGANISER, { from, to }, { eventIds: chunk, statuses: ['published'] }, 5000);
    if (truncated) continue;
    for (const id of chunk) out.set(id, []);
    for (const d of items) out.get(d.event.id)?.push(d);
  }
  return out;
}

/** `upcomingOf` answered from a wider read (upcomingOfMany): the occurrences starting after `now` and before this event's window ends. */
function upcomingFrom(
  read: Dated[] | undefined,
  event: CalendarEvent,
  now: Date,
  planUntil: string,
  leadMinutesMax: number,
): Dated[] | null {
  if (!read) return null;
  const from = now.getTime();
  const to = DateTime.fromISO(planUntil, { zone: 'UTC' }).plus({ minutes: leadMinutesMax, days: 1 }).toMillis();
  return read.filter((d) => {
    const start = occurrenceStart(d.occurrence.when, event.timezone).toMillis();
    return start > from && start < to;
  });
}

/**
 * The reminders the event should have, for everyone (or for one person), for its occurrences not
 * yet started, due by `planUntil` (late ones included: ADR 18 sends them until the event starts).
 */
function wantedFor(
  event: CalendarEvent,
  occurrences: Dated[],
  audience: Audience,
  planUntil: string,
  nowIso: string,
): Map<string, PlannedDelivery> {
  const wanted = new Map<string, PlannedDelivery>();
  const leads = leadTimesOf(event, {
    event: audience.eventRules.get(event.id),
    group: event.groupId ? audience.groupRules.get(event.groupId) : null,
  });
  // An organiser's "no reminders" ([]) for an event or group holds even for people with their own lead times.
  if (!leads.length || event.status !== 'published') return wanted;
  const people = remindersFor(event, leads, audience.recipients.values(), (id) => audience.subscriptions.get(id) ?? []);
  if (!people.size) return wanted;
  for (const { occurrence } of occurrences) {
    const startIso = utcIso(occurrenceStart(occurrence.when, event.timezone));
    if (startIso <= nowIso) continue;
    // Luxon zone arithmetic is the costly part: once per lead time, not once per person.
    const dueByLead = new Map<string, string>();
    const dueOf = (lead: string) => {
      let due = dueByLead.get(lead);
      if (due === undefined) dueByLead.set(lead, (due = utcIso(reminderDueAt(occurrence.when, event.timezone, lead))));
      return due;
    };
    for (const { recipient, leads: personLeads } of people.values()) {
      for (const lead of personLeads) {
        const dueAt = dueOf(lead);
        if (dueAt > planUntil) continue;
        const p: PlannedDelivery = {
          rule: `lead:${lead}`,
          eventId: event.id,
          occurrence: occurrence.recurrenceId ?? '',
          recipient: recipient.email,
          personId: recipient.personId,
          kind: 'reminder',
          dueAt,
          occurrenceStart: startIso,
        };
        wanted.set(key(p), p);
      }
    }
  }
  return wanted;
}

type ExistingRow = {
  id: string;
  rule: string;
  event_id: string;
  occurrence: string;
  recipient: string;
  status: string;
  due_at: string;
  occurrence_start: string;
};

/**
 * Brings existing not-yet-sent reminder rows in line with `wanted` (move, withdraw, revive), then
 * inserts the wanted rows that do not exist yet. `existing` is every reminder row of the scope
 * being re-planned (one event, or one person) for occurrences not yet started.
 */
async function reconcile(
  store: Store,
  existing: ExistingRow[],
  wanted: Map<string, PlannedDelivery>,
  nowIso: string,
  report: PlanReport,
): Promise<void> {
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
  const fresh = [...wanted.entries()].filter(([k]) => !known.has(k)).map(([, p]) => p);
  await insertPlanned(store, fresh, nowIso);
  report.planned += fresh.length;
}

const EXISTING_COLUMNS = ['id', 'rule', 'event_id', 'occurrence', 'recipient', 'status', 'due_at', 'occurrence_start'] as const;

/** Re-plans one event: its reminders for everyone, and notices to people told about a date that changed. */
async function replanEvent(
  deps: NotifyDeps,
  event: CalendarEvent,
  now: Date,
  planUntil: string,
  report: PlanReport,
  cache: PassCache,
  upcoming?: Map<string, Dated[]>,
): Promise<void> {
  const { store } = deps;
  const nowIso = utcIso(now);
  // Each step below is a few statements; the pass's stretch of the loop is checked between them (ADR 255).
  const pause = timeSlicer();
  const audience = await loadEventAudience(store, event, cache.people);
  await pause();
  const leads = new Set<LeadTime>(
    leadTimesOf(event, { event: audience.eventRules.get(event.id), group: event.groupId ? audience.groupRules.get(event.groupId) : null }),
  );
  for (const subs of audience.subscriptions.values()) for (const s of subs) for (const l of s.leadTimes ?? []) leads.add(l);
  // An activity of a cancelled campaign week is not reminded of unless the organiser kept it (ADR 95).
  const silenced = (await activitiesSilencedByWeek(store, [event])).has(event.id);
  const occurrences =
    event.status === 'published' && !silenced
      ? (upcomingFrom(upcoming?.get(event.id), event, now, planUntil, longestLead(leads)) ??
        (await upcomingOf(store, event, now, planUntil, longestLead(leads))))
      : [];
  await pause();
  const links = await occurrenceLinks(store, event.id);
  const wanted = heldAs(links, wantedFor(event, occurrences, audience, planUntil, nowIso));
  await pause();
  const existing = (
    await store.db
      .selectFrom('reminder_deliveries')
      .select([...EXISTING_COLUMNS])
      .where('event_id', 'in', links.eventIds)
      .where('kind', '=', 'reminder')
      .where('occurrence_start', '>', nowIso)
      .execute()
  ).filter((r) => links.belongs(r.event_id, r.occurrence));
  await reconcile(store, existing, wanted, nowIso, report);
  await pause();
  report.changes += await planChangeNotices(deps, event, now, audience, links);
}

/** The end a sent e-mail told (`toldEnd` in its payload, ADR 274), or null when it did not record one. */
function toldEndOf(payload: string): string | null {
  try {
    const told = (JSON.parse(payload || '{}') as { toldEnd?: unknown }).toldEnd;
    return typeof told === 'string' ? told : null;
  } catch {
    return null;
  }
}

/** A date people hold under an earlier UID or RECURRENCE-ID keeps it: its reminders follow it there. */
function heldAs(links: OccurrenceLinks, wanted: Map<string, PlannedDelivery>): Map<string, PlannedDelivery> {
  if (!links.heldAs.size) return wanted;
  const out = new Map<string, PlannedDelivery>();
  for (const p of wanted.values()) {
    const held = links.heldAs.get(p.occurrence);
    const q = held ? { ...p, eventId: held.eventId, occurrence: held.recurrenceId } : p;
    out.set(key(q), q);
  }
  return out;
}

/**
 * People already told about one of this event's occurrences hear about a move or a cancellation:
 * the last email each person got (time, place, or "cancelled") is compared with the occurrence now.
 */
async function planChangeNotices(
  deps: NotifyDeps,
  event: CalendarEvent,
  now: Date,
  audience: Audience,
  links: OccurrenceLinks,
): Promise<number> {
  const { store } = deps;
  const nowIso = utcIso(now);
  // Driven by the event index: by the status index SQLite walked every sent row of the table (ADR 256).
  const told = (
    await store.db
      .selectFrom('reminder_deliveries')
      .select([
        'event_id',
        'occurrence',
        'recipient',
        'person_id',
        'kind',
        'told_start',
        'told_location',
        'occurrence_start',
        'sent_at',
        'sent_no',
        'payload',
      ])
      .where('event_id', 'in', links.eventIds)
      .where(filterOnly(store, 'status'), '=', 'sent')
      .where('kind', 'in', ['reminder', 'update', 'cancellation'])
      .where('occurrence_start', '>', nowIso)
      .execute()
  ).filter((r) => links.belongs(r.event_id, r.occurrence));
  if (!told.length) return 0;
  const latest = new Map<string, (typeof told)[number]>();
  for (const row of told) {
    const k = `${row.event_id}\u0000${row.occurrence}\u0000${row.recipient}`;
    const seen = latest.get(k);
    if (!seen || sentLater(row, seen)) latest.set(k, row);
  }
  // People told before who are not in the event's audience any more (left the group) still hear of changes.
  const missing = [
    ...new Set([...latest.values()].map((r) => r.person_id).filter((id): id is string => !!id && !audience.recipients.has(id))),
  ];
  const optedOut = new Set<string>();
  for (const id of missing) {
    const theirs = await loadPersonAudience(store, id);
    const person = theirs.recipients.get(id);
    if (person && optedOutOf(person, event, theirs.subscriptions.get(id) ?? [])) optedOut.add(id);
  }
  const planned: PlannedDelivery[] = [];
  const supersede: CompiledQuery[] = [];
  // Everyone told about one date asks the same question (is it on, when, where): answered once a date.
  const states = new Map<string, ReturnType<typeof occurrenceState>>();
  const stateOf = (occurrence: string) => {
    let state = states.get(occurrence);
    if (!state) states.set(occurrence, (state = occurrenceState(event, occurrence)));
    return state;
  };
  const pause = timeSlicer();
  for (const row of latest.values()) {
    await pause();
    const person = row.person_id ? audience.recipients.get(row.person_id) : undefined;
    // Opted out (of everything, or of what brought them the reminder): no notices either.
    if (
      person ? optedOutOf(person, event, audience.subscriptions.get(person.personId) ?? []) : row.person_id && optedOut.has(row.person_id)
    )
      continue;
    // The date as it is now: where an edit moved it (an alias), or gone for the organiser's reason.
    const current = links.currentOf.get(`${row.event_id}\u0000${row.occurrence}`);
    const goneFor = row.event_id === event.id && current === undefined ? links.gone.get(row.occurrence) : undefined;
    const state =
      goneFor !== undefined
        ? { ...stateOf(row.occurrence), cancelled: true as const, reason: goneFor || 'the series no longer has this date' }
        : stateOf(current ?? row.occurrence);
    const toldCancelled = row.kind === 'cancellation';
    // The end it told (ADR 274): kept in the payload when sent; rows sent before that say nothing.
    const toldEnd = toldEndOf(row.payload);
    let notice: PlannedDelivery | null = null;
    const base = { eventId: row.event_id, occurrence: row.occurrence, recipient: row.recipient, personId: row.person_id, dueAt: nowIso };
    // Notices about a date held under another event's UID are numbered by this event's changes.
    const version = row.event_id === event.id ? `${event.sequence}` : `${event.id.slice(0, 8)}.${event.sequence}`;
    if (state.cancelled && !toldCancelled) {
      notice = {
        ...base,
        rule: `cancel:${version}`,
        kind: 'cancellation',
        occurrenceStart: row.told_start ?? row.occurrence_start,
        payload: { reason: state.reason, toldLocation: row.told_location },
      };
    } else if (
      !state.cancelled &&
      state.start > nowIso &&
      (toldCancelled ||
        state.start !== row.told_start ||
        state.location !== row.told_location ||
        (toldEnd !== null && toldEnd !== endOfWhen(state.when)))
    ) {
      notice = {
        ...base,
        rule: `update:${version}`,
        kind: 'update',
        occurrenceStart: state.start,
        // "Back on" says what people held before the cancel (its `told_start` is that time, ADR 172)
        // where the date comes back elsewhere, as "Changed" does (ADR 234).
        payload: { previousStart: row.told_start, previousLocation: row.told_location, previousEnd: toldEnd, reinstated: toldCancelled },
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
  // A slice of notices at a time, each notice's supersede and insert in one batch, letting requests
  // in between: 143 notices written at once held the loop 25-40 ms (ADR 255).
  for (let i = 0; i < planned.length; i += NOTICES_PER_BATCH) {
    await pause();
    await store.batch([
      ...supersede.slice(i, i + NOTICES_PER_BATCH),
      ...insertPlannedStatements(store, planned.slice(i, i + NOTICES_PER_BATCH), nowIso),
    ]);
  }
  return planned.length;
}

// ---------------------------------------------------------------------------------------------
// One person.

/** Every lead time in use anywhere: the kinds' defaults, organisers' rules and people's own. */
async function leadsInUse(store: Store): Promise<LeadTime[]> {
  const [rules, subs] = await Promise.all([
    store.db.selectFrom('reminder_rules').select('lead_times').distinct().execute(),
    store.db.selectFrom('reminder_subscriptions').select('lead_times').distinct().where('lead_times', 'is not', null).execute(),
  ]);
  const leads = new Set<LeadTime>(EVENT_KINDS.flatMap((k) => DEFAULT_LEAD_TIMES[k]));
  for (const r of [...rules, ...subs]) for (const l of parseLeads(r.lead_times) ?? []) leads.add(l);
  return [...leads];
}

/**
 * Re-plans one person: the reminders they should get (their groups' meetings, their topics) for
 * occurrences whose reminders fall due in the plan-ahead window, against the rows they have.
 */
async function replanPerson(
  deps: NotifyDeps,
  cache: PassCache,
  personId: string,
  now: Date,
  planUntil: string,
  report: PlanReport,
): Promise<void> {
  const { store } = deps;
  const nowIso = utcIso(now);
  const audience = await loadPersonAudience(store, personId);
  const person = audience.recipients.get(personId);
  const existing = await store.db
    .selectFrom('reminder_deliveries')
    .select([...EXISTING_COLUMNS])
    .where('person_id', '=', personId)
    .where('status', 'in', ['pending', 'cancelled'])
    .where('kind', '=', 'reminder')
    .where('occurrence_start', '>', nowIso)
    .execute();
  const wanted = new Map<string, PlannedDelivery>();
  if (person && !person.paused && !person.unsubscribed) {
    const subs = (audience.subscriptions.get(personId) ?? []).filter((s) => !s.paused && !s.unsubscribed);
    const filters: CalendarFilter[] = [];
    const meetingGroups = person.groupIds;
    if (meetingGroups.length) filters.push({ groupIds: meetingGroups });
    for (const s of subs) {
      const [scope, value] = [s.topic.slice(0, s.topic.indexOf(':')), s.topic.slice(s.topic.indexOf(':') + 1)];
      if (scope === 'group') filters.push({ groupIds: [value] });
      else if (scope === 'kind' && (EVENT_KINDS as readonly string[]).includes(value)) filters.push({ kinds: [value as EventKind] });
      else if (scope === 'theme') filters.push({ themes: [value] });
      else if (scope === 'event') filters.push({ eventIds: [value] });
    }
    if (filters.length) {
      const longest = longestLead(await cache.leads());
      const from = DateTime.fromJSDate(now, { zone: 'UTC' });
      const to = DateTime.fromISO(planUntil, { zone: 'UTC' }).plus({ minutes: longest, days: 1 });
      const events = new Map<string, CalendarEvent>();
      for (const f of filters) {
        const items = await cache.get(`covered:${JSON.stringify(f)}`, async () => {
          const { items } = await occurrencesIn(store, ORGANISER, { from, to }, { ...f, statuses: ['published'] }, 5000);
          return items;
        });
        for (const d of items) events.set(d.event.id, d.event);
      }
      const silenced = await activitiesSilencedByWeek(store, [...events.values()]);
      for (const event of events.values()) {
        if (silenced.has(event.id)) continue;
        // This person with the event's own lead-time rules: the event's audience narrowed to them.
        const rules = await cache.get(`rules:${event.id}`, () => loadEventRules(store, event));
        const own: Audience = { ...audience, eventRules: rules.eventRules, groupRules: rules.groupRules };
        const occurrences = await cache.get(`upcoming:${event.id}`, () => upcomingOf(store, event, now, planUntil, longest));
        const links = await cache.get(`links:${event.id}`, () => occurrenceLinks(store, event.id));
        for (const [k, p] of heldAs(links, wantedFor(event, occurrences, own, planUntil, nowIso))) wanted.set(k, p);
      }
    }
  }
  await reconcile(store, existing, wanted, nowIso, report);
  // Digest rows follow the person's choice too (a new digest subscriber gets this week's).
  await planDigestsFor(deps, [personId], now, planUntil, report);
}

// ---------------------------------------------------------------------------------------------
// Time passing.

/**
 * Plans the reminders whose due time passed into the plan-ahead window since the last pass: for
 * each lead time in use, the occurrences starting that lead after the slice (an index range per
 * lead), then each such event's audience. A minute's slice usually finds nothing.
 *
 * After a long gap (a server switched off for months, a Worker whose cron trigger was disabled), the
 * slice is long, but an occurrence that has already started gets no reminder (the catch-up rule,
 * src/notify/outbox.ts skipStale): only occurrences starting after `now` are read, so the pass after
 * four years off reads the next few days, not four years of events.
 */
async function rollForward(deps: NotifyDeps, now: Date, planUntil: string, report: PlanReport): Promise<void> {
  const { store } = deps;
  const last = await setting(store, PLANNED_UNTIL);
  // First pass ever: every event was queued as it was written, so start from here.
  const from = last && last < planUntil ? last : null;
  if (from !== null) {
    // A first pass after a long gap finds hundreds of events (405 at 100k): read, loaded and
    // planned a chunk at a time, yielding between, so the pass never holds requests (ADR 295).
    const pause = timeSlicer();
    const nowIso = utcIso(now);
    const leads = await leadsInUse(store);
    const candidates = new Set<string>();
    for (const lead of leads) {
      for (const range of startRanges(lead, from, planUntil)) {
        const after = range.from > nowIso ? range.from : nowIso;
        if (after >= range.to) continue;
        let query = store.db
          .selectFrom('event_occurrences')
          .select('event_id')
          .where('start_at', '>', after)
          .where('start_at', '<=', range.to)
          .where('status', '=', 'published')
          .where('state', '<>', 'cancelled');
        if (range.allDay !== undefined) query = query.where('start_date', range.allDay ? 'is not' : 'is', null);
        for (const r of await query.execute()) candidates.add(r.event_id);
        await pause();
      }
    }
    if (candidates.size) report.ran = true;
    const longest = longestLead(leads);
    const ids = [...candidates];
    for (let i = 0; i < ids.length; i += EVENTS_PER_CHUNK) {
      const events = await getEvents(store, ids.slice(i, i + EVENTS_PER_CHUNK));
      const silenced = await activitiesSilencedByWeek(store, events);
      for (const event of events) {
        await pause();
        if (silenced.has(event.id)) continue;
        const audience = await loadEventAudience(store, event);
        const occurrences = await upcomingOf(store, event, now, planUntil, longest);
        const wanted = heldAs(await occurrenceLinks(store, event.id), wantedFor(event, occurrences, audience, planUntil, utcIso(now)));
        // Only what fell due in this slice is new; the rest was planned by an earlier pass or edit.
        // A reminder withdrawn when its date moved out of the window comes back (ADR 174).
        const fresh = [...wanted.values()].filter((p) => p.dueAt > from);
        // The insert is a commit of its own: a stretch of its own too.
        await pause();
        await insertPlanned(store, fresh, utcIso(now), { reviveWithdrawn: true });
        report.planned += fresh.length;
      }
    }
  }
  await store.batch([settingStatement(store, PLANNED_UNTIL, planUntil)]);
}

/**
 * The ranges of occurrence starts whose reminder `lead` before falls due in (from, to]. Hours are
 * exact. Days and weeks count on the UK wall clock, so the instant gap is the lead plus or minus
 * the hour a clock change moves (only when one lies between); all-day events are reminded at
 * 09:00 on the day, so their starts are the local midnights of the days whose 09:00 is in range.
 * Exact bounds matter: a pass each minute must not re-read the same occurrences sixty times.
 */
export function startRanges(lead: LeadTime, from: string, to: string): { from: string; to: string; allDay?: boolean }[] {
  const p = parseLeadTime(lead);
  if (!p) return [];
  const zone = 'Europe/London';
  const a = DateTime.fromISO(from, { zone });
  const b = DateTime.fromISO(to, { zone });
  const minutes = leadMinutes(lead);
  if (p.unit === 'h') return [{ from: utcIso(a.plus({ minutes })), to: utcIso(b.plus({ minutes })) }];
  const days = p.unit === 'd' ? p.amount : p.amount * 7;
  // Timed: due = (start on the wall clock) minus `days` days. Shifting the slice by the same wall-clock
  // days gives the starts exactly, clock changes included.
  const out: { from: string; to: string; allDay?: boolean }[] = [
    { from: utcIso(a.plus({ days })), to: utcIso(b.plus({ days })), allDay: false },
  ];
  // All-day: due at 09:00 local on (first day − days); the day's 09:00 must lie in (from, to].
  for (let day = a.startOf('day'); day <= b; day = day.plus({ days: 1 })) {
    const nine = day.set({ hour: 9 });
    if (nine > a && nine <= b) {
      const first = day.plus({ days }).startOf('day');
      out.push({ from: utcIso(first.minus({ seconds: 1 })), to: utcIso(first), allDay: true });
    }
  }
  return out;
}

/** The weekly digest (Monday 08:00 UK time): planned once a week for everyone who asked for it. */
async function planDigests(deps: NotifyDeps, now: Date, planUntil: string, report: PlanReport): Promise<void> {
  const { store } = deps;
  const thisWeek = digestDueAt(DateTime.fromJSDate(now), 'Europe/London');
  const due = [thisWeek, thisWeek.plus({ weeks: 1 })].filter((d) => utcIso(d) <= planUntil).pop();
  if (!due) return;
  const marker = due.toISODate()!;
  if ((await setting(store, DIGEST_PLANNED)) === marker) return;
  report.ran = true;
  const people = await store.db.selectFrom('reminder_subscriptions').select('person_id').distinct().where('topic', '=', 'digest').execute();
  await planDigestsFor(
    deps,
    people.map((p) => p.person_id),
    now,
    planUntil,
    report,
  );
  await store.batch([settingStatement(store, DIGEST_PLANNED, marker)]);
}

/**
 * This week's and next week's digest rows (those due by planUntil and not yet a day old) for these
 * people: those with a digest subscription that is on, and reminders not paused or unsubscribed.
 * One statement per 90 people (D1's 100 parameters), however many ask for the digest.
 */
async function planDigestsFor(deps: NotifyDeps, personIds: string[], now: Date, planUntil: string, report: PlanReport): Promise<void> {
  const pause = timeSlicer();
  const zone = 'Europe/London';
  const thisWeek = digestDueAt(DateTime.fromJSDate(now), zone);
  const weeks = [thisWeek, thisWeek.plus({ weeks: 1 })].filter(
    (d) => utcIso(d) <= planUntil && d.plus({ days: 1 }) > DateTime.fromJSDate(now),
  );
  if (!weeks.length) return;
  const planned: PlannedDelivery[] = [];
  for (const part of statementChunks(personIds)) {
    await pause();
    const readers = await deps.store.db
      .selectFrom('reminder_subscriptions as s')
      .innerJoin('people as p', 'p.id', 's.person_id')
      .leftJoin('reminder_preferences as pr', 'pr.person_id', 's.person_id')
      .select(['s.person_id', 'p.email', 'pr.paused', 'pr.unsubscribed_at'])
      .where('s.person_id', 'in', part)
      .where('s.topic', '=', 'digest')
      .where('s.paused', '=', 0)
      .where('s.unsubscribed_at', 'is', null)
      .execute();
    for (const reader of readers) {
      if (reader.paused === 1 || reader.unsubscribed_at) continue;
      for (const due of weeks) {
        planned.push({
          rule: 'digest',
          eventId: '',
          occurrence: due.toISODate()!,
          recipient: reader.email,
          personId: reader.person_id,
          kind: 'digest',
          dueAt: utcIso(due),
          occurrenceStart: utcIso(due.plus({ days: 1 })),
        });
      }
    }
  }
  await insertPlanned(deps.store, planned, utcIso(now));
  report.planned += planned.length;
}
