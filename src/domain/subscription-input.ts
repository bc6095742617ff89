/** @module Input rules for reminder subscriptions and preferences: every refusal names the field. */
import { EVENT_KINDS, themeOf } from './kinds.js';
import { checkLeadTimes, type LeadTime } from './reminders.js';
import { isRecord, type FieldError, type Validated } from './validation.js';

/** 'group:<id>', 'kind:<kind>', 'theme:<code or tag>' or 'digest'. */
export function checkTopic(value: unknown): { ok: true; value: string } | { ok: false; message: string } {
  const hint = 'must be "group:<group id>", "kind:<kind>", "theme:<theme>" or "digest"';
  if (typeof value !== 'string') return { ok: false, message: hint };
  const topic = value.trim();
  if (topic === 'digest') return { ok: true, value: topic };
  const m = /^(group|kind|theme):(.+)$/.exec(topic);
  if (!m) return { ok: false, message: hint };
  const [, scope, rest] = m as unknown as [string, string, string];
  if (scope === 'kind' && !(EVENT_KINDS as readonly string[]).includes(rest))
    return { ok: false, message: `has unknown kind "${rest}"; use one of: ${EVENT_KINDS.join(', ')}` };
  if (scope === 'theme') {
    // Up to 60 characters, as before the one tag rule (ADR 275); events' tags are at most 40.
    const theme = themeOf(rest, 60);
    if (!theme)
      return {
        ok: false,
        message:
          "has a theme that is neither a code (V1…C2) nor a tag of letters (any language), digits, spaces, hyphens, '&' or apostrophes",
      };
    return { ok: true, value: `theme:${theme}` };
  }
  if (scope === 'group' && !/^[A-Za-z0-9_-]{1,64}$/.test(rest)) return { ok: false, message: 'has a group that is not an id or slug' };
  return { ok: true, value: `${scope}:${rest}` };
}

export interface SubscriptionChange {
  topic: string;
  /** false to unsubscribe from this topic. */
  subscribed: boolean;
  /** null: the event's own rule; omitted: unchanged. */
  leadTimes?: LeadTime[] | null;
  paused?: boolean;
}

export interface PreferenceChanges {
  paused?: boolean;
  unsubscribedFromAll?: boolean;
  subscriptions: SubscriptionChange[];
}

export function validatePreferenceChanges(input: unknown): Validated<PreferenceChanges> {
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (!['paused', 'unsubscribedFromAll', 'subscriptions'].includes(key))
      errors.push({ field: key, message: 'is not a preference (use paused, unsubscribedFromAll, subscriptions)' });
  }
  const out: PreferenceChanges = { subscriptions: [] };
  for (const key of ['paused', 'unsubscribedFromAll'] as const) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== 'boolean') errors.push({ field: key, message: 'must be true or false' });
    else out[key] = input[key] as boolean;
  }
  if (input.subscriptions !== undefined) {
    if (!Array.isArray(input.subscriptions) || input.subscriptions.length > 100) {
      errors.push({ field: 'subscriptions', message: 'must be a list (at most 100) of {topic, subscribed, leadTimes, paused}' });
    } else {
      input.subscriptions.forEach((raw, i) => {
        const at = `subscriptions[${i}]`;
        if (!isRecord(raw))
          return errors.push({ field: at, message: 'must be an object like {"topic": "kind:campaign_week", "subscribed": true}' });
        const topic = checkTopic(raw.topic);
        if (!topic.ok) return errors.push({ field: `${at}.topic`, message: topic.message });
        const change: SubscriptionChange = { topic: topic.value, subscribed: true };
        if (raw.subscribed !== undefined) {
          if (typeof raw.subscribed !== 'boolean') errors.push({ field: `${at}.subscribed`, message: 'must be true or false' });
          else change.subscribed = raw.subscribed;
        }
        if (raw.paused !== undefined) {
          if (typeof raw.paused !== 'boolean') errors.push({ field: `${at}.paused`, message: 'must be true or false' });
          else change.paused = raw.paused;
        }
        if (raw.leadTimes !== undefined) {
          if (raw.leadTimes === null) change.leadTimes = null;
          else {
            const leads = checkLeadTimes(raw.leadTimes);
            if (!leads.ok) errors.push({ field: `${at}.leadTimes`, message: leads.message });
            else change.leadTimes = leads.value;
          }
        }
        for (const key of Object.keys(raw)) {
          if (!['topic', 'subscribed', 'paused', 'leadTimes'].includes(key))
            errors.push({ field: `${at}.${key}`, message: 'is not a subscription field' });
        }
        out.subscriptions.push(change);
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}
