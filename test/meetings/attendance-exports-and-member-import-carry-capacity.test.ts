/**
 * Capacities travel with members: in and out of the CSV member import, and into attendance CSVs
 * per meeting and per group per year, which guard against spreadsheet formula injection. Runs on
 * SQLite and D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/csv.js';
import { buildBoard, type Board } from './support/board.js';

describe('capacities in CSV imports and attendance exports', () => {
  let b: Board;
  beforeAll(async () => {
    b = await buildBoard({ now: '2019-04-18T16:30:00Z' });
    await b.t.call('POST', `/api/groups/${b.groupId}/members`, {
      email: 'guest-speaker@example.org',
      role: '=HYPERLINK("https://example.org/steal","Click")',
      capacity: 'observer',
    });
    const meeting = (await b.t.call('GET', b.april)).body;
    const entries = meeting.attendance.entries.map((e: { personId: string; capacity: string }) => ({
      personId: e.personId,
      status: e.personId === b.person.fire ? 'apologies' : 'present',
      ...(e.personId === b.person.fire ? { substitute: 'Station Commander', note: '+ on leave' } : {}),
    }));
    expect((await b.t.call('PUT', `${b.april}/attendance`, { entries })).status).toBe(200);
  }, 240_000);
  afterAll(() => b.close());

  it('exports one meeting’s attendance with capacities, substitutes and formulas kept as text', async () => {
    const res = await b.t.app.request(`${b.april}/attendance.csv`, { headers: { Authorization: `Bearer ${b.t.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="safermk-board-attendance-2019-04-18.csv"');
    const parsed = parseCsv(await res.text());
    expect(parsed.ok).toBe(true);
    const rows = parsed.ok ? parsed.rows : [];
    expect(rows[0]).toEqual([
      'meeting',
      'date',
      'time',
      'name',
      'role',
      'organisation',
      'capacity',
      'attendance',
      'substitute',
      'apology note',
      'quorate',
    ]);
    const fire = rows.find((r) => r[4] === 'Service Delivery Manager')!;
    expect(fire).toEqual([
      'SaferMK Partnership Board',
      '2019-04-18',
      '14:00',
      'Service Delivery Manager',
      'Service Delivery Manager',
      '',
      'Voting member',
      'apologies',
      'Station Commander',
      "'+ on leave",
      'yes',
    ]);
    const guest = rows.find((r) => r[6] === 'Observer' && r[4]!.includes('HYPERLINK'))!;
    expect(guest[4]).toBe(`'=HYPERLINK("https://example.org/steal","Click")`);
    expect((await b.t.app.request(`${b.april}/attendance.csv`)).status).toBe(401);
  });

  it('exports a group’s attendance for a year, one row per member per meeting', async () => {
    const res = await b.t.app.request(`/api/groups/${b.groupId}/attendance.csv?year=2019`, {
      headers: { Authorization: `Bearer ${b.t.token}` },
    });
    const parsed = parseCsv(await res.text());
    const rows = parsed.ok ? parsed.rows.slice(1) : [];
    // The quarterly series begins in April: three meetings in 2019.
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['2019-04-18', '2019-07-18', '2019-10-17']));
    expect(rows.filter((r) => r[1] === '2019-07-18').every((r) => r[7] === 'not recorded')).toBe(true);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="safermk-board-attendance-2019.csv"');
  });

  it('imports members with their capacity from CSV on the group page, row by row', async () => {
    const organiser = await b.organiser();
    const csv = [
      'email,role,name,organisation,capacity',
      'police-inspector@example.org,Neighbourhood Inspector,,,voting',
      'college-rep@example.org,College representative,,,Co-opted member (no vote)',
      'councillor@example.org,Ward Councillor,,,spectator',
    ].join('\n');
    const preview = await organiser.post(
      `/organise/groups/${b.groupId}/import`,
      { pasted: csv, step: 'preview' },
      `/organise/groups/${b.groupId}/import`,
    );
    expect(preview.text).toContain('2 rows are ready to import; 1 row has problems');
    expect(preview.text).toContain('capacity must be one of: voting, co-opted, observer, officer');
    await organiser.post(`/organise/groups/${b.groupId}/import`, { csv, step: 'apply' }, `/organise/groups/${b.groupId}/import`);
    const members = (await b.t.call('GET', `/api/groups/${b.groupId}/members`)).body.members;
    expect(members.find((m: { email: string }) => m.email === 'college-rep@example.org')).toMatchObject({ capacity: 'co-opted' });
    expect(members.find((m: { email: string }) => m.email === 'police-inspector@example.org')).toMatchObject({ capacity: 'voting' });
    expect(members.some((m: { email: string }) => m.email === 'councillor@example.org')).toBe(false);
  });
});
