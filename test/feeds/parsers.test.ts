import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCalendar, renderInvitation } from '../../src/feeds/ics.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { FIXTURE_NOW, fixtureEvents, invitationCases } from './support/fixtures.js';
import { icalJs, nodeIcalParser, pythonParsers } from './support/parsers.js';

const FROM = new Date('2022-01-01T00:00:00Z');
const TO = new Date('2024-01-01T00:00:00Z');

function expectAccepted(ics: string) {
  const py = pythonParsers(ics, FROM, TO);
  expect(py.libical.errors).toEqual([]);
  expect(py.icalendar.errors).toEqual([]);
  expect(py.vobject.errors).toEqual([]);
  expect(icalJs(ics, FROM, TO).errors).toEqual([]);
  expect(nodeIcalParser(ics, FROM, TO).errors).toEqual([]);
  return py;
}

describe('feeds in the strictest offline parsers (libical, python3-icalendar, vobject, ical.js, node-ical)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('accepts the fixture calendar with no error from any parser', () => {
    const ics = renderCalendar(fixtureEvents(), {
      name: 'Community Safety Partnership',
      publicUrl: 'https://calendar.example.org',
      now: FIXTURE_NOW,
    });
    const py = expectAccepted(ics);
    expect(py.icalendar.events).toBe(11); // 8 published or cancelled events + 3 moved-occurrence overrides
    expect(py.icalendar.name).toBe('Community Safety Partnership');
    // An activity kept going on a cancelled date of its week says so in its DESCRIPTION, as its page does (ADR 296).
    const kept = new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('uid') === '00000000-0000-4000-8000-00000000000a@safercal');
    expect(kept?.getFirstPropertyValue('description')).toBe(
      'Hate Crime Awareness Week (14–21 October 2023): that date of the week is cancelled; this activity still goes ahead.',
    );
  });

  it('accepts the public, filtered and partner feeds of the demo calendar', async () => {
    const orgs = await t.call('GET', '/api/organisations');
    const created = await t.call('POST', '/api/feed-subscriptions', { partner: orgs.body.organisations[0].id });
    for (const path of [
      '/feeds/public.ics',
      '/feeds/public.ics?theme=C2&kind=campaign_week,activity',
      '/feeds/groups/safermk-board.ics',
      new URL(created.body.feedUrl).pathname,
    ]) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      const ics = await res.text();
      expect(ics).toContain('BEGIN:VEVENT');
      expectAccepted(ics);
    }
  });

  it('accepts REQUEST and CANCEL invitations for a series and for one occurrence', () => {
    for (const args of invitationCases(fixtureEvents()[0]!)) {
      expectAccepted(renderInvitation(args));
    }
  });

  it('is checked by a validator that does reject a broken calendar (the check can fail)', () => {
    const broken = renderCalendar(fixtureEvents(), { name: 'x', publicUrl: 'https://calendar.example.org', now: FIXTURE_NOW })
      .replace('DTSTART;VALUE=DATE:20221008', 'DTSTART;VALUE=DATE:2022-10-08')
      .replace('TZID:Europe/London\r\n', 'TZID:Europe/Lundun\r\n');
    const py = pythonParsers(broken, FROM, TO);
    expect(py.libical.errors.length).toBeGreaterThan(0);
  });
});
