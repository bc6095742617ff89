import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('cancelling, restoring and the same-time warning through the API', () => {
  let t: TestApp;
  let groupId: string;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
    groupId = (await t.call('POST', '/api/groups', { name: 'Independent Advisory Group' })).body.id;
  });
  afterAll(() => t.close());

  const meeting = (extra: Record<string, unknown> = {}) => ({
    kind: 'meeting',
    title: 'Independent Advisory Group meeting',
    start: '2026-09-16T18:00',
    end: '2026-09-16T20:00',
    rrule: 'FREQ=MONTHLY;BYDAY=3WE',
    groupId,
    ...extra,
  });

  it('warns before a second series of the group on the same day and time, and adds it when the client confirms', async () => {
    expect((await t.call('POST', '/api/events', meeting())).status).toBe(201);
    // A month later, same rule: its dates fall on the first series' dates.
    const again = await t.call(
      'POST',
      '/api/events',
      meeting({ title: 'IAG (typed twice)', start: '2026-10-21T18:00', end: '2026-10-21T20:00' }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ warning: 'same-group-same-time', override: 'allowSameTime=true', error: { field: 'rrule' } });
    expect(again.body.error.message).toContain('"Independent Advisory Group meeting"');
    const confirmed = await t.call('POST', '/api/events?allowSameTime=true', meeting({ title: 'IAG pre-meeting' }));
    expect(confirmed.status).toBe(201);
    // Another time of day is no duplicate.
    expect(
      (await t.call('POST', '/api/events', meeting({ title: 'IAG surgery', start: '2026-09-16T10:00', end: '2026-09-16T11:00' }))).status,
    ).toBe(201);
  });

  it('refuses to move a date onto the start of another date of the series, naming the field', async () => {
    const series = (await t.call('POST', '/api/events?allowSameTime=true', meeting({ title: 'Moves test' }))).body;
    const res = await t.call('PUT', `/api/events/${series.id}/occurrences/2026-10-21T18:00`, {
      start: '2026-11-18T18:00',
      end: '2026-11-18T20:00',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('start');
    expect(res.body.error.message).toContain('2026-11-18T18:00');
    expect((await t.call('GET', `/api/events/${series.id}`)).body.exceptions).toEqual([]);
    // An hour later that day is fine.
    expect(
      (await t.call('PUT', `/api/events/${series.id}/occurrences/2026-10-21T18:00`, { start: '2026-11-18T19:00', end: '2026-11-18T21:00' }))
        .status,
    ).toBe(200);
  });

  it('restores a moved date that was cancelled with the move’s own note, not the cancel’s or none', async () => {
    const series = (await t.call('POST', '/api/events?allowSameTime=true', meeting({ title: 'Notes test' }))).body;
    const key = `/api/events/${series.id}/occurrences/2026-12-16T18:00`;
    const exception = async () => (await t.call('GET', `/api/events/${series.id}`)).body.exceptions[0];
    expect(
      (await t.call('PUT', key, { start: '2026-12-17T18:00', end: '2026-12-17T20:00', note: 'Hall unavailable Wednesday' })).status,
    ).toBe(200);
    expect((await t.call('PUT', key, { status: 'cancelled', note: 'Snow' })).status).toBe(200);
    expect(await exception()).toMatchObject({ status: 'cancelled', note: 'Snow' });
    expect((await t.call('DELETE', key)).status).toBe(200);
    expect(await exception()).toMatchObject({ status: 'moved', start: '2026-12-17T18:00:00+00:00', note: 'Hall unavailable Wednesday' });
  });

  it('cancels with a reason, refuses edits of a cancelled event with a pointer to restore, and restores it', async () => {
    const one = (await t.call('POST', '/api/events', { kind: 'deadline', title: 'Consultation closes', start: '2026-10-11' })).body;
    const cancelled = await t.call('POST', `/api/events/${one.id}/cancel`, { reason: 'Extended to November' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Extended to November', sequence: 1 });
    const edit = await t.call('PATCH', `/api/events/${one.id}`, { title: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain(`/api/events/${one.id}/restore`);
    const stray = await t.call('POST', `/api/events/${one.id}/restore`, { bogus: 1 });
    expect(stray.status).toBe(400);
    expect(stray.body.error).toMatchObject({ field: 'bogus', message: 'is not a field of a restore; send no body' });
    expect((await t.call('GET', `/api/events/${one.id}`)).body.status).toBe('cancelled');
    const restored = await t.call('POST', `/api/events/${one.id}/restore`);
    expect(restored.body).toMatchObject({ status: 'published', cancelReason: '', cancelledAt: null, sequence: 2 });
    expect((await t.call('POST', `/api/events/${one.id}/restore`)).status).toBe(409);
    const bad = await t.call('POST', `/api/events/${one.id}/cancel`, { reason: 'x'.repeat(501) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('reason');
  });

  it('cancels a campaign week with its activities by default, keeps them when asked, and lists them in the audit log', async () => {
    const week = (
      await t.call('POST', '/api/events', { kind: 'campaign_week', title: 'Bite Back Week', start: '2026-10-05', end: '2026-10-09' })
    ).body;
    const activity = (
      await t.call('POST', '/api/events', { kind: 'activity', title: 'Market stall', start: '2026-10-06', parentId: week.id })
    ).body;
    const cancelled = await t.call('POST', `/api/events/${week.id}/cancel`, {});
    expect(cancelled.body.activities).toEqual([expect.objectContaining({ id: activity.id, status: 'cancelled' })]);
    expect((await t.call('GET', `/api/events/${activity.id}`)).body).toMatchObject({
      status: 'cancelled',
      parentOutcome: 'cancelled_with_parent',
      cancelReason: 'Part of Bite Back Week, which was cancelled',
    });
    await t.call('POST', `/api/events/${week.id}/restore`);
    expect((await t.call('GET', `/api/events/${activity.id}`)).body).toMatchObject({ status: 'published', parentOutcome: null });
    await t.call('POST', `/api/events/${week.id}/cancel`, { activities: 'keep' });
    expect((await t.call('GET', `/api/events/${activity.id}`)).body).toMatchObject({ status: 'published', parentOutcome: 'kept' });
    // Its calendar entry says what became of its week, as its page does (issue 10, ADR 274).
    const download = await t.call('GET', `/feeds/events/${activity.id}.ics`);
    expect(download.status).toBe(200);
    const description = /^DESCRIPTION:(.*)$/m.exec(String(download.body).replace(/\r\n[ \t]/g, ''))?.[1] ?? '';
    expect(description.replace(/\\;/g, ';')).toContain('Bite Back Week was cancelled; this activity still goes ahead.');
    const audit = await t.call('GET', `/api/audit?entity=event&entityId=${activity.id}`);
    expect(audit.body.entries.map((e: any) => e.action)).toEqual(expect.arrayContaining(['cancel', 'reinstate', 'update']));
  });

  it('restores one activity of a cancelled week, or of its cancelled date, as kept going without the week (ADR 290)', async () => {
    const week = (
      await t.call('POST', '/api/events', { kind: 'campaign_week', title: 'Scam Awareness Week', start: '2026-12-07', end: '2026-12-11' })
    ).body;
    const stall = (await t.call('POST', '/api/events', { kind: 'activity', title: 'Bank stall', start: '2026-12-08', parentId: week.id }))
      .body;
    await t.call('POST', `/api/events/${week.id}/cancel`, { reason: 'Staff away' });
    const restored = await t.call('POST', `/api/events/${stall.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ status: 'published', parentOutcome: 'kept', cancelReason: '' });
    const page = String((await t.call('GET', `/events/${stall.id}`)).body);
    expect(page).toContain('Scam Awareness Week was cancelled; this activity still goes ahead.');
    const download = String((await t.call('GET', `/feeds/events/${stall.id}.ics`)).body).replace(/\r\n[ \t]/g, '');
    expect(/^DESCRIPTION:(.*)$/m.exec(download)?.[1]?.replace(/\\;/g, ';')).toContain(
      'Scam Awareness Week was cancelled; this activity still goes ahead.',
    );
    // Restoring the week makes it an ordinary activity of the week again.
    await t.call('POST', `/api/events/${week.id}/restore`);
    expect((await t.call('GET', `/api/events/${stall.id}`)).body).toMatchObject({ status: 'published', parentOutcome: null });

    // One date of a repeating week: kept for that date; restoring the date makes it ordinary again.
    const monthly = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Safer Streets Days',
        start: '2027-05-03',
        end: '2027-05-05',
        rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=4',
      })
    ).body;
    const walk = (await t.call('POST', '/api/events', { kind: 'activity', title: 'Night walk', start: '2027-06-08', parentId: monthly.id }))
      .body;
    const date = `/api/events/${monthly.id}/occurrences/2027-06-07`;
    expect((await t.call('PUT', date, { status: 'cancelled', note: 'Election purdah' })).status).toBe(200);
    expect((await t.call('GET', `/api/events/${walk.id}`)).body).toMatchObject({
      status: 'cancelled',
      parentOutcome: 'cancelled_with_parent',
    });
    expect((await t.call('POST', `/api/events/${walk.id}/restore`)).body).toMatchObject({ status: 'published', parentOutcome: 'kept' });
    expect(String((await t.call('GET', `/events/${walk.id}`)).body)).toContain(
      'That date of the week is cancelled; this activity still goes ahead.',
    );
    expect((await t.call('DELETE', date)).status).toBe(200);
    expect((await t.call('GET', `/api/events/${walk.id}`)).body).toMatchObject({ status: 'published', parentOutcome: null });
  });

  it('refuses an activity put under a cancelled week, created there or moved there, and names parentId', async () => {
    const week = (title: string, start: string, end: string, rrule?: string) =>
      t.call('POST', '/api/events', { kind: 'campaign_week', title, start, end, ...(rrule ? { rrule } : {}) });
    const activity = (parentId: string, start: string, title = 'Station stall') =>
      t.call('POST', '/api/events', { kind: 'activity', title, start, parentId });
    const refusal = (message: string) => ({ field: 'parentId', message });
    const county = (await week('County Lines Week', '2026-11-02', '2026-11-06')).body;
    const other = (await week('Road Safety Week', '2026-11-16', '2026-11-20')).body;
    const kept = (await activity(county.id, '2026-11-03', 'Assembly talk')).body;
    await t.call('POST', `/api/events/${county.id}/cancel`, { activities: 'keep' });

    const created = await activity(county.id, '2026-11-04');
    expect([created.status, created.body.error]).toEqual([422, refusal('is cancelled: restore the week first, or choose another week')]);
    const stall = (await activity(other.id, '2026-11-17')).body;
    const moved = await t.call('PATCH', `/api/events/${stall.id}`, { start: '2026-11-04', parentId: county.id });
    expect([moved.status, moved.body.error.field]).toEqual([422, 'parentId']);
    expect((await t.call('GET', `/api/events/${stall.id}`)).body).toMatchObject({ parentId: other.id, status: 'published' });
    const replaced = await t.call('PUT', `/api/events/${stall.id}`, {
      kind: 'activity',
      title: 'Station stall',
      start: '2026-11-04',
      parentId: county.id,
    });
    expect(replaced.status).toBe(422);
    // An activity kept going when its week was cancelled is still its own to edit.
    expect((await t.call('PATCH', `/api/events/${kept.id}`, { title: 'Assembly talk on county lines' })).status).toBe(200);
    // Restored, the week takes new activities again.
    await t.call('POST', `/api/events/${county.id}/restore`);
    expect((await t.call('PATCH', `/api/events/${stall.id}`, { start: '2026-11-04', parentId: county.id })).status).toBe(200);

    // A repeating week with one date cancelled: not inside that date, but inside the others.
    const monthly = (await week('Action Days', '2027-02-01', '2027-02-03', 'FREQ=MONTHLY;BYDAY=1MO;COUNT=6')).body;
    const off = await t.call('PUT', `/api/events/${monthly.id}/occurrences/2027-03-01`, { status: 'cancelled', note: 'Hall flooded' });
    expect(off.status).toBe(200);
    const inMarch = await activity(monthly.id, '2027-03-02', 'Market stall');
    expect([inMarch.status, inMarch.body.error]).toEqual([
      422,
      refusal('is cancelled on this day: restore that date of the week first, or choose another week'),
    ]);
    const april = (await activity(monthly.id, '2027-04-06', 'Market stall')).body;
    expect(april.id).toEqual(expect.any(String));
    // An activity of the week moved by an edit onto the cancelled date is refused too (tester 26, ADR 294).
    const ontoMarch = await t.call('PATCH', `/api/events/${april.id}`, { start: '2027-03-02' });
    expect([ontoMarch.status, ontoMarch.body.error]).toEqual([
      422,
      refusal('is cancelled on this day: restore that date of the week first, or choose another week'),
    ]);
    expect((await t.call('GET', `/api/events/${april.id}`)).body.start).toBe('2027-04-06');
  });

  it('refuses an activity inside a week date that was moved, then cancelled, where the date was moved to (tester 26, ADR 294)', async () => {
    const activity = (parentId: string, start: string) =>
      t.call('POST', '/api/events', { kind: 'activity', title: 'Library stall', start, parentId });
    const refusal = {
      field: 'parentId',
      message: 'is cancelled on this day: restore that date of the week first, or choose another week',
    };
    const week = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Scam Awareness Days',
        start: '2027-06-07',
        end: '2027-06-08',
        rrule: 'FREQ=MONTHLY;BYDAY=1MO;COUNT=3',
      })
    ).body;
    const date = `/api/events/${week.id}/occurrences/2027-07-05`;
    expect((await t.call('PUT', date, { start: '2027-07-12', end: '2027-07-16' })).status).toBe(200);
    expect((await t.call('PUT', date, { status: 'cancelled', note: 'Library closed' })).status).toBe(200);

    const created = await activity(week.id, '2027-07-13');
    expect([created.status, created.body.error]).toEqual([422, refusal]);
    const august = (await activity(week.id, '2027-08-03')).body;
    const edited = await t.call('PATCH', `/api/events/${august.id}`, { start: '2027-07-14' });
    expect([edited.status, edited.body.error]).toEqual([422, refusal]);
    // The date's first slot is no longer a date of the week, as a date moved and not cancelled leaves it.
    expect((await activity(week.id, '2027-07-06')).status).toBe(201);
  });
});
