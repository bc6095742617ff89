import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

/** A valid meeting, changed one field at a time by each case below. */
function meeting(t: { groupId: string }, changes: Record<string, unknown> = {}) {
  return {
    kind: 'meeting',
    title: 'Independent Advisory Group meeting',
    start: '2026-10-21T18:00',
    end: '2026-10-21T20:00',
    groupId: t.groupId,
    ...changes,
  };
}

describe('creating an event with bad input', () => {
  let t: TestApp;
  let groupId: string;
  let campaignId: string;
  let meetingId: string;
  let counts: () => Promise<{ events: number; audit: number; themes: number }>;

  beforeAll(async () => {
    t = await makeTestApp();
    groupId = (await t.call('POST', '/api/groups', { name: 'Independent Advisory Group', slug: 'iag' })).body.id;
    campaignId = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Hate Crime Awareness Week',
        start: '2026-10-10',
        end: '2026-10-17',
      })
    ).body.id;
    meetingId = (await t.call('POST', '/api/events', meeting({ groupId }))).body.id;
    counts = async () => {
      const one = (sql: string) => (t.handle.sqlite.prepare(sql).get() as { n: number }).n;
      return {
        events: one('select count(*) n from events'),
        audit: one('select count(*) n from audit_log'),
        themes: one('select count(*) n from event_themes'),
      };
    };
  });
  afterAll(() => t.close());

  const cases: [string, (ctx: { groupId: string; campaignId: string; meetingId: string }) => unknown, string, RegExp][] = [
    ['no kind', (c) => meeting(c, { kind: undefined }), 'kind', /is required/],
    ['an unknown kind', (c) => meeting(c, { kind: 'party' }), 'kind', /must be one of: campaign_week, activity, meeting/],
    ['no title', (c) => meeting(c, { title: '   ' }), 'title', /is required/],
    ['a title that is too long', (c) => meeting(c, { title: 'x'.repeat(201) }), 'title', /at most 200 characters/],
    ['a title with a line break (header injection)', (c) => meeting(c, { title: 'IAG\r\nBCC: x@example.org' }), 'title', /single line/],
    ['a title that is not text', (c) => meeting(c, { title: 42 }), 'title', /must be text/],
    ['a description over 10,000 characters', (c) => meeting(c, { description: 'x'.repeat(10_001) }), 'description', /at most 10000/],
    ['a location with a line break', (c) => meeting(c, { location: 'Civic\nOffices' }), 'location', /single line/],
    ['no start', (c) => meeting(c, { start: undefined }), 'start', /is required/],
    ['a start that is not a date', (c) => meeting(c, { start: 'next Tuesday' }), 'start', /must be a date and time/],
    ['an impossible date', (c) => meeting(c, { start: '2026-02-30T18:00' }), 'start', /not a real date/],
    [
      'a start the spring clock change skips',
      (c) => meeting(c, { start: '2026-03-29T01:30', end: '2026-03-29T03:00' }),
      'start',
      /clocks go forward/,
    ],
    ['an end before the start', (c) => meeting(c, { end: '2026-10-21T17:00' }), 'end', /must not be before start/],
    ['a timed event without an end', (c) => meeting(c, { end: undefined }), 'end', /required for a timed event/],
    ['a meeting lasting three weeks', (c) => meeting(c, { end: '2026-11-12T18:00' }), 'end', /within 14 days/],
    [
      'an all-day event ending before it starts',
      (c) => meeting(c, { kind: 'campaign_week', groupId: undefined, start: '2026-10-15', end: '2026-10-08' }),
      'end',
      /on or after start/,
    ],
    [
      'an all-day event with a time as its end',
      (c) => meeting(c, { kind: 'campaign_week', groupId: undefined, start: '2026-10-08', end: '2026-10-15T10:00' }),
      'end',
      /must be a date/,
    ],
    ['allDay that is not a boolean', (c) => meeting(c, { allDay: 'yes' }), 'allDay', /true or false/],
    ['allDay true with a date-time start', (c) => meeting(c, { allDay: true }), 'start', /must be a date/],
    ['a timezone other than UK time', (c) => meeting(c, { timezone: 'America/New_York' }), 'timezone', /Europe\/London/],
    ['an unsupported recurrence', (c) => meeting(c, { rrule: 'FREQ=HOURLY' }), 'rrule', /DAILY, WEEKLY, MONTHLY or YEARLY/],
    [
      'a recurrence ending before it starts',
      (c) => meeting(c, { rrule: 'FREQ=MONTHLY;UNTIL=20250101T000000Z' }),
      'rrule',
      /UNTIL before the start/,
    ],
    [
      'a recurrence that overlaps itself',
      (c) => meeting(c, { kind: 'campaign_week', groupId: undefined, start: '2026-10-01', end: '2026-10-10', rrule: 'FREQ=WEEKLY' }),
      'rrule',
      /before the previous occurrence has ended/,
    ],
    [
      'a recurrence that never gives a second date (30 February)',
      (c) => meeting(c, { rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' }),
      'rrule',
      /^gives no date within 10 years after the start/,
    ],
    [
      'a recurrence whose start is its only date for decades (29 February on a Tuesday)',
      (c) => meeting(c, { start: '2028-02-29T18:00', end: '2028-02-29T20:00', rrule: 'FREQ=YEARLY;BYMONTH=2;BYDAY=TU;BYMONTHDAY=29' }),
      'rrule',
      /^gives no date after its first \(Tuesday 29 February 2028\) within 10 years; the next is Tuesday 29 February 2056: make it a one-off/,
    ],
    ['a recurrence that happens once', (c) => meeting(c, { rrule: 'FREQ=WEEKLY;COUNT=1' }), 'rrule', /COUNT=1.*only once/],
    [
      'a start the recurrence does not pick, with the dates that fit',
      (c) =>
        meeting(c, {
          kind: 'campaign_week',
          groupId: undefined,
          start: '2026-10-15',
          end: '2026-10-22',
          rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
        }),
      'start',
      /^Thursday 15 October 2026 is not a second Saturday of October; the nearest are Saturday 10 October 2026 and Saturday 9 October 2027$/,
    ],
    [
      'a weekly start on another weekday',
      (c) => meeting(c, { rrule: 'FREQ=WEEKLY;BYDAY=TH' }),
      'start',
      /^Wednesday 21 October 2026 is not a Thursday; the next one is Thursday 22 October 2026$/,
    ],
    ['a recurrence that is not text', (c) => meeting(c, { rrule: { freq: 'weekly' } }), 'rrule', /must be text/],
    ['an unknown theme code shape', (c) => meeting(c, { themes: ['!!!'] }), 'themes[0]', /theme code/],
    ['themes that are not a list', (c) => meeting(c, { themes: 'C2' }), 'themes', /must be a list/],
    ['a link that is not http', (c) => meeting(c, { links: [{ title: 'Agenda', url: 'javascript:alert(1)' }] }), 'links[0].url', /http/],
    ['a link without a url', (c) => meeting(c, { links: [{ title: 'Agenda' }] }), 'links[0].url', /is required/],
    ['an unknown visibility', (c) => meeting(c, { visibility: 'secret' }), 'visibility', /public, partners, group, confidential/],
    ['status cancelled on create', (c) => meeting(c, { status: 'cancelled' }), 'status', /cancel the event instead/],
    ['a meeting without a group', (c) => meeting(c, { groupId: undefined }), 'groupId', /required for a meeting/],
    [
      'group visibility without a group',
      (c) => meeting(c, { kind: 'deadline', groupId: undefined, visibility: 'group' }),
      'groupId',
      /visibility is 'group'/,
    ],
    ['a group that does not exist', (c) => meeting(c, { groupId: 'no-such-group' }), 'groupId', /no group with this id/],
    ['an organisation that does not exist', (c) => meeting(c, { organisationId: 'nope' }), 'organisationId', /no organisation/],
    ['an id with odd characters', (c) => meeting(c, { organisationId: '../etc' }), 'organisationId', /must be an id/],
    ['a parent that does not exist', (c) => meeting(c, { kind: 'activity', parentId: 'missing' }), 'parentId', /no event with this id/],
    [
      'a parent that is not a campaign week',
      (c) => meeting(c, { kind: 'activity', parentId: c.meetingId }),
      'parentId',
      /must be a campaign week/,
    ],
    [
      'a campaign week inside a campaign',
      (c) => meeting(c, { kind: 'campaign_week', groupId: undefined, start: '2026-10-10', end: undefined, parentId: c.campaignId }),
      'parentId',
      /cannot belong/,
    ],
    ['a misspelt field', (c) => ({ ...meeting(c), tittle: 'IAG' }), 'tittle', /is not a field/],
    ['a JSON array', () => [], 'body', /JSON object/],
  ];

  it.each(cases)('refuses %s with 400 naming the field, and writes nothing', async (_name, body, field, message) => {
    const before = await counts();
    const res = await t.call('POST', '/api/events', body({ groupId, campaignId, meetingId }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
    expect(res.body.error).toEqual(res.body.errors[0]);
    expect(await counts()).toEqual(before);
  });

  it('reports every problem at once, not one per attempt', async () => {
    const res = await t.call('POST', '/api/events', { kind: 'party', title: '', start: 'soon' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['kind', 'title', 'start']);
  });

  it('refuses a body that is not JSON, an empty body and an oversized body', async () => {
    const bad = await t.call('POST', '/api/events', '{"kind": "meeting",');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'body', message: expect.stringMatching(/valid JSON/) });
    const empty = await t.call('POST', '/api/events', '');
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('body');
    const huge = await t.call('POST', '/api/events', JSON.stringify({ ...meeting({ groupId }), description: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.field).toBe('body');
  });

  it('refuses changes without a token, or with a wrong or revoked one, with 401', async () => {
    const none = await t.call('POST', '/api/events', meeting({ groupId }), { auth: false });
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    expect(none.body.error.field).toBe('Authorization');
    const wrong = await t.call('GET', '/api/events', undefined, { auth: false, headers: { Authorization: 'Bearer sct_not-a-real-token' } });
    expect(wrong.status).toBe(401);
    const malformed = await t.call('GET', '/api/events', undefined, { auth: false, headers: { Authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
  });

  it.each([
    ['/api/events?kind=party', 'kind', /use one of/],
    ['/api/events?limit=0', 'limit', /from 1 to 500/],
    ['/api/events?limit=ten', 'limit', /whole number/],
    ['/api/events?from=yesterday', 'from', /must be a date/],
    ['/api/events?from=2026-10-10&to=2026-10-01', 'to', /after from/],
    ['/api/events?visibility=secret', 'visibility', /use one of/],
    ['/api/events?group=no-such-group', 'group', /not a group/],
    ['/api/occurrences?from=2020-01-01&to=2026-01-01', 'to', /within 731 days/],
    ['/api/occurrences?status=gone', 'status', /use one of/],
  ])('refuses the query %s with 400 naming %s', async (path, field, message) => {
    const res = await t.call('GET', path);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field, message: expect.stringMatching(message) });
  });

  it('answers 404 with a message for an unknown event or endpoint', async () => {
    expect((await t.call('GET', '/api/events/does-not-exist')).status).toBe(404);
    const res = await t.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/no such endpoint/);
  });

  it('refuses bad changes to an existing event and leaves it as it was', async () => {
    const before = (await t.call('GET', `/api/events/${meetingId}`)).body;
    const res = await t.call('PATCH', `/api/events/${meetingId}`, { end: '2026-10-21T17:00', title: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['end', 'title']);
    const unknown = await t.call('PATCH', `/api/events/${meetingId}`, { sequence: 99, colour: 'red' });
    expect(unknown.body.errors).toEqual([{ field: 'colour', message: 'is not a field of an event' }]);
    expect((await t.call('GET', `/api/events/${meetingId}`)).body).toEqual(before);
  });

  it('refuses to edit a cancelled event with 409', async () => {
    const id = (await t.call('POST', '/api/events', meeting({ groupId }))).body.id;
    expect((await t.call('POST', `/api/events/${id}/cancel`, { reason: 'venue unavailable' })).status).toBe(200);
    const res = await t.call('PATCH', `/api/events/${id}`, { title: 'Renamed' });
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe('status');
    const badReason = await t.call('POST', `/api/events/${meetingId}/cancel`, { reason: 5 });
    expect(badReason.body.error.field).toBe('reason');
  });

  it('refuses occurrence changes that do not fit the series', async () => {
    const series = (await t.call('POST', '/api/events', meeting({ groupId }, { rrule: 'FREQ=MONTHLY;BYDAY=3WE' }))).body.id;
    const oneOff = await t.call('PUT', `/api/events/${meetingId}/occurrences/2026-10-21T18:00`, { status: 'cancelled' });
    expect(oneOff.body.error).toMatchObject({ field: 'rrule', message: expect.stringMatching(/does not repeat/) });
    const notAnOccurrence = await t.call('PUT', `/api/events/${series}/occurrences/2026-10-22T18:00`, { status: 'cancelled' });
    expect(notAnOccurrence.body.error).toMatchObject({
      field: 'recurrenceId',
      message: 'is not an occurrence of this series; the nearest are 2026-10-21T18:00 and 2026-11-18T18:00 (UK time)',
    });
    const garbled = await t.call('PUT', `/api/events/${series}/occurrences/someday`, { status: 'cancelled' });
    expect(garbled.body.error.field).toBe('recurrenceId');
    const nothing = await t.call('PUT', `/api/events/${series}/occurrences/2026-11-18T18:00`, {});
    expect(nothing.body.error).toMatchObject({ field: 'start', message: expect.stringMatching(/or location is required/) });
    const badMove = await t.call('PUT', `/api/events/${series}/occurrences/2026-11-18T18:00`, {
      start: '2026-11-25T18:00',
      end: '2026-11-25T17:00',
    });
    expect(badMove.body.error).toMatchObject({ field: 'end' });
    const badStatus = await t.call('PUT', `/api/events/${series}/occurrences/2026-11-18T18:00`, { status: 'postponed' });
    expect(badStatus.body.error.field).toBe('status');
    expect((await t.call('DELETE', `/api/events/${series}/occurrences/2026-11-18T18:00`)).status).toBe(404);
  });
});
