/**
 * What organisers see of reminders: per event, what was planned and sent to whom; the overview
 * and the built-in outbox; and a preview of any email, composed exactly as the dispatcher would
 * send it, whose HTML is only ever served sandboxed on its own address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { createUser } from '../../src/db/users.js';
import { TEST_COST } from './support/cost.js';
import { hashPassword } from '../../src/domain/password.js';
import { runDue } from '../../src/notify/dispatch.js';
import { outboxMailer } from '../../src/notify/outbox-mailer.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { Session } from './support/jar.js';

describe('reminder pages in the workspace', () => {
  let t: TestApp;
  let admin: Session;
  let boardId: string;
  beforeAll(async () => {
    // Two days before the board's 20 October meeting: its week-ahead reminders have gone out.
    t = await makeTestApp({ demo: true, now: '2022-10-18T09:00:00Z' });
    const deps = {
      store: t.handle.store,
      mailer: outboxMailer(t.handle.store, t.clock),
      config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
    };
    await runDue(deps, t.clock());
    await createUser(
      t.handle.store,
      {
        email: 'calendar-admin@example.org',
        role: 'admin',
        passwordHash: await hashPassword('correct horse battery staple', TEST_COST),
        groupIds: [],
      },
      { actor: 'test', now: t.clock() },
    );
    admin = new Session(t.app);
    await admin.post('/signin', { email: 'calendar-admin@example.org', password: 'correct horse battery staple' });
    boardId = (
      await t.handle.store.db.selectFrom('events').select('id').where('title', '=', 'SaferMK Partnership Board').executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => t.close());

  it('lists on the event’s page the reminders sent and planned, to whom and when', async () => {
    const page = await admin.get(`/organise/events/${boardId}`);
    expect(page.status).toBe(200);
    const sent = await t.handle.store.db
      .selectFrom('reminder_deliveries')
      .select(['recipient', 'status'])
      .where('event_id', '=', boardId)
      .execute();
    expect(sent.some((d) => d.status === 'sent')).toBe(true);
    expect(page.text).toContain('<h2 id="reminders-heading">Reminders</h2>');
    expect(page.text).toMatch(/Sent: \d+/);
    for (const d of sent) expect(page.text).toContain(d.recipient);
  });

  it('previews a delivery as the email its recipient gets, with the HTML part sandboxed on its own', async () => {
    const delivery = await t.handle.store.db
      .selectFrom('reminder_deliveries')
      .selectAll()
      .where('event_id', '=', boardId)
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    const preview = await admin.get(`/organise/deliveries/${delivery.id}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Reminder: SaferMK Partnership Board');
    expect(preview.text).toContain(delivery.recipient);
    expect(preview.text).toContain('BEGIN:VCALENDAR');
    expect(preview.headers.get('Content-Security-Policy')).toContain("frame-src 'self'");
    const html = await admin.get(`/organise/deliveries/${delivery.id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/);
    expect(html.text).toContain('SaferMK Partnership Board');
  });

  it('shows the outbox of kept emails and each one in full', async () => {
    const overview = await admin.get('/organise/reminders');
    expect(overview.status).toBe(200);
    const kept = await t.handle.store.db.selectFrom('mail_outbox').select(['id', 'subject']).execute();
    expect(kept.length).toBeGreaterThan(0);
    const first = kept[0]!;
    expect(overview.text).toContain(`href="/organise/outbox/${first.id}"`);
    const email = await admin.get(`/organise/outbox/${first.id}`);
    expect(email.text).toContain(first.subject.replace(/&/g, '&amp;'));
    expect(email.text).toContain('List-Unsubscribe');
  });

  it('keeps reminder pages to organisers', async () => {
    const visitor = new Session(t.app);
    expect((await visitor.get('/organise/reminders')).status).toBe(303);
    const delivery = await t.handle.store.db.selectFrom('reminder_deliveries').select('id').executeTakeFirstOrThrow();
    expect((await visitor.get(`/organise/deliveries/${delivery.id}/html`)).status).toBe(303);
  });
});
