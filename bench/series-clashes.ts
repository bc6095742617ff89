/**
 * Benchmark: what asking "would two dates of this split series share a start?" (plannedSeriesClash,
 * ADR 248) costs on a chain with many dates, in process on SQLite. A daily series from June 2027
 * split after 1,000 dates: the check of an edit of either part to a new time (the parts do not
 * overlap: the index range is empty), and of the later part coming back while the earlier part runs
 * daily over it at another time (the worst case: every index row of the earlier part within the
 * index's five years is compared, and beyond it a year of both is expanded). Median of 15 runs.
 *
 * Run: `npm run bench -- series-clashes`.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { getEvent } from '../src/db/events.js';
import { plannedSeriesClash } from '../src/series/clashes.js';
import { makeTestApp } from '../test/support/app.js';

const t = await makeTestApp({ now: '2027-05-20T09:00:00Z' });
const store = t.handle.store;
const call = async (method: string, path: string, body?: unknown) => {
  const answer = await t.call(method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};
const daily = { kind: 'training', title: 'Daily patrol', visibility: 'public', location: 'Depot', rrule: 'FREQ=DAILY' };
const first = await call('POST', '/api/events', { ...daily, start: '2027-06-02T14:00', end: '2027-06-02T15:00' });
const later = await call('PATCH', `/api/events/${first.id}`, { dates: 'following', from: '2030-02-26T14:00', location: 'Annex' });

const median = async (label: string, check: () => Promise<unknown>) => {
  const times: number[] = [];
  let answer: unknown;
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    answer = await check();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${times[7]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms (clash: ${answer ? 'yes' : 'none'})`);
};
const at = (iso: string, hour: string) => iso.replace(/T\d{2}:/, `T${hour}:`);
const retimed = async (id: string, hour: string) => {
  const event = (await getEvent(store, id))!;
  if (event.when.allDay) throw new Error('timed series expected');
  return { ...event, when: { allDay: false as const, startsAt: at(event.when.startsAt, hour), endsAt: at(event.when.endsAt, hour) } };
};

await median('earlier part (1,000 dates) to 15:00 UTC', async () =>
  plannedSeriesClash(store, first.id, [await retimed(first.id, '15')], []),
);
await median('later part (endless) to 15:00 UTC', async () => plannedSeriesClash(store, later.id, [await retimed(later.id, '15')], []));
// The later part cancelled, the earlier part daily without end at 14:00 over it, the later part restored at 05:00 UTC.
await call('POST', `/api/events/${later.id}/cancel`, {});
await call('PATCH', `/api/events/${first.id}`, { dates: 'all', rrule: 'FREQ=DAILY', start: '2027-06-02T14:00', end: '2027-06-02T14:30' });
const restored = { ...(await retimed(later.id, '05')), status: 'published' as const };
await median('later part restored under an earlier part running over it', async () => plannedSeriesClash(store, later.id, [restored], []));
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await t.close();
