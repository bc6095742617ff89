/**
 * @module The organisers' event form: its fields as text, how they become the API's input (so
 * validateEventInput applies the very same rules), and where each domain error is shown.
 */
import type { CalendarEvent } from '../../domain/event.js';
import { isThemeCode } from '../../domain/kinds.js';
import { presetRule, REPEAT_PRESETS, type RepeatPreset } from '../../domain/repeat-presets.js';
import { local } from '../pages/format.js';
import { formList as list, formText as text, type FormBody } from './form.js';

export interface EventFormValues {
  kind: string;
  title: string;
  description: string;
  location: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  repeat: string;
  repeatUntil: string;
  repeatCount: string;
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
    startDate: '',
    startTime: kind === 'meeting' ? '18:00' : '',
    endDate: '',
    endTime: kind === 'meeting' ? '20:00' : '',
    repeat: 'none',
    repeatUntil: '',
    repeatCount: '',
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
  return {
    kind: event.kind,
    title: event.title,
    description: event.description,
    location: event.location,
    startDate: when.allDay ? when.startDate : start!.toISODate()!,
    startTime: start ? start.toFormat('HH:mm') : '',
    endDate: when.allDay
      ? when.endDate === when.startDate
        ? ''
        : when.endDate
      : end!.toISODate() === start!.toISODate()
        ? ''
        : end!.toISODate()!,
    endTime: end ? end.toFormat('HH:mm') : '',
    repeat: 'none',
    repeatUntil: '',
    repeatCount: '',
    rrule: event.rrule ?? '',
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

export function formFromBody(body: FormBody): EventFormValues {
  return {
    kind: text(body, 'kind'),
    title: text(body, 'title'),
    description: text(body, 'description').replace(/\r\n/g, '\n'),
    location: text(body, 'location'),
    startDate: text(body, 'startDate').trim(),
    startTime: text(body, 'startTime').trim(),
    endDate: text(body, 'endDate').trim(),
    endTime: text(body, 'endTime').trim(),
    repeat: text(body, 'repeat') || 'none',
    repeatUntil: text(body, 'repeatUntil').trim(),
    repeatCount: text(body, 'repeatCount').trim(),
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

/** Errors the form itself finds before the domain rules run (a count that is not a number). */
export function formOnlyErrors(values: EventFormValues): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (!(values.repeat in REPEAT_PRESETS)) errors.push({ field: 'repeat', message: 'must be one of the choices' });
  if (values.repeatCount && !/^\d{1,4}$/.test(values.repeatCount))
    errors.push({ field: 'repeatCount', message: 'must be a whole number, like 10' });
  if (values.repeatUntil && !/^\d{4}-\d{2}-\d{2}$/.test(values.repeatUntil))
    errors.push({ field: 'repeatUntil', message: 'must be a date' });
  if (values.endTime && !values.startTime) errors.push({ field: 'startTime', message: 'is needed when there is an end time' });
  return errors;
}

/** The API's JSON input for these form values. */
export function inputFromForm(values: EventFormValues): Record<string, unknown> {
  const start = values.startTime ? `${values.startDate}T${values.startTime}` : values.startDate;
  const endDate = values.endDate || values.startDate;
  const end = values.startTime ? (values.endTime ? `${endDate}T${values.endTime}` : undefined) : values.endDate || undefined;
  const rrule =
    values.rrule ||
    (values.repeat in REPEAT_PRESETS
      ? presetRule(values.repeat as RepeatPreset, values.startDate, {
          until: values.repeatUntil || undefined,
          count: values.repeatCount ? Number(values.repeatCount) : undefined,
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
  endDate: 'End date',
  endTime: 'End time',
  repeat: 'Repeat',
  repeatUntil: 'Last date',
  repeatCount: 'Number of times',
  rrule: 'Custom rule',
  themes: 'Themes',
  tags: 'Other tags',
  organisationId: 'Organisation',
  groupId: 'Group',
  parentId: 'Campaign week',
  visibility: 'Who can see it',
  status: 'Status',
  links: 'Links',
};
