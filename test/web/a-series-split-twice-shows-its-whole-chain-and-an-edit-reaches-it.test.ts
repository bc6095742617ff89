/**
 * A series split twice by "this and following" reads as one series in the workspace, in real
 * Chromium with JavaScript off: each part's page links every earlier part and shows the history of
 * all three; the edit form of the first part says, before saving, that a change of all dates is
 * made in the later parts too, and saving does so. An activity kept on its date when its week
 * moved says it is outside the week's dates rather than "Part of" dates it is not in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.js';
import { createEvent, getEvent } from '../../src/db/events.js';
import { eventFields as eventFieldsOf, type EventFields } from '../../src/domain/event.js';
import { editEvent } from '../../src/series/index.js';
import { openChromium, signIn } from './support/browser.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

// Screenshots for a person to look at, written only when SAFERCAL_SCREENSHOTS names a directory: no assertion reads them.
const SHOTS = process.env.SAFERCAL_SCREENSHOTS;

describe('a series split twice', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const fields: EventFields = {
    kind: 'training',
    title: 'Neighbourhood watch surgery',
    description: '',
    location: 'Wolverton Library',
    links: [],
    when: { allDay: false, startsAt: '2022-10-05T17:00:00Z', endsAt: '2022-10-05T18:00:00Z' },
    timezone: 'Europe/London',
    rrule: 'FREQ=WEEKLY;BYDAY=WE',
    themes: [],
    organisationId: null,
    groupId: null,
    parentId: null,
    visibility: 'public',
    status: 'published',
  };
  let ids: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ now: '2022-10-03T09:00:00Z' }), openChromium()]);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, server.url, ACCOUNTS.admin);
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    const first = await createEvent(store, fields, ctx);
    ids = [first.id];
    // Two "following" changes of words: 19 October on, then 2 November on.
    for (const [from, description] of [
      ['2022-10-19T17:00:00Z', 'Now with the youth team'],
      ['2022-11-02T18:00:00Z', 'Now with the youth team and PCSOs'],
    ] as const) {
      const current = (await getEvent(store, ids.at(-1)!))!;
      const edited = await editEvent(
        store,
        current,
        { ...fields, description },
        { dates: 'following', from, orphans: null, reason: '', activities: null },
        ctx,
      );
      if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
      ids.push(edited.event.id);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every earlier part and the history of all three on the last part’s page', async () => {
    await page.goto(`${server.url}/organise/events/${ids[2]}`);
    const main = (await page.locator('main').textContent())!;
    expect(main.match(/Earlier dates: Neighbourhood watch surgery/g)).toHaveLength(2);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/safercal-series3-chain.png`, fullPage: true });
    const earlierLinks = page.getByRole('link', { name: 'Neighbourhood watch surgery' });
    expect(await earlierLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(
      expect.arrayContaining([`/organise/events/${ids[0]}`, `/organise/events/${ids[1]}`]),
    );
    // One history: every entry of both earlier parts (not only the nearest), then this part's own.
    const history = (await page.locator('table').last().textContent())!;
    const entriesOf = async (id: string) =>
      (await listAudit(server.handle.store, { entity: 'event', entityId: id, limit: 50, offset: 0 })).total;
    const firstPart = await entriesOf(ids[0]!);
    expect(firstPart).toBeGreaterThan(0);
    expect(history.match(/\(earlier dates\)/g)).toHaveLength(firstPart + (await entriesOf(ids[1]!)));
  });

  it('links each part’s public page to where the series began and where it continues, for any visitor who may see it (ADR 285)', async () => {
    const store = server.handle.store;
    const ctx = { actor: 'test-setup', now: server.clock() };
    // Four September Wednesdays have passed: a new time for all dates carries on as a new part from 5 October.
    const september = await createEvent(
      store,
      {
        ...fields,
        title: 'Street safety surgery',
        when: { allDay: false, startsAt: '2022-09-07T17:00:00Z', endsAt: '2022-09-07T18:00:00Z' },
      },
      ctx,
    );
    const edited = await editEvent(
      store,
      september,
      { ...eventFieldsOf(september), when: { allDay: false, startsAt: '2022-09-07T17:30:00Z', endsAt: '2022-09-07T18:30:00Z' } },
      { dates: 'all', from: null, orphans: null, reason: '', activities: null },
      ctx,
    );
    if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
    expect(edited.summary.allBecameFollowing).toBe(true);
    const visitor = await (await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' })).newPage();

    await visitor.goto(`${server.url}/events/${september.id}`);
    const ended = (await visitor.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(ended).toContain(
      'This part of the series has no more dates: it continues as Street safety surgery from Wednesday 5 October 2022, 18:30–19:30.',
    );
    expect(ended).toContain('Continues as: Street safety surgery from Wednesday 5 October 2022, 18:30–19:30');
    await visitor.getByRole('link', { name: 'Street safety surgery' }).first().click();
    expect(new URL(visitor.url()).pathname).toBe(`/events/${edited.event.id}`);
    expect(await visitor.locator('main').textContent()).toContain('Earlier dates: Street safety surgery');
    expect(await visitor.getByRole('link', { name: 'Street safety surgery' }).getAttribute('href')).toBe(`/events/${september.id}`);

    // The middle part of a chain links both ways.
    await visitor.goto(`${server.url}/events/${ids[1]}`);
    const middle = (await visitor.locator('main').textContent())!;
    expect(middle).toContain('Earlier dates: Neighbourhood watch surgery');
    expect(middle).toContain('Continues as: Neighbourhood watch surgery from Wednesday 2 November 2022');
    expect(
      await visitor.getByRole('link', { name: 'Neighbourhood watch surgery' }).evaluateAll((a) => a.map((l) => l.getAttribute('href'))),
    ).toEqual([`/events/${ids[0]}`, `/events/${ids[2]}`]);

    // A part the visitor may not see is not linked.
    await store.db.updateTable('events').set({ visibility: 'partners' }).where('id', '=', ids[2]!).execute();
    await visitor.goto(`${server.url}/events/${ids[1]}`);
    expect(await visitor.locator('main').textContent()).not.toContain('Continues as');
    await store.db.updateTable('events').set({ visibility: 'public' }).where('id', '=', ids[2]!).execute();
    await visitor.context().close();
  });

  it('says on the first part’s form that the later parts change too, and changes them when saved', async () => {
    await page.goto(`${server.url}/organise/events/${ids[0]}/edit`);
    const notice = (await page.locator('#dates-continuation').textContent())!.replace(/\s+/g, ' ');
    expect(notice).toContain('This series continues as Neighbourhood watch surgery from Wednesday 19 October 2022');
    expect(notice).toContain('then Neighbourhood watch surgery from Wednesday 2 November 2022');
    expect(notice).toContain('is made there too');
    await page.getByLabel('Start time').fill('18:30');
    await page.getByLabel('End time').fill('19:30');
    await page.getByRole('button', { name: 'Save event' }).click();
    expect(await page.locator('.error-summary').count(), (await page.locator('main').textContent())!).toBe(0);
    expect(await page.getByRole('status').textContent()).toBeTruthy();
    // 18:30 UK time on each part's first date: BST in October, GMT from November.
    const starts = await Promise.all(ids.map(async (id) => (await getEvent(server.handle.store, id))!.when));
    expect(starts.map((w) => (w.allDay ? w.startDate : w.startsAt))).toEqual([
      '2022-10-05T17:30:00Z',
      '2022-10-19T17:30:00Z',
      '2022-11-02T18:30:00Z',
    ]);
  });
});
