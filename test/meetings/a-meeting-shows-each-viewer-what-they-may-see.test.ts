/**
 * The board meeting of 18 April 2019, built from its minutes: what an anonymous visitor, a member
 * of the board and an organiser see, through the API and the pages. Runs on SQLite and on D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoard, type Board } from './support/board.js';

describe('a meeting built from the SaferMK board minutes', () => {
  let b: Board;
  let exemptPaper: string;
  let publicPaper: string;
  beforeAll(async () => {
    b = await buildBoard();
    const info = b.items[2]!;
    const dhr = b.items[7]!;
    publicPaper = (await b.upload(`/api/agenda-items/${info.id}/documents`, 'information-report.pdf', { title: 'Information report' })).body
      .id;
    const exempt = await b.upload(`/api/agenda-items/${dhr.id}/documents`, 'information-report.pdf', {
      title: 'Domestic homicide review action plan',
    });
    expect(exempt.status).toBe(201);
    exemptPaper = exempt.body.id;
    await b.t.call('POST', `/api/agenda-items/${b.items[3]!.id}/documents`, {
      title: 'Partner updates pack',
      url: 'https://example.org/partner-updates.pdf',
    });
    expect((await b.t.call('POST', `${b.april}/agenda/publish`)).status).toBe(200);

    // After the meeting: attendance as minuted (the fire service's member sent apologies; a Station Commander substituted).
    b.t.clock.set('2019-04-19T09:00:00Z');
    const entry = (key: keyof Board['person'], status: string, extra: Record<string, string> = {}) => ({
      personId: b.person[key],
      status,
      ...extra,
    });
    const attendance = await b.t.call('PUT', `${b.april}/attendance`, {
      entries: [
        entry('chair', 'present'),
        entry('police', 'present'),
        entry('health', 'present'),
        entry('probation', 'apologies', { note: 'At a national probation event' }),
        entry('fire', 'apologies', { substitute: 'Station Commander, Buckinghamshire Fire and Rescue Service' }),
        entry('observer', 'present'),
        entry('parish', 'present'),
        entry('cohesion', 'present'),
        entry('clerk', 'present'),
      ],
      othersPresent: 'Head of Youth and Community (Milton Keynes Council)',
    });
    expect(attendance.status, JSON.stringify(attendance.body)).toBe(200);
    const minutes = await b.t.call('PUT', `${b.april}/minutes`, {
      items: [
        {
          id: b.items[0]!.id,
          minutes: 'RESOLVED: That the minutes of the meeting held on 31 January 2019 be approved as a correct record.',
        },
        { id: b.items[3]!.id, minutes: 'RESOLVED: That the update reports be noted, and that a glossary of acronyms be supplied.' },
        {
          id: b.items[7]!.id,
          minutes: 'The Partnership received an oral update on domestic homicide reviews. RESOLVED: That it be noted.',
        },
      ],
    });
    expect(minutes.status).toBe(200);
    const action = await b.t.call('POST', `${b.april}/actions`, {
      description: 'Supply a glossary of acronyms to the Partnership members',
      agendaItemId: b.items[3]!.id,
      ownerPersonId: b.person.cohesion,
      dueDate: '2019-06-27',
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    const exemptAction = await b.t.call('POST', `${b.april}/actions`, {
      description: 'Circulate the review panel’s recommendations to voting members',
      agendaItemId: b.items[7]!.id,
      owner: 'Community Cohesion Manager',
      dueDate: '2019-05-30',
    });
    expect(exemptAction.status).toBe(201);
  }, 240_000);
  afterAll(() => b.close());

  it('shows an anonymous visitor the numbered agenda with an exempt item reduced to its number and reason', async () => {
    const res = await b.t.call('GET', b.april, undefined, { auth: false });
    expect(res.status).toBe(200);
    expect(res.body.access).toBe('public');
    const items = res.body.agenda.items;
    expect(items.map((i: { number: number }) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(items[7]).toEqual({
      id: b.items[7]!.id,
      number: 8,
      exempt: true,
      withheld: true,
      exemptReason: expect.stringContaining('Schedule 12A to the Local Government Act 1972'),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/Domestic Homicide|homicide review|review panel/i);
    expect(items[2].documents).toEqual([
      expect.objectContaining({ title: 'Information report', file: expect.objectContaining({ mediaType: 'application/pdf' }) }),
    ]);
    expect(items[3].documents[0]).toMatchObject({
      title: 'Partner updates pack',
      url: 'https://example.org/partner-updates.pdf',
      file: null,
    });
  });

  it('lets anyone download a public paper but answers 404 to an anonymous request for an exempt one', async () => {
    const open = await b.t.app.request(`/documents/${publicPaper}`);
    expect(open.status).toBe(200);
    expect(open.headers.get('Content-Type')).toBe('application/pdf');
    expect(new TextDecoder().decode(new Uint8Array(await open.arrayBuffer())).startsWith('%PDF-')).toBe(true);
    const hidden = await b.t.app.request(`/documents/${exemptPaper}`, { headers: { Accept: 'text/html' } });
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain('Domestic homicide review action plan');
    expect((await (await b.member()).get(`/documents/${exemptPaper}`)).status).toBe(200);
    expect((await (await b.organiser()).get(`/documents/${exemptPaper}`)).status).toBe(200);
  });

  it('lists attendance by capacity with the substitute, without apology notes, and says the meeting was quorate', async () => {
    const res = await b.t.call('GET', b.april, undefined, { auth: false });
    expect(res.body.quorum).toMatchObject({ rule: '3', votingMembers: 4, needed: 3, counted: 3, phase: 'recorded', met: true });
    const entries = res.body.attendance.entries;
    expect(res.body.attendance.mode).toBe('names');
    const fire = entries.find((e: { role: string }) => e.role === 'Service Delivery Manager');
    expect(fire).toMatchObject({
      capacity: 'voting',
      status: 'apologies',
      substitute: 'Station Commander, Buckinghamshire Fire and Rescue Service',
    });
    expect(entries.every((e: object) => !('note' in e) && !('personId' in e))).toBe(true);
    expect(entries.map((e: { capacity: string }) => e.capacity)).toEqual([
      'voting',
      'voting',
      'voting',
      'voting',
      'co-opted',
      'co-opted',
      'observer',
      'officer',
      'officer',
    ]);
    const page = await b.t.app.request(b.aprilPage, { headers: { Accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('Quorate: 3 of 4 voting members present (the quorum is 3).');
    expect(html).toContain('Co-opted members without a vote');
    expect(html).toContain('Station Commander, Buckinghamshire Fire and Rescue Service (substitute for Service Delivery Manager');
    expect(html).not.toContain('At a national probation event');
  });

  it('keeps the draft minutes and the exempt item’s action from the public, and shows the public action', async () => {
    const res = await b.t.call('GET', b.april, undefined, { auth: false });
    expect(res.body.minutes).toBeNull();
    expect(res.body.agenda.items[0].minutes).toBe('');
    expect(res.body.actions).toEqual([
      expect.objectContaining({
        description: 'Supply a glossary of acronyms to the Partnership members',
        owner: 'Community Cohesion Manager',
        dueDate: '2019-06-27',
        status: 'open',
        itemNumber: 4,
      }),
    ]);
    const html = await (await b.t.app.request(b.aprilPage, { headers: { Accept: 'text/html' } })).text();
    expect(html).toContain('The minutes will be published here once they have been approved');
    expect(html).not.toMatch(/Circulate the review panel|RESOLVED/);
  });

  it('shows a member of the board the exempt item, its paper, the draft minutes and every action', async () => {
    const page = await (await b.member()).get(b.aprilPage);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Domestic Homicide Reviews - update');
    expect(page.text).toContain('Domestic homicide review action plan');
    expect(page.text).toContain('Draft minutes');
    expect(page.text).toContain('RESOLVED: That it be noted.');
    expect(page.text).toContain('Circulate the review panel’s recommendations to voting members');
    expect(page.text).toContain('At a national probation event');
    expect(page.text).not.toContain('Manage this meeting');
  });

  it('gives an organiser the whole record through the API and the workspace page', async () => {
    const res = await b.t.call('GET', b.april);
    expect(res.body.access).toBe('organiser');
    expect(res.body.agenda.items[7]).toMatchObject({ title: 'Domestic Homicide Reviews - update', exempt: true });
    expect(res.body.minutes.status).toBe('draft');
    expect(res.body.actions).toHaveLength(2);
    const page = await (await b.organiser()).get(`/organise${b.aprilPage}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Publish');
    expect(page.text).toContain('Save attendance');
    expect(page.text).toContain('Record an action');
    const viewerTries = await (await b.member()).get(`/organise${b.aprilPage}`);
    expect(viewerTries.status).toBe(403);
  });

  it('answers 404 for a date the series does not have and for a malformed one', async () => {
    expect((await b.t.call('GET', `/api/meetings/${b.eventId}/20190419T130000Z`)).status).toBe(404);
    expect((await b.t.call('GET', `/api/meetings/${b.eventId}`)).status).toBe(404);
    expect((await b.t.call('GET', `/api/meetings/${b.eventId}/2019-04-18`)).status).toBe(404);
  });
});
