/**
 * @module The year planner's geometry: each campaign becomes one bar per month it touches, and
 * bars that share days in a month go into separate lanes (greedy interval partitioning), so two
 * campaigns in the same week sit one above the other instead of hiding each other.
 */

export interface Span {
  id: string;
  /** Inclusive local dates. */
  startDate: string;
  endDate: string;
}

export interface Bar<T extends Span> {
  span: T;
  /** Day of the month the bar starts on (1–31) and its length in days within the month. */
  startDay: number;
  days: number;
  /** 1-based lane within the month. */
  lane: number;
  continuesBefore: boolean;
  continuesAfter: boolean;
}

function monthBounds(year: number, month: number): { first: string; last: string } {
  const mm = String(month).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${year}-${mm}-01`, last: `${year}-${mm}-${String(lastDay).padStart(2, '0')}` };
}

/** The bars of one month, laned. */
export function monthBars<T extends Span>(spans: T[], year: number, month: number): Bar<T>[] {
  const { first, last } = monthBounds(year, month);
  const inMonth = spans
    .filter((s) => s.startDate <= last && s.endDate >= first)
    .map((span) => {
      const start = span.startDate < first ? first : span.startDate;
      const end = span.endDate > last ? last : span.endDate;
      return {
        span,
        startDay: Number(start.slice(8, 10)),
        days: Number(end.slice(8, 10)) - Number(start.slice(8, 10)) + 1,
        lane: 0,
        continuesBefore: span.startDate < first,
        continuesAfter: span.endDate > last,
      };
    })
    .sort((a, b) => a.startDay - b.startDay || b.days - a.days || a.span.id.localeCompare(b.span.id));
  const laneEnds: number[] = [];
  for (const bar of inMonth) {
    const free = laneEnds.findIndex((end) => end < bar.startDay);
    const lane = free === -1 ? laneEnds.length : free;
    laneEnds[lane] = bar.startDay + bar.days - 1;
    bar.lane = lane + 1;
  }
  return inMonth;
}

/** The spans that share days with one span: the first few by start date, and how many in all. */
export interface Overlaps<T> {
  shown: T[];
  total: number;
}

/**
 * For each span, the others that share at least one day with it (the first `cap` by start date,
 * and the count). A sweep over the spans in start order: each span is compared only with those
 * still running when it starts, so the work is proportional to the spans plus the overlaps, not
 * to every pair.
 */
export function overlapsOf<T extends Span>(spans: T[], cap = 5): Map<string, Overlaps<T>> {
  const out = new Map<string, Overlaps<T>>();
  for (const s of spans) out.set(s.id, { shown: [], total: 0 });
  const sorted = [...spans].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id.localeCompare(b.id)));
  let running: T[] = [];
  const add = (to: T, other: T) => {
    const entry = out.get(to.id)!;
    entry.total++;
    if (entry.shown.length < cap) entry.shown.push(other);
  };
  for (const span of sorted) {
    running = running.filter((r) => r.endDate >= span.startDate);
    for (const other of running) {
      add(span, other);
      add(other, span);
    }
    running.push(span);
  }
  for (const entry of out.values()) entry.shown.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
  return out;
}
