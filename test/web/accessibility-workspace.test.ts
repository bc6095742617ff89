/**
 * axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page of the organisers' workspace, in
 * real Chromium: zero violations allowed. Pages with form errors are
 * included, because that is where accessibility usually breaks.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, signIn } from './support/browser.js';
import { openAxeSession, type AxeSession } from './support/axe-session.js';
import { configFromEnv } from '../../src/config.js';
import { runDue } from '../../src/notify/dispatch.js';
import { outboxMailer } from '../../src/notify/outbox-mailer.js';
import { ACCOUNTS, type WebServer } from './support/server.js';

describe('accessibility of the organisers’ workspace (axe-core, WCAG 2.2 AA)', () => {
  let session: AxeSession;
  let server: WebServer;
  let page: Page;
  let ids: AxeSession['ids'];
  const check = (path: string, viewport?: { width: number; height: number }) => session.check(path, viewport);

  beforeAll(async () => {
    session = await openAxeSession();
    ({ server, page, ids } = session);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('has no violations in the organisers’ workspace, forms with errors included', { timeout: 120_000 }, async () => {
    await signIn(page, server.url, ACCOUNTS.admin);
    const paths = [
      '/organise',
      '/organise/events',
      '/organise/events?kind=meeting&status=draft',
      '/organise/events/new?kind=meeting',
      `/organise/events/${ids.iag}`,
      `/organise/events/${ids.iag}/edit`,
      `/organise/events/${ids.iag}/occurrences`,
      `/organise/events/${ids.hcaw}/copy`,
      '/organise/audit',
      '/organise/directory',
      '/organise/organisations/new',
      '/organise/groups/new',
      '/organise/groups/iag',
      '/organise/groups/iag/import',
      '/organise/users',
      '/organise/reminders',
      `/organise/events/${ids.board}`,
      `/events/${ids.iag}`,
    ];
    // A reminder pass first, so the reminder pages have deliveries and kept emails to show.
    const store = server.handle.store;
    await runDue({ store, mailer: outboxMailer(store, server.clock), config: configFromEnv({ PUBLIC_URL: server.url }) }, server.clock());
    const delivery = await store.db.selectFrom('reminder_deliveries').select('id').where('status', '=', 'sent').executeTakeFirstOrThrow();
    const kept = await store.db.selectFrom('mail_outbox').select('id').executeTakeFirstOrThrow();
    paths.push(`/organise/deliveries/${delivery.id}`, `/organise/outbox/${kept.id}`);
    const problems: string[] = [];
    for (const path of paths) problems.push(await check(path));

    await page.goto(`${server.url}/organise/events/new?kind=meeting`);
    await page.getByLabel('End time').fill('17:00');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Title is required');
    problems.push(describeViolations('/organise/events/new (errors)', await axeViolations(page)));

    await page.goto(`${server.url}/organise/events/${ids.iag}/occurrences`);
    await page.getByText('Move this date').first().click();
    await page.getByRole('button', { name: 'Move' }).first().click();
    problems.push(describeViolations('/organise/events/:id/occurrences (errors)', await axeViolations(page)));

    await page.goto(`${server.url}/organise/groups/iag/import`);
    await page.getByLabel('Or paste the lines').fill('email,role\nnot-an-email,IAG Member\niag-member-9@example.org,IAG Member');
    await page.getByRole('button', { name: 'Preview the import' }).click();
    expect(await page.getByRole('status').textContent()).toContain('1 row is ready to import; 1 row has problems');
    problems.push(describeViolations('/organise/groups/iag/import (preview)', await axeViolations(page)));

    await page.goto(`${server.url}/organise/users`);
    await page.getByRole('button', { name: 'Create account' }).click();
    problems.push(describeViolations('/organise/users (errors)', await axeViolations(page)));
    expect(problems.filter(Boolean).join('\n')).toBe('');
  });
});
