/**
 * @module An import from upload to calendar: keep the text, preview what it would do, apply it as
 * one batch. Applying reads the kept text and plans again against the calendar as it is then, so
 * an apply after someone else's change still does the right thing, and applying twice adds nothing.
 */
import { newId, stamp, type Store, type WriteContext } from '../db/store.js';
import { visibleText } from '../domain/visible-text.js';
import type { ImportChoices } from './choices.js';
import { convertComponents } from './convert.js';
import { readCalendar } from './ics-read.js';
import { planImport, planStatements, type ImportPlan } from './plan.js';
import { getImport, markImportAppliedStatement, saveImportStatements, type PendingImport } from './store.js';

/**
 * The largest upload or fetched calendar: within the service's 1 MiB request limit (an upload is a
 * request) and D1's 2 MB row, which keeps it between preview and application. About 2,000 events.
 */
export const MAX_IMPORT_BYTES = 1_000_000;

/** One-off imports share one source: a UID seen in any earlier import is the same event. */
export const IMPORT_SOURCE = 'import';

export interface Preview {
  calendarName: string | null;
  /** Problems of the file as a whole (a malformed VTIMEZONE). */
  fileProblems: string[];
  plan: ImportPlan;
}

export type PreviewResult = { ok: true; preview: Preview } | { ok: false; message: string };

/**
 * What importing `text` into `source` with `choices` would do. `ok: false` when the text is not
 * an iCalendar file at all; everything else is per component, in the plan.
 */
export async function previewCalendar(
  store: Store,
  text: string,
  choices: ImportChoices,
  source: string,
  now: Date,
  opts: { sync: boolean } = { sync: false },
): Promise<PreviewResult> {
  const read = await readCalendar(text);
  if (!read.ok) return { ok: false, message: `The calendar ${read.message}.` };
  const items = convertComponents(read.components, choices, now);
  const plan = await planImport(store, items, source, opts);
  // Shown, never written: the file's own words (its calendar's name, a time zone it names) with
  // control and bidirectional characters as visible escapes (ADR 301).
  return {
    ok: true,
    preview: {
      calendarName: read.calendarName === null ? null : visibleText(read.calendarName),
      fileProblems: read.timezoneProblems.map(visibleText),
      plan,
    },
  };
}

/** Keeps an upload for preview and application; returns its id. */
export async function saveImport(
  store: Store,
  input: { sourceKind: 'file' | 'url'; sourceLabel: string; content: string; choices: ImportChoices },
  ctx: WriteContext,
): Promise<string> {
  const id = newId();
  const weekAgo = stamp(new Date(ctx.now.getTime() - 7 * 86_400_000));
  await store.batch(saveImportStatements(store, { ...input, id, actor: ctx.actor, now: stamp(ctx.now) }, weekAgo));
  return id;
}

export type ApplyResult =
  { ok: true; counts: ImportPlan['counts']; alreadyApplied: boolean } | { ok: false; status: 404 | 400; message: string };

/** Applies a kept import in one batch; a second call reports what the first did and changes nothing. */
export async function applyImport(store: Store, id: string, ctx: WriteContext): Promise<ApplyResult> {
  const pending: PendingImport | null = await getImport(store, id);
  if (!pending) return { ok: false, status: 404, message: 'no import with this id (imports not applied within a week are removed)' };
  if (pending.appliedAt) return { ok: true, counts: pending.outcome as ImportPlan['counts'], alreadyApplied: true };
  const result = await previewCalendar(store, pending.content, pending.choices, IMPORT_SOURCE, ctx.now);
  if (!result.ok) return { ok: false, status: 400, message: result.message };
  const { plan } = result.preview;
  const statements = await planStatements(store, plan, ctx, 'removed from the source calendar');
  statements.push(markImportAppliedStatement(store, id, ctx.actor, stamp(ctx.now), plan.counts));
  await store.batch(statements);
  return { ok: true, counts: plan.counts, alreadyApplied: false };
}
