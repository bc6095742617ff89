/**
 * Benchmark: what expanding one window of a series costs, for series that started long ago and
 * rules whose instances are sparse. Each case expands the same window through the exported
 * expanders (the ones the occurrence index and the pages call), in samples of BATCH expansions,
 * and prints the median and the worst sample per expansion, in milliseconds of process CPU.
 * Run: `npm run bench -- recurrence` or `npx tsx bench/recurrence.ts [rounds]`.
 */
import { DateTime } from 'luxon';
import { expandAllDay, expandTimed, parseRRule } from '../src/domain/recurrence.js';

const ZONE = 'Europe/London';
const rounds = Number(process.argv[2] ?? 50);
/** Expansions per sample: enough that one sample's CPU time is well above the clock's resolution. */
const BATCH = 10;

interface Case {
  name: string;
  run: () => number;
}

function rule(text: string) {
  const parsed = parseRRule(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.rule;
}

function timed(name: string, rrule: string, firstLocal: string, from: string, to: string): Case {
  const r = rule(rrule);
  const first = DateTime.fromISO(firstLocal, { zone: ZONE });
  const window = { from: DateTime.fromISO(from, { zone: ZONE }), to: DateTime.fromISO(to, { zone: ZONE }) };
  return { name, run: () => expandTimed(r, first, 2 * 3_600_000, ZONE, window).length };
}

function allDay(name: string, rrule: string, firstDate: string, lengthDays: number, fromDate: string, toDate: string): Case {
  const r = rule(rrule);
  return { name, run: () => expandAllDay(r, firstDate, lengthDays, { fromDate, toDate }).length };
}

const CASES: Case[] = [
  timed('monthly 3rd Wednesday since 1950, one year (2026)', 'FREQ=MONTHLY;BYDAY=3WE', '1950-01-18T18:00', '2026-01-01', '2027-01-01'),
  timed('monthly 3rd Wednesday since 2026, one year (2026)', 'FREQ=MONTHLY;BYDAY=3WE', '2026-01-21T18:00', '2026-01-01', '2027-01-01'),
  timed(
    '2nd Monday as BYDAY=2MO;BYMONTHDAY=8..14, one year',
    'FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=8,9,10,11,12,13,14',
    '2026-01-12T18:00',
    '2026-01-01',
    '2027-01-01',
  ),
  timed('weekly Wednesday since 2016, one year (2026)', 'FREQ=WEEKLY;BYDAY=WE', '2016-01-06T18:00', '2026-01-01', '2027-01-01'),
  timed('daily since 1901, one month in 2100', 'FREQ=DAILY', '1901-01-01T09:00', '2100-03-01', '2100-04-01'),
  allDay(
    'yearly 8-day week from the 2nd Saturday of October since 1950, one year',
    'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
    '1950-10-14',
    8,
    '2026-01-01',
    '2027-01-01',
  ),
  timed(
    'monthly, last weekday (BYSETPOS=-1) since 1950, one year',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    '1950-01-31T17:00',
    '2026-01-01',
    '2027-01-01',
  ),
];

function cpuMs(fn: () => number): { ms: number; n: number } {
  const start = process.cpuUsage();
  let n = 0;
  for (let i = 0; i < BATCH; i++) n = fn();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000 / BATCH, n };
}

console.log(`recurrence expansion, ${rounds} samples of ${BATCH} per case (CPU ms per expansion; node ${process.version})`);
console.log('| case | instances | median ms | worst sample ms |');
console.log('|---|---|---|---|');
for (const c of CASES) {
  c.run(); // warm up the JIT and Luxon's caches
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < rounds; i++) {
    const r = cpuMs(c.run);
    times.push(r.ms);
    n = r.n;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`| ${c.name} | ${n} | ${median.toFixed(3)} | ${times.at(-1)!.toFixed(3)} |`);
}
