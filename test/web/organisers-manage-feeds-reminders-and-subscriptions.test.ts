/**
 * What used to need the API or the CLI, done from the workspace pages: private feeds (made for a
 * partner or a member, the address shown once, revoked), when reminders go out for an event and a
 * group, people's subscriptions, sending a failed email again, apologies by name with the
 * meeting's UK date, and a partner activity that starts with its campaign week's themes. Real
 * Chromium with JavaScript off on a 320 px screen; each page must reflow and pass axe.
 */
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { runDue } from '../../src/notify/dispatch.js';
import { readRule, ruleTarget } from '../../src/notify/rules.js';
import { smtpMailer } from '../../src/runtime/smtp-mailer.js';
import { axeContext, fillDate, openChromium, problemsOf, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

const PHONE = { width: 320, height: 700 };

describe('organisers managing feeds, reminders and subscriptions from the workspace', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let axePage: Page;
  const problems: string[] = [];
  const check = async (label: string) => problems.push(...(await problemsOf(page, axePage, label)));
  const idOf = async (title: string) =>
    (await server.handle.store.db.selectFrom('events').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  const summaries = (ics: string) =>
    new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')));

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), openChromium()]);
    context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: PHONE });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    axePage = await (await axeContext(browser)).newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('makes a private feed for a partner, shows its address once, and revokes it', async () => {
    await page.goto(`${server.url}/organise`);
    await page.getByRole('link', { name: 'Private feeds' }).click();
    await check('private feeds');
    await page.getByLabel('Partner organisation', { exact: true }).selectOption({ label: 'Thames Valley Police' });
    await page.getByLabel('Label (optional)').fill('Police control room');
    await page.getByRole('button', { name: 'Make the private feed' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Private feed made: Police control room');
    await check('private feed made');
    const address = await page.getByLabel(/copy the calendar address/i).inputValue();
    expect(address).toMatch(new RegExp(`^${server.url}/feeds/private/scf_[A-Za-z0-9_-]{43}\\.ics$`));
    expect(await page.getByRole('link', { name: 'Google Calendar' }).getAttribute('href')).toContain(encodeURIComponent('webcal://'));
    const feed = await page.request.get(address);
    expect(summaries(await feed.text())).toContain('Quarterly progress report due to the board'); // partners only

    await page.goto(`${server.url}/organise/feeds`);
    expect(await page.locator('main').textContent()).not.toContain(address.split('/').pop()!.replace('.ics', ''));
    await page.getByLabel('A member of a group').check();
    await page.getByLabel('Member’s email address').fill('not-a-member@example.org');
    await page.getByRole('button', { name: 'Make the private feed' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('is not a member of any group');
    await check('private feeds (errors)');

    await page.getByRole('button', { name: 'Revoke the private feed “Police control room”' }).click();
    expect(await page.getByRole('status').textContent()).toContain('its address no longer works');
    expect((await page.request.get(address)).status()).toBe(404);
  });

  it('sets when reminders go out for one event and for a group', async () => {
    const board = await idOf('SaferMK Partnership Board');
    await page.goto(`${server.url}/organise/events/${board}`);
    expect(await page.locator('main').textContent()).toContain('Reminders go out 1 week and 1 day before.');
    await page.getByRole('link', { name: 'Change when reminders go out' }).click();
    await check('event reminder times');
    await page.getByLabel('These times (choose below)').check();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Choose at least one time');
    await page.getByLabel('These times (choose below)').check();
    await page.getByLabel('2 weeks before').check();
    await page.getByLabel(/^Other times/).fill('3 hours');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Saved.');
    expect(await page.locator('main').textContent()).toContain('Now: 2 weeks and 3 hours before.');
    const target = (await ruleTarget(server.handle.store, 'event', board))!;
    expect((await readRule(server.handle.store, target)).effective).toEqual(['2w', '3h']);

    await page.goto(`${server.url}/organise/groups/iag`);
    await page.getByRole('link', { name: 'When reminders of this group’s meetings go out' }).click();
    await page.getByLabel('No reminders at all').check();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('main').textContent()).toContain('Now: no reminders.');
    await check('group reminder times');
  });

  it('adds a person’s subscription with its own times, and stops it', async () => {
    await page.goto(`${server.url}/organise/subscriptions`);
    await check('subscriptions');
    await page.getByLabel('Email address', { exact: true }).fill('Youth-Worker@example.org');
    await page.getByLabel('Reminders of').selectOption({ label: 'Every campaign week' });
    await page.getByLabel('1 week before').check();
    await page.getByRole('button', { name: 'Add the subscription' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Subscription saved');
    const row = page.getByRole('row', { name: /youth-worker@example\.org/ });
    expect(await row.textContent()).toContain('campaign weeks');
    expect(await row.textContent()).toContain('1 week before');
    await check('subscription added');
    await page.getByRole('button', { name: /Stop campaign weeks for youth-worker@example\.org/ }).click();
    expect(await page.getByRole('row', { name: /youth-worker@example\.org/ }).textContent()).toContain('Stopped');
  });

  it('sends a failed email again from the reminders page', async () => {
    const mailer = smtpMailer(server.mail.url);
    await runDue({ store: server.handle.store, mailer, config: configFromEnv({ PUBLIC_URL: server.url }) }, server.clock());
    mailer.close();
    const sent = await server.handle.store.db
      .selectFrom('reminder_deliveries')
      .select(['id', 'recipient'])
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    // As the dispatcher leaves a delivery whose mail server refused it eight times.
    await server.handle.store.db
      .updateTable('reminder_deliveries')
      .set({ status: 'failed', attempts: 8, last_error: '550 mailbox unavailable' })
      .where('id', '=', sent.id)
      .execute();
    await page.goto(`${server.url}/organise/reminders`);
    await check('reminders with a failure');
    await page
      .getByRole('button', { name: `Send again to ${sent.recipient}` })
      .first()
      .click();
    expect(await page.getByRole('status').textContent()).toContain('back in the outbox');
    const row = await server.handle.store.db
      .selectFrom('reminder_deliveries')
      .select(['status', 'attempts'])
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', attempts: 0 });
  });

  it('lists apologies by name, with the UK date and time of the meeting', async () => {
    // A member sends apologies from the reminder they were emailed for tomorrow's task group meeting.
    const reminder = (await server.mail.parsedFor('student-support@example.org')).find((m) => m.subject?.startsWith('Reminder:'))!;
    const link = /Send your apologies:\s*(http\S+)/.exec(reminder.text!)![1]!;
    const member = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const memberPage = await member.newPage();
    await memberPage.goto(link);
    await memberPage.getByLabel('A note for the organiser (optional)').fill('At an exam board that morning');
    await memberPage.getByRole('button', { name: 'Send my apologies' }).click();
    expect(await memberPage.getByRole('heading', { level: 1 }).textContent()).toBe('Apologies sent');
    await member.close();

    await page.goto(`${server.url}/organise/events/${await idOf('Hate Crime Task and Finish Group')}`);
    const apologies = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Meeting' }) });
    const text = await apologies.textContent();
    expect(text).toContain('Tuesday 4 October 2022, 10:00');
    expect(text).toContain('College representative');
    expect(text).toContain('student-support@example.org');
    expect(text).toContain('At an exam board that morning');
    await check('event with apologies');
  });

  it('starts a partner activity added under a campaign week with the week’s themes, so theme feeds include it', async () => {
    await page.goto(`${server.url}/organise/events/${await idOf('National Hate Crime Awareness Week')}`);
    await page.getByRole('link', { name: 'Add a partner activity' }).click();
    expect(await page.getByLabel('C2 Hate crime').isChecked()).toBe(true);
    expect(await page.getByLabel('C1 Community cohesion').isChecked()).toBe(true);
    await page.getByLabel('Title').fill('Hate crime reporting drop-in at the library');
    await fillDate(page, 'Start date', '2022-10-13');
    await page.getByLabel('Start time').fill('');
    await page.getByLabel('End time').fill('');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The event has been created.');
    const feed = await page.request.get(`${server.url}/feeds/public.ics?theme=C2`);
    expect(summaries(await feed.text())).toContain('Hate crime reporting drop-in at the library');
    expect(problems).toEqual([]);
  });
});
