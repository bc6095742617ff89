/**
 * @module Plain calendar dates as integers: a day number counts days from 1970-01-01 in the
 * proleptic Gregorian calendar, a month number counts months from January of year 0. Recurrence
 * works on these, so stepping, seeking and comparing dates costs a few integer operations and no
 * date object: no zone, no clock change and no server TZ can shift a plain date.
 * Conversions follow Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms".
 */

/** Days since 1970-01-01 (0 is Thursday 1 January 1970; negative before it). */
export type DayNumber = number;

export interface CivilDate {
  year: number;
  /** 1 = January … 12 = December. */
  month: number;
  /** 1 … 31. */
  day: number;
}

/** The day number of a calendar date (days_from_civil). */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number (civil_from_days). */
export function civilDate(days: DayNumber): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function weekdayOf(days: DayNumber): number {
  // 1970-01-01 was a Thursday (4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_LENGTHS[month - 1]!;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** Months since January of year 0: year * 12 + (month - 1). */
export function monthNumber(year: number, month: number): number {
  return year * 12 + month - 1;
}

/** The year and month of a month number. */
export function monthOf(monthNo: number): { year: number; month: number } {
  const year = Math.floor(monthNo / 12);
  return { year, month: monthNo - year * 12 + 1 };
}

/** Reads 'YYYY-MM-DD' (no validation beyond the shape; callers pass dates they have checked). */
export function dayFromIso(date: string): DayNumber {
  return dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Writes a day number as 'YYYY-MM-DD'. */
export function isoFromDay(days: DayNumber): string {
  const { year, month, day } = civilDate(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
