/** ical.js's process-wide zone registry, used by tests that expand series with ical.js and left as they found it. */
import ICAL from 'ical.js';

/**
 * Registers the VTIMEZONEs of `root` with ical.js's TimezoneService, one registry for the whole
 * process, and answers the undo that puts back what it held before. Test files share one module
 * graph (vitest.config.ts), and src/import reads a TZID its file does not define as an IANA zone
 * only while the registry does not know it either: a zone left registered by an earlier file
 * changed that test's answer.
 */
export function registerZonesOf(root: ICAL.Component): () => void {
  const held = new Map<string, ICAL.Timezone | undefined>();
  for (const tz of root.getAllSubcomponents('vtimezone')) {
    const tzid = String(tz.getFirstPropertyValue('tzid'));
    if (!held.has(tzid)) held.set(tzid, ICAL.TimezoneService.has(tzid) ? ICAL.TimezoneService.get(tzid) : undefined);
    ICAL.TimezoneService.register(tz);
  }
  return () => {
    for (const [tzid, zone] of held) {
      if (zone) ICAL.TimezoneService.register(zone, tzid);
      else ICAL.TimezoneService.remove(tzid);
    }
  };
}
