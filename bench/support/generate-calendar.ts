/**
 * A partnership calendar of any size for the scaling benchmark, shaped like a real one that has
 * grown for years: 40% timed one-offs (partner activities, many under a campaign week, training,
 * meetings), 25% all-day (campaign weeks of several days, deadlines), 35% recurring (groups'
 * monthly and quarterly meetings, weekly and daily series, yearly campaign weeks, quarterly
 * deadlines; some started over ten years ago and never end, some ended long ago, some end by
 * COUNT or UNTIL, some with moved or cancelled dates), spread from years back to years ahead of
 * `anchor`. Around them: organisations, ~50 groups holding 10,000 members (example.org
 * addresses, no names) and reminder subscriptions (themes, kinds, the weekly digest).
 *
 * Events go in through the API's own validation (validateEventInput, as the demo data does) and
 * the events repository's statement builder (insertEventStatements, each series with its moved and
 * cancelled dates), people through the directory's, in large Store.batch calls: so what that builder
 * also writes (the occurrence index, the reminder planning queue's triggers) is written here too.
 * Events are written as of the anchor, so their index rows cover the horizon around it. Deterministic for a given size and anchor, but for ids.
 *
 * Reminders stay proportionate at every size: only the first couple of meeting series per group
 * (and no one-off meetings) have dates after the anchor; the many other meeting series ended
 * before it. A partnership of 50 groups does not meet 300 times a month however long its history.
 */
import type { CompiledQuery } from 'kysely';
import { DateTime } from 'luxon';
import { insertGroupStatements, insertOrganisationStatements, upsertMemberStatements } from '../../src/db/directory.js';
import { insertEventStatements } from '../../src/db/events.js';
import type { Store, WriteContext } from '../../src/db/store.js';
import { createToken } from '../../src/db/tokens.js';
import { createUser } from '../../src/db/users.js';
import type { CalendarEvent, EventException, EventFields } from '../../src/domain/event.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { ORGANISATION_KINDS, THEMES, type Visibility } from '../../src/domain/kinds.js';
import { occurrencesInWindow } from '../../src/domain/occurrences.js';
import { hashPassword } from '../../src/domain/password.js';
import { subscribeEmail } from '../../src/notify/preferences.js';
import { nativeScrypt } from '../../src/runtime/native-scrypt.js';

/** Bump when the generated calendar changes, so cached databases are made again. */
export const GENERATOR_VERSION = 2;

const ZONE = 'Europe/London';
const THEME_CODES = Object.keys(THEMES);
const TAGS = ['county lines', 'knife crime', 'road safety', 'rural crime', 'loan sharks', 'cctv'];
const PLACES = [
  'Council Chamber, Civic Offices, Milton Keynes',
  'Milton Keynes College, Chaffron Way',
  'Bletchley Library',
  'Wolverton Community Centre',
  'Central Milton Keynes Police Station',
  'The Gurdwara, Kiln Farm',
  'Online (Microsoft Teams)',
  'Milton Keynes Museum, Wolverton',
  'Newport Pagnell Town Hall',
  'Fire Station, West Ashland',
];
const ACTIVITIES = [
  'Hate crime surgery',
  'Community walkabout',
  'Knife crime workshop',
  'County lines briefing for schools',
  'Loan shark awareness stall',
  'Road safety session',
  'Domestic abuse drop-in',
  'Rural crime forum',
  'Prevent awareness training',
  'Cyber scam advice session',
  'Youth diversion football',
  'Safer streets evening patrol',
];
const CAMPAIGNS = [
  'Hate Crime Awareness Week',
  'Bite Back Week of Action',
  'County Lines Intensification Week',
  'Safeguarding Adults Week',
  'Knife Crime Week of Action',
  'Scams Awareness Fortnight',
  'Anti-Social Behaviour Awareness Week',
  'Modern Slavery Awareness Week',
  'Road Safety Week',
  'White Ribbon Week',
];
const DEADLINES = [
  'Consultation closes',
  'Quarterly progress report to the board',
  'Strategic assessment refresh due',
  'Funding bids close',
  'CCTV contract renewal decision',
  'Annual report published',
];
const MEETING_NAMES = ['meeting', 'steering group', 'quarterly board', 'tasking meeting', 'forum'];
const GROUP_KINDS = [
  'Independent Advisory Group',
  'Neighbourhood Action Group',
  'Hate Crime Task and Finish Group',
  'Community Safety Partnership Board',
  'Youth Forum',
  'Rural Crime Group',
  'Domestic Abuse Forum',
  'Prevent Steering Group',
  'Business Crime Partnership',
  'Serious Violence Group',
];

/** A small deterministic random source (mulberry32), so each size is the same calendar every time. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export interface GenerateOptions {
  events: number;
  members?: number;
  groups?: number;
  /** Subscribers beyond the groups' members (themes, kinds, the digest). */
  subscribers?: number;
  /** "Today" for the calendar: dates spread from years before it to years after. */
  anchor: Date;
  /** Statements per Store.batch. */
  batchSize?: number;
  log?: (line: string) => void;
}

/** What the benchmark needs to know about the calendar it was given. */
export interface CalendarManifest {
  generatorVersion: number;
  events: number;
  anchor: string;
  /** How many events of each sort were made (the test checks the mix). */
  mix: {
    timedOneOff: number;
    allDayOneOff: number;
    recurring: number;
    campaignWeeks: number;
    activitiesInCampaigns: number;
    deadlines: number;
    endlessSeries: number;
    seriesOverTenYearsOld: number;
    seriesEnded: number;
    seriesWithCountOrUntil: number;
    exceptions: number;
    meetingSeriesWithFutureDates: number;
  };
  groups: number;
  members: number;
  memberships: number;
  subscriptions: number;
  /** A monthly meeting series, public, that began more than ten years before the anchor and never ends. */
  longSeriesId: string;
  /** A public one-off activity after the anchor, for "edit one event" measurements. */
  editEventId: string;
  /** A group's current monthly meeting series (its members get reminders of it). */
  meetingSeriesId: string;
  groupSlug: string;
  /** A word that appears in some titles, for search. */
  searchWord: string;
  organiser: { email: string; password: string };
  apiToken: string;
}

type Spec =
  | { sort: 'campaign' }
  | { sort: 'deadline' }
  | { sort: 'timed'; kind: 'activity' | 'training' | 'meeting' }
  | { sort: 'series'; shape: 'monthly-meeting' | 'monthly-activity' | 'quarterly-deadline' | 'weekly' | 'daily' | 'yearly-campaign' };

/** The statements go into the store in batches of `size` (the last one on flush). */
function batcher(store: Store, size: number) {
  let pending: CompiledQuery[] = [];
  return {
    async add(statements: CompiledQuery[]) {
      pending.push(...statements);
      if (pending.length >= size) await this.flush();
    },
    async flush() {
      if (!pending.length) return;
      const statements = pending;
      pending = [];
      await store.batch(statements);
    },
  };
}

/**
 * The `nth` (1–4) `weekday` ('MO'…'SU') of `date`'s month, at `date`'s time: a monthly BYDAY series
 * starts on one of its own dates (RFC 5545 §3.8.5.3: DTSTART is the first instance; the API insists).
 */
function nthWeekdayOfMonth(date: DateTime, nth: number, weekday: string): DateTime {
  const target = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(weekday) + 1;
  const first = date.set({ day: 1 });
  return first.plus({ days: ((target - first.weekday + 7) % 7) + 7 * (nth - 1) });
}

const localDateTime = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm");
const untilOf = (d: DateTime) => d.toFormat('yyyyMMdd');

export async function generateCalendar(store: Store, opts: GenerateOptions): Promise<CalendarManifest> {
  const log = opts.log ?? (() => {});
  const rnd = random(opts.events * 7919 + 17);
  const anchor = DateTime.fromJSDate(opts.anchor, { zone: ZONE }).startOf('day');
  const ctx: WriteContext = { actor: 'bench-generator', now: anchor.minus({ years: 12 }).toJSDate() };
  // Events are written as of the anchor: their occurrence index rows cover the horizon around it
  // (src/occurrences/rows.ts indexRange), as they would for a calendar kept by the app until today.
  const eventCtx: WriteContext = { actor: 'bench-generator', now: anchor.toJSDate() };
  const out = batcher(store, opts.batchSize ?? 2000);
  const memberTotal = opts.members ?? 10_000;
  const groupTotal = opts.groups ?? 50;

  // Directory: organisations, groups, members.
  const organisationIds: string[] = [];
  for (let i = 0; i < 30; i++) {
    const { id, statements } = insertOrganisationStatements(
      store,
      {
        name: `Partner organisation ${i + 1}`,
        kind: ORGANISATION_KINDS[i % ORGANISATION_KINDS.length]!,
        website: null,
        email: `partner-${i + 1}@example.org`,
      },
      ctx,
    );
    organisationIds.push(id);
    await out.add(statements);
  }
  const groups: { id: string; slug: string; name: string; size: number; meetsQuarterly: boolean }[] = [];
  // A tenth of the groups are large and meet quarterly; the rest are small and meet monthly.
  const large = Math.max(1, Math.round(groupTotal / 10));
  const largeSize = Math.floor((memberTotal * 0.5) / large);
  const smallSize = Math.floor((memberTotal - largeSize * large) / Math.max(1, groupTotal - large));
  for (let i = 0; i < groupTotal; i++) {
    const name = `${GROUP_KINDS[i % GROUP_KINDS.length]} ${Math.floor(i / GROUP_KINDS.length) + 1}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const { id, statements } = insertGroupStatements(
      store,
      {
        slug,
        name,
        description: `${name}: members from partner organisations and the community.`,
        organisationId: rnd.pick(organisationIds),
        organiserEmail: `${slug}-organiser@example.org`,
        quorum: '1/3',
        publicAttendance: 'capacities',
      },
      ctx,
    );
    const last = i === groupTotal - 1;
    const size = i < large ? largeSize : last ? memberTotal - largeSize * large - smallSize * (groupTotal - large - 1) : smallSize;
    groups.push({ id, slug, name, size, meetsQuarterly: i < large });
    await out.add(statements);
  }
  let person = 0;
  let memberships = 0;
  for (const group of groups) {
    for (let k = 0; k < group.size && person < memberTotal; k++) {
      person++;
      const email = `member-${String(person).padStart(5, '0')}@example.org`;
      const organisationId = rnd.chance(0.6) ? rnd.pick(organisationIds) : null;
      await out.add(
        upsertMemberStatements(store, group.id, { email, role: 'Member', capacity: 'voting', displayName: null, organisationId }, ctx),
      );
      memberships++;
      // One member in eight also sits on a second group.
      if (rnd.chance(0.125)) {
        const other = rnd.pick(groups);
        if (other.id !== group.id) {
          await out.add(
            upsertMemberStatements(
              store,
              other.id,
              { email, role: 'Co-opted member', capacity: 'co-opted', displayName: null, organisationId },
              ctx,
            ),
          );
          memberships++;
        }
      }
    }
  }
  await out.flush();
  log(`  directory: ${organisationIds.length} organisations, ${groups.length} groups, ${person} members (${memberships} memberships)`);

  // The mix, in a deterministic shuffled order; campaign weeks first so activities can sit under them.
  const specs: Spec[] = [];
  const n = opts.events;
  const timed = Math.round(n * 0.4);
  const allDay = Math.round(n * 0.25);
  const recurring = n - timed - allDay;
  for (let i = 0; i < allDay; i++) specs.push(i % 5 < 3 ? { sort: 'campaign' } : { sort: 'deadline' });
  for (let i = 0; i < timed; i++) {
    const r = i % 20;
    specs.push({ sort: 'timed', kind: r < 13 ? 'activity' : r < 17 ? 'training' : 'meeting' });
  }
  const shapes = [
    ['monthly-meeting', 30],
    ['monthly-activity', 15],
    ['quarterly-deadline', 7],
    ['weekly', 28],
    ['daily', 5],
    ['yearly-campaign', 15],
  ] as const;
  for (let i = 0; i < recurring; i++) {
    let r = i % 100;
    const shape = shapes.find(([, share]) => (r -= share) < 0)![0];
    specs.push({ sort: 'series', shape });
  }
  for (let i = specs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [specs[i], specs[j]] = [specs[j]!, specs[i]!];
  }
  specs.sort((a, b) => Number(b.sort === 'campaign') - Number(a.sort === 'campaign'));

  const mix: CalendarManifest['mix'] = {
    timedOneOff: 0,
    allDayOneOff: 0,
    recurring: 0,
    campaignWeeks: 0,
    activitiesInCampaigns: 0,
    deadlines: 0,
    endlessSeries: 0,
    seriesOverTenYearsOld: 0,
    seriesEnded: 0,
    seriesWithCountOrUntil: 0,
    exceptions: 0,
    meetingSeriesWithFutureDates: 0,
  };
  const campaigns: { id: string; start: DateTime; days: number; visibility: Visibility }[] = [];
  const currentMeetings = new Map<string, number>();
  let longSeriesId = '';
  let editEventId = '';
  let meetingSeriesId = '';

  /** A day from `yearsBack` years before the anchor to `yearsAhead` after, weighted towards now. */
  const someDay = (yearsBack: number, yearsAhead: number) => {
    const span = (yearsBack + yearsAhead) * 365;
    const u = rnd.chance(0.5) ? rnd.next() : (rnd.next() + rnd.next() + rnd.next()) / 3;
    return anchor.plus({ days: Math.round(u * span - yearsBack * 365) });
  };
  const common = () => {
    const themes = [rnd.pick(THEME_CODES)];
    if (rnd.chance(0.3)) themes.push(rnd.pick(THEME_CODES));
    if (rnd.chance(0.15)) themes.push(rnd.pick(TAGS));
    const visibilityRoll = rnd.next();
    const visibility: Visibility =
      visibilityRoll < 0.7 ? 'public' : visibilityRoll < 0.85 ? 'partners' : visibilityRoll < 0.95 ? 'group' : 'confidential';
    return {
      themes: [...new Set(themes)],
      visibility,
      groupId: visibility === 'group' ? rnd.pick(groups).id : null,
      status: rnd.chance(0.06) ? 'draft' : 'published',
      organisationId: rnd.chance(0.75) ? rnd.pick(organisationIds) : null,
      location: rnd.pick(PLACES),
      links: rnd.chance(0.3) ? [{ title: 'Agenda and papers', url: `https://example.org/papers/${rnd.int(1, 99999)}.pdf` }] : [],
    };
  };
  const describe = (title: string) =>
    `${title}. Organised with partners across the city. Contact the community safety team at community-safety@example.org for access needs, large print or another language.`;

  const write = async (input: Record<string, unknown>, seriesExceptions = false): Promise<{ id: string; fields: EventFields }> => {
    const checked = validateEventInput(input);
    if (!checked.ok)
      throw new Error(`the generator made an event the API refuses: ${JSON.stringify(checked.errors)} in ${JSON.stringify(input)}`);
    const fields = checked.value;
    const exceptions = seriesExceptions && fields.rrule && rnd.chance(0.15) ? exceptionsOf(fields) : [];
    // One insert with its moved and cancelled dates, so the index rows it writes include them.
    const { id, statements } = insertEventStatements(store, fields, eventCtx, undefined, exceptions);
    await out.add(statements);
    return { id, fields };
  };

  /** One to three dates of a series, within a year either side of the anchor, moved or cancelled. */
  const exceptionsOf = (fields: EventFields): Omit<EventException, 'updatedAt'>[] => {
    const event: CalendarEvent = { ...fields, id: 'draft', exceptions: [], sequence: 0, createdAt: '', updatedAt: '', cancelledAt: null };
    const dates = occurrencesInWindow(event, { from: anchor.minus({ years: 1 }), to: anchor.plus({ years: 1 }) });
    const chosen = new Set<number>();
    for (let k = rnd.int(1, 3); k > 0 && dates.length; k--) chosen.add(rnd.int(0, dates.length - 1));
    const out: Omit<EventException, 'updatedAt'>[] = [];
    for (const index of chosen) {
      const occurrence = dates[index]!;
      const moved = rnd.chance(0.5);
      const when = occurrence.when;
      const shifted = when.allDay
        ? when
        : {
            allDay: false as const,
            startsAt: DateTime.fromISO(when.startsAt).plus({ days: 1 }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            endsAt: DateTime.fromISO(when.endsAt).plus({ days: 1 }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'"),
          };
      out.push(
        moved
          ? {
              recurrenceId: occurrence.recurrenceId!,
              kind: 'moved',
              when: shifted,
              location: rnd.pick(PLACES),
              note: 'Moved: the room was not free.',
            }
          : { recurrenceId: occurrence.recurrenceId!, kind: 'cancelled', when: null, location: null, note: 'Cancelled this time.' },
      );
      mix.exceptions++;
    }
    return out;
  };

  let done = 0;
  for (const spec of specs) {
    if (++done % 10_000 === 0) log(`  events: ${done} of ${n}`);
    const c = common();
    if (spec.sort === 'campaign') {
      const start = someDay(6, 3);
      const days = rnd.int(3, 14);
      const title = `${rnd.pick(CAMPAIGNS)} ${start.year}`;
      const { id } = await write({
        kind: 'campaign_week',
        title,
        description: describe(title),
        start: start.toISODate(),
        end: start.plus({ days: days - 1 }).toISODate(),
        ...c,
      });
      campaigns.push({ id, start, days, visibility: c.visibility });
      mix.allDayOneOff++;
      mix.campaignWeeks++;
    } else if (spec.sort === 'deadline') {
      const day = someDay(6, 3);
      const title = rnd.pick(DEADLINES);
      await write({ kind: 'deadline', title, description: describe(title), start: day.toISODate(), ...c });
      mix.allDayOneOff++;
      mix.deadlines++;
    } else if (spec.sort === 'timed') {
      const campaign = spec.kind === 'activity' && campaigns.length && rnd.chance(0.5) ? rnd.pick(campaigns) : null;
      let day = campaign ? campaign.start.plus({ days: rnd.int(0, campaign.days - 1) }) : someDay(6, 3);
      let groupId = c.groupId;
      if (spec.kind === 'meeting') {
        // One-off meetings are history: a group's future meetings are its series.
        groupId = rnd.pick(groups).id;
        if (day > anchor) day = anchor.minus({ days: rnd.int(1, 6 * 365) });
      }
      // The event the benchmark edits: a public activity a few weeks ahead.
      const forEditing = !editEventId && spec.kind === 'activity' && !campaign;
      if (forEditing) {
        day = anchor.plus({ days: rnd.int(14, 60) });
        Object.assign(c, { visibility: 'public', status: 'published', groupId: null });
      }
      const start = day.set({ hour: rnd.int(9, 19), minute: rnd.pick([0, 15, 30]) });
      const title =
        spec.kind === 'meeting' ? `${groups.find((g) => g.id === groupId)!.name} ${rnd.pick(MEETING_NAMES)}` : rnd.pick(ACTIVITIES);
      const { id } = await write({
        ...c,
        kind: spec.kind,
        title,
        description: describe(title),
        start: localDateTime(start),
        end: localDateTime(start.plus({ minutes: rnd.pick([60, 90, 120, 180]) })),
        groupId,
        parentId: campaign?.id ?? null,
      });
      if (campaign) mix.activitiesInCampaigns++;
      mix.timedOneOff++;
      if (forEditing) editEventId = id;
    } else {
      mix.recurring++;
      const input = seriesInput(spec.shape, c);
      const { id } = await write(input.fields, true);
      if (input.endless) mix.endlessSeries++;
      if (input.ended) mix.seriesEnded++;
      if (input.bounded) mix.seriesWithCountOrUntil++;
      if (input.start < anchor.minus({ years: 10 })) mix.seriesOverTenYearsOld++;
      if (input.current) mix.meetingSeriesWithFutureDates++;
      if (input.role === 'long') longSeriesId = id;
      if (input.role === 'meeting') meetingSeriesId = id;
    }
  }

  /** The fields of one series of a given shape, and what sort of series it is. */
  function seriesInput(shape: Extract<Spec, { sort: 'series' }>['shape'], c: ReturnType<typeof common>) {
    // At least two months: a series whose UNTIL falls before its second date is refused by the API.
    const ends = (start: DateTime, minYears: number, maxYears: number) =>
      start.plus({ days: rnd.int(Math.max(62, minYears * 365), maxYears * 365) });
    let start: DateTime;
    let rrule: string;
    let endless = false;
    let bounded = true;
    let ended = false;
    let current = false;
    let role: 'long' | 'meeting' | null = null;
    const fields: Record<string, unknown> = { ...c };
    if (shape === 'monthly-meeting') {
      // The first series of each group (two for small groups) are its current meetings; the rest are history.
      const group = rnd.pick(groups);
      const held = currentMeetings.get(group.id) ?? 0;
      current = held < (group.meetsQuarterly ? 1 : 2);
      if (current) {
        currentMeetings.set(group.id, held + 1);
        start = (
          held === 0 && rnd.chance(0.6) ? anchor.minus({ years: rnd.int(10, 14) }) : anchor.minus({ days: rnd.int(30, 6 * 365) })
        ).set({ hour: 18 });
        endless = rnd.chance(0.7);
        // The benchmark's long-running series (an event page) and the meeting it edits (a re-plan).
        if (!longSeriesId && role === null && !group.meetsQuarterly) {
          role = 'long';
          start = anchor.minus({ years: 12 }).set({ hour: 18 });
          endless = true;
          Object.assign(fields, { visibility: 'public', status: 'published' });
        } else if (!meetingSeriesId && !group.meetsQuarterly) {
          role = 'meeting';
          endless = true;
          Object.assign(fields, { visibility: 'partners', status: 'published' });
        }
        bounded = !endless;
        const until = endless ? '' : `;UNTIL=${untilOf(anchor.plus({ days: rnd.int(60, 3 * 365) }))}`;
        const [nth, day] = [rnd.int(1, 4), rnd.pick(['MO', 'TU', 'WE', 'TH'])];
        start = nthWeekdayOfMonth(start, nth, day);
        rrule = `${group.meetsQuarterly ? 'FREQ=MONTHLY;INTERVAL=3' : 'FREQ=MONTHLY'};BYDAY=${nth}${day}${until}`;
        if (fields.visibility === 'confidential') fields.visibility = 'partners';
      } else {
        const [nth, day] = [rnd.int(1, 4), rnd.pick(['MO', 'TU', 'WE', 'TH', 'FR'])];
        start = nthWeekdayOfMonth(anchor.minus({ days: rnd.int(2 * 365, 14 * 365) }).set({ hour: rnd.pick([10, 14, 18]) }), nth, day);
        const until = DateTime.min(ends(start, 1, 5), anchor.minus({ days: 30 }));
        rrule = `FREQ=MONTHLY;BYDAY=${nth}${day};UNTIL=${untilOf(until)}`;
        ended = true;
      }
      Object.assign(fields, {
        kind: 'meeting',
        title: `${group.name} ${rnd.pick(MEETING_NAMES)}`,
        groupId: group.id,
        start: localDateTime(start),
        end: localDateTime(start.plus({ hours: 2 })),
      });
    } else if (shape === 'yearly-campaign') {
      start = anchor.minus({ years: rnd.int(2, 16) }).set({ month: rnd.int(1, 12), day: rnd.int(1, 20) });
      endless = rnd.chance(0.8);
      bounded = !endless;
      const title = rnd.pick(CAMPAIGNS);
      rrule = endless ? 'FREQ=YEARLY' : `FREQ=YEARLY;COUNT=${rnd.int(2, 8)}`;
      if (!endless) ended = start.plus({ years: 8 }) < anchor;
      Object.assign(fields, { kind: 'campaign_week', title, start: start.toISODate(), end: start.plus({ days: 6 }).toISODate() });
    } else if (shape === 'quarterly-deadline') {
      start = someDay(8, 1);
      endless = rnd.chance(0.5);
      bounded = !endless;
      const until = ends(start, 1, 4);
      rrule = endless ? 'FREQ=MONTHLY;INTERVAL=3' : `FREQ=MONTHLY;INTERVAL=3;UNTIL=${untilOf(until)}`;
      ended = !endless && until < anchor;
      Object.assign(fields, { kind: 'deadline', title: rnd.pick(DEADLINES), start: start.toISODate() });
    } else {
      // Partner activities and training: weekly or fortnightly sessions, short daily courses, monthly surgeries.
      start = someDay(6, 2).set({ hour: rnd.int(9, 19), minute: rnd.pick([0, 30]) });
      const roll = rnd.next();
      if (shape === 'daily') {
        rrule = `FREQ=DAILY;COUNT=${rnd.int(2, 5)}`;
      } else if (roll < 0.15 && shape === 'weekly') {
        rrule = `FREQ=WEEKLY;INTERVAL=${rnd.int(1, 2)}`;
        endless = true;
        bounded = false;
      } else if (roll < 0.35 && shape === 'monthly-activity') {
        rrule = 'FREQ=MONTHLY';
        endless = true;
        bounded = false;
      } else if (roll < 0.6) {
        const until = ends(start, 0, 2);
        rrule = `FREQ=${shape === 'weekly' ? 'WEEKLY' : 'MONTHLY'};UNTIL=${untilOf(until)}`;
        ended = until < anchor;
      } else {
        const count = rnd.int(4, 26);
        rrule = `FREQ=${shape === 'weekly' ? 'WEEKLY' : 'MONTHLY'};COUNT=${count}`;
        ended = start.plus(shape === 'weekly' ? { weeks: count } : { months: count }) < anchor;
      }
      const title = `${rnd.pick(ACTIVITIES)} (${shape === 'daily' ? 'course' : shape === 'weekly' ? 'weekly' : 'monthly'})`;
      Object.assign(fields, {
        kind: shape === 'daily' ? 'training' : 'activity',
        title,
        start: localDateTime(start),
        end: localDateTime(start.plus({ minutes: rnd.pick([60, 90, 120]) })),
      });
    }
    fields.rrule = rrule;
    fields.description = describe(String(fields.title));
    return { fields, start, endless, bounded, ended, current, role };
  }

  await out.flush();

  // People who follow themes or kinds, or read the weekly digest, beyond the groups' members.
  const subscribers = opts.subscribers ?? 200;
  const iso = ctx.now.toISOString();
  let subscriptions = 0;
  for (let i = 0; i < subscribers; i++) {
    const email =
      i % 2 ? `member-${String(rnd.int(1, person)).padStart(5, '0')}@example.org` : `follower-${String(i).padStart(4, '0')}@example.org`;
    const topic =
      i % 4 === 0
        ? 'digest'
        : i % 4 === 1
          ? `kind:${rnd.pick(['campaign_week', 'training', 'deadline'])}`
          : `theme:${rnd.pick(THEME_CODES)}`;
    await subscribeEmail(store, email, [topic], null, iso);
    subscriptions++;
  }

  const organiser = { email: 'bench-organiser@example.org', password: 'partnership organiser bench' };
  await createUser(
    store,
    {
      email: organiser.email,
      role: 'organiser',
      passwordHash: await hashPassword(organiser.password, undefined, nativeScrypt),
      groupIds: [],
    },
    ctx,
  );
  const { token } = await createToken(store, 'scaling benchmark', 'organiser', ctx);
  if (!longSeriesId || !editEventId || !meetingSeriesId)
    throw new Error('the calendar is too small to have a long-running series, a future activity and a current meeting');
  return {
    generatorVersion: GENERATOR_VERSION,
    events: n,
    anchor: anchor.toISODate()!,
    mix,
    groups: groups.length,
    members: person,
    memberships,
    subscriptions,
    longSeriesId,
    editEventId,
    meetingSeriesId,
    groupSlug: groups[groups.length - 1]!.slug,
    searchWord: 'knife',
    organiser,
    apiToken: token,
  };
}
