/**
 * @module The demo's meeting record, drawn from the SaferMK board minutes of 18 April 2019 (shared
 * seeds) and placed on the board's most recent meeting before "now": its numbered agenda with the
 * domestic homicide review taken as an exempt item, attendance by capacity with apologies and a
 * substitute, draft minutes ready for approval, and the glossary action, which is a deadline on
 * the calendar and a matter arising at the next meeting, whose agenda is published. Roles only,
 * no names. Statements only, for the demo's single batch.
 */
import type { CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { newId, stamp, type Store, type WriteContext } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { occurrencesInWindow } from '../domain/occurrences.js';
import { occurrenceStart } from '../domain/reminders.js';
import { DEFAULT_ZONE, utcIso } from '../domain/time.js';
import type { AgendaItem } from './meeting.js';
import { actionStatements, agendaItemStatement, attendanceStatement, ensureMeeting, touchMeeting } from './writes.js';

const SCHEDULE_12A =
  'Paragraphs 1 and 2 of Part 1 of Schedule 12A to the Local Government Act 1972 (information relating to an individual, or revealing their identity)';

const LAST_AGENDA: { title: string; lead: string; exempt?: boolean; minutes: string }[] = [
  {
    title: 'Minutes',
    lead: 'Chair',
    minutes: 'RESOLVED: That the minutes of the previous meeting be approved and signed by the Chair as a correct record.',
  },
  { title: 'Disclosures of interest', lead: 'Chair', minutes: 'None disclosed.' },
  {
    title: 'SaferMK Partnership information report',
    lead: 'Community Cohesion Manager',
    minutes:
      'The Partnership considered the strategic assessment summary and the proposed priorities (violence, domestic abuse, hate crime).\nRESOLVED: That the summary be noted and the priorities agreed.',
  },
  {
    title: 'Partner updates',
    lead: 'All',
    minutes:
      'The Partnership noted the update reports from the Clinical Commissioning Group, the Fire and Rescue Service and the National Probation Service.\nRESOLVED: That a glossary of acronyms be supplied to the Partnership members.',
  },
  {
    title: 'Youth justice developments',
    lead: 'Head of Youth and Community',
    minutes: 'RESOLVED: That the update and presentation be noted.',
  },
  { title: 'Date of next meeting', lead: 'Chair', minutes: '' },
  {
    title: 'Exclusion of the public and press',
    lead: 'Chair',
    minutes: `RESOLVED: That the public and press be excluded by virtue of ${SCHEDULE_12A}.`,
  },
  {
    title: 'Domestic homicide reviews: update',
    lead: 'Community Cohesion Manager',
    exempt: true,
    minutes: 'The Partnership received an oral update. RESOLVED: That the update be noted.',
  },
  { title: 'Community trigger', lead: 'Community Cohesion Manager', minutes: 'RESOLVED: That the oral update be noted.' },
];

const NEXT_AGENDA = [
  { title: 'Minutes of the previous meeting', lead: 'Chair' },
  { title: 'Matters arising', lead: 'Chair' },
  { title: 'Partner updates', lead: 'All' },
  { title: 'Annual strategic assessment refresh', lead: 'Community Cohesion Manager' },
];

/** Who sat in April's minutes, by their demo address, and how each attended. */
const ATTENDANCE: { email: string; capacity: string; status: string; note?: string; substitute?: string }[] = [
  { email: 'board-chair@example.org', capacity: 'co-opted', status: 'present' },
  {
    email: 'fire-prevention@example.org',
    capacity: 'voting',
    status: 'apologies',
    substitute: 'Station Commander, Buckinghamshire Fire and Rescue Service',
  },
  { email: 'probation-partnerships@example.org', capacity: 'voting', status: 'apologies', note: 'At a national probation event' },
  { email: 'community-diversity@example.org', capacity: 'voting', status: 'present' },
  { email: 'safeguarding-health@example.org', capacity: 'voting', status: 'present' },
  { email: 'ward-councillor@example.org', capacity: 'observer', status: 'present' },
  { email: 'parish-rep@example.org', capacity: 'co-opted', status: 'present' },
  { email: 'community-cohesion@example.org', capacity: 'officer', status: 'present' },
  { email: 'committee-manager@example.org', capacity: 'officer', status: 'present' },
];

/**
 * The statements of the demo meeting record for the board's series `board` (a published meeting
 * series of the board's group); `personId` gives the demo's person id for an address.
 */
export function demoMeetingStatements(
  store: Store,
  board: CalendarEvent,
  personId: (email: string) => string,
  ctx: WriteContext,
): CompiledQuery[] {
  const now = DateTime.fromJSDate(ctx.now).setZone(DEFAULT_ZONE);
  const dates = occurrencesInWindow(board, { from: now.minus({ years: 1 }), to: now.plus({ years: 1 }) }).map((o) => ({
    key: { eventId: board.id, occurrence: o.recurrenceId ?? '' },
    when: o.when,
    start: occurrenceStart(o.when, board.timezone),
  }));
  const last = dates.filter((d) => d.start < now).at(-1);
  const next = dates.find((d) => d.start >= now);
  if (!last) return [];
  const at = (dt: DateTime) => stamp(dt.toJSDate());
  const lastStart = utcIso(last.start);
  const statements: CompiledQuery[] = [ensureMeeting(store, last.key, at(last.start.minus({ weeks: 2 })))];
  const items: AgendaItem[] = LAST_AGENDA.map((item, i) => ({
    id: newId(),
    number: i + 1,
    title: item.title,
    lead: item.lead,
    description: '',
    exempt: item.exempt ?? false,
    exemptReason: item.exempt ? SCHEDULE_12A : '',
    minutes: item.minutes,
    documents: [],
  }));
  for (const item of items)
    statements.push(agendaItemStatement(store, last.key, item.id, item, at(last.start.minus({ weeks: 2 })), item.number));
  for (const a of ATTENDANCE) {
    statements.push(
      attendanceStatement(
        store,
        last.key,
        personId(a.email),
        a.capacity,
        { status: a.status, note: a.note ?? '', substitute: a.substitute ?? '' },
        at(last.start.plus({ hours: 3 })),
      ),
    );
  }
  statements.push(
    touchMeeting(store, last.key, at(last.start.plus({ days: 5 })), {
      agenda_published_at: at(last.start.minus({ weeks: 1 })),
      agenda_revision: 1,
      others_present: 'Head of Youth and Community (Milton Keynes City Council)',
      attendance_recorded_at: at(last.start.plus({ hours: 3 })),
      minutes_status: 'ready',
      minutes_revision: 1,
      minutes_ready_at: at(last.start.plus({ days: 5 })),
    }),
  );
  // Due a week before the next meeting (or in a fortnight, if that is already past), so it is open now.
  const due = DateTime.max(next ? next.start.minus({ weeks: 1 }) : now.plus({ weeks: 2 }), now.plus({ days: 1 })).toISODate()!;
  const action = actionStatements(
    store,
    { key: last.key, event: board, when: last.when, start: lastStart, items, attendance: [] },
    {
      description: 'Supply a glossary of acronyms to the Partnership members',
      agendaItemId: items[3]!.id,
      ownerPersonId: personId('community-cohesion@example.org'),
      owner: 'Community Cohesion Manager',
      dueDate: due,
      status: 'open',
    },
    ctx,
    '',
  );
  statements.push(...action.statements);
  if (next) {
    const published = at(DateTime.min(now, next.start.minus({ weeks: 1 })));
    statements.push(ensureMeeting(store, next.key, published));
    NEXT_AGENDA.forEach((item, i) =>
      statements.push(
        agendaItemStatement(store, next.key, newId(), { ...item, description: '', exempt: false, exemptReason: '' }, published, i + 1),
      ),
    );
    statements.push(touchMeeting(store, next.key, published, { agenda_published_at: published, agenda_revision: 1 }));
  }
  return statements;
}
