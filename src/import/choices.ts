/**
 * @module What the organiser chooses for an import or a synced feed: the kind of event, themes,
 * organisation, group, visibility and status every imported event gets (a partner's calendar
 * says nothing about our strategy themes or who may see a date). Checked by the events API's own
 * rules, so an import can never make an event the API would refuse.
 */
import { eventReferenceErrors } from '../db/references.js';
import type { Store } from '../db/store.js';
import { validateEventInput } from '../domain/event-input.js';
import type { EventKind, EventStatus, Visibility } from '../domain/kinds.js';
import { isRecord, type FieldError, type Validated } from '../domain/validation.js';

export interface ImportChoices {
  kind: EventKind;
  themes: string[];
  organisationId: string | null;
  groupId: string | null;
  visibility: Visibility;
  /** 'draft' to look the events over before publishing them. */
  status: Exclude<EventStatus, 'cancelled'>;
}

const FIELDS = ['kind', 'themes', 'organisationId', 'groupId', 'visibility', 'status'] as const;

/** Reads choices from JSON or a form (themes as a list or comma-separated text). */
export function readChoices(input: unknown): Validated<ImportChoices> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'body', message: 'must be an object with kind, themes, visibility…' }] };
  const unknown = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) return { ok: false, errors: unknown.map((field) => ({ field, message: 'is not an import choice' })) };
  const themes =
    typeof input.themes === 'string'
      ? input.themes
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : input.themes;
  // A stand-in title and date: only the choices' own rules can fail.
  const result = validateEventInput({
    kind: input.kind,
    themes,
    organisationId: input.organisationId || null,
    groupId: input.groupId || null,
    visibility: input.visibility || 'public',
    status: input.status || 'published',
    title: 'import',
    start: '2000-01-01',
  });
  if (!result.ok) {
    const errors = result.errors.filter((e) => e.field.split(/[.[]/)[0] !== 'title' && e.field !== 'start');
    return { ok: false, errors };
  }
  const v = result.value;
  return {
    ok: true,
    value: {
      kind: v.kind,
      themes: v.themes,
      organisationId: v.organisationId,
      groupId: v.groupId,
      visibility: v.visibility,
      status: v.status === 'draft' ? 'draft' : 'published',
    },
  };
}

/** Choices whose organisation or group does not exist (checked against storage). */
export async function choiceReferenceErrors(store: Store, choices: ImportChoices): Promise<FieldError[]> {
  return eventReferenceErrors(store, {
    kind: choices.kind,
    title: 'import',
    description: '',
    location: '',
    links: [],
    when: { allDay: true, startDate: '2000-01-01', endDate: '2000-01-01' },
    timezone: 'Europe/London',
    rrule: null,
    themes: choices.themes,
    organisationId: choices.organisationId,
    groupId: choices.groupId,
    parentId: null,
    visibility: choices.visibility,
    status: choices.status,
  });
}
