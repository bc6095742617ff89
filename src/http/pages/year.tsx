/**
 * @module The year planner: twelve month rows with a column per day, campaign weeks drawn as bars.
 * Overlapping campaigns stack in lanes; the table under the planner says the same in words.
 */
import { DateTime } from 'luxon';
import { KIND_LABELS } from '../../domain/kinds.js';
import { dateRange } from './format.js';
import { Layout, type PageContext } from './layout.js';
import { monthBars, overlapsOf, type Span } from './planner-layout.js';

export interface PlannerCampaign extends Span {
  eventId: string;
  title: string;
  status: string;
  activityCount: number;
}

const MAX_LANES = 12;

export function YearPage(props: { ctx: PageContext; year: number; campaigns: PlannerCampaign[]; truncated?: boolean }) {
  const { year, campaigns } = props;
  const overlaps = overlapsOf(campaigns);
  return (
    <Layout ctx={props.ctx} title={`Year planner ${year}`}>
      <div class="monthnav">
        <h1>Year planner {year}</h1>
        <nav aria-label="Years" class="inline">
          <a href={`/calendar/year?year=${year - 1}`}>← {year - 1}</a>
          <a href={`/calendar/year?year=${year + 1}`}>{year + 1} →</a>
        </nav>
      </div>
      <p class="lead">
        {KIND_LABELS.campaign_week}s and weeks of action in {year}, one row per month. Campaigns that run at the same time are drawn one
        above the other. Drafts have a dashed outline.
      </p>
      <div class="planner-scroll">
        <div class="planner">
          {Array.from({ length: 12 }, (_, i) => {
            const month = i + 1;
            const name = DateTime.fromObject({ year, month, day: 1 }).setLocale('en-GB');
            const bars = monthBars(campaigns, year, month).filter((b) => b.lane <= MAX_LANES);
            return (
              <section class="month" aria-labelledby={`pm-${month}`}>
                <h2 class="mname" id={`pm-${month}`}>
                  <a href={`/calendar/month?year=${year}&month=${month}`}>{name.toFormat('LLLL')}</a>
                </h2>
                <div class="days" aria-hidden="true">
                  {Array.from({ length: name.daysInMonth! }, (_, d) => {
                    // By arithmetic from the 1st's weekday (1 Monday … 7 Sunday): a Luxon date per day was 365 a page.
                    const weekday = ((name.weekday - 1 + d) % 7) + 1;
                    return <span class={`d c${d + 1}${weekday >= 6 ? ' we' : ''}`}>{d + 1}</span>;
                  })}
                </div>
                {bars.length ? (
                  <ol>
                    {bars.map((bar) => (
                      <li
                        class={`bar c${bar.startDay} n${bar.days} l${bar.lane}${bar.span.status === 'draft' ? ' draft' : ''}${bar.continuesBefore ? ' cont-before' : ''}`}
                      >
                        <a href={`/events/${bar.span.eventId}`}>
                          {bar.continuesBefore ? '… ' : ''}
                          {bar.span.title}
                          <span class="visually-hidden">
                            {`, ${dateRange(bar.span.startDate, bar.span.endDate)}${bar.span.status === 'draft' ? ', draft' : ''}`}
                          </span>
                        </a>
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p class="none">No campaigns</p>
                )}
              </section>
            );
          })}
        </div>
      </div>
      <h2 id="campaign-table">Campaigns in {year}</h2>
      {props.truncated ? (
        <p role="status">
          Showing the first {campaigns.length} campaigns of {year}.{' '}
          <a href={`/?kind=campaign_week&from=${year}-01-01`}>See every campaign week in the list</a>.
        </p>
      ) : null}
      {campaigns.length ? (
        <div class="table-scroll">
          <table aria-labelledby="campaign-table">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Dates</th>
                <th scope="col">Partner activities</th>
                <th scope="col">Runs at the same time as</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => {
                const others = overlaps.get(c.id) ?? { shown: [], total: 0 };
                return (
                  <tr>
                    <td>
                      <a href={`/events/${c.eventId}`}>{c.title}</a>
                      {c.status === 'draft' ? <span class="status status-draft"> Draft</span> : null}
                    </td>
                    <td>{dateRange(c.startDate, c.endDate)}</td>
                    <td>{c.activityCount}</td>
                    <td>
                      {others.total ? (
                        <span class="overlaps">
                          {others.shown.map((o) => o.title).join('; ')}
                          {others.total > others.shown.length ? ` and ${others.total - others.shown.length} more` : ''}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No campaign weeks are planned for {year} yet.</p>
      )}
    </Layout>
  );
}
