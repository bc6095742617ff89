import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('organisers managing events through the API', () => {
  let t: TestApp;
  let groupId: string;
  let orgId: string;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-09-01T09:00:00Z' });
    orgId = (await t.call('POST', '/api/organisations', { name: 'Community Safety Team', kind: 'council' })).body.id;
    groupId = (await t.call('POST', '/api/groups', { name: 'Partnership Board', organisationId: orgId })).body.id;
  });
  afterAll(() => t.close());

  it('creates a meeting in UK time, reads it back, and records who did it', async () => {
    const created = await t.call('POST', '/api/events', {
      kind: 'meeting',
      title: 'Partnership Board',
      start: '2026-10-15T14:00',
      end: '2026-10-15T16:00',
      location: 'Council Chamber',
      groupId,
      organisationId: orgId,
      themes: ['c2', 'N1', 'Knife Crime'],
      links: [{ title: 'Agenda', url: 'https://example.org/agenda.pdf' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe(`/api/events/${created.body.id}`);
    expect(created.body).toMatchObject({
      allDay: false,
      start: '2026-10-15T14:00:00+01:00',
      end: '2026-10-15T16:00:00+01:00',
      themes: ['C2', 'N1', 'knife crime'],
      visibility: 'public',
      status: 'published',
      sequence: 0,
    });
    const read = await t.call('GET', `/api/events/${created.body.id}`, undefined, { auth: false });
    expect(read.body).toEqual(created.body);
    const audit = await t.call('GET', `/api/audit?entity=event&entityId=${created.body.id}`);
    expect(audit.body.entries).toEqual([expect.objectContaining({ actor: 'token:test-organiser', action: 'create' })]);
  });

  it('raises the sequence on every real change and not on a save that changes nothing', async () => {
    const id = (await t.call('POST', '/api/events', { kind: 'deadline', title: 'Consultation closes', start: '2026-09-11' })).body.id;
    t.clock.advance(60_000);
    const moved = await t.call('PATCH', `/api/events/${id}`, { start: '2026-09-18' });
    expect(moved.body).toMatchObject({ start: '2026-09-18', end: '2026-09-18', sequence: 1 });
    expect(moved.body.updatedAt > moved.body.createdAt).toBe(true);
    t.clock.advance(60_000);
    const same = await t.call('PATCH', `/api/events/${id}`, { start: '2026-09-18' });
    expect(same.body.sequence).toBe(1);
    t.clock.advance(60_000);
    const timed = await t.call('PATCH', `/api/events/${id}`, { start: '2026-09-18T17:00', end: '2026-09-18T17:00' });
    expect(timed.body).toMatchObject({ allDay: false, start: '2026-09-18T17:00:00+01:00', sequence: 2 });
    t.clock.advance(60_000);
    const replaced = await t.call('PUT', `/api/events/${id}`, {
      kind: 'deadline',
      title: 'Consultation closes (extended)',
      start: '2026-09-25',
    });
    expect(replaced.body).toMatchObject({ title: 'Consultation closes (extended)', allDay: true, start: '2026-09-25', sequence: 3 });
    const audit = await t.call('GET', `/api/audit?entity=event&entityId=${id}`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['update', 'update', 'update', 'create']);
    expect(audit.body.entries[2].changes.when).toEqual([
      { allDay: true, startDate: '2026-09-11', endDate: '2026-09-11' },
      { allDay: true, startDate: '2026-09-18', endDate: '2026-09-18' },
    ]);
  });

  it('cancels an event: it leaves the default list, keeps its record and raises the sequence', async () => {
    const id = (await t.call('POST', '/api/events', { kind: 'training', title: 'Gang awareness training', start: '2026-10-13' })).body.id;
    const cancelled = await t.call('POST', `/api/events/${id}/cancel`, { reason: 'trainer unavailable' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(cancelled.body.cancelledAt).toBeTruthy();
    const listed = await t.call('GET', '/api/events?kind=training', undefined, { auth: false });
    expect(listed.body.events.map((e: { id: string }) => e.id)).not.toContain(id);
    const asked = await t.call('GET', '/api/events?kind=training&status=cancelled', undefined, { auth: false });
    expect(asked.body.events.map((e: { id: string }) => e.id)).toEqual([id]);
    const again = await t.call('POST', `/api/events/${id}/cancel`);
    expect(again.body.sequence).toBe(1);
  });

  it('moves and cancels single occurrences of a series, and restores them', async () => {
    const id = (
      await t.call('POST', '/api/events', {
        kind: 'meeting',
        title: 'IAG',
        start: '2026-09-16T18:00',
        end: '2026-09-16T20:00',
        rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=6',
        groupId,
      })
    ).body.id;
    const moved = await t.call('PUT', `/api/events/${id}/occurrences/2026-10-21T18:00`, { start: '2026-10-28T18:30', location: 'College' });
    expect(moved.status).toBe(200);
    expect(moved.body.sequence).toBe(1);
    expect(moved.body.exceptions).toEqual([
      expect.objectContaining({
        recurrenceId: '2026-10-21T17:00:00Z',
        status: 'moved',
        start: '2026-10-28T18:30:00+00:00',
        end: '2026-10-28T20:30:00+00:00',
        location: 'College',
      }),
    ]);
    await t.call('PUT', `/api/events/${id}/occurrences/${encodeURIComponent('2026-11-18T18:00:00Z')}`, {
      status: 'cancelled',
      note: 'no quorum',
    });
    const occ = await t.call('GET', `/api/occurrences?from=2026-09-01&to=2026-12-31&group=${groupId}&kind=meeting&q=IAG`);
    expect(occ.body.occurrences.map((o: { start: string; moved: boolean }) => [o.start, o.moved])).toEqual([
      ['2026-09-16T18:00:00+01:00', false],
      ['2026-10-28T18:30:00+00:00', true],
      ['2026-12-16T18:00:00+00:00', false],
    ]);
    const restored = await t.call('DELETE', `/api/events/${id}/occurrences/2026-11-18T18:00`);
    expect(restored.body.exceptions).toHaveLength(1);
    expect(restored.body.sequence).toBe(3);
  });

  it('filters by date range, kind, theme, group and organisation, and combines them', async () => {
    const make = (title: string, extra: Record<string, unknown>) =>
      t.call('POST', '/api/events', { kind: 'activity', title, start: '2027-03-10', ...extra });
    await make('Knife crime workshop', { themes: ['N1'], organisationId: orgId });
    await make('Hate crime talk', { themes: ['C2'], start: '2027-03-20' });
    await make('Loan shark leafleting', { themes: ['N3', 'loan sharks'], start: '2027-04-02' });
    const titles = async (query: string) =>
      (await t.call('GET', `/api/events?${query}`, undefined, { auth: false })).body.events.map((e: { title: string }) => e.title);
    expect(await titles('from=2027-03-01&to=2027-03-31')).toEqual(['Knife crime workshop', 'Hate crime talk']);
    expect(await titles('from=2027-03-01&to=2027-04-30&theme=N1,C2')).toEqual(['Knife crime workshop', 'Hate crime talk']);
    expect(await titles('theme=loan%20sharks')).toEqual(['Loan shark leafleting']);
    expect(await titles(`from=2027-01-01&organisation=${orgId}`)).toEqual(['Knife crime workshop']);
    expect(await titles('from=2027-03-20&to=2027-03-20')).toEqual(['Hate crime talk']);
    expect(await titles('from=2027-01-01&kind=activity&q=workshop')).toEqual(['Knife crime workshop']);
    expect(await titles('from=2027-01-01&kind=meeting')).toEqual(['IAG']); // the monthly series runs to February
    expect(await titles('from=2027-03-01&kind=meeting')).toEqual([]);
  });

  it('accepts tags in the letters of any language, and filters by them as typed', async () => {
    const created = await t.call('POST', '/api/events', {
      kind: 'activity',
      title: 'Community languages drop-in',
      start: '2027-05-12',
      themes: ['Türkçe', 'ਪੰਜਾਬੀ', 'Drugs & alcohol'],
    });
    expect(created.status).toBe(201);
    expect([...created.body.themes].sort()).toEqual(['drugs & alcohol', 'türkçe', 'ਪੰਜਾਬੀ']);
    const titles = async (query: string) =>
      (await t.call('GET', `/api/events?${query}`, undefined, { auth: false })).body.events.map((e: { title: string }) => e.title);
    for (const theme of ['T%C3%BCrk%C3%A7e', encodeURIComponent('ਪੰਜਾਬੀ'), 'drugs%20%26%20alcohol'])
      expect(await titles(`from=2027-05-01&theme=${theme}`)).toEqual(['Community languages drop-in']);
    const refused = await t.call('POST', '/api/events', { kind: 'activity', title: 'Bad tag', start: '2027-05-12', themes: ['tag; DROP'] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'themes[0]', message: expect.stringMatching(/letters \(any language\)/) }),
    ]);
  });

  it('pages through a long list with next and previous links', async () => {
    for (let i = 1; i <= 7; i++) {
      await t.call('POST', '/api/events', { kind: 'deadline', title: `Quarterly return ${i}`, start: `2028-0${i}-01` });
    }
    const first = await t.call('GET', '/api/events?from=2028-01-01&to=2028-12-31&limit=3');
    expect(first.body.page).toMatchObject({ limit: 3, previous: null });
    expect(first.body.events.map((e: { title: string }) => e.title)).toEqual([
      'Quarterly return 1',
      'Quarterly return 2',
      'Quarterly return 3',
    ]);
    const second = await t.call('GET', first.body.page.next);
    expect(second.body.events.map((e: { title: string }) => e.title)).toEqual([
      'Quarterly return 4',
      'Quarterly return 5',
      'Quarterly return 6',
    ]);
    const third = await t.call('GET', second.body.page.next);
    expect(third.body.events).toHaveLength(1);
    expect(third.body.page.next).toBeNull();
    const back = await t.call('GET', third.body.page.previous);
    expect(back.body.events.map((e: { title: string }) => e.title)).toEqual([
      'Quarterly return 4',
      'Quarterly return 5',
      'Quarterly return 6',
    ]);
  });

  it('pages through every event, and through occurrences, with next and previous cursors', async () => {
    for (let i = 1; i <= 5; i++) {
      await t.call('POST', '/api/events', { kind: 'deadline', title: `Audit return ${i}`, start: `2029-0${i}-01`, visibility: 'public' });
    }
    const all: string[] = [];
    let url: string | null = '/api/events?kind=deadline&limit=2&q=audit';
    while (url) {
      const res = await t.call('GET', url);
      expect(res.status).toBe(200);
      all.push(...res.body.events.map((e: { title: string }) => e.title));
      url = res.body.page.next;
    }
    expect(all).toEqual([1, 2, 3, 4, 5].map((i) => `Audit return ${i}`));

    const firstPage = await t.call('GET', '/api/occurrences?from=2029-01-01&to=2029-12-31&kind=deadline&q=audit&limit=2');
    const second = await t.call('GET', firstPage.body.page.next);
    expect(second.body.occurrences.map((o: { title: string }) => o.title)).toEqual(['Audit return 3', 'Audit return 4']);
    const back = await t.call('GET', second.body.page.previous);
    expect(back.body.occurrences.map((o: { title: string }) => o.title)).toEqual(['Audit return 1', 'Audit return 2']);
    expect(back.body.page.previous).toBeNull();
    expect((await t.call('GET', '/api/occurrences?after=not-a-cursor')).status).toBe(400);
  });

  it('shows partner-only and group-only events to organisers but not to the public', async () => {
    const partnerOnly = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'County Lines Intensification Week',
        start: '2029-10-08',
        end: '2029-10-14',
        visibility: 'partners',
      })
    ).body.id;
    const groupOnly = (
      await t.call('POST', '/api/events', {
        kind: 'meeting',
        title: 'Task group',
        start: '2029-10-09T10:00',
        end: '2029-10-09T11:00',
        groupId,
        visibility: 'group',
      })
    ).body.id;
    const draft = (await t.call('POST', '/api/events', { kind: 'deadline', title: 'Draft deadline', start: '2029-10-10', status: 'draft' }))
      .body.id;
    const ids = async (auth: boolean) =>
      (await t.call('GET', '/api/events?from=2029-10-01&to=2029-10-31', undefined, { auth })).body.events.map((e: { id: string }) => e.id);
    expect(await ids(true)).toEqual([partnerOnly, groupOnly, draft]);
    expect(await ids(false)).toEqual([]);
  });
});
