/**
 * Reminder planning does work in proportion to what changed: a pass with nothing new reads no
 * people, events or memberships; editing one group's meeting re-plans that meeting and its members
 * only; a member who joins a group gets that group's reminders at the next pass; reminders
 * whose time comes into the plan-ahead window as the days pass are planned then, once; and the
 * first pass after months without one reads only what is still to come.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertMember } from '../../src/db/directory.js';
import type { Store } from '../../src/db/store.js';
import { runDue } from '../../src/notify/dispatch.js';
import { makeWorld, type World } from './support/world.js';

/** Records which tables each query touched and how many rows came back. */
class Reads implements KyselyPlugin {
  tables = new Map<string, number>();
  rows = 0;
  /** Each query's tree as JSON, values included: which ids a pass asked about. */
  queries: string[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const json = JSON.stringify(args.node);
    this.queries.push(json);
    for (const m of json.matchAll(/"table":\{"kind":"IdentifierNode","name":"([a-z_]+)"\}/g)) {
      this.tables.set(m[1]!, (this.tables.get(m[1]!) ?? 0) + 1);
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
  reset() {
    this.tables.clear();
    this.rows = 0;
    this.queries = [];
  }
}

const IAG_MEMBERS = Array.from({ length: 120 }, (_, i) => `iag-member-${i + 1}@example.org`);

describe('planning that follows the change', () => {
  let w: World;
  let reads: Reads;
  let counted: Store;
  let boardGroupId: string;
  let boardMeetingId: string;
  let iagMeetingId: string;
  const pass = (at: string) => runDue({ ...w.deps, store: counted }, new Date(at), { concurrency: 5 });

  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z', members: IAG_MEMBERS });
    reads = new Reads();
    counted = { ...w.deps.store, db: w.deps.store.db.withPlugin(reads) };
    const board = await w.t.call('POST', '/api/groups', {
      slug: 'board',
      name: 'Partnership board',
      organiserEmail: 'board-secretary@example.org',
    });
    boardGroupId = board.body.id;
    for (let i = 1; i <= 80; i++) {
      await upsertMember(
        w.t.handle.store,
        boardGroupId,
        { email: `board-member-${i}@example.org`, role: 'Board member', capacity: 'voting', displayName: null, organisationId: null },
        { actor: 'test', now: w.t.clock() },
      );
    }
    iagMeetingId = (await w.createMeeting({ start: '2022-10-19T18:00', end: '2022-10-19T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' })).id;
    boardMeetingId = (
      await w.createMeeting({ title: 'Board meeting', groupId: boardGroupId, start: '2022-10-20T14:00', end: '2022-10-20T16:00' })
    ).id;
    // The first pass plans what all of that queued.
    await pass('2022-10-11T14:00:00Z');
  }, 120_000);
  afterAll(() => w.close());

  // Read through the app's store (not the plugin-counted one), so the same reads run on every backend.
  const deliveriesOf = (eventId: string) => w.t.handle.store.db.selectFrom('reminder_deliveries').where('event_id', '=', eventId);
  const pending = async (eventId: string) => (await deliveriesOf(eventId).select('id').where('status', '=', 'pending').execute()).length;

  it('plans the reminders due in the next two days for both groups', async () => {
    // 7 days before 19 October 18:00 (17:00 UTC) and 20 October 14:00 are both within two days of the 11th, 14:00 UTC.
    expect(await pending(iagMeetingId)).toBe(120);
    expect(await pending(boardMeetingId)).toBe(80);
  });

  it('reads no people, memberships or events on a pass with nothing new', async () => {
    reads.reset();
    const report = await pass('2022-10-11T14:01:00Z');
    expect(report.plan.ran).toBe(false);
    for (const table of ['people', 'group_members', 'events', 'reminder_subscriptions', 'reminder_preferences']) {
      expect(reads.tables.get(table) ?? 0, table).toBe(0);
    }
    expect(reads.rows).toBeLessThan(20);
  });

  it('re-plans only the edited meeting, and only its own members', async () => {
    const moved = await w.t.call('PATCH', `/api/events/${boardMeetingId}`, { start: '2022-10-20T15:00', end: '2022-10-20T17:00' });
    expect(moved.status).toBe(200);
    reads.reset();
    const report = await pass('2022-10-11T14:02:00Z');
    expect(report.plan.rescheduled).toBe(80);
    expect(report.plan.planned).toBe(0);
    const due = await deliveriesOf(boardMeetingId).select('due_at').distinct().where('status', '=', 'pending').execute();
    expect(due).toEqual([{ due_at: '2022-10-13T14:00:00Z' }]);
    // The board's 80 members were read; the IAG's 120 were not.
    expect(reads.rows).toBeLessThan(80 * 3 + 100);
  });

  it('gives a new member of the board the board meeting’s reminder at the next pass', async () => {
    await upsertMember(
      w.t.handle.store,
      boardGroupId,
      { email: 'board-member-new@example.org', role: 'Board member', capacity: 'voting', displayName: null, organisationId: null },
      { actor: 'test', now: w.t.clock() },
    );
    await pass('2022-10-11T14:03:00Z');
    const row = await deliveriesOf(boardMeetingId)
      .select(['status', 'due_at'])
      .where('recipient', '=', 'board-member-new@example.org')
      .execute();
    expect(row).toEqual([{ status: 'pending', due_at: '2022-10-13T14:00:00Z' }]);
  });

  it('plans a reminder when its due time comes into the plan-ahead window, once', async () => {
    // The day-before reminder of the IAG meeting (due 18 October 18:00 BST, 17:00 UTC) enters the two-day window on the 16th at 17:00 UTC.
    const dayBefore = async () => (await deliveriesOf(iagMeetingId).select('id').where('rule', '=', 'lead:1d').execute()).length;
    await pass('2022-10-16T16:59:00Z');
    expect(await dayBefore()).toBe(0);
    await pass('2022-10-16T17:00:00Z');
    expect(await dayBefore()).toBe(120);
    await pass('2022-10-16T17:01:00Z');
    expect(await dayBefore()).toBe(120);
  });

  it('after five months without a pass, plans the next meeting and reads nothing about meetings that have already happened', async () => {
    reads.reset();
    // The server was off from 16 October to 10 March. The board's one meeting (20 October) is over;
    // the IAG's next is on 15 March, its week-before reminder overdue but the meeting still to come.
    const report = await pass('2023-03-10T12:00:00Z');
    expect(report.plan.planned).toBeGreaterThanOrEqual(120);
    const march = await deliveriesOf(iagMeetingId).select('id').where('occurrence_start', '=', '2023-03-15T18:00:00Z').execute();
    expect(march).toHaveLength(120);
    expect(reads.queries.some((q) => q.includes(boardMeetingId))).toBe(false);
    // Nothing was planned for the five monthly meetings that took place while the server was off.
    const missed = await deliveriesOf(iagMeetingId)
      .select('id')
      .where('occurrence_start', '>', '2022-10-20')
      .where('occurrence_start', '<', '2023-03-10')
      .execute();
    expect(missed).toHaveLength(0);
  });
});
