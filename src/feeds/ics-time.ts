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
  return `${stampOf(new Date(instantMs(iso)))}Z`;
}

/** '2022-10-08' → '20221008' (a DATE value). */
export function dateValue(date: string): string {
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

const QUARTER_HOUR = 15 * 60 * 1000;
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's UTC offset in minutes at an instant. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  let byBucket = offsetCache.get(zone);
  if (!byBucket) {
    if (!IANAZone.isValidZone(zone)) throw new Error(`unknown time zone: ${zone}`);
    byBucket = new Map();
    offsetCache.set(zone, byBucket);
  }
  // Clock changes happen on the quarter hour in every zone we could be given.
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = byBucket.get(bucket);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(bucket * QUARTER_HOUR);
    if (byBucket.size > 50_000) byBucket.clear();
    byBucket.set(bucket, offset);
  }
  return offset;
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
