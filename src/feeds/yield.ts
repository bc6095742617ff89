/**
 * @module Giving the event loop back during long feed work. better-sqlite3 is synchronous and an
 * `await` on a resolved promise runs on at once (a microtask), so a loop of queries or of
 * ical-generator calls holds every other request until it ends unless it yields explicitly.
 */

/**
 * Lets queued I/O (other requests) run. setImmediate on Node runs right after pending I/O, where
 * setTimeout(0) would add at least a millisecond per chunk; Workers have only setTimeout.
 */
export const yieldToEventLoop: () => Promise<void> =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? () => new Promise((resolve) => (globalThis as unknown as { setImmediate: (fn: () => void) => void }).setImmediate(resolve))
    : () => new Promise((resolve) => setTimeout(resolve, 0));

/** A yield that happens only once `sliceMs` of work has passed since the last one. */
export function timeSlicer(sliceMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await yieldToEventLoop();
    since = performance.now();
  };
}
