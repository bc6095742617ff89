import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { eventUid, renderCalendar, renderInvitation } from '../../src/feeds/ics.js';
import { FIXTURE_NOW, fixtureEvents } from './support/fixtures.js';

const feed = () =>
  renderCalendar(fixtureEvents(), { name: 'Community Safety Partnership', publicUrl: 'https://calendar.example.org', now: FIXTURE_NOW });
/** Content lines: folded continuations joined back (RFC 5545 §3.1). */
const contentLines = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
const utf8 = new TextDecoder('utf-8', { fatal: true });

describe('the iCalendar text of a feed', () => {
  it('ends every line with CRLF and has no bare CR or LF anywhere', () => {
    const ics = feed();
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds every line at 75 octets without splitting a UTF-8 character', () => {
    const bytes = new TextEncoder().encode(feed());
    let start = 0;
    let folded = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
      const line = bytes.subarray(start, i);
      expect(line.length).toBeLessThanOrEqual(75);
      // Each physical line on its own is valid UTF-8: no multi-byte sequence was cut.
      if (utf8.decode(line).startsWith(' ')) folded++;
      start = i + 2;
    }
    expect(folded).toBeGreaterThan(3);
  });

  it('gives back a title of four-byte emoji and escapes exactly, wherever the folds fall', () => {
    // Each offset moves the folds by one octet, so across them a fold lands between every
    // backslash and the character it escapes, and beside every emoji (RFC 5545 §3.1: unfolding
    // comes before unescaping, so such a fold is legal; the parser must still read the text back).
    for (let offset = 0; offset < 4; offset++) {
      const title = `${'x'.repeat(offset)}${'🤝'.repeat(20)}${'\\,;'.repeat(30)}é 🤝🏽🏳️‍🌈`;
      const event = { ...fixtureEvents()[4]!, title };
      const ics = renderCalendar([event], { name: 'x', publicUrl: 'https://calendar.example.org', now: FIXTURE_NOW });
      for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      const parsed = new ICAL.Component(ICAL.parse(ics));
      expect(parsed.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe(title);
    }
  });

  it('keeps a title with line breaks on one SUMMARY line, so it cannot inject properties or events', () => {
    const ics = feed();
    const lines = contentLines(ics);
    expect(lines.filter((l) => l.startsWith('UID:'))).not.toContain('UID:injected@evil');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBe(lines.filter((l) => l === 'END:VEVENT').length);
    const parsed = new ICAL.Component(ICAL.parse(ics));
    const board = parsed.getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('summary')).startsWith('Board'))!;
    expect(board.getFirstPropertyValue('summary')).toBe('Board\nBEGIN:VEVENT\nUID:injected@evil\nSUMMARY:Injected\nEND:VEVENT');
    expect(board.getFirstPropertyValue('location')).toBe('Room 1; Floor 2, "Civic"');
    expect(board.getFirstPropertyValue('description')).toBe('Line one\nLine two\nLine three\nDTSTART:19700101T000000Z');
  });

  it('writes DTSTAMP, CREATED, LAST-MODIFIED and every RRULE UNTIL in UTC', () => {
    const lines = contentLines(feed());
    for (const line of lines.filter((l) => /^(DTSTAMP|CREATED|LAST-MODIFIED)[:;]/.test(l))) expect(line).toMatch(/:\d{8}T\d{6}Z$/);
    const untils = lines.filter((l) => l.startsWith('RRULE:') && l.includes('UNTIL='));
    expect(untils).toEqual(['RRULE:FREQ=WEEKLY;UNTIL=20230404T225959Z;BYDAY=TU']);
  });

  it('takes DTSTAMP and LAST-MODIFIED from the record, so an unchanged event gives identical bytes tomorrow', () => {
    const lines = contentLines(feed());
    expect(lines).toContain('DTSTAMP:20220803T100000Z');
    const later = renderCalendar(fixtureEvents(), {
      name: 'Community Safety Partnership',
      publicUrl: 'https://calendar.example.org',
      now: new Date('2022-11-02T12:00:00Z'),
    });
    expect(later).toBe(feed());
  });

  it('has a VTIMEZONE for every TZID it uses, and no METHOD', () => {
    const ics = feed();
    const lines = contentLines(ics);
    const tzids = new Set(lines.flatMap((l) => [...l.matchAll(/;TZID=([^:;]+)/g)].map((m) => m[1])));
    const defined = new Set(lines.filter((l) => l.startsWith('TZID:')).map((l) => l.slice(5)));
    expect([...tzids]).toEqual(['Europe/London']);
    expect(defined).toEqual(tzids);
    expect(lines.some((l) => l.startsWith('METHOD:'))).toBe(false);
  });

  it('names the calendar and asks clients to refresh hourly', () => {
    const lines = contentLines(feed());
    expect(lines).toEqual(
      expect.arrayContaining([
        'NAME:Community Safety Partnership',
        'X-WR-CALNAME:Community Safety Partnership',
        'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
        'X-PUBLISHED-TTL:PT1H',
      ]),
    );
  });

  it('ends an all-day awareness week on the day after its last day (DTEND is exclusive)', () => {
    const ics = contentLines(feed()).join('\n');
    expect(ics).toContain('DTSTART;VALUE=DATE:20221008\nDTEND;VALUE=DATE:20221016');
  });

  it('never publishes a draft or a confidential event', () => {
    const ics = feed();
    expect(ics).not.toContain('Draft: not yet agreed');
    expect(ics).not.toContain('Domestic homicide review');
  });

  it('shows a cancelled event as STATUS:CANCELLED for 30 days after cancellation, then drops it', () => {
    const uid = eventUid({ id: '00000000-0000-4000-8000-000000000006' });
    const at = (now: string) =>
      renderCalendar(fixtureEvents(), { name: 'x', publicUrl: 'https://calendar.example.org', now: new Date(now) });
    const within = contentLines(at('2022-11-19T11:59:00Z')).join('\n');
    expect(within).toContain(`UID:${uid}`);
    expect(within).toMatch(/SUMMARY:Cancelled: Heritage exhibition opening\n(.*\n)*?STATUS:CANCELLED/);
    expect(at('2022-11-19T12:00:00Z')).not.toContain(`UID:${uid}`);
  });

  it('publishes a moved occurrence as an override with the series UID, and a cancelled one as EXDATE', () => {
    const lines = contentLines(feed());
    const iag = lines.filter((l) => l === 'UID:00000000-0000-4000-8000-000000000001@safercal');
    expect(iag).toHaveLength(3); // the series, the relocated September and the moved October meeting
    expect(lines).toContain('RECURRENCE-ID;TZID=Europe/London:20221019T180000');
    expect(lines).toContain('DTSTART;TZID=Europe/London:20221026T180000');
    expect(lines).toContain('EXDATE;TZID=Europe/London:20221221T180000');
    // An all-day series' moved date: a DATE RECURRENCE-ID, the form of its DTSTART.
    expect(lines.join('\n')).toContain('DTSTART;VALUE=DATE:20230403\nDTEND;VALUE=DATE:20230404');
    expect(lines).toContain('RECURRENCE-ID;VALUE=DATE:20230331');
  });

  it('uses the same UID and SEQUENCE in the feed and in an invitation', () => {
    const event = fixtureEvents()[0]!;
    const invite = renderInvitation({
      event,
      method: 'REQUEST',
      organizer: { name: 'IAG clerk', email: 'iag@example.org' },
      attendees: [{ email: 'member@example.org', name: 'Member, IAG' }],
      publicUrl: 'https://calendar.example.org',
    });
    const lines = contentLines(invite);
    expect(lines).toContain(`UID:${eventUid(event)}`);
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain('ORGANIZER;CN="IAG clerk":mailto:iag@example.org');
    expect(lines).toContain(
      'ATTENDEE;ROLE=REQ-PARTICIPANT;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN="Member, IAG":MAILTO:member@example.org',
    );
  });
});
