/**
 * An organiser imports a partner's real-world-shaped calendar (Outlook's own UK zone, America/
 * New_York and Europe/Paris VTIMEZONEs, a weekly series with a changed date and an excluded date,
 * an all-day week, a floating time, a malformed component, a rule we cannot follow, a component
 * with no date, a confidential one, a to-do): the preview says what each would become and why,
 * applying writes exactly that at the right instants, and importing the partner's changed file
 * later updates the same events instead of adding copies.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../notify/support/world.js';
import { makeTestApp, type TestApp } from '../support/app.js';

const FIRST = readFileSync(new URL('./fixtures/partner-calendar.ics', import.meta.url));
const CHANGED = readFileSync(new URL('./fixtures/partner-calendar-changed.ics', import.meta.url));

let t: TestApp;

async function upload(file: Buffer, choices: Record<string, string>, name = 'partner-calendar.ics', app: TestApp = t) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(file)], name, { type: 'text/calendar' }));
  for (const [k, v] of Object.entries(choices)) form.set(k, v);
  const res = await app.app.request('/api/imports', { method: 'POST', body: form, headers: { Authorization: `Bearer ${app.token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

const byUid = (items: any[], uid: string) => items.find((i) => i.uid === uid);

async function occurrences() {
  const res = await t.call('GET', '/api/occurrences?from=2022-10-01&to=2022-12-31&limit=1000');
  return res.body.occurrences as { title: string; start: string; end: string; location: string; moved: boolean; eventId: string }[];
}

beforeAll(async () => {
  t = await makeTestApp({ now: '2022-09-20T09:00:00Z' });
});
afterAll(() => t.close());

describe('importing a partner calendar', () => {
  let importId: string;
  let items: any[];

  it('previews every component: what it would become, and its problems', async () => {
    const res = await upload(FIRST, { kind: 'activity', themes: 'C1,county lines', visibility: 'public' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    importId = res.body.id;
    items = res.body.items;
    expect(res.body.calendarName).toBe('Partner engagement calendar');
    expect(res.body.counts).toEqual({ create: 6, update: 0, cancel: 0, unchanged: 0, skip: 4, remove: 0 });
    expect(byUid(items, 'paris-briefing@partner.example.org')).toMatchObject({
      action: 'create',
      when: 'Thursday 20 October 2022, 18:00–19:30',
    });
    const webinar = byUid(items, 'ny-webinar@partner.example.org');
    expect(webinar.action).toBe('create');
    expect(webinar.problems.join(' ')).toMatch(/America\/New_York.*1 date\(s\) are kept at their true time/);
    expect(byUid(items, 'bonfire-patrol@partner.example.org').problems.join(' ')).toMatch(/floating time .* read as UK time/);
    expect(byUid(items, 'broken@partner.example.org')).toMatchObject({ action: 'skip', title: 'Half-written event' });
    expect(byUid(items, 'broken@partner.example.org').reason).toMatch(/malformed.*THIS LINE IS NOT A PROPERTY/);
    expect(byUid(items, 'hourly@partner.example.org').reason).toMatch(/FREQ=HOURLY/);
    expect(byUid(items, 'no-date@partner.example.org').reason).toMatch(/no DTSTART/);
    expect(byUid(items, 'private@partner.example.org').problems.join(' ')).toMatch(/imported as confidential/);
    expect(byUid(items, 'todo@partner.example.org').reason).toMatch(/VTODO, not an event/);
    // Nothing is written by a preview.
    expect((await t.call('GET', '/api/events')).body.events).toEqual([]);
  });

  it('applies in one go, at the right instants whatever zone the partner used', async () => {
    const applied = await t.call('POST', `/api/imports/${importId}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.counts.create).toBe(6);
    const seen = await occurrences();
    const at = (title: string) => seen.filter((o) => o.title === title).map((o) => `${o.start} ${o.location}${o.moved ? ' (moved)' : ''}`);
    // 19:00 in Paris is 18:00 in the UK; Outlook's "GMT Standard Time" is UK time.
    expect(at('Briefing with the Paris liaison team')).toEqual(['2022-10-20T18:00:00+01:00 Civic Offices, Milton Keynes']);
    expect(at('Neighbourhood priorities surgery')).toEqual(['2022-10-12T14:00:00+01:00 ']);
    // 10:00 in New York: 15:00 UK, except the week the US is still on summer time and the UK is
    // not (3 November); 10 November moved to the 11th at the college; 17 November excluded.
    expect(at('Community policing webinar')).toEqual([
      '2022-10-20T15:00:00+01:00 Online',
      '2022-10-27T15:00:00+01:00 Online',
      '2022-11-03T14:00:00+00:00 Online (moved)',
      '2022-11-11T15:00:00+00:00 Milton Keynes College (moved)',
      '2022-11-24T15:00:00+00:00 Online',
    ]);
    for (const o of seen.filter((x) => x.title === 'Community policing webinar')) {
      expect(new Date(o.start).getUTCHours()).toBe(new Date(o.start) < new Date('2022-11-06T06:00:00Z') ? 14 : 15);
    }
    expect(at('Bonfire night reassurance patrol')).toEqual(['2022-11-05T18:00:00+00:00 Campbell Park']);
    const week = seen.find((o) => o.title === 'National Hate Crime Awareness Week')!;
    expect([week.start, week.end]).toEqual(['2022-10-08', '2022-10-15']);
    const event = (await t.call('GET', `/api/events/${week.eventId}`)).body;
    expect(event).toMatchObject({ kind: 'activity', themes: ['C1', 'county lines'], visibility: 'public', status: 'published' });
    const confidential = seen.find((o) => o.title === 'Case conference')!;
    expect((await t.call('GET', `/api/events/${confidential.eventId}`)).body.visibility).toBe('confidential');
    // The public feed never shows it.
    expect(await (await t.app.request('/feeds/public.ics')).text()).not.toContain('Case conference');
  });

  it('does nothing when the same import is applied twice', async () => {
    const again = await t.call('POST', `/api/imports/${importId}/apply`);
    expect(again.body).toMatchObject({ alreadyApplied: true, counts: { create: 6 } });
    expect((await t.call('GET', '/api/events?limit=500')).body.events).toHaveLength(6);
  });

  it("updates from the partner's changed file instead of duplicating, by UID, SEQUENCE and LAST-MODIFIED", async () => {
    const before = (await t.call('GET', '/api/events?limit=500')).body.events as any[];
    const preview = await upload(CHANGED, { kind: 'training', visibility: 'partners' }, 'partner-calendar (1).ics');
    expect(preview.status).toBe(201);
    const items = preview.body.items;
    expect(byUid(items, 'paris-briefing@partner.example.org')).toMatchObject({ action: 'update' });
    expect(byUid(items, 'paris-briefing@partner.example.org').reason).toMatch(/SEQUENCE 1, had 0/);
    expect(byUid(items, 'hcaw-2022@partner.example.org')).toMatchObject({ action: 'update' });
    expect(byUid(items, 'hcaw-2022@partner.example.org').reason).toMatch(/LAST-MODIFIED 2022-10-01T08:00:00Z/);
    expect(byUid(items, 'bonfire-patrol@partner.example.org')).toMatchObject({ action: 'unchanged' });
    expect(byUid(items, 'ny-webinar@partner.example.org')).toMatchObject({ action: 'cancel' });
    expect(byUid(items, 'knife-crime-week@partner.example.org')).toMatchObject({ action: 'create' });
    expect(preview.body.counts).toMatchObject({ create: 1, update: 2, cancel: 1, unchanged: 2 });

    expect((await t.call('POST', `/api/imports/${preview.body.id}/apply`)).status).toBe(200);
    const after = (await t.call('GET', '/api/events?limit=500&status=published,cancelled')).body.events as any[];
    expect(after).toHaveLength(7);
    const briefing = after.find((e) => e.title === 'Briefing with the Paris liaison team');
    const briefingBefore = before.find((e) => e.title === 'Briefing with the Paris liaison team');
    expect(briefing.id).toBe(briefingBefore.id);
    expect([briefing.start, briefing.location]).toEqual(['2022-10-21T18:00:00+01:00', 'Council Chamber, Civic Offices']);
    expect(briefing.sequence).toBe(briefingBefore.sequence + 1);
    // The partnership's own classification stays: still an activity, still public.
    expect([briefing.kind, briefing.visibility, briefing.themes]).toEqual(['activity', 'public', ['C1', 'county lines']]);
    expect(after.find((e) => e.id === before.find((b) => b.title === 'National Hate Crime Awareness Week').id).title).toBe(
      'National Hate Crime Awareness Week 2022',
    );
    expect(after.find((e) => e.title === 'Community policing webinar').status).toBe('cancelled');
    expect(after.find((e) => e.title === 'Knife crime week of action')).toMatchObject({ kind: 'training', visibility: 'partners' });
  });

  it('refuses what it cannot read, naming the field', async () => {
    const notIcs = await upload(Buffer.from('email,role\nx@example.org,member\n'), { kind: 'activity' }, 'members.csv');
    expect(notIcs.status).toBe(400);
    expect(notIcs.body.error).toEqual({
      field: 'file',
      message: 'The calendar is not an iCalendar file (it has no BEGIN:VCALENDAR line).',
    });
    const badChoice = await upload(FIRST, { kind: 'party' });
    expect(badChoice.status).toBe(400);
    expect(badChoice.body.error.field).toBe('kind');
    const meeting = await upload(FIRST, { kind: 'meeting' });
    expect(meeting.body.error).toMatchObject({ field: 'groupId' });
    const local = await t.call('POST', '/api/imports', { url: 'http://127.0.0.1:9/calendar.ics', kind: 'activity' });
    expect(local.status).toBe(400);
    expect(local.body.error.field).toBe('url');
    expect(local.body.error.message).toMatch(/loopback/);
    const anonymous = await t.call('POST', '/api/imports', { url: 'https://partner.example.org/c.ics', kind: 'activity' }, { auth: false });
    expect(anonymous.status).toBe(401);
  });

  it("skips an event dated outside the calendar's years with the API's reason, and writes its date as the file has it", async () => {
    // DTSTART in the year 1 (a producer's "no date"): the preview said "undefined 0 January 1-01" and
    // "must be a date like 2026-10-14" for the date, and would have created the date-time in 1901.
    const file = [
      ...['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Partner//Test//EN'],
      ...['BEGIN:VEVENT', 'UID:year-one@partner.example.org', 'DTSTAMP:20220901T000000Z', 'DTSTART;VALUE=DATE:00010101'],
      ...['SUMMARY:Placeholder with no real date', 'END:VEVENT'],
      ...['BEGIN:VEVENT', 'UID:year-one-time@partner.example.org', 'DTSTAMP:20220901T000000Z', 'DTSTART:00010101T100000Z'],
      ...['SUMMARY:Placeholder with no real time', 'END:VEVENT', 'END:VCALENDAR'],
    ].join('\r\n');
    const preview = await upload(Buffer.from(file), { kind: 'activity' }, 'placeholder.ics');
    expect(preview.status).toBe(201);
    // As POST /api/events answers for the same date: 1 January of the year 1 was a Monday (proleptic Gregorian).
    expect(byUid(preview.body.items, 'year-one@partner.example.org')).toMatchObject({
      action: 'skip',
      when: 'Monday 1 January 0001',
      reason: 'It does not fit this calendar: start must be in the years 1900 to 2200 (it is in the year 0001).',
    });
    // A date-time too, where ical.js's own conversion read the year 1 as 1901 and the preview said "create".
    expect(byUid(preview.body.items, 'year-one-time@partner.example.org')).toMatchObject({
      action: 'skip',
      reason: 'It does not fit this calendar: start must be in the years 1900 to 2200 (it is in the year 0001).',
    });
    const api = await t.call('POST', '/api/events', { kind: 'activity', title: 'Placeholder', start: '0001-01-01', allDay: true });
    expect(api.body.error).toEqual({ field: 'start', message: 'must be in the years 1900 to 2200 (it is in the year 0001)' });
  });

  it('skips a series whose RRULE ends (UNTIL) in the year 1 for its year, as the API says, not as an unreadable UNTIL', async () => {
    // ical.js writes UNTIL's year unpadded ("UNTIL=1-01-01T00:00:00Z"), which read as "neither a date nor a UTC time".
    const series = (uid: string, start: string, until: string) => [
      ...['BEGIN:VEVENT', `UID:${uid}@partner.example.org`, 'DTSTAMP:20220901T000000Z', start],
      ...[`RRULE:FREQ=WEEKLY;UNTIL=${until}`, 'SUMMARY:Weekly surgery', 'END:VEVENT'],
    ];
    const file = [
      ...['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Partner//Test//EN'],
      ...series('until-year-one-time', 'DTSTART:20221006T100000Z', '00010101T000000Z'),
      ...series('until-year-one-date', 'DTSTART;VALUE=DATE:20221006', '00010101'),
      ...series('until-year-ninety-nine', 'DTSTART:20221006T100000Z', '00991231T235959Z'),
      'END:VCALENDAR',
    ].join('\r\n');
    const preview = await upload(Buffer.from(file), { kind: 'activity' }, 'surgeries.ics');
    expect(preview.status).toBe(201);
    for (const [uid, year] of [
      ['until-year-one-time', '0001'],
      ['until-year-one-date', '0001'],
      ['until-year-ninety-nine', '0099'],
    ]) {
      expect(byUid(preview.body.items, `${uid}@partner.example.org`), uid).toMatchObject({
        action: 'skip',
        reason: `It does not fit this calendar: rrule has UNTIL that must be in the years 1900 to 2200 (it is in the year ${year}); leave UNTIL out for a series without an end.`,
      });
    }
    const api = await t.call('POST', '/api/events', {
      ...{ kind: 'activity', title: 'Weekly surgery', start: '2022-10-06T11:00', end: '2022-10-06T12:00' },
      rrule: 'FREQ=WEEKLY;UNTIL=00010101T000000Z',
    });
    expect(api.body.error).toEqual({
      field: 'rrule',
      message: 'has UNTIL that must be in the years 1900 to 2200 (it is in the year 0001); leave UNTIL out for a series without an end',
    });
  });

  it("refuses a file holding NUL, skips an event whose text hides a control character, and cleans the file's name", async () => {
    // NUL in a SUMMARY answered 500 on PostgreSQL (the kept file is text there), and the upload's
    // name was kept as the import's label unchecked: a direction override was shown as given.
    const calendar = (summary: string, location = 'Civic Offices') =>
      [
        ...['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Partner//Test//EN', 'BEGIN:VEVENT', 'UID:hidden@partner.example.org'],
        ...['DTSTAMP:20220901T000000Z', 'DTSTART:20221110T100000Z', `SUMMARY:${summary}`, `LOCATION:${location}`],
        ...['END:VEVENT', 'END:VCALENDAR'],
      ].join('\r\n');
    const nul = await upload(Buffer.from(calendar('Partner\u0000 briefing')), { kind: 'activity' }, 'briefing.ics');
    expect([nul.status, nul.body.error]).toEqual([
      400,
      { field: 'file', message: 'holds a NUL character (U+0000) on line 8, which no iCalendar text may hold; remove it' },
    ]);
    const bell = await upload(Buffer.from(calendar('Partner briefing', 'Civic\u0007 Offices')), { kind: 'activity' }, 'briefing.ics');
    expect(bell.status).toBe(201);
    expect(byUid(bell.body.items, 'hidden@partner.example.org')).toMatchObject({
      action: 'skip',
      reason: 'It does not fit this calendar: location contains a control character (U+0007), which cannot be shown; remove it.',
    });
    // A refused title is quoted as the log quotes it (ADR 299): an override would reverse the reason beside it.
    const override = await upload(Buffer.from(calendar('Partner \u202eevil\u001b[31m red')), { kind: 'activity' }, 'briefing.ics');
    expect(override.status).toBe(201);
    const refused = byUid(override.body.items, 'hidden@partner.example.org');
    expect(refused).toMatchObject({ action: 'skip', title: 'Partner \\u{202e}evil\\u{1b}[31m red' });
    expect(JSON.stringify(override.body)).not.toMatch(/[\u202e\u001b]/);
    // So are the file's other words quoted beside it: a rule, an override's date, the calendar's name, a UID.
    const quoted = [
      ...['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Partner//Test//EN', 'X-WR-CALNAME:Partner \u202eradnelac', 'BEGIN:VEVENT'],
      ...['UID:rule\u202e@partner.example.org', 'DTSTAMP:20220901T000000Z', 'DTSTART:20221110T100000Z', 'RRULE:FREQ=WEEKLY;BYDAY=\u202eWE'],
      ...['SUMMARY:Street watch', 'END:VEVENT', 'END:VCALENDAR'],
    ].join('\r\n');
    const shown = await upload(Buffer.from(quoted), { kind: 'activity' }, 'rules.ics');
    expect(shown.status).toBe(201);
    expect(shown.body.calendarName).toBe('Partner \\u{202e}radnelac');
    expect(shown.body.items).toMatchObject([
      { action: 'skip', uid: 'rule\\u{202e}@partner.example.org', reason: expect.stringContaining('\\u{202e}WE') },
    ]);
    expect(JSON.stringify(shown.body)).not.toContain('\u202e');
    const named = await upload(Buffer.from(calendar('Partner briefing')), { kind: 'activity' }, 'Partner \u202egnifeirb\u0000 été.ics');
    expect(named.status).toBe(201);
    expect(named.body.source).toEqual({ kind: 'file', label: 'Partner gnifeirb ete.ics' });
  });

  it('refuses a series whose changed date is moved onto another of its dates, and says which', async () => {
    const weekly = (uid: string, summary: string, moves: [string, string][]) => [
      ...['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20220901T000000Z', 'DTSTART:20221103T180000Z', 'DTEND:20221103T190000Z'],
      ...['RRULE:FREQ=WEEKLY;COUNT=4', `SUMMARY:${summary}`, 'END:VEVENT'],
      ...moves.flatMap(([from, to]) => [
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20220901T000000Z',
        `RECURRENCE-ID:${from}`,
        `DTSTART:${to}`,
        'END:VEVENT',
      ]),
    ];
    const file = [
      ...['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Partner//Test//EN'],
      // 10 November onto 17 November's own start: two dates at one time.
      ...weekly('clash@partner.example.org', 'Street watch briefing', [['20221110T180000Z', '20221117T180000Z']]),
      // The same move, but 17 November itself moved to the 18th first: no clash.
      ...weekly('swap@partner.example.org', 'Street watch debrief', [
        ['20221117T180000Z', '20221118T180000Z'],
        ['20221110T180000Z', '20221117T180000Z'],
      ]),
      'END:VCALENDAR',
    ].join('\r\n');
    const preview = await upload(Buffer.from(file), { kind: 'activity' }, 'street-watch.ics');
    expect(preview.body.counts).toMatchObject({ create: 1, skip: 1 });
    expect(byUid(preview.body.items, 'clash@partner.example.org')).toMatchObject({ action: 'skip' });
    expect(byUid(preview.body.items, 'clash@partner.example.org').reason).toBe(
      'The changed date on line 12 moves the date of Thursday 10 November 2022 onto Thursday 17 November 2022, 18:00, which is already a date of this series; ' +
        'this calendar cannot keep two dates of one series at the same time, so the series is not written until the source cancels one of the two or moves it elsewhere.',
    );
    expect((await t.call('POST', `/api/imports/${preview.body.id}/apply`)).body.counts).toMatchObject({ create: 1, skip: 1 });
    const seen = (await occurrences()).filter((o) => o.title.startsWith('Street watch')).map((o) => `${o.title} ${o.start}`);
    expect(seen).toEqual([
      'Street watch debrief 2022-11-03T18:00:00+00:00',
      'Street watch debrief 2022-11-17T18:00:00+00:00',
      'Street watch debrief 2022-11-18T18:00:00+00:00',
      'Street watch debrief 2022-11-24T18:00:00+00:00',
    ]);
  });
});

const LONDON = [
  ...['BEGIN:VTIMEZONE', 'TZID:Europe/London', 'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0000', 'TZOFFSETTO:+0100', 'DTSTART:19810329T010000'],
  ...['RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT', 'BEGIN:STANDARD', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0000'],
  ...['DTSTART:19961027T020000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD', 'END:VTIMEZONE'],
];
/** A weekly series from 2 June 2027, 18:00 London time at the Hall, with changed dates (RECURRENCE-ID to DTSTART, local times). */
const series = (uid: string, sequence: number, moves: [string, string][], zone = true, summary = 'Youth club drop-in') =>
  Buffer.from(
    [
      ...['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Partner//Test//EN', ...(zone ? LONDON : [])],
      ...['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20270501T000000Z', `SEQUENCE:${sequence}`, `SUMMARY:${summary}`, 'LOCATION:Hall'],
      ...['DTSTART;TZID=Europe/London:20270602T180000', 'DTEND;TZID=Europe/London:20270602T190000', 'RRULE:FREQ=WEEKLY;COUNT=6'],
      'END:VEVENT',
      ...moves.flatMap(([from, to]) => [
        ...['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20270501T000000Z', `SEQUENCE:${sequence}`],
        ...[`RECURRENCE-ID;TZID=Europe/London:${from}`, `DTSTART;TZID=Europe/London:${to}`, 'END:VEVENT'],
      ]),
      'END:VCALENDAR',
    ].join('\r\n'),
  );

describe('importing again a series split here since its import', () => {
  const june = async (title: string) =>
    ((await t.call('GET', '/api/occurrences?from=2027-06-01&to=2027-07-31&limit=1000')).body.occurrences as any[])
      .filter((o) => o.title === title)
      .map((o) => `${o.start} ${o.location}`);

  it('takes the source copy as the whole series: the imported part gets every date again, the part split here is cancelled', async () => {
    const first = await upload(series('t19-split', 0, []), { kind: 'activity' }, 'youth.ics');
    expect((await t.call('POST', `/api/imports/${first.body.id}/apply`)).body.counts).toMatchObject({ create: 1 });
    const [earlier] = (await t.call('GET', '/api/events?limit=500')).body.events.filter((e: any) => e.title === 'Youth club drop-in');
    const split = await t.call('PATCH', `/api/events/${earlier.id}`, { dates: 'following', from: '2027-06-23T18:00', location: 'Room 2' });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    expect(await june('Youth club drop-in')).toEqual([
      ...['2027-06-02', '2027-06-09', '2027-06-16'].map((d) => `${d}T18:00:00+01:00 Hall`),
      ...['2027-06-23', '2027-06-30', '2027-07-07'].map((d) => `${d}T18:00:00+01:00 Room 2`),
    ]);
    const later = (await t.call('GET', '/api/events?limit=500')).body.events.find((e: any) => e.location === 'Room 2');

    // The partner moves 9 June to the 10th (SEQUENCE 1): the preview says what happens to the split.
    const again = await upload(series('t19-split', 1, [['20270609T180000', '20270610T180000']]), { kind: 'activity' }, 'youth.ics');
    expect(byUid(again.body.items, 't19-split')).toMatchObject({ action: 'update', eventId: earlier.id });
    expect(byUid(again.body.items, 't19-split').reason).toBe(
      "Newer in the source (SEQUENCE 1, had 0). It was split here since its import: the source's copy is the whole series, so this event " +
        'takes every date the source has and its later part "Youth club drop-in" from Wednesday 23 June 2027 is cancelled ' +
        '(changes made to it here are not kept), which subscribers see.',
    );
    expect((await t.call('POST', `/api/imports/${again.body.id}/apply`)).status).toBe(200);
    // Every date once, as the source has them.
    expect(await june('Youth club drop-in')).toEqual(
      ['2027-06-02', '2027-06-10', '2027-06-16', '2027-06-23', '2027-06-30', '2027-07-07'].map((d) => `${d}T18:00:00+01:00 Hall`),
    );
    expect((await t.call('GET', `/api/events/${earlier.id}`)).body.rrule).toBe('FREQ=WEEKLY;COUNT=6');
    expect((await t.call('GET', `/api/events/${later.id}`)).body.status).toBe('cancelled');
    const feed = (await (await t.app.request('/feeds/public.ics')).text()).split('BEGIN:VEVENT').filter((v) => v.includes('Youth club'));
    // The series (its moved date beside it) and the cancelled later part: no date offered twice.
    const rules = feed
      .filter((v) => !v.includes('RECURRENCE-ID'))
      .map((v) => `${/STATUS:(\w+)/.exec(v)?.[1]} ${/RRULE:(.*)/.exec(v)?.[1]}`);
    expect(rules.sort()).toEqual([expect.stringMatching(/^CANCELLED FREQ=WEEKLY;(COUNT|UNTIL)=/), 'CONFIRMED FREQ=WEEKLY;COUNT=6']);
  });

  it('reads a TZID the file does not define as that IANA zone, so its changed dates are kept', async () => {
    const file = series('t19-no-zone', 0, [['20270609T180000', '20270610T180000']], false, 'Detached youth work');
    const preview = await upload(file, { kind: 'activity' }, 'no-zone.ics');
    const item = byUid(preview.body.items, 't19-no-zone');
    expect(item).toMatchObject({ action: 'create', when: 'Wednesday 2 June 2027, 18:00–19:00', exceptions: 1 });
    expect(item.problems).toEqual([
      'Its time zone Europe/London is not defined in the file (no VTIMEZONE); it was read as that IANA time zone.',
    ]);
    await t.call('POST', `/api/imports/${preview.body.id}/apply`);
    expect(await june('Detached youth work')).toEqual(
      ['2027-06-02', '2027-06-10', '2027-06-16', '2027-06-23', '2027-06-30', '2027-07-07'].map((d) => `${d}T18:00:00+01:00 Hall`),
    );
  });
});

describe('importing again a series split here, for people reminded of its later dates', () => {
  let w: World;
  const member = 'iag-member-1@example.org';
  beforeAll(async () => {
    w = await makeWorld({ now: '2027-06-20T09:00:00Z', members: [member] });
  });
  afterAll(() => w.close());
  const importMeeting = async (file: Buffer) => {
    const preview = await upload(file, { kind: 'meeting', groupId: w.groupId, visibility: 'partners' }, 'youth.ics', w.t);
    expect((await w.t.call('POST', `/api/imports/${preview.body.id}/apply`)).status).toBe(200);
  };

  it('tells them the date is back at its venue, not that it is cancelled', async () => {
    await importMeeting(series('t19-told', 0, []));
    await w.dispatch('2027-06-22T12:00:00Z'); // the reminders of 23 June
    w.t.clock.set('2027-06-22T12:01:00Z');
    const [earlier] = (await w.t.call('GET', '/api/events?limit=50')).body.events;
    const split = await w.t.call('PATCH', `/api/events/${earlier.id}`, {
      dates: 'following',
      from: '2027-06-23T18:00',
      location: 'Room 2',
    });
    expect(split.status).toBe(200);
    await w.dispatch('2027-06-22T12:02:00Z');
    w.t.clock.set('2027-06-22T12:03:00Z');
    await importMeeting(series('t19-told', 1, [['20270609T180000', '20270610T180000']]));
    await w.dispatch('2027-06-22T12:04:00Z');
    const told = (await w.sink.parsedFor(member)).map((m) => m.subject).filter((s) => s?.includes('23 Jun'));
    expect(told.slice(-2)).toEqual([
      'New venue: Youth club drop-in, Wed 23 Jun, 18:00, now at Room 2',
      'New venue: Youth club drop-in, Wed 23 Jun, 18:00, now at Hall',
    ]);
  });
});
