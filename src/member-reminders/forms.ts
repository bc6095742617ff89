/**
 * @module The member forms read into reminder settings: the preferences form (the whole state of
 * what a person gets) and the "Get reminders" form (what a visitor asks for). Every problem is a
 * plain-English message keyed by the form field it belongs to.
 */
import { EVENT_KINDS, isThemeCode } from '../domain/kinds.js';
import type { PreferenceChanges, SubscriptionChange } from '../domain/subscription-input.js';
import { isEmail } from '../domain/validation.js';
import { formList, formText, type FormBody } from '../http/web/form.js';
import { readLeadTimeField } from '../http/web/lead-times.js';
import type { Preferences } from '../notify/preferences.js';
import type { GetRemindersValues, GroupChoice } from './pages.js';

/**
 * The changes a posted preferences form asks for. The form shows everything the person gets, so
 * an unticked box is a "no": it is written only where it changes something (a topic they had, or
 * a group they are reminded of by default), so saving never fills the table with refusals.
 */
export function readPreferencesForm(
  body: FormBody,
  current: Preferences,
  groups: GroupChoice[],
): { ok: true; changes: PreferenceChanges } | { ok: false; errors: Map<string, string> } {
  const errors = new Map<string, string>();
  const had = new Map(current.subscriptions.map((s) => [s.topic, s]));
  const subscriptions: SubscriptionChange[] = [];
  const ticked = new Set(formList(body, 'group'));
  const shown = new Set(formList(body, 'shown-group'));
  groups.forEach((g, i) => {
    if (!shown.has(g.topic)) return;
    const leads = readLeadTimeField(body, `leads-${i}`);
    if (!leads.ok) {
      errors.set(`leads-${i}`, leads.message);
      return;
    }
    const on = ticked.has(g.topic);
    const leadTimes = leads.leads.length ? leads.leads : null;
    // A member ticked, with the usual times and no row yet: nothing to write.
    if (on && g.member && !had.has(g.topic) && !leadTimes) return;
    if (!on && !g.member && !had.has(g.topic)) return;
    subscriptions.push({ topic: g.topic, subscribed: on, leadTimes });
  });
  const wanted = new Set([
    ...formList(body, 'kind')
      .filter((k) => (EVENT_KINDS as readonly string[]).includes(k))
      .map((k) => `kind:${k}`),
    ...formList(body, 'theme')
      .filter(isThemeCode)
      .map((t) => `theme:${t}`),
    ...formList(body, 'tag').map((t) => `theme:${t}`),
    ...(formText(body, 'digest') === 'yes' ? ['digest'] : []),
  ]);
  const topics = new Set([...wanted, ...[...had.keys()].filter((t) => !t.startsWith('group:'))]);
  for (const topic of topics) {
    const on = wanted.has(topic);
    const before = had.get(topic);
    if (before && before.subscribed === on) continue;
    if (!before && !on) continue;
    // Only topics the person had, or the vocabulary offers, can be switched on here.
    if (!before && topic.startsWith('theme:') && !isThemeCode(topic.slice(6))) continue;
    subscriptions.push({ topic, subscribed: on });
  }
  if (errors.size) return { ok: false, errors };
  const anythingOn = ticked.size > 0 || wanted.size > 0;
  return {
    ok: true,
    changes: {
      paused: formText(body, 'paused') === 'yes',
      // Ticking something after "unsubscribe from all" is opting back in to exactly that.
      ...(current.unsubscribedFromAll && anythingOn ? { unsubscribedFromAll: false } : {}),
      subscriptions,
    },
  };
}

/** The "Get reminders" form: an email address and at least one thing to be reminded of. */
export function readGetRemindersForm(
  body: FormBody,
  publicGroupIds: Set<string>,
): { values: GetRemindersValues; topics: string[]; errors: Map<string, string> } {
  const values: GetRemindersValues = {
    email: formText(body, 'email').trim().toLowerCase(),
    kinds: formList(body, 'kind').filter((k) => (EVENT_KINDS as readonly string[]).includes(k)),
    themes: formList(body, 'theme').filter(isThemeCode),
    groups: formList(body, 'group').filter((g) => publicGroupIds.has(g)),
    digest: formText(body, 'digest') === 'yes',
  };
  const errors = new Map<string, string>();
  const topics = [
    ...values.themes.map((t) => `theme:${t}`),
    ...values.kinds.map((k) => `kind:${k}`),
    ...values.groups.map((g) => `group:${g}`),
    ...(values.digest ? ['digest'] : []),
  ];
  if (!topics.length) errors.set('themes', 'Choose at least one theme, kind of event, meeting or the weekly digest');
  if (!values.email) errors.set('email', 'is needed, so we can send you the reminders');
  else if (!isEmail(values.email) || values.email.length > 254) errors.set('email', 'must be a real email address, like name@example.org');
  return { values, topics, errors };
}
