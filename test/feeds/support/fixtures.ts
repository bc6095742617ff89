/**
 * Calendar events with fixed ids and timestamps, so serialized output can be compared byte for
 * byte across processes. They cover what a partnership calendar holds: a monthly evening
 * meeting across both clock changes with a moved, a relocated and a cancelled occurrence; a
 * weekly series ending on an UNTIL date; an awareness week (all-day, multi-day); a yearly
 * all-day deadline with one year's date moved; a 17:00 deadline with no duration; a cancelled event; text that tries to
 * break out of its line; a partner activity kept going on a cancelled date of its week; and a draft and a confidential event that must never be published.
 */
import type { CalendarEvent } from '../../../src/domain/event.js';

const base = {
  description: '',
  location: '',
  timezone: 'Europe/London',
  rrule: null,
  organisationId: null,
  groupId: null,
  parentId: null,
  visibility: 'public',
  status: 'published',
  sequence: 0,
  createdAt: '2022-08-01T10:00:00.000Z',
  updatedAt: '2022-08-01T10:00:00.000Z',
  cancelledAt: null,
} as const;

export const IAG_ID = '00000000-0000-4000-8000-000000000001';

export function fixtureEvents(): CalendarEvent[] {
  const events: Omit<CalendarEvent, 'links' | 'exceptions' | 'themes'>[] & Partial<CalendarEvent>[] = [
    {
      ...base,
      id: IAG_ID,
      kind: 'meeting',
      title: 'Independent Advisory Group meeting',
      description: 'Monthly meeting. Agenda: welcome and apologies; previous notes and actions; chair’s report.',
      location: 'Venue confirmed with the agenda',
      links: [{ title: 'Agenda', url: 'https://example.org/iag/agenda.pdf' }],
      when: { allDay: false, startsAt: '2022-09-21T17:00:00Z', endsAt: '2022-09-21T19:00:00Z' },
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
      exceptions: [
        {
          recurrenceId: '2022-09-21T17:00:00Z',
          kind: 'moved',
          when: null,
          location: 'Gurdwara, Kiln Farm, Milton Keynes',
          note: '',
          updatedAt: '2022-08-02T10:00:00.000Z',
        },
        {
          recurrenceId: '2022-10-19T17:00:00Z',
          kind: 'moved',
          when: { allDay: false, startsAt: '2022-10-26T17:00:00Z', endsAt: '2022-10-26T19:00:00Z' },
          location: 'Milton Keynes College',
          note: 'Moved a week later to meet at the college.',
          updatedAt: '2022-08-03T10:00:00.000Z',
        },
        {
          recurrenceId: '2022-12-21T18:00:00Z',
          kind: 'cancelled',
          when: null,
          location: null,
          note: 'No meeting in December.',
          updatedAt: '2022-08-03T10:00:00.000Z',
        },
      ],
      themes: ['C1', 'C2'],
      sequence: 3,
      updatedAt: '2022-08-03T10:00:00.000Z',
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000002',
      kind: 'training',
      title: 'Weekly drop-in clinic, Bletchley',
      location: 'Bletchley Library',
      when: { allDay: false, startsAt: '2022-10-04T08:30:00Z', endsAt: '2022-10-04T10:00:00Z' },
      // A date UNTIL on a timed series: published as the end of that UK day, in UTC.
      rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20230404',
      themes: ['N3'],
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000003',
      kind: 'campaign_week',
      title: 'National Hate Crime Awareness Week; “Stand together”, 2022 🤝',
      description:
        'Hate crime awareness week, a fortnight of action with partners. Cymraeg: Wythnos Ymwybyddiaeth Troseddau Casineb — ' +
        'ŵŷâêîôû ÀÉÎÕÜ 漢字かなカナ 🤝🏽🏳️‍🌈 end; with, escapes\\ and a backslash.',
      when: { allDay: true, startDate: '2022-10-08', endDate: '2022-10-15' },
      themes: ['C2', 'county lines'],
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000004',
      kind: 'deadline',
      title: 'Annual strategic assessment refresh',
      when: { allDay: true, startDate: '2022-03-31', endDate: '2022-03-31' },
      rrule: 'FREQ=YEARLY;COUNT=5',
      // 31 March 2023 is a Friday before a bank holiday weekend: that year's deadline moved to Monday.
      exceptions: [
        {
          recurrenceId: '2023-03-31',
          kind: 'moved',
          when: { allDay: true, startDate: '2023-04-03', endDate: '2023-04-03' },
          location: null,
          note: 'Moved to the Monday.',
          updatedAt: '2022-08-01T10:00:00.000Z',
        },
      ],
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000005',
      kind: 'deadline',
      title: 'Consultation closes at 17:00',
      when: { allDay: false, startsAt: '2022-11-11T17:00:00Z', endsAt: '2022-11-11T17:00:00Z' },
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000006',
      kind: 'activity',
      title: 'Heritage exhibition opening',
      when: { allDay: false, startsAt: '2022-10-29T09:00:00Z', endsAt: '2022-10-29T11:00:00Z' },
      status: 'cancelled',
      sequence: 1,
      updatedAt: '2022-10-20T12:00:00.000Z',
      cancelledAt: '2022-10-20T12:00:00.000Z',
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000007',
      kind: 'meeting',
      title: 'Board\r\nBEGIN:VEVENT\r\nUID:injected@evil\r\nSUMMARY:Injected\nEND:VEVENT',
      description: 'Line one\r\nLine two\rLine three\nDTSTART:19700101T000000Z',
      location: 'Room 1; Floor 2, "Civic"',
      when: { allDay: false, startsAt: '2023-03-26T09:00:00Z', endsAt: '2023-03-26T10:00:00Z' },
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000008',
      kind: 'meeting',
      title: 'Draft: not yet agreed',
      when: { allDay: false, startsAt: '2022-11-01T10:00:00Z', endsAt: '2022-11-01T11:00:00Z' },
      status: 'draft',
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000009',
      kind: 'meeting',
      title: 'Domestic homicide review: closed session',
      when: { allDay: false, startsAt: '2022-11-02T10:00:00Z', endsAt: '2022-11-02T11:00:00Z' },
      visibility: 'confidential',
    },
    {
      ...base,
      id: '00000000-0000-4000-8000-00000000000a',
      kind: 'activity',
      title: 'Officers at the college',
      when: { allDay: false, startsAt: '2023-10-11T09:00:00Z', endsAt: '2023-10-11T10:00:00Z' },
      parentId: '00000000-0000-4000-8000-000000000003',
      // Kept going when its week's 2023 date was cancelled: its DESCRIPTION says so, as its page does (ADR 296).
      parentOutcome: 'kept',
      parentDate: '2023-10-14',
      parentDateOff: {
        title: 'Hate Crime Awareness Week',
        when: { allDay: true, startDate: '2023-10-14', endDate: '2023-10-21' },
        timezone: 'Europe/London',
      },
    },
  ];
  return events.map((e) => ({ links: [], exceptions: [], themes: [], ...e }) as CalendarEvent);
}

/** The 'now' fixture feeds are rendered at: after every change above, within the cancelled event's 30 days. */
export const FIXTURE_NOW = new Date('2022-11-01T12:00:00Z');

/**
 * The four invitations a member can be sent about a series: REQUEST and CANCEL for the whole
 * series and for one occurrence (19 October moved, 16 November cancelled).
 */
export function invitationCases(
  event: CalendarEvent,
  people: { organizer: { name: string; email: string }; attendees: { email: string; name?: string }[] } = {
    organizer: { name: 'IAG clerk', email: 'iag@example.org' },
    attendees: [{ email: 'member@example.org', name: 'IAG member' }],
  },
) {
  const common = { event, ...people, publicUrl: 'https://calendar.example.org' };
  return [
    { ...common, method: 'REQUEST' as const },
    { ...common, method: 'CANCEL' as const, sequence: 4 },
    { ...common, method: 'REQUEST' as const, recurrenceId: '2022-10-19T17:00:00Z' },
    { ...common, method: 'CANCEL' as const, recurrenceId: '2022-11-16T18:00:00Z', sequence: 4 },
  ];
}
