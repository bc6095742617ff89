import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, ORGANISER_EMAIL, type World } from './support/world.js';

/** The text/calendar part of a parsed email, with the Content-Type parameters it was sent with. */
function calendarPart(raw: Buffer): { contentType: string; ics: string } {
  const text = raw.toString('utf8');
  const m = /Content-Type: text\/calendar;([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/i.exec(text);
  if (!m) throw new Error('no text/calendar part');
  const headerBlock = text.slice(m.index, m.index + 400);
  const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(headerBlock)?.[1]?.toLowerCase();
  const body = m[2]!;
  const ics =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
        : body;
  return { contentType: `text/calendar;${m[1]!.replace(/\r\n[ \t]/g, ' ')}`, ics };
}

describe('meeting reminders to group members', () => {
  let w: World;
  let meeting: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z' });
    // The first Wednesday after the clocks go back (30 October 2022): 18:00 GMT is 18:00Z.
    meeting = await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' });
  });
  afterAll(() => w.close());

  it('sends nothing before the week-before reminder is due', async () => {
    // 7 days before on the UK wall clock is Wednesday 26 October 18:00 BST = 17:00Z.
    const pass = await w.dispatch('2022-10-26T16:59:00Z');
    expect(pass.sent).toBe(0);
    expect(w.sink.received).toHaveLength(0);
  });

  it('reminds each member a week before at 18:00 UK time, even though the clocks change in between', async () => {
    const pass = await w.dispatch('2022-10-26T17:00:00Z');
    expect(pass.sent).toBe(2);
    expect(
      w.sink.received
        .map((r) => r.envelopeTo)
        .flat()
        .sort(),
    ).toEqual(['iag-member-1@example.org', 'iag-member-2@example.org']);
    const [mail] = await w.sink.parsedFor('iag-member-1@example.org');
    expect(mail!.subject).toBe('Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00');
    expect(mail!.text).toContain('Independent Advisory Group meeting is in 7 days.');
    expect(mail!.text).toContain('When:  Wednesday 2 November 2022, 18:00–20:00');
    expect(mail!.text).toContain('Where: Milton Keynes College');
    expect(mail!.html).toContain('Wednesday 2 November 2022, 18:00–20:00');
    expect(mail!.to && 'value' in mail!.to ? mail!.to.value.map((a) => a.address) : []).toEqual(['iag-member-1@example.org']);
    expect(mail!.replyTo?.value[0]?.address).toBe(ORGANISER_EMAIL);
  });

  it('carries one-click unsubscribe headers (RFC 8058), a preferences link and a send-apologies link', async () => {
    const [mail] = await w.sink.parsedFor('iag-member-2@example.org');
    const header = (name: string) => mail!.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: <https:\/\/calendar\.example\.org\/email\/unsubscribe\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}>$/,
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail!.text).toMatch(/Change your reminder preferences: https:\/\/calendar\.example\.org\/email\/preferences\/\S+/);
    expect(mail!.text).toMatch(/Send your apologies: https:\/\/calendar\.example\.org\/email\/apologies\/\S+/);
    expect(mail!.messageId).toMatch(/@calendar\.example\.org>$/);
  });

  it('attaches an Outlook-style invitation: METHOD:REQUEST in the MIME type and the body, organiser and attendee, UK times', async () => {
    const received = w.sink.received.find((r) => r.envelopeTo.includes('iag-member-1@example.org'))!;
    const { contentType, ics } = calendarPart(received.raw);
    expect(contentType).toMatch(/method=REQUEST/i);
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(vevent.uid).toBe(`${meeting.id}@safercal`);
    expect(vevent.summary).toBe('Independent Advisory Group meeting');
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2022-11-02T18:00:00.000Z');
    expect(vevent.endDate.toJSDate().toISOString()).toBe('2022-11-02T20:00:00.000Z');
    const props = cal.getFirstSubcomponent('vevent')!;
    expect(String(props.getFirstPropertyValue('organizer'))).toBe(`mailto:${ORGANISER_EMAIL}`);
    // URI schemes are case-insensitive (RFC 3986 §3.1); ical-generator writes MAILTO: for attendees.
    expect(props.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, 'mailto:'))).toEqual([
      'mailto:iag-member-1@example.org',
    ]);
  });

  it('never sends the same reminder twice, however often the dispatcher runs', async () => {
    await w.dispatch('2022-10-26T17:00:00Z');
    await w.dispatch('2022-10-26T17:05:00Z');
    await w.dispatch('2022-10-27T09:00:00Z');
    expect(w.sink.received).toHaveLength(2);
  });

  it('reminds again the day before, at 18:00 GMT after the clock change', async () => {
    expect((await w.dispatch('2022-11-01T17:59:00Z')).sent).toBe(0);
    const pass = await w.dispatch('2022-11-01T18:00:00Z');
    expect(pass.sent).toBe(2);
    const mails = await w.sink.parsedFor('iag-member-1@example.org');
    expect(mails.map((m) => m.subject)).toEqual([
      'Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00',
      'Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00',
    ]);
    expect(mails[1]!.text).toContain('Independent Advisory Group meeting is tomorrow.');
  });

  it('shows every delivery in the outbox with its message id and status', async () => {
    const rows = await w.t.handle.store.db
      .selectFrom('reminder_deliveries')
      .selectAll()
      .where('event_id', '=', meeting.id)
      .orderBy('due_at')
      .execute();
    expect(rows.map((r) => [r.rule, r.recipient, r.status])).toEqual([
      ['lead:7d', 'iag-member-1@example.org', 'sent'],
      ['lead:7d', 'iag-member-2@example.org', 'sent'],
      ['lead:1d', 'iag-member-1@example.org', 'sent'],
      ['lead:1d', 'iag-member-2@example.org', 'sent'],
    ]);
    expect(rows.every((r) => r.message_id === `<${r.id}@calendar.example.org>`)).toBe(true);
  });
});

describe('reminders of dates in the hours the clocks skip or repeat say which time, as the pages do', () => {
  let w: World;
  const member = 'iag-member-1@example.org';
  let gmt: any;
  let early: any;
  async function mailsAbout(day: string) {
    const mails = await Promise.all(w.sink.received.map((r) => w.sink.parse(r)));
    return mails.filter((m) => m.subject?.includes(day));
  }
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-03-01T09:00:00Z', members: [member] });
    // Sundays at 01:30: on 28 March 2027 the clocks go from 01:00 GMT to 02:00 BST, so 01:30 does not exist.
    await w.createMeeting({ title: 'Spring watch', start: '2027-03-14T01:30', end: '2027-03-14T02:00', rrule: 'FREQ=WEEKLY;COUNT=4' });
    // Sundays at 01:30: on 31 October 2027 01:30 happens twice (BST, then GMT) and the series takes the first.
    await w.createMeeting({ title: 'Night watch', start: '2027-10-17T01:30', end: '2027-10-17T02:30', rrule: 'FREQ=WEEKLY;COUNT=4' });
    early = await w.createMeeting({ title: 'Early patrol', start: '2027-10-31T01:30:00+01:00', end: '2027-10-31T01:45:00+00:00' });
    gmt = await w.createMeeting({ title: 'Late patrol', start: '2027-10-31T01:30:00+00:00', end: '2027-10-31T02:30:00+00:00' });
  });
  afterAll(() => w.close());

  it('a date the spring change moves from 01:30 to 02:30 BST says so, as its page does (RFC 5545 §3.3.5)', async () => {
    // The day before at 01:30 on the wall clock: 27 March 01:30 GMT.
    await w.dispatch('2027-03-27T02:00:00Z');
    const [mail] = await mailsAbout('Sun 28 Mar');
    expect(mail!.subject).toBe('Reminder: Spring watch, Sun 28 Mar, 02:30');
    const when =
      'Sunday 28 March 2027, 02:30–03:00 (the clocks go forward that night and 01:30 does not exist, so this date starts at 02:30 BST)';
    expect(mail!.text).toContain(`When:  ${when}`);
    expect(mail!.html).toContain(when);
  });

  it('dates in the repeated October hour name BST or GMT in the subject and the "When:" line', async () => {
    // The day before at 01:30 on the wall clock: 30 October 01:30 BST (00:30Z) for all three.
    await w.dispatch('2027-10-30T01:00:00Z');
    const mails = await mailsAbout('Sun 31 Oct');
    const seen = Object.fromEntries(mails.map((m) => [m.subject!, m]));
    expect(Object.keys(seen).sort()).toEqual([
      'Reminder: Early patrol, Sun 31 Oct, 01:30 BST',
      'Reminder: Late patrol, Sun 31 Oct, 01:30 GMT',
      'Reminder: Night watch, Sun 31 Oct, 01:30 BST',
    ]);
    for (const [subject, when] of [
      ['Reminder: Night watch, Sun 31 Oct, 01:30 BST', 'Sunday 31 October 2027, 01:30 BST–01:30 GMT'],
      ['Reminder: Early patrol, Sun 31 Oct, 01:30 BST', 'Sunday 31 October 2027, 01:30 BST–01:45 GMT'],
      ['Reminder: Late patrol, Sun 31 Oct, 01:30 GMT', 'Sunday 31 October 2027, 01:30–02:30 GMT'],
    ] as const) {
      expect(seen[subject]!.text).toContain(`When:  ${when}\n`);
      expect(seen[subject]!.html).toContain(when);
    }
  });

  it('"Cancelled" and "Back on" of a date at 01:30 GMT say GMT too', async () => {
    w.t.clock.set('2027-10-30T09:00:00Z');
    expect((await w.t.call('POST', `/api/events/${gmt.id}/cancel`, { reason: 'Rota changed' })).status).toBe(200);
    await w.dispatch('2027-10-30T09:01:00Z');
    expect((await w.t.call('POST', `/api/events/${gmt.id}/restore`)).status).toBe(200);
    await w.dispatch('2027-10-30T09:02:00Z');
    const mails = (await mailsAbout('Late patrol')).filter((m) => !m.subject!.startsWith('Reminder'));
    expect(mails.map((m) => m.subject)).toEqual([
      'Cancelled: Late patrol, Sun 31 Oct, 01:30 GMT',
      'Back on: Late patrol, Sun 31 Oct, 01:30 GMT',
    ]);
    for (const m of mails) expect(m.text).toContain('When:  Sunday 31 October 2027, 01:30–02:30 GMT\n');
  });

  it('"Changed" of a date moved from 01:30 BST to 01:30 GMT says which is which, now and before', async () => {
    const moved = await w.t.call('PATCH', `/api/events/${early.id}`, {
      start: '2027-10-31T01:30:00+00:00',
      end: '2027-10-31T02:00:00+00:00',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await w.dispatch('2027-10-30T09:03:00Z');
    const [mail] = (await mailsAbout('Early patrol')).filter((m) => m.subject!.startsWith('Changed'));
    expect(mail!.subject).toBe('Changed: Early patrol, now Sun 31 Oct, 01:30 GMT');
    expect(mail!.text).toContain('Sunday 31 October 2027, 01:30–02:00 GMT');
    // The earlier start (its end is worked out from the new length: not this test's concern).
    expect(mail!.text).toContain('(was Sunday 31 October 2027, 01:30 BST–');
    expect(mail!.html).toContain('was Sunday 31 October 2027, 01:30 BST–');
  });
});
