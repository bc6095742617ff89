/**
 * Our recurrence engine gives the same dates as the calendar programs partners use. Every rule in
 * recurrence-cross-check.json (the RFC 5545 §3.8.5.3 examples our parts cover, the partnership's
 * own series, clock changes in Europe/London, 29 February, BYSETPOS, numbered BYDAY with
 * BYMONTHDAY, negative positions, INTERVAL with WKST, COUNT and UNTIL, all-day and timed) is
 * expanded by our engine, ical.js, libical and python-dateutil over two windows (the first year,
 * and a year twelve years on, which our engine reaches by seeking, not walking). Where an
 * implementation departs from the RFC, the JSON names it and says how; the test then checks the
 * departure is still there, so the list stays true when a library is fixed.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextInstanceOnOrAfter, parseRRule, seriesLastStart, type SeriesStart } from '../../src/domain/recurrence.js';
import table from './recurrence-cross-check.json' with { type: 'json' };
import {
  IMPLEMENTATIONS,
  ZONE,
  icalJs,
  ours,
  pythonImplementations,
  windowsOf,
  type CrossCheckCase,
  type Expansion,
} from './support/cross-check.js';

const cases = table as CrossCheckCase[];

function seriesStart(c: CrossCheckCase): SeriesStart {
  return c.start.includes('T')
    ? { allDay: false, start: DateTime.fromISO(c.start, { zone: ZONE }), zone: ZONE }
    : { allDay: true, date: c.start };
}

function localDate(start: string): string {
  return start.length === 10 ? start : DateTime.fromISO(start, { zone: ZONE }).toISODate()!;
}

describe('the recurrence engine agrees with ical.js, libical and python-dateutil', () => {
  const python = pythonImplementations(cases);
  const theirs = (c: CrossCheckCase, name: (typeof IMPLEMENTATIONS)[number]): Expansion =>
    name === 'icaljs' ? icalJs(c) : python.get(c.name)![name];

  it('covers at least 40 rules, the RFC’s own examples among them, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.source.startsWith('RFC 5545 §3.8.5.3')).length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name ($rrule)', (c) => {
    const want = ours(c);
    if ('error' in want) throw new Error(`our parser refused ${c.rrule}: ${want.error}`);
    expect(want.flat().length, 'a window with no instance proves nothing').toBeGreaterThan(0);
    for (const name of IMPLEMENTATIONS) {
      const got = theirs(c, name);
      const departure = c.differs?.[name];
      if (departure) expect(got, `${name} no longer departs as documented: ${departure}`).not.toEqual(want);
      else expect(got, `${name} disagrees with our engine`).toEqual(want);
    }
  });

  it.each(cases.filter((c) => c.rfcDates))('gives the dates RFC 5545 prints: $name', (c) => {
    const want = ours(c);
    if ('error' in want) throw new Error(want.error);
    expect(want[0]!.map(localDate)).toEqual(c.rfcDates);
  });

  it('finds the last instance of every rule with COUNT or UNTIL where python-dateutil does', () => {
    const finite = cases.filter((c) => /COUNT=|UNTIL=/.test(c.rrule));
    expect(finite.length).toBeGreaterThan(15);
    for (const c of finite) {
      const parsed = parseRRule(c.rrule);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(seriesLastStart(parsed.rule, seriesStart(c)), c.name).toEqual(python.get(c.name)!.dateutilLast);
    }
  });

  it('seeks to the first instance on or after a date far from the start, as python-dateutil counts it', () => {
    for (const c of cases) {
      const parsed = parseRRule(c.rrule);
      if (!parsed.ok) throw new Error(parsed.message);
      const windows = windowsOf(c);
      const dateutil = python.get(c.name)!.dateutil;
      if ('error' in dateutil) throw new Error(dateutil.error);
      const last = windows.length - 1;
      const [from] = windows[last]!;
      const first = dateutil[last]![0];
      // Only where the window holds one: otherwise the next instance may lie past it.
      if (first === undefined) continue;
      expect(nextInstanceOnOrAfter(parsed.rule, seriesStart(c), from), c.name).toBe(first);
    }
  });
});
