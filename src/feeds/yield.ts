/**
 * @module Giving the event loop back during long feed work. better-sqlite3 is synchronous and an
 * `await` on a resolved promise runs on at once (a microtask), so a loop of queries or of
 * ical-generator calls holds every other request until it ends unless it yields explicitly.
 */

type Schedule = (fn: () => void) => void;

/** setImmediate on Node (runs right after pending I/O); Workers have only setTimeout. */
const schedule: Schedule =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => (globalThis as unknown as { setImmediate: Schedule }).setImmediate(fn)
    : (fn) => void setTimeout(fn, 0);

/** When the current synchronous stretch began (performance.now() ms), or null once the loop has had a turn since. */
let stretchStart: number | null = null;

/**
 * Lets queued I/O (other requests) run. setImmediate on Node runs right after pending I/O, where
 * setTimeout(0) would add at least a millisecond per chunk; Workers have only setTimeout.
 */
export const yieldToEventLoop: () => Promise<void> = () =>
  new Promise((resolve) =>
    schedule(() => {
      // The work resumed here is a new stretch from this instant, not from the first slicer it
      // reaches: a continuation that reads and plans before its next slicer check held the loop
      // unmeasured (25 ms of a 100k reminder pass between two checks, ADR 295).
      stretchStart = null;
      stretchMs();
      resolve();
    }),
  );

/**
 * How long (ms) the event loop has been held by the current stretch of synchronous work: since
 * the first time anything asked in this turn of the loop (a slicer made or consulted). The mark is
 * cleared by a callback that runs only once the loop gets a turn, so every slicer of a pass sees
 * the same stretch: one slicer per phase each starting its own clock let a chain of phases (a
 * reminder pass's planning, ADR 255) hold the loop 45-60 ms with no slicer past its 8 ms.
 */
export function stretchMs(): number {
  const now = performance.now();
  if (stretchStart === null) {
    stretchStart = now;
    schedule(() => (stretchStart = null));
  }
  return now - stretchStart;
}

/**
 * A yield that happens only once `sliceMs` of synchronous work has passed in this stretch of the
 * event loop (stretchMs): work done by other slicers since the loop's last turn counts too.
 */
export function timeSlicer(sliceMs = 8): () => Promise<void> {
  stretchMs();
  return async () => {
    if (stretchMs() < sliceMs) return;
    await yieldToEventLoop();
  };
}

/**
 * `items.map(fn)` that yields (through `pause`, a timeSlicer) between items once its slice has
 * passed: for presenting a long page (a far window's 200 occurrences, each dated through Luxon)
 * without holding other requests. Same results, in the same order.
 */
export async function mapInSlices<T, U>(items: readonly T[], fn: (item: T) => U, pause: () => Promise<void> = timeSlicer()): Promise<U[]> {
  const out: U[] = [];
  for (const item of items) {
    out.push(fn(item));
    await pause();
  }
  return out;
}
