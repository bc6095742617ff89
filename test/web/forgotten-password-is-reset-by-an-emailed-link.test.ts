/**
 * A user who forgot their password sets a new one from a link emailed to them, through the real
 * SMTP mailer to a real SMTP server on loopback; and a signed-in user changes their own. In real
 * Chromium with JavaScript off, on a 320 px screen: every page it reaches reflows and passes axe
 * (the forgotten-password page and the reset form as opened, in every-public-page-reflows-and-passes-axe).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeContext, openChromium, problemsOf, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

const PHONE = { width: 320, height: 700 };

describe('a forgotten password, and changing your own', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let axePage: Page;
  const problems: string[] = [];
  const check = async (label: string) => problems.push(...(await problemsOf(page, axePage, label)));

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

  const resetLinkIn = (text: string) => /Set a new password: (http\S+)/.exec(text)![1]!;

  it('emails a one-time link from the sign-in page, and says the same whether or not the address has an account', async () => {
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    // This page and the reset form as opened: reflow and axe at 320 and 1280 px in the public sweep (ADR 272).
    await page.getByLabel('Email address').fill(ACCOUNTS.organiser.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    await check('link sent');
    const mail = await server.lastEmailTo(ACCOUNTS.organiser.email);
    expect(mail.subject).toBe('Set a new password for the SaferMK Community Safety Partnership calendar');
    expect(mail.text).toContain('The link works once, for 60 minutes.');
    expect(resetLinkIn(mail.text)).toMatch(new RegExp(`^${server.url}/account/reset-password/[A-Za-z0-9_-]{43}$`));
    // Only a hash of the token is kept.
    const row = await server.handle.store.db.selectFrom('password_reset_tokens').selectAll().executeTakeFirstOrThrow();
    expect(mail.text).not.toContain(row.token_hash);

    await page.goto(`${server.url}/account/forgot-password`);
    await page.getByLabel('Email address').fill('nobody-here@example.org');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    expect(await server.mail.parsedFor('nobody-here@example.org')).toEqual([]);
  });

  it('sets the new password from the link once, after which the old password and the link stop working', async () => {
    const link = resetLinkIn((await server.lastEmailTo(ACCOUNTS.organiser.email)).text);
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('a new long passphrase');
    await page.getByLabel('New password again').fill('a different passphrase');
    await page.getByRole('button', { name: 'Set my new password' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('New password again must be the same as the new password');
    await check('reset form with errors');
    await page.getByLabel('New password', { exact: true }).fill('a new long passphrase');
    await page.getByLabel('New password again').fill('a new long passphrase');
    await page.getByRole('button', { name: 'Set my new password' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your new password is set');
    await check('sign in after reset');

    await signIn(page, server.url, { email: ACCOUNTS.organiser.email, password: 'a new long passphrase' });
    expect(new URL(page.url()).pathname).toBe('/organise');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email address').fill(ACCOUNTS.organiser.email);
    await page.getByLabel('Password').fill(ACCOUNTS.organiser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('not right');

    const again = await page.goto(link);
    expect(again?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toContain('has been used, has expired, or is incomplete');
    await check('used link');
  });

  it('refuses a link after 60 minutes', async () => {
    await page.goto(`${server.url}/account/forgot-password`);
    await page.getByLabel('Email address').fill(ACCOUNTS.viewer.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    const link = resetLinkIn((await server.lastEmailTo(ACCOUNTS.viewer.email)).text);
    server.clock.set('2022-10-03T10:01:00Z');
    expect((await page.goto(link))?.status()).toBe(404);
    server.clock.set('2022-10-03T09:00:00Z');
  });

  it('lets a signed-in user change their own password, keeping this browser signed in', async () => {
    await signIn(page, server.url, ACCOUNTS.viewer);
    await page.getByRole('link', { name: 'Your password' }).click();
    await check('change password');
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill('viewer passphrase two');
    await page.getByLabel('New password again').fill('viewer passphrase two');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Current password is not right');
    await check('change password with errors');
    await page.getByLabel('Current password').fill(ACCOUNTS.viewer.password);
    await page.getByLabel('New password', { exact: true }).fill('viewer passphrase two');
    await page.getByLabel('New password again').fill('viewer passphrase two');
    await page.getByRole('button', { name: 'Change my password' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Your password has been changed');
    expect(await page.locator('header').textContent()).toContain(ACCOUNTS.viewer.email);
    await check('password changed');
    expect(problems).toEqual([]);
  });
});
