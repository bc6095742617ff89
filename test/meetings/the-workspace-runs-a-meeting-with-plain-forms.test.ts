/**
 * An organiser runs a meeting from the workspace with plain form posts (what a browser without
 * JavaScript sends): agenda, a paper upload, publishing, attendance on one form, minutes, an
 * action; mistakes come back beside their fields. Runs on SQLite and D1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../web/support/jar.js';
import { buildBoard, FIXTURES, type Board } from './support/board.js';

describe('the meeting workspace', () => {
  let b: Board;
  let organiser: Session;
  let workspace: string;
  let july: string;
  beforeAll(async () => {
    b = await buildBoard();
    organiser = await b.organiser();
    workspace = `/organise${b.aprilPage}`;
    july = `/organise${b.julyPage}`;
  }, 240_000);
  afterAll(() => b.close());

  it('adds an agenda item from the form, and shows a missing reason beside the exempt box', async () => {
    const refused = await organiser.post(`${july}/agenda`, { title: 'Domestic homicide review', exempt: 'on', exemptReason: '' }, july);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<title>Error: Meeting workspace');
    expect(refused.text).toMatch(/<a href="#item-exemptReason">Why the public is excluded is required for an exempt item/);
    expect(refused.text).toContain('value="Domestic homicide review"');
    const added = await organiser.post(`${july}/agenda`, { title: 'Minutes of the last meeting', lead: 'Chair' }, july);
    expect(added.status).toBe(303);
    expect(added.headers.get('Location')).toBe(`${july}?done=item-added#add-item`);
    const page = await organiser.get(added.headers.get('Location')!);
    expect(page.text).toContain('The agenda item has been added.');
    expect(page.text).toContain('Minutes of the last meeting');
  });

  it('uploads a paper from the item’s page, and refuses a file that is not a document', async () => {
    const item = b.items[2]!;
    const itemPage = await organiser.get(`/organise/agenda-items/${item.id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(itemPage.text)![1]!;
    const send = async (name: string, bytes: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('purpose', 'paper');
      form.append('title', '');
      form.append('file', new File([bytes], name));
      return b.t.app.request(`https://calendar.example.org/organise/agenda-items/${item.id}/documents`, {
        method: 'POST',
        headers: {
          Cookie: [...organiser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          Origin: 'https://calendar.example.org',
          Accept: 'text/html',
        },
        body: form,
      });
    };
    const bad = await send('minutes.pdf', new TextEncoder().encode('not a pdf at all'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('File is not a PDF, DOCX or ODT document');
    const good = await send('information-report.pdf', new Uint8Array(readFileSync(join(FIXTURES, 'information-report.pdf'))));
    expect(good.status).toBe(303);
    const after = await organiser.get(`/organise/agenda-items/${item.id}`);
    expect(after.text).toMatch(/<a href="\/documents\/[0-9a-f-]+">information-report<\/a> <span class="muted">\(PDF, 619 bytes\)<\/span>/);
  });

  it('publishes the agenda and tells the organiser how many members will be e-mailed', async () => {
    const page = await organiser.get(workspace);
    expect(page.text).toContain('e-mails it to 9 members of the group');
    const res = await organiser.post(`${workspace}/agenda/publish`, {}, workspace);
    expect(res.status).toBe(303);
    const after = await organiser.get(res.headers.get('Location')!);
    expect(after.text).toContain('The agenda is published and the members will be e-mailed.');
    expect(after.text).toContain('Send the updated agenda to the members');
  });

  it('records everyone’s attendance on one form once the meeting has begun', async () => {
    b.t.clock.set('2019-04-18T15:00:00Z');
    organiser = await b.organiser();
    const form: Record<string, string> = { othersPresent: 'Head of Youth and Community' };
    for (const [key, id] of Object.entries(b.person)) form[`status.${id}`] = key === 'probation' ? 'apologies' : 'present';
    form[`substitute.${b.person.probation}`] = 'Deputy Head of Operations';
    const res = await organiser.post(`${workspace}/attendance`, form, workspace);
    expect(res.status).toBe(303);
    const meeting = (await b.t.call('GET', b.april)).body;
    expect(meeting.quorum).toMatchObject({ counted: 4, met: true, phase: 'recorded' });
    expect(meeting.attendance.entries.find((e: { personId: string }) => e.personId === b.person.probation)).toMatchObject({
      status: 'apologies',
      substitute: 'Deputy Head of Operations',
    });
    expect(meeting.attendance.othersPresent).toBe('Head of Youth and Community');
  });

  it('writes the minutes item by item and records an action with a UK date', async () => {
    const form: Record<string, string> = {};
    for (const item of b.items) form[`minutes.${item.id}`] = `Minute of ${item.title}.`;
    expect((await organiser.post(`${workspace}/minutes`, form, workspace)).status).toBe(303);
    const refused = await organiser.post(
      `${workspace}/actions`,
      { description: 'Supply a glossary of acronyms', owner: 'Community Cohesion Manager', dueDate: '31/06/2019' },
      workspace,
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Due date must be a date like 2019-07-18');
    const done = await organiser.post(
      `${workspace}/actions`,
      {
        description: 'Supply a glossary of acronyms',
        agendaItemId: b.items[3]!.id,
        ownerPersonId: b.person.cohesion,
        dueDate: '27/06/2019',
      },
      workspace,
    );
    expect(done.status).toBe(303);
    const meeting = (await b.t.call('GET', b.april)).body;
    expect(meeting.minutes.status).toBe('draft');
    expect(meeting.actions).toEqual([
      expect.objectContaining({ dueDate: '2019-06-27', owner: 'Community Cohesion Manager', itemNumber: 4 }),
    ]);
  });

  it('keeps a viewer account out of the workspace and an organiser of another group out of this meeting', async () => {
    expect((await (await b.member()).get(workspace)).status).toBe(403);
    const anonymousPost = await b.t.app.request(`${workspace}/agenda`, { method: 'POST', headers: { Accept: 'text/html' } });
    expect(anonymousPost.status).toBe(403);
  });
});
