import { afterEach, describe, expect, it, vi } from 'vitest';
import { everyMinute } from '../../src/runtime/node-cron-task.js';

/** Runs the every-minute schedule on a simulated clock from `from` to `to`; the UTC minutes a pass started in. */
async function passesBetween(from: string, to: string): Promise<string[]> {
  // The server's own zone is the UK's, with a repeated hour in October and a skipped one in March
  // (Node applies a change to process.env.TZ at once).
  process.env.TZ = 'Europe/London';
  expect(new Date('2026-07-01T12:00:00Z').getTimezoneOffset()).toBe(-60);
  vi.useFakeTimers({ now: new Date(from), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const starts: string[] = [];
  const stop = everyMinute(
    'reminder',
    async () => {
      starts.push(new Date().toISOString().slice(0, 16));
    },
    () => {},
  );
  // A minute at a time: a schedule that re-arms with no delay would stall here (fake timers run
  // every zero-delay timer), and a minute without a pass shows as a gap in the list.
  const end = Date.parse(to);
  while (Date.now() < end) await vi.advanceTimersByTimeAsync(60_000);
  await stop();
  return starts;
}

/** Every UTC minute in [from, to], as 'YYYY-MM-DDTHH:MM'. */
function minutesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 60_000) out.push(new Date(t).toISOString().slice(0, 16));
  return out;
}

describe('on a server whose time zone is Europe/London, the reminder pass runs every minute through both clock changes', () => {
  const serverZone = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    // Assigning undefined would set the string 'undefined'.
    if (serverZone === undefined) delete process.env.TZ;
    else process.env.TZ = serverZone;
  });

  it('runs once a minute through the October change, the repeated hour included', async () => {
    const starts = await passesBetween('2026-10-24T23:30:00Z', '2026-10-25T02:30:00Z');
    expect(starts).toEqual(minutesBetween('2026-10-24T23:31:00Z', '2026-10-25T02:30:00Z'));
  });

  it('runs once a minute through the March change, the skipped hour included', async () => {
    const starts = await passesBetween('2026-03-28T23:30:00Z', '2026-03-29T02:30:00Z');
    expect(starts).toEqual(minutesBetween('2026-03-28T23:31:00Z', '2026-03-29T02:30:00Z'));
  });
});
