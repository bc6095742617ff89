/**
 * @module The month view: a Monday-first grid of days with that day's events. Campaigns and other
 * events lasting several days are listed above the grid instead of being repeated in every cell.
 */
import { DateTime } from 'luxon';
import type { MonthContents } from '../../occurrences/index.js';
import type { Names } from '../web/calendar-data.js';
import { KindBadge, StatusNote } from './components.js';
import { dateRange, endDateOf, startDateOf, timeLabel } from './format.js';
import { Layout, type PageContext } from './layout.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function MonthPage(props: { ctx: PageContext; year: number; month: number; today: string; contents: MonthContents; names: Names }) {
  const first = DateTime.fromObject({ year: props.year, month: props.month, day: 1 }, { zone: 'UTC', locale: 'en-GB' });
  const title = first.toFormat('LLLL yyyy');
  const prev = first.minus({ months: 1 });
  const next = first.plus({ months: 1 });
  const { spanning, days } = props.contents;
  const gridStart = first.minus({ days: first.weekday - 1 });
  const weeks: DateTime[][] = [];
  for (let cursor = gridStart; cursor < next || cursor.weekday !== 1; cursor = cursor.plus({ days: 1 })) {
    if (cursor.weekday === 1) weeks.push([]);
    weeks[weeks.length - 1]!.push(cursor);
  }
  return (
    <Layout ctx={props.ctx} title={title}>
      <div class="monthnav">
        <h1>{title}</h1>
        <nav aria-label="Months" class="inline">
          <a href={`/calendar/month?year=${prev.year}&month=${prev.month}`}>← {prev.toFormat('LLLL yyyy')}</a>
          <a href={`/calendar/month?year=${next.year}&month=${next.month}`}>{next.toFormat('LLLL yyyy')} →</a>
          <a href={`/calendar/year?year=${props.year}`}>Year planner {props.year}</a>
        </nav>
      </div>
      <form class="filters" method="get" action="/calendar/month" aria-label="Choose a month">
        <div class="field">
          <label for="m-month">Month</label>
          <select id="m-month" name="month">
            {Array.from({ length: 12 }, (_, i) => (
              <option value={String(i + 1)} selected={i + 1 === props.month}>
                {DateTime.fromObject({ month: i + 1 })
                  .setLocale('en-GB')
                  .toFormat('LLLL')}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="m-year">Year</label>
          <input type="number" id="m-year" name="year" value={String(props.year)} min="2000" max="2100" />
        </div>
        <button type="submit">Show month</button>
      </form>
      <h2>Weeks of action and longer events</h2>
      {spanning.length ? (
        <ul class="events">
          {spanning.map((d) => (
            <li>
              <div class="when">{dateRange(startDateOf(d.occurrence.when), endDateOf(d.occurrence.when))}</div>
              <div class="what">
                <h3>
                  <a href={`/events/${d.event.id}`}>{d.event.title}</a>
                  <StatusNote status={d.event.status} />
                </h3>
                <p>
                  <KindBadge kind={d.event.kind} />
                  {d.occurrence.location ? ` ${d.occurrence.location}` : ''}
                </p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>None this month.</p>
      )}
      {props.contents.spanningTruncated ? (
        <p>
          <a href={`/?from=${first.toISODate()}`}>More longer events in the list of events from {first.toFormat('d LLLL')}</a>
        </p>
      ) : null}
      <h2>Day by day</h2>
      <table class="month">
        <caption class="visually-hidden">{`Events in ${title}, one column per weekday`}</caption>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th scope="col">
                <abbr title={d}>{d.slice(0, 3)}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((day) => {
                const iso = day.toISODate()!;
                const inMonth = day.month === props.month;
                const day_ = inMonth ? days.get(iso) : undefined;
                const events = day_?.items ?? [];
                const more = (day_?.total ?? 0) - events.length;
                const classes = [inMonth ? '' : 'other', events.length ? '' : 'empty', iso === props.today ? 'today' : '']
                  .filter(Boolean)
                  .join(' ');
                return (
                  <td class={classes || undefined}>
                    {inMonth ? (
                      <>
                        <span class="day">
                          <span class="num" aria-hidden="true">
                            {day.day}
                          </span>
                          <span class="full">{day.toFormat('cccc d LLLL')}</span>
                          {iso === props.today ? <span class="visually-hidden"> (today)</span> : null}
                        </span>
                        {events.length ? (
                          <ul>
                            {events.map((d) => (
                              <li class={`k-${d.event.kind}`}>
                                {d.occurrence.when.allDay ? null : <span>{timeLabel(d.occurrence.when)} </span>}
                                <a href={`/events/${d.event.id}`}>{d.event.title}</a>
                                <StatusNote status={d.event.status} />
                              </li>
                            ))}
                          </ul>
                        ) : null}
                        {more > 0 ? (
                          <a class="more" href={`/?from=${iso}`}>
                            {/* A busy day is counted up to a cap (monthContents): "15+ more" (twenty or more in all) is what is known. */}
                            {`${more}${day_?.atLeast ? '+' : ''} more`}
                            <span class="visually-hidden">{` on ${day.toFormat('cccc d LLLL')}`}</span>
                          </a>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
