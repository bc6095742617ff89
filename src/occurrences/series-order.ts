/**
 * @module The order in which a far window reads its series (ADR 276). A window beyond the index's
 * horizon is answered by expanding the series alive then from the window's start (ADR 26); which of
 * them can be on a page of 200 is decided here, in SQL, before any of them is read: each series gets
 * a lower bound of the start of its first occurrence that can be on the page, computed from its rule
 * text and first date with integer arithmetic, so the page reads its series in that order, a few
 * hundred at a time, and stops once the page is full. Before, every series alive then was read and
 * bounded in JavaScript (8,736 at 100k events).
 *
 * The bound is a necessary condition, never a guess: a series whose rule this cannot read (BYDAY,
 * BYMONTH…, a zone other than the UK's, text in another form) gets a bound from its time of day or
 * the page's own start alone, so it is read among the first and bounded exactly by the engine. Rules with no BY part pick their dates
 * by the first date alone (RFC 5545 §3.3.10: the weekday for WEEKLY, the day of the month for
 * MONTHLY, the month and day for YEARLY), whatever their INTERVAL, COUNT or UNTIL, which only leave
 * some of those dates out.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { civilDate, dayNumber } from '../domain/calendar-days.js';
import { DEFAULT_ZONE } from '../domain/time.js';
import { epochMinutes, greatest } from '../db/dialect.js';
import type { Store } from '../db/store.js';

const MINUTE_MS = 60_000;

/** Where a page starts: the window's start and, on a later page, the cursor's start (UTC ms). */
export interface PageStart {
  windowFromMs: number;
  cursorMs: number | null;
}

/** A series' id and its key (see keyedSeries). */
export interface KeyedSeriesRow {
  id: string;
  /** Minutes since 1970-01-01T00:00Z: no occurrence of the series on the page starts earlier. */
  sort_key: number;
}

/** Minutes in a day, and an offset in whole days that keeps the numbers floorDays divides positive from 1770 on. */
const DAY_MINUTES = 1440;
const OFFSET_DAYS = 73_049;

/**
 * A derived table (`select … from events e where <where>`) of the ids of the series `where` selects,
 * each with `sort_key`: minutes since 1970-01-01T00:00Z no later than the start of any of its
 * occurrences that ends after the window's start and starts at or after the cursor. Integer
 * arithmetic on each row's first start and end (`epochMinutes`) and on the month and
 * day of its first date; the page's numbers are bound parameters, so the statement's text is the
 * same for every page. What each row needs is computed once (in SQLite a co-routine, a subquery
 * SQLite does not flatten; in PostgreSQL a materialized common table expression): written as one
 * expression, SQLite evaluated its parts dozens of times a row. The derived table is only for a
 * query with a LIMIT of its own (as the far window's chunks are), which keeps SQLite from
 * flattening the steps into it.
 *
 * How, for a UK series: an occurrence on UK date L starts within an hour of L's UTC midnight plus
 * its first start's UTC time of day (summer time either way, or a time the spring change moves on)
 * and lasts at most an hour longer than the first; so if it ends after the window's start W and
 * starts at or after the cursor C, L ≥ t = max(⌈(W − length − time of day − 120 min) / day⌉,
 * ⌈(C − time of day − 60 min) / day⌉). The first date from t that the rule can pick is one of three
 * candidates (its month and day in the years around the page, its day in the months around it) or
 * found by arithmetic (its weekday); the key is that date's UTC midnight plus the time of day, less
 * an hour, and never less than max(W − length − 60 min, C), which bounds any series. A series in
 * another zone, one that starts at 23:00 UTC or later (maybe the next UK day) or lasts more than 300
 * days gets that last bound alone.
 */
export function keyedSeries(store: Store, where: RawBuilder<SqlBool>, page: PageStart): RawBuilder<KeyedSeriesRow> {
  const windowMinutes = Math.floor(page.windowFromMs / MINUTE_MS);
  // No cursor: one before any date the calendar accepts (1780, where floorDays stays exact).
  const cursorMinutes = page.cursorMs === null ? -100_000_000 : Math.floor(page.cursorMs / MINUTE_MS);
  // A page's number, bound as an integer (better-sqlite3 binds a JavaScript number as a REAL, and
  // then every division below would be exact instead of whole).
  const int = (n: number) => sql<number>`cast(${n} as integer)`;
  const w = int(windowMinutes);
  const c = int(cursorMinutes);
  // The day the candidates are looked for around: t is at most 303 days before it for the yearly
  // rules (length ≤ 300 days) and 28 for the monthly ones (length ≤ 25 days).
  const around = civilDate(Math.floor(Math.max(windowMinutes, cursorMinutes) / DAY_MINUTES));
  // The day before the first of the month k months after `around`'s.
  const monthBase = (k: number) => {
    const months = around.year * 12 + around.month - 1 + k;
    return int(dayNumber(Math.floor(months / 12), (months % 12) + 1, 1) - 1);
  };
  const yearBase = (k: number) => int(dayNumber(around.year + k, 1, 1) - 1);
  const leapDays = (k: number) => dayNumber(around.year + k, 3, 1) - dayNumber(around.year + k, 2, 1) - 28;

  const start = sql`coalesce(e.start_date, e.starts_at)`;
  const part = (from: number, length: number) => sql<number>`cast(substr(${start}, ${sql.lit(from)}, ${sql.lit(length)}) as integer)`;
  // What each row needs, read once: its first start and end in minutes, the month and day of its
  // first date, and its rule's frequency if the rule has no BY part (a rule in any other form,
  // lower case say, is class 4: bounded by its time of day alone).
  const series = sql`select e.id, ${epochMinutes(store, start)} as start_min,
      ${epochMinutes(store, sql`coalesce(e.end_date, e.ends_at)`)} + case when e.start_date is null then 0 else ${sql.lit(DAY_MINUTES)} end as end_min,
      ${part(6, 2)} as m, ${part(9, 2)} as d,
      (case when e.timezone <> ${DEFAULT_ZONE} then 0 when e.rrule like '%BY%' then 4
        else case substr(e.rrule, 1, 7) when 'FREQ=YE' then 1 when 'FREQ=MO' then 2 when 'FREQ=WE' then 3 else 4 end end) as rule_class
    from events e where ${where}`;
  // ⌊x / day⌋ for x in minutes (SQL's integer division truncates towards zero: kept positive).
  const floorDays = (x: RawBuilder<number>) =>
    sql<number>`((${x} + ${sql.lit(OFFSET_DAYS * DAY_MINUTES)}) / ${sql.lit(DAY_MINUTES)} - ${sql.lit(OFFSET_DAYS)})`;
  const firstDay = floorDays(sql`r.start_min`);
  const timeOfDay = sql<number>`(r.start_min - ${firstDay} * ${sql.lit(DAY_MINUTES)})`;
  const length = sql<number>`(r.end_min - r.start_min)`;
  // ⌈x / day⌉ is ⌊(x + day − 1) / day⌋.
  const t = greatest(
    store,
    floorDays(sql`(${w} - ${length} - ${timeOfDay} - 120 + ${sql.lit(DAY_MINUTES - 1)})`),
    floorDays(sql`(${c} - ${timeOfDay} - 60 + ${sql.lit(DAY_MINUTES - 1)})`),
  );
  const withDates = (
    from: RawBuilder<unknown>,
  ) => sql`select r.id, r.m, r.d, ${firstDay} as first_day, ${timeOfDay} as time_of_day, ${t} as t,
      ${greatest(store, sql`${w} - ${length} - 60`, c)} as floor_key,
      (case when ${timeOfDay} >= 1380 or ${length} > ${sql.lit(300 * DAY_MINUTES)} then 0
        when r.rule_class = 2 and ${length} > ${sql.lit(25 * DAY_MINUTES)} then 4 else r.rule_class end) as rule_class
    from ${from}`;
  // The first of three increasing candidates on or after t. Each is no later than the date it
  // stands for: a day a month or year lacks (31 April, 29 February) counts as the next month's
  // first days, still before the rule's next real date.
  const firstFrom = (candidates: RawBuilder<number>[]) =>
    sql<number>`(case when ${candidates[0]!} >= s.t then ${candidates[0]!} when ${candidates[1]!} >= s.t then ${candidates[1]!} else ${candidates[2]!} end)`;
  // (year, m, d): the day before 1 January, the days before month m (counted from March, as the
  // day number does), and d.
  const yearly = firstFrom(
    [-1, 0, 1].map(
      (k) =>
        sql<number>`(${yearBase(k)} + (153 * (case when s.m > 2 then s.m - 3 else s.m + 9 end) + 2) / 5 + s.d + case when s.m > 2 then ${int(59 + leapDays(k))} else -306 end)`,
    ),
  );
  const monthly = firstFrom([-1, 0, 1].map((k) => sql<number>`(${monthBase(k)} + s.d)`));
  const weekly = sql<number>`(s.t + ((s.first_day - s.t) % 7 + 7) % 7)`;
  const date = sql<number>`(case s.rule_class when 1 then ${yearly} when 2 then ${monthly} when 3 then ${weekly} else s.t end)`;
  const byRule = sql<number>`(case when s.rule_class = 0 then s.floor_key else ${date} * ${sql.lit(DAY_MINUTES)} + s.time_of_day - 60 end)`;
  const key = sql`${greatest(store, byRule, sql`s.floor_key`)} as sort_key`;
  if (store.dialect === 'postgres') {
    return sql<KeyedSeriesRow>`(with r as materialized (${series}), s as materialized (${withDates(sql`r`)}) select s.id, ${key} from s)`;
  }
  // SQLite (and D1): each step a co-routine, a subquery with a LIMIT that the outer query's
  // LIMIT keeps SQLite from flattening into it (https://sqlite.org/optoverview.html#flattening),
  // so each row's values are still computed once, and handed on as the row is made instead of
  // written to a temporary table first: 14 ms instead of 17 at 100k events (ADR 289).
  return sql<KeyedSeriesRow>`(select s.id, ${key} from (${withDates(sql`(${series} limit -1) r`)} limit -1) s)`;
}

/** A key as UTC ms. */
export function keyMs(key: number): number {
  return Number(key) * MINUTE_MS;
}
