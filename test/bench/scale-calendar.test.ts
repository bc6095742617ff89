/**
 * The scaling benchmark's calendar generator (bench/support/generate-calendar.ts), run at a tiny
 * size: the calendar it makes must keep the mix the benchmark promises, or the benchmark's figures
 * stop meaning what its README says. Not a benchmark itself: nothing here is timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCalendar, type CalendarManifest } from '../../bench/support/generate-calendar.js';
import { findEvents, getEvent } from '../../src/db/events.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { occurrencesInWindow } from '../../src/domain/occurrences.js';
import { ORGANISER } from '../../src/domain/visibility.js';
import { occurrencesIn } from '../../src/occurrences/index.js';
import { maintainIndex } from '../../src/occurrences/maintain.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from '../../src/runtime/sqlite.js';

const ANCHOR = new Date('2026-11-01T00:00:00Z');
const EVENTS = 600;

describe('the scaling benchmark’s generated calendar', () => {
  let dir: string;
  let handle: SqliteHandle;
  let manifest: CalendarManifest;
  let events: CalendarEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safercal-scale-calendar-'));
    handle = openSqlite(join(dir, 'calendar.sqlite'));
    migrateSqlite(handle.sqlite);
    manifest = await generateCalendar(handle.store, { events: EVENTS, members: 300, groups: 10, subscribers: 20, anchor: ANCHOR });
    events = await findEvents(handle.store, {}, ORGANISER);
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has 40% timed one-offs, 25% all-day events and 35% recurring series', () => {
    expect(events).toHaveLength(EVENTS);
    const series = events.filter((e) => e.rrule);
    const allDay = events.filter((e) => !e.rrule && e.when.allDay);
    const timed = events.filter((e) => !e.rrule && !e.when.allDay);
    expect(timed.length / EVENTS).toBeCloseTo(0.4, 2);
    expect(allDay.length / EVENTS).toBeCloseTo(0.25, 2);
    expect(series.length / EVENTS).toBeCloseTo(0.35, 2);
    expect(manifest.mix).toMatchObject({ timedOneOff: timed.length, allDayOneOff: allDay.length, recurring: series.length });
  });

  it('has campaign weeks of several days with partner activities inside them, and deadlines', () => {
    const campaigns = events.filter((e) => e.kind === 'campaign_week' && !e.rrule);
    expect(campaigns.every((e) => e.when.allDay && e.when.endDate > e.when.startDate)).toBe(true);
    const byId = new Map(events.map((e) => [e.id, e]));
    const children = events.filter((e) => e.parentId);
    expect(children.length).toBeGreaterThan(EVENTS * 0.05);
    for (const child of children) {
      const parent = byId.get(child.parentId!)!;
      expect(parent.kind).toBe('campaign_week');
      const day = DateTime.fromISO((child.when as { startsAt: string }).startsAt, { zone: 'Europe/London' }).toISODate()!;
      expect(parent.when.allDay && day >= parent.when.startDate && day <= parent.when.endDate).toBe(true);
    }
    expect(events.some((e) => e.kind === 'deadline' && !e.rrule)).toBe(true);
  });

  it('has series of every shape: over ten years old and endless, long ended, ended by COUNT or UNTIL, with moved and cancelled dates', () => {
    const series = events.filter((e) => e.rrule);
    const anchor = DateTime.fromJSDate(ANCHOR);
    const startOf = (e: CalendarEvent) => (e.when.allDay ? e.when.startDate : e.when.startsAt);
    const old = series.filter((e) => startOf(e) < anchor.minus({ years: 10 }).toISODate()!);
    expect(old.some((e) => !/COUNT|UNTIL/.test(e.rrule!))).toBe(true);
    expect(series.some((e) => /COUNT=/.test(e.rrule!))).toBe(true);
    expect(series.some((e) => /UNTIL=/.test(e.rrule!))).toBe(true);
    for (const freq of ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']) expect(series.some((e) => e.rrule!.includes(`FREQ=${freq}`))).toBe(true);
    const endedLongAgo = series.filter(
      (e) => occurrencesInWindow(e, { from: anchor.minus({ years: 1 }), to: anchor.plus({ years: 3 }) }).length === 0,
    );
    expect(endedLongAgo.length).toBeGreaterThan(series.length * 0.1);
    const exceptions = series.flatMap((e) => e.exceptions);
    expect(exceptions.some((x) => x.kind === 'moved')).toBe(true);
    expect(exceptions.some((x) => x.kind === 'cancelled')).toBe(true);
    expect(exceptions.length).toBe(manifest.mix.exceptions);
  });

  it('spreads dates from years before today to years after', () => {
    const starts = events.filter((e) => !e.rrule).map((e) => (e.when.allDay ? e.when.startDate : e.when.startsAt.slice(0, 10)));
    const anchor = DateTime.fromJSDate(ANCHOR);
    expect(starts.filter((d) => d < anchor.minus({ years: 3 }).toISODate()!).length).toBeGreaterThan(EVENTS * 0.02);
    expect(starts.filter((d) => d > anchor.plus({ years: 1 }).toISODate()!).length).toBeGreaterThan(EVENTS * 0.02);
  });

  it('tags events with themes and organisations, and shows them at every visibility', () => {
    expect(events.every((e) => e.themes.length >= 1)).toBe(true);
    expect(events.filter((e) => e.organisationId).length).toBeGreaterThan(EVENTS / 2);
    for (const v of ['public', 'partners', 'group', 'confidential']) expect(events.some((e) => e.visibility === v)).toBe(true);
  });

  it('has groups of members with example.org addresses and no names, and people subscribed to themes, kinds and the digest', async () => {
    const db = handle.store.db;
    const people = await db.selectFrom('people').select(['email', 'display_name']).execute();
    expect(people.every((p) => p.email.endsWith('@example.org') && p.display_name === null)).toBe(true);
    expect(manifest).toMatchObject({ groups: 10, members: 300 });
    const members = await db.selectFrom('group_members').select('person_id').execute();
    expect(members.length).toBe(manifest.memberships);
    const topics = (await db.selectFrom('reminder_subscriptions').select('topic').execute()).map((t) => t.topic);
    expect(topics.some((t) => t === 'digest')).toBe(true);
    expect(topics.some((t) => t.startsWith('kind:'))).toBe(true);
    expect(topics.some((t) => t.startsWith('theme:'))).toBe(true);
  });

  it('names the events the benchmark visits: a public series older than ten years, a future activity, a current meeting', async () => {
    const long = (await getEvent(handle.store, manifest.longSeriesId))!;
    expect(long.rrule).not.toMatch(/COUNT|UNTIL/);
    expect(long.visibility).toBe('public');
    expect((long.when as { startsAt: string }).startsAt < '2016-11-01').toBe(true);
    const edit = (await getEvent(handle.store, manifest.editEventId))!;
    expect(edit).toMatchObject({ kind: 'activity', visibility: 'public', status: 'published', rrule: null });
    const meeting = (await getEvent(handle.store, manifest.meetingSeriesId))!;
    expect(meeting.kind).toBe('meeting');
    expect(
      occurrencesInWindow(meeting, { from: DateTime.fromJSDate(ANCHOR), to: DateTime.fromJSDate(ANCHOR).plus({ months: 2 }) }).length,
    ).toBeGreaterThan(0);
  });
  it('is indexed as the app indexes what it writes: nothing left for index upkeep, and moved and cancelled dates read from the index', async () => {
    // As of a day in the anchor's month, when the benchmark runs.
    const report = await maintainIndex(handle.store, new Date(ANCHOR.getTime() + 10 * 86_400_000), {
      maxEvents: 10_000,
      timeBudgetMs: 60_000,
    });
    expect(report).toEqual({ indexed: 0, rolled: 0, trimmed: 0, more: false });
    const anchor = DateTime.fromJSDate(ANCHOR);
    const window = { from: anchor.minus({ years: 1 }), to: anchor.plus({ years: 1 }) };
    for (const series of events.filter((e) => e.exceptions.length)) {
      const expanded = occurrencesInWindow(series, window).map((o) => [o.recurrenceId, o.when]);
      const { items } = await occurrencesIn(handle.store, ORGANISER, window, { eventIds: [series.id] }, 5000);
      expect(items.map((d) => [d.occurrence.recurrenceId, d.occurrence.when])).toEqual(expanded);
    }
  });
});
