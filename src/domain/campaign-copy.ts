/**
 * @module Carrying a campaign week over to another year. Awareness weeks keep their weekday
 * pattern (National Hate Crime Awareness Week runs Saturday to Saturday), so the suggested dates
 * move by whole weeks; partner activities move by the same number of days; everything is a draft.
 */
import { DateTime } from 'luxon';
import { eventFields, type CalendarEvent, type EventFields, type When } from './event.js';
import { addDays, daysBetween, utcIso } from './time.js';

/** The UK local date an event starts on (an all-day event's first day). */
export function localStartDate(when: When, zone: string): string {
  return when.allDay ? when.startDate : DateTime.fromISO(when.startsAt, { zone }).toISODate()!;
}

/** The same weekdays in `year`: the start moved by the whole number of weeks nearest to the same date. */
export function suggestedDates(event: CalendarEvent, year: number): { startDate: string; endDate: string } {
  const start = localStartDate(event.when, event.timezone);
  const sameDate = DateTime.fromISO(start, { zone: 'UTC' }).set({ year });
  const weeks = Math.round(daysBetween(start, sameDate.toISODate()!) / 7);
  const shift = weeks * 7;
  const end = event.when.allDay ? event.when.endDate : DateTime.fromISO(event.when.endsAt, { zone: event.timezone }).toISODate()!;
  return { startDate: addDays(start, shift), endDate: addDays(end, shift) };
}

/** Moves a When by whole days, on the wall clock (an 18:00 start stays 18:00 across clock changes). */
export function shiftWhen(when: When, days: number, zone: string): When {
  if (when.allDay) return { allDay: true, startDate: addDays(when.startDate, days), endDate: addDays(when.endDate, days) };
  const move = (iso: string) => utcIso(DateTime.fromISO(iso, { zone }).plus({ days }));
  return { allDay: false, startsAt: move(when.startsAt), endsAt: move(when.endsAt) };
}

/**
 * The campaign's copy on the new dates and its activities moved by the same offset, all drafts.
 * The caller sets the activities' parentId to the new campaign's id.
 */
export function copyCampaign(
  campaign: CalendarEvent,
  activities: CalendarEvent[],
  dates: { startDate: string; endDate: string },
): { campaign: EventFields; activities: EventFields[] } {
  const offset = daysBetween(localStartDate(campaign.when, campaign.timezone), dates.startDate);
  const when: When = campaign.when.allDay
    ? { allDay: true, startDate: dates.startDate, endDate: dates.endDate }
    : shiftWhen(campaign.when, offset, campaign.timezone);
  return {
    campaign: { ...eventFields(campaign), when, rrule: null, status: 'draft' },
    activities: activities
      .filter((a) => a.status !== 'cancelled')
      .map((a) => ({ ...eventFields(a), when: shiftWhen(a.when, offset, a.timezone), rrule: null, status: 'draft' })),
  };
}
