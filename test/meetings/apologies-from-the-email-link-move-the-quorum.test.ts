/**
 * Members send apologies from the link in their reminder; the meeting's attendance shows them with
 * their note, and the quorum expected before the meeting moves with each one. Runs on SQLite and D1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { runDue } from '../../src/notify/dispatch.js';
import { buildBoard, MEMBERS, type Board } from './support/board.js';

describe('apologies sent from the reminder e-mail', () => {
  let b: Board;
  const apologyLink = (email: string) => {
    const message = b.t.sent.find((m) => m.to.includes(email) && m.subject.startsWith('Reminder: SaferMK Partnership Board'));
    const url = /Send your apologies: (\S+)/.exec(message?.text ?? '')?.[1];
    expect(url, `a reminder with an apologies link to ${email}`).toBeTruthy();
    // The link opens a page; its JSON twice lives under /api.
    return `/api${new URL(url!).pathname}`;
  };
  const quorum = async () => (await b.t.call('GET', b.april)).body.quorum;

  beforeAll(async () => {
    b = await buildBoard();
    // A week before: the reminders go out (to every member of the board), each with its apologies link.
    const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
    await runDue(
      { store: b.t.handle.store, mailer: { send: async (m) => (b.t.sent.push(m), { id: `r${b.t.sent.length}` }) }, config },
      new Date('2019-04-11T13:05:00Z'),
    );
    b.t.clock.set('2019-04-12T09:00:00Z');
  }, 240_000);
  afterAll(() => b.close());

  it('expects the meeting to be quorate while all four voting members may come', async () => {
    expect(await quorum()).toMatchObject({ votingMembers: 4, needed: 3, counted: 4, phase: 'expected', met: true });
  });

  it('shows an apology from the link in attendance, with the member’s note, and counts one voting member fewer', async () => {
    const sent = await b.t.call(
      'POST',
      apologyLink(MEMBERS.fire.email),
      { note: 'On a station inspection; a Station Commander will attend' },
      { auth: false },
    );
    expect(sent.status).toBe(201);
    const meeting = (await b.t.call('GET', b.april)).body;
    const fire = meeting.attendance.entries.find((e: { personId: string }) => e.personId === b.person.fire);
    expect(fire).toMatchObject({
      status: 'apologies',
      source: 'apology',
      note: 'On a station inspection; a Station Commander will attend',
    });
    expect(meeting.quorum).toMatchObject({ counted: 3, met: true });
  });

  it('says the meeting is not expected to be quorate once a second voting member sends apologies', async () => {
    expect((await b.t.call('POST', apologyLink(MEMBERS.probation.email), { note: '' }, { auth: false })).status).toBe(201);
    expect(await quorum()).toMatchObject({ counted: 2, needed: 3, met: false, phase: 'expected' });
    const page = await (await b.t.app.request(b.aprilPage, { headers: { Accept: 'text/html' } })).text();
    expect(page).toContain('Not expected to be quorate: 2 of 4 voting members expected, after apologies; the quorum is 3.');
  });

  it('does not count apologies from officers or observers against the quorum', async () => {
    expect((await b.t.call('POST', apologyLink(MEMBERS.observer.email), { note: '' }, { auth: false })).status).toBe(201);
    expect(await quorum()).toMatchObject({ counted: 2, votingMembers: 4 });
  });

  it('shows the organiser who sent apologies by e-mail on the attendance form', async () => {
    const page = await (await b.organiser()).get(`/organise${b.aprilPage}`);
    expect(page.text).toContain('Sent apologies by e-mail: “On a station inspection; a Station Commander will attend”');
    // Before the meeting only apologies can be recorded: present and absent wait until it begins.
    expect(page.text).toMatch(/<input type="radio"[^>]*name="status\.[^"]+" value="present"[^>]*disabled/);
  });

  it('lets the organiser restore the quorum by recording a substitute for a member who sent apologies', async () => {
    const res = await b.t.call('PUT', `${b.april}/attendance`, {
      entries: [{ personId: b.person.fire, status: 'apologies', substitute: 'Station Commander, Buckinghamshire Fire and Rescue Service' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.quorum).toMatchObject({ counted: 3, met: true, phase: 'expected' });
    const refused = await b.t.call('PUT', `${b.april}/attendance`, { entries: [{ personId: b.person.police, status: 'present' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      field: 'entries[0].status',
      message: expect.stringMatching(/only be apologies before the meeting/),
    });
  });
});
