/**
 * The index keeps up with time: as the months pass, the scheduler's upkeep extends an endless
 * series' rows so they always reach five years ahead, drops rows more than two years old,
 * re-indexes events written under older rules, and never overwrites an edit made meanwhile.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, getEvent, updateEvent } from '../../src/db/events.js';
import { eventFields } from '../../src/domain/event.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { occurrencesInWindow } from '../../src/domain/occurrences.js';
import { ORGANISER } from '../../src/domain/visibility.js';
import { indexEventStatements, occurrencesIn } from '../../src/occurrences/index.js';
import { maintainIndex } from '../../src/occurrences/maintain.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from '../../src/runtime/sqlite.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the occurrence index as time passes', () => {
  let dir: string;
  let handle: SqliteHandle;
  let seriesId: string;
  const span = () =>
    handle.sqlite
      .prepare(`select min(start_at) as first, max(start_at) as last from event_occurrences where event_id = ?`)
      .get(seriesId) as { first: string; last: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safercal-horizon-'));
    handle = openSqlite(join(dir, 'horizon.sqlite'));
    migrateSqlite(handle.sqlite);
    const input = validateEventInput({
      kind: 'training',
      title: 'Weekly surgery',
      start: '2022-01-10T18:00',
      end: '2022-01-10T19:00',
      rrule: 'FREQ=WEEKLY',
      visibility: 'public',
    });
    if (!input.ok) throw new Error(JSON.stringify(input.errors));
    seriesId = (await createEvent(handle.store, input.value, { actor: 'test', now: new Date('2022-01-10T09:00:00Z') })).id;
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes an endless series five years and sixty days ahead of the day it is written', () => {
    expect(span()).toMatchObject({ first: '2022-01-10T18:00:00Z' });
    expect(span().last.slice(0, 10)).toBe('2027-03-08');
  });

  it('does nothing while the rows still reach five years ahead', async () => {
    expect(await maintainIndex(handle.store, new Date('2022-02-01T09:00:00Z'))).toEqual({ indexed: 0, rolled: 0, trimmed: 0, more: false });
  });

  it('adds the next stretch once they reach less than five years ahead, and then answers far windows from rows', async () => {
    const later = new Date('2022-06-01T09:00:00Z');
    expect(await maintainIndex(handle.store, later)).toMatchObject({ rolled: 1 });
    expect(span().last.slice(0, 10)).toBe('2027-07-26');
    const window = {
      from: DateTime.fromISO('2027-07-01', { zone: 'Europe/London' }),
      to: DateTime.fromISO('2027-08-01', { zone: 'Europe/London' }),
    };
    const { indexed_until } = handle.sqlite.prepare('select indexed_until from events where id = ?').get(seriesId) as {
      indexed_until: string;
    };
    expect(indexed_until.slice(0, 10)).toBe('2027-07-30');
    const event = (await getEvent(handle.store, seriesId))!;
    const { items } = await occurrencesIn(handle.store, ORGANISER, window);
    expect(items.map((d) => d.occurrence.when)).toEqual(occurrencesInWindow(event, window).map((o) => o.when));
    expect(items).toHaveLength(4);
  });

  it('drops rows more than two years old', async () => {
    const muchLater = new Date('2025-03-01T09:00:00Z');
    const report = await maintainIndex(handle.store, muchLater);
    expect(report.trimmed).toBe(1);
    expect(span().first >= '2023-03-01').toBe(true);
    expect(span().first < '2023-03-08').toBe(true);
  });

  it('re-indexes an event whose rows were written under older rules', async () => {
    handle.sqlite.prepare('update events set index_version = 0 where id = ?').run(seriesId);
    expect(await maintainIndex(handle.store, new Date('2025-03-01T09:00:00Z'))).toMatchObject({ indexed: 1 });
    expect(
      (handle.sqlite.prepare('select index_version from events where id = ?').get(seriesId) as { index_version: number }).index_version,
    ).toBe(1);
  });

  it('never lets upkeep computed from an older version of the event overwrite a newer edit', async () => {
    const before = (await getEvent(handle.store, seriesId))!;
    const now = new Date('2025-03-01T09:00:00Z');
    // The scheduler read the event, then an organiser moved the series to Tuesdays…
    const stale = indexEventStatements(handle.store, before, now, { guardSequence: before.sequence });
    const moved = validateEventInput({
      ...eventFieldsInput(before),
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      start: '2022-01-11T18:00',
      end: '2022-01-11T19:00',
    });
    if (!moved.ok) throw new Error(JSON.stringify(moved.errors));
    await updateEvent(handle.store, before, { ...eventFields(before), ...moved.value }, { actor: 'test', now });
    // …and only then did the scheduler write what it had computed.
    await handle.store.batch(stale);
    const weekdays = handle.sqlite
      .prepare(`select distinct strftime('%w', start_at) as d from event_occurrences where event_id = ? and start_at > '2025-01-01'`)
      .all(seriesId) as { d: string }[];
    expect(weekdays.map((w) => w.d)).toEqual(['2']);
  });
});

function eventFieldsInput(e: { kind: string; title: string; visibility: string }) {
  return { kind: e.kind, title: e.title, visibility: e.visibility };
}
