/**
 * @module Reminders over the JSON API. What email links stand for (signed tokens, no login):
 * unsubscribe, preferences, apologies, confirming a subscription; the pages people open from an
 * email are src/member-reminders (a browser following an older /api/email/… link is sent there).
 * For organisers: subscriptions, lead-time overrides per event and per group, the delivery log of
 * an event, failed deliveries, and the built-in outbox.
 */
import { Hono, type Context } from 'hono';
import { formatWhenUk } from '../../../emails/format.js';
import { getGroup } from '../../db/directory.js';
import { getEvent } from '../../db/events.js';
import { checkLeadTimes } from '../../domain/reminders.js';
import { canSee } from '../../domain/visibility.js';
import { checkTopic, validatePreferenceChanges } from '../../domain/subscription-input.js';
import { utcIso } from '../../domain/time.js';
import { checkText, isEmail, isRecord } from '../../domain/validation.js';
import { apologyProblem, hasApologised, MAX_APOLOGY_NOTE, sendApologies } from '../../notify/apologies.js';
import { resolveEmailLink, type EmailLink } from '../../notify/email-links.js';
import { getKeptEmail, listKeptEmails } from '../../notify/outbox-mailer.js';
import { applyPreferences, getPreferences, subscribeEmail, unsubscribe } from '../../notify/preferences.js';
import { apologiesFor, deliveriesByStatus, deliveryLog, listSubscriptions } from '../../notify/reports.js';
import { retryDelivery } from '../../notify/retry.js';
import { eventRuleTarget, readRule, ruleTarget, setRule, type RuleTarget } from '../../notify/rules.js';
import { readConfirmation, requestSubscription } from '../../notify/self-service.js';
import { requireOrganiser } from '../auth.js';
import type { AppEnv } from '../deps.js';
import { badRequest, conflict, HttpError, notFound } from '../errors.js';
import { enumListParam, pageParams, readJsonObject } from '../request.js';

const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;

/** A browser following an old link to /api/email/…: the page now lives at /email/…. */
function toPage(c: Context): Response | null {
  if (!(c.req.header('Accept') ?? '').includes('text/html')) return null;
  return c.redirect(new URL(c.req.url).pathname.replace(/^\/api\/email\//, '/email/'), 303);
}

async function linkOr404(c: Context<AppEnv>): Promise<EmailLink> {
  const { store, config } = c.get('deps');
  const link = await resolveEmailLink(store, config.secretKey, c.req.param('token') ?? '');
  if (!link)
    throw new HttpError(404, [
      { field: 'token', message: 'this link is not valid (it may be incomplete: try copying the whole address from the email)' },
    ]);
  return link;
}

/** Reads {email, topic[, leadTimes]} for a subscription, refusing with every wrong field named. */
function readSubscriptionRequest(body: unknown, opts: { leadTimes: boolean; groups: boolean }) {
  if (!isRecord(body))
    throw badRequest([{ field: 'body', message: 'must be a JSON object like {"email": "...", "topic": "kind:campaign_week"}' }]);
  const errors = [];
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!isEmail(email)) errors.push({ field: 'email', message: 'must be an email address like someone@example.org' });
  const topic = checkTopic(body.topic);
  if (!topic.ok) errors.push({ field: 'topic', message: topic.message });
  else if (!opts.groups && topic.value.startsWith('group:')) {
    errors.push({ field: 'topic', message: 'group reminders go to the group’s members; ask its organiser to add you' });
  }
  let leads = null;
  if (opts.leadTimes && body.leadTimes !== undefined && body.leadTimes !== null) {
    const checked = checkLeadTimes(body.leadTimes);
    if (!checked.ok) errors.push({ field: 'leadTimes', message: checked.message });
    else leads = checked.value;
  }
  const allowed = opts.leadTimes ? ['email', 'topic', 'leadTimes'] : ['email', 'topic'];
  for (const key of Object.keys(body))
    if (!allowed.includes(key)) errors.push({ field: key, message: `is not a field here (use ${allowed.join(', ')})` });
  if (errors.length || !topic.ok) throw badRequest(errors);
  return { email, topic: topic.value, leads };
}

export function notifyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- Links in emails -------------------------------------------------------------------------

  app.get('/email/unsubscribe/:token', async (c) => {
    const page = toPage(c);
    if (page) return page;
    const link = await linkOr404(c);
    return c.json({ email: link.email, topics: link.topics });
  });

  app.post('/email/unsubscribe/:token', async (c) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    // RFC 8058 clients post "List-Unsubscribe=One-Click"; our page posts scope=these|all.
    const form = (c.req.header('Content-Type') ?? '').includes('form') ? await c.req.parseBody() : {};
    const all = form.scope === 'all';
    const topics = all ? ['*'] : link.topics;
    await unsubscribe(store, link.personId, topics, utcIso(clock()));
    return c.json({ unsubscribed: true, email: link.email, topics });
  });

  app.get('/email/preferences/:token', async (c) => {
    const page = toPage(c);
    if (page) return page;
    const link = await linkOr404(c);
    const prefs = await getPreferences(c.get('deps').store, link.personId);
    if (!prefs) throw notFound('person');
    return c.json(prefs);
  });

  app.patch('/email/preferences/:token', async (c) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    const result = validatePreferenceChanges(await readJsonObject(c));
    if (!result.ok) throw badRequest(result.errors);
    for (const [i, s] of result.value.subscriptions.entries()) {
      if (!s.topic.startsWith('group:')) continue;
      const group = await getGroup(store, s.topic.slice(6));
      if (!group) throw badRequest([{ field: `subscriptions[${i}].topic`, message: 'no group with this id or slug' }]);
      s.topic = `group:${group.id}`;
    }
    await applyPreferences(store, link.personId, result.value, utcIso(clock()));
    return c.json(await getPreferences(store, link.personId));
  });

  app.get('/email/apologies/:token', async (c) => {
    const page = toPage(c);
    if (page) return page;
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    const problem = apologyProblem(link, clock());
    if (problem) throw conflict('token', problem);
    return c.json({
      event: link.event!.id,
      title: link.event!.title,
      occurrence: link.occurrence,
      when: formatWhenUk(link.state!.when, link.event!.timezone),
      location: link.state!.location,
      alreadySent: await hasApologised(store, link.event!.id, link.occurrence, link.personId),
    });
  });

  app.post('/email/apologies/:token', async (c) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    const now = clock();
    const problem = apologyProblem(link, now);
    if (problem) throw conflict('token', problem);
    let note: unknown = '';
    if ((c.req.header('Content-Type') ?? '').includes('application/json')) {
      note = (await readJsonObject(c)).note ?? '';
    } else if ((c.req.header('Content-Type') ?? '').includes('form')) {
      note = (await c.req.parseBody()).note ?? '';
    }
    const checkedNote = checkText('note', note, { max: MAX_APOLOGY_NOTE });
    if (!checkedNote.ok) throw badRequest([checkedNote.error]);
    const sent = await sendApologies(store, link, checkedNote.value, now);
    if (!sent.ok) throw conflict('token', sent.problem);
    const { first } = sent;
    return c.json({ recorded: true, first, event: link.event!.id, occurrence: link.occurrence }, first ? 201 : 200);
  });

  // Anyone may ask for reminders of a kind, a theme or the digest; the confirmation email decides.
  app.post('/email/subscribe', async (c) => {
    const { email, topic: topicValue } = readSubscriptionRequest(await readJsonObject(c), { leadTimes: false, groups: false });
    const deps = c.get('deps');
    try {
      await requestSubscription(deps, email, [topicValue], deps.clock());
    } catch {
      throw new HttpError(503, [
        { field: 'email', message: 'the confirmation email could not be sent just now; please try again in a few minutes' },
      ]);
    }
    // The same answer whether or not an email went out (throttled), so the form reveals nothing.
    return c.json({ email, topic: topicValue, status: 'confirmation sent: follow the link in the email to start the reminders' }, 202);
  });

  app.get('/email/confirm/:token', async (c) => {
    const page = toPage(c);
    if (page) return page;
    const { store, config, clock } = c.get('deps');
    const confirmation = await readConfirmation(store, config.secretKey, c.req.param('token'), clock());
    if (!confirmation.ok) throw new HttpError(404, [{ field: 'token', message: confirmation.message }]);
    return c.json({ email: confirmation.email, topics: confirmation.topics });
  });

  app.post('/email/confirm/:token', async (c) => {
    const { store, config, clock } = c.get('deps');
    const confirmation = await readConfirmation(store, config.secretKey, c.req.param('token'), clock());
    if (!confirmation.ok) throw new HttpError(404, [{ field: 'token', message: confirmation.message }]);
    await subscribeEmail(store, confirmation.email, confirmation.topics, null, utcIso(clock()));
    return c.json({ email: confirmation.email, topics: confirmation.topics, subscribed: true });
  });

  // --- Organisers --------------------------------------------------------------------------------

  app.get('/subscriptions', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const { limit, offset } = pageParams(c, { fallback: 100, max: 500 });
    const email = c.req.query('email');
    const topic = c.req.query('topic');
    const subscriptions = await listSubscriptions(store, { email, topic, limit, offset });
    return c.json({ subscriptions, page: { limit, offset } });
  });

  app.post('/subscriptions', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    const request = readSubscriptionRequest(await readJsonObject(c), { leadTimes: true, groups: true });
    const { email, leads } = request;
    let topicValue = request.topic;
    if (topicValue.startsWith('group:')) {
      const group = await getGroup(store, topicValue.slice(6));
      if (!group) throw badRequest([{ field: 'topic', message: 'no group with this id or slug' }]);
      topicValue = `group:${group.id}`;
    }
    const personId = await subscribeEmail(store, email, [topicValue], leads, utcIso(clock()));
    return c.json({ personId, email, topic: topicValue, leadTimes: leads, subscribed: true }, 201);
  });

  app.delete('/subscriptions/:id', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    const row = await store.db
      .selectFrom('reminder_subscriptions')
      .select(['person_id', 'topic'])
      .where('id', '=', c.req.param('id'))
      .executeTakeFirst();
    if (!row) throw notFound('subscription');
    await unsubscribe(store, row.person_id, [row.topic], utcIso(clock()));
    return c.body(null, 204);
  });

  for (const scope of ['event', 'group'] as const) {
    const target = async (c: Context<AppEnv>) => {
      const { store } = c.get('deps');
      const id = c.req.param('id')!;
      if (scope === 'group') {
        const group = await ruleTarget(store, scope, id);
        if (!group) throw notFound(scope);
        return group;
      }
      const event = await getEvent(store, id);
      // An event the viewer may not see is not found, as everywhere else (confidential business, ADR 287).
      if (!event || !canSee(c.get('viewer'), event)) throw notFound(scope);
      return eventRuleTarget(event);
    };
    const describe = async (c: Context<AppEnv>, t: RuleTarget) => {
      const { leadTimes, effective, defaults } = await readRule(c.get('deps').store, t);
      return { leadTimes, effective, defaults };
    };
    const path = scope === 'event' ? '/events/:id/reminders' : '/groups/:id/reminders';
    app.get(path, requireOrganiser, async (c) => c.json(await describe(c, await target(c))));
    app.put(path, requireOrganiser, async (c) => {
      const { store, clock } = c.get('deps');
      const t = await target(c);
      const body = await readJsonObject(c);
      if (!('leadTimes' in body))
        throw badRequest([
          { field: 'leadTimes', message: 'is required: a list like ["7d", "1d"], [] for no reminders, or null for the default' },
        ]);
      const ctx = { actor: c.get('actor'), now: clock() };
      if (body.leadTimes === null) await setRule(store, t, null, ctx);
      else {
        const leads = checkLeadTimes(body.leadTimes);
        if (!leads.ok) throw badRequest([{ field: 'leadTimes', message: leads.message }]);
        await setRule(store, t, leads.value, ctx);
      }
      return c.json(await describe(c, t));
    });
  }

  app.get('/events/:id/deliveries', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const event = await getEvent(store, c.req.param('id'));
    if (!event || !canSee(c.get('viewer'), event)) throw notFound('event');
    const { limit, offset } = pageParams(c, { fallback: 500, max: 1000 });
    return c.json({ deliveries: await deliveryLog(store, event.id, { limit, offset }), page: { limit, offset } });
  });

  app.get('/events/:id/apologies', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const event = await getEvent(store, c.req.param('id'));
    if (!event || !canSee(c.get('viewer'), event)) throw notFound('event');
    return c.json({ apologies: await apologiesFor(store, event) });
  });

  app.get('/deliveries', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const statuses = enumListParam(c, 'status', DELIVERY_STATUSES);
    const { limit, offset } = pageParams(c, { fallback: 100, max: 1000 });
    const { counts, deliveries } = await deliveriesByStatus(store, { statuses, limit, offset });
    return c.json({
      counts,
      deliveries,
      page: { limit, offset },
    });
  });

  app.post('/deliveries/:id/retry', requireOrganiser, async (c) => {
    const { store, clock } = c.get('deps');
    const outcome = await retryDelivery(store, c.req.param('id'), clock());
    if (!outcome.ok && outcome.reason === 'not-found') throw notFound('delivery');
    if (!outcome.ok && outcome.reason === 'not-failed')
      throw conflict('status', `only failed deliveries can be retried (this one is ${outcome.status})`);
    return c.json({ id: c.req.param('id'), status: 'pending' });
  });

  app.get('/outbox', requireOrganiser, async (c) => {
    const { limit, offset } = pageParams(c, { fallback: 50, max: 500 });
    const { emails, total } = await listKeptEmails(c.get('deps').store, { limit, offset });
    return c.json({ emails, page: { limit, offset, total } });
  });

  app.get('/outbox/:id', requireOrganiser, async (c) => {
    const email = await getKeptEmail(c.get('deps').store, c.req.param('id'));
    if (!email) throw notFound('email');
    return c.json(email);
  });

  return app;
}
