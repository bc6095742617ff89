/** @module A meeting as the JSON API shows it: exactly what presentMeeting lets the caller see. */
import { formatWhen } from '../domain/time.js';
import type { Action, AgendaItem, MeetingDocument, MeetingRef, PresentedMeeting } from './meeting.js';
import { apiMeetingPath, documentPath, meetingPath } from './paths.js';

export function presentDocument(d: MeetingDocument, publicUrl: string) {
  return {
    id: d.id,
    agendaItemId: d.agendaItemId,
    purpose: d.purpose,
    title: d.title,
    url: d.url ?? `${publicUrl}${documentPath(d.id)}`,
    file: d.url ? null : { name: d.fileName, mediaType: d.mediaType, size: d.sizeBytes },
  };
}

function presentRef(r: MeetingRef | null, publicUrl: string) {
  return r
    ? { eventId: r.key.eventId, occurrence: r.key.occurrence, title: r.title, start: r.start, url: `${publicUrl}${meetingPath(r.key)}` }
    : null;
}

export function presentAction(a: Action, publicUrl: string) {
  return {
    id: a.id,
    meeting: { eventId: a.meeting.eventId, occurrence: a.meeting.occurrence, url: `${publicUrl}${meetingPath(a.meeting)}` },
    agendaItemId: a.agendaItemId,
    itemNumber: a.itemNumber,
    description: a.description,
    ownerPersonId: a.ownerPersonId,
    owner: a.owner,
    dueDate: a.dueDate,
    status: a.status,
    completedAt: a.completedAt,
    deadlineEventId: a.deadlineEventId,
  };
}

/** An agenda item as organisers (and members) see it. */
export function presentItem(i: AgendaItem, publicUrl: string) {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    lead: i.lead,
    description: i.description,
    exempt: i.exempt,
    exemptReason: i.exemptReason,
    minutes: i.minutes,
    documents: i.documents.map((d) => presentDocument(d, publicUrl)),
  };
}

export function presentMeetingJson(p: PresentedMeeting, publicUrl: string) {
  const r = p.record;
  const insider = p.access !== 'public';
  return {
    eventId: r.key.eventId,
    occurrence: r.key.occurrence,
    url: `${publicUrl}${meetingPath(r.key)}`,
    api: `${publicUrl}${apiMeetingPath(r.key)}`,
    access: p.access,
    title: r.event.title,
    group: r.group ? { id: r.group.id, slug: r.group.slug, name: r.group.name } : null,
    ...formatWhen(r.when, r.event.timezone),
    location: r.location,
    cancelled: r.cancelled,
    agenda: {
      published: r.agendaPublishedAt !== null,
      publishedAt: r.agendaPublishedAt,
      items:
        p.items?.map((i) =>
          i.withheld
            ? { id: i.id, number: i.number, exempt: true, exemptReason: i.exemptReason, withheld: true }
            : presentItem(i, publicUrl),
        ) ?? null,
    },
    documents: p.documents.map((d) => presentDocument(d, publicUrl)),
    attendance:
      p.attendance.mode === 'names'
        ? {
            mode: 'names',
            entries: p.attendance.entries.map((a) => ({
              ...(insider ? { personId: a.personId } : {}),
              name: a.name,
              role: a.role,
              organisation: a.organisation,
              capacity: a.capacity,
              status: a.status,
              source: a.source,
              substitute: a.substitute,
              ...(insider ? { note: a.note } : {}),
            })),
            othersPresent: r.othersPresent,
          }
        : p.attendance.mode === 'counts'
          ? { mode: 'counts', counts: p.attendance.counts }
          : { mode: 'none' },
    quorum: p.quorum,
    minutes: p.minutes
      ? {
          status: p.minutes.status,
          readyAt: r.minutesReadyAt,
          approvedAt: r.approvedAt,
          approvedBy: presentRef(r.approvedBy, publicUrl),
          documents: p.minutes.documents.map((d) => presentDocument(d, publicUrl)),
        }
      : null,
    approves: r.approves.map((m) => presentRef(m, publicUrl)),
    actions: p.actions.map((a) => presentAction(a, publicUrl)),
    mattersArising: p.mattersArising.map((a) => presentAction(a, publicUrl)),
  };
}
