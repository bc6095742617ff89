/** @module Pieces the pages share: badges, error summaries, form fields with their errors, pagers. */
import type { Child } from 'hono/jsx';
import type { EventKind } from '../../domain/kinds.js';
import { KIND_LABELS } from '../../domain/kinds.js';
import { LEAD_TIME_CHOICES, leadMinutes, leadTimeWords, type LeadTime } from '../../domain/reminders.js';
import type { FieldError } from '../../domain/validation.js';
import type { DateParts } from '../web/uk-dates.js';
import { instantsInWords } from './format.js';

export function KindBadge(props: { kind: EventKind }) {
  return <span class={`badge k-${props.kind}`}>{KIND_LABELS[props.kind]}</span>;
}

export function StatusNote(props: { status: string }) {
  if (props.status === 'published') return null;
  return <span class={`status status-${props.status}`}>{props.status === 'draft' ? ' Draft' : ' Cancelled'}</span>;
}

/** Errors keyed by the form field's id, each with the text shown beside the field. */
export type FormErrors = Map<string, string>;

/**
 * A page an error points the reader to (the dates of the other part a date would meet), shown after
 * the error's words as ": see …", in the summary and beside the field: a person reads words and
 * follows a link, never an API path.
 */
export interface ErrorLink {
  href: string;
  text: string;
}

function LinkAfter(props: { link: ErrorLink | undefined }) {
  return props.link ? (
    <>
      : <a href={props.link.href}>{props.link.text}</a>
    </>
  ) : null;
}

/**
 * A field's error as shown: "<label> <message>" ("Start date must include a month"), or the message
 * alone when it is a sentence of its own ("Choose an organisation"); instants in words (instantsInWords).
 */
export function errorText(label: string, rawMessage: string): string {
  // The API's clash messages write instants as ISO text; pages write them in words.
  const message = instantsInWords(rawMessage);
  return /^[A-Z]/.test(message) ? message : `${label} ${message}`;
}

/**
 * The GOV.UK pattern: a summary at the top linking to each field, and the message by the field.
 * `links`, by field id: a page the error points to, linked after the field's link.
 */
export function ErrorSummary(props: { errors: FormErrors; labels: Record<string, string>; links?: ReadonlyMap<string, ErrorLink> }) {
  if (props.errors.size === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {[...props.errors].map(([id, message]) => (
          <li>
            <a href={`#${id}`}>{errorText(props.labels[id] ?? id, message)}</a>
            <LinkAfter link={props.links?.get(id)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One problem that belongs to no single field (a refused sign-in, a file that cannot be read), as an alert at the top. */
export function ProblemSummary(props: { id: string; problem: string }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby={props.id}>
      <h2 id={props.id}>There is a problem</h2>
      <p>{instantsInWords(props.problem)}</p>
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  errors: FormErrors;
  /** A page the field's error points to (see ErrorLink). */
  errorLink?: ErrorLink;
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [props.hint ? `${props.id}-hint` : '', props.errors.has(props.id) ? `${props.id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The hint and the error of a field, with the ids its input's aria-describedby points at. */
function HintAndError(props: FieldProps) {
  const error = props.errors.get(props.id);
  return (
    <>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {errorText(props.label, error)}
          <LinkAfter link={props.errorLink} />
        </span>
      ) : null}
    </>
  );
}

function FieldFrame(props: FieldProps & { children: Child }) {
  const error = props.errors.get(props.id);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <HintAndError {...props} />
      {props.children}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    name?: string;
    value?: string | null;
    type?: string;
    required?: boolean;
    autocomplete?: string;
    inputmode?: string;
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        type={props.type ?? 'text'}
        id={props.id}
        name={props.name ?? props.id}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors.has(props.id) ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { name?: string; value?: string | null; rows?: number }) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={props.id}
        name={props.name ?? props.id}
        rows={props.rows ?? 5}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors.has(props.id) ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { name?: string; value?: string | null; options: [string, string][]; empty?: string }) {
  return (
    <FieldFrame {...props}>
      <select
        id={props.id}
        name={props.name ?? props.id}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors.has(props.id) ? 'true' : undefined}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Radio buttons or checkboxes in a fieldset; the first input carries the id the summary links to. */
export function Choices(props: FieldProps & { name: string; type: 'radio' | 'checkbox'; options: [string, string][]; checked: string[] }) {
  const error = props.errors.get(props.id);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset aria-describedby={describedBy(props)}>
        <legend>{props.label}</legend>
        <HintAndError {...props} />
        <div class="choices">
          {props.options.map(([value, label], i) => (
            <label>
              <input
                type={props.type}
                name={props.name}
                value={value}
                id={i === 0 ? props.id : `${props.id}-${value}`}
                checked={props.checked.includes(value)}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function Pager(props: { previous: string | null; next: string | null; label: string }) {
  if (!props.previous && !props.next) return null;
  return (
    <nav class="pager" aria-label={props.label}>
      {props.previous ? <a href={props.previous}>← Previous page</a> : <span />}
      {props.next ? <a href={props.next}>Next page →</a> : <span />}
    </nav>
  );
}

/** Domain field errors ("start", "themes[2]") mapped to form field ids. */
export function formErrors(errors: FieldError[], fieldIds: Record<string, string>): FormErrors {
  const out: FormErrors = new Map();
  for (const e of errors) {
    const base = e.field.replace(/\[.*$/, '');
    const id = fieldIds[e.field] ?? fieldIds[base] ?? base;
    if (!out.has(id)) out.set(id, e.message);
  }
  return out;
}

/**
 * Lead times to tick (4 weeks … 2 hours, plus any other ones already chosen) and a text field for
 * other times. The first box carries `id`, so an error summary can link to it.
 */
export function LeadTimeChoices(props: {
  id: string;
  name: string;
  legend: string;
  hint: string;
  checked: LeadTime[];
  errors: FormErrors;
}) {
  const options = [...new Set([...LEAD_TIME_CHOICES, ...props.checked])].sort((a, b) => leadMinutes(b) - leadMinutes(a));
  const error = props.errors.get(props.id);
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset class="nested" aria-describedby={describedBy({ ...props, label: props.legend })}>
        <legend>{props.legend}</legend>
        <HintAndError id={props.id} label={props.legend} hint={props.hint} errors={props.errors} />
        <div class="choices">
          {options.map((lead, i) => (
            <label>
              <input
                type="checkbox"
                name={props.name}
                value={lead}
                id={i === 0 ? props.id : `${props.id}-${lead}`}
                checked={props.checked.includes(lead)}
              />
              {leadTimeWords(lead)} before
            </label>
          ))}
        </div>
        <label for={`${props.id}-other`} class="small-label">
          Other times (optional), for example 5 days or 12 hours
        </label>
        <input type="text" id={`${props.id}-other`} name={`${props.name}-other`} class="short" autocomplete="off" />
      </fieldset>
    </div>
  );
}

/**
 * The GOV.UK date input: a fieldset whose legend is the label, with Day, Month and Year boxes
 * (numbers typed, so the browser's language never changes the order). The Day box carries `id`.
 */
export function DateInput(props: FieldProps & { name?: string; value: DateParts }) {
  const name = props.name ?? props.id;
  const error = props.errors.get(props.id);
  const hint = props.hint ?? 'For example, 27 3 2026';
  const boxes: [keyof DateParts, string, string][] = [
    ['day', 'Day', 'w2'],
    ['month', 'Month', 'w2'],
    ['year', 'Year', 'w4'],
  ];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset role="group" aria-describedby={describedBy({ ...props, hint })}>
        <legend>{props.label}</legend>
        <HintAndError id={props.id} label={props.label} hint={hint} errors={props.errors} errorLink={props.errorLink} />
        <div class="date-input">
          {boxes.map(([part, label, width]) => {
            const id = part === 'day' ? props.id : `${props.id}-${part}`;
            return (
              <div class="date-item">
                <label for={id}>{label}</label>
                <input
                  class={width}
                  id={id}
                  name={`${name}-${part}`}
                  type="text"
                  inputmode="numeric"
                  autocomplete="off"
                  value={props.value[part]}
                  aria-invalid={error ? 'true' : undefined}
                />
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A time as text on the 24-hour clock ("18:30"), the same in every browser. */
export function TimeInput(props: FieldProps & { name?: string; value: string }) {
  const hint = props.hint ?? 'On the 24-hour clock, for example 18:30';
  return (
    <FieldFrame {...props} hint={hint}>
      <input
        type="text"
        class="w5"
        id={props.id}
        name={props.name ?? props.id}
        value={props.value}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={describedBy({ ...props, hint })}
        aria-invalid={props.errors.has(props.id) ? 'true' : undefined}
      />
    </FieldFrame>
  );
}
