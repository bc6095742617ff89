import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

/** The page an e-mail's invitation links its date to (the VEVENT's URL, RFC 5545 §3.8.4.6), as a path; '' without one. */
function invitationUrl(raw: Buffer): string {
  const text = raw.toString('utf8');
  const part = /Content-Type: text\/calendar[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/i.exec(text)?.[1];
  if (!part) return '';
  const ics = /BEGIN:VCALENDAR/.test(part) ? part : Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
  return path(String(vevent.getFirstPropertyValue('url')));
}

describe('links in e-mails sent before a series edit lead to what their date became (ADR 283)', () => {
  const MEMBER = 'iag-member-1@example.org';
  let w: World;
  afterEach(() => w.close());

  /** The e-mails the member got since `from`: subject, text and the invitation's URL. */
  const mailsSince = async (from: number) =>
    Promise.all(
      w.sink.received.slice(from).map(async (r) => {
        const mail = await w.sink.parse(r);
        return { subject: mail.subject ?? '', text: mail.text ?? '', url: invitationUrl(r.raw) };
      }),
    );
  const get = (url: string, accept = 'text/html') => w.t.app.request(url, { headers: { Accept: accept } });
  /** Wednesdays at 10:00 from 16 December, public; the member reminded a week ahead of the first, and an hour later. */
  const remindedOfAWednesday = async () => {
    w = await makeWorld({ now: '2026-12-01T09:00:00Z', members: [MEMBER] });
    const series = await w.createMeeting({
      start: '2026-12-16T10:00',
      end: '2026-12-16T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      visibility: 'public',
    });
    await w.dispatch('2026-12-09T10:00:00Z');
    const [reminder] = await mailsSince(0);
    w.t.clock.set('2026-12-09T11:00:00Z');
    return { series, reminder: reminder! };
  };

  it('a new time splits the series: the reminders’ apology, meeting and agenda links lead to the meeting at its new time', async () => {
    w = await makeWorld({ now: '2026-09-01T09:00:00Z', members: [MEMBER] });
    const series = await w.createMeeting({
      start: '2026-09-16T18:00',
      end: '2026-09-16T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
      visibility: 'public',
    });
    await w.dispatch('2026-12-09T18:00:00Z');
    const [weekBefore] = await mailsSince(0);
    expect(weekBefore!.subject).toBe('Reminder: Independent Advisory Group meeting, Wed 16 Dec, 18:00');
    expect(weekBefore!.url).toBe(`/meetings/${series.id}/20261216T180000Z`);

    w.t.clock.set('2026-12-10T10:00:00Z');
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      start: '2026-09-16T18:30',
      end: '2026-09-16T20:30',
      reason: 'The hall is booked until 18:15.',
    });
    expect(edit.body.series).toMatchObject({ change: 'split', allBecameFollowing: true });
    const december = `/meetings/${edit.body.id}/20261216T183000Z`;
    expect((await w.t.call('POST', `/api${december}/items`, { title: 'Minutes of the last meeting', lead: 'Chair' })).status).toBe(201);
    expect((await w.t.call('POST', `/api${december}/agenda/publish`)).status).toBe(200);
    const before = w.sink.received.length;
    await w.dispatch('2026-12-15T18:30:00Z');
    const dayBefore = (await mailsSince(before)).find((m) => m.subject.startsWith('Reminder:'))!;
    expect(dayBefore.subject).toBe('Reminder: Independent Advisory Group meeting, Wed 16 Dec, 18:30');
    // Both reminders name the date as people hold it (the first part's UID and RECURRENCE-ID, ADR 91) ...
    expect(dayBefore.url).toBe(`/meetings/${series.id}/20261216T180000Z`);
    // ... and the agenda they link is the one published for the meeting the date became.
    expect(dayBefore.text).toContain(`Agenda and papers: https://calendar.example.org${december}`);
    expect((await get(december)).status).toBe(200);
    // The "Changed" says the time changed, not that the meeting moved, and carries the apology link too (issue 10).
    const changed = (await mailsSince(before)).find((m) => m.subject.startsWith('Changed:'))!;
    expect(changed.text).toContain('Independent Advisory Group meeting has a new time.');
    expect(changed.text).not.toContain('has moved');

    for (const mail of [weekBefore!, changed, dayBefore]) {
      const meeting = await get(mail.url);
      expect(meeting.status).toBe(302);
      expect(meeting.headers.get('Location')).toBe(december);
      const apology = await get(path(linkIn(mail.text, /Send your apologies:/)));
      expect(apology.status).toBe(200);
      expect(await apology.text()).toContain('Wednesday 16 December 2026, 18:30–20:30');
    }
    const page = await (await get(december)).text();
    expect(page).toContain('Wednesday 16 December 2026, 18:30–20:30');

    const sent = await new Session(w.t.app).post(path(linkIn(weekBefore!.text, /Send your apologies:/)), { note: 'On leave' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('(Wednesday 16 December 2026, 18:30–20:30)');
    // Recorded for the meeting it is now, where the organiser's workspace and the minutes read it.
    const listed = await w.t.call('GET', `/api/events/${edit.body.id}/apologies`);
    expect(listed.body.apologies).toEqual([
      expect.objectContaining({ occurrence: '2026-12-16T18:30:00Z', email: MEMBER, note: 'On leave' }),
    ]);
  });

  it('Wednesdays become Thursdays in place: the “Changed” invitation’s link and the apology link lead to the Thursday', async () => {
    const { series, reminder } = await remindedOfAWednesday();
    expect(reminder.subject).toBe('Reminder: Independent Advisory Group meeting, Wed 16 Dec, 10:00');
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      start: '2026-12-17T10:00',
      end: '2026-12-17T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TH',
      reason: 'The library now opens on Thursdays.',
    });
    expect(edit.body.series).toMatchObject({ change: 'in-place' });
    await w.dispatch('2026-12-09T11:01:00Z');
    const [changed] = await mailsSince(1);
    expect(changed!.subject).toBe('Changed: Independent Advisory Group meeting, now Thu 17 Dec, 10:00');
    expect(changed!.url).toBe(`/meetings/${series.id}/20261216T100000Z`);

    const meeting = await get(changed!.url);
    expect(meeting.status).toBe(302);
    expect(meeting.headers.get('Location')).toBe(`/meetings/${series.id}/20261217T100000Z`);
    expect(await (await get(meeting.headers.get('Location')!)).text()).toContain('Thursday 17 December 2026, 10:00–11:00');
    // Another day: it "has moved"; its apology link, like the reminder's, leads to the Thursday (issue 10).
    expect(changed!.text).toContain('Independent Advisory Group meeting has moved.');
    for (const mail of [reminder, changed!]) {
      const apology = await get(path(linkIn(mail.text, /Send your apologies:/)));
      expect(apology.status).toBe(200);
      expect(await apology.text()).toContain('Thursday 17 December 2026, 10:00–11:00');
    }
  });

  it('a date the edit dropped: the apology link and the meeting link say it was cancelled, with the reason', async () => {
    const { series, reminder } = await remindedOfAWednesday();
    const edit = await w.t.call('PATCH', `/api/events/${series.id}`, {
      start: '2026-12-23T10:00',
      end: '2026-12-23T11:00',
      reason: 'The library is closed until Christmas week.',
    });
    expect(edit.status).toBe(200);
    await w.dispatch('2026-12-09T11:01:00Z');
    expect((await mailsSince(1)).map((m) => m.subject)).toEqual(['Cancelled: Independent Advisory Group meeting, Wed 16 Dec, 10:00']);

    const apology = await get(path(linkIn(reminder.text, /Send your apologies:/)).replace('/email/', '/api/email/'), 'application/json');
    expect(apology.status).toBe(409);
    expect((await apology.json()).error.message).toBe(
      'This meeting has been cancelled, so no apologies are needed. Reason: The library is closed until Christmas week.',
    );
    const meeting = await get(reminder.url);
    expect(meeting.status).toBe(200);
    const page = await meeting.text();
    expect(page).toContain('Wednesday 16 December 2026, 10:00–11:00');
    expect(page).toContain('This meeting has been cancelled. Reason: The library is closed until Christmas week.');
  });
});
