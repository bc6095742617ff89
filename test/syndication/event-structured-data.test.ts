/**
 * Public event pages carry schema.org Event data (JSON-LD) that search engines read: it parses
 * from the page as Chromium renders it, is valid under schema.org's vocabulary, and states the
 * right instants with their UK offsets on both sides of the October clock change; moved and
 * cancelled dates say so. The block is data, not a script: the page's CSP still forbids scripts
 * and Chromium reports no violation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromium } from '../web/support/browser.js';
import { startWebServer, type WebServer } from '../web/support/server.js';
import { schemaOrgErrors } from './support/schema-org.js';

let app: WebServer;
let browser: Browser;
let token: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/** The page as Chromium renders it: its JSON-LD, its CSP header, and what the console said. */
async function open(path: string) {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  const res = await page.goto(`${app.url}${path}`);
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  const csp = (await res!.allHeaders())['content-security-policy'] ?? '';
  await context.close();
  return { data: blocks.map((b) => JSON.parse(b)), csp, console };
}

let series: string;
let oneOff: string;

beforeAll(async () => {
  [app, browser] = await Promise.all([startWebServer({ now: '2022-10-03T09:00:00Z' }), openChromium()]);
  const { createToken } = await import('../../src/db/tokens.js');
  token = (await createToken(app.handle.store, 'json-ld-test', 'organiser', { actor: 'test', now: app.clock() })).token;
  const org = (await api('GET', '/api/organisations')).body.organisations[0];
  const created = await api('POST', '/api/events', {
    kind: 'activity',
    title: 'Hate crime surgery',
    description: 'Drop in to report hate crime or get support.',
    location: 'Central Library, Milton Keynes',
    start: '2022-10-19T18:00',
    end: '2022-10-19T19:30',
    rrule: 'FREQ=WEEKLY;COUNT=4',
    organisationId: org.id,
    themes: ['C2'],
  });
  expect(created.status).toBe(201);
  series = created.body.id;
  // 2 November moves to Thursday 3 November; 9 November is cancelled.
  expect(
    (await api('PUT', `/api/events/${series}/occurrences/2022-11-02T18:00:00Z`, { start: '2022-11-03T18:00', end: '2022-11-03T19:30' }))
      .status,
  ).toBe(200);
  expect((await api('PUT', `/api/events/${series}/occurrences/2022-11-09T18:00:00Z`, { status: 'cancelled' })).status).toBe(200);
  const single = await api('POST', '/api/events', {
    kind: 'activity',
    title: 'Online briefing',
    location: 'Online',
    start: '2022-10-21T10:00',
    end: '2022-10-21T11:00',
  });
  oneOff = single.body.id;
  expect((await api('POST', `/api/events/${oneOff}/cancel`, { reason: 'speaker unwell' })).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('schema.org Event data on public event pages', () => {
  it('carries each date with its UK offset across the October clock change, and says which moved or were cancelled', async () => {
    const { data } = await open(`/events/${series}`);
    expect(data).toHaveLength(1);
    const events = data[0]['@graph'] as Record<string, any>[];
    const byStart = new Map(events.map((e) => [e.startDate as string, e]));
    // Summer time (UTC+1) before 30 October, Greenwich time after: 18:00 on the wall clock both sides.
    expect(byStart.get('2022-10-19T18:00:00+01:00')?.eventStatus).toBe('https://schema.org/EventScheduled');
    expect(byStart.get('2022-10-26T18:00:00+01:00')?.endDate).toBe('2022-10-26T19:30:00+01:00');
    expect(Date.parse('2022-10-26T18:00:00+01:00')).toBe(Date.parse('2022-10-26T17:00:00Z'));
    const moved = byStart.get('2022-11-03T18:00:00+00:00');
    expect(moved?.eventStatus).toBe('https://schema.org/EventRescheduled');
    expect(moved?.previousStartDate).toBe('2022-11-02T18:00:00+00:00');
    expect(Date.parse(moved!.startDate)).toBe(Date.parse('2022-11-03T18:00:00Z'));
    expect(byStart.get('2022-11-09T18:00:00+00:00')?.eventStatus).toBe('https://schema.org/EventCancelled');
    const first = events[0]!;
    expect(first.location).toEqual({ '@type': 'Place', name: 'Central Library, Milton Keynes', address: 'Central Library, Milton Keynes' });
    expect(first.eventAttendanceMode).toBe('https://schema.org/OfflineEventAttendanceMode');
    expect(first.organizer['@type']).toBe('Organization');
    expect(first.url).toBe(`${app.url}/events/${series}`);
  });

  it('marks a cancelled event as cancelled, and an online one as online', async () => {
    const { data } = await open(`/events/${oneOff}`);
    const [event] = data[0]['@graph'];
    expect(event.eventStatus).toBe('https://schema.org/EventCancelled');
    expect(event.startDate).toBe('2022-10-21T10:00:00+01:00');
    expect(event.eventAttendanceMode).toBe('https://schema.org/OnlineEventAttendanceMode');
    expect(event.location).toEqual({ '@type': 'VirtualLocation', name: 'Online' });
  });

  it("is valid under schema.org's vocabulary (and the check does catch what is not)", async () => {
    const pages = [(await open(`/events/${series}`)).data[0], (await open(`/events/${oneOff}`)).data[0]];
    const invented = {
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'Event', name: 'x', startDate: '2022-10-19', eventMood: 'happy' }],
    };
    const wrongStatus = {
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'Event', name: 'x', eventStatus: 'https://schema.org/EventPostponedForever' }],
    };
    const [seriesErrors, oneOffErrors, inventedErrors, statusErrors] = schemaOrgErrors([...pages, invented, wrongStatus]);
    expect(seriesErrors).toEqual([]);
    expect(oneOffErrors).toEqual([]);
    expect(inventedErrors!.join('\n')).toMatch(/eventMood/);
    expect(statusErrors).not.toEqual([]);
  }, 120_000);

  it('is data, not a script: the CSP still forbids scripts and Chromium reports no violation', async () => {
    const { csp, console } = await open(`/events/${series}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(console.filter((line) => /Content Security Policy|Refused/.test(line))).toEqual([]);
  });

  it('is left off pages of events that are not public', async () => {
    const partners = await api('POST', '/api/events', {
      kind: 'activity',
      title: 'Partners only',
      start: '2022-10-22',
      visibility: 'partners',
    });
    const res = await fetch(`${app.url}/events/${partners.body.id}`);
    expect(res.status).toBe(404);
    const { data } = await open(`/events/${partners.body.id}`);
    expect(data).toEqual([]);
  });
});
