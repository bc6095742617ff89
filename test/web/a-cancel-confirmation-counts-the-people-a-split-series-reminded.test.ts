/**
 * A confirmation page says who will be e-mailed "Cancelled" as the planner will choose them: for
 * a later part of a split series, the people reminded of its dates under the earlier part's UID
 * (occurrence aliases, ADR 91) are counted and listed, and exactly they get the e-mail. Page HTML
 * through the app with a signed-in organiser, a real SMTP server on loopback, real SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { mailsSince } from '../notify/support/seen-mails.js';
import { makeWorld, type World } from '../notify/support/world.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const MEMBERS = ['iag-member-1@example.org', 'iag-member-2@example.org'];
const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };

/** The confirmation page's sentence about who will be told, and the addresses it lists. */
function toldOn(html: string): { sentence: string; listed: string[] } {
  const main = /<main[\s\S]*<\/main>/.exec(html)![0];
  const sentence = /<p>((?:Nobody|One person|\d+ people)[^<]*)<\/p>/.exec(main)?.[1] ?? '';
  const list = /already reminded[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(main)?.[1] ?? '';
  return { sentence, listed: [...list.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]!) };
}

describe('the cancel confirmation pages of a later part of a split series', () => {
  let w: World;
  afterEach(() => w.close());

  it('count the people reminded under the earlier part, and exactly they are e-mailed', async () => {
    w = await makeWorld({ now: '2026-12-01T09:00:00Z', members: MEMBERS });
    await createUser(
      w.t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: w.t.clock() },
    );
    const session = new Session(w.app);
    expect((await session.post('/signin', ADMIN)).status).toBe(303);

    // Third Wednesday monthly at 18:00; both members reminded of 21 April and 19 May 2027.
    const first = (await w.createMeeting({ start: '2026-12-16T18:00', end: '2026-12-16T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' }))
      .id as string;
    await w.dispatch('2027-04-14T17:35:00Z');
    await w.dispatch('2027-05-12T17:35:00Z');
    // From 17 February at 19:00: a later part, which both dates now belong to ("Changed" told).
    const split = await w.t.call('PATCH', `/api/events/${first}`, {
      dates: 'following',
      from: '2027-02-17T18:00:00Z',
      start: '2027-02-17T19:00',
      end: '2027-02-17T21:00',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const part = split.body.id as string;
    await w.dispatch('2026-12-01T09:05:00Z');
    expect((await mailsSince(w, 0)).map((m) => m.subject.split(':')[0])).toEqual([
      'Reminder',
      'Reminder',
      'Reminder',
      'Reminder',
      'Changed',
      'Changed',
      'Changed',
      'Changed',
    ]);

    // One date of the later part: both members are named, and both get "Cancelled".
    const may = `/organise/events/${part}/occurrences/cancel?recurrenceId=2027-05-19T18:00:00Z`;
    const datePage = await session.get(may);
    expect(datePage.status).toBe(200);
    expect(toldOn(datePage.text)).toEqual({
      sentence: '2 people were already reminded and will be e-mailed that this date is cancelled:',
      listed: MEMBERS,
    });
    let seen = w.sink.received.length;
    expect((await session.post(`/organise/events/${part}/occurrences/cancel`, { recurrenceId: '2027-05-19T18:00:00Z' }, may)).status).toBe(
      303,
    );
    await w.dispatch('2026-12-01T09:10:00Z');
    // Sorted: the pass's sending workers deliver to the two members in either order.
    let cancelled = (await mailsSince(w, seen))
      .map((m, i) => [m.subject.split(':')[0], w.sink.received[seen + i]!.envelopeTo.join()])
      .sort((a, b) => a.join().localeCompare(b.join()));
    expect(cancelled).toEqual(MEMBERS.map((to) => ['Cancelled', to]));

    // The whole later part: April's date is still held by both; May's they were already told.
    const eventPage = await session.get(`/organise/events/${part}/cancel`);
    expect(toldOn(eventPage.text)).toEqual({
      sentence: '2 people were already reminded and will be e-mailed that it is cancelled:',
      listed: MEMBERS,
    });
    seen = w.sink.received.length;
    expect((await session.post(`/organise/events/${part}/cancel`, { reason: 'The group has merged.' })).status).toBe(303);
    await w.dispatch('2026-12-01T09:15:00Z');
    cancelled = (await mailsSince(w, seen))
      .map((m, i) => [m.subject.split(':')[0], w.sink.received[seen + i]!.envelopeTo.join()])
      .sort((a, b) => a.join().localeCompare(b.join()));
    expect(cancelled).toEqual(MEMBERS.map((to) => ['Cancelled', to]));
  });
});
