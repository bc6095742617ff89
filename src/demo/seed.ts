/**
 * @module Demo data drawn from the seed documents (IAG and SaferMK board minutes, the partnership
 * activity report, the strategy, the Police and Crime Panel minutes). Organisations and roles only:
 * no real person's name, and every address is at example.org. Every event goes through the same
 * validation as the API, so the demo can never hold data the API would refuse.
 */
import type { CompiledQuery } from 'kysely';
import { insertEventStatements } from '../db/events.js';
import { insertGroupStatements, insertOrganisationStatements, upsertMemberStatements } from '../db/directory.js';
import type { Store, WriteContext } from '../db/store.js';
import { newId, stamp } from '../db/store.js';
import type { GroupFields, OrganisationFields } from '../domain/directory.js';
import { validateEventInput } from '../domain/event-input.js';
import { validateExceptionInput } from '../domain/exception-input.js';
import type { CalendarEvent } from '../domain/event.js';
import { addDays, utcIso } from '../domain/time.js';
import { demoDates, demoYear } from './dates.js';
import type { Capacity } from '../meetings/capacity.js';
import { demoMeetingStatements } from '../meetings/demo.js';

type OrgKey = 'police' | 'council' | 'fire' | 'college' | 'probation' | 'health' | 'cvs' | 'imlt' | 'museum' | 'opcc' | 'parishes';
type GroupKey = 'iag' | 'board' | 'panel' | 'hateCrimeTfg';

const ORGANISATIONS: Record<OrgKey, OrganisationFields> = {
  police: { name: 'Thames Valley Police', kind: 'police', website: null, email: 'community-diversity@example.org' },
  council: {
    name: 'Milton Keynes City Council: Community Safety Team',
    kind: 'council',
    website: null,
    email: 'community-safety@example.org',
  },
  fire: { name: 'Buckinghamshire Fire and Rescue Service', kind: 'fire', website: null, email: 'fire-prevention@example.org' },
  college: { name: 'Milton Keynes College', kind: 'education', website: null, email: 'student-support@example.org' },
  probation: { name: 'National Probation Service', kind: 'probation', website: null, email: 'probation-partnerships@example.org' },
  health: { name: 'Clinical Commissioning Group', kind: 'health', website: null, email: 'safeguarding-health@example.org' },
  cvs: { name: 'Community Action MK', kind: 'charity', website: null, email: 'civil-society@example.org' },
  imlt: { name: 'England Illegal Money Lending Team', kind: 'other', website: null, email: 'stop-loan-sharks@example.org' },
  museum: { name: 'Milton Keynes Museum', kind: 'charity', website: null, email: 'exhibitions@example.org' },
  opcc: { name: 'Office of the Police and Crime Commissioner', kind: 'police', website: null, email: 'opcc@example.org' },
  parishes: { name: 'Rural Parish Councils', kind: 'parish', website: null, email: 'parish-rep@example.org' },
};

const GROUPS: Record<GroupKey, GroupFields & { organisation: OrgKey }> = {
  iag: {
    slug: 'iag',
    name: 'Milton Keynes LPA Independent Advisory Group',
    description:
      'Community members who advise the local police area on community confidence, hate crime and tension. Meets monthly in the evening at venues across the city.',
    organisationId: null,
    organiserEmail: 'iag-secretary@example.org',
    quorum: '1/3',
    publicAttendance: 'capacities',
    organisation: 'police',
  },
  board: {
    slug: 'safermk-board',
    name: 'SaferMK Partnership Board',
    description: 'The statutory Community Safety Partnership board. Meets quarterly in the Council Chamber.',
    organisationId: null,
    organiserEmail: 'committee-manager@example.org',
    quorum: '3',
    publicAttendance: 'names',
    organisation: 'council',
  },
  panel: {
    slug: 'police-crime-panel',
    name: 'Thames Valley Police and Crime Panel',
    description: 'Scrutinises the Police and Crime Commissioner. Meets on Fridays at 11:00 in Aylesbury.',
    organisationId: null,
    organiserEmail: 'scrutiny-officer@example.org',
    quorum: '1/3',
    publicAttendance: 'names',
    organisation: 'opcc',
  },
  hateCrimeTfg: {
    slug: 'hate-crime-task-and-finish',
    name: 'Hate Crime Task and Finish Group',
    description:
      'Plans the partnership’s hate crime awareness activity and the fortnight of action around National Hate Crime Awareness Week.',
    organisationId: null,
    organiserEmail: 'community-cohesion@example.org',
    quorum: null,
    publicAttendance: 'none',
    organisation: 'council',
  },
};

// Capacities as the minutes list them: members with a vote, co-opted members without one,
// observers, and officers who advise or take notes.
const MEMBERS: Record<GroupKey, { email: string; role: string; capacity: Capacity; organisation?: OrgKey }[]> = {
  iag: [
    { email: 'iag-chair@example.org', role: 'IAG Chair', capacity: 'voting' },
    { email: 'iag-member-1@example.org', role: 'IAG Member', capacity: 'voting' },
    { email: 'iag-member-2@example.org', role: 'IAG Member', capacity: 'voting' },
    { email: 'iag-member-3@example.org', role: 'IAG Member', capacity: 'voting' },
    { email: 'community-diversity@example.org', role: 'TVP Community & Diversity Officer', capacity: 'officer', organisation: 'police' },
    { email: 'iag-secretary@example.org', role: 'Note taker', capacity: 'officer', organisation: 'police' },
  ],
  board: [
    { email: 'board-chair@example.org', role: 'Non-voting Chair', capacity: 'co-opted', organisation: 'council' },
    { email: 'fire-prevention@example.org', role: 'Service Delivery Manager', capacity: 'voting', organisation: 'fire' },
    { email: 'probation-partnerships@example.org', role: 'Head of Operations', capacity: 'voting', organisation: 'probation' },
    { email: 'community-diversity@example.org', role: 'Detective Chief Inspector', capacity: 'voting', organisation: 'police' },
    { email: 'safeguarding-health@example.org', role: 'Clinical Commissioning Group lead', capacity: 'voting', organisation: 'health' },
    { email: 'ward-councillor@example.org', role: 'Ward Councillor', capacity: 'observer', organisation: 'council' },
    {
      email: 'parish-rep@example.org',
      role: 'Representative for the Rural Parish Councils',
      capacity: 'co-opted',
      organisation: 'parishes',
    },
    { email: 'community-cohesion@example.org', role: 'Community Cohesion Manager', capacity: 'officer', organisation: 'council' },
    { email: 'committee-manager@example.org', role: 'Committee Manager', capacity: 'officer', organisation: 'council' },
  ],
  panel: [
    { email: 'panel-chair@example.org', role: 'Panel Chairman', capacity: 'voting' },
    { email: 'panel-member@example.org', role: 'Co-opted Independent Member', capacity: 'voting' },
    { email: 'scrutiny-officer@example.org', role: 'Scrutiny Officer', capacity: 'officer', organisation: 'opcc' },
  ],
  hateCrimeTfg: [
    { email: 'community-cohesion@example.org', role: 'Lead officer', capacity: 'voting', organisation: 'council' },
    { email: 'community-diversity@example.org', role: 'Police lead', capacity: 'voting', organisation: 'police' },
    { email: 'student-support@example.org', role: 'College representative', capacity: 'voting', organisation: 'college' },
  ],
};

interface DemoEvent {
  key: string;
  input: Record<string, unknown>;
  organisation?: OrgKey;
  group?: GroupKey;
  parent?: string;
  exceptions?: { recurrenceId: string; input: Record<string, unknown> }[];
}

const CIVIC = 'Council Chamber, Civic Offices, Milton Keynes';
const AYLESBURY = 'The Paralympic Room, Buckinghamshire Council, Gatehouse Road, Aylesbury';

/**
 * The demo calendar for the partnership year `year` (see demoYear): its campaign weeks and the
 * next year's, the IAG's monthly series from that September and the board's quarterly one from
 * three years before, running through today, one-off dates before and after. With `year` 2022
 * it is the calendar of the seed documents, date for date. `nextWeekPublished`: next year's Hate
 * Crime Awareness Week is published once this year's is over, a planning draft before.
 */
function demoEvents(year: number, nextWeekPublished: boolean): DemoEvent[] {
  const d = demoDates(year);
  return [
    {
      key: 'iag-monthly',
      group: 'iag',
      organisation: 'police',
      input: {
        kind: 'meeting',
        title: 'Independent Advisory Group meeting',
        description:
          'Monthly meeting. Agenda: welcome and apologies; previous notes and actions; chair’s report; hate crime update; community tension; any other business.',
        location: 'Venue confirmed with the agenda',
        start: `${d.iagFirst}T18:00`,
        end: `${d.iagFirst}T20:00`,
        rrule: 'FREQ=MONTHLY;BYDAY=3WE',
        themes: ['C1', 'C2'],
        // The dates and venues are public, so people know the group meets; its business is in the notes.
        visibility: 'public',
      },
      exceptions: [
        { recurrenceId: `${d.iagFirst}T18:00`, input: { location: 'Gurdwara, Kiln Farm, Milton Keynes' } },
        {
          recurrenceId: `${d.iagSecond}T18:00`,
          input: {
            start: `${addDays(d.iagSecond, 7)}T18:00`,
            location: 'Milton Keynes College',
            note: 'Moved a week later to meet at the college.',
          },
        },
      ],
    },
    {
      key: 'board-quarterly',
      group: 'board',
      organisation: 'council',
      input: {
        kind: 'meeting',
        title: 'SaferMK Partnership Board',
        description:
          'Quarterly board meeting. Standing items: minutes; disclosures of interest; partnership information report; overview of partnership activity; strategic assessment.',
        location: CIVIC,
        start: `${d.boardFirst}T14:00`,
        end: `${d.boardFirst}T16:00`,
        rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH',
        themes: ['N1', 'V1', 'C2'],
        visibility: 'public',
      },
    },
    {
      key: 'board-dhr',
      group: 'board',
      organisation: 'council',
      input: {
        kind: 'meeting',
        title: 'Domestic homicide review: closed session',
        description: 'Exempt item: the public and press are excluded.',
        location: CIVIC,
        start: `${d.boardJuly}T16:15`,
        end: `${d.boardJuly}T17:00`,
        themes: ['V1'],
        visibility: 'confidential',
      },
    },
    {
      key: 'panel-sep',
      group: 'panel',
      organisation: 'opcc',
      input: {
        kind: 'meeting',
        title: 'Police and Crime Panel',
        location: AYLESBURY,
        start: `${d.panelSep}T11:00`,
        end: `${d.panelSep}T13:00`,
        themes: ['V2'],
        visibility: 'public',
      },
    },
    {
      key: 'panel-nov',
      group: 'panel',
      organisation: 'opcc',
      input: {
        kind: 'meeting',
        title: 'Police and Crime Panel',
        description: 'Items include fighting serious organised crime (county lines) and an update on the Thames Valley CCTV Partnership.',
        location: AYLESBURY,
        start: `${d.panelNov}T11:00`,
        end: `${d.panelNov}T13:15`,
        themes: ['V2', 'county lines', 'cctv'],
        visibility: 'public',
      },
    },
    {
      key: 'hate-crime-tfg',
      group: 'hateCrimeTfg',
      organisation: 'council',
      input: {
        kind: 'meeting',
        title: 'Hate Crime Task and Finish Group',
        location: 'Online (Teams link sent to members)',
        start: `${d.taskGroupFirst}T10:00`,
        end: `${d.taskGroupFirst}T11:00`,
        rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4',
        themes: ['C2'],
        visibility: 'group',
      },
    },
    {
      key: 'hcaw',
      organisation: 'council',
      input: {
        kind: 'campaign_week',
        title: 'National Hate Crime Awareness Week',
        description:
          'A week to raise awareness of hate crime, encourage reporting and support victims. Partners run events across the city.',
        start: d.hcaw.start,
        end: d.hcaw.end,
        themes: ['C2', 'C1'],
        visibility: 'public',
      },
    },
    {
      key: 'hcaw-women',
      parent: 'hcaw',
      organisation: 'council',
      input: {
        kind: 'activity',
        title: 'Women’s experience of hate crime',
        description: 'An open event: everyone is welcome to attend and share.',
        location: CIVIC,
        start: addDays(d.hcaw.start, 2),
        themes: ['C2'],
        visibility: 'public',
      },
    },
    {
      key: 'hcaw-college',
      parent: 'hcaw',
      organisation: 'police',
      input: {
        kind: 'activity',
        title: 'Officers at the college: recognising and reporting hate crime',
        description:
          'Police community and diversity officers talk to students about the poster project designed by the digital media department.',
        location: 'Milton Keynes College',
        start: addDays(d.hcaw.start, 4),
        themes: ['C2'],
        visibility: 'public',
      },
    },
    {
      key: 'bhm',
      organisation: 'council',
      input: {
        kind: 'campaign_week',
        title: 'Black History Month',
        start: `${year}-10-01`,
        end: `${year}-10-31`,
        themes: ['C1'],
        visibility: 'public',
      },
    },
    {
      key: 'bhm-next',
      organisation: 'council',
      input: {
        kind: 'campaign_week',
        title: 'Black History Month',
        start: `${year + 1}-10-01`,
        end: `${year + 1}-10-31`,
        themes: ['C1'],
        visibility: 'public',
      },
    },
    {
      key: 'bhm-exhibition',
      parent: 'bhm',
      organisation: 'museum',
      input: {
        kind: 'activity',
        title: 'Somali heritage exhibition',
        location: 'Milton Keynes Museum',
        start: `${year}-09-29`,
        end: `${year}-10-31`,
        themes: ['C1'],
        visibility: 'public',
      },
    },
    {
      key: 'bite-back',
      organisation: 'imlt',
      input: {
        kind: 'campaign_week',
        title: 'Bite Back Week: Wolverton',
        description:
          'Illegal money lending week of action. After the week of action in Bletchley (targeted leaflet drops and awareness raising), a further event in and around Wolverton.',
        start: d.biteBack,
        end: addDays(d.biteBack, 4),
        themes: ['N3', 'loan sharks'],
        visibility: 'public',
      },
    },
    {
      key: 'county-lines-week',
      organisation: 'police',
      input: {
        kind: 'campaign_week',
        title: 'County Lines Intensification Week',
        start: d.countyLines,
        end: addDays(d.countyLines, 6),
        themes: ['V2', 'county lines'],
        visibility: 'partners',
      },
    },
    {
      key: 'gang-training-june',
      organisation: 'council',
      input: {
        kind: 'training',
        title: 'Gang awareness training for frontline practitioners',
        description:
          'A day-long interactive session for practitioners working directly with young people, delivered with the Police and Crime Commissioner.',
        start: d.trainingJune,
        themes: ['V2'],
        visibility: 'partners',
      },
    },
    {
      key: 'gang-training-july',
      organisation: 'council',
      input: {
        kind: 'training',
        title: 'Gang awareness training for frontline practitioners',
        description: 'The second day-long session.',
        start: d.trainingJuly,
        themes: ['V2'],
        visibility: 'partners',
      },
    },
    {
      key: 'pspo-consultation',
      organisation: 'council',
      input: {
        kind: 'deadline',
        title: 'Consultation closes: Public Space Protection Order on car cruising',
        start: d.consultation,
        themes: ['N2', 'road safety'],
        visibility: 'public',
      },
    },
    {
      key: 'da-contract',
      organisation: 'council',
      input: {
        kind: 'deadline',
        title: 'Domestic abuse services contract expires',
        description: 'Tender for a strategic partner to follow.',
        start: `${year - 3}-08-31`,
        themes: ['V1'],
        visibility: 'partners',
      },
    },
    {
      key: 'cctv-transition',
      organisation: 'opcc',
      input: {
        kind: 'deadline',
        title: 'CCTV monitoring transition',
        start: `${year + 1}-12-31`,
        themes: ['cctv'],
        visibility: 'partners',
      },
    },
    {
      key: 'quarterly-report',
      organisation: 'council',
      input: {
        kind: 'deadline',
        title: 'Quarterly progress report due to the board',
        start: d.quarterlyReport,
        rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH',
        themes: [],
        visibility: 'partners',
      },
    },
    {
      key: 'strategic-assessment',
      organisation: 'council',
      input: {
        kind: 'deadline',
        title: 'Annual strategic assessment refresh',
        start: `${year - 3}-03-31`,
        rrule: 'FREQ=YEARLY',
        visibility: 'partners',
      },
    },
    {
      key: 'halloween',
      organisation: 'police',
      input: {
        kind: 'campaign_week',
        title: 'Halloween and bonfire night: anti-violence activity',
        description: 'Seasonal plan of anti-violence and anti-social behaviour activity.',
        start: `${year - 3}-10-28`,
        end: `${year - 3}-11-05`,
        rrule: 'FREQ=YEARLY',
        themes: ['N1', 'N2'],
        visibility: 'public',
      },
    },
    {
      key: 'hcaw-next',
      organisation: 'council',
      input: {
        kind: 'campaign_week',
        title: nextWeekPublished ? 'National Hate Crime Awareness Week' : 'National Hate Crime Awareness Week (planning draft)',
        ...(nextWeekPublished
          ? {
              description:
                'A week to raise awareness of hate crime, encourage reporting and support victims. Partners run events across the city.',
            }
          : {}),
        start: d.hcawNext.start,
        end: d.hcawNext.end,
        themes: nextWeekPublished ? ['C2', 'C1'] : ['C2'],
        visibility: 'public',
        status: nextWeekPublished ? 'published' : 'draft',
      },
    },
  ];
}

/** True when the database holds no calendar yet (the demo is loaded only then). */
export async function isEmpty(store: Store): Promise<boolean> {
  const row = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const orgs = await store.db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0 && Number(orgs.n) === 0;
}

/** Loads the demo calendar, placed around `ctx.now` (see demoYear), in one atomic batch. Returns counts for the CLI to report. */
export async function seedDemo(store: Store, ctx: WriteContext): Promise<{ organisations: number; groups: number; events: number }> {
  const year = demoYear(ctx.now);
  const EVENTS = demoEvents(year, utcIso(ctx.now) > `${addDays(demoDates(year).hcaw.end, 1)}T00:00:00Z`);
  const statements: CompiledQuery[] = [];
  const orgIds = {} as Record<OrgKey, string>;
  for (const [key, fields] of Object.entries(ORGANISATIONS) as [OrgKey, OrganisationFields][]) {
    const { id, statements: s } = insertOrganisationStatements(store, fields, ctx);
    orgIds[key] = id;
    statements.push(...s);
  }
  // One id per address, so a person in two groups is one person (the meeting record refers to them).
  const people = new Map<string, string>();
  const personId = (email: string) => people.get(email) ?? (people.set(email, newId()), people.get(email)!);
  const groupIds = {} as Record<GroupKey, string>;
  for (const [key, { organisation, ...fields }] of Object.entries(GROUPS) as [GroupKey, (typeof GROUPS)[GroupKey]][]) {
    const { id, statements: s } = insertGroupStatements(store, { ...fields, organisationId: orgIds[organisation] }, ctx);
    groupIds[key] = id;
    statements.push(...s);
    for (const m of MEMBERS[key]) {
      statements.push(
        ...upsertMemberStatements(
          store,
          id,
          {
            email: m.email,
            role: m.role,
            capacity: m.capacity,
            displayName: null,
            organisationId: m.organisation ? orgIds[m.organisation] : null,
          },
          ctx,
          personId(m.email),
        ),
      );
    }
  }
  const eventIds: Record<string, string> = {};
  const built: Record<string, CalendarEvent> = {};
  for (const demo of EVENTS) {
    const input = {
      ...demo.input,
      organisationId: demo.organisation ? orgIds[demo.organisation] : null,
      groupId: demo.group ? groupIds[demo.group] : null,
      parentId: demo.parent ? eventIds[demo.parent] : null,
    };
    const result = validateEventInput(input);
    if (!result.ok) throw new Error(`demo event ${demo.key} is invalid: ${JSON.stringify(result.errors)}`);
    const id = newId();
    const asEvent: CalendarEvent = {
      ...result.value,
      id,
      exceptions: [],
      sequence: 0,
      createdAt: stamp(ctx.now),
      updatedAt: stamp(ctx.now),
      cancelledAt: null,
    };
    const exceptions = (demo.exceptions ?? []).map((ex) => {
      const exception = validateExceptionInput(asEvent, ex.recurrenceId, ex.input);
      if (!exception.ok) throw new Error(`demo exception on ${demo.key} is invalid: ${JSON.stringify(exception.errors)}`);
      return exception.value;
    });
    statements.push(...insertEventStatements(store, result.value, ctx, id, exceptions).statements);
    eventIds[demo.key] = id;
    built[demo.key] = { ...asEvent, exceptions: exceptions.map((e) => ({ ...e, updatedAt: stamp(ctx.now) })) };
  }
  statements.push(...demoMeetingStatements(store, built['board-quarterly']!, personId, ctx));
  await store.batch(statements);
  return { organisations: Object.keys(orgIds).length, groups: Object.keys(groupIds).length, events: EVENTS.length };
}
