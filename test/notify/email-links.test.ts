import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../web/support/jar.js';
import { makeWorld, ORGANISER_EMAIL, type World } from './support/world.js';

const path = (url: string) => new URL(url).pathname;

function linkIn(text: string, label: RegExp): string {
  const m = new RegExp(`${label.source}\\s*(https://\\S+)`).exec(text);
  if (!m) throw new Error(`no link after ${label} in:\n${text}`);
  return m[1]!;
}

describe('links in a reminder email', () => {
  let w: World;
  let meeting: any;
  let text1: string;
  let text2: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z' });
    meeting = await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
    await w.dispatch('2022-10-26T17:00:00Z');
    text1 = (await w.sink.parsedFor('iag-member-1@example.org'))[0]!.text!;
    text2 = (await w.sink.parsedFor('iag-member-2@example.org'))[0]!.text!;
    w.t.clock.set('2022-10-27T08:00:00Z');
  });
  afterAll(() => w.close());

  const request = (method: string, url: string, init: { body?: string; type?: string; accept?: string } = {}) =>
    w.t.app.request(path(url), {
      method,
      body: init.body,
      headers: { ...(init.type ? { 'Content-Type': init.type } : {}), ...(init.accept ? { Accept: init.accept } : {}) },
    });

  it('opens a confirmation page for apologies without recording anything, so a link scanner cannot send them', async () => {
    const res = await request('GET', linkIn(text1, /Send your apologies:/));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Independent Advisory Group meeting');
    expect(html).toContain('Wednesday 2 November 2022, 18:00–20:00');
    expect(html).toContain('Send my apologies');
    expect(await w.t.handle.store.db.selectFrom('apologies').selectAll().execute()).toEqual([]);
  });

  it('records the apology for that meeting and emails the group’s organiser once, however often it is clicked', async () => {
    const url = path(linkIn(text1, /Send your apologies:/));
    const browser = new Session(w.t.app);
    const res = await browser.post(url, { note: 'Working late that week' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Your apologies for <strong>Independent Advisory Group meeting</strong>');
    await browser.post(url, { note: 'Working late that week' });

    const listed = await w.t.call('GET', `/api/events/${meeting.id}/apologies`);
    expect(listed.body.apologies).toEqual([
      {
        occurrence: '',
        email: 'iag-member-1@example.org',
        displayName: null,
        name: 'IAG Member',
        meetingStart: '2022-11-02T18:00:00Z',
        note: 'Working late that week',
        at: '2022-10-27T08:00:00Z',
      },
    ]);
    await w.dispatch('2022-10-27T08:01:00Z');
    await w.dispatch('2022-10-27T08:02:00Z');
    const toOrganiser = await w.sink.parsedFor(ORGANISER_EMAIL);
    expect(toOrganiser).toHaveLength(1);
    expect(toOrganiser[0]!.subject).toBe(
      'Apologies: IAG Member (iag-member-1@example.org), Independent Advisory Group meeting Wed 2 Nov, 18:00',
    );
    expect(toOrganiser[0]!.text).toContain('Their note: Working late that week');
    expect(toOrganiser[0]!.replyTo?.value[0]?.address).toBe('iag-member-1@example.org');
  });

  it('refuses a link whose token was altered, on the page and in the API', async () => {
    const url = linkIn(text1, /Send your apologies:/);
    const forged = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const page = await new Session(w.t.app).get(path(forged));
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link is not valid');
    const res = await request('POST', forged.replace('/email/', '/api/email/'), {
      body: '',
      type: 'application/x-www-form-urlencoded',
      accept: 'application/json',
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.field).toBe('token');
  });

  it('unsubscribes with one click (RFC 8058 POST), so that member gets no more reminders of the group’s meetings', async () => {
    const url = linkIn(text2, /Unsubscribe:/);
    const page = await request('GET', url);
    expect(await page.text()).toContain('Unsubscribe');
    const res = await request('POST', url, { body: 'List-Unsubscribe=One-Click', type: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    await w.dispatch('2022-11-01T18:00:00Z');
    const dayBefore = w.sink.received.filter((r) => r.raw.toString().includes('is tomorrow'));
    expect(dayBefore.map((r) => r.envelopeTo[0])).toEqual(['iag-member-1@example.org']);
  });

  it('shows a member their preferences over the API and lets them come back with their own lead times', async () => {
    const url = linkIn(text2, /Change your reminder preferences:/).replace('/email/', '/api/email/');
    const prefs = await (await request('GET', url)).json();
    expect(prefs).toMatchObject({
      email: 'iag-member-2@example.org',
      paused: false,
      groups: [{ name: 'Independent Advisory Group', subscribed: false }],
    });
    const bad = await request('PATCH', url, {
      body: JSON.stringify({ subscriptions: [{ topic: 'kind:party' }, { topic: `group:${w.groupId}`, leadTimes: ['3 days'] }] }),
      type: 'application/json',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: any) => e.field)).toEqual(['subscriptions[0].topic', 'subscriptions[1].leadTimes']);
    const ok = await request('PATCH', url, {
      body: JSON.stringify({ subscriptions: [{ topic: `group:${w.groupId}`, subscribed: true, leadTimes: ['2h'] }] }),
      type: 'application/json',
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).groups[0].subscribed).toBe(true);
    const pass = await w.dispatch('2022-11-02T16:00:00Z');
    expect(pass.sent).toBe(1);
    const last = await w.sink.parse(w.sink.received.at(-1)!);
    expect(last.to && 'value' in last.to ? last.to.value[0]!.address : '').toBe('iag-member-2@example.org');
    expect(last.text).toContain('Independent Advisory Group meeting is today.');
  });
});
