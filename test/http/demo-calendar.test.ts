import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('the demo calendar', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('lists Hate Crime Awareness Week as an all-day event from 8 to 15 October with its partner activities', async () => {
    const res = await t.call('GET', '/api/events?kind=campaign_week&limit=100', undefined, { auth: false });
    expect(res.status).toBe(200);
    const hcaw = res.body.events.find((e: any) => e.title === 'National Hate Crime Awareness Week');
    expect(hcaw).toMatchObject({ kind: 'campaign_week', allDay: true, start: '2022-10-08', end: '2022-10-15', visibility: 'public' });
    expect(hcaw.activities.map((a: any) => a.title).sort()).toEqual([
      'Officers at the college: recognising and reporting hate crime',
      'Women’s experience of hate crime',
    ]);
    expect(hcaw.activities.find((a: any) => a.title.startsWith('Women'))).toMatchObject({ allDay: true, start: '2022-10-10' });
  });

  it('never shows a confidential or draft event to an anonymous caller, in lists or by id', async () => {
    const organiserView = await t.call('GET', '/api/events?limit=500&status=draft,published');
    const confidential = organiserView.body.events.find((e: any) => e.visibility === 'confidential');
    const draft = organiserView.body.events.find((e: any) => e.status === 'draft');
    expect(confidential?.title).toBe('Domestic homicide review: closed session');
    expect(draft).toBeDefined();

    const anonymous = await t.call('GET', '/api/events?limit=500', undefined, { auth: false });
    const titles = anonymous.body.events.map((e: any) => e.title);
    expect(titles).not.toContain(confidential.title);
    expect(titles).not.toContain(draft.title);
    expect(anonymous.body.events.every((e: any) => e.visibility === 'public')).toBe(true);

    const asked = await t.call('GET', '/api/events?visibility=confidential', undefined, { auth: false });
    expect(asked.body.events).toEqual([]);
    expect((await t.call('GET', `/api/events/${confidential.id}`, undefined, { auth: false })).status).toBe(404);
    expect((await t.call('GET', `/api/events/${draft.id}`, undefined, { auth: false })).status).toBe(404);
    expect((await t.call('GET', `/api/events/${confidential.id}`)).status).toBe(200);
    const occurrences = await t.call('GET', '/api/occurrences?from=2019-07-01&to=2019-07-31', undefined, { auth: false });
    expect(occurrences.body.occurrences.map((o: any) => o.title)).not.toContain(confidential.title);
  });

  it('shows the IAG October meeting moved to 26 October at the college', async () => {
    const res = await t.call('GET', '/api/occurrences?from=2022-09-01&to=2022-11-30&group=iag');
    const iag = res.body.occurrences.map((o: any) => [o.start, o.location]);
    expect(iag).toEqual([
      ['2022-09-21T18:00:00+01:00', 'Gurdwara, Kiln Farm, Milton Keynes'],
      ['2022-10-26T18:00:00+01:00', 'Milton Keynes College'],
      ['2022-11-16T18:00:00+00:00', 'Venue confirmed with the agenda'],
    ]);
  });
});

describe('the demo calendar placed around today', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2026-11-30T10:00:00Z' });
  });
  afterAll(() => t.close());

  it('shows next year’s Hate Crime Awareness Week and the IAG’s next meeting on the home page', async () => {
    const home = await (await t.app.request('/', { headers: { Accept: 'text/html' } })).text();
    expect(home).toMatch(
      /Sat 9 Oct<\/span><br\/><span>Until 16 Oct<\/span><\/div><div class="what"><h3><a href="\/events\/[^"]+">National Hate Crime Awareness Week</,
    );
    expect(home).toMatch(
      /Wed 16 Dec<\/span><br\/><span>18:00–20:00<\/span><\/div><div class="what"><h3><a href="\/events\/[^"]+">Independent Advisory Group meeting</,
    );
  });

  it('has this year’s and next year’s campaign weeks, and the groups’ series running through today', async () => {
    const weeks = (
      await t.call('GET', '/api/events?kind=campaign_week&from=2026-01-01&to=2027-12-31&limit=100', undefined, { auth: false })
    ).body.events.map((e: any) => `${e.title} ${e.start}`);
    expect(weeks).toEqual(
      expect.arrayContaining([
        'National Hate Crime Awareness Week 2026-10-10',
        'National Hate Crime Awareness Week 2027-10-09',
        'Black History Month 2026-10-01',
        'Black History Month 2027-10-01',
      ]),
    );
    const meetings = await t.call('GET', '/api/occurrences?from=2026-10-01&to=2027-01-31&kind=meeting', undefined, { auth: false });
    const starts = meetings.body.occurrences.map((o: any) => `${o.title} ${o.start.slice(0, 10)}`);
    expect(starts).toEqual(
      expect.arrayContaining([
        'Independent Advisory Group meeting 2026-10-28', // last month's, moved a week to meet at the college
        'Independent Advisory Group meeting 2026-12-16', // next month's
        'SaferMK Partnership Board 2026-10-15',
        'SaferMK Partnership Board 2027-01-21',
      ]),
    );
  });
});
