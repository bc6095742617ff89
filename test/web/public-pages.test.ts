/**
 * The public pages as a visitor meets them, read from the HTML the real app serves: what is
 * coming up and its filters, paging, the month and the year, event pages, subscribing, and
 * a friendly page for a wrong address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';
import { Session } from './support/jar.js';

/** Titles of the events listed on a page, in order. */
function titles(html: string): string[] {
  return [...html.matchAll(/<h3><a href="\/events\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('the public calendar pages', () => {
  let t: TestApp;
  let visitor: Session;
  const idOf = async (title: string) =>
    (await t.handle.store.db.selectFrom('events').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    visitor = new Session(t.app);
  });
  afterAll(() => t.close());

  it('lists what is coming up from today, soonest first, with what is already under way at the top', async () => {
    const page = await visitor.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('from Monday 3 October 2022');
    const list = titles(page.text);
    expect(list.slice(0, 4)).toEqual([
      'Somali heritage exhibition',
      'Black History Month',
      'National Hate Crime Awareness Week',
      'Women’s experience of hate crime',
    ]);
    expect(page.text).toMatch(/<h2 id="m-under-way">Already under way<\/h2>/);
    // The IAG's dates are public; partner-only and group-only business stays off the public page.
    expect(list).toContain('Independent Advisory Group meeting');
    expect(list).not.toContain('Quarterly progress report due to the board');
    expect(list).not.toContain('Hate Crime Task and Finish Group');
  });

  it('filters by theme, kind, group and organisation, and an unknown value simply matches nothing', async () => {
    expect(titles((await visitor.get('/?theme=C2&kind=campaign_week')).text)).toEqual(['National Hate Crime Awareness Week']);
    const board = titles((await visitor.get('/?group=safermk-board')).text);
    // The board's meetings, and the open action from its last meeting (a deadline of the group).
    expect(new Set(board)).toEqual(
      new Set(['SaferMK Partnership Board', 'Action: Supply a glossary of acronyms to the Partnership members']),
    );
    const police = (
      await t.handle.store.db.selectFrom('organisations').select('id').where('name', '=', 'Thames Valley Police').executeTakeFirstOrThrow()
    ).id;
    const byPolice = titles((await visitor.get(`/?organisation=${police}&from=2022-10-01`)).text);
    expect(byPolice.slice(0, 3)).toEqual([
      'Officers at the college: recognising and reporting hate crime',
      'Independent Advisory Group meeting',
      'Halloween and bonfire night: anti-violence activity',
    ]);
    expect(new Set(byPolice.slice(3))).toEqual(new Set(['Independent Advisory Group meeting']));
    const nothing = await visitor.get('/?kind=parade&group=no-such-group');
    expect(nothing.status).toBe(200);
    expect(nothing.text).toContain('No events match.');
  });

  it('pages through long lists twenty at a time, keeping the filters in the links', async () => {
    for (let day = 1; day <= 25; day++) {
      const date = `2022-11-${String(day).padStart(2, '0')}`;
      const res = await t.call('POST', '/api/events', {
        kind: 'deadline',
        title: `Community grant round ${day} closes`,
        start: date,
        visibility: 'public',
      });
      expect(res.status).toBe(201);
    }
    const first = await visitor.get('/?kind=deadline&from=2022-11-01');
    expect(titles(first.text)).toHaveLength(20);
    expect(first.text).toContain('Showing 20 events in the 12 months from Tuesday 1 November 2022, earliest first; more on the next page.');
    const next = /<a href="([^"]+)">Next page →<\/a>/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/\?kind=deadline&from=2022-11-01&after=/);
    const second = await visitor.get(next);
    expect(second.text).toContain('Showing 5 events in the 12 months from Tuesday 1 November 2022, earliest first.');
    expect(titles(second.text)).toEqual([21, 22, 23, 24, 25].map((d) => `Community grant round ${d} closes`));
    const previous = /<a href="([^"]+)">← Previous page<\/a>/.exec(second.text)![1]!.replace(/&amp;/g, '&');
    const back = await visitor.get(previous);
    expect(titles(back.text)).toEqual(titles(first.text));
    expect(back.text).not.toContain('← Previous page');
  });

  it('opens the month view on this month, and shows any month asked for', async () => {
    const now = await visitor.get('/calendar/month');
    expect(now.text).toContain('<h1>October 2022</h1>');
    const july = await visitor.get('/calendar/month?year=2019&month=7');
    expect(july.text).toContain('<h1>July 2019</h1>');
    expect(july.text).toMatch(/Thursday 18 July<\/span>[\s\S]*?14:00–16:00 <\/span><a href="\/events\/[^"]+">SaferMK Partnership Board/);
    expect(july.text).not.toContain('Domestic homicide review');
    expect((await visitor.get('/calendar/month?year=banana&month=13')).status).toBe(200);
  });

  it('says in words which campaigns of the year run at the same time', async () => {
    const page = await visitor.get('/calendar/year?year=2022');
    const row = (title: string) =>
      new RegExp(`<tr><td><a href="/events/[^"]+">${title}</a></td><td>([^<]+)</td><td>(\\d+)</td><td>(.*?)</td></tr>`).exec(page.text);
    expect(row('National Hate Crime Awareness Week')?.slice(1)).toEqual([
      '8–15 October 2022',
      '2',
      '<span class="overlaps">Black History Month</span>',
    ]);
    expect(row('Black History Month')?.[3]).toContain(
      'National Hate Crime Awareness Week; Halloween and bonfire night: anti-violence activity',
    );
    expect(page.text).not.toContain('planning draft');
  });

  it('shows a campaign week with its partner activities, and a series with its next dates', async () => {
    const hcaw = await visitor.get(`/events/${await idOf('National Hate Crime Awareness Week')}`);
    expect(hcaw.text).toContain('8–15 October 2022');
    expect(titles(hcaw.text)).toEqual([
      'Women’s experience of hate crime',
      'Officers at the college: recognising and reporting hate crime',
    ]);
    const board = await visitor.get(`/events/${await idOf('SaferMK Partnership Board')}`);
    expect(board.text).toContain('Every 3 months on the third Thursday');
    expect(board.text).toMatch(/<dt>Venue<\/dt><dd>Council Chamber, Civic Offices, Milton Keynes<\/dd>/);
    expect(board.text).toMatch(/<dt>Group<\/dt><dd><a href="\/groups\/safermk-board">SaferMK Partnership Board<\/a><\/dd>/);
    // Each date of a meeting series links to that meeting's page (agenda, papers, minutes).
    expect(board.text).toMatch(
      /<h2>Next dates<\/h2><ul><li><a href="\/meetings\/[0-9a-f-]+\/20221020T130000Z">Thursday 20 October 2022, 14:00–16:00<\/a><\/li><li><a href="\/meetings\/[0-9a-f-]+\/20230119T140000Z">Thursday 19 January 2023, 14:00–16:00<\/a><\/li>/,
    );
    const ics = /<a href="(\/feeds\/events\/[^"]+\.ics)" download="">Add this series to your calendar/.exec(board.text)![1]!;
    const file = await visitor.get(ics);
    expect(file.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    expect(file.text).toContain('SUMMARY:SaferMK Partnership Board');
  });

  it('says on a series page when a clock change moves one of its dates, and how', async () => {
    const create = async (title: string, start: string, end: string) => {
      const res = await t.call('POST', '/api/events', { kind: 'training', title, start, end, rrule: 'FREQ=WEEKLY;COUNT=2' });
      expect(res.status).toBe(201);
      return (await visitor.get(`/events/${res.body.id}`)).text;
    };
    const spring = await create('Night patrol briefing (spring)', '2023-03-19T01:30', '2023-03-19T02:00');
    expect(spring).toContain('Every week on Sunday, 2 times');
    expect(spring).toContain(
      'Sunday 26 March 2023, 02:30–03:00<span class="muted"> (the clocks go forward that night and 01:30 does not exist, so this date starts at 02:30 BST)</span>',
    );
    const autumn = await create('Night patrol briefing (autumn)', '2022-10-23T01:30', '2022-10-23T02:00');
    expect(autumn).toContain(
      'Sunday 30 October 2022, 01:30 BST–01:00 GMT<span class="muted"> (the clocks go back that night and 01:30 happens twice; this date starts at the first, 01:30 BST)</span>',
    );
  });

  it('answers 404 for confidential and draft events, as for ones that do not exist', async () => {
    for (const title of ['Domestic homicide review: closed session', 'National Hate Crime Awareness Week (planning draft)']) {
      const page = await visitor.get(`/events/${await idOf(title)}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(title);
    }
    expect((await visitor.get('/events/no-such-id')).status).toBe(404);
  });

  it('offers a subscription matching the filters, with one-click links for each calendar app', async () => {
    const list = await visitor.get('/?theme=C2');
    expect(list.text).toContain('<a href="/feeds?theme=C2">Subscribe to these events');
    const page = await visitor.get('/feeds?theme=C2');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="https://calendar.example.org/feeds/public.ics?theme=C2"');
    expect(page.text).toContain(
      'https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2Fcalendar.example.org%2Ffeeds%2Fpublic.ics%3Ftheme%3DC2',
    );
    expect(page.text).toContain('webcal://calendar.example.org/feeds/public.ics?theme=C2');
    const wrong = await visitor.get('/feeds?kind=parade');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Kinds of event has &quot;parade&quot;');
    // One subscribe page: the older address leads to it, filters and all.
    const old = await visitor.get('/subscribe?theme=C2');
    expect(old.status).toBe(301);
    expect(old.headers.get('Location')).toBe('/feeds?theme=C2');
  });

  it('shows browsers a page for a wrong address, and API clients JSON', async () => {
    const page = await visitor.get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.text).toContain('<h1>Page not found</h1>');
    const api = await t.call('GET', '/api/no-such-endpoint', undefined, { auth: false });
    expect(api.status).toBe(404);
    expect(api.body.error.field).toBe('path');
    // An error while answering a page is a page too, in the site's layout, in plain words.
    const link = await visitor.get('/email/preferences/not-a-real-link');
    expect(link.status).toBe(404);
    expect(link.headers.get('Content-Type')).toContain('text/html');
    expect(link.text).toContain('<nav class="main" aria-label="Main">');
    expect(link.text).toContain('This link is not valid (it may be incomplete: try copying the whole address from the email).');
    // Calendar files, news feeds and the API keep answering JSON, whatever the client accepts.
    const feed = await visitor.get('/feeds/public.ics?kind=parade');
    expect(feed.status).toBe(400);
    expect(JSON.parse(feed.text).error.field).toBe('kind');
    for (const file of ['/feeds/public.rss?kind=parade', '/feeds/groups/iag.atom?kind=parade', '/feeds/public.json?kind=parade']) {
      const news = await visitor.get(file);
      expect(news.status).toBe(400);
      expect(JSON.parse(news.text).error.field).toBe('kind');
    }
    const apiFromBrowser = await visitor.get('/api/email/preferences/not-a-real-link');
    expect(apiFromBrowser.status).toBe(303);
  });

  it('serves one stylesheet with a print layout that drops navigation and forms', async () => {
    const css = await visitor.get('/assets/site.css');
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(css.text).toMatch(/@media print\{\s*header\.site,footer\.site,nav,form/);
  });
});
