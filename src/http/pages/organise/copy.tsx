/** @module Copying a campaign week (and its partner activities) to another year, as drafts. */
import type { CalendarEvent } from '../../../domain/event.js';
import { CsrfField, DateInput, ErrorSummary, type FormErrors } from '../components.js';
import type { DateParts } from '../../web/uk-dates.js';
import { whenText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { WorkspaceNav } from './nav.js';

export function CopyCampaignPage(props: {
  ctx: PageContext;
  event: CalendarEvent;
  activities: CalendarEvent[];
  startDate: DateParts;
  endDate: DateParts;
  errors: FormErrors;
}) {
  const { event } = props;
  return (
    <Layout ctx={props.ctx} title={`Copy ${event.title}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/events/${event.id}`}>← Back to the event</a>
      </p>
      <h1>Copy {event.title}</h1>
      <p>
        It ran {whenText(event.when)}. The copy is created as a draft with the same description, themes and organisation
        {props.activities.length ? `, with its ${props.activities.length} partner activities moved by the same number of days` : ''}. The
        dates below keep the same weekdays, 52 weeks later; change them if the national dates differ.
      </p>
      <ErrorSummary errors={props.errors} labels={{ startDate: 'Start date', endDate: 'End date' }} />
      <form method="post" action={`/organise/events/${event.id}/copy`} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <DateInput id="startDate" label="Start date" value={props.startDate} errors={props.errors} />
        <DateInput id="endDate" label="End date" hint="The last day. For example, 21 10 2023" value={props.endDate} errors={props.errors} />
        {props.activities.length ? (
          <div class="field">
            <label>
              <input type="checkbox" name="withActivities" value="yes" checked />
              Also copy its {props.activities.length} partner activities
            </label>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit">Create the copy</button>
        </div>
      </form>
    </Layout>
  );
}
