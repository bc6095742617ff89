/**
 * What a meeting sends and publishes beyond its page, through real parts: a real SMTP server on
 * loopback receives the agenda, the reminders (which link the agenda once published), the draft
 * minutes and an action owner's reminder; the group's iCalendar feed, read by ical.js, carries
 * the action's due date and the meeting's page. Runs on SQLite and D1.
 */
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import type { NotifyDeps } from '../../src/notify/deps.js';
import { runDue } from '../../src/notify/dispatch.js';
import { smtpMailer, type SmtpMailer } from '../../src/runtime/smtp-mailer.js';
import { SmtpSink } from '../notify/support/smtp-sink.js';
import { buildBoard, MEMBERS, type Board } from './support/board.js';

describe('meeting e-mails and action deadlines', () => {
  let b: Board;
  let sink: SmtpSink;
  let mailer: SmtpMailer;
  let deps: NotifyDeps;
  const dispatch = (at: string) => runDue(deps, new Date(at), { concurrency: 5 });
  const mailTo = async (address: string, subject: RegExp): Promise<ParsedMail[]> =>
    (await sink.parsedFor(address)).filter((m) => subject.test(m.subject ?? ''));
  const feedEvents = async (path: string) => {
    const res = await b.t.app.request(path);
    expect(res.status).toBe(200);
    return new ICAL.Component(ICAL.parse(await res.text())).getAllSubcomponents('vevent');
  };

  beforeAll(async () => {
    b = await buildBoard();
    sink = await new SmtpSink().start();
    mailer = smtpMailer(sink.url);
    deps = { store: b.t.handle.store, mailer, config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }) };
    await b.upload(`/api/agenda-items/${b.items[2]!.id}/documents`, 'information-report.pdf', { title: 'Information report' });
    await b.upload(`/api/agenda-items/${b.items[7]!.id}/documents`, 'information-report.pdf', { title: 'Review panel report' });
  }, 240_000);
  afterAll(async () => {
    mailer.close();
    await sink.stop();
    await b.close();
  });

  it('e-mails every member the published agenda with its public papers, the exempt item by number and reason only', async () => {
    const published = await b.t.call('POST', `${b.april}/agenda/publish`);
    expect(published.body.emailed).toBe(Object.keys(MEMBERS).length);
    await dispatch('2019-04-08T09:01:00Z');
    const [mail] = await mailTo(MEMBERS.parish.email, /^Agenda: SaferMK Partnership Board, Thu 18 Apr, 14:00$/);
    expect(mail, 'the agenda e-mail to the parish representative').toBeTruthy();
    expect(mail!.text).toContain('3. SaferMK Partnership information report (Community Cohesion Manager)');
    expect(mail!.text).toMatch(/Information report: https:\/\/calendar\.example\.org\/documents\/[0-9a-f-]+/);
    expect(mail!.text).toContain('8. Exempt item: the public and press are excluded (Paragraphs 1 and 2 of Part 1 of Schedule 12A');
    expect(mail!.text).not.toMatch(/Domestic Homicide|Review panel report/);
    expect(mail!.text).toContain(`Agenda and papers: https://calendar.example.org${b.aprilPage}`);
    expect(mail!.text).toMatch(/Send your apologies: https:\/\/calendar\.example\.org\/email\/apologies\//);
    expect(mail!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' ')).toMatch(
      /^List-Unsubscribe: <https:\/\/calendar\.example\.org\/email\/unsubscribe\//,
    );
    for (const m of Object.values(MEMBERS)) expect(await mailTo(m.email, /^Agenda: /)).toHaveLength(1);
  });

  it('links the published agenda from the meeting’s reminders', async () => {
    await dispatch('2019-04-11T13:01:00Z');
    const [reminder] = await mailTo(MEMBERS.police.email, /^Reminder: SaferMK Partnership Board/);
    expect(reminder!.text).toContain(`Agenda and papers: https://calendar.example.org${b.aprilPage}`);
    const invite = reminder!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(invite?.content.toString().replace(/\r\n[ \t]/g, '')).toContain(`URL;VALUE=URI:https://calendar.example.org${b.aprilPage}`);
  });

  it('puts an open action on the group’s feed as a deadline on its due date, and keeps an exempt item’s action out of it', async () => {
    b.t.clock.set('2019-04-23T09:00:00Z');
    const action = await b.t.call('POST', `${b.april}/actions`, {
      description: 'Supply a glossary of acronyms to the Partnership members',
      agendaItemId: b.items[3]!.id,
      ownerPersonId: b.person.cohesion,
      dueDate: '2019-06-27',
    });
    expect(action.status).toBe(201);
    await b.t.call('POST', `${b.april}/actions`, {
      description: 'Report the review panel’s findings to voting members',
      agendaItemId: b.items[7]!.id,
      ownerPersonId: b.person.cohesion,
      dueDate: '2019-06-20',
    });
    const events = await feedEvents('/feeds/groups/safermk-board.ics');
    const deadline = events.find(
      (v) => v.getFirstPropertyValue('summary') === 'Action: Supply a glossary of acronyms to the Partnership members',
    );
    expect(deadline, 'the action in the group feed').toBeTruthy();
    expect(String(deadline!.getFirstPropertyValue('dtstart'))).toBe('2019-06-27');
    expect(String(deadline!.getFirstPropertyValue('description'))).toContain('Owner: Community Cohesion Manager');
    expect(events.some((v) => String(v.getFirstPropertyValue('summary')).includes('review panel'))).toBe(false);
    const series = events.find((v) => v.getFirstPropertyValue('summary') === 'SaferMK Partnership Board');
    expect(String(series!.getFirstPropertyValue('url'))).toBe(`https://calendar.example.org/events/${b.eventId}`);
    const deadlineEvent = (await b.t.call('GET', `/api/events/${action.body.deadlineEventId}`, undefined, { auth: false })).body;
    expect(deadlineEvent).toMatchObject({ kind: 'deadline', visibility: 'public', groupId: b.groupId, start: '2019-06-27' });
  });

  it('e-mails the draft minutes to the members when they are ready for approval', async () => {
    await b.t.call('PUT', `${b.april}/minutes`, {
      items: [
        { id: b.items[3]!.id, minutes: 'RESOLVED: That the update reports be noted and a glossary of acronyms be supplied.' },
        { id: b.items[7]!.id, minutes: 'The Partnership noted the oral update on domestic homicide reviews.' },
      ],
    });
    expect((await b.t.call('POST', `${b.april}/minutes/ready`)).body.emailed).toBe(Object.keys(MEMBERS).length);
    await dispatch('2019-04-23T09:01:00Z');
    const [mail] = await mailTo(MEMBERS.health.email, /^Draft minutes: SaferMK Partnership Board, Thu 18 Apr, 14:00$/);
    expect(mail!.text).toContain('where they will be put for approval as a correct record');
    expect(mail!.text).toContain('Thursday 18 July 2019, 14:00');
    expect(mail!.text).toContain('RESOLVED: That the update reports be noted and a glossary of acronyms be supplied.');
    expect(mail!.text).not.toContain('domestic homicide');
  });

  it('reminds the action’s owner a week before its due date, through the real SMTP server', async () => {
    await dispatch('2019-06-20T08:01:00Z');
    const reminders = await mailTo(MEMBERS.cohesion.email, /^Reminder: Action: Supply a glossary of acronyms/);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toBe('Reminder: Action: Supply a glossary of acronyms to the Partnership members, Thu 27 Jun');
    expect(reminders[0]!.text).toContain('is in 7 days');
    expect(reminders[0]!.text).toContain('You get this because you own this action or follow this date.');
    // Nobody else is reminded of it: the owner follows the deadline, the group does not.
    expect(await mailTo(MEMBERS.police.email, /^Reminder: Action:/)).toHaveLength(0);
  });

  it('takes a done action off the calendar and withdraws its owner’s last reminder', async () => {
    b.t.clock.set('2019-06-24T09:00:00Z');
    const action = (await b.t.call('GET', b.april)).body.actions.find((a: { description: string }) => a.description.startsWith('Supply'));
    expect((await b.t.call('PATCH', `/api/actions/${action.id}`, { status: 'done' })).status).toBe(200);
    const deadline = (await feedEvents('/feeds/groups/safermk-board.ics')).find((v) =>
      String(v.getFirstPropertyValue('summary')).includes('Supply a glossary'),
    );
    expect(deadline!.getFirstPropertyValue('status')).toBe('CANCELLED');
    const before = (await mailTo(MEMBERS.cohesion.email, /^Reminder: Action: Supply/)).length;
    await dispatch('2019-06-26T08:01:00Z');
    expect(await mailTo(MEMBERS.cohesion.email, /^Reminder: Action: Supply/)).toHaveLength(before);
  });
});
