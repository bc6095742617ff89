/**
 * End to end, as an owner locked out of the password path would live it: someone has been guessing
 * at the IAG secretary's password, so signing in with it has to wait; the secretary asks for a
 * sign-in link in Chromium (JavaScript off), the real SMTP mailer delivers it to a real SMTP server
 * on loopback, and Chromium follows the link from the received email into the workspace.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer, type SmtpMailer } from '../../src/runtime/smtp-mailer.js';
import { SmtpSink } from '../notify/support/smtp-sink.js';
import { openChromium } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('a sign-in link in the browser, through a real mail server', () => {
  let sink: SmtpSink;
  let mailer: SmtpMailer;
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    sink = await new SmtpSink().start();
    mailer = smtpMailer(sink.url);
    server = await startWebServer({ mailer });
    browser = await openChromium();
  });
  afterAll(async () => {
    await browser?.close();
    mailer?.close();
    await server?.close();
    await sink?.stop();
  });

  async function emailTo(address: string) {
    for (let i = 0; i < 100; i++) {
      const mail = (await sink.parsedFor(address))[0];
      if (mail) return mail;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no email reached ${address}`);
  }

  it('gets the owner into the workspace while the password path is slowed down', async () => {
    const { email, password } = ACCOUNTS.organiser;
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    // Someone else's guesses.
    for (let i = 0; i < 4; i++) {
      await page.goto(`${server.url}/signin`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill(`a wrong guess number ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(page.locator('main').innerText()).resolves.toContain('get a sign-in link by email');

    // The owner, with the right password, is asked to wait; the link is offered instead.
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('main').innerText()).toContain('Try again in');
    await page.getByRole('link', { name: 'Email me a sign-in link instead' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    expect(await page.locator('h1').innerText()).toBe('Check your email');

    const mail = await emailTo(email);
    expect(mail.subject).toBe('Your sign-in link for the SaferMK Community Safety Partnership calendar');
    const link = /Sign in: (\S+)/.exec(mail.text!)![1]!;
    expect(link.startsWith(`${server.url}/signin/link/`)).toBe(true);
    // The HTML part carries the same link on its button.
    expect(String(mail.html)).toContain(`href="${link}"`);

    await page.goto(link);
    expect(await page.locator('h1').innerText()).toBe(`Sign in as ${email}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/organise`);
    expect(await page.locator('h1').first().innerText()).toMatch(/./);
    expect(await page.locator('body').innerText()).toContain(email);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'safercal-signed-in-by-link.png'), fullPage: true });

    // The link is used up: following it again in another browser gets the "expired or used" page.
    const other = await browser.newContext({ javaScriptEnabled: false });
    const second = await other.newPage();
    const again = await second.goto(link);
    expect(again!.status()).toBe(404);
    expect(await second.locator('h1').innerText()).toBe('This sign-in link has expired or been used');
    await other.close();
    await context.close();
  }, 90_000);
});
