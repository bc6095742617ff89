/**
 * The month view shows each day's first five events and how many more it has, counted up to
 * twenty: a day with more says "15+ more" (20 or more in all) (the page reads at most 21 events a day, whatever the
 * calendar holds; ADR 180), and every "more" link opens the list from that day. Days are UK days:
 * an event just after midnight in summer time is on its own day, not the day before in UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const ORGANISER = { email: 'community-safety-team@example.org', password: 'correct horse battery staple' };

/** The text of the day cell whose full date is `day` ("Tuesday 10 November"). */
function cell(html: string, day: string): string {
  const at = html.indexOf(`<span class="full">${day}</span>`);
  expect(at, day).toBeGreaterThan(0);
  return html.slice(at, html.indexOf('</td>', at));
}

const titlesIn = (html: string) => [...html.matchAll(/<a href="\/events\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('a busy day in the month view', () => {
  let t: TestApp;
  let visitor: Session;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-11-02T09:00:00Z' });
    visitor = new Session(t.app);
    const add = async (title: string, start: string, end: string, visibility = 'public') => {
      const res = await t.call('POST', '/api/events', { kind: 'activity', title, start, end, visibility });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    // 10 November: 8 public events and 2 for partners only.
    for (let i = 0; i < 8; i++) {
      const at = `2026-11-10T${String(9 + i).padStart(2, '0')}:00`;
      await add(
        `Street surgery ${i + 1}`,
        at,
        at.replace(/T(\d\d)/, (_, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}`),
      );
    }
    await add('Partners’ briefing A', '2026-11-10T08:00', '2026-11-10T08:30', 'partners');
    await add('Partners’ briefing B', '2026-11-10T08:30', '2026-11-10T08:45', 'partners');
    // 12 November: 30 public events, more than the page counts.
    for (let i = 0; i < 30; i++) {
      const minute = String(i).padStart(2, '0');
      await add(`Door-to-door visit ${i + 1}`, `2026-11-12T10:${minute}`, `2026-11-12T10:${minute}`.replace('T10', 'T11'));
    }
    // Just after midnight on 1 July (summer time): 23:30 on 30 June in UTC.
    await add('Night-time economy patrol', '2026-07-01T00:30', '2026-07-01T02:00');
  });
  afterAll(() => t.close());

  it('shows the first five of a day and says exactly how many more, counting only what the visitor may see', async () => {
    const month = await visitor.get('/calendar/month?year=2026&month=11');
    expect(month.status).toBe(200);
    const tenth = cell(month.text, 'Tuesday 10 November');
    expect(titlesIn(tenth)).toEqual(['Street surgery 1', 'Street surgery 2', 'Street surgery 3', 'Street surgery 4', 'Street surgery 5']);
    expect(tenth).toContain(
      '<a class="more" href="/?from=2026-11-10">3 more<span class="visually-hidden"> on Tuesday 10 November</span></a>',
    );
  });

  it('says "15+ more" for a day with more than twenty, with a link to that day’s list', async () => {
    const month = await visitor.get('/calendar/month?year=2026&month=11');
    const twelfth = cell(month.text, 'Thursday 12 November');
    expect(titlesIn(twelfth)).toEqual([1, 2, 3, 4, 5].map((n) => `Door-to-door visit ${n}`));
    expect(twelfth).toContain(
      '<a class="more" href="/?from=2026-11-12">15+ more<span class="visually-hidden"> on Thursday 12 November</span></a>',
    );
    const day = await visitor.get('/?from=2026-11-12');
    expect(titlesIn(day.text)).toContain('Door-to-door visit 20');
  });

  it('counts the partner-only events an organiser sees, and shows them in time order', async () => {
    await createUser(
      t.handle.store,
      { email: ORGANISER.email, role: 'organiser', passwordHash: await hashPassword(ORGANISER.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: t.clock() },
    );
    const organiser = new Session(t.app);
    expect((await organiser.post('/signin', ORGANISER)).status).toBe(303);
    const tenth = cell((await organiser.get('/calendar/month?year=2026&month=11')).text, 'Tuesday 10 November');
    expect(titlesIn(tenth)).toEqual([
      'Partners’ briefing A',
      'Partners’ briefing B',
      'Street surgery 1',
      'Street surgery 2',
      'Street surgery 3',
    ]);
    expect(tenth).toContain('>5 more<');
  });

  it('puts an event just after midnight in summer time on its UK day', async () => {
    const july = await visitor.get('/calendar/month?year=2026&month=7');
    expect(titlesIn(cell(july.text, 'Wednesday 1 July'))).toEqual(['Night-time economy patrol']);
    const june = await visitor.get('/calendar/month?year=2026&month=6');
    expect(titlesIn(cell(june.text, 'Tuesday 30 June'))).toEqual([]);
  });
});
