/** Repeats chosen in words become the RRULEs the API accepts; campaigns carried over keep their weekdays. */
import { describe, expect, it } from 'vitest';
import { copyCampaign, suggestedDates } from '../../src/domain/campaign-copy.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { parseCsv } from '../../src/domain/csv.js';
import { presetFromRule, presetRule } from '../../src/domain/repeat-presets.js';
import { describeRule } from '../../src/domain/rule-in-words.js';

const campaign: CalendarEvent = {
  id: 'hcaw',
  kind: 'campaign_week',
  title: 'National Hate Crime Awareness Week',
  description: '',
  location: '',
  links: [],
  when: { allDay: true, startDate: '2022-10-08', endDate: '2022-10-15' },
  timezone: 'Europe/London',
  rrule: null,
  exceptions: [],
  themes: ['C2'],
  organisationId: null,
  groupId: null,
  parentId: null,
  visibility: 'public',
  status: 'published',
  sequence: 3,
  createdAt: '2022-01-01T00:00:00Z',
  updatedAt: '2022-01-01T00:00:00Z',
  cancelledAt: null,
};

describe('repeat choices', () => {
  it('turns "monthly on the same weekday" into the nth weekday of the start date', () => {
    expect(presetRule('monthly-weekday', '2022-09-21', {})).toBe('FREQ=MONTHLY;BYDAY=3WE');
    expect(presetRule('quarterly-weekday', '2019-04-18', { count: 8 })).toBe('FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH;COUNT=8');
    // The 29th–31st is the fifth week: "the last" is what people mean.
    expect(presetRule('monthly-weekday', '2022-11-30', {})).toBe('FREQ=MONTHLY;BYDAY=-1WE');
    expect(presetRule('fortnightly', '2022-09-06', { until: '2022-12-20' })).toBe('FREQ=WEEKLY;INTERVAL=2;UNTIL=20221220');
    expect(presetRule('none', '2022-09-06', {})).toBeNull();
  });

  it('turns "every year on the same weekday" into the nth weekday of the start date’s month', () => {
    // National Hate Crime Awareness Week: from the second Saturday of October.
    expect(presetRule('yearly-weekday', '2026-10-10', {})).toBe('FREQ=YEARLY;BYMONTH=10;BYDAY=2SA');
  });

  it('leaves months out of a weekly or monthly repeat by listing the months kept', () => {
    // The IAG: the third Wednesday, except August.
    expect(presetRule('monthly-weekday', '2026-01-21', { exceptMonths: [8] })).toBe(
      'FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,7,9,10,11,12',
    );
    expect(presetRule('weekly', '2026-01-06', { exceptMonths: [7, 8], count: 20 })).toBe(
      'FREQ=WEEKLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;COUNT=20',
    );
  });

  it('reads the choices back from a stored rule, and gives none for a rule they cannot make', () => {
    expect(presetFromRule('FREQ=MONTHLY;BYDAY=3WE;BYMONTH=1,2,3,4,5,6,7,9,10,11,12', '2026-01-21', 'Europe/London')).toEqual({
      repeat: 'monthly-weekday',
      until: '',
      count: '',
      exceptMonths: [8],
    });
    expect(presetFromRule('FREQ=YEARLY;BYDAY=2SA;BYMONTH=10', '2026-10-10', 'Europe/London')).toMatchObject({
      repeat: 'yearly-weekday',
      exceptMonths: [],
    });
    // A timed series keeps UNTIL as the end of its last day in UK time: the form shows that day.
    expect(presetFromRule('FREQ=WEEKLY;INTERVAL=2;UNTIL=20221220T235959Z', '2022-09-06', 'Europe/London')).toMatchObject({
      repeat: 'fortnightly',
      until: '2022-12-20',
    });
    expect(presetFromRule('FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH;COUNT=8', '2019-04-18', 'Europe/London')).toMatchObject({
      repeat: 'quarterly-weekday',
      count: '8',
    });
    expect(presetFromRule('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '2026-01-30', 'Europe/London')).toBeNull();
    // The rule is right for another start date, not this one.
    expect(presetFromRule('FREQ=MONTHLY;BYDAY=3WE', '2026-01-28', 'Europe/London')).toBeNull();
  });

  it('reads a rule written another way than the form writes it as the choice it means (issue 10)', () => {
    const read = (rule: string, start: string) => presetFromRule(rule, start, 'Europe/London');
    // 16 December 2026 is a Wednesday.
    expect(read('FREQ=WEEKLY;BYDAY=WE;COUNT=8', '2026-12-16')).toEqual({ repeat: 'weekly', until: '', count: '8', exceptMonths: [] });
    expect(read('FREQ=WEEKLY;INTERVAL=1;WKST=SU;BYDAY=WE', '2026-12-16')).toMatchObject({ repeat: 'weekly' });
    expect(read('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO', '2026-12-16')).toMatchObject({ repeat: 'fortnightly' });
    expect(read('FREQ=WEEKLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12', '2026-12-16')).toMatchObject({ repeat: 'weekly', exceptMonths: [] });
    expect(read('FREQ=MONTHLY', '2026-12-16')).toMatchObject({ repeat: 'monthly-date' });
    expect(read('FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=16', '2026-12-16')).toMatchObject({ repeat: 'yearly' });
    // What the choices cannot say stays a rule of its own.
    expect(read('FREQ=WEEKLY;BYDAY=TH', '2026-12-16')).toBeNull();
    expect(read('FREQ=WEEKLY;BYDAY=WE,FR', '2026-12-16')).toBeNull();
    expect(read('FREQ=YEARLY;BYMONTHDAY=16', '2026-12-16')).toBeNull();
  });

  it('reads a rule back in words', () => {
    expect(describeRule('FREQ=MONTHLY;BYDAY=3WE')).toBe('Every month on the third Wednesday');
    expect(describeRule('FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TH;COUNT=4')).toBe('Every 3 months on the last Thursday, 4 times');
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;UNTIL=20221220')).toBe('Every 2 weeks, until 20 December 2022');
  });
});

describe('carrying a campaign week over to another year', () => {
  it('suggests the same weekdays 52 weeks on (Saturday to Saturday stays Saturday to Saturday)', () => {
    expect(suggestedDates(campaign, 2023)).toEqual({ startDate: '2023-10-07', endDate: '2023-10-14' });
    expect(suggestedDates(campaign, 2026)).toEqual({ startDate: '2026-10-10', endDate: '2026-10-17' });
  });

  it('moves the activities by as many days as the campaign, and makes everything a draft', () => {
    const activity: CalendarEvent = {
      ...campaign,
      id: 'women',
      kind: 'activity',
      parentId: 'hcaw',
      when: { allDay: false, startsAt: '2022-10-10T17:00:00Z', endsAt: '2022-10-10T19:00:00Z' },
    };
    const copy = copyCampaign(campaign, [activity], { startDate: '2023-10-14', endDate: '2023-10-21' });
    expect(copy.campaign).toMatchObject({
      when: { allDay: true, startDate: '2023-10-14', endDate: '2023-10-21' },
      status: 'draft',
      title: campaign.title,
    });
    // 18:00 BST on Monday 10 October 2022 → 18:00 BST on Monday 16 October 2023.
    expect(copy.activities[0]).toMatchObject({
      when: { allDay: false, startsAt: '2023-10-16T17:00:00Z', endsAt: '2023-10-16T19:00:00Z' },
      status: 'draft',
    });
  });
});

describe('reading CSV', () => {
  it('keeps quoted commas, doubled quotes and line breaks, and skips blank lines', () => {
    const parsed = parseCsv('\uFEFFemail,role\r\n"a@example.org","Chair, interim"\r\n\r\nb@example.org,"The ""deputy""\nchair"\n');
    expect(parsed).toEqual({
      ok: true,
      rows: [
        ['email', 'role'],
        ['a@example.org', 'Chair, interim'],
        ['b@example.org', 'The "deputy"\nchair'],
      ],
    });
    expect(parseCsv('email,role\n"unclosed,member')).toEqual({ ok: false, message: 'has a quoted field that is never closed' });
  });
});

describe('the dummy password hash for unknown emails', () => {
  it('costs the same as a real one, so an unknown email takes as long as a wrong password', async () => {
    const { DEFAULT_COST, DUMMY_HASH, hashPassword } = await import('../../src/domain/password.js');
    const real = await hashPassword('any password at all');
    expect(DUMMY_HASH.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(DUMMY_HASH.split('$').slice(1, 4).map(Number)).toEqual([DEFAULT_COST.N, DEFAULT_COST.r, DEFAULT_COST.p]);
  });
});
