import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { D1Like } from '../../src/runtime/d1.js';
import worker from '../../src/runtime/worker.js';
import { call, organiserToken, recordingBinding } from './support.js';

/** Counts what a pass asks of D1: the free plan allows 50 queries per invocation, paid 1,000. */
function countingD1(d1: D1Like) {
  const counted = {
    queries: 0,
    prepare: (sql: string) => d1.prepare(sql),
    async batch(statements: Parameters<D1Like['batch']>[0]) {
      counted.queries += statements.length;
      return d1.batch(statements);
    },
  };
  counted.prepare = (sql: string) => {
    const statement = d1.prepare(sql);
    const all = statement.all.bind(statement);
    const wrap = (s: typeof statement): typeof statement =>
      Object.assign(Object.create(s), {
        bind: (...values: unknown[]) => wrap(s.bind(...values)),
        all: async () => {
          counted.queries++;
          return s.all();
        },
      });
    void all;
    return wrap(statement);
  };
  return counted;
}

describe('the cron trigger on Workers', () => {
  const mail = recordingBinding(env.EMAIL);
  const db = countingD1(env.DB);
  // The Worker as Cloudflare runs it, with the send_email binding (recorded on its way through) and D1.
  const cronEnv = { ...env, DB: db, EMAIL: mail };
  let meetingId = '';

  async function cron(at: string) {
    const ctx = createExecutionContext();
    db.queries = 0;
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(at), cron: '* * * * *' }), cronEnv, ctx);
    await waitOnExecutionContext(ctx);
    return { queries: db.queries };
  }

  beforeAll(async () => {
    const token = await organiserToken();
    const group = await call(
      'POST',
      '/api/groups',
      { slug: 'iag-worker', name: 'Independent Advisory Group', organiserEmail: 'iag-organiser@example.org' },
      { token },
    );
    expect(group.status).toBe(201);
    for (const email of ['iag-member-1@example.org', 'iag-member-2@example.org']) {
      expect((await call('POST', `/api/groups/${group.body.id}/members`, { email, role: 'IAG Member' }, { token })).status).toBe(201);
    }
    const meeting = await call(
      'POST',
      '/api/events',
      {
        kind: 'meeting',
        title: 'Independent Advisory Group meeting',
        location: 'Milton Keynes College',
        groupId: group.body.id,
        visibility: 'partners',
        start: '2022-11-02T18:00',
        end: '2022-11-02T20:00',
      },
      { token },
    );
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
  });

  it('sends nothing before the week-before reminder is due', async () => {
    await cron('2022-10-26T16:59:00Z');
    expect(mail.sent).toEqual([]);
  });

  it('sends each member the week-before reminder through the send_email binding, with an Outlook invitation', async () => {
    const { queries } = await cron('2022-10-26T17:00:00Z');
    expect(mail.sent.map((m) => [m.from, m.to]).sort()).toEqual([
      ['calendar@example.org', 'iag-member-1@example.org'],
      ['calendar@example.org', 'iag-member-2@example.org'],
    ]);
    expect(mail.accepted).toHaveLength(2);
    const parsed = await simpleParser(mail.sent.find((m) => m.to === 'iag-member-1@example.org')!.raw);
    expect(parsed.subject).toBe('Reminder: Independent Advisory Group meeting, Wed 2 Nov, 18:00');
    expect(parsed.text).toContain('When:  Wednesday 2 November 2022, 18:00–20:00');
    expect(parsed.replyTo?.value[0]?.address).toBe('iag-organiser@example.org');
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/calendar\.example\.org\/email\/unsubscribe\/\S+>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const invitation = parsed.attachments.find((a) => a.contentType === 'text/calendar')!;
    expect((invitation.headers.get('content-type') as { params: Record<string, string> }).params.method).toBe('REQUEST');
    const vevent = new ICAL.Event(new ICAL.Component(ICAL.parse(invitation.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
    expect(vevent.startDate.toJSDate().toISOString()).toBe('2022-11-02T18:00:00.000Z');

    const rows = await env.DB.prepare(
      'SELECT recipient, status, message_id FROM reminder_deliveries WHERE event_id = ? AND rule = ? ORDER BY recipient',
    )
      .bind(meetingId, 'lead:7d')
      .all<{ recipient: string; status: string; message_id: string }>();
    expect(rows.results!.map((r) => [r.recipient, r.status])).toEqual([
      ['iag-member-1@example.org', 'sent'],
      ['iag-member-2@example.org', 'sent'],
    ]);
    expect(rows.results!.find((r) => r.recipient === 'iag-member-1@example.org')!.message_id).toBe(parsed.messageId);
    // Well inside the free plan's 50 D1 queries per invocation for two reminders.
    expect(queries).toBeLessThan(50);
    console.log(`cron pass sending 2 reminders: ${queries} D1 queries`);
  });

  it('never sends the same reminder twice, however often the trigger fires', async () => {
    await cron('2022-10-26T17:00:00Z');
    await cron('2022-10-26T17:01:00Z');
    await cron('2022-10-27T09:00:00Z');
    expect(mail.sent).toHaveLength(2);
  });

  it('sends the day-before reminder at 18:00 GMT, after the clocks have gone back', async () => {
    await cron('2022-11-01T17:59:00Z');
    expect(mail.sent).toHaveLength(2);
    await cron('2022-11-01T18:00:00Z');
    expect(mail.sent).toHaveLength(4);
    const parsed = await simpleParser(mail.sent[3]!.raw);
    expect(parsed.text).toContain('Independent Advisory Group meeting is tomorrow.');
  });
});

describe('the cron trigger on a Worker without a mail binding', () => {
  it('keeps due reminders in the built-in outbox instead of losing them', async () => {
    const token = await organiserToken('no-mail');
    const group = await call(
      'POST',
      '/api/groups',
      { slug: 'board-no-mail', name: 'Partnership Board', organiserEmail: 'board-secretary@example.org' },
      { token },
    );
    await call('POST', `/api/groups/${group.body.id}/members`, { email: 'board-member@example.org', role: 'Board Member' }, { token });
    const meeting = await call(
      'POST',
      '/api/events',
      {
        kind: 'meeting',
        title: 'Partnership Board',
        groupId: group.body.id,
        visibility: 'partners',
        location: 'Council Chamber',
        start: '2027-01-21T14:00',
        end: '2027-01-21T16:00',
      },
      { token },
    );
    expect(meeting.status).toBe(201);
    const { EMAIL: _none, ...withoutMail } = env;
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: new Date('2027-01-14T14:00:00Z'), cron: '* * * * *' }),
      withoutMail as typeof env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const kept = await env.DB.prepare('SELECT recipients, subject FROM mail_outbox').all<{ recipients: string; subject: string }>();
    expect(kept.results).toEqual([
      { recipients: '["board-member@example.org"]', subject: 'Reminder: Partnership Board, Thu 21 Jan, 14:00' },
    ]);
  });
});
