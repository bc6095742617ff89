/**
 * axe-core (WCAG 2.2 A and AA) on the import and sync pages in real Chromium: the import form
 * and its error page, a preview with problems, the partners' calendars list with a failing one,
 * a calendar's run history, and the dashboard's alert about it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/import/sync.js';
import { createSyncedFeedStatements } from '../../src/import/synced-feeds.js';
import { axeViolations, describeViolations, signIn } from '../web/support/browser.js';
import { openAxeSession, type AxeSession } from '../web/support/axe-session.js';
import { ACCOUNTS } from '../web/support/server.js';

describe('accessibility of the import and sync pages (axe-core, WCAG 2.2 AA)', () => {
  let session: AxeSession;
  beforeAll(async () => {
    session = await openAxeSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('has no violations, error pages and previews included', { timeout: 180_000 }, async () => {
    const { page, server } = session;
    await signIn(page, server.url, ACCOUNTS.admin);
    const store = server.handle.store;
    const feedId = crypto.randomUUID();
    await store.batch(
      createSyncedFeedStatements(
        store,
        {
          id: feedId,
          url: 'https://fire.example.org/calendar.ics',
          label: 'Fire and rescue',
          intervalMinutes: 60,
          choices: { kind: 'activity', themes: [], organisationId: null, groupId: null, visibility: 'public', status: 'published' },
        },
        { actor: 'test', now: server.clock() },
      ),
    );
    await runSync({ store, fetcher: async () => ({ ok: false, status: null, error: 'No answer within 10 s.' }) }, server.clock());
    const problems: string[] = [];
    for (const path of ['/organise/import', '/organise/sync', `/organise/sync/${feedId}`, '/organise'])
      problems.push(await session.check(path));

    await page.goto(`${server.url}/organise/import`);
    await page.getByLabel('Kind of event').selectOption('meeting');
    await page.getByRole('button', { name: 'Preview the import' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('There is a problem');
    problems.push(describeViolations('/organise/import (errors)', await axeViolations(page)));

    const file = readFileSync(new URL('./fixtures/partner-calendar.ics', import.meta.url));
    await page.goto(`${server.url}/organise/import`);
    await page.getByLabel('Calendar file (.ics)').setInputFiles({ name: 'partner-calendar.ics', mimeType: 'text/calendar', buffer: file });
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByRole('heading', { name: 'What this import would do' }).waitFor();
    problems.push(describeViolations('/organise/import/:id (preview)', await axeViolations(page)));
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/import-preview.png`, fullPage: true });
    expect(problems.filter(Boolean).join('\n')).toBe('');
  });
});
