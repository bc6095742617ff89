/** @module The body of a cancel request (API and form): the organiser's reason and, for a campaign week, its activities' fate. */
import { readCancelReason } from '../domain/event-input.js';
import { strayFields, type FieldError } from '../domain/validation.js';
import { ACTIVITY_CHOICES, type ActivityChoice } from './service.js';

export type CancelRequest = { ok: true; reason: string; activities: ActivityChoice } | { ok: false; errors: FieldError[] };

/**
 * Reads `{ reason?, activities? }`: reason is text of at most 500 characters under the shared
 * text rule (no control or bidirectional-override characters; trimmed; '' when absent); activities is 'cancel' (the default: a week's activities are cancelled with it) or 'keep'.
 */
export function readCancelRequest(body: unknown): CancelRequest {
  const record = (body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const errors = strayFields(record, ['reason', 'activities'], 'is not a field of a cancellation; use reason and activities');
  const reason = readCancelReason('reason' in record ? { reason: record.reason } : {});
  if (!reason.ok) errors.push(...reason.errors);
  const activities = record.activities ?? 'cancel';
  if (typeof activities !== 'string' || !(ACTIVITY_CHOICES as readonly string[]).includes(activities)) {
    errors.push({
      field: 'activities',
      message:
        activities === 'shift'
          ? 'must be "cancel" or "keep": a cancelled week has no new dates to shift its activities to (move the week with an edit to shift them)'
          : 'must be "cancel" (cancel the activities with the week) or "keep" (keep them going)',
    });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, reason: reason.ok ? reason.value : '', activities: activities as ActivityChoice };
}
