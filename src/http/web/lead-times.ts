/**
 * @module Lead times as a form field: ticked choices plus an optional "other times" text such as
 * "5 days, 12 hours" (or "5d, 12h"), read into the lead times the reminder rules use.
 */
import { checkLeadTimes, MAX_LEAD_DAYS, type LeadTime } from '../../domain/reminders.js';
import { formList, formText, type FormBody } from './form.js';

const WORDS = /^(\d{1,4})\s*(h|hrs?|hours?|d|days?|w|wks?|weeks?)$/i;

/** "5 days" → "5d"; null when the text is not a lead time. */
export function leadTimeFromWords(text: string): LeadTime | null {
  const m = WORDS.exec(text.trim());
  if (!m) return null;
  return `${Number(m[1])}${m[2]!.toLowerCase()[0]}`;
}

export type LeadTimeField = { ok: true; leads: LeadTime[] } | { ok: false; message: string };

/**
 * The lead times of field `name`: its ticked boxes and its `${name}-other` text, checked and
 * sorted longest first. An empty result means nothing was chosen (the caller decides what that means).
 */
export function readLeadTimeField(body: FormBody, name: string): LeadTimeField {
  const other = formText(body, `${name}-other`).trim();
  const typed: LeadTime[] = [];
  for (const part of other ? other.split(/\s*(?:,|\band\b)\s*/i).filter(Boolean) : []) {
    const lead = leadTimeFromWords(part);
    if (!lead) return { ok: false, message: `must be times like 5 days or 12 hours, separated by commas (“${part}” is not one of those)` };
    typed.push(lead);
  }
  const checked = checkLeadTimes([...formList(body, name), ...typed]);
  if (!checked.ok) {
    return {
      ok: false,
      message: checked.message.startsWith('may have')
        ? checked.message
        : `must each be at most ${MAX_LEAD_DAYS} days (26 weeks) before, and more than 0 hours`,
    };
  }
  return { ok: true, leads: checked.value };
}
