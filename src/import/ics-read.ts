/**
 * @module Reading an iCalendar file into components with ical.js, one component at a time.
 * The file is cut into its top-level components at their BEGIN/END lines (after unfolding,
 * RFC 5545 3.1) and each is parsed by ical.js on its own, so one malformed component (a line
 * that is not a property, a component that never ends) is reported against that component while
 * the others still import; between components the reader yields to the event loop, so a 2 MB
 * file never stalls other requests. Every event is parsed inside a calendar holding the file's
 * VTIMEZONEs, so ical.js converts its times with the file's own zone definitions.
 */
import ICAL from 'ical.js';
import { yieldToEventLoop } from '../feeds/build.js';

/** The most components one file may hold (an import is previewed row by row). */
export const MAX_COMPONENTS = 2000;

const EVENT_LIKE = new Set(['VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY', 'VTIMEZONE']);

export interface RawComponent {
  /** The line of the file where the component begins (1-based, after unfolding). */
  line: number;
  /** VEVENT, VTODO, ... */
  name: string;
  /** The parsed component, attached to a calendar with the file's VTIMEZONEs; null when malformed. */
  component: ICAL.Component | null;
  /** Why it could not be parsed (null when it could). */
  error: string | null;
  /** UID and SUMMARY as far as they can be read from the raw lines, for naming a malformed component. */
  uid: string | null;
  summary: string | null;
}

export type ReadCalendar =
  { ok: false; message: string } | { ok: true; calendarName: string | null; components: RawComponent[]; timezoneProblems: string[] };

interface Block {
  line: number;
  name: string;
  lines: string[];
  broken: string | null;
}

function rawValue(lines: string[], name: string): string | null {
  const re = new RegExp(`^${name}(;[^:]*)?:(.*)$`, 'i');
  for (const l of lines) {
    const m = re.exec(l);
    if (m) return m[2]!.trim();
  }
  return null;
}

/** Cuts the unfolded lines into top-level components and the calendar's own property lines. */
function cut(lines: string[]): { calendarLines: string[]; blocks: Block[]; calendars: number } {
  const blocks: Block[] = [];
  const calendarLines: string[] = [];
  const stack: string[] = [];
  let block: Block | null = null;
  let calendars = 0;
  const close = (broken: string | null) => {
    if (block) {
      if (broken && !block.broken) block.broken = broken;
      blocks.push(block);
    }
    block = null;
  };
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!line) return;
    const begin = /^BEGIN:(.+)$/i.exec(line);
    const end = /^END:(.+)$/i.exec(line);
    if (begin) {
      const name = begin[1]!.trim().toUpperCase();
      if (name === 'VCALENDAR') {
        if (block) close('never ends (END line missing)');
        stack.length = 0;
        stack.push(name);
        calendars++;
        return;
      }
      if (EVENT_LIKE.has(name) && block && stack.length > 1) {
        // A component cannot hold another event: the previous one never ended.
        close(`never ends (END:${(block as Block).name} missing)`);
        stack.length = 1;
      }
      if (stack.length === 1) block = { line: index + 1, name, lines: [], broken: null };
      stack.push(name);
      (block as Block | null)?.lines.push(line);
      return;
    }
    if (end) {
      const name = end[1]!.trim().toUpperCase();
      if (name === 'VCALENDAR') {
        if (block) close('never ends (END line missing)');
        stack.length = 0;
        return;
      }
      const current: Block | null = block;
      if (current) current.lines.push(line);
      if (stack[stack.length - 1] === name) stack.pop();
      else if (current) {
        current.broken ??= `has END:${name} where END:${stack[stack.length - 1]} was expected`;
        const at = stack.lastIndexOf(name);
        if (at > 0) stack.length = at;
      }
      if (stack.length === 1 && block) close(null);
      return;
    }
    if (block) (block as Block).lines.push(line);
    else if (stack.length === 1) calendarLines.push(line);
  });
  if (block) close('never ends (END line missing)');
  return { calendarLines, blocks, calendars };
}

/** The calendar holding the file's VTIMEZONEs (each checked on its own) and its name. */
function timezoneCalendar(calendarLines: string[], zones: Block[], problems: string[]): ICAL.Component {
  const good: string[] = [];
  for (const zone of zones) {
    const text = zone.lines.join('\r\n');
    try {
      if (zone.broken) throw new Error(zone.broken);
      ICAL.parse(`BEGIN:VCALENDAR\r\n${text}\r\nEND:VCALENDAR`);
      good.push(text);
    } catch (error) {
      problems.push(`The time zone on line ${zone.line} (${rawValue(zone.lines, 'TZID') ?? 'no TZID'}) is malformed: ${message(error)}`);
    }
  }
  const properties = calendarLines.filter((l) => /^[A-Za-z0-9-]+[;:]/.test(l));
  try {
    return new ICAL.Component(ICAL.parse(['BEGIN:VCALENDAR', ...properties, ...good, 'END:VCALENDAR'].join('\r\n')));
  } catch {
    return new ICAL.Component(ICAL.parse(['BEGIN:VCALENDAR', ...good, 'END:VCALENDAR'].join('\r\n')));
  }
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
}

/**
 * Reads iCalendar text (RFC 5545). File-level problems (not iCalendar, too many components) are
 * `ok: false`; a component that cannot be parsed is returned with its error, never thrown.
 */
export async function readCalendar(text: string): Promise<ReadCalendar> {
  const unfolded = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '');
  const lines = unfolded.split('\n');
  if (!lines.some((l) => /^BEGIN:VCALENDAR\s*$/i.test(l))) {
    return { ok: false, message: 'is not an iCalendar file (it has no BEGIN:VCALENDAR line)' };
  }
  const { calendarLines, blocks, calendars } = cut(lines);
  if (!calendars) return { ok: false, message: 'is not an iCalendar file' };
  const events = blocks.filter((b) => b.name !== 'VTIMEZONE');
  if (events.length > MAX_COMPONENTS) {
    return { ok: false, message: `has ${events.length} components; import at most ${MAX_COMPONENTS} at a time` };
  }
  const timezoneProblems: string[] = [];
  const calendar = timezoneCalendar(
    calendarLines,
    blocks.filter((b) => b.name === 'VTIMEZONE'),
    timezoneProblems,
  );
  await yieldToEventLoop();
  const components: RawComponent[] = [];
  for (const [i, block] of events.entries()) {
    const base = { line: block.line, name: block.name, uid: rawValue(block.lines, 'UID'), summary: rawValue(block.lines, 'SUMMARY') };
    if (block.broken) {
      components.push({ ...base, component: null, error: block.broken });
      continue;
    }
    try {
      const component = new ICAL.Component(ICAL.parse(block.lines.join('\r\n')));
      calendar.addSubcomponent(component);
      components.push({ ...base, component, error: null });
    } catch (error) {
      components.push({ ...base, component: null, error: message(error) });
    }
    if (i % 100 === 99) await yieldToEventLoop();
  }
  const name = calendar.getFirstPropertyValue('x-wr-calname');
  return { ok: true, calendarName: typeof name === 'string' && name.trim() ? name.trim() : null, components, timezoneProblems };
}
