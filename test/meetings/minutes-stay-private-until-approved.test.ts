/**
 * Minutes as committees keep them: a draft only members and organisers read, approved "as a
 * correct record" at a later meeting, then public without the exempt item; open actions come back
 * as matters arising until done. Runs on SQLite and D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APRIL, buildBoard, JULY, type Board } from './support/board.js';

const EXEMPT_MINUTE = 'The Partnership received an oral update on two domestic homicide reviews in progress.';

describe('minutes of the April board meeting', () => {
  let b: Board;
  let glossary: string;
  beforeAll(async () => {
    b = await buildBoard();
    expect((await b.t.call('POST', `${b.april}/agenda/publish`)).status).toBe(200);
    b.t.clock.set('2019-04-23T09:00:00Z');
    const minutes = await b.t.call('PUT', `${b.april}/minutes`, {
      items: [
        {
          id: b.items[0]!.id,
          minutes: 'RESOLVED: That the minutes of the meeting held on 31 January 2019 be approved as a correct record.',
        },
        { id: b.items[3]!.id, minutes: 'RESOLVED: That the update reports be noted and a glossary of acronyms be supplied.' },
        { id: b.items[7]!.id, minutes: EXEMPT_MINUTE },
      ],
    });
    expect(minutes.body.minutes.status).toBe('draft');
    glossary = (
      await b.t.call('POST', `${b.april}/actions`, {
        description: 'Supply a glossary of acronyms to the Partnership members',
        agendaItemId: b.items[3]!.id,
        owner: 'Community Cohesion Manager',
        dueDate: '2019-06-27',
      })
    ).body.id;
    await b.t.call('POST', `${b.april}/actions`, {
      description: 'Report the review panel’s findings to voting members',
      agendaItemId: b.items[7]!.id,
      owner: 'Community Cohesion Manager',
      dueDate: '2019-07-11',
    });
  }, 240_000);
  afterAll(() => b.close());

  it('keeps draft minutes from the public while members read them', async () => {
    const anonymous = await b.t.call('GET', b.april, undefined, { auth: false });
    expect(anonymous.body.minutes).toBeNull();
    expect(JSON.stringify(anonymous.body)).not.toContain('RESOLVED');
    const member = await (await b.member()).get(b.aprilPage);
    expect(member.text).toContain('Draft minutes: not yet approved.');
    expect(member.text).toContain(EXEMPT_MINUTE);
  });

  it('e-mails the members when the minutes are ready for approval, and they stay private', async () => {
    const ready = await b.t.call('POST', `${b.april}/minutes/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.emailed).toBe(9);
    const deliveries = (await b.t.call('GET', `/api/events/${b.eventId}/deliveries`)).body.deliveries;
    const minutes = deliveries.filter((d: { kind: string }) => d.kind === 'minutes');
    expect(minutes).toHaveLength(9);
    expect(minutes.every((d: { rule: string; occurrence: string }) => d.rule === 'minutes:1' && d.occurrence === APRIL)).toBe(true);
    expect((await b.t.call('GET', b.april, undefined, { auth: false })).body.minutes).toBeNull();
  });

  it('refuses an approval at a meeting that has not begun, or that is not later', async () => {
    b.t.clock.set('2019-07-01T09:00:00Z');
    const early = await b.t.call('POST', `${b.april}/minutes/approve`, { eventId: b.eventId, occurrence: JULY });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ field: 'eventId', message: expect.stringMatching(/has not begun yet/) });
    const same = await b.t.call('POST', `${b.april}/minutes/approve`, { eventId: b.eventId, occurrence: APRIL });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/later meeting/);
    const nowhere = await b.t.call('POST', `${b.april}/minutes/approve`, { eventId: b.eventId, occurrence: '2019-07-19T13:00:00Z' });
    expect(nowhere.status).toBe(400);
  });

  it('publishes the approved minutes without the exempt item, linked to the meeting that approved them', async () => {
    b.t.clock.set('2019-07-18T15:00:00Z');
    const approved = await b.t.call('POST', `${b.april}/minutes/approve`, { eventId: b.eventId, occurrence: JULY });
    expect(approved.status).toBe(200);
    const anonymous = (await b.t.call('GET', b.april, undefined, { auth: false })).body;
    expect(anonymous.minutes).toMatchObject({ status: 'approved', approvedBy: { eventId: b.eventId, occurrence: JULY } });
    expect(anonymous.agenda.items[3].minutes).toMatch(/glossary of acronyms/);
    expect(anonymous.agenda.items[7]).toMatchObject({ withheld: true, number: 8 });
    expect(JSON.stringify(anonymous)).not.toContain(EXEMPT_MINUTE);
    const page = await (await b.t.app.request(b.aprilPage, { headers: { Accept: 'text/html' } })).text();
    expect(page).toContain('Approved as a correct record');
    expect(page).toContain('Exempt items are not published.');
    expect(page).toContain('RESOLVED: That the update reports be noted');
    expect(page).not.toContain(EXEMPT_MINUTE);
    const july = await (await b.t.app.request(b.julyPage, { headers: { Accept: 'text/html' } })).text();
    expect(july).toMatch(
      /The minutes of the <a href="[^"]+">meeting held on Thursday 18 April 2019, 14:00<\/a> were approved as a correct record/,
    );
  });

  it('lists open actions from April as matters arising at July’s meeting, the exempt one for members only', async () => {
    const anonymous = (await b.t.call('GET', b.july, undefined, { auth: false })).body;
    expect(anonymous.mattersArising.map((a: { description: string }) => a.description)).toEqual([
      'Supply a glossary of acronyms to the Partnership members',
    ]);
    const member = await (await b.member()).get(b.julyPage);
    expect(member.text).toContain('Report the review panel’s findings to voting members');
  });

  it('drops a done action from the matters arising of later meetings but keeps it in the record of the one it was open at', async () => {
    const done = await b.t.call('PATCH', `/api/actions/${glossary}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', completedAt: expect.any(String) });
    const july = (await b.t.call('GET', b.july)).body;
    expect(july.mattersArising.map((a: { description: string }) => a.description)).toContain(
      'Supply a glossary of acronyms to the Partnership members',
    );
    const october = (await b.t.call('GET', `/api/meetings/${b.eventId}/20191017T130000Z`)).body;
    expect(october.mattersArising.map((a: { description: string }) => a.description)).toEqual([
      'Report the review panel’s findings to voting members',
    ]);
  });
});
