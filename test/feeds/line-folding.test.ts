/**
 * RFC 5545 §3.1: content lines are at most 75 octets, continued on lines starting with a space,
 * each ended by CRLF. None of the five parsers checks this (they all read longer lines), so this
 * suite checks every physical line of every kind of output the service sends: subscription
 * feeds (public, filtered, group, partner and member private feeds), a single-event download,
 * and invitations for a series and for one occurrence, REQUEST and CANCEL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../../src/domain/kinds.js';
import { renderCalendar, renderInvitation } from '../../src/feeds/ics.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { FIXTURE_NOW, fixtureEvents, invitationCases } from './support/fixtures.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Checks every physical line; returns the content lines (unfolded) for further checks. */
function expectFolded(ics: string): string[] {
  expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  // CRLF only: no bare CR or LF anywhere.
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const bytes = encoder.encode(ics);
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
    const line = bytes.subarray(start, i);
    if (line.length > 75) throw new Error(`a line of ${line.length} octets: ${new TextDecoder().decode(line)}`);
    expect(line.length).toBeGreaterThan(0);
    // Valid UTF-8 on its own: the fold did not cut a multi-byte character.
    utf8.decode(line);
    start = i + 2;
  }
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
}

/** An event whose CATEGORIES, RRULE and EXDATE lines are each far longer than 75 octets. */
function longLinedSeries() {
  const iag = fixtureEvents()[0]!;
  return {
    ...iag,
    themes: [
      ...Object.keys(THEMES),
      'county lines',
      'knife crime',
      'violence against women and girls',
      'loan sharks',
      'road safety',
      'türkçe',
      'ਪੰਜਾਬੀ',
    ],
    rrule: 'FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;UNTIL=20261231',
    exceptions: [
      ...iag.exceptions,
      ...['2023-01-18T18:00:00Z', '2023-02-15T18:00:00Z', '2023-03-15T18:00:00Z', '2023-04-19T17:00:00Z', '2023-05-17T17:00:00Z'].map(
        (recurrenceId) => ({ recurrenceId, kind: 'cancelled' as const, when: null, location: null, note: '', updatedAt: iag.updatedAt }),
      ),
    ],
  };
}

describe('every line the service writes is folded at 75 octets, whole UTF-8, ended by CRLF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('folds the long CATEGORIES, RRULE and EXDATE lines of a series with many themes and cancelled dates', () => {
    const ics = renderCalendar([longLinedSeries(), ...fixtureEvents().slice(1)], {
      name: 'Community Safety Partnership',
      publicUrl: 'https://calendar.example.org',
      now: FIXTURE_NOW,
    });
    const lines = expectFolded(ics);
    // The check can fail: these content lines are long, so they were folded, not short.
    for (const name of ['CATEGORIES:', 'RRULE:FREQ=MONTHLY', 'EXDATE;']) {
      const line = lines.find((l) => l.startsWith(name))!;
      expect(encoder.encode(line).length).toBeGreaterThan(75);
    }
    expect(lines.find((l) => l.startsWith('CATEGORIES:'))).toContain('Violence against women and girls'.toLowerCase());
    // Tags in other scripts (ADR 275) come through whole: a fold never cuts a multi-byte character.
    expect(lines.find((l) => l.startsWith('CATEGORIES:'))).toMatch(/,türkçe,ਪੰਜਾਬੀ$/);
  });

  it('folds every line of invitations, for a series and for one occurrence, REQUEST and CANCEL', () => {
    const people = {
      organizer: { name: 'Independent Advisory Group, Milton Keynes: clerk to the group', email: 'iag@example.org' },
      attendees: [{ email: 'member@example.org', name: 'Member of the Independent Advisory Group, Milton Keynes' }],
    };
    for (const args of invitationCases(longLinedSeries(), people)) {
      const lines = expectFolded(renderInvitation(args));
      expect(lines).toContain(`METHOD:${args.method}`);
      expect(lines.some((l) => l.startsWith('ATTENDEE;') && encoder.encode(l).length > 75)).toBe(true);
    }
  });

  it('folds every line of every feed served: public, filtered, group, partner, member and a download', async () => {
    const orgs = (await t.call('GET', '/api/organisations')).body.organisations as { id: string; name: string }[];
    const partner = await t.call('POST', '/api/feed-subscriptions', { partner: orgs[0]!.id });
    const member = await t.call('POST', '/api/feed-subscriptions', { email: 'student-support@example.org' });
    const events = (await t.call('GET', '/api/events?limit=500', undefined, { auth: false })).body.events as { id: string }[];
    const paths = [
      '/feeds/public.ics',
      '/feeds/public.ics?theme=C2&kind=campaign_week,activity',
      '/feeds/groups/safermk-board.ics',
      new URL(partner.body.feedUrl).pathname,
      new URL(member.body.feedUrl).pathname,
      ...events.slice(0, 5).map((e) => `/feeds/events/${e.id}.ics`),
    ];
    for (const path of paths) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      expectFolded(await res.text());
    }
  });
});
