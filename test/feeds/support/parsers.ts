/**
 * The five offline iCalendar parsers the feeds must satisfy, behind one shape: each returns the
 * errors it found and, where it can expand recurrences, the occurrences it sees in a window
 * (uid, recurrence id, start and end as UTC instants or dates). Python parsers run under Debian's
 * /usr/bin/python3; a missing module fails the test loudly rather than skipping it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { registerZonesOf } from '../../support/ical-zones.js';

export interface SeenOccurrence {
  uid: string;
  recurrenceId: string | null;
  start: string;
  end: string;
}

export interface PythonReport {
  libical: { errors: string[]; occurrences: SeenOccurrence[] };
  icalendar: { errors: string[]; events: number; name: string };
  vobject: { errors: string[]; occurrences: SeenOccurrence[] };
}

const SCRIPT = fileURLToPath(new URL('./validate_ics.py', import.meta.url));

function compact(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** libical, python3-icalendar and python3-vobject on one file. */
export function pythonParsers(ics: string, from: Date, to: Date): PythonReport {
  const dir = mkdtempSync(join(tmpdir(), 'safercal-ics-'));
  try {
    const file = join(dir, 'feed.ics');
    writeFileSync(file, ics);
    const out = execFileSync('/usr/bin/python3', [SCRIPT, file, compact(from), compact(to)], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(out) as PythonReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeKey(t: ICAL.Time): string {
  if (t.isDate) return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  return t
    .toJSDate()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** ical.js (Mozilla's parser, used by Thunderbird): parse, then expand each series. */
export function icalJs(ics: string, from: Date, to: Date): { errors: string[]; occurrences: SeenOccurrence[] } {
  const root = new ICAL.Component(ICAL.parse(ics));
  const unregister = registerZonesOf(root);
  try {
    return expandWithIcalJs(root, from, to);
  } finally {
    unregister();
  }
}

function expandWithIcalJs(root: ICAL.Component, from: Date, to: Date): { errors: string[]; occurrences: SeenOccurrence[] } {
  const errors: string[] = [];
  const vevents = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Event>();
  const overrides: ICAL.Component[] = [];
  for (const component of vevents) {
    if (component.hasProperty('recurrence-id')) overrides.push(component);
    else masters.set(String(component.getFirstPropertyValue('uid')), new ICAL.Event(component));
  }
  const occurrences: SeenOccurrence[] = [];
  for (const component of overrides) {
    const uid = String(component.getFirstPropertyValue('uid'));
    const master = masters.get(uid);
    if (master) master.relateException(component);
    else {
      // An invitation for one occurrence carries only that occurrence (iTIP allows it).
      const lone = new ICAL.Event(component);
      occurrences.push({ uid, recurrenceId: timeKey(lone.recurrenceId), start: timeKey(lone.startDate), end: timeKey(lone.endDate) });
    }
  }
  const fromMs = from.getTime() - 86_400_000;
  const toMs = to.getTime() + 86_400_000;
  for (const [uid, event] of masters) {
    if (
      event.startDate.zone?.tzid &&
      event.startDate.zone.tzid !== 'UTC' &&
      !event.startDate.isDate &&
      event.startDate.zone.tzid === 'floating'
    ) {
      errors.push(`${uid}: DTSTART is floating`);
    }
    if (!event.isRecurring()) {
      occurrences.push({ uid, recurrenceId: null, start: timeKey(event.startDate), end: timeKey(event.endDate) });
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(), n = 0; next; next = it.next(), n++) {
      if (n > 5000) {
        errors.push(`${uid}: expansion did not stop`);
        break;
      }
      if (next.toJSDate().getTime() > toMs) break;
      const details = event.getOccurrenceDetails(next);
      occurrences.push({
        uid,
        recurrenceId: timeKey(details.recurrenceId),
        start: timeKey(details.startDate),
        end: timeKey(details.endDate),
      });
    }
  }
  return { errors, occurrences: inWindow(occurrences, fromMs, toMs) };
}

function nodeIcalKey(date: Date & { dateOnly?: boolean }, fullDay: boolean): string {
  if (fullDay) {
    // node-ical builds date-only values at local midnight of the process zone.
    const y = date.getFullYear();
    return `${y}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  }
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** node-ical (used by many Node calendar integrations): parse, then its own expansion. */
export function nodeIcalParser(ics: string, from: Date, to: Date): { errors: string[]; occurrences: SeenOccurrence[] } {
  const errors: string[] = [];
  const parsed = nodeIcal.sync.parseICS(ics);
  const occurrences: SeenOccurrence[] = [];
  for (const component of Object.values(parsed)) {
    if (!component || (component as { type?: string }).type !== 'VEVENT') continue;
    const event = component as nodeIcal.VEvent;
    const instances = nodeIcal.expandRecurringEvent(event, {
      from: new Date(from.getTime() - 86_400_000),
      to: new Date(to.getTime() + 86_400_000),
    });
    for (const i of instances) {
      const rid = (i.event as { recurrenceid?: Date }).recurrenceid;
      occurrences.push({
        uid: String(event.uid),
        recurrenceId: i.isRecurring ? nodeIcalKey(rid ?? i.start, i.isFullDay) : null,
        start: nodeIcalKey(i.start, i.isFullDay),
        end: nodeIcalKey(i.end, i.isFullDay),
      });
    }
  }
  return { errors, occurrences: inWindow(occurrences, from.getTime() - 86_400_000, to.getTime() + 86_400_000) };
}

function inWindow(list: SeenOccurrence[], fromMs: number, toMs: number): SeenOccurrence[] {
  return list
    .filter((o) => {
      const ms = Date.parse(o.start.length === 10 ? `${o.start}T00:00:00Z` : o.start);
      return ms >= fromMs && ms < toMs;
    })
    .sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
}
