import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Session } from '../web/support/jar.js';
import { makeWorld, type World } from './support/world.js';

describe('partners who subscribe to campaign weeks and themes', () => {
  let w: World;
  let week: any;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-08-01T09:00:00Z', members: [] });
    week = (
      await w.t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'National Hate Crime Awareness Week',
        start: '2022-10-08',
        end: '2022-10-15',
        themes: ['C2'],
        visibility: 'public',
        status: 'published',
      })
    ).body;
  });
  afterAll(() => w.close());

  it('refuses a subscription with a clear reason for each bad field', async () => {
    const res = await w.t.call('POST', '/api/subscriptions', { email: 'not-an-address', topic: 'kind:party', leadTimes: ['soon'] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.field)).toEqual(['email', 'topic', 'leadTimes']);
    expect(
      (await w.t.call('POST', '/api/subscriptions', { email: 'x@example.org', topic: 'kind:campaign_week' }, { auth: false })).status,
    ).toBe(401);
  });

  it('reminds a kind subscriber four weeks and one week before a campaign week, at 09:00 UK time', async () => {
    const res = await w.t.call('POST', '/api/subscriptions', { email: 'Community-Safety@example.org', topic: 'kind:campaign_week' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'community-safety@example.org', topic: 'kind:campaign_week', subscribed: true });
    // 8 October minus four weeks is Saturday 10 September; 09:00 BST is 08:00Z.
    expect((await w.dispatch('2022-09-10T07:59:00Z')).sent).toBe(0);
    expect((await w.dispatch('2022-09-10T08:00:00Z')).sent).toBe(1);
    const [mail] = await w.sink.parsedFor('community-safety@example.org');
    expect(mail!.subject).toBe('Reminder: National Hate Crime Awareness Week, Sat 8 Oct');
    expect(mail!.text).toContain('National Hate Crime Awareness Week is in 4 weeks.');
    expect(mail!.text).toContain('When:  Saturday 8 – Saturday 15 October 2022');
    expect(mail!.text).toContain('You get this because you asked for reminders of campaign weeks.');
    expect(mail!.text).not.toContain('apologies');
  });

  it('uses an organiser’s lead times for one event instead of the defaults', async () => {
    const bad = await w.t.call('PUT', `/api/events/${week.id}/reminders`, { leadTimes: ['3 weeks'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('leadTimes');
    const set = await w.t.call('PUT', `/api/events/${week.id}/reminders`, { leadTimes: ['2d'] });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ leadTimes: ['2d'], effective: ['2d'] });
    // The one-week reminder (1 October) is withdrawn; the two-day one (6 October 09:00 BST) goes out.
    expect((await w.dispatch('2022-10-01T08:00:00Z')).sent).toBe(0);
    expect((await w.dispatch('2022-10-06T08:00:00Z')).sent).toBe(1);
    const mails = await w.sink.parsedFor('community-safety@example.org');
    expect(mails.at(-1)!.text).toContain('is in 2 days.');
  });

  it('reminds a theme subscriber only of events with that theme', async () => {
    await w.t.call('POST', '/api/subscriptions', { email: 'dv-lead@example.org', topic: 'theme:V1', leadTimes: ['1d'] });
    await w.t.call('POST', '/api/subscriptions', { email: 'hate-crime-lead@example.org', topic: 'theme:c2', leadTimes: ['1d'] });
    const pass = await w.dispatch('2022-10-07T08:00:00Z');
    expect(pass.sent).toBe(1);
    expect(w.sink.received.at(-1)!.envelopeTo).toEqual(['hate-crime-lead@example.org']);
  });

  it('sends the weekly digest on Monday at 08:00 UK time to those who ask for it', async () => {
    await w.t.call('POST', '/api/subscriptions', { email: 'digest-reader@example.org', topic: 'digest' });
    expect((await w.dispatch('2022-10-03T06:59:00Z')).sent).toBe(0);
    const pass = await w.dispatch('2022-10-03T07:00:00Z');
    expect(pass.sent).toBe(1);
    const [digest] = await w.sink.parsedFor('digest-reader@example.org');
    expect(digest!.subject).toBe('Community Safety Partnership: coming up in the next 14 days (1 date)');
    expect(digest!.text).toContain('* National Hate Crime Awareness Week (Campaign week)');
  });
});

describe('the built-in outbox, when no SMTP server is configured', () => {
  let dir: string;
  const env = () => ({ DATABASE_PATH: join(dir, 'outbox.sqlite'), PUBLIC_URL: 'https://calendar.example.org' });
  const cli = async (...args: string[]) => {
    const lines: string[] = [];
    await run(args, env(), (line) => lines.push(line));
    return lines.join('\n');
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'safercal-outbox-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the demo calendar’s reminders so a new user can read them with the CLI', async () => {
    // The demo placed in the partnership year 2022, the seed documents' dates.
    await cli('seed', '--now', '2022-09-01T09:00:00Z');
    expect(await cli('outbox', 'list')).toContain('the outbox is empty');
    const dispatched = await cli('dispatch', '--now', '2022-09-14T17:00:00Z');
    expect(dispatched).toMatch(/via the built-in outbox .*: sent 9,/);
    const list = await cli('outbox', 'list', '--limit', '50');
    expect(list.split('\n').filter((l) => l.includes('Reminder: Independent Advisory Group meeting, Wed 21 Sept, 18:00'))).toHaveLength(6);
    const id = /\s([0-9a-f-]{36})\s/.exec(list)![1]!;
    const shown = await cli('outbox', 'show', id);
    expect(shown).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(shown).toContain('invitation (text/calendar; method=REQUEST)');
    expect(shown).toContain('METHOD:REQUEST');
    await expect(cli('dispatch', '--now', 'next tuesday')).rejects.toThrow(/--now must be an ISO date-time/);
  });
});

describe('anyone asking for reminders', () => {
  let w: World;
  const post = (path: string, body: unknown) =>
    w.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-08-01T09:00:00Z', members: [] });
  });
  afterAll(() => w.close());

  it('says which fields are wrong', async () => {
    const res = await post('/api/email/subscribe', { email: 'someone', topic: `group:${w.groupId}`, colour: 'blue' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: any) => e.field)).toEqual(['email', 'topic', 'colour']);
  });

  it('is subscribed only after following the link in the confirmation email, and asking twice sends one email', async () => {
    expect((await post('/api/email/subscribe', { email: 'Resident@example.org', topic: 'theme:C2' })).status).toBe(202);
    expect((await post('/api/email/subscribe', { email: 'resident@example.org', topic: 'theme:C2' })).status).toBe(202);
    const mails = await w.sink.parsedFor('resident@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Confirm: reminders of Hate crime');
    const url = /Confirm: (https:\/\/\S+)/.exec(mails[0]!.text!)![1]!;
    const subscriptions = () => w.t.call('GET', '/api/subscriptions?email=resident@example.org');
    expect((await subscriptions()).body.subscriptions).toEqual([]);

    const browser = new Session(w.app);
    const page = await browser.get(new URL(url).pathname);
    expect(page.text).toContain('Send reminders of Hate crime to <strong class="break">resident@example.org</strong>?');
    expect((await subscriptions()).body.subscriptions).toEqual([]);
    const confirmed = await browser.post(new URL(url).pathname, {});
    expect(confirmed.status).toBe(200);
    expect((await subscriptions()).body.subscriptions).toMatchObject([
      { email: 'resident@example.org', topic: 'theme:C2', subscribed: true },
    ]);
  });

  it('refuses a confirmation link after seven days', async () => {
    await post('/api/email/subscribe', { email: 'late@example.org', topic: 'kind:deadline' });
    const [mail] = await w.sink.parsedFor('late@example.org');
    const url = /Confirm: (https:\/\/\S+)/.exec(mail!.text!)![1]!;
    w.t.clock.set('2022-08-09T09:00:00Z');
    const res = await w.app.request(`/api${new URL(url).pathname}`, { method: 'POST', headers: { Accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/expired/);
    const page = await new Session(w.app).get(new URL(url).pathname);
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link has expired');
  });
});
