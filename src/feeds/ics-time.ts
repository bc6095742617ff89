/**
 * @module Date and time values as iCalendar writes them. Everything is computed from UTC
 * instants and the event's zone explicitly (never the server's TZ), so a feed is byte-identical
 * under TZ=UTC and TZ=America/New_York. Zone offsets are cached per quarter hour: a 10,000-event
 * feed asks Intl for a few hundred offsets instead of tens of thousands.
 */
import { IANAZone } from 'luxon';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function stampOf(d: Date): string {
  return (
    pad4(d.getUTCFullYear()) +
    pad2(d.getUTCMonth() + 1) +
    pad2(d.getUTCDate()) +
    'T' +
    pad2(d.getUTCHours()) +
    pad2(d.getUTCMinutes()) +
    pad2(d.getUTCSeconds())
  );
}

function instantMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${iso}`);
  return ms;
}

/** '2022-09-21T17:00:00.000Z' → '20220921T170000Z' (DTSTAMP, LAST-MODIFIED, UNTIL are always UTC). */
export function utcStamp(iso: string): string {
  // Fast path for the stored form ('2022-09-21T17:00:00Z' or with milliseconds): slice, no Date.
  if (iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 90 /* Z */ && iso[4] === '-' && iso[10] === 'T' && iso[19] !== ':') {
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  }
  return `${stampOf(new Date(instantMs(iso)))}Z`;
}

/** '2022-10-08' → '20221008' (a DATE value). */
export function dateValue(date: string): string {
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

const DAY = 24 * 60 * 60 * 1000;
const QUARTER_HOUR = 15 * 60 * 1000;
/** Per zone: UTC day number → the offset all day, or null when the offset changes that day. */
const dayCache = new Map<string, Map<number, number | null>>();
/** Per zone: quarter-hour bucket → offset, for the few days a clock change happens on. */
const changeDayCache = new Map<string, Map<number, number>>();

function cacheOf<V>(caches: Map<string, Map<number, V>>, zone: string): Map<number, V> {
  let cache = caches.get(zone);
  if (!cache) {
    if (!IANAZone.isValidZone(zone)) throw new Error(`unknown time zone: ${zone}`);
    cache = new Map();
    caches.set(zone, cache);
  }
  if (cache.size > 100_000) cache.clear();
  return cache;
}

/**
 * The zone's UTC offset in minutes at an instant. Intl (through Luxon) is the source of truth
 * but costs microseconds per call, so a 10,000-event feed asks it about two instants per UTC day
 * it touches: when both ends of a day agree, the offset holds all day; on a clock-change day it
 * asks per quarter hour (every zone changes its clocks on a quarter hour).
 */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const days = cacheOf(dayCache, zone);
  const day = Math.floor(ms / DAY);
  let whole = days.get(day);
  if (whole === undefined) {
    const iana = IANAZone.create(zone);
    const first = iana.offset(day * DAY);
    whole = iana.offset(day * DAY + DAY - 1) === first ? first : null;
    days.set(day, whole);
  }
  if (whole !== null) return whole;
  const buckets = cacheOf(changeDayCache, zone);
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = buckets.get(bucket);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(bucket * QUARTER_HOUR);
    buckets.set(bucket, offset);
  }
  return offset;
}

/** The UTC instant (ms) of a wall-clock time in `zone` (the earlier one if the time repeats). */
export function zonedToUtcMs(date: string, hour: number, minute: number, second: number, zone: string): number {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute, second);
  let utc = wall - zoneOffsetMinutes(zone, wall) * 60_000;
  const corrected = wall - zoneOffsetMinutes(zone, utc) * 60_000;
  if (corrected !== utc) utc = corrected;
  return utc;
}

/** '2022-10-15' plus n days, in plain calendar arithmetic (no zone can shift a date). */
export function addDaysToDate(date: string, days: number): string {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

/** A UTC instant as local wall time in `zone`: '2022-09-21T17:00:00Z' → '20220921T180000' (for TZID=). */
export function localStamp(iso: string, zone: string): string {
  const ms = instantMs(iso);
  return stampOf(new Date(ms + zoneOffsetMinutes(zone, ms) * 60_000));
}

/** HTTP-date for Last-Modified: whole seconds, GMT. */
export function httpDate(iso: string): string {
  return new Date(instantMs(iso)).toUTCString();
}
