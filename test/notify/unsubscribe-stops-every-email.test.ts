/**
 * Unsubscribing means no more email: after clicking Unsubscribe in a reminder, a member hears
 * nothing more about those meetings, not even that one moved or was cancelled, until they opt back
 * in on their preferences page. Everything goes through the pages a member uses and a real SMTP
 * server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../web/support/jar.js';
import { makeWorld, type World } from './support/world.js';

const path = (url: string) => new URL(url).pathname;

function linkIn(text: string, label: RegExp): string {
  const m = new RegExp(`${label.source}\\s*(https://\\S+)`).exec(text);
  if (!m) throw new Error(`no link after ${label} in:\n${text}`);
  return m[1]!;
}

describe('after a member unsubscribes', () => {
  let w: World;
  let meeting: any;
  let member1: Session;
  let member2: Session;
  let links1: { unsubscribe: string; preferences: string };
  let links2: { unsubscribe: string; preferences: string };

  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z' });
    meeting = await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
    await w.dispatch('2022-10-26T17:00:00Z'); // the week-before reminders
    const linksOf = async (email: string) => {
      const text = (await w.sink.parsedFor(email))[0]!.text!;
      return { unsubscribe: path(linkIn(text, /Unsubscribe:/)), preferences: path(linkIn(text, /Change your reminder preferences:/)) };
    };
    links1 = await linksOf('iag-member-1@example.org');
    links2 = await linksOf('iag-member-2@example.org');
    member1 = new Session(w.app);
    member2 = new Session(w.app);
    w.t.clock.set('2022-10-27T09:00:00Z');
  });
  afterAll(() => w.close());

  const mailTo = async (email: string) => (await w.sink.parsedFor(email)).map((m) => m.subject);

  it('gets no "Changed" email when the meeting moves, while members still subscribed do', async () => {
    const page = await member2.get(links2.unsubscribe);
    expect(page.text).toContain('not even if one moves or is cancelled');
    const done = await member2.post(links2.unsubscribe, { scope: 'these' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('You are unsubscribed');

    const moved = await w.t.call('PATCH', `/api/events/${meeting.id}`, { start: '2022-11-09T18:00', end: '2022-11-09T20:00' });
    expect(moved.status).toBe(200);
    await w.dispatch('2022-10-27T09:01:00Z');
    expect(await mailTo('iag-member-1@example.org')).toEqual([
      'Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00',
      'Changed: Independent Advisory Group meeting, now Wed 9 Nov, 18:00',
    ]);
    expect(await mailTo('iag-member-2@example.org')).toEqual(['Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00']);
  });

  it('gets no "Cancelled" email either after "Unsubscribe from all emails" on the preferences page', async () => {
    const prefs = await member1.get(links1.preferences);
    expect(prefs.text).toContain('Stop all emails');
    const stopped = await member1.post(links1.preferences, { action: 'unsubscribe-all' });
    expect(stopped.status).toBe(303);
    const after = await member1.get(stopped.headers.get('Location')!);
    expect(after.text).toContain('You are unsubscribed');
    expect(after.text).toContain('no notices that a meeting has moved or been cancelled');

    w.t.clock.set('2022-10-28T09:00:00Z');
    expect((await w.t.call('POST', `/api/events/${meeting.id}/cancel`, { reason: 'Venue unavailable' })).status).toBe(200);
    const pass = await w.dispatch('2022-10-28T09:01:00Z');
    expect(pass.sent).toBe(0);
    expect(await mailTo('iag-member-1@example.org')).toHaveLength(2);
  });

  it('hears again about exactly what they tick on their preferences page', async () => {
    const form = await member2.get(links2.preferences);
    const groupTopic = `group:${w.groupId}`;
    expect(form.text).toMatch(new RegExp(`name="group" value="${groupTopic}" id="group-0"/>`)); // unticked
    const saved = await member2.post(links2.preferences, {
      action: 'save',
      'shown-group': groupTopic,
      group: groupTopic,
      'leads-0': '2h',
      'leads-0-other': '',
    });
    expect(saved.status).toBe(303);
    expect((await member2.get(saved.headers.get('Location')!)).text).toContain('Your choices are saved');

    w.t.clock.set('2022-11-01T09:00:00Z');
    await w.createMeeting({ title: 'Extraordinary IAG meeting', start: '2022-11-16T18:00', end: '2022-11-16T19:00' });
    await w.dispatch('2022-11-16T16:00:00Z'); // two hours before
    expect(await mailTo('iag-member-2@example.org')).toContain('Reminder: Extraordinary IAG meeting, Wed 16 Nov, 18:00');
    expect(await mailTo('iag-member-1@example.org')).toHaveLength(2);
  });

  it('takes RFC 8058 one-click unsubscribe from a mail client, which sends no CSRF token', async () => {
    const res = await w.app.request(links1.unsubscribe, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
  });
});
