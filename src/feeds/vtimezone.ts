/**
 * @module VTIMEZONE definitions, one per TZID a feed uses. The partnership's calendar is kept in
 * Europe/London (event input refuses other zones), so that is the one definition we carry: the
 * current EU rule (last Sunday of March and of October, 01:00 UTC), which is what Outlook,
 * Google and Apple expect and what tzurl.org publishes. Kept inline rather than read from a
 * file so it works on Workers (no fs) and costs nothing at run time.
 */

const DEFINITIONS: Record<string, readonly string[]> = {
  'Europe/London': [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/London',
    'X-LIC-LOCATION:Europe/London',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0000',
    'TZOFFSETTO:+0100',
    'TZNAME:BST',
    'DTSTART:19700329T010000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'TZNAME:GMT',
    'DTSTART:19701025T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ],
};

export function hasVtimezone(zone: string): boolean {
  return Object.prototype.hasOwnProperty.call(DEFINITIONS, zone);
}

/** The content lines of the zone's VTIMEZONE; throws for a zone we carry no definition of. */
export function vtimezoneLines(zone: string): readonly string[] {
  const lines = DEFINITIONS[zone];
  if (!lines) throw new Error(`no VTIMEZONE definition for ${zone}; feeds support: ${Object.keys(DEFINITIONS).join(', ')}`);
  return lines;
}
