/** Pages describe any series in plain English, exceptions included, and never say what it is not. */
import { describe, expect, it } from 'vitest';
import type { EventException, When } from '../../src/domain/event.js';
import { instanceDates, parseRRule } from '../../src/domain/recurrence.js';
import { describeRule, describeSeries, instanceWords } from '../../src/domain/rule-in-words.js';

const zone = 'Europe/London';

function cancelled(recurrenceId: string): EventException {
  return { recurrenceId, kind: 'cancelled', when: null, location: null, note: '', updatedAt: '' };
}

function moved(recurrenceId: string, when: When | null, location: string | null = null): EventException {
  return { recurrenceId, kind: 'moved', when, location, note: '', updatedAt: '' };
}

describe('a rule in words', () => {
  it.each([
    ['FREQ=MONTHLY;BYDAY=3WE', '2026-01-21', 1, 'Every month on the third Wednesday'],
    ['FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,7,9,10,11,12', '2026-01-21', 1, 'Every month on the third Wednesday, except August'],
    ['FREQ=YEARLY;BYMONTH=10;BYDAY=2SA', '2026-10-10', 8, 'Every year from the second Saturday of October, for 8 days'],
    ['FREQ=YEARLY;BYMONTH=10;BYDAY=2SA', '2026-10-10', 1, 'Every year on the second Saturday of October'],
    ['FREQ=WEEKLY;COUNT=10', '2026-10-14', 1, 'Every week on Wednesday, 10 times'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20261220', '2026-09-01', 1, 'Every 2 weeks on Tuesday and Thursday, until 20 December 2026'],
    ['FREQ=YEARLY', '2019-10-28', 9, 'Every year from 28 October, for 9 days'],
    ['FREQ=YEARLY', '2024-02-29', 1, 'Every year on 29 February'],
    ['FREQ=MONTHLY', '2026-01-31', 1, 'Every month on the 31st'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,-1', '2026-01-01', 1, 'Every month on the 1st and the last day'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2026-01-30', 1, 'Every month on the last weekday'],
    ['FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1SU;COUNT=10', '1997-09-07', 1, 'Every 2 months on the first and last Sunday, 10 times'],
    ['FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=8,9,10,11,12,13,14', '2026-01-12', 1, 'Every month on the second Monday'],
    ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '1998-02-13', 1, 'Every month on the 13th, when it is a Friday'],
    ['FREQ=MONTHLY;BYDAY=TU,WE,TH;BYSETPOS=3', '1997-09-04', 1, 'Every month on the third day that is a Tuesday, Wednesday or Thursday'],
    ['FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8', '1997-06-05', 1, 'Every year on every Thursday in June, July and August'],
    ['FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1', '2026-03-31', 1, 'Every year on the last day of March, June, September and December'],
    ['FREQ=YEARLY;INTERVAL=3;BYYEARDAY=1,100,200;COUNT=10', '1997-01-01', 1, 'Every 3 years on day 1, 100 and 200 of the year, 10 times'],
    ['FREQ=YEARLY;BYDAY=20MO', '1997-05-19', 1, 'Every year on the 20th Monday of the year'],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', '2026-03-23', 1, 'Every weekday'],
    ['FREQ=DAILY;INTERVAL=3;BYMONTH=2', '2026-02-01', 1, 'Every 3 days in February'],
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TH;COUNT=4', '2026-01-29', 1, 'Every 3 months on the last Thursday, 4 times'],
    // Shapes without a short wording are spelled out part by part rather than guessed at.
    ['FREQ=YEARLY;BYMONTHDAY=1', '2026-01-01', 1, 'Every year on the 1st of every month'],
    ['FREQ=MONTHLY;BYDAY=1MO,FR', '2026-01-02', 1, 'Every month on a Friday or the first Monday of the month'],
    [
      'FREQ=YEARLY;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=2MO',
      '2024-01-08',
      1,
      'Every year on the 8th to 14th, when it is the second Monday of the year',
    ],
  ])('%s from %s (%i days) reads "%s"', (rrule, startDate, lengthDays, words) => {
    expect(describeRule(rrule, { startDate, lengthDays })).toBe(words);
  });

  // BYSETPOS counts in the whole period: the words are checked against the engine's dates.
  it.each([
    [
      'FREQ=YEARLY;BYMONTH=1,4;BYDAY=MO;BYSETPOS=1,-1',
      '2027-01-04',
      'Every year, of the Mondays of January and April together, the first and the last',
      ['2027-01-04', '2027-04-26', '2028-01-03', '2028-04-24'],
    ],
    [
      'FREQ=YEARLY;BYMONTH=1,4;BYDAY=TU,TH;BYSETPOS=1,-1',
      '2027-01-05',
      'Every year, of the Tuesdays and Thursdays of January and April together, the first and the last',
      ['2027-01-05', '2027-04-29', '2028-01-04', '2028-04-27'],
    ],
    [
      'FREQ=YEARLY;BYMONTH=1;BYDAY=MO;BYSETPOS=1,-1',
      '2027-01-04',
      'Every year on the first and last Monday of January',
      ['2027-01-04', '2027-01-25', '2028-01-03', '2028-01-31'],
    ],
    [
      'FREQ=YEARLY;BYDAY=MO;BYSETPOS=1,-1',
      '2027-01-04',
      'Every year on the first and last Monday of the year',
      ['2027-01-04', '2027-12-27', '2028-01-03', '2028-12-25'],
    ],
    [
      'FREQ=YEARLY;BYMONTH=1,7;BYDAY=-1FR;BYSETPOS=-1',
      '2027-07-30',
      'Every year on the last Friday of January and July, keeping the last such date of each year',
      ['2027-07-30', '2028-07-28'],
    ],
    [
      'FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1,2,3;BYDAY=MO;BYSETPOS=-1',
      '2027-01-01',
      'Every year on the 1st to 3rd, when it is a Monday, in January and July, keeping the last such date of each year',
      ['2028-07-03'],
    ],
    [
      'FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=1FR,2FR,3FR,-1FR;BYSETPOS=1,2,-1',
      '2027-07-02',
      'Every month on the first, second, third and last Friday of the month, except August, keeping the first, second and last such date of each month',
      ['2027-07-02', '2027-07-09', '2027-07-30', '2027-09-03', '2027-09-10', '2027-09-24'],
    ],
  ])('%s from %s reads "%s", true to the engine\'s dates', (rrule, startDate, words, first) => {
    expect(describeRule(rrule, { startDate })).toBe(words);
    const parsed = parseRRule(rrule);
    if (!parsed.ok) throw new Error(rrule);
    const dates = instanceDates(parsed.rule, { allDay: true, date: startDate }, startDate, '2028-12-31').filter(
      (d) => d !== startDate || first.includes(d),
    );
    expect(dates.slice(0, first.length)).toEqual(first);
  });

  it('says only what the rule says when the start is not known', () => {
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;UNTIL=20221220')).toBe('Every 2 weeks, until 20 December 2022');
  });

  it('names one date of the rule for messages about a start that does not fit', () => {
    const words = (rrule: string, startDate: string) => {
      const parsed = parseRRule(rrule);
      return parsed.ok ? instanceWords(parsed.rule, { startDate }) : 'unparsed';
    };
    expect(words('FREQ=YEARLY;BYMONTH=10;BYDAY=2SA', '2026-10-15')).toBe('a second Saturday of October');
    expect(words('FREQ=MONTHLY;BYDAY=3WE', '2026-01-22')).toBe('a third Wednesday of the month');
    expect(words('FREQ=WEEKLY;BYDAY=TH', '2026-01-21')).toBe('a Thursday');
    expect(words('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2026-01-21')).toBeNull();
  });
});

describe('a series in words, exceptions included', () => {
  const weekly = {
    rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=10',
    when: { allDay: false, startsAt: '2026-11-04T18:00:00Z', endsAt: '2026-11-04T20:00:00Z' } as When,
    timezone: zone,
  };

  it('lists the cancelled and moved dates, with where a date moved to', () => {
    const series = {
      ...weekly,
      exceptions: [
        cancelled('2026-12-23T18:00:00Z'),
        moved('2026-12-30T18:00:00Z', { allDay: false, startsAt: '2027-01-02T18:00:00Z', endsAt: '2027-01-02T20:00:00Z' }),
        moved('2026-12-02T18:00:00Z', null, 'Council Chamber'),
        moved('2026-12-09T18:00:00Z', { allDay: false, startsAt: '2026-12-09T18:30:00Z', endsAt: '2026-12-09T20:30:00Z' }),
      ],
    };
    expect(describeSeries(series, { today: '2026-10-01' })).toBe(
      'Every week on Wednesday, 10 times, except 9 December (moved to 18:30), 23 December (cancelled) and 30 December (moved to 2 January 2027); 2 December at Council Chamber',
    );
  });

  it('says a date that goes ahead at another venue takes place there, not that it is an exception', () => {
    const iag = {
      rrule: 'FREQ=MONTHLY;BYDAY=2MO',
      when: { allDay: false, startsAt: '2026-10-12T17:00:00Z', endsAt: '2026-10-12T19:00:00Z' } as When,
      timezone: zone,
      location: 'Hall One',
      exceptions: [moved('2026-12-14T18:00:00Z', null, 'Hall Two')],
    };
    expect(describeSeries(iag, { today: '2026-11-01' })).toBe('Every month on the second Monday; 14 December at Hall Two');
    // Moved as well, it is off its slot: the venue goes with where it moved.
    const movedThere = moved(
      '2026-12-14T18:00:00Z',
      { allDay: false, startsAt: '2026-12-15T18:00:00Z', endsAt: '2026-12-15T20:00:00Z' },
      'Hall Two',
    );
    expect(describeSeries({ ...iag, exceptions: [movedThere] }, { today: '2026-11-01' })).toBe(
      'Every month on the second Monday, except 14 December (moved to 15 December, at Hall Two)',
    );
    // Its own venue named again, or a note alone, is no change a reader of the series needs.
    const noted = { ...moved('2027-01-11T18:00:00Z', null, 'Hall One'), note: 'Bring the draft strategy' };
    expect(describeSeries({ ...iag, exceptions: [noted] }, { today: '2026-11-01' })).toBe('Every month on the second Monday');
    const many = ['2026-11-09', '2026-12-14', '2027-01-11'].map((d) => moved(`${d}T18:00:00Z`, null, 'Hall Two'));
    expect(describeSeries({ ...iag, exceptions: [cancelled('2026-10-12T17:00:00Z'), ...many] }, { maxExceptions: 2 })).toBe(
      'Every month on the second Monday, except 12 October 2026 (cancelled); 9 November 2026 at Hall Two and 2 more dates at other venues',
    );
  });

  it('keeps the months left out and the dates apart', () => {
    const iag = {
      rrule: 'FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,7,9,10,11,12',
      when: { allDay: false, startsAt: '2026-01-21T18:00:00Z', endsAt: '2026-01-21T20:00:00Z' } as When,
      timezone: zone,
      exceptions: [cancelled('2026-12-16T18:00:00Z')],
    };
    expect(describeSeries(iag, { today: '2026-02-01' })).toBe(
      'Every month on the third Wednesday, except August, and except 16 December (cancelled)',
    );
  });

  it('leaves out exceptions already past and counts those beyond the first few', () => {
    const series = {
      ...weekly,
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      exceptions: ['2026-11-04', '2026-11-11', '2026-11-18', '2026-11-25', '2026-12-02', '2026-12-09', '2026-12-16', '2026-12-23'].map(
        (d) => cancelled(`${d}T18:00:00Z`),
      ),
    };
    expect(describeSeries(series, { today: '2026-11-12', maxExceptions: 3 })).toBe(
      'Every week on Wednesday, except 18 November (cancelled), 25 November (cancelled), 2 December (cancelled) and 3 more dates',
    );
  });

  it('says an all-day span runs from its first day, and a moved span where it went', () => {
    const week = {
      rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=2SA',
      when: { allDay: true, startDate: '2026-10-10', endDate: '2026-10-17' } as When,
      timezone: zone,
      exceptions: [moved('2027-10-09', { allDay: true, startDate: '2027-10-16', endDate: '2027-10-23' })],
    };
    // The moved span reads as the pages write a range (ADR 270).
    expect(describeSeries(week, { today: '2026-01-01' })).toBe(
      'Every year from the second Saturday of October, for 8 days, except 9 October 2027 (moved to 16–23 October 2027)',
    );
    const across = { ...week, exceptions: [moved('2027-10-09', { allDay: true, startDate: '2027-10-28', endDate: '2027-11-04' })] };
    expect(describeSeries(across, { today: '2026-01-01' })).toBe(
      'Every year from the second Saturday of October, for 8 days, except 9 October 2027 (moved to 28 October – 4 November 2027)',
    );
  });

  it('is empty for an event that does not repeat', () => {
    expect(describeSeries({ ...weekly, rrule: null, exceptions: [] })).toBe('');
  });
});
