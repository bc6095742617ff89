/** @module Copying a campaign week and its partner activities to another year, in one batch. */
import { Hono, type Context } from 'hono';
import type { CompiledQuery } from 'kysely';
import { activitiesOf, insertEventStatements } from '../../../db/events.js';
import { newId } from '../../../db/store.js';
import { canEditEvent } from '../../../domain/accounts.js';
import { copyCampaign, suggestedDates } from '../../../domain/campaign-copy.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { eventToInput, validateEventInput } from '../../../domain/event-input.js';
import type { FieldError } from '../../../domain/validation.js';
import { formErrors } from '../../pages/components.js';
import { todayIn } from '../../pages/format.js';
import { CopyCampaignPage } from '../../pages/organise/copy.js';
import type { WebEnv } from '../env.js';
import { pageContext, render } from '../render.js';
import { formText, type FormBody } from '../form.js';
import { checkDate, datePartsOf, readDateParts, type DateParts } from '../uk-dates.js';
import { eventForViewer, forbidden, notFoundHere } from './guard.js';

/** The year a copy is for: this year for older campaigns, else the year after the campaign's. */
export function targetYear(event: CalendarEvent, now: Date): number {
  const year = Number((event.when.allDay ? event.when.startDate : event.when.startsAt).slice(0, 4));
  const thisYear = todayIn(now).year;
  return year < thisYear ? thisYear : year + 1;
}

async function load(c: Context<WebEnv>) {
  const event = await eventForViewer(c, c.req.param('id'));
  if (!event || event.kind !== 'campaign_week') return null;
  const activities = (await activitiesOf(c.get('deps').store, [event.id], c.get('viewer'))).get(event.id) ?? [];
  return { event, activities: activities.filter((a) => a.status !== 'cancelled') };
}

export function copyPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/events/:id/copy', async (c) => {
    const found = await load(c);
    if (!found) return notFoundHere(c, 'There is no campaign week with this id.');
    const dates = suggestedDates(found.event, targetYear(found.event, c.get('deps').clock()));
    return render(
      c,
      <CopyCampaignPage
        ctx={pageContext(c)}
        {...found}
        startDate={datePartsOf(dates.startDate)}
        endDate={datePartsOf(dates.endDate)}
        errors={new Map()}
      />,
    );
  });

  app.post('/organise/events/:id/copy', async (c) => {
    const { store, clock } = c.get('deps');
    const found = await load(c);
    if (!found) return notFoundHere(c, 'There is no campaign week with this id.');
    if (!canEditEvent(c.get('user'), found.event)) return forbidden(c, 'Your account schedules only the events of its groups.');
    const body = (await c.req.parseBody()) as FormBody;
    const typed = { start: readDateParts(body, 'startDate'), end: readDateParts(body, 'endDate') };
    const errors: FieldError[] = [];
    const checked = (field: string, parts: DateParts) => {
      const d = checkDate(parts);
      if (!d.ok) errors.push({ field, message: d.empty ? 'is needed' : d.message });
      return d.ok ? d.iso : '';
    };
    const startDate = checked('startDate', typed.start);
    const endDate = checked('endDate', typed.end);
    if (startDate && endDate && endDate < startDate)
      errors.push({ field: 'endDate', message: 'must be the same as or after the start date' });
    const copy = errors.length
      ? null
      : copyCampaign(found.event, formText(body, 'withActivities') === 'yes' ? found.activities : [], { startDate, endDate });
    // The copies pass the same rules as anything typed into the API.
    const campaignCheck = copy ? validateEventInput(eventToInput({ ...found.event, ...copy.campaign })) : null;
    if (campaignCheck && !campaignCheck.ok)
      errors.push(...campaignCheck.errors.map((e) => ({ field: e.field === 'end' ? 'endDate' : 'startDate', message: e.message })));
    if (!copy || errors.length) {
      return render(
        c,
        <CopyCampaignPage ctx={pageContext(c)} {...found} startDate={typed.start} endDate={typed.end} errors={formErrors(errors, {})} />,
        400,
      );
    }
    const ctx = { actor: c.get('actor'), now: clock() };
    const campaignId = newId();
    const statements: CompiledQuery[] = [...insertEventStatements(store, copy.campaign, ctx, campaignId).statements];
    for (const activity of copy.activities)
      statements.push(...insertEventStatements(store, { ...activity, parentId: campaignId }, ctx).statements);
    await store.batch(statements);
    return c.redirect(`/organise/events/${campaignId}?done=copied`, 303);
  });

  return app;
}
