/**
 * @module Routes of the pages behind email links and of "Get reminders". The links carry a signed
 * token (src/notify/links.ts); opening one only shows a page, because mail security scanners open
 * every link in an email: the button on the page acts. The unsubscribe address also takes RFC
 * 8058's one-click POST from mail clients, which is why it is the one route here exempt from the
 * site's CSRF check (see CSRF_EXEMPT in src/http/web/index.tsx). The other forms carry the
 * visitor's CSRF token like the sign-in form.
 */
import { Hono, type Context } from 'hono';
import { formatWhenUk } from '../../emails/format.js';
import { listGroups } from '../db/directory.js';
import { splitTopic } from '../domain/reminders.js';
import { utcIso } from '../domain/time.js';
import { checkText } from '../domain/validation.js';
import { HttpError } from '../http/errors.js';
import type { WebEnv } from '../http/web/env.js';
import { formText, type FormBody } from '../http/web/form.js';
import { pageContext, render } from '../http/web/render.js';
import { ensureVisitorCsrf } from '../http/web/session.js';
import { apologyProblem, hasApologised, MAX_APOLOGY_NOTE, sendApologies } from '../notify/apologies.js';
import { resolveEmailLink, type EmailLink } from '../notify/email-links.js';
import { applyPreferences, getPreferences, subscribeEmail, unsubscribe } from '../notify/preferences.js';
import { describeTopic, describeTopics, readConfirmation, requestSubscription } from '../notify/self-service.js';
import { readGetRemindersForm, readPreferencesForm } from './forms.js';
import {
  ApologiesPage,
  ConfirmPage,
  GetRemindersPage,
  MessagePage,
  PREFERENCE_LABELS,
  PreferencesPage,
  UnsubscribedPage,
  UnsubscribePage,
  type PreferencesValues,
} from './pages.js';
import { groupChoices, groupsWithPublicMeetings } from './queries.js';

const NOT_VALID = 'this link is not valid (it may be incomplete: try copying the whole address from the email)';

async function linkOr404(c: Context<WebEnv>): Promise<EmailLink> {
  const { store, config } = c.get('deps');
  const link = await resolveEmailLink(store, config.secretKey, c.req.param('token') ?? '');
  if (!link) throw new HttpError(404, [{ field: 'token', message: NOT_VALID }]);
  return link;
}

/** This request's own path: forms post back to it (never an absolute URL a proxy may have rewritten). */
const selfPath = (c: Context) => new URL(c.req.url).pathname;

const preferencesPath = (c: Context) => `/email/preferences/${c.req.param('token')}`;

/**
 * Pages behind email links are personal: never indexed, and their address (with its token) never
 * sent to another site as a Referer. 'same-origin', not 'no-referrer': with no-referrer browsers
 * send `Origin: null` on this page's own forms, which the CSRF check rightly refuses.
 */
function personal(c: Context) {
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Robots-Tag', 'noindex');
}

async function groupNames(c: Context<WebEnv>): Promise<Map<string, string>> {
  return new Map((await listGroups(c.get('deps').store)).map((g) => [g.id, g.name]));
}

/** What unsubscribing from this email's topics stops, in words. */
function whatTheseAre(link: EmailLink, names: Map<string, string>): string {
  if (link.topics.includes('*')) return link.event ? `emails about “${link.event.title}”` : 'these emails';
  const words = link.topics.map((topic) => {
    const [scope, value] = splitTopic(topic);
    if (scope === 'group') return `reminders of ${names.get(value) ?? 'this group’s'} meetings`;
    if (scope === 'digest') return 'the weekly digest';
    return `reminders of ${describeTopic(topic)}`;
  });
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
}

async function preferencesValues(c: Context<WebEnv>, personId: string) {
  const { store } = c.get('deps');
  const prefs = await getPreferences(store, personId);
  if (!prefs) throw new HttpError(404, [{ field: 'token', message: NOT_VALID }]);
  const groups = await groupChoices(store, prefs);
  const on = prefs.subscriptions.filter((s) => s.subscribed).map((s) => s.topic);
  const values: PreferencesValues = {
    email: prefs.email,
    groups,
    kinds: on.filter((t) => t.startsWith('kind:')).map((t) => t.slice(5)),
    themes: on.filter((t) => t.startsWith('theme:')).map((t) => t.slice(6)),
    tags: prefs.subscriptions
      .filter((s) => s.topic.startsWith('theme:') && !/^theme:[VNC]\d$/.test(s.topic))
      .map((s) => ({ tag: s.topic.slice(6), subscribed: s.subscribed })),
    digest: on.includes('digest'),
    paused: prefs.paused,
    unsubscribedFromAll: prefs.unsubscribedFromAll,
  };
  return { prefs, values };
}

function preferenceLabels(values: PreferencesValues): Record<string, string> {
  const labels: Record<string, string> = { ...PREFERENCE_LABELS };
  values.groups.forEach((g, i) => (labels[`leads-${i}`] = `Other times for ${g.name}`));
  return labels;
}

export function memberReminderPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/email/preferences/:token', async (c) => {
    const link = await linkOr404(c);
    ensureVisitorCsrf(c);
    personal(c);
    const { values } = await preferencesValues(c, link.personId);
    const saved = c.req.query('saved');
    return render(
      c,
      <PreferencesPage
        ctx={pageContext(c)}
        action={selfPath(c)}
        values={values}
        errors={new Map()}
        labels={preferenceLabels(values)}
        saved={saved === '1' ? 'saved' : saved === 'unsubscribed' ? 'unsubscribed' : null}
      />,
    );
  });

  app.post('/email/preferences/:token', async (c) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    ensureVisitorCsrf(c);
    personal(c);
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    if (formText(body, 'action') === 'unsubscribe-all') {
      await unsubscribe(store, link.personId, ['*'], utcIso(clock()));
      return c.redirect(`${selfPath(c)}?saved=unsubscribed`, 303);
    }
    const { prefs, values } = await preferencesValues(c, link.personId);
    const read = readPreferencesForm(body, prefs, values.groups);
    if (!read.ok) {
      return render(
        c,
        <PreferencesPage
          ctx={pageContext(c)}
          action={selfPath(c)}
          values={values}
          errors={read.errors}
          labels={preferenceLabels(values)}
          saved={null}
        />,
        400,
      );
    }
    await applyPreferences(store, link.personId, read.changes, utcIso(clock()));
    return c.redirect(`${selfPath(c)}?saved=1`, 303);
  });

  app.get('/email/unsubscribe/:token', async (c) => {
    const link = await linkOr404(c);
    ensureVisitorCsrf(c);
    personal(c);
    return render(
      c,
      <UnsubscribePage
        ctx={pageContext(c)}
        action={selfPath(c)}
        email={link.email}
        what={whatTheseAre(link, await groupNames(c))}
        preferencesUrl={preferencesPath(c)}
      />,
    );
  });

  // Also RFC 8058's one-click POST ("List-Unsubscribe=One-Click"), from mail clients: exempt from CSRF.
  app.post('/email/unsubscribe/:token', async (c) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    personal(c);
    const form = (c.req.header('Content-Type') ?? '').includes('form') ? await c.req.parseBody() : {};
    const all = form.scope === 'all';
    await unsubscribe(store, link.personId, all ? ['*'] : link.topics, utcIso(clock()));
    return render(
      c,
      <UnsubscribedPage
        ctx={pageContext(c)}
        email={link.email}
        all={all || link.topics.includes('*')}
        what={whatTheseAre(link, await groupNames(c))}
        preferencesUrl={preferencesPath(c)}
      />,
    );
  });

  const apologies = async (c: Context<WebEnv>, note: string, errors: Map<string, string>, status: 200 | 400) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    const problem = apologyProblem(link, clock());
    if (problem) throw new HttpError(409, [{ field: 'token', message: problem }]);
    return render(
      c,
      <ApologiesPage
        ctx={pageContext(c)}
        action={selfPath(c)}
        title={link.event!.title}
        when={formatWhenUk(link.state!.when, link.event!.timezone)}
        location={link.state!.location}
        already={await hasApologised(store, link.event!.id, link.occurrence, link.personId)}
        note={note}
        errors={errors}
      />,
      status,
    );
  };

  app.get('/email/apologies/:token', (c) => {
    ensureVisitorCsrf(c);
    personal(c);
    return apologies(c, '', new Map(), 200);
  });

  app.post('/email/apologies/:token', async (c) => {
    const link = await linkOr404(c);
    const { store, clock } = c.get('deps');
    ensureVisitorCsrf(c);
    personal(c);
    const now = clock();
    const problem = apologyProblem(link, now);
    if (problem) throw new HttpError(409, [{ field: 'token', message: problem }]);
    const typed = formText((await c.req.parseBody()) as FormBody, 'note');
    const note = checkText('note', typed, { max: MAX_APOLOGY_NOTE });
    if (!note.ok) return apologies(c, typed.trim(), new Map([['note', note.error.message]]), 400);
    const sent = await sendApologies(store, link, note.value, now);
    if (!sent.ok) throw new HttpError(409, [{ field: 'token', message: sent.problem }]);
    return render(
      c,
      <MessagePage ctx={pageContext(c)} title="Apologies sent">
        <p>
          Thank you. Your apologies for <strong>{link.event!.title}</strong> ({formatWhenUk(link.state!.when, link.event!.timezone)}) are
          recorded, and the organiser of {sent.groupName} will be told.
        </p>
      </MessagePage>,
    );
  });

  app.get('/email/confirm/:token', async (c) => {
    const { store, config, clock } = c.get('deps');
    const confirmation = await readConfirmation(store, config.secretKey, c.req.param('token'), clock());
    if (!confirmation.ok) throw new HttpError(404, [{ field: 'token', message: confirmation.message }]);
    ensureVisitorCsrf(c);
    personal(c);
    return render(
      c,
      <ConfirmPage
        ctx={pageContext(c)}
        action={selfPath(c)}
        email={confirmation.email}
        what={describeTopics(confirmation.topics, await groupNames(c))}
      />,
    );
  });

  app.post('/email/confirm/:token', async (c) => {
    const { store, config, clock } = c.get('deps');
    const confirmation = await readConfirmation(store, config.secretKey, c.req.param('token'), clock());
    if (!confirmation.ok) throw new HttpError(404, [{ field: 'token', message: confirmation.message }]);
    personal(c);
    await subscribeEmail(store, confirmation.email, confirmation.topics, null, utcIso(clock()));
    return render(
      c,
      <MessagePage ctx={pageContext(c)} title="Reminders confirmed">
        <p>
          We will email <strong class="break">{confirmation.email}</strong> about {describeTopics(confirmation.topics, await groupNames(c))}
          . Every email has a link to change or stop them.
        </p>
      </MessagePage>,
    );
  });

  const getReminders = async (
    c: Context<WebEnv>,
    values: Parameters<typeof GetRemindersPage>[0]['values'],
    errors: Map<string, string>,
    status: 200 | 400,
  ) => {
    const groups = await groupsWithPublicMeetings(c.get('deps').store);
    return render(
      c,
      <GetRemindersPage ctx={pageContext(c)} values={values} errors={errors} groups={groups.map((g) => [g.id, g.name])} />,
      status,
    );
  };

  app.get('/reminders', (c) => {
    ensureVisitorCsrf(c);
    return getReminders(c, { email: '', kinds: [], themes: [], groups: [], digest: false }, new Map(), 200);
  });

  app.post('/reminders', async (c) => {
    const deps = c.get('deps');
    ensureVisitorCsrf(c);
    const publicGroups = await groupsWithPublicMeetings(deps.store);
    const { values, topics, errors } = readGetRemindersForm(
      (await c.req.parseBody({ all: true })) as FormBody,
      new Set(publicGroups.map((g) => g.id)),
    );
    if (errors.size) return getReminders(c, values, errors, 400);
    try {
      await requestSubscription(deps, values.email, topics, deps.clock(), new Map(publicGroups.map((g) => [g.id, g.name])));
    } catch {
      return getReminders(c, values, new Map([['email', 'could not be sent a confirmation just now. Try again in a few minutes']]), 400);
    }
    // The same answer whether or not an email went out (one per address and choice per 10 minutes).
    return render(
      c,
      <MessagePage ctx={pageContext(c)} title="Check your email">
        <p>
          We have sent an email to <strong class="break">{values.email}</strong>. Follow the link in it to start your reminders of{' '}
          {describeTopics(topics, new Map(publicGroups.map((g) => [g.id, g.name])))}.
        </p>
        <p>The link works for 7 days. Nothing is sent until you follow it. If the email has not arrived, look in your junk mail folder.</p>
      </MessagePage>,
    );
  });

  return app;
}
