/**
 * The e-mails a member got through the SMTP sink, as their calendar reads them: subject, the MIME
 * method, and the invitation's UID, RECURRENCE-ID, SEQUENCE, DTSTART, DTEND and LOCATION (ical.js).
 */
import ICAL from 'ical.js';
import type { World } from './world.js';

export interface Seen {
  subject: string;
  method: string;
  uid: string;
  recurrenceId: string;
  sequence: number;
  start: string;
  end: string;
  location: string;
}

export function invitation(raw: Buffer): Omit<Seen, 'subject'> {
  const text = raw.toString('utf8');
  const method = /Content-Type: text\/calendar;[^\r\n]*method=([A-Z]+)/i.exec(text.replace(/\r\n[ \t]/g, ' '))?.[1] ?? '';
  const part = /Content-Type: text\/calendar[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/i.exec(text)![1]!;
  const ics = /BEGIN:VCALENDAR/.test(part) ? part : Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
  const vevent = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
  return {
    method,
    uid: vevent.uid,
    // A one-off's invitation has none: ''.
    recurrenceId: vevent.recurrenceId ? vevent.recurrenceId.toJSDate().toISOString() : '',
    sequence: vevent.sequence,
    start: vevent.startDate.toJSDate().toISOString(),
    end: vevent.endDate.toJSDate().toISOString(),
    location: vevent.location,
  };
}

/** The e-mails the member got since `from` (an index into the sink), as they would see them. */
export async function mailsSince(w: World, from: number): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const r of w.sink.received.slice(from)) {
    const mail = await w.sink.parse(r);
    out.push({ subject: mail.subject ?? '', ...invitation(r.raw) });
  }
  return out;
}
