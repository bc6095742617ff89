/**
 * Regenerates docs/screenshots/*.png: the main pages of the web app, served for real on loopback
 * with the demo calendar, photographed by Debian's Chromium (JavaScript off, as the tests run
 * them), on a desktop and, for the self-service pages, on a 320 px phone. Run with
 * `npm run screenshots`.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ACCOUNTS, startWebServer } from '../test/web/support/server.js';
import { fillDate, openChromium, signIn } from '../test/web/support/browser.js';
import { everyPage } from '../test/web/support/every-page.js';

const OUT = 'docs/screenshots';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startWebServer();
  const browser = await openChromium();
  try {
    const pages = await everyPage(server);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: DESKTOP });
    const page = await context.newPage();
    const save = async (p: Page, name: string) => {
      await p.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
      console.log(`${OUT}/${name}.png  ${new URL(p.url()).pathname}`);
    };
    const shot = async (name: string, path: string, viewport = DESKTOP) => {
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}${path}`);
      await save(page, name);
    };
    const phone = (name: string, path: string) => shot(name, path, PHONE);
    const [preferences, unsubscribe, apologies, confirm] = pages.emailLinks;

    await shot('public-upcoming', '/');
    await phone('mobile-upcoming', '/');
    await shot('month-october-2022', '/calendar/month?year=2022&month=10');
    await shot('year-planner-2022', '/calendar/year?year=2022');
    await shot('event-campaign-week', `/events/${pages.ids.hcaw}`);
    await shot('subscribe', '/feeds?theme=C2');
    await shot(
      'subscribe-short-address',
      pages.public.find((p) => p.startsWith('/feeds?theme='))!,
    );
    await phone('mobile-subscribe', '/feeds');
    await phone('mobile-embed', '/embed?theme=C2');
    await shot('get-reminders', '/reminders');
    await phone('mobile-get-reminders', '/reminders');
    await shot('accessibility-statement', '/accessibility');
    // The demo's board meeting with minutes ready: agenda with an exempt item, attendance, draft minutes.
    const meeting = await server.handle.store.db
      .selectFrom('meetings')
      .select(['event_id', 'occurrence'])
      .where('minutes_status', '=', 'ready')
      .executeTakeFirstOrThrow();
    const meetingPath = `/meetings/${meeting.event_id}/${meeting.occurrence.replace(/[-:]/g, '')}`;
    await shot('meeting-public', meetingPath);
    await shot('group-meetings', `/groups/safermk-board?year=${meeting.occurrence.slice(0, 4)}`);
    await shot('sign-in', '/signin');
    await shot('forgot-password', '/account/forgot-password');
    await shot(
      'reset-password',
      pages.public.find((p) => p.startsWith('/account/reset-password/'))!,
    );
    await shot('email-preferences', preferences!);
    await phone('mobile-email-preferences', preferences!);
    await phone('mobile-email-unsubscribe', unsubscribe!);
    await phone('mobile-email-apologies', apologies!);
    await phone('mobile-email-confirm', confirm!);
    await shot('error-page', '/email/preferences/not-a-real-link');

    await signIn(page, server.url, ACCOUNTS.admin);
    await shot('organiser-dashboard', '/organise');
    await shot('private-feeds', '/organise/feeds');
    await page.getByLabel('Partner organisation', { exact: true }).selectOption({ label: 'Thames Valley Police' });
    await page.getByLabel('Label (optional)').fill('Police control room');
    await page.getByRole('button', { name: 'Make the private feed' }).click();
    await save(page, 'private-feed-made');
    await shot('reminder-times-of-an-event', `/organise/events/${pages.ids.iag}/reminders`);
    await shot('subscriptions', '/organise/subscriptions');
    await shot('reminders-and-outbox', '/organise/reminders');
    await shot('change-password', '/account/password');
    await shot('organiser-events', '/organise/events');
    await shot('import', '/organise/import');
    const preview = pages.workspace.find((p) => /^\/organise\/import\/./.test(p))!;
    await shot('import-preview', preview);
    await phone('mobile-import-preview', preview);
    await shot('partners-calendars', '/organise/sync');
    await shot(
      'partner-calendar-runs',
      pages.workspace.find((p) => /^\/organise\/sync\/./.test(p))!,
    );
    await phone('mobile-organiser-dashboard', '/organise');
    await phone('mobile-email-html', pages.emailHtml);

    await shot('meeting-workspace', `/organise${meetingPath}`);

    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/organise/events/new?kind=meeting`);
    await page.getByLabel('Title').fill('Independent Advisory Group extraordinary meeting');
    await fillDate(page, 'Start date', '2022-02-30');
    await page.getByLabel('Start time').fill('6.30pm');
    await page.getByLabel('End time').fill('17:00');
    await page.getByLabel('Custom rule (optional)').fill('FREQ=FORTNIGHTLY');
    await page.getByRole('button', { name: 'Save event' }).click();
    await save(page, 'event-form-with-errors');
    await page.setViewportSize(PHONE);
    await save(page, 'mobile-event-form-with-errors');

    const mobile = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'en-GB',
      javaScriptEnabled: false,
    });
    await mobile.goto(`${server.url}/calendar/month?year=2022&month=10`);
    await save(mobile, 'mobile-month');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
