import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../../src/domain/event.js';
import { occurrencesInWindow } from '../../src/domain/occurrences.js';
import { addDays } from '../../src/domain/time.js';
import { belongsInFeed, eventUid, renderCalendar } from '../../src/feeds/ics.js';
import { FIXTURE_NOW, IAG_ID, fixtureEvents } from './support/fixtures.js';
import { icalJs, nodeIcalParser, pythonParsers, type SeenOccurrence } from './support/parsers.js';

// Spans the October 2022 and March 2023 clock changes.
const FROM = new Date('2022-09-01T00:00:00Z');
const TO = new Date('2023-05-01T00:00:00Z');

/** What src/domain/occurrences.ts says, in the parsers' terms (all-day ends exclusive). */
function expected(events: CalendarEvent[]): string[] {
  const window = { from: DateTime.fromJSDate(FROM), to: DateTime.fromJSDate(TO) };
  return events
    .filter((e) => belongsInFeed(e, FIXTURE_NOW))
    .flatMap((e) =>
      occurrencesInWindow(e, window).map((o) => {
        const start = o.when.allDay ? o.when.startDate : o.when.startsAt;
        const end = o.when.allDay ? addDays(o.when.endDate, 1) : o.when.endsAt;
        return `${eventUid(e)} ${start} ${end}`;
      }),
    )
    .sort();
}

function seen(list: SeenOccurrence[], zeroLength: Set<string>): string[] {
  const from = FROM.toISOString().slice(0, 10);
  const to = TO.toISOString().slice(0, 10);
  return (
    list
      .filter((o) => o.start.slice(0, 10) >= from && o.start.slice(0, 10) < to)
      // Parsers disagree on the end of an event with no DTEND; its start is what matters.
      .map((o) => `${o.uid} ${o.start} ${zeroLength.has(o.uid) ? o.start : o.end}`)
      .sort()
  );
}

describe('recurrence as calendar clients expand it, across the October and March clock changes', () => {
  const events = fixtureEvents();
  const ics = renderCalendar(events, { name: 'Community Safety Partnership', publicUrl: 'https://calendar.example.org', now: FIXTURE_NOW });
  const zeroLength = new Set(events.filter((e) => !e.when.allDay && e.when.startsAt === e.when.endsAt).map(eventUid));
  const want = expected(events);
  const py = pythonParsers(ics, FROM, TO);

  it('keeps the monthly IAG meeting at 18:00 UK time before and after both clock changes', () => {
    const iag = want.filter((line) => line.startsWith(`${IAG_ID}@`)).map((line) => line.split(' ')[1]);
    expect(iag).toEqual([
      '2022-09-21T17:00:00Z', // 18:00 BST
      '2022-10-26T17:00:00Z', // moved from the 19th, still BST
      '2022-11-16T18:00:00Z', // 18:00 GMT after the October change; December is cancelled
      '2023-01-18T18:00:00Z',
      '2023-02-15T18:00:00Z',
      '2023-03-15T18:00:00Z',
      '2023-04-19T17:00:00Z', // 18:00 BST after the March change
    ]);
  });

  it('libical expands every series to the same dates as our own expansion', () => {
    expect(seen(py.libical.occurrences, zeroLength)).toEqual(want);
  });

  it('python3-vobject expands every series to the same dates', () => {
    expect(seen(py.vobject.occurrences, zeroLength)).toEqual(want);
  });

  it('ical.js expands every series to the same dates', () => {
    expect(seen(icalJs(ics, FROM, TO).occurrences, zeroLength)).toEqual(want);
  });

  it('node-ical expands every series to the same dates', () => {
    expect(seen(nodeIcalParser(ics, FROM, TO).occurrences, zeroLength)).toEqual(want);
  });

  it('ends the weekly clinic on its UNTIL date (4 April 2023, in BST) in every parser', () => {
    const uid = eventUid({ id: '00000000-0000-4000-8000-000000000002' });
    for (const list of [
      py.libical.occurrences,
      py.vobject.occurrences,
      icalJs(ics, FROM, TO).occurrences,
      nodeIcalParser(ics, FROM, TO).occurrences,
    ]) {
      const starts = list.filter((o) => o.uid === uid).map((o) => o.start);
      expect(starts.at(0)).toBe('2022-10-04T08:30:00Z');
      expect(starts).toContain('2022-11-01T09:30:00Z'); // 09:30 GMT
      expect(starts.at(-1)).toBe('2023-04-04T08:30:00Z');
    }
  });
});
