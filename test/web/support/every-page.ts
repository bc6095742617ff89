/**
 * Every page of the web app, for the suites that check them all (reflow, axe) and the screenshot
 * script: the public pages, the pages people open from emails (with real links, taken from emails
 * the app sent: reminders kept by the outbox, a confirmation and a password reset caught by the
 * SMTP server on loopback, and the page an e-mailed sign-in link opens), the meeting and group
 * pages, and the organisers' workspace with a meeting's, an agenda item's and an action's pages.
 */
import { readFileSync } from 'node:fs';
import { getGroup } from '../../../src/db/directory.js';
import { createFeedSubscription } from '../../../src/db/feed-subscriptions.js';
import { configFromEnv } from '../../../src/config.js';
import { THEMES } from '../../../src/domain/kinds.js';
import { saveImport } from '../../../src/import/service.js';
import { runSync } from '../../../src/import/sync.js';
import { createSyncedFeedStatements } from '../../../src/import/synced-feeds.js';
import { runDue } from '../../../src/notify/dispatch.js';
import { outboxMailer } from '../../../src/notify/outbox-mailer.js';
import { ACCOUNTS, type WebServer } from './server.js';

export interface EveryPage {
  /** Anyone's pages. */
  public: string[];
  /** Pages opened from links in emails. */
  emailLinks: string[];
  /** The organisers' workspace and the signed-in user's own pages (sign in as admin first). */
  workspace: string[];
  /** An email's HTML part as sent, served on its own (workspace). */
  emailHtml: string;
  ids: { hcaw: string; iag: string; board: string; iagGroup: string };
}

/** Posts a form the way a browser does (CSRF cookie and token from the form's page); returns the answer. */
async function postForm(base: string, path: string, form: Record<string, string>): Promise<Response> {
  const page = await fetch(`${base}${path}`, { headers: { Accept: 'text/html' } });
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Accept: 'text/html', Origin: base },
    body: new URLSearchParams({ _csrf: token, ...form }).toString(),
  });
}

function linkAfter(text: string, label: RegExp): string {
  const m = new RegExp(`${label.source}\\s*(https?://\\S+)`).exec(text);
  if (!m) throw new Error(`no link after ${label} in:\n${text}`);
  return new URL(m[1]!).pathname;
}

export async function everyPage(server: WebServer): Promise<EveryPage> {
  const store = server.handle.store;
  const idOf = async (title: string) =>
    (await store.db.selectFrom('events').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  const ids = {
    hcaw: await idOf('National Hate Crime Awareness Week'),
    iag: await idOf('Independent Advisory Group meeting'),
    board: await idOf('SaferMK Partnership Board'),
    iagGroup: (await getGroup(store, 'iag'))!.id,
  };

  // A reminder pass, so there are deliveries and kept emails whose links open the email-link pages.
  await runDue({ store, mailer: outboxMailer(store, server.clock), config: configFromEnv({ PUBLIC_URL: server.url }) }, server.clock());
  const kept = await store.db
    .selectFrom('mail_outbox')
    .select(['id', 'text_body'])
    .where('text_body', 'like', '%Send your apologies%')
    .executeTakeFirstOrThrow();
  const delivery = await store.db.selectFrom('reminder_deliveries').select('id').where('status', '=', 'sent').executeTakeFirstOrThrow();

  const asked = await postForm(server.url, '/reminders', { email: 'resident@example.org', theme: 'C2', digest: 'yes' });
  if (asked.status !== 200) throw new Error(`Get reminders answered ${asked.status}`);
  const confirm = linkAfter((await server.lastEmailTo('resident@example.org')).text, /Confirm:/);

  const forgot = await postForm(server.url, '/account/forgot-password', { email: ACCOUNTS.viewer.email });
  if (forgot.status !== 200) throw new Error(`forgot password answered ${forgot.status}`);
  const reset = linkAfter((await server.lastEmailTo(ACCOUNTS.viewer.email)).text, /Set a new password:/);

  // The page an e-mailed sign-in link opens (a button that signs in), for an account with no email yet.
  const linkAsked = await postForm(server.url, '/signin/link', { email: ACCOUNTS.organiser.email });
  if (linkAsked.status !== 200) throw new Error(`sign-in link answered ${linkAsked.status}`);
  const signInLink = linkAfter((await server.lastEmailTo(ACCOUNTS.organiser.email)).text, /Sign in:/);

  // The demo's meetings: one with minutes ready for approval, an exempt item and an action; the next with its agenda.
  const meetings = await store.db
    .selectFrom('meetings')
    .select(['event_id', 'occurrence', 'minutes_status'])
    .orderBy('occurrence')
    .execute();
  const meetingPath = (m: { event_id: string; occurrence: string }) => `/meetings/${m.event_id}/${m.occurrence.replace(/[-:]/g, '')}`;
  const held = meetings.find((m) => m.minutes_status === 'ready')!;
  const next = meetings.find((m) => m.minutes_status === 'none')!;
  const agendaItem = await store.db
    .selectFrom('agenda_items')
    .select('id')
    .where('event_id', '=', held.event_id)
    .where('occurrence', '=', held.occurrence)
    .executeTakeFirstOrThrow();
  const action = await store.db.selectFrom('meeting_actions').select('id').executeTakeFirstOrThrow();

  const organisation = await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  const { token } = await createFeedSubscription(
    store,
    { organisationId: organisation.id, label: 'Police control room' },
    {
      actor: 'test',
      now: server.clock(),
    },
  );
  // An import waiting for its preview to be applied, and a partner's calendar that fails to answer.
  const choices = { kind: 'activity' as const, themes: [], organisationId: null, groupId: null, visibility: 'public' as const };
  const pendingImport = await saveImport(
    store,
    {
      sourceKind: 'file',
      sourceLabel: 'partner-calendar.ics',
      content: readFileSync(new URL('../../import/fixtures/partner-calendar.ics', import.meta.url), 'utf8'),
      choices: { ...choices, status: 'draft' },
    },
    { actor: 'test', now: server.clock() },
  );
  const syncedFeed = crypto.randomUUID();
  await store.batch(
    createSyncedFeedStatements(
      store,
      {
        id: syncedFeed,
        url: 'https://fire.example.org/calendar.ics',
        label: 'Fire and rescue',
        intervalMinutes: 60,
        choices: { ...choices, status: 'published' },
      },
      { actor: 'test', now: server.clock() },
    ),
  );
  await runSync({ store, fetcher: async () => ({ ok: false, status: null, error: 'No answer within 10 s.' }) }, server.clock());

  const groups = await store.db.selectFrom('groups').select('slug').execute();
  const everything = [...Object.keys(THEMES).map((t) => `theme=${t}`), ...groups.map((g) => `group=${g.slug}`)].join('&');

  return {
    ids,
    public: [
      '/',
      '/?theme=C2&kind=campaign_week',
      '/?from-day=31&from-month=2&from-year=2022',
      '/calendar/month?year=2022&month=10',
      '/calendar/year?year=2022',
      `/events/${ids.hcaw}`,
      `/events/${ids.board}`,
      `/events/${ids.iag}`,
      '/feeds',
      `/feeds?${everything}`,
      '/feeds?kind=parade',
      '/feeds/groups/safermk-board',
      `/feeds/private/${token}`,
      '/reminders',
      '/embed',
      '/embed?theme=C2&kind=activity',
      meetingPath(held),
      meetingPath(next),
      `/groups/safermk-board?year=${held.occurrence.slice(0, 4)}`,
      '/groups/iag',
      '/accessibility',
      '/signin',
      '/signin/link',
      signInLink,
      '/account/forgot-password',
      reset,
      '/no-such-page',
    ],
    emailLinks: [
      linkAfter(kept.text_body, /Change your reminder preferences:/),
      linkAfter(kept.text_body, /Unsubscribe:/),
      linkAfter(kept.text_body, /Send your apologies:/),
      confirm,
      '/email/preferences/not-a-real-link',
    ],
    workspace: [
      '/organise',
      '/organise/events',
      '/organise/events?kind=meeting&status=draft',
      '/organise/events/new?kind=meeting',
      `/organise/events/new?parent=${ids.hcaw}`,
      `/organise/events/${ids.iag}`,
      `/organise/events/${ids.iag}/edit`,
      `/organise/events/${ids.iag}/occurrences`,
      `/organise/events/${ids.iag}/reminders`,
      `/organise/events/${ids.hcaw}/copy`,
      `/organise/events/${ids.board}`,
      `/organise${meetingPath(held)}`,
      `/organise${meetingPath(next)}`,
      `/organise/agenda-items/${agendaItem.id}`,
      `/organise/actions/${action.id}`,
      '/organise/import',
      `/organise/import/${pendingImport}`,
      '/organise/sync',
      `/organise/sync/${syncedFeed}`,
      '/organise/audit',
      '/organise/directory',
      '/organise/organisations/new',
      '/organise/groups/new',
      '/organise/groups/iag',
      '/organise/groups/iag/import',
      `/organise/groups/${ids.iagGroup}/reminders`,
      '/organise/users',
      '/organise/reminders',
      '/organise/subscriptions',
      '/organise/feeds',
      `/organise/deliveries/${delivery.id}`,
      `/organise/outbox/${kept.id}`,
      '/account/password',
    ],
    emailHtml: `/organise/outbox/${kept.id}/html`,
  };
}
