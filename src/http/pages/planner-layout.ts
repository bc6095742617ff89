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

/** For each span, the others that share at least one day with it. */
export function overlapsOf<T extends Span>(spans: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const a of spans) {
    out.set(
      a.id,
      spans.filter((b) => b.id !== a.id && b.startDate <= a.endDate && b.endDate >= a.startDate),
    );
  }
  return out;
}
