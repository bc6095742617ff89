/**
 * The year planner draws a column per day of each month and shades Saturdays and Sundays (class
 * `we`); the weekdays are worked out by arithmetic from each month's first day (ADR 225), so a
 * month that starts on a Sunday, a leap February and a year's last days all land on the right days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('the year planner’s day columns', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** The days of a month the page marks as weekend days. */
  async function weekendDays(year: number, month: number): Promise<number[]> {
    const html = await (await t.app.request(`/calendar/year?year=${year}`)).text();
    const end = html.indexOf(`id="pm-${month + 1}"`);
    const section = html.slice(html.indexOf(`id="pm-${month}"`), end === -1 ? undefined : end);
    return [...section.matchAll(/<span class="d c(\d+) we">/g)].map((m) => Number(m[1]));
  }

  it('shades each Saturday and Sunday, from a month that starts on a Sunday to a leap February', async () => {
    // May 2022 began on a Sunday.
    expect(await weekendDays(2022, 5)).toEqual([1, 7, 8, 14, 15, 21, 22, 28, 29]);
    // February 2024 had 29 days, from a Thursday.
    expect(await weekendDays(2024, 2)).toEqual([3, 4, 10, 11, 17, 18, 24, 25]);
    // December 2022 ended on a Saturday.
    expect(await weekendDays(2022, 12)).toEqual([3, 4, 10, 11, 17, 18, 24, 25, 31]);
  });
});
