/**
 * Members and the public manage their email reminders on pages, never JSON: "Get reminders" with a
 * confirmation email, the preferences page behind the link in every email (groups and lead times,
 * topics, digest, pause, unsubscribe from all) and the unsubscribe page. Real Chromium with
 * JavaScript off on a 320 px screen (each page must reflow and pass axe; "Get reminders" as opened in
 * every-public-page-reflows-and-passes-axe), and every email goes
 * through the real SMTP mailer to a real SMTP server on loopback.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { runDue } from '../../src/notify/dispatch.js';
import { getPreferences } from '../../src/notify/preferences.js';
import { smtpMailer } from '../../src/runtime/smtp-mailer.js';
import { axeContext, openChromium, problemsOf } from './support/browser.js';
import { startWebServer, type WebServer } from './support/server.js';

const PHONE = { width: 320, height: 700 };
const RESIDENT = 'resident@example.org';

describe('members managing their reminders', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let axePage: Page;
  const problems: string[] = [];
  const check = async (label: string) => problems.push(...(await problemsOf(page, axePage, label)));
  const linkIn = (text: string, label: RegExp) => new RegExp(`${label.source}\\s*(http\\S+)`).exec(text)![1]!;
  const personId = async (email: string) =>
    (await server.handle.store.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  /** One reminder pass now, through the real SMTP mailer to the loopback server. */
  async function dispatch() {
    const mailer = smtpMailer(server.mail.url);
    try {
      await runDue({ store: server.handle.store, mailer, config: configFromEnv({ PUBLIC_URL: server.url }) }, server.clock());
    } finally {
      mailer.close();
    }
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), openChromium()]);
    context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: PHONE });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    axePage = await (await axeContext(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs a resident up on "Get reminders" only once they follow the link in the confirmation email', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Get reminders', exact: true }).click();
    // The form as opened: reflow and axe at 320 and 1280 px in the public sweep (ADR 272).
    await page.getByRole('button', { name: 'Send me a confirmation email' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Choose at least one theme');
    await check('get reminders (errors)');
    await page.getByLabel('Hate crime').check();
    await page.getByLabel('SaferMK Partnership Board').check();
    await page.getByLabel('Send me the weekly digest').check();
    await page.getByLabel('Email address').fill(RESIDENT);
    await page.getByRole('button', { name: 'Send me a confirmation email' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    await check('check your email');
    expect((await getPreferences(server.handle.store, await personId(RESIDENT).catch(() => 'none')))?.subscriptions ?? []).toEqual([]);

    const mail = await server.lastEmailTo(RESIDENT);
    expect(mail.subject).toBe(
      'Confirm: reminders of Hate crime, public meetings of SaferMK Partnership Board and what is coming up (a weekly digest)',
    );
    await page.goto(linkIn(mail.text, /Confirm:/));
    await check('confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reminders confirmed');
    await check('confirmed');
    const prefs = await getPreferences(server.handle.store, await personId(RESIDENT));
    expect(prefs!.subscriptions.map((s) => s.topic.replace(/^group:.*/, 'group')).sort()).toEqual(['digest', 'group', 'theme:C2']);
  });

  it('shows everything the person gets on the preferences page behind the link in their email, and saves changes', async () => {
    await dispatch(); // Monday morning: the weekly digest goes out
    const mails = await server.mail.parsedFor(RESIDENT);
    const digest = mails.find((m) => m.subject?.includes('coming up in the next 14 days'));
    expect(digest).toBeDefined();
    // And a Hate crime reminder: the partner activity of Hate Crime Awareness Week is a week away.
    expect(mails.map((m) => m.subject)).toContain('Reminder: Women’s experience of hate crime, Mon 10 Oct');
    await page.goto(linkIn(digest!.text!, /Change your reminder preferences:/));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your email reminders');
    expect(await page.getByLabel('Hate crime').isChecked()).toBe(true);
    expect(await page.getByLabel('Send me the weekly digest').isChecked()).toBe(true);
    expect(await page.getByLabel('Remind me of the public meetings of SaferMK Partnership Board').isChecked()).toBe(true);
    await check('preferences');

    await page
      .getByRole('group', { name: 'When to remind you of SaferMK Partnership Board meetings' })
      .getByLabel('Other times')
      .fill('5 days, a fortnight');
    await page.getByRole('button', { name: 'Save my choices' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('“a fortnight” is not one of those');
    await check('preferences (errors)');

    await page
      .getByRole('group', { name: 'When to remind you of SaferMK Partnership Board meetings' })
      .getByLabel('Other times')
      .fill('5 days');
    await page.getByLabel('2 weeks before').first().check();
    await page.getByLabel('Send me the weekly digest').uncheck();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your choices are saved');
    await check('preferences saved');
    const prefs = await getPreferences(server.handle.store, await personId(RESIDENT));
    const board = prefs!.subscriptions.find((s) => s.topic.startsWith('group:'));
    expect(board?.leadTimes).toEqual(['2w', '5d']);
    expect(prefs!.subscriptions.find((s) => s.topic === 'digest')?.subscribed).toBe(false);
  });

  it('unsubscribes a member from their group’s reminders from the link in a reminder, and the page says what that stops', async () => {
    // The Hate Crime Task and Finish Group meets tomorrow: its members were reminded this morning.
    const member = 'student-support@example.org';
    const reminder = (await server.mail.parsedFor(member)).find((m) => m.subject?.startsWith('Reminder:'));
    expect(reminder?.subject).toContain('Hate Crime Task and Finish Group');
    await page.goto(linkIn(reminder!.text!, /Unsubscribe:/));
    expect(await page.locator('main').textContent()).toContain('not even if one moves or is cancelled');
    await check('unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed');
    await check('unsubscribed');
    await page.getByRole('link', { name: 'Choose what you get' }).click();
    expect(await page.getByLabel('Remind me of meetings of Hate Crime Task and Finish Group').isChecked()).toBe(false);

    await page.getByRole('button', { name: 'Unsubscribe from all emails' }).click();
    expect(await page.locator('main').textContent()).toContain('no notices that a meeting has moved or been cancelled');
    await check('unsubscribed from all');
    const prefs = await getPreferences(server.handle.store, await personId(member));
    expect(prefs!.unsubscribedFromAll).toBe(true);
    expect(problems).toEqual([]);
  });
});
