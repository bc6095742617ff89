import { describe, expect, it } from 'vitest';
import { checkLeadTimes, DEFAULT_LEAD_TIMES, leadTimesOf, reminderDueAt } from '../../src/domain/reminders.js';
import { utcIso } from '../../src/domain/time.js';

const due = (when: Parameters<typeof reminderDueAt>[0], lead: string) => utcIso(reminderDueAt(when, 'Europe/London', lead));

describe('reminder rules', () => {
  it('reminds of meetings a week and a day before, campaign weeks four weeks and a week before, deadlines two weeks before', () => {
    expect(DEFAULT_LEAD_TIMES.meeting).toEqual(['7d', '1d']);
    expect(DEFAULT_LEAD_TIMES.campaign_week).toEqual(['4w', '1w']);
    expect(DEFAULT_LEAD_TIMES.deadline).toEqual(['2w']);
  });

  it('counts days on the UK wall clock across the October and March clock changes', () => {
    const afterOctober = { allDay: false as const, startsAt: '2022-11-02T18:00:00Z', endsAt: '2022-11-02T20:00:00Z' };
    expect(due(afterOctober, '7d')).toBe('2022-10-26T17:00:00Z'); // 18:00 BST
    expect(due(afterOctober, '1d')).toBe('2022-11-01T18:00:00Z'); // 18:00 GMT
    const afterMarch = { allDay: false as const, startsAt: '2023-03-29T17:00:00Z', endsAt: '2023-03-29T19:00:00Z' }; // 18:00 BST
    expect(due(afterMarch, '7d')).toBe('2023-03-22T18:00:00Z'); // 18:00 GMT
    expect(due(afterMarch, '2h')).toBe('2023-03-29T15:00:00Z');
  });

  it('reminds of all-day events at 09:00 UK time', () => {
    const week = { allDay: true as const, startDate: '2022-10-08', endDate: '2022-10-15' };
    expect(due(week, '4w')).toBe('2022-09-10T08:00:00Z');
    expect(due({ allDay: true, startDate: '2023-01-09', endDate: '2023-01-09' }, '1w')).toBe('2023-01-02T09:00:00Z');
  });

  it('takes an event’s own lead times over its group’s, and its group’s over the kind’s', () => {
    expect(leadTimesOf({ kind: 'meeting' }, {})).toEqual(['7d', '1d']);
    expect(leadTimesOf({ kind: 'meeting' }, { group: ['3d'] })).toEqual(['3d']);
    expect(leadTimesOf({ kind: 'meeting' }, { group: ['3d'], event: [] })).toEqual([]);
  });

  it('accepts lead times in hours, days or weeks up to 26 weeks, and says what is wrong otherwise', () => {
    expect(checkLeadTimes(['1d', '2w', '1d', '12h'])).toEqual({ ok: true, value: ['2w', '1d', '12h'] });
    expect(checkLeadTimes(['27w'])).toMatchObject({ ok: false, message: expect.stringContaining('"27w"') });
    expect(checkLeadTimes('7d')).toMatchObject({ ok: false });
    expect(checkLeadTimes(['1d', '2d', '3d', '4d', '5d', '6d', '7d'])).toMatchObject({
      ok: false,
      message: 'may have at most 6 lead times',
    });
  });
});
