/**
 * The organisers' side of import, sync and export, through the pages (session, CSRF, no
 * JavaScript): upload a calendar, read the preview, apply it; see a partner calendar that fails
 * on the sync page and on the dashboard; download the events list as CSV that a spreadsheet reads
 * safely (quoted properly, formulas neutralised).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { parseCsv } from '../../src/domain/csv.js';
import { runSync } from '../../src/import/sync.js';
import { createSyncedFeedStatements } from '../../src/import/synced-feeds.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from '../web/support/cost.js';
import { Session } from '../web/support/jar.js';

const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };
const ORIGIN = 'https://calendar.example.org';

let t: TestApp;
let admin: Session;

/** Posts a multipart form the way a browser does (with the page's CSRF token and the session cookie). */
async function postMultipart(path: string, tokenFrom: string, fields: Record<string, string | File>) {
  const page = await admin.get(tokenFrom);
  const form = new FormData();
  form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await t.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN, Accept: 'text/html' },
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

beforeAll(async () => {
  t = await makeTestApp({ demo: true, now: '2022-09-20T09:00:00Z' });
  await createUser(
    t.handle.store,
    { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
    { actor: 'test', now: t.clock() },
  );
  admin = new Session(t.app);
  expect((await admin.post('/signin', { email: ADMIN.email, password: ADMIN.password })).status).toBe(303);
});
afterAll(() => t.close());

describe('importing from the workspace', () => {
  it('uploads, previews each row with its problems, then applies', async () => {
    const file = new File([readFileSync(new URL('./fixtures/partner-calendar.ics', import.meta.url))], 'partner-calendar.ics');
    const posted = await postMultipart('/organise/import', '/organise/import', {
      file,
      kind: 'activity',
      visibility: 'public',
      status: 'published',
    });
    expect(posted.status, /There is a problem[\s\S]{0,600}/.exec(posted.text)?.[0]).toBe(303);
    const preview = await admin.get(posted.location!);
    expect(preview.text).toContain('What this import would do');
    expect(preview.text).toContain('Briefing with the Paris liaison team');
    expect(preview.text).toContain('It has no DTSTART, so it has no date.');
    expect(preview.text).toMatch(/Add: <strong>6<\/strong>/);
    const applied = await admin.post(`${posted.location}/apply`, {}, posted.location!);
    expect(applied.status).toBe(303);
    const done = await admin.get(applied.headers.get('location')!);
    expect(done.text).toContain('The import has been applied.');
    expect((await t.call('GET', '/api/events?q=Paris')).body.events).toHaveLength(1);
  });

  it('says what is wrong with a bad upload, beside the field', async () => {
    const res = await postMultipart('/organise/import', '/organise/import', { kind: 'meeting' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toMatch(/Group<\/a>|groupId/);
  });
});

describe('partner calendars that fail', () => {
  it('shows the failure on the sync page and the dashboard, and keeps the events', async () => {
    const bad = await admin.post('/organise/sync', {
      url: 'http://192.168.1.20/cal.ics',
      label: 'Router',
      intervalMinutes: '60',
      kind: 'activity',
      visibility: 'public',
      status: 'published',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/private/);
    const id = crypto.randomUUID();
    await t.handle.store.batch(
      createSyncedFeedStatements(
        t.handle.store,
        {
          id,
          url: 'https://fire.example.org/calendar.ics',
          label: 'Fire and rescue',
          intervalMinutes: 60,
          choices: { kind: 'activity', themes: [], organisationId: null, groupId: null, visibility: 'public', status: 'published' },
        },
        { actor: 'test', now: t.clock() },
      ),
    );
    // The partner's server refuses: a real fetcher would say the same in its own words.
    await runSync(
      { store: t.handle.store, fetcher: async () => ({ ok: false, status: 503, error: 'The server answered 503 Service Unavailable.' }) },
      new Date('2022-09-20T09:05:00Z'),
    );
    const list = await admin.get('/organise/sync');
    expect(list.text).toContain('Failing (1 in a row): The server answered 503 Service Unavailable.');
    const page = await admin.get(`/organise/sync/${id}`);
    expect(page.text).toContain('The events it brought before are kept as they were.');
    const dashboard = await admin.get('/organise');
    expect(dashboard.text).toContain('Partners’ calendars that could not be read');
    expect(dashboard.text).toContain(`href="/organise/sync/${id}"`);
  });
});

describe('exporting events as CSV', () => {
  it('downloads the filtered list, quoted for spreadsheets, with formulas neutralised', async () => {
    const created = await t.call('POST', '/api/events', {
      kind: 'deadline',
      title: '=HYPERLINK("https://evil.example.org","Click")',
      description: 'Line one, with a comma\nand a "quoted" second line',
      location: '@SUM(A1:A9)',
      start: '2022-11-30T17:00',
      end: '2022-11-30T17:00',
    });
    expect(created.status).toBe(201);
    const res = await admin.get('/organise/events.csv?kind=deadline');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="events-2022-09-20.csv"');
    const parsed = parseCsv(res.text);
    expect(parsed.ok).toBe(true);
    const [header, ...rows] = (parsed as { rows: string[][] }).rows;
    expect(header!.slice(0, 6)).toEqual(['id', 'kind', 'title', 'start', 'end', 'all_day']);
    expect(rows.every((r) => r[1] === 'deadline')).toBe(true);
    const row = rows.find((r) => r[0] === created.body.id)!;
    const col = (name: string) => row[header!.indexOf(name)];
    expect(col('title')).toBe(`'=HYPERLINK("https://evil.example.org","Click")`);
    expect(col('location')).toBe(`'@SUM(A1:A9)`);
    expect(col('description')).toBe('Line one, with a comma\nand a "quoted" second line');
    expect(col('start')).toBe('2022-11-30T17:00:00+00:00');
  });

  it('offers the API the same, to each caller only what they may see', async () => {
    await t.call('POST', '/api/events', { kind: 'activity', title: 'Partners-only briefing', start: '2022-10-20', visibility: 'partners' });
    const anonymous = await t.app.request('/api/events.csv');
    const text = await anonymous.text();
    expect(anonymous.status).toBe(200);
    expect(text).toContain('National Hate Crime Awareness Week');
    expect(text).not.toContain('Partners-only briefing');
    const organiser = await t.app.request('/api/events.csv?visibility=partners', { headers: { Authorization: `Bearer ${t.token}` } });
    expect(await organiser.text()).toContain('Partners-only briefing');
    const bad = await t.app.request('/api/events.csv?kind=party');
    expect(bad.status).toBe(400);
  });

  it('pages through a large calendar in SQL order, every event once', async () => {
    const { insertEventStatements } = await import('../../src/db/events.js');
    const statements = [];
    for (let i = 0; i < 1200; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      statements.push(
        ...insertEventStatements(
          t.handle.store,
          {
            kind: 'training',
            title: `Bulk training ${i}`,
            description: '',
            location: '',
            links: [],
            when: { allDay: true, startDate: `2023-02-${day}`, endDate: `2023-02-${day}` },
            timezone: 'Europe/London',
            rrule: null,
            themes: [],
            organisationId: null,
            groupId: null,
            parentId: null,
            visibility: 'public',
            status: 'published',
          },
          { actor: 'test', now: t.clock() },
        ).statements,
      );
    }
    await t.handle.store.batch(statements);
    const res = await admin.get('/organise/events.csv?kind=training');
    const rows = (parseCsv(res.text) as { rows: string[][] }).rows.slice(1);
    const bulk = rows.filter((r) => r[2]!.startsWith('Bulk training'));
    expect(bulk).toHaveLength(1200);
    expect(new Set(bulk.map((r) => r[0])).size).toBe(1200);
    const starts = bulk.map((r) => r[3]!);
    expect([...starts].sort()).toEqual(starts);
  });

  it('ends a windowed export, even when whole pages before it hold no event in the window', async () => {
    // After the test above: more than two pages (CSV_PAGE) of training before 2027. A page with no
    // event in the window once wrote nothing, and the stream never asked for the next one.
    const titlesOf = async (path: string) => {
      const res = await t.app.request(path);
      const text = await Promise.race([res.text(), new Promise<null>((done) => setTimeout(() => done(null), 10_000))]);
      expect(text, `${path} never ended`).not.toBeNull();
      return (parseCsv(text!) as { rows: string[][] }).rows.slice(1).map((r) => r[2]);
    };
    expect(await titlesOf('/api/events.csv?kind=training&from=2027-01-01&to=2027-01-31')).toEqual([]);
    await t.call('POST', '/api/events', { kind: 'training', title: 'Gang awareness training day', start: '2027-01-13' });
    expect(await titlesOf('/api/events.csv?kind=training&from=2027-01-01&to=2027-01-31')).toEqual(['Gang awareness training day']);
  });
});
