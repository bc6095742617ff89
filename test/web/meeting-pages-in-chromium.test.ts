/**
 * The meeting pages in real Chromium on the demo calendar (3 October 2022: the board's July
 * meeting has its record, October's agenda is published): an exempt item shows by number and title
 * only; axe-core finds no WCAG 2.2 AA violations on the pages the every-page sweeps do not open (the
 * exempt item's page, the record seen signed in, a form showing its errors); and an organiser runs
 * the workspace's forms with JavaScript switched off, a paper upload included.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeContext, axeViolations, describeViolations, openChromium, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';
import { createEvent } from '../../src/db/events.js';
import type { EventFields } from '../../src/domain/event.js';
import { addAgendaItem } from '../../src/meetings/writes.js';
import { recordApology } from '../../src/notify/apologies.js';
import { editEvent } from '../../src/series/index.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('meeting pages in Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let july: string;
  let october: string;
  const problems = async (path: string, width = 1280) => {
    await page.setViewportSize({ width, height: 900 });
    const res = await page.goto(`${server.url}${path}`);
    expect(res?.status(), path).toBe(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const reflow = overflow > 0 ? `${path} at ${width}px scrolls sideways by ${overflow}px` : '';
    return [describeViolations(`${path} at ${width}px`, await axeViolations(page)), reflow].filter(Boolean).join('\n');
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), openChromium()]);
    const context = await axeContext(browser);
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    const rows = await server.handle.store.db
      .selectFrom('meetings')
      .select(['event_id', 'occurrence', 'minutes_status'])
      .orderBy('occurrence')
      .execute();
    const path = (r: { event_id: string; occurrence: string }) => `/meetings/${r.event_id}/${r.occurrence.replace(/[-:]/g, '')}`;
    july = path(rows.find((r) => r.minutes_status === 'ready')!);
    october = path(rows.find((r) => r.minutes_status === 'none')!);
    expect(july).toContain('20220721T130000Z');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // The public meeting and group pages, and the workspace's meeting, action and agenda-item pages,
  // as opened, at 320 and 1280 px: reflow and axe in every-public-page- and
  // every-workspace-page-reflows-and-passes-axe.test.ts (ADR 272). Here: what those sweeps do not open.

  it('shows an exempt item on the public meeting page by its number and title, never its business', async () => {
    await page.goto(`${server.url}${july}`);
    expect(await page.getByRole('heading', { level: 3, name: '8. Exempt item' }).count()).toBe(1);
    expect(await page.content()).not.toContain('Domestic homicide reviews: update');
  });

  it('shows an exempt agenda item and the record to an organiser without violations, errors included', { timeout: 120_000 }, async () => {
    await signIn(page, server.url, ACCOUNTS.admin);
    const item = await server.handle.store.db.selectFrom('agenda_items').select('id').where('exempt', '=', 1).executeTakeFirstOrThrow();
    const found: string[] = [];
    // The sweep opens a first agenda item, not the exempt one, and the public meeting page signed out.
    for (const path of [`/organise/agenda-items/${item.id}`, july]) found.push(await problems(path));
    await page.goto(`${server.url}/organise${october}`);
    await page.getByRole('checkbox', { name: 'The press and public are excluded for this item' }).check();
    await page.getByRole('button', { name: 'Add the item' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Title is required');
    found.push(describeViolations('workspace with errors', await axeViolations(page)));
    expect(found.filter(Boolean).join('\n')).toBe('');
  });

  it('lets an organiser build an agenda, upload a paper and record attendance with JavaScript off', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    const noJs = await context.newPage();
    await signIn(noJs, server.url, ACCOUNTS.admin);
    await noJs.goto(`${server.url}/organise${october}`);
    await noJs.getByLabel('Title', { exact: true }).first().fill('Hate crime reporting: quarterly figures');
    await noJs.getByLabel('Lead').fill('Community Cohesion Manager');
    await noJs.getByRole('button', { name: 'Add the item' }).click();
    expect(await noJs.getByRole('status').textContent()).toContain('The agenda item has been added.');
    await noJs.getByRole('link', { name: 'Hate crime reporting: quarterly figures' }).click();
    await noJs.getByLabel('File').setInputFiles(join(import.meta.dirname, '..', 'meetings', 'fixtures', 'information-report.pdf'));
    await noJs.getByRole('button', { name: 'Upload' }).click();
    expect(await noJs.getByRole('status').textContent()).toContain('The document has been added.');
    expect(await noJs.getByRole('link', { name: 'information-report' }).count()).toBe(1);

    await noJs.goto(`${server.url}/organise${july}`);
    const observer = noJs.getByRole('group', { name: /Ward Councillor/ });
    await observer.getByLabel('Absent').check();
    await noJs.getByRole('button', { name: 'Save attendance' }).click();
    expect(await noJs.getByRole('status').textContent()).toContain('Attendance has been saved.');
    await noJs.goto(`${server.url}${july}`);
    expect(await noJs.getByRole('row', { name: /Ward Councillor/ }).textContent()).toContain('Absent');
    await context.close();
  });

  it('keeps a meeting’s agenda and apologies with its date through a split, and leads any address of a date to where it is now (ADR 288)', async () => {
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    const board = await store.db.selectFrom('groups').select('id').where('slug', '=', 'safermk-board').executeTakeFirstOrThrow();
    const member = await store.db
      .selectFrom('group_members')
      .select('person_id')
      .where('group_id', '=', board.id)
      .executeTakeFirstOrThrow();
    const fields: EventFields = {
      kind: 'meeting',
      title: 'Community trigger review panel',
      description: '',
      location: 'Civic Offices, Room 3',
      links: [],
      when: { allDay: false, startsAt: '2022-10-19T17:00:00Z', endsAt: '2022-10-19T18:00:00Z' },
      timezone: 'Europe/London',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE;COUNT=6',
      themes: [],
      organisationId: null,
      groupId: board.id,
      parentId: null,
      visibility: 'public',
      status: 'published',
    };
    const panel = await createEvent(store, fields, ctx);
    // November's agenda and an apology, recorded before the series moves to 18:30 from November on.
    const november = { eventId: panel.id, occurrence: '2022-11-16T18:00:00Z' };
    await addAgendaItem(
      store,
      november,
      { title: 'Case review: repeated ASB on the estate', lead: 'Chair', description: '', exempt: false, exemptReason: '' },
      ctx,
    );
    await recordApology(store, {
      ...november,
      personId: member.person_id,
      occurrenceStart: november.occurrence,
      organiserEmail: 'clerk@example.org',
      note: 'At a conference',
      now: ctx.now.toISOString(),
    });
    const split = await editEvent(
      store,
      panel,
      { ...fields, when: { allDay: false, startsAt: '2022-11-16T18:30:00Z', endsAt: '2022-11-16T19:30:00Z' } },
      { dates: 'following', from: '2022-11-16T18:00:00Z', orphans: null, reason: 'Room free later', activities: null },
      ctx,
    );
    if (!split.ok) throw new Error(JSON.stringify(split.errors));
    const later = split.event.id;
    expect(later).not.toBe(panel.id);

    // The new part's November meeting has what was recorded for it.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.goto(`${server.url}/organise/meetings/${later}/20221116T183000Z`);
    const workspace = (await page.locator('main').textContent())!;
    expect(workspace).toContain('Case review: repeated ASB on the estate');
    expect(workspace).toContain('Sent apologies by e-mail: “At a conference”');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-meeting-record-follows-split.png`, fullPage: true });

    // Addresses of the old part's dates nobody was e-mailed about, bookmarked before the split.
    for (const [old, now] of [
      ['20221116T180000Z', '20221116T183000Z'],
      ['20221221T180000Z', '20221221T183000Z'],
    ]) {
      const res = await page.goto(`${server.url}/meetings/${panel.id}/${old}`);
      expect(res?.status(), old).toBe(200);
      expect(new URL(page.url()).pathname, old).toBe(`/meetings/${later}/${now}`);
    }
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Community trigger review panel');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-bookmarked-meeting-after-split.png`, fullPage: true });
    // October, before the split: the part the split left one date is a one-off, whose page is the date's.
    expect((await page.goto(`${server.url}/meetings/${panel.id}/20221019T170000Z`))?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/meetings/${panel.id}`);
    // An address that was never a date is still not found.
    expect((await page.goto(`${server.url}/meetings/${panel.id}/20221214T180000Z`))?.status()).toBe(404);
    await context.close();
  });
});
