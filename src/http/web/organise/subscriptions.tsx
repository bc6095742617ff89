/** @module People's subscriptions and digests from the workspace (the API's /subscriptions, as pages). */
import { Hono, type Context } from 'hono';
import { listGroups } from '../../../db/directory.js';
import { checkTopic } from '../../../domain/subscription-input.js';
import { utcIso } from '../../../domain/time.js';
import { isEmail } from '../../../domain/validation.js';
import { listSubscriptions } from '../../../notify/reports.js';
import { subscribeEmail, unsubscribe } from '../../../notify/preferences.js';
import { describeTopic } from '../../../notify/self-service.js';
import { SubscriptionsPage } from '../../pages/organise/subscriptions.js';
import type { WebEnv } from '../env.js';
import { formText, type FormBody } from '../form.js';
import { readLeadTimeField } from '../lead-times.js';
import { intQuery, textQuery, withQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { notFoundHere } from './guard.js';

const PAGE_SIZE = 50;

async function show(c: Context<WebEnv>, values: { email: string; topic: string }, errors: Map<string, string>, status: 200 | 400 = 200) {
  const { store } = c.get('deps');
  const email = textQuery(c, 'email', 254).toLowerCase();
  const page = intQuery(c, 'page', 1, 1, 100_000);
  // One more than a page, to know whether there is a next one.
  const [rows, groups] = await Promise.all([
    listSubscriptions(store, { email: email || undefined, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    listGroups(store),
  ]);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  return render(
    c,
    <SubscriptionsPage
      ctx={pageContext(c)}
      rows={rows.slice(0, PAGE_SIZE).map((r) => ({
        ...r,
        what: r.topic.startsWith('group:') ? `Meetings of ${names.get(r.topic.slice(6)) ?? 'a group'}` : describeTopic(r.topic),
      }))}
      email={email}
      groups={groups.map((g) => [g.id, g.name])}
      values={values}
      errors={errors}
      done={textQuery(c, 'done')}
      page={{
        previous: page > 1 ? withQuery(c, { page: page - 1 }) : null,
        next: rows.length > PAGE_SIZE ? withQuery(c, { page: page + 1 }) : null,
      }}
    />,
    status,
  );
}

export function subscriptionPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/subscriptions', (c) => show(c, { email: '', topic: '' }, new Map()));

  app.post('/organise/subscriptions', async (c) => {
    const { store, clock } = c.get('deps');
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const values = { email: formText(body, 'email').trim().toLowerCase(), topic: formText(body, 'topic') };
    const errors = new Map<string, string>();
    if (!values.email) errors.set('email', 'is needed');
    else if (!isEmail(values.email) || values.email.length > 254) errors.set('email', 'must be an email address, like name@example.org');
    const topic = checkTopic(values.topic);
    const groups = await listGroups(store);
    if (!values.topic) errors.set('topic', 'Choose what to remind them of');
    else if (!topic.ok || (topic.value.startsWith('group:') && !groups.some((g) => `group:${g.id}` === topic.value)))
      errors.set('topic', 'Choose one from the list');
    const leads = readLeadTimeField(body, 'leads');
    if (!leads.ok) errors.set('leads', leads.message);
    if (errors.size || !topic.ok || !leads.ok) return show(c, values, errors, 400);
    await subscribeEmail(store, values.email, [topic.value], leads.leads.length ? leads.leads : null, utcIso(clock()));
    return c.redirect(`/organise/subscriptions?email=${encodeURIComponent(values.email)}&done=added`, 303);
  });

  app.post('/organise/subscriptions/:id/stop', async (c) => {
    const { store, clock } = c.get('deps');
    const row = await store.db
      .selectFrom('reminder_subscriptions')
      .innerJoin('people', 'people.id', 'reminder_subscriptions.person_id')
      .select(['reminder_subscriptions.person_id', 'reminder_subscriptions.topic', 'people.email'])
      .where('reminder_subscriptions.id', '=', c.req.param('id'))
      .executeTakeFirst();
    if (!row) return notFoundHere(c, 'There is no subscription with this id.');
    await unsubscribe(store, row.person_id, [row.topic], utcIso(clock()));
    return c.redirect(`/organise/subscriptions?email=${encodeURIComponent(row.email)}&done=stopped`, 303);
  });

  return app;
}
