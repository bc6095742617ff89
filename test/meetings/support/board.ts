/**
 * The SaferMK Partnership board meeting of Thursday 18 April 2019, built through the API from its
 * minutes (shared/seeds: "Minutes of the meeting held on Thursday 18 April 2019 in the Council
 * Chamber"), with roles and example.org addresses instead of people. The minutes list a non-voting
 * chair, voting partners, observers, a co-opted parish representative without a vote, officers,
 * apologies, nine numbered items (SMK36–SMK44), an item taken with the press and public excluded
 * under Schedule 12A (domestic homicide reviews) and a resolution that a glossary of acronyms be
 * supplied (an action). The minutes have no substitute; the Fire and Rescue Service's Station
 * Commander stands in for its voting member here, as the Police and Crime Panel's minutes show
 * substitutes doing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createUser } from '../../../src/db/users.js';
import { hashPassword } from '../../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../../support/app.js';
import { TEST_COST } from '../../web/support/cost.js';
import { Session } from '../../web/support/jar.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** 18 April 2019 14:00 UK time (BST) as the series' RECURRENCE-ID. */
export const APRIL = '2019-04-18T13:00:00Z';
/** The next quarterly meeting, 18 July 2019, which approves April's minutes. */
export const JULY = '2019-07-18T13:00:00Z';

export const MEMBERS = {
  chair: { email: 'board-chair@example.org', role: 'Non-voting Chair', capacity: 'co-opted' },
  probation: { email: 'probation-partnerships@example.org', role: 'Head of Operations (North)', capacity: 'voting' },
  fire: { email: 'fire-prevention@example.org', role: 'Service Delivery Manager', capacity: 'voting' },
  police: { email: 'police-dci@example.org', role: 'Detective Chief Inspector', capacity: 'voting' },
  health: { email: 'ccg-safeguarding@example.org', role: 'Clinical Commissioning Group lead', capacity: 'voting' },
  observer: { email: 'ward-councillor@example.org', role: 'Ward Councillor (observer)', capacity: 'observer' },
  parish: { email: 'parish-rep@example.org', role: 'Representative for the Rural Parish Councils', capacity: 'co-opted' },
  cohesion: { email: 'community-cohesion@example.org', role: 'Community Cohesion Manager', capacity: 'officer' },
  clerk: { email: 'committee-manager@example.org', role: 'Committee Manager', capacity: 'officer' },
} as const;
export type MemberKey = keyof typeof MEMBERS;

export const ITEMS = [
  { title: 'Minutes', lead: 'Chair' },
  { title: 'Disclosures of interest', lead: 'Chair' },
  { title: 'SaferMK Partnership information report', lead: 'Community Cohesion Manager' },
  { title: 'Partner updates', lead: 'All' },
  { title: 'Youth justice developments', lead: 'Head of Youth and Community' },
  { title: 'Date of next meeting', lead: 'Chair' },
  { title: 'Exclusion of the public and press', lead: 'Chair' },
  {
    title: 'Domestic Homicide Reviews - update',
    lead: 'Community Cohesion Manager',
    exempt: true,
    exemptReason:
      'Paragraphs 1 and 2 of Part 1 of Schedule 12A to the Local Government Act 1972 (information relating to an individual, or revealing their identity)',
  },
  { title: 'Community trigger', lead: 'Community Cohesion Manager' },
];

export interface Board {
  t: TestApp;
  groupId: string;
  eventId: string;
  person: Record<MemberKey, string>;
  /** /api/meetings/{event}/{occurrence} of 18 April 2019 and of 18 July 2019. */
  april: string;
  july: string;
  aprilPage: string;
  julyPage: string;
  items: { id: string; title: string }[];
  /** A member of the board signed in now (a viewer account limited to the group), and an organiser. */
  member(): Promise<Session>;
  organiser(): Promise<Session>;
  upload(
    path: string,
    file: string,
    fields?: Record<string, string>,
    opts?: { name?: string; bytes?: Uint8Array<ArrayBuffer> },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export const segment = (occurrence: string) => occurrence.replace(/[-:]/g, '');

/** The board, its quarterly meetings and April's agenda (not yet published), as an organiser would set them up a week before. */
export async function buildBoard(opts: { now?: string } = {}): Promise<Board> {
  const t = await makeTestApp({ now: opts.now ?? '2019-04-08T09:00:00Z' });
  const ok = <T extends { status: number; body: any }>(res: T, status = 201) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const group = ok(
    await t.call('POST', '/api/groups', {
      slug: 'safermk-board',
      name: 'SaferMK Partnership Board',
      organiserEmail: MEMBERS.clerk.email,
      quorum: '3',
      publicAttendance: 'names',
    }),
  );
  const person = {} as Record<MemberKey, string>;
  for (const [key, m] of Object.entries(MEMBERS) as [MemberKey, (typeof MEMBERS)[MemberKey]][]) {
    person[key] = ok(await t.call('POST', `/api/groups/${group.id}/members`, m)).personId;
  }
  const event = ok(
    await t.call('POST', '/api/events', {
      kind: 'meeting',
      title: 'SaferMK Partnership Board',
      location: 'Council Chamber, Civic Offices, Milton Keynes',
      start: '2019-04-18T14:00',
      end: '2019-04-18T16:00',
      rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH',
      groupId: group.id,
      visibility: 'public',
    }),
  );
  const april = `/api/meetings/${event.id}/${segment(APRIL)}`;
  const july = `/api/meetings/${event.id}/${segment(JULY)}`;
  const items: { id: string; title: string }[] = [];
  for (const item of ITEMS) {
    const added = ok(await t.call('POST', `${april}/items`, item));
    items.push({ id: added.id, title: item.title });
  }
  const ctx = { actor: 'test', now: t.clock() };
  await createUser(
    t.handle.store,
    {
      email: MEMBERS.parish.email,
      role: 'viewer',
      passwordHash: await hashPassword('parish representative login', TEST_COST),
      groupIds: [group.id],
    },
    ctx,
  );
  await createUser(
    t.handle.store,
    {
      email: 'calendar-organiser@example.org',
      role: 'organiser',
      passwordHash: await hashPassword('organiser of the calendar', TEST_COST),
      groupIds: [],
    },
    ctx,
  );
  // Sessions end after 8 idle hours, and the tests move the clock: sign in when a page is wanted.
  const signIn = async (email: string, password: string) => {
    const session = new Session(t.app);
    expect((await session.post('/signin', { email, password })).status).toBe(303);
    return session;
  };

  return {
    t,
    groupId: group.id,
    eventId: event.id,
    person,
    april,
    july,
    aprilPage: april.replace('/api', ''),
    julyPage: july.replace('/api', ''),
    items,
    member: () => signIn(MEMBERS.parish.email, 'parish representative login'),
    organiser: () => signIn('calendar-organiser@example.org', 'organiser of the calendar'),
    async upload(path, file, fields = {}, o = {}) {
      const form = new FormData();
      const bytes = o.bytes ?? new Uint8Array(readFileSync(join(FIXTURES, file)));
      form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], o.name ?? file));
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      const res = await t.app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${t.token}` }, body: form });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body };
    },
    close: () => t.close(),
  };
}
