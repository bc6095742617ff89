/**
 * Expands one recurrence rule four ways for the cross-check table: our engine
 * (src/domain/recurrence.ts), ical.js (Mozilla's, in Thunderbird), libical (Evolution, many
 * servers) and python-dateutil (the usual Python one). Each answer is, per window of local dates
 * [from, to), the instances whose local start date falls in it: UTC instants for a timed series,
 * dates for an all-day one. Python runs under Debian's /usr/bin/python3, once for the whole table.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { registerZonesOf } from '../../support/ical-zones.js';
import { expandAllDay, expandTimed, parseRRule } from '../../../src/domain/recurrence.js';
import { vtimezoneLines } from '../../../src/feeds/vtimezone.js';

export const ZONE = 'Europe/London';

export interface CrossCheckCase {
  /** A sentence saying what the rule is for. */
  name: string;
  /** Where it comes from: "RFC 5545 §3.8.5.3" for the RFC's own examples, else what it tests. */
  source: string;
  /** The first start: a UK local date-time ("1997-09-02T09:00") or a date for an all-day series. */
  start: string;
  rrule: string;
  /** Windows of local dates [from, to) compared; defaults: the first year, and a year twelve years on. */
  windows?: [string, string][];
  /** For the RFC's own examples: the local dates §3.8.5.3 prints for the first window. */
  rfcDates?: string[];
  /** Where an implementation departs from RFC 5545, what it does and why we do not follow it. */
  differs?: Partial<Record<Implementation, string>>;
}

export const IMPLEMENTATIONS = ['icaljs', 'libical', 'dateutil'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

/** One list of instance starts per window, or the error an implementation gave. */
export type Expansion = string[][] | { error: string };

function addYears(date: string, years: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ years }).toISODate()!;
}

export function windowsOf(c: CrossCheckCase): [string, string][] {
  if (c.windows) return c.windows;
  const first = c.start.slice(0, 10);
  return [
    [first, addYears(first, 1)],
    [addYears(first, 12), addYears(first, 13)],
  ];
}

const isAllDay = (c: CrossCheckCase) => !c.start.includes('T');

/** Our engine, through the same exported expanders the occurrence index and the pages call. */
export function ours(c: CrossCheckCase): Expansion {
  const parsed = parseRRule(c.rrule);
  if (!parsed.ok) return { error: parsed.message };
  return windowsOf(c).map(([from, to]) => {
    if (isAllDay(c)) return expandAllDay(parsed.rule, c.start, 1, { fromDate: from, toDate: to }).map((o) => o.startDate);
    const window = { from: DateTime.fromISO(from, { zone: ZONE }), to: DateTime.fromISO(to, { zone: ZONE }) };
    return expandTimed(parsed.rule, DateTime.fromISO(c.start, { zone: ZONE }), 60_000, ZONE, window)
      .filter((o) => o.start >= window.from)
      .map((o) => o.recurrenceId);
  });
}

function vtimezone(): string {
  return `${vtimezoneLines(ZONE).join('\r\n')}\r\n`;
}

function compact(start: string): string {
  return start.replace(/[-:]/g, '') + (start.includes('T') ? '00' : '');
}

/** ical.js, as a client reads a feed: a VEVENT with DTSTART;TZID and RRULE, expanded by ICAL.Event. */
export function icalJs(c: CrossCheckCase): Expansion {
  let unregister = () => {};
  try {
    const dtstart = isAllDay(c) ? `DTSTART;VALUE=DATE:${compact(c.start)}` : `DTSTART;TZID=${ZONE}:${compact(c.start)}`;
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//safercal//cross-check//EN',
      ...vtimezoneLines(ZONE),
      'BEGIN:VEVENT',
      'UID:cross-check@safercal',
      'DTSTAMP:20260101T000000Z',
      dtstart,
      `RRULE:${c.rrule}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const root = new ICAL.Component(ICAL.parse(ics));
    unregister = registerZonesOf(root);
    const event = new ICAL.Event(root.getFirstSubcomponent('vevent')!);
    const windows = windowsOf(c);
    const end = windows.reduce((max, [, to]) => (to > max ? to : max), '');
    const out: string[][] = windows.map(() => []);
    const it = event.iterator();
    for (let next = it.next(), n = 0; next; next = it.next(), n++) {
      if (n > 40_000) return { error: 'walked 40000 steps without reaching the window end' };
      const localDate = `${String(next.year).padStart(4, '0')}-${String(next.month).padStart(2, '0')}-${String(next.day).padStart(2, '0')}`;
      if (localDate >= end) break;
      const key = next.isDate
        ? localDate
        : next
            .toJSDate()
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z');
      windows.forEach(([from, to], i) => {
        if (localDate >= from && localDate < to) out[i]!.push(key);
      });
    }
    return out;
  } catch (error) {
    return { error: String(error) };
  } finally {
    unregister();
  }
}

const SCRIPT = fileURLToPath(new URL('./expand_rrules.py', import.meta.url));

/** libical and python-dateutil for every case at once (one Python process for the table). */
export interface PythonAnswer {
  libical: Expansion;
  dateutil: Expansion;
  /** python-dateutil's last instance of a rule with COUNT or UNTIL; null for an endless rule. */
  dateutilLast: string | null | { error: string };
}

export function pythonImplementations(cases: CrossCheckCase[]): Map<string, PythonAnswer> {
  const input = JSON.stringify({
    zone: ZONE,
    vtimezone: vtimezone(),
    cases: cases.map((c) => ({ id: c.name, start: c.start, rrule: c.rrule, windows: windowsOf(c) })),
  });
  const out = execFileSync('/usr/bin/python3', [SCRIPT], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const parsed = JSON.parse(out) as Record<string, PythonAnswer>;
  return new Map(Object.entries(parsed));
}
