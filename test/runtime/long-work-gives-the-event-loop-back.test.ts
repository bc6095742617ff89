/**
 * Long work (a reminder pass planning hundreds of events, a feed build) hands the event loop back
 * every few milliseconds so other requests are answered meanwhile (ADRs 255, 295). The slicers
 * measure how long the loop has been held; these tests drive their clock (performance.now) by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stretchMs, timeSlicer, yieldToEventLoop } from '../../src/feeds/yield.js';

let clock = 0;
afterEach(() => vi.restoreAllMocks());

function handClock() {
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
}

describe('the time slicer', () => {
  it('counts the work done after a yield from the moment the work resumed, not from its next check', async () => {
    handClock();
    clock = 1_000;
    const pause = timeSlicer(8);
    clock = 1_009;
    // 9 ms held: the slicer gives the loop a turn.
    let resumed = false;
    const turn = pause().then(() => (resumed = true));
    expect(resumed).toBe(false);
    clock = 2_000; // the loop ran other things for a second
    await turn;
    // The continuation reads and plans for 12 ms before it consults a slicer again (a reminder
    // pass's first reads after a yield). That stretch is 12 ms long, and the next check yields.
    clock = 2_012;
    expect(stretchMs()).toBe(12);
    let yielded = false;
    const next = pause().then(() => (yielded = true));
    expect(yielded).toBe(false);
    await next;
    expect(yielded).toBe(true);
  });

  it('lets work run on while the stretch is under its slice, and gives a turn once it is over', async () => {
    handClock();
    clock = 5_000;
    await yieldToEventLoop();
    const pause = timeSlicer(8);
    const order: string[] = [];
    const other = new Promise<void>((resolve) => setImmediate(() => (order.push('other'), resolve())));
    clock = 5_003;
    await pause();
    order.push('3 ms in');
    clock = 5_011;
    await pause();
    order.push('11 ms in');
    await other;
    // 3 ms is under the slice: the work went on; at 11 ms the waiting callback had its turn first.
    expect(order).toEqual(['3 ms in', 'other', '11 ms in']);
  });
});
