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

const EVENTS: DemoEvent[] = [
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
      start: '2022-09-21T18:00',
      end: '2022-09-21T20:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
      themes: ['C1', 'C2'],
      visibility: 'partners',
    },
    exceptions: [
      { recurrenceId: '2022-09-21T18:00', input: { location: 'Gurdwara, Kiln Farm, Milton Keynes' } },
      {
        recurrenceId: '2022-10-19T18:00',
        input: { start: '2022-10-26T18:00', location: 'Milton Keynes College', note: 'Moved a week later to meet at the college.' },
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
      start: '2019-04-18T14:00',
      end: '2019-04-18T16:00',
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
      start: '2019-07-18T16:15',
      end: '2019-07-18T17:00',
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
      location: 'The Paralympic Room, Buckinghamshire Council, Gatehouse Road, Aylesbury',
      start: '2023-09-15T11:00',
      end: '2023-09-15T13:00',
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
      location: 'The Paralympic Room, Buckinghamshire Council, Gatehouse Road, Aylesbury',
      start: '2023-11-03T11:00',
      end: '2023-11-03T13:15',
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
      start: '2022-09-06T10:00',
      end: '2022-09-06T11:00',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4',
      themes: ['C2'],
      visibility: 'group',
    },
  },
  {
    key: 'hcaw-2022',
    organisation: 'council',
    input: {
      kind: 'campaign_week',
      title: 'National Hate Crime Awareness Week',
      description: 'A week to raise awareness of hate crime, encourage reporting and support victims. Partners run events across the city.',
      start: '2022-10-08',
      end: '2022-10-15',
      themes: ['C2', 'C1'],
      visibility: 'public',
    },
  },
  {
    key: 'hcaw-women',
    parent: 'hcaw-2022',
    organisation: 'council',
    input: {
      kind: 'activity',
      title: 'Women’s experience of hate crime',
      description: 'An open event: everyone is welcome to attend and share.',
      location: CIVIC,
      start: '2022-10-10',
      themes: ['C2'],
      visibility: 'public',
    },
  },
  {
    key: 'hcaw-college',
    parent: 'hcaw-2022',
    organisation: 'police',
    input: {
      kind: 'activity',
      title: 'Officers at the college: recognising and reporting hate crime',
      description:
        'Police community and diversity officers talk to students about the poster project designed by the digital media department.',
      location: 'Milton Keynes College',
      start: '2022-10-12',
      themes: ['C2'],
      visibility: 'public',
    },
  },
  {
    key: 'bhm-2022',
    organisation: 'council',
    input: {
      kind: 'campaign_week',
      title: 'Black History Month',
      start: '2022-10-01',
      end: '2022-10-31',
      themes: ['C1'],
      visibility: 'public',
    },
  },
  {
    key: 'bhm-exhibition',
    parent: 'bhm-2022',
    organisation: 'museum',
    input: {
      kind: 'activity',
      title: 'Somali heritage exhibition',
      location: 'Milton Keynes Museum',
      start: '2022-09-29',
      end: '2022-10-31',
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
      start: '2019-08-05',
      end: '2019-08-09',
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
      start: '2023-10-09',
      end: '2023-10-15',
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
      start: '2019-06-13',
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
      start: '2019-07-12',
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
      start: '2019-09-11',
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
      start: '2019-08-31',
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
      start: '2023-12-31',
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
      start: '2019-07-04',
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
      start: '2019-03-31',
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
      start: '2019-10-28',
      end: '2019-11-05',
      rrule: 'FREQ=YEARLY',
      themes: ['N1', 'N2'],
      visibility: 'public',
    },
  },
  {
    key: 'hcaw-2023-draft',
    organisation: 'council',
    input: {
      kind: 'campaign_week',
      title: 'National Hate Crime Awareness Week (planning draft)',
      start: '2023-10-14',
      end: '2023-10-21',
      themes: ['C2'],
      visibility: 'public',
      status: 'draft',
    },
  },
];

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

/** Loads the demo calendar in one atomic batch. Returns counts for the CLI to report. */
export async function seedDemo(store: Store, ctx: WriteContext): Promise<{ organisations: number; groups: number; events: number }> {
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
