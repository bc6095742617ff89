/** @module Pieces the meeting pages share: papers, the quorum line, attendance, actions. */
import { local, shortDate, whenText } from '../../http/pages/format.js';
import { CAPACITIES, CAPACITY_HEADINGS, CAPACITY_LABELS } from '../capacity.js';
import {
  ACTION_STATUS_LABELS,
  type Action,
  type AttendanceEntry,
  type MeetingDocument,
  type PresentedMeeting,
  type QuorumState,
} from '../meeting.js';
import { documentPath, meetingPath } from '../paths.js';
import { DOCUMENT_TYPES, type DocumentType } from '../storage.js';

export function fileSize(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function typeLabel(d: MeetingDocument): string {
  const ext = (d.fileName ?? '').split('.').pop() as DocumentType;
  return DOCUMENT_TYPES[ext]?.label.replace(/ \(.*\)$/, '') ?? 'file';
}

/** A paper: an uploaded file (type and size said, as GOV.UK asks) or a link elsewhere. */
export function DocumentLink(props: { doc: MeetingDocument }) {
  const d = props.doc;
  if (d.url) {
    return (
      <a href={d.url} rel="noopener noreferrer">
        {d.title}
      </a>
    );
  }
  return (
    <>
      <a href={documentPath(d.id)}>{d.title}</a> <span class="muted">({`${typeLabel(d)}, ${fileSize(d.sizeBytes)}`})</span>
    </>
  );
}

export function DocumentList(props: { docs: MeetingDocument[]; label?: string }) {
  if (!props.docs.length) return null;
  return (
    <ul class="papers" aria-label={props.label}>
      {props.docs.map((d) => (
        <li>
          <DocumentLink doc={d} />
        </li>
      ))}
    </ul>
  );
}

/** "Quorate: 4 voting members present; the quorum is 3." or the expectation before the meeting. */
export function QuorumLine(props: { quorum: QuorumState | null }) {
  const q = props.quorum;
  if (!q || q.needed === null) return null;
  const who = `${q.counted} of ${q.votingMembers} voting member${q.votingMembers === 1 ? '' : 's'}`;
  const text =
    q.phase === 'recorded'
      ? q.met
        ? `Quorate: ${who} present (the quorum is ${q.needed}).`
        : `Not quorate: ${who} present; the quorum is ${q.needed}.`
      : q.met
        ? `Expected to be quorate: ${who} expected, after apologies (the quorum is ${q.needed}).`
        : `Not expected to be quorate: ${who} expected, after apologies; the quorum is ${q.needed}.`;
  return <p class={`quorum ${q.met ? 'met' : 'not-met'}`}>{text}</p>;
}

const STATUS_TEXT = { present: 'Present', apologies: 'Apologies', absent: 'Absent' } as const;

function statusText(a: AttendanceEntry, phase: 'expected' | 'recorded'): string {
  if (!a.status) return phase === 'recorded' ? 'Not recorded' : 'Expected';
  return `${STATUS_TEXT[a.status]}${a.source === 'apology' ? ' (sent by email)' : ''}`;
}

/** Attendance as minutes list it: members, co-opted members, observers and officers apart; substitutes named. */
export function AttendanceSection(props: { presented: PresentedMeeting; headingLevel?: 'h2' | 'h3' }) {
  const p = props.presented;
  const phase = p.record.attendanceRecordedAt ? 'recorded' : 'expected';
  if (p.attendance.mode === 'none') return <p>The group does not publish attendance.</p>;
  if (p.attendance.mode === 'counts') {
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return (
      <>
        <p>The group publishes how many attended in each capacity, not who.</p>
        <ul class="counts">
          {p.attendance.counts.map((c) => (
            <li>
              <strong>{CAPACITY_HEADINGS[c.capacity]}:</strong> {c.present} present, {plural(c.apologies, 'apology', 'apologies')}
              {c.substitutes ? ` (${plural(c.substitutes, 'substitute', 'substitutes')} attended)` : ''}, {c.absent} absent
            </li>
          ))}
        </ul>
      </>
    );
  }
  const entries = p.attendance.entries;
  const insider = p.access !== 'public';
  const substitutes = entries.filter((a) => a.substitute);
  const H = props.headingLevel ?? 'h3';
  return (
    <>
      {CAPACITIES.filter((cap) => entries.some((a) => a.capacity === cap)).map((cap) => (
        <table class="stack">
          <caption>
            <H class="caption">{CAPACITY_HEADINGS[cap]}</H>
          </caption>
          <thead>
            <tr>
              <th scope="col">Name or role</th>
              <th scope="col">Organisation</th>
              <th scope="col">Attendance</th>
              {insider ? <th scope="col">Note</th> : null}
            </tr>
          </thead>
          <tbody>
            {entries
              .filter((a) => a.capacity === cap)
              .map((a) => (
                <tr>
                  <th scope="row">
                    {a.name}
                    {a.role && a.role !== a.name ? <span class="muted"> {a.role}</span> : null}
                  </th>
                  <td data-label="Organisation">{a.organisation ?? ''}</td>
                  <td data-label="Attendance">
                    {statusText(a, phase)}
                    {a.substitute ? `; substitute: ${a.substitute}` : ''}
                  </td>
                  {insider ? <td data-label="Note">{a.note}</td> : null}
                </tr>
              ))}
          </tbody>
        </table>
      ))}
      {substitutes.length ? (
        <>
          <H>Substitutes</H>
          <ul>
            {substitutes.map((a) => (
              <li>
                {a.substitute} (substitute for {a.name}, {CAPACITY_LABELS[a.capacity].toLowerCase()})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.record.othersPresent ? (
        <>
          <H>Others present</H>
          <p class="pre">{p.record.othersPresent}</p>
        </>
      ) : null}
    </>
  );
}

/** Actions with owner, due date and status; matters arising link to the meeting that raised them. */
export function ActionsTable(props: { actions: Action[]; caption: string; showMeeting?: boolean; editable?: boolean }) {
  if (!props.actions.length) return null;
  return (
    <table class="stack">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Action</th>
          <th scope="col">Owner</th>
          <th scope="col">Due</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.actions.map((a) => (
          <tr>
            <td>
              {props.editable ? <a href={`/organise/actions/${a.id}`}>{a.description}</a> : a.description}
              {a.itemNumber !== null ? <span class="muted"> (item {a.itemNumber})</span> : null}
              {props.showMeeting ? (
                <>
                  {' '}
                  <a href={meetingPath(a.meeting)}>
                    raised {shortDate(local(a.raisedAt).toISODate()!)}
                    <span class="visually-hidden">: the meeting that raised it</span>
                  </a>
                </>
              ) : null}
            </td>
            <td data-label="Owner">{a.owner}</td>
            <td data-label="Due">{shortDate(a.dueDate)}</td>
            <td data-label="Status">{ACTION_STATUS_LABELS[a.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Thursday 18 April 2019, 14:00–16:00" for a meeting reference. */
export function meetingWhen(start: string, zone = 'Europe/London'): string {
  return whenText({ allDay: false, startsAt: start, endsAt: start }, zone);
}

/** Links to the four parts every meeting page has: agenda, attendance, minutes, actions. */
export function OnThisPage(props: { label: string }) {
  return (
    <nav class="on-this-page no-print" aria-label={props.label}>
      <ul class="inline">
        {[
          ['#agenda', 'Agenda'],
          ['#attendance', 'Attendance'],
          ['#minutes', 'Minutes'],
          ['#actions', 'Actions'],
        ].map(([href, label]) => (
          <li>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
