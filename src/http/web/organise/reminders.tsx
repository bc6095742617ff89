/**
 * @module Reminders in the workspace: what was planned and sent per event, deliveries needing
 * attention, the built-in outbox, and a preview of any email (composed by src/notify exactly as
 * the dispatcher would). An email's HTML is served on its own, sandboxed, never inside our pages.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { CalendarEvent } from '../../../domain/event.js';
import { ComposeContext, compose } from '../../../notify/compose.js';
import { LinkSigner, signingKey } from '../../../notify/links.js';
import { getKeptEmail, listKeptEmails } from '../../../notify/outbox-mailer.js';
import { apologiesFor, deliveryLog, toEntry } from '../../../notify/reports.js';
import { retryDelivery } from '../../../notify/retry.js';
import { eventRuleTarget, readRule } from '../../../notify/rules.js';
import { stampText } from '../../pages/format.js';
import { EmailPreviewPage, ReminderPanel, RemindersOverviewPage } from '../../pages/organise/reminders.js';
import type { WebEnv } from '../env.js';
import { intQuery, pagerLinks, textQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { notFoundHere } from './guard.js';

const EMAIL_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const PREVIEW_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export async function reminderPanel(c: Context<WebEnv>, event: CalendarEvent): Promise<Child> {
  const { store } = c.get('deps');
  const [deliveries, apologies, rule] = await Promise.all([
    deliveryLog(store, event.id, { limit: 300 }),
    apologiesFor(store, event),
    readRule(store, eventRuleTarget(event)),
  ]);
  return <ReminderPanel eventId={event.id} deliveries={deliveries} apologies={apologies} leadTimes={rule.effective} csrf={c.get('csrf')} />;
}

/** Where "Send again" returns to: a workspace page, never another site. */
function backTo(value: unknown): string {
  return typeof value === 'string' && /^\/organise(\/[\w-]+)*$/.test(value) ? value : '/organise/reminders';
}

async function composeDelivery(c: Context<WebEnv>, id: string) {
  const { store, mailer, config, clock } = c.get('deps');
  const row = await store.db.selectFrom('reminder_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const signer = new LinkSigner(await signingKey(store, config.secretKey));
  const ctx = new ComposeContext({ store, mailer, config }, signer);
  // As of when it is (or was) due, so "tomorrow" reads as the recipient reads it.
  const composed = await compose(ctx, row, new Date(Math.max(Date.parse(row.due_at), 0) || clock().getTime()));
  return { row, composed };
}

export function reminderPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/reminders', async (c) => {
    const { store } = c.get('deps');
    const page = intQuery(c, 'page', 1, 1, 100_000);
    const [counts, failed, pending, kept] = await Promise.all([
      store.db
        .selectFrom('reminder_deliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
      store.db.selectFrom('reminder_deliveries').selectAll().where('status', '=', 'failed').orderBy('due_at', 'desc').limit(50).execute(),
      store.db.selectFrom('reminder_deliveries').selectAll().where('status', '=', 'pending').orderBy('due_at').limit(25).execute(),
      listKeptEmails(store, { limit: 50, offset: (page - 1) * 50 }),
    ]);
    const rows = [...failed, ...pending];
    const eventIds = [...new Set(rows.map((r) => r.event_id))].slice(0, 90);
    const events = eventIds.length ? await store.db.selectFrom('events').select(['id', 'title']).where('id', 'in', eventIds).execute() : [];
    const titles = new Map(events.map((e) => [e.id, e.title]));
    return render(
      c,
      <RemindersOverviewPage
        ctx={pageContext(c)}
        counts={counts.map((r) => [r.status, Number(r.n)])}
        attention={rows.map(toEntry)}
        eventTitles={new Map(rows.map((r) => [r.id, titles.get(r.event_id) ?? '']))}
        emails={kept.emails}
        total={kept.total}
        page={pagerLinks(c, page, 50, kept.total)}
        done={textQuery(c, 'done')}
      />,
    );
  });

  app.post('/organise/deliveries/:id/retry', async (c) => {
    const { store, clock } = c.get('deps');
    const back = backTo((await c.req.parseBody()).back);
    const outcome = await retryDelivery(store, c.req.param('id'), clock());
    if (!outcome.ok && outcome.reason === 'not-found') return notFoundHere(c, 'There is no delivery with this id.');
    return c.redirect(`${back}?done=${outcome.ok ? 'retried' : 'not-failed'}`, 303);
  });

  app.get('/organise/deliveries/:id', async (c) => {
    const found = await composeDelivery(c, c.req.param('id'));
    if (!found) return notFoundHere(c, 'There is no delivery with this id.');
    const { row, composed } = found;
    const message = composed.ok ? composed.message : null;
    c.header('Content-Security-Policy', PREVIEW_PAGE_CSP);
    return render(
      c,
      <EmailPreviewPage
        ctx={pageContext(c)}
        heading={message ? message.subject : 'This email would not be sent'}
        back={{ href: `/organise/events/${row.event_id}`, label: 'Back to the event' }}
        facts={[
          ['To', message ? message.to.join(', ') : row.recipient],
          ['Due', stampText(row.due_at)],
          ['Status', row.status],
          ...(row.message_id ? ([['Message-ID', row.message_id]] as [string, string][]) : []),
        ]}
        problem={composed.ok ? null : `It would be ${composed.status}: ${composed.reason}.`}
        text={message?.text ?? null}
        htmlUrl={message?.html ? `/organise/deliveries/${row.id}/html` : null}
        calendar={message?.calendar?.content ?? null}
      />,
    );
  });

  app.get('/organise/deliveries/:id/html', async (c) => {
    const found = await composeDelivery(c, c.req.param('id'));
    if (!found || !found.composed.ok || !found.composed.message.html) return notFoundHere(c, 'This email has no HTML part.');
    return c.body(found.composed.message.html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': EMAIL_CSP,
      'X-Frame-Options': 'SAMEORIGIN',
    });
  });

  app.get('/organise/outbox/:id', async (c) => {
    const email = await getKeptEmail(c.get('deps').store, c.req.param('id'));
    if (!email) return notFoundHere(c, 'There is no kept email with this id.');
    c.header('Content-Security-Policy', PREVIEW_PAGE_CSP);
    return render(
      c,
      <EmailPreviewPage
        ctx={pageContext(c)}
        heading={email.subject}
        back={{ href: '/organise/reminders', label: 'Back to the outbox' }}
        facts={[
          ['From', email.from],
          ['To', email.to.join(', ')],
          ['Kept', stampText(email.createdAt)],
          ['Message-ID', email.messageId],
          ...Object.entries(email.headers ?? {}).map(([k, v]): [string, string] => [k, v]),
        ]}
        problem={null}
        text={email.text ?? null}
        htmlUrl={email.html ? `/organise/outbox/${email.id}/html` : null}
        calendar={email.calendar?.content ?? null}
      />,
    );
  });

  app.get('/organise/outbox/:id/html', async (c) => {
    const email = await getKeptEmail(c.get('deps').store, c.req.param('id'));
    if (!email?.html) return notFoundHere(c, 'This email has no HTML part.');
    return c.body(email.html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': EMAIL_CSP,
      'X-Frame-Options': 'SAMEORIGIN',
    });
  });

  return app;
}
