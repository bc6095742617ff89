/**
 * A bulk load (an import, a restore) queues hundreds of people for planning at once; above
 * PEOPLE_ONE_BY_ONE in one pass they are planned through the events that concern them instead of
 * person by person (ADR 117). Whichever way, each person gets the same reminders: their group's
 * meetings, the kinds and themes they follow, nothing while paused, and a reminder withdrawn when
 * they leave a group or its meeting is deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH } from '../../src/notify/deps.js';
import { PEOPLE_ONE_BY_ONE, planDue } from '../../src/notify/plan.js';
import { subscribeEmail } from '../../src/notify/preferences.js';
import { makeWorld, type World } from './support/world.js';

const MEMBERS = Array.from({ length: 40 }, (_, i) => `iag-member-${i + 1}@example.org`);
const FOLLOWERS = Array.from({ length: 10 }, (_, i) => `campaign-follower-${i + 1}@example.org`);
const NOW = '2022-10-11T14:00:00Z';

describe('people queued for planning in bulk', () => {
  let w: World;
  const plan = (at = NOW) => planDue(w.deps, new Date(at), DEFAULT_DISPATCH);
  // Through the app's store, so the same reads and writes run on every backend.
  const db = () => w.t.handle.store.db;
  const queued = async () => (await db().selectFrom('plan_queue').select(['scope', 'id']).execute()).length;
  const pending = async () =>
    (
      await db()
        .selectFrom('reminder_deliveries')
        .select(['rule', 'event_id', 'occurrence', 'recipient', 'due_at'])
        .where('status', '=', 'pending')
        .orderBy('recipient')
        .orderBy('event_id')
        .orderBy('occurrence')
        .orderBy('rule')
        .execute()
    ).map((r) => `${r.recipient} ${r.event_id} ${r.occurrence} ${r.rule} ${r.due_at}`);
  const personId = async (email: string) =>
    (await db().selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  let meetingId: string;
  let otherMeetingId: string;

  beforeAll(async () => {
    w = await makeWorld({ now: NOW, members: MEMBERS });
    meetingId = (await w.createMeeting({ start: '2022-10-19T18:00', end: '2022-10-19T20:00', rrule: 'FREQ=WEEKLY;COUNT=4' })).id;
    otherMeetingId = (await w.createMeeting({ title: 'Extra meeting', start: '2022-10-18T10:00', end: '2022-10-18T11:00' })).id;
    const week = await w.t.call('POST', '/api/events', {
      kind: 'campaign_week',
      title: 'Knife Crime Awareness Week',
      start: '2022-11-08',
      end: '2022-11-14',
      themes: ['C2'],
      visibility: 'public',
      status: 'published',
    });
    expect(week.status).toBe(201);
    const training = await w.t.call('POST', '/api/events', {
      kind: 'training',
      title: 'First aid for stewards',
      start: '2022-10-18T10:00',
      end: '2022-10-18T12:00',
      themes: ['c3'],
      visibility: 'public',
      status: 'published',
    });
    expect(training.status).toBe(201);
    for (const email of FOLLOWERS.slice(0, 5)) await subscribeEmail(w.t.handle.store, email, ['kind:campaign_week'], null, NOW);
    for (const email of FOLLOWERS.slice(5)) await subscribeEmail(w.t.handle.store, email, ['theme:c3'], ['1w'], NOW);
    // One member has paused every reminder.
    await db()
      .insertInto('reminder_preferences')
      .values({ person_id: await personId(MEMBERS[0]!), paused: 1, unsubscribed_at: null, updated_at: NOW })
      .execute();
  }, 120_000);
  afterAll(() => w.close());

  it('plans the same reminders in one bulk pass as in passes of a few people each', async () => {
    const people = (await db().selectFrom('plan_queue').select('id').where('scope', '=', 'person').execute()).map((r) => r.id);
    expect(people.length).toBeGreaterThan(PEOPLE_ONE_BY_ONE);
    // Only the people: their events must be found through their groups and topics.
    await db().deleteFrom('plan_queue').where('scope', '<>', 'person').execute();
    await plan();
    expect(await queued()).toBe(0);
    const inBulk = await pending();
    // 39 members (one paused) for each meeting's first date, five campaign followers four weeks
    // ahead (the kind's lead time), five followers of the training's theme at their own week.
    expect(inBulk.filter((r) => r.includes(meetingId))).toHaveLength(39);
    expect(inBulk.filter((r) => r.includes(otherMeetingId))).toHaveLength(39);
    expect(inBulk.filter((r) => r.startsWith('campaign-follower-'))).toHaveLength(10);
    expect(inBulk.some((r) => r.startsWith(`${MEMBERS[0]} `))).toBe(false);

    // The same people planned a few at a time, from nothing.
    await db().deleteFrom('reminder_deliveries').execute();
    for (let i = 0; i < people.length; i += 10) {
      await db()
        .insertInto('plan_queue')
        .values(people.slice(i, i + 10).map((id) => ({ scope: 'person', id })))
        .execute();
      await plan();
    }
    expect(await pending()).toEqual(inBulk);
  });

  it('withdraws the reminders of people who left the group together, and of a meeting deleted meanwhile', async () => {
    const leaving = MEMBERS.slice(10, 35);
    const ids = await Promise.all(leaving.map(personId));
    await db().deleteFrom('group_members').where('person_id', 'in', ids).execute();
    // Deleted without the API (an import replacing the calendar): nothing queues the event itself.
    await db().deleteFrom('event_occurrences').where('event_id', '=', otherMeetingId).execute();
    await db().deleteFrom('plan_queue').where('scope', '=', 'event').execute();
    await db().deleteFrom('events').where('id', '=', otherMeetingId).execute();
    await db().deleteFrom('plan_queue').where('scope', '=', 'event').execute();
    expect(await queued()).toBe(leaving.length);
    await plan();
    const now = await pending();
    expect(now.filter((r) => r.includes(meetingId))).toHaveLength(39 - leaving.length);
    for (const email of leaving) expect(now.some((r) => r.startsWith(`${email} `))).toBe(false);
    // Those who stayed lost only the deleted meeting's reminder (withdrawn for those who left, kept pending
    // for the others until the dispatcher finds the event gone): what planning them one by one did.
    expect(now.filter((r) => r.includes(otherMeetingId)).length).toBe(39 - leaving.length);
  });
});
