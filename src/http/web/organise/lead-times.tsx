/** @module Organisers setting when reminders go out for one event or one group (the API's /reminders, as a form). */
import { Hono, type Context } from 'hono';
import { DEFAULT_LEAD_TIMES } from '../../../domain/reminders.js';
import { KIND_LABELS } from '../../../domain/kinds.js';
import { eventRuleTarget, readRule, ruleTarget, setRule, type RuleScope, type RuleTarget } from '../../../notify/rules.js';
import { LeadTimesPage, type LeadTimeMode } from '../../pages/organise/lead-times.js';
import type { WebEnv } from '../env.js';
import { formText, type FormBody } from '../form.js';
import { readLeadTimeField } from '../lead-times.js';
import { pageContext, render } from '../render.js';
import { eventForViewer, forbidden, notFoundHere } from './guard.js';
import { canEditEvent } from '../../../domain/accounts.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { getGroup } from '../../../db/directory.js';

/**
 * The event or group whose reminder times the signed-in organiser may set, or the page to answer
 * instead: 404 for no such thing or an event they may not see (other groups' confidential
 * business, ADR 43), 403 for one of another group (an organiser of some groups schedules only theirs).
 */
async function allowedTarget(
  c: Context<WebEnv>,
  scope: RuleScope,
): Promise<{ target: RuleTarget; event: CalendarEvent | null } | Response> {
  const id = c.req.param('id')!;
  // An event is read once, as the viewer may see it; a group by id or slug.
  const event = scope === 'event' ? await eventForViewer(c, id) : null;
  const target = event ? eventRuleTarget(event) : scope === 'group' ? await ruleTarget(c.get('deps').store, scope, id) : null;
  if (!target) return notFoundHere(c, `There is no ${scope} with this id.`);
  if (!canEditEvent(c.get('user'), { groupId: target.groupId }))
    return forbidden(c, `Your account sets reminders only for the ${scope === 'event' ? 'events' : 'meetings'} of its groups.`);
  return { target, event };
}

async function show(c: Context<WebEnv>, scope: RuleScope, opts: { mode?: LeadTimeMode; errors?: Map<string, string>; status?: 200 | 400 }) {
  const { store } = c.get('deps');
  const allowed = await allowedTarget(c, scope);
  if (allowed instanceof Response) return allowed;
  const { target, event } = allowed;
  const [rule, group] = await Promise.all([readRule(store, target), target.groupId ? getGroup(store, target.groupId) : null]);
  const usual = rule.groupLeadTimes ?? DEFAULT_LEAD_TIMES[target.kind];
  const usualSource =
    scope === 'event' && rule.groupLeadTimes
      ? `set for ${group?.name ?? 'its group'}`
      : `the usual for ${KIND_LABELS[target.kind].toLowerCase()}s`;
  const mode: LeadTimeMode = opts.mode ?? (rule.leadTimes === null ? 'usual' : rule.leadTimes.length ? 'own' : 'none');
  const base = scope === 'event' ? `/organise/events/${target.id}` : `/organise/groups/${target.id}`;
  return render(
    c,
    <LeadTimesPage
      ctx={pageContext(c)}
      name={scope === 'event' ? (event?.title ?? '') : (group?.name ?? '')}
      scope={scope}
      action={`${base}/reminders`}
      back={base}
      usual={usual}
      usualSource={usualSource}
      mode={mode}
      leadTimes={rule.leadTimes ?? []}
      effective={rule.effective}
      errors={opts.errors ?? new Map()}
      saved={c.req.query('saved') === '1'}
    />,
    opts.status ?? 200,
  );
}

export function leadTimePages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  for (const scope of ['event', 'group'] as const) {
    const path = scope === 'event' ? '/organise/events/:id/reminders' : '/organise/groups/:id/reminders';
    app.get(path, (c) => show(c, scope, {}));
    app.post(path, async (c) => {
      const { store, clock } = c.get('deps');
      const allowed = await allowedTarget(c, scope);
      if (allowed instanceof Response) return allowed;
      const { target } = allowed;
      const body = (await c.req.parseBody({ all: true })) as FormBody;
      const mode = formText(body, 'mode');
      const errors = new Map<string, string>();
      if (!['usual', 'none', 'own'].includes(mode)) errors.set('mode', 'Choose the usual times, these times or no reminders');
      const leads = readLeadTimeField(body, 'leads');
      if (!leads.ok) errors.set('leads', leads.message);
      else if (mode === 'own' && !leads.leads.length) errors.set('leads', 'Choose at least one time, or choose “No reminders at all”');
      if (errors.size) return show(c, scope, { mode: (mode || undefined) as LeadTimeMode | undefined, errors, status: 400 });
      await setRule(store, target, mode === 'usual' ? null : mode === 'none' ? [] : leads.ok ? leads.leads : [], {
        actor: c.get('actor'),
        now: clock(),
      });
      return c.redirect(`${new URL(c.req.url).pathname}?saved=1`, 303);
    });
  }
  return app;
}
