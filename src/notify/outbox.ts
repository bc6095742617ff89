/**
 * @module The delivery outbox (reminder_deliveries): planned emails as rows, claimed with a lease,
 * marked sent or failed. Every state change is one statement guarded by the row's current state,
 * so two dispatchers (two Node processes, a Worker and a CLI) never both send one row while its
 * lease holds; D1 has no interactive transactions, so there is no read-then-write anywhere.
 */
import { sql, type Compilable, type CompiledQuery, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, ReminderDeliveriesTable } from '../db/schema.js';
import { itemsPerStatement, rarelyTrue, skippingLockedRows, statementChunks, valuesRowsPerStatement } from '../db/dialect.js';
import type { Store } from '../db/store.js';

export type DeliveryRow = ReminderDeliveriesTable;
export type DeliveryKind = 'reminder' | 'update' | 'cancellation' | 'digest' | 'apology' | 'agenda' | 'minutes';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled';

export interface PlannedDelivery {
  rule: string;
  eventId: string;
  occurrence: string;
  recipient: string;
  personId: string | null;
  kind: DeliveryKind;
  dueAt: string;
  occurrenceStart: string;
  payload?: Record<string, unknown>;
}

const INSERT_COLUMNS = 14;
/**
 * Parameters an insert binds beside its rows: the revive clause's status, next_attempt_at and
 * last_error, and its two guards. Counted on every insert, so one run size serves both.
 */
const REVIVE_PARAMETERS = 5;
const STATEMENTS_PER_BATCH = 200;

/**
 * Inserts planned rows; a row whose key already exists is left as it is (planning is idempotent),
 * except, with `reviveWithdrawn`, a reminder the planner had withdrawn (`cancelled`): it becomes
 * pending again with the new due time and start, as `reconcile` revives one. The key (rule, UID,
 * RECURRENCE-ID, address) is the identity people hold, so a one-off moved beyond the planning
 * window has its withdrawn row under the very key its new date's reminder is planned with (ADR 174).
 */
export async function insertPlanned(
  store: Store,
  planned: PlannedDelivery[],
  now: string,
  opts: { reviveWithdrawn?: boolean } = {},
): Promise<void> {
  await batched(store, insertPlannedStatements(store, planned, now, opts));
}

export function insertPlannedStatements(
  store: Store,
  planned: PlannedDelivery[],
  now: string,
  opts: { reviveWithdrawn?: boolean } = {},
): CompiledQuery[] {
  const statements: CompiledQuery[] = [];
  // Many rows a statement where the database allows it (a bulk drain plans thousands); within
  // D1's 100 bound parameters elsewhere, the revive clause's included (ADR 281).
  const perStatement =
    valuesRowsPerStatement(store, INSERT_COLUMNS) || itemsPerStatement({ perItem: INSERT_COLUMNS, reserved: REVIVE_PARAMETERS });
  for (let i = 0; i < planned.length; i += perStatement) {
    const values = planned.slice(i, i + perStatement).map((p) => ({
      id: crypto.randomUUID(),
      rule: p.rule,
      event_id: p.eventId,
      occurrence: p.occurrence,
      recipient: p.recipient,
      person_id: p.personId,
      kind: p.kind,
      due_at: p.dueAt,
      occurrence_start: p.occurrenceStart,
      status: 'pending',
      attempts: 0,
      payload: JSON.stringify(p.payload ?? {}),
      created_at: now,
      updated_at: now,
    }));
    statements.push(
      store.db
        .insertInto('reminder_deliveries')
        .values(values)
        .onConflict((oc) => {
          const conflict = oc.columns(['rule', 'event_id', 'occurrence', 'recipient']);
          if (!opts.reviveWithdrawn) return conflict.doNothing();
          return conflict
            .doUpdateSet((eb) => ({
              status: 'pending',
              due_at: eb.ref('excluded.due_at'),
              occurrence_start: eb.ref('excluded.occurrence_start'),
              next_attempt_at: null,
              last_error: null,
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where('reminder_deliveries.status', '=', 'cancelled')
            .where('reminder_deliveries.kind', '=', 'reminder');
        })
        .compile(),
    );
  }
  return statements;
}

export async function batched(store: Store, statements: CompiledQuery[]): Promise<void> {
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) await store.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
}

/** Pending and past its due time and backoff. */
function duePending(eb: ExpressionBuilder<Database, 'reminder_deliveries'>, now: string): Expression<SqlBool> {
  return eb.and([
    eb('status', '=', 'pending'),
    eb('due_at', '<=', now),
    eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]),
  ]);
}

/** Claimed by a dispatcher whose lease ran out. */
function leaseExpired(eb: ExpressionBuilder<Database, 'reminder_deliveries'>, now: string): Expression<SqlBool> {
  return eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]);
}

/**
 * Due now: `duePending` or `leaseExpired`, written as a CASE on the status: the same truth, but not
 * an OR of two index ranges, so SQLite's planner drives the claim by the chosen ids instead of
 * walking every due row.
 */
function stillClaimable(eb: ExpressionBuilder<Database, 'reminder_deliveries'>, now: string): Expression<SqlBool> {
  return eb
    .case()
    .when('status', '=', 'pending')
    .then(eb.and([eb('due_at', '<=', now), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])]))
    .when('status', '=', 'sending')
    .then(eb('lease_until', '<', now))
    .else(eb.lit(false))
    .end();
}

/**
 * Claims up to `limit` due rows for this dispatcher with one conditional UPDATE, then reads them
 * back by the claim token. The condition is repeated outside the subquery so a database that
 * re-checks rows changed concurrently (PostgreSQL) cannot hand one row to two claimants. On
 * PostgreSQL the chosen rows are locked as they are chosen and rows another instance is claiming
 * are passed over (FOR UPDATE SKIP LOCKED, src/db/dialect.ts), so instances claiming together
 * each get a full batch of different rows rather than one waiting and then finding its rows taken.
 *
 * The earliest due rows are chosen from two index walks, each stopping after `limit` rows (the
 * (status, due_at) index gives both in due order), merged and cut to `limit`. A single
 * `WHERE pending OR expired ORDER BY due_at` sorted every due row on each claim, which made a
 * pass of 10,000 emails quadratic.
 */
export async function claimDue(
  store: Store,
  opts: { now: string; leaseUntil: string; limit: number },
): Promise<{ token: string; rows: DeliveryRow[] }> {
  const token = crypto.randomUUID();
  const earliest = (which: typeof duePending, alias: 'pending' | 'expired') =>
    store.db
      .selectFrom((eb) =>
        skippingLockedRows(
          store,
          eb
            .selectFrom('reminder_deliveries')
            .select(['id', 'due_at'])
            .where((inner) => which(inner, opts.now))
            .orderBy('status')
            .orderBy('due_at')
            .limit(opts.limit),
        ).as(alias),
      )
      .select([`${alias}.id as id`, `${alias}.due_at as due_at`]);
  await store.batch([
    store.db
      .updateTable('reminder_deliveries')
      .set({
        status: 'sending',
        claim_token: token,
        lease_until: opts.leaseUntil,
        attempts: sql<number>`attempts + 1`,
        updated_at: opts.now,
      })
      .where((eb) =>
        eb.and([
          eb(
            'id',
            'in',
            eb
              .selectFrom(earliest(duePending, 'pending').unionAll(earliest(leaseExpired, 'expired')).as('due'))
              .select('due.id')
              .orderBy('due.due_at')
              .limit(opts.limit),
          ),
          stillClaimable(eb, opts.now),
        ]),
      )
      .compile(),
  ]);
  const rows = await store.db
    .selectFrom('reminder_deliveries')
    .selectAll()
    .where('claim_token', '=', token)
    .where('status', '=', 'sending')
    .orderBy('due_at')
    .execute();
  return { token, rows };
}

const SLOT = '\u0000slot:';

/**
 * A statement Kysely compiles once per store and then re-binds: it is built with stand-in values,
 * whose places among the compiled parameters each use fills with its own values. For statements
 * written once per email, where compiling cost more than running them.
 */
function precompiled<K extends string>(
  build: (store: Store, slot: (name: K) => string) => Compilable,
): (store: Store, values: Record<K, unknown>) => CompiledQuery {
  const compiled = new WeakMap<Store, CompiledQuery>();
  return (store, values) => {
    let template = compiled.get(store);
    if (!template) compiled.set(store, (template = build(store, (name) => SLOT + name).compile()));
    const parameters = template.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(SLOT) ? values[p.slice(SLOT.length) as K] : p,
    );
    return { ...template, parameters };
  };
}

const sentStatement = precompiled<'id' | 'token' | 'messageId' | 'now' | 'sequence' | 'toldStart' | 'toldLocation' | 'payload'>(
  (store, slot) =>
    store.db
      .updateTable('reminder_deliveries')
      .set({
        status: 'sent',
        message_id: slot('messageId'),
        sent_at: slot('now'),
        // The order of sending, from the database rather than a clock (ADR 129): what a person was
        // told last is the row with the highest number. One indexed MAX per e-mail.
        sent_no: sql<number>`(select coalesce(max(d.sent_no), 0) + 1 from reminder_deliveries d)`,
        sequence: slot('sequence') as unknown as number,
        told_start: slot('toldStart'),
        told_location: slot('toldLocation'),
        payload: slot('payload'),
        lease_until: null,
        last_error: null,
        updated_at: slot('now'),
      })
      .where('id', '=', slot('id'))
      .where('claim_token', '=', slot('token')),
);

/**
 * Marks a claimed row sent with what its e-mail told: SEQUENCE, start (UTC instant), venue, and
 * the end (`toldEnd`: UTC instant, or an all-day date's last day), which has no column of its own
 * and is kept in the row's payload as `toldEnd` (ADR 274; the payload is read only to compose the
 * e-mail, before it is sent).
 */
export function markSentStatement(
  store: Store,
  row: DeliveryRow,
  token: string,
  result: {
    messageId: string;
    now: string;
    sequence: number | null;
    toldStart: string | null;
    toldLocation: string | null;
    toldEnd?: string;
  },
): CompiledQuery {
  const { toldEnd, ...told } = result;
  const payload = toldEnd === undefined ? row.payload : JSON.stringify({ ...(JSON.parse(row.payload || '{}') as object), toldEnd });
  return sentStatement(store, { id: row.id, token, ...told, payload });
}

/** A failed attempt: back to pending with a later next_attempt_at, or 'failed' for good. */
export function markFailedStatement(
  store: Store,
  row: DeliveryRow,
  token: string,
  opts: { now: string; error: string; retryAt: string | null },
): CompiledQuery {
  return store.db
    .updateTable('reminder_deliveries')
    .set({
      status: opts.retryAt ? 'pending' : 'failed',
      next_attempt_at: opts.retryAt,
      last_error: opts.error.slice(0, 500),
      lease_until: null,
      updated_at: opts.now,
    })
    .where('id', '=', row.id)
    .where('claim_token', '=', token)
    .compile();
}

/** Ends a row without sending (the event was cancelled, the person unsubscribed, it is too late). */
export function markEndedStatement(
  store: Store,
  id: string,
  token: string | null,
  status: 'skipped' | 'cancelled',
  reason: string,
  now: string,
): CompiledQuery {
  let q = store.db
    .updateTable('reminder_deliveries')
    .set({ status, last_error: reason, lease_until: null, updated_at: now })
    .where('id', '=', id);
  q = token ? q.where('claim_token', '=', token) : q.where('status', 'in', ['pending', 'failed']);
  return q.compile();
}

/** Gives back claimed rows that were never attempted (the pass stopped early), without using up an attempt. */
export async function releaseClaimed(store: Store, token: string, ids: string[], now: string): Promise<void> {
  const statements: CompiledQuery[] = [];
  for (const part of statementChunks(ids)) {
    statements.push(
      store.db
        .updateTable('reminder_deliveries')
        .set({ status: 'pending', claim_token: null, lease_until: null, attempts: sql<number>`attempts - 1`, updated_at: now })
        .where('claim_token', '=', token)
        .where('status', '=', 'sending')
        .where('id', 'in', part)
        .compile(),
    );
  }
  await batched(store, statements);
}

/**
 * The catch-up rule, applied before claiming: a due email for an occurrence that has already
 * started is skipped; an overdue reminder is skipped when a later reminder of the same occurrence
 * for the same person is due too (after a long outage, send "tomorrow", not also "in 7 days").
 */
export async function skipStale(store: Store, now: string): Promise<void> {
  // Pending, or sending with the lease run out. Said as `status IN ('pending', 'sending') AND (…)`,
  // with the statuses as literals, so SQLite seeks (status, due_at) for the two of them whatever
  // its statistics say; as `pending OR (sending AND …)` it skip-scanned every status, and with
  // bound statuses and statistics taken while every row was pending it read the whole table: the
  // tens of thousands of sent rows, 45-110 ms a tick at 100k events (issue 9, ADR 162). Marked
  // rarely true, because statistics taken right after a bulk load say every row is pending.
  const stale = (eb: ExpressionBuilder<Database, 'reminder_deliveries'>) =>
    eb.and([
      rarelyTrue(store, sql<SqlBool>`status in ('pending', 'sending')`),
      eb.or([eb('status', '=', 'pending'), eb('lease_until', '<', now)]),
    ]);
  await store.batch([
    store.db
      .updateTable('reminder_deliveries')
      .set({ status: 'skipped', last_error: 'too late: it had already started', lease_until: null, updated_at: now })
      .where((eb) => eb.and([stale(eb), eb('due_at', '<=', now), eb('occurrence_start', '<=', now)]))
      .compile(),
    store.db
      .updateTable('reminder_deliveries')
      .set({ status: 'skipped', last_error: 'superseded by a later reminder of the same occurrence', lease_until: null, updated_at: now })
      .where((eb) =>
        eb.and([
          stale(eb),
          eb('kind', '=', 'reminder'),
          eb('due_at', '<=', now),
          eb.exists(
            eb
              .selectFrom('reminder_deliveries as later')
              .select('later.id')
              .whereRef('later.event_id', '=', 'reminder_deliveries.event_id')
              .whereRef('later.occurrence', '=', 'reminder_deliveries.occurrence')
              .whereRef('later.recipient', '=', 'reminder_deliveries.recipient')
              .where('later.kind', '=', 'reminder')
              .whereRef('later.due_at', '>', 'reminder_deliveries.due_at')
              .where('later.due_at', '<=', now)
              .where('later.status', 'in', ['pending', 'sending', 'sent']),
          ),
        ]),
      )
      .compile(),
  ]);
}

/**
 * True when delivery `a` was sent after `b`: by the order the database numbered them as sent
 * (sent_no, migration 0017), never by sent_at, the dispatching clock, which a `dispatch --now`
 * in the future makes run ahead of later sends (ADR 129). Rows sent before the numbering (NULL)
 * come before every numbered one, and among themselves go by sent_at as they did.
 */
export function sentLater(
  a: { sent_no: number | null; sent_at: string | null },
  b: { sent_no: number | null; sent_at: string | null },
): boolean {
  if (a.sent_no !== null || b.sent_no !== null) return (a.sent_no ?? 0) > (b.sent_no ?? 0);
  return (a.sent_at ?? '') > (b.sent_at ?? '');
}
