/**
 * Regenerates docs/screenshots/*.png: the main pages of the web app, served for real on loopback
 * with the demo calendar, photographed by Debian's Chromium. Run with `npm run screenshots`.
 */
import { mkdirSync } from 'node:fs';
import { ACCOUNTS, startWebServer } from '../test/web/support/server.js';
import { launchChromium, signIn } from '../test/web/support/browser.js';

const OUT = 'docs/screenshots';

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startWebServer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const shot = async (name: string, path: string) => {
      await page.goto(`${server.url}${path}`);
      await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
      console.log(`${OUT}/${name}.png  ${path}`);
    };
    await shot('public-upcoming', '/');
    await shot('month-october-2022', '/calendar/month?year=2022&month=10');
    await shot('year-planner-2022', '/calendar/year?year=2022');
    const hcaw = await server.handle.store.db
      .selectFrom('events')
      .select('id')
      .where('title', '=', 'National Hate Crime Awareness Week')
      .executeTakeFirstOrThrow();
    await shot('event-campaign-week', `/events/${hcaw.id}`);
    await shot('subscribe', '/subscribe?theme=C2');
    // The board's July 2022 meeting in the demo: agenda with an exempt item, attendance, draft minutes.
    const meeting = await server.handle.store.db
      .selectFrom('meetings')
      .select(['event_id', 'occurrence'])
      .where('minutes_status', '=', 'ready')
      .executeTakeFirstOrThrow();
    const meetingPath = `/meetings/${meeting.event_id}/${meeting.occurrence.replace(/[-:]/g, '')}`;
    await shot('meeting-public', meetingPath);
    await shot('group-meetings', '/groups/safermk-board?year=2022');
    await shot('sign-in', '/signin');
    await signIn(page, server.url, ACCOUNTS.admin);
    await shot('organiser-dashboard', '/organise');
    await shot('meeting-workspace', `/organise${meetingPath}`);
    await page.goto(`${server.url}/organise/events/new?kind=meeting`);
    await page.getByLabel('Title').fill('Independent Advisory Group extraordinary meeting');
    await page.getByLabel('Start date').fill('2022-10-20');
    await page.getByLabel('End time').fill('17:00');
    await page.getByLabel('Custom rule').fill('FREQ=FORTNIGHTLY');
    await page.getByRole('button', { name: 'Save event' }).click();
    await page.waitForLoadState();
    await page.screenshot({ path: `${OUT}/event-form-with-errors.png`, fullPage: true });
    console.log(`${OUT}/event-form-with-errors.png`);
    const mobile = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-GB' });
    await mobile.goto(`${server.url}/calendar/month?year=2022&month=10`);
    await mobile.screenshot({ path: `${OUT}/mobile-month.png`, fullPage: true });
    console.log(`${OUT}/mobile-month.png`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
