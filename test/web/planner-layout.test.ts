/** The year planner's geometry: bars split at month ends and overlapping campaigns on separate lanes. */
import { describe, expect, it } from 'vitest';
import { monthBars, overlapsOf } from '../../src/http/pages/planner-layout.js';

const span = (id: string, startDate: string, endDate: string) => ({ id, startDate, endDate });

describe('the year planner layout', () => {
  const bhm = span('bhm', '2022-10-01', '2022-10-31');
  const hcaw = span('hcaw', '2022-10-08', '2022-10-15');
  const halloween = span('halloween', '2022-10-28', '2022-11-05');
  const knife = span('knife', '2022-10-17', '2022-10-23');

  it('stacks campaigns that share days and lets one that does not reuse a free lane', () => {
    const bars = monthBars([bhm, hcaw, halloween, knife], 2022, 10);
    const lane = Object.fromEntries(bars.map((b) => [b.span.id, b.lane]));
    expect(lane.bhm).toBe(1);
    expect(lane.hcaw).toBe(2);
    // Knife crime week (17–23) starts after Hate Crime Week (8–15) ends: same lane, no overlap.
    expect(lane.knife).toBe(2);
    expect(lane.halloween).toBe(2);
  });

  it('cuts a campaign that crosses a month end into a bar for each month, marked as continuing', () => {
    const [october] = monthBars([halloween], 2022, 10);
    const [november] = monthBars([halloween], 2022, 11);
    expect(october).toMatchObject({ startDay: 28, days: 4, continuesBefore: false, continuesAfter: true });
    expect(november).toMatchObject({ startDay: 1, days: 5, continuesBefore: true, continuesAfter: false });
    expect(monthBars([halloween], 2022, 12)).toEqual([]);
  });

  it('handles February of a leap year to its last day', () => {
    const [bar] = monthBars([span('all-feb', '2024-02-01', '2024-03-03')], 2024, 2);
    expect(bar).toMatchObject({ startDay: 1, days: 29, continuesAfter: true });
  });

  it('names for each campaign the others it shares at least one day with', () => {
    const overlaps = overlapsOf([bhm, hcaw, halloween, knife]);
    expect(overlaps.get('hcaw')!.shown.map((s) => s.id)).toEqual(['bhm']);
    // By start date: Hate Crime Week (8th), knife crime week (17th), Halloween (28th).
    expect(overlaps.get('bhm')!.shown.map((s) => s.id)).toEqual(['hcaw', 'knife', 'halloween']);
    expect(overlaps.get('halloween')!.shown.map((s) => s.id)).toEqual(['bhm']);
  });

  it('names the first few overlapping campaigns and counts the rest, without comparing every pair', () => {
    const crowded = Array.from({ length: 40 }, (_, i) => span(`w${String(i).padStart(2, '0')}`, '2022-10-01', '2022-10-07'));
    const overlaps = overlapsOf([...crowded, span('later', '2022-11-01', '2022-11-02')], 3);
    expect(overlaps.get('w00')).toMatchObject({ total: 39 });
    expect(overlaps.get('w00')!.shown).toHaveLength(3);
    expect(overlaps.get('later')).toEqual({ shown: [], total: 0 });
  });
});
