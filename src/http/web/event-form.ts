/**
 * @module The organisers' event form: its fields as text, how they become the API's input (so
 * validateEventInput applies the very same rules), and where each domain error is shown.
 */
import { DateTime } from 'luxon';
import type { CalendarEvent } from '../../domain/event.js';
import { isThemeCode } from '../../domain/kinds.js';
import {
  PRESETS_WITH_MONTHS_LEFT_OUT,
  presetFromRule,
  presetRule,
  REPEAT_PRESETS,
  type RepeatPreset,
} from '../../domain/repeat-presets.js';
import { local } from '../pages/format.js';
import { repeatedHourNameOf, repeatedHourReadings, startWithClock, type ClockReading } from '../../domain/repeated-hour.js';
import { DEFAULT_ZONE } from '../../domain/time.js';
import type { FieldError } from '../../domain/validation.js';
import { formList as list, formText as text, type FormBody } from './form.js';
import { checkDate, checkTime, datePartsOf, EMPTY_DATE, readDateParts, type DateParts } from './uk-dates.js';

/** The repeat select's value for a rule written in the "Custom rule" field (no preset gives it back). */
export const CUSTOM_RULE = 'custom';

/** The repeat select's choices: the presets, then "Custom rule" for a rule written by hand. */
export const REPEAT_CHOICES: [string, string][] = [...Object.entries(REPEAT_PRESETS), [CUSTOM_RULE, 'Custom rule (written below)']];

export interface EventFormValues {
  kind: string;
  title: string;
  description: string;
  location: string;
  startDate: DateParts;
  startTime: string;
  /** Which of the two times the start names in the hour the autumn clock change repeats: 'first' (BST), 'second' (GMT), or '' (not asked: the first). */
  startTurn: string;
  endDate: DateParts;
  endTime: string;
  /** The same for the end time. */
  endTurn: string;
  repeat: string;
  repeatUntil: DateParts;
  repeatCount: string;
  /** Months ('1'…'12') a weekly or monthly repeat leaves out. */
  exceptMonths: string[];
  rrule: string;
  themes: string[];
  tags: string;
  organisationId: string;
  groupId: string;
  parentId: string;
  visibility: string;
  status: string;
  links: string;
}

export function emptyForm(kind: string): EventFormValues {
  return {
    kind,
    title: '',
    description: '',
    location: '',
    startDate: EMPTY_DATE,
    startTime: kind === 'meeting' ? '18:00' : '',
    startTurn: '',
    endDate: EMPTY_DATE,
    endTime: kind === 'meeting' ? '20:00' : '',
    endTurn: '',
    repeat: 'none',
    repeatUntil: EMPTY_DATE,
    repeatCount: '',
    exceptMonths: [],
    rrule: '',
    themes: [],
    tags: '',
    organisationId: '',
    groupId: '',
    parentId: '',
    visibility: 'public',
    status: 'published',
    links: '',
  };
}

export function formFromEvent(event: CalendarEvent): EventFormValues {
  const when = event.when;
  const start = when.allDay ? null : local(when.startsAt, event.timezone);
  const end = when.allDay ? null : local(when.endsAt, event.timezone);
  const startDate = when.allDay ? when.startDate : start!.toISODate()!;
  // A rule one of the choices gives back is shown as that choice; any other as its text.
  const preset = event.rrule ? presetFromRule(event.rrule, startDate, event.timezone) : null;
  return {
    kind: event.kind,
    title: event.title,
    description: event.description,
    location: event.location,
    startDate: datePartsOf(when.allDay ? when.startDate : start!.toISODate()!),
    startTime: start ? start.toFormat('HH:mm') : '',
    startTurn: start ? turnOf(start) : '',
    endDate: datePartsOf(
      when.allDay
        ? when.endDate === when.startDate
          ? ''
          : when.endDate
        : end!.toISODate() === start!.toISODate()
          ? ''
          : end!.toISODate()!,
    ),
    endTime: end ? end.toFormat('HH:mm') : '',
    endTurn: end ? turnOf(end) : '',
    // A rule no choice gives back says "Custom rule", never "Does not repeat" (issue 10).
    repeat: preset?.repeat ?? (event.rrule ? CUSTOM_RULE : 'none'),
    repeatUntil: datePartsOf(preset?.until ?? ''),
    repeatCount: preset?.count ?? '',
    exceptMonths: (preset?.exceptMonths ?? []).map(String),
    rrule: preset ? '' : (event.rrule ?? ''),
    themes: event.themes.filter((t) => isThemeCode(t)),
    tags: event.themes.filter((t) => !isThemeCode(t)).join(', '),
    organisationId: event.organisationId ?? '',
    groupId: event.groupId ?? '',
    parentId: event.parentId ?? '',
    visibility: event.visibility,
    status: event.status === 'cancelled' ? 'published' : event.status,
    links: event.links.map((l) => (l.title && l.title !== l.url ? `${l.title} | ${l.url}` : l.url)).join('\n'),
  };
}

/** A posted reading of a repeated time ('BST' or 'GMT', a zone name), anything else read as not asked. */
function turnText(value: string): string {
  return /^[A-Z]{3,5}$/.test(value) ? value : '';
}

/** The zone name ('BST', 'GMT') of an instant whose wall time the autumn change repeats, or ''. */
function turnOf(instant: DateTime): string {
  return repeatedHourNameOf(instant.toUTC().toISO()!, instant.zoneName ?? DEFAULT_ZONE);
}

/**
 * The UK date ('YYYY-MM-DD') and time ('HH:mm') the form holds for its start or end when the autumn
 * clock change repeats that time, so the form must ask which of the two it is (ADR 269); null
 * otherwise, or while the date or time does not read.
 */
export function repeatedTimeOnForm(
  values: EventFormValues,
  which: 'start' | 'end',
): { date: string; time: string; readings: [ClockReading, ClockReading] } | null {
  const date = checkDate(which === 'start' ? values.startDate : values.endDate.day ? values.endDate : values.startDate);
  const time = checkTime(which === 'start' ? values.startTime : values.endTime);
  const readings = date.ok && time.ok ? repeatedHourReadings(date.iso, time.hhmm, DEFAULT_ZONE) : null;
  return readings && date.ok && time.ok ? { date: date.iso, time: time.hhmm, readings } : null;
}

export function formFromBody(body: FormBody): EventFormValues {
  return {
    kind: text(body, 'kind'),
    title: text(body, 'title'),
    description: text(body, 'description').replace(/\r\n/g, '\n'),
    location: text(body, 'location'),
    startDate: readDateParts(body, 'startDate'),
    startTime: text(body, 'startTime').trim(),
    startTurn: turnText(text(body, 'startTurn')),
    endDate: readDateParts(body, 'endDate'),
    endTime: text(body, 'endTime').trim(),
    endTurn: turnText(text(body, 'endTurn')),
    repeat: text(body, 'repeat') || 'none',
    repeatUntil: readDateParts(body, 'repeatUntil'),
    repeatCount: text(body, 'repeatCount').trim(),
    exceptMonths: list(body, 'exceptMonths'),
    rrule: text(body, 'rrule').trim(),
    themes: list(body, 'themes'),
    tags: text(body, 'tags'),
    organisationId: text(body, 'organisationId'),
    groupId: text(body, 'groupId'),
    parentId: text(body, 'parentId'),
    visibility: text(body, 'visibility'),
    status: text(body, 'status'),
    links: text(body, 'links'),
  };
}

/**
 * The form's dates and times checked as typed, before the domain rules run: plain-English errors
 * keyed by form field, and the values as the API takes them (ISO date, "HH:mm").
 */
export function checkFormWhen(values: EventFormValues): {
  errors: { field: string; message: string }[];
  start: string;
  startTime: string;
  end: string;
  endTime: string;
  until: string;
} {
  const errors: { field: string; message: string }[] = [];
  const date = (field: 'startDate' | 'endDate' | 'repeatUntil', required: boolean) => {
    const checked = checkDate(values[field]);
    if (checked.ok) return checked.iso;
    if (!checked.empty) errors.push({ field, message: checked.message });
    else if (required) errors.push({ field, message: 'is needed' });
    return '';
  };
  const time = (field: 'startTime' | 'endTime') => {
    const checked = checkTime(values[field]);
    if (checked.ok) return checked.hhmm;
    if (!checked.empty) errors.push({ field, message: checked.message });
    return '';
  };
  const out = {
    errors,
    start: date('startDate', true),
    startTime: time('startTime'),
    end: date('endDate', false),
    endTime: time('endTime'),
    until: date('repeatUntil', false),
  };
  // A time typed into the hour the autumn change repeats, before the form asked which (ADR 269): ask
  // now rather than take the first reading silently; the question is shown beside the time. An end
  // with one reading after the start is that one, and is not asked (endTurnFor).
  for (const which of ['start', 'end'] as const) {
    const question = (which === 'start' ? values.startTurn : values.endTurn) ? null : repeatedTimeOnForm(values, which);
    if (!question || (which === 'end' && endReadingsAfterStart(values, out).length < 2)) continue;
    const [first, second] = question.readings;
    errors.push({
      field: `${which}Turn`,
      message: `— choose ${question.time} ${first.name} (the first) or ${question.time} ${second.name} (an hour later)`,
    });
  }
  if (!(values.repeat in REPEAT_PRESETS) && values.repeat !== CUSTOM_RULE)
    errors.push({ field: 'repeat', message: 'must be one of the choices' });
  if (values.repeat === CUSTOM_RULE && !values.rrule)
    errors.push({ field: 'repeat', message: 'says “Custom rule” but none is written: write the rule below, or choose how it repeats' });
  if (values.repeatCount && !/^\d{1,4}$/.test(values.repeatCount))
    errors.push({ field: 'repeatCount', message: 'must be a whole number, like 10' });
  if (values.endTime && !values.startTime) errors.push({ field: 'startTime', message: 'is needed when there is an end time' });
  if (values.startTime && !values.endTime && !errors.some((e) => e.field === 'startTime'))
    errors.push({ field: 'endTime', message: 'is needed when there is a start time' });
  if (values.exceptMonths.some((m) => !/^(?:[1-9]|1[0-2])$/.test(m))) {
    errors.push({ field: 'exceptMonths', message: 'must be months of the year' });
  } else if (values.exceptMonths.length && !values.rrule) {
    if (!(PRESETS_WITH_MONTHS_LEFT_OUT as readonly string[]).includes(values.repeat)) {
      errors.push({ field: 'exceptMonths', message: 'can only leave months out of a weekly or monthly repeat' });
    } else if (new Set(values.exceptMonths).size === 12) {
      errors.push({ field: 'exceptMonths', message: 'leaves out every month: keep at least one' });
    }
  }
  return out;
}

/** UTC ms of a UK `date` ('YYYY-MM-DD') at `time` ('HH:mm'), at the reading named `turn` in the repeated hour (the first when none). */
function instantOnForm(date: string, time: string, turn: string): number {
  const readings = repeatedHourReadings(date, time, DEFAULT_ZONE);
  const reading = readings?.find((r) => r.name === turn) ?? readings?.[0];
  return DateTime.fromISO(`${date}T${time}${reading?.offset ?? ''}`, { zone: DEFAULT_ZONE }).toMillis();
}

/**
 * The readings ('BST', 'GMT') of the form's end time in the repeated autumn hour that fall after its
 * start (at the start's chosen reading, the first when not chosen); [] when the end is not such a time.
 */
function endReadingsAfterStart(
  values: EventFormValues,
  when: { start: string; startTime: string; end: string; endTime: string },
): string[] {
  if (!when.start || !when.startTime || !when.endTime) return [];
  const endDate = when.end || when.start;
  const readings = repeatedHourReadings(endDate, when.endTime, DEFAULT_ZONE);
  if (!readings) return [];
  const start = instantOnForm(when.start, when.startTime, values.startTurn);
  return readings.filter((r) => instantOnForm(endDate, when.endTime, r.name) > start).map((r) => r.name);
}

/**
 * The reading the end is sent at: the one chosen, unless only one reading of the end falls after the
 * start (01:30 GMT–01:45: only 01:45 GMT does), which is then the end whatever the radios said.
 */
function endTurnFor(values: EventFormValues, when: { start: string; startTime: string; end: string; endTime: string }): string {
  const after = endReadingsAfterStart(values, when);
  return after.length === 1 ? after[0]! : values.endTurn;
}

/** The API's JSON input for these form values (dates and times as checkFormWhen read them). */
export function inputFromForm(values: EventFormValues, when = checkFormWhen(values)): Record<string, unknown> {
  // A time in the repeated autumn hour is sent as the instant chosen (with its offset); any other as UK time.
  const at = (date: string, time: string, turn: string) => startWithClock(date, time, turn, DEFAULT_ZONE);
  const start = when.startTime ? at(when.start, when.startTime, values.startTurn) : when.start;
  const endDate = when.end || when.start;
  const end = when.startTime ? (when.endTime ? at(endDate, when.endTime, endTurnFor(values, when)) : undefined) : when.end || undefined;
  const rrule =
    values.rrule ||
    (values.repeat in REPEAT_PRESETS && when.start
      ? presetRule(values.repeat as RepeatPreset, when.start, {
          until: when.until || undefined,
          count: values.repeatCount ? Number(values.repeatCount) : undefined,
          exceptMonths: values.exceptMonths.map(Number),
        })
      : null);
  const tags = values.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const links = values.links
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.lastIndexOf('|');
      return bar === -1 ? { url: line } : { title: line.slice(0, bar).trim(), url: line.slice(bar + 1).trim() };
    });
  return {
    kind: values.kind,
    title: values.title,
    description: values.description,
    location: values.location,
    start,
    end,
    rrule,
    themes: [...values.themes, ...tags],
    organisationId: values.organisationId || null,
    groupId: values.groupId || null,
    parentId: values.parentId || null,
    visibility: values.visibility || 'public',
    status: values.status || 'published',
    links,
  };
}

/** Domain messages that would read oddly beside a form field, in the form's words and on the field they are about. */
export function plainEventErrors(errors: FieldError[], values: EventFormValues): FieldError[] {
  return errors.map((e) => {
    if ((e.field === 'start' || e.field === 'end') && /clocks go forward/.test(e.message))
      return {
        field: e.field === 'start' ? 'startTime' : 'endTime',
        message: 'does not exist on that day in the UK: the clocks go forward an hour at 1am. Choose another time',
      };
    if (e.field === 'end' && e.message === 'must be on or after start')
      return { field: 'endDate', message: 'must be the same as or after the start date' };
    if (e.field === 'end' && e.message === 'must not be before start')
      return { field: values.endDate.day ? 'endDate' : 'endTime', message: 'must be after the start' };
    if (e.field === 'end' && e.message.startsWith('must be within')) return { field: 'endDate', message: `${e.message} date` };
    if (e.field === 'rrule' && !values.rrule && /UNTIL before the start/.test(e.message))
      return { field: 'repeatUntil', message: 'must be the same as or after the start date' };
    if (e.field === 'rrule' && !values.rrule && /^COUNT must be at most (\d+)/.test(e.message))
      return { field: 'repeatCount', message: `must be ${/(\d+)/.exec(e.message)![1]} or fewer` };
    return e;
  });
}

/** Where each domain field's error is shown. */
export function eventFieldIds(values: EventFormValues): Record<string, string> {
  return {
    start: 'startDate',
    end: values.startTime ? 'endTime' : 'endDate',
    rrule: values.rrule ? 'rrule' : 'repeat',
    themes: 'themes',
    links: 'links',
    body: 'title',
  };
}

export const EVENT_FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  title: 'Title',
  description: 'Description',
  location: 'Location',
  startDate: 'Start date',
  startTime: 'Start time',
  startTurn: 'Starts at which time',
  endDate: 'End date',
  endTime: 'End time',
  endTurn: 'Ends at which time',
  repeat: 'Repeat',
  repeatUntil: 'Last date',
  repeatCount: 'Number of times',
  exceptMonths: 'Leave out these months',
  rrule: 'Custom rule',
  themes: 'Themes',
  tags: 'Other tags',
  organisationId: 'Organisation',
  groupId: 'Group',
  parentId: 'Campaign week',
  visibility: 'Who can see it',
  status: 'Status',
  links: 'Links',
  dates: 'Which dates?',
  from: 'From which date',
  fromDate: 'Or a later date of the series',
  orphans: 'Moved dates with no place in the new pattern',
  reason: 'Reason',
};
