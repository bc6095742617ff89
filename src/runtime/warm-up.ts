/**
 * @module Warming a Node server before it listens (ADR 226). The first request after a start paid
 * 70–400 ms of CPU that no later one pays (measured on the 100k-event benchmark calendar): Node
 * loading its web `Request`/`Response` classes (undici) on first use, ICU reading its locale data
 * for the first `Intl.DateTimeFormat` (Luxon's system locale), V8 compiling every function the
 * page calls for the first time, and SQLite reading the pages of the index and events tables into
 * this connection's cache. Whichever visitor came first paid it. Here the server asks itself for
 * the anonymous pages and API lists once, in process, before it listens, so those costs are paid
 * at start instead.
 */

/**
 * Anonymous GETs that write nothing, covering the code every page and list shares (layout,
 * sessions, the occurrence index's reads, the events list, JSON and HTML answers), and one window
 * beyond the index's horizon, whose bounded expansion (ADR 276) is code no other path runs: its
 * first request after a start paid ~25 ms more than the next at 100k events (ADR 289). Three such
 * windows (different starts), since V8 optimises that code over its first few runs: at 100k events
 * the far window's p50 went from 27-32 to 23 ms CPU, its maximum from 46-53 to 44 ms (ADR 295). Feeds are
 * not here: a feed's first GET assembles its body (seconds at 100k events), which is not a warm-up.
 */
export const WARM_UP_PATHS: readonly string[] = [
  '/',
  '/calendar/month',
  '/calendar/year',
  '/api/occurrences?limit=20',
  '/api/events?limit=20',
  '/api/occurrences?from=2100-01-01',
  '/api/occurrences?from=2090-06-01',
  '/api/occurrences?from=2120-03-01',
];

/** What the warm-up did: the paths asked for, each answer's status, and the time it took (ms). */
export interface WarmUpReport {
  answers: { path: string; status: number }[];
  ms: number;
}

/**
 * Asks `app` for each of `paths` in turn (through `app.request`, in process: no socket), reading
 * and discarding each body, and stops asking once `budgetMs` of wall time has passed (the first path is always asked for), so a slow
 * machine or a huge calendar delays the start by about the budget at most. An answer that fails
 * (a thrown error) is reported with status 0 and does not stop the start: the real request will
 * meet the same error and report it properly.
 */
export async function warmUp(
  app: { request(path: string): Response | Promise<Response> },
  opts: { paths?: readonly string[]; budgetMs?: number } = {},
): Promise<WarmUpReport> {
  const paths = opts.paths ?? WARM_UP_PATHS;
  const budgetMs = opts.budgetMs ?? 1000;
  const t0 = performance.now();
  const answers: WarmUpReport['answers'] = [];
  for (const path of paths) {
    try {
      const res = await app.request(path);
      await res.arrayBuffer();
      answers.push({ path, status: res.status });
    } catch {
      answers.push({ path, status: 0 });
    }
    if (performance.now() - t0 >= budgetMs) break;
  }
  return { answers, ms: performance.now() - t0 };
}
