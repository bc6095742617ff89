/**
 * @module VTIMEZONE definitions, one per TZID a feed or invitation uses, in the shape of an
 * ical-generator timezone generator (`cal.timezone({ name: null, generator })`). The partnership's
 * calendar is kept in Europe/London (event input refuses other zones), so that is the one
 * definition we carry: the current EU rule (last Sunday of March and of October, 01:00 UTC), as
 * Outlook, Google and Apple expect and tzurl.org publishes. Kept inline rather than read with
 * @touch4it/ical-timezones, which reads its zone files with node:fs at run time: Workers have no
 * file system. The lines are exactly tzurl.org's minus its TZURL line (a link clients never fetch).
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

/**
 * The content lines of the zone's VTIMEZONE (unfolded: each is under 75 octets). Throws for a
 * zone we carry no definition of: a TZID without its VTIMEZONE is a calendar libical rejects,
 * so failing loudly beats publishing it.
 */
export function vtimezoneLines(zone: string): readonly string[] {
  const lines = Object.prototype.hasOwnProperty.call(DEFINITIONS, zone) ? DEFINITIONS[zone] : undefined;
  if (!lines) throw new Error(`no VTIMEZONE definition for ${zone}; feeds support: ${Object.keys(DEFINITIONS).join(', ')}`);
  return lines;
}

/** The zone's VTIMEZONE as ical-generator's generator returns it: lines joined by CRLF, no trailing CRLF. */
export function vtimezoneComponent(zone: string): string {
  return vtimezoneLines(zone).join('\r\n');
}
