/**
 * @module The organisers' meeting workspace: build and publish the agenda with its papers, record
 * attendance on one form, write the minutes item by item and have them approved, record actions.
 * Every part is a plain form that works without JavaScript; problems show beside their fields.
 */
import { Choices, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FormErrors } from '../../http/pages/components.js';
import { stampText, whenText } from '../../http/pages/format.js';
import { Layout, type PageContext } from '../../http/pages/layout.js';
import { WorkspaceNav } from '../../http/pages/organise/nav.js';
import { CAPACITIES, CAPACITY_HEADINGS, CAPACITY_LABELS } from '../capacity.js';
import { isOpenAction, type PresentedMeeting } from '../meeting.js';
import { meetingPath, workspacePath } from '../paths.js';
import type { GroupMeeting } from '../service.js';
import { ActionsTable, DocumentList, OnThisPage, QuorumLine } from './parts.js';

/** Which form on the page was sent, what was typed, and what was wrong with it. */
export interface SentForm {
  form: 'item' | 'link' | 'upload' | 'attendance' | 'minutes' | 'approve' | 'action' | 'publish' | 'ready';
  values: Record<string, string>;
  errors: FormErrors;
}

export const FIELD_LABELS: Record<string, string> = {
  'item-title': 'Title',
  'item-lead': 'Lead',
  'item-description': 'Description',
  'item-exempt': 'Exempt item',
  'item-exemptReason': 'Why the public is excluded',
  'link-title': 'Title',
  'link-url': 'Address',
  'upload-file': 'File',
  'upload-title': 'Title',
  'link-title-minutes': 'Title',
  'link-url-minutes': 'Address',
  'upload-file-minutes': 'File',
  'upload-title-minutes': 'Title',
  'action-description': 'Action',
  'action-agendaItemId': 'Agenda item',
  'action-ownerPersonId': 'Owner (a member)',
  'action-owner': 'Owner (a role or organisation)',
  'action-dueDate': 'Due date',
  'approve-meeting': 'Approved at',
  'publish-agenda': 'Agenda',
  'minutes-ready': 'Minutes',
  othersPresent: 'Others present',
  attendance: 'Attendance',
};

export const DONE: Record<string, string> = {
  'item-added': 'The agenda item has been added.',
  'item-saved': 'The agenda item has been saved.',
  'item-deleted': 'The agenda item has been removed.',
  'item-moved': 'The agenda item has been moved.',
  'document-added': 'The document has been added.',
  'document-removed': 'The document has been removed.',
  published: 'The agenda is published and the members will be e-mailed.',
  attendance: 'Attendance has been saved.',
  minutes: 'The minutes have been saved.',
  ready: 'The minutes are marked ready for approval and the members will be e-mailed.',
  approved: 'The minutes are recorded as approved as a correct record, and are now public (without exempt items).',
  'action-added': 'The action has been recorded and put on the calendar.',
  'action-saved': 'The action has been saved.',
};

export function Done(props: { done: string }) {
  const text = DONE[props.done];
  return text ? (
    <div class="notice success" role="status">
      {text}
    </div>
  ) : null;
}

function errorsFor(sent: SentForm | null, form: SentForm['form']): FormErrors {
  return sent && sent.form === form ? sent.errors : new Map();
}

function valuesFor(sent: SentForm | null, form: SentForm['form']): Record<string, string> {
  return sent && sent.form === form ? sent.values : {};
}

export function WorkspacePage(props: {
  ctx: PageContext;
  presented: PresentedMeeting;
  sent: SentForm | null;
  done: string;
  uploads: string | null;
  recipients: number;
  candidates: GroupMeeting[];
  started: boolean;
}) {
  const p = props.presented;
  const r = p.record;
  const ws = workspacePath(r.key);
  const csrf = props.ctx.csrf;
  const allErrors = new Map<string, string>(props.sent?.errors ?? []);
  const iv = valuesFor(props.sent, 'item');
  const av = valuesFor(props.sent, 'action');
  const title = `Meeting workspace: ${r.event.title}, ${whenText(r.when, r.event.timezone)}`;
  const members = r.attendance;
  return (
    <Layout ctx={props.ctx} title={allErrors.size ? `Error: ${title}` : title}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={meetingPath(r.key)}>See the meeting’s page as others see it</a> · <a href={`/organise/events/${r.event.id}`}>The event</a>
      </p>
      <h1>
        {r.event.title}
        <span class="subtitle">{whenText(r.when, r.event.timezone)}</span>
      </h1>
      {r.cancelled ? <p class="notice warning">This meeting has been cancelled.</p> : null}
      <Done done={props.done} />
      <ErrorSummary errors={allErrors} labels={FIELD_LABELS} />
      <dl class="facts">
        <dt>Agenda</dt>
        <dd>{r.agendaPublishedAt ? `Published ${stampText(r.agendaPublishedAt)}` : 'Draft: only organisers can see it'}</dd>
        <dt>Attendance</dt>
        <dd>{r.attendanceRecordedAt ? `Recorded ${stampText(r.attendanceRecordedAt)}` : 'Not recorded yet'}</dd>
        <dt>Minutes</dt>
        <dd>
          {
            {
              none: 'Not written yet',
              draft: 'Draft (members and organisers can read it)',
              ready: 'Ready for approval',
              approved: 'Approved as a correct record and public',
            }[r.minutesStatus]
          }
        </dd>
      </dl>
      <OnThisPage label="Parts of the workspace" />

      <h2 id="agenda">Agenda</h2>
      {r.items.length ? (
        <table class="stack">
          <caption>Items, in order</caption>
          <thead>
            <tr>
              <th scope="col">No.</th>
              <th scope="col">Item</th>
              <th scope="col">Papers</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((item, index) => (
              <tr>
                <td data-label="No.">{item.number}</td>
                <td data-label="Item">
                  <a href={`/organise/agenda-items/${item.id}`}>{item.title}</a>
                  {item.lead ? <span class="muted"> Lead: {item.lead}</span> : null}
                  {item.exempt ? (
                    <>
                      <br />
                      <strong>Exempt:</strong> {item.exemptReason}
                    </>
                  ) : null}
                </td>
                <td data-label="Papers">{item.documents.length}</td>
                <td data-label="Order">
                  <div class="row-buttons">
                    {index > 0 ? (
                      <form method="post" action={`/organise/agenda-items/${item.id}/move`}>
                        <CsrfField token={csrf} />
                        <input type="hidden" name="direction" value="up" />
                        <button type="submit" class="secondary">
                          Up<span class="visually-hidden">: move item {item.number} up</span>
                        </button>
                      </form>
                    ) : null}
                    {index < r.items.length - 1 ? (
                      <form method="post" action={`/organise/agenda-items/${item.id}/move`}>
                        <CsrfField token={csrf} />
                        <input type="hidden" name="direction" value="down" />
                        <button type="submit" class="secondary">
                          Down<span class="visually-hidden">: move item {item.number} down</span>
                        </button>
                      </form>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No items yet. Add the first below (committees usually start with apologies and the minutes of the last meeting).</p>
      )}
      <h3 id="add-item">Add an agenda item</h3>
      <form method="post" action={`${ws}/agenda`} novalidate>
        <CsrfField token={csrf} />
        <ItemFields values={iv} errors={errorsFor(props.sent, 'item')} />
        <button type="submit">Add the item</button>
      </form>

      <h3 id="papers">Papers for the whole meeting</h3>
      <DocumentList docs={r.documents.filter((d) => d.purpose === 'paper')} />
      <DocumentForms
        action={`${ws}/documents`}
        csrf={csrf}
        sent={props.sent}
        uploads={props.uploads}
        purposes={[['paper', 'A paper (with the agenda)']]}
      />

      <h3>Publish</h3>
      <p>
        Publishing shows the agenda and its papers on the meeting’s page (exempt items show only their number and reason to the public) and
        e-mails it to {props.recipients} {props.recipients === 1 ? 'member' : 'members'} of the group.
      </p>
      <form method="post" action={`${ws}/agenda/publish`}>
        <CsrfField token={csrf} />
        <button type="submit" id="publish-agenda">
          {r.agendaPublishedAt ? 'Send the updated agenda to the members' : 'Publish the agenda and e-mail the members'}
        </button>
      </form>

      <h2 id="attendance">Attendance</h2>
      <QuorumLine quorum={p.quorum} />
      {!props.started ? (
        <p>
          Before the meeting you can record apologies received by phone or letter; apologies sent from the reminder e-mail appear here by
          themselves. Who was present is recorded once the meeting has begun.
        </p>
      ) : null}
      <form method="post" action={`${ws}/attendance`} novalidate>
        <CsrfField token={csrf} />
        {CAPACITIES.filter((cap) => members.some((m) => m.capacity === cap)).map((cap) => (
          <>
            <h3>{CAPACITY_HEADINGS[cap]}</h3>
            {members
              .filter((m) => m.capacity === cap)
              .map((m) => {
                const id = `attendance-${m.personId}`;
                const sent = valuesFor(props.sent, 'attendance');
                const status = sent[`status.${m.personId}`] ?? m.status ?? '';
                return (
                  <fieldset class="attendee">
                    <legend>
                      {m.name}
                      {m.role && m.role !== m.name ? `, ${m.role}` : ''}
                      {m.organisation ? ` (${m.organisation})` : ''}
                      <span class="visually-hidden">, {CAPACITY_LABELS[m.capacity]}</span>
                    </legend>
                    {m.source === 'apology' ? <p class="hint">Sent apologies by e-mail{m.note ? `: “${m.note}”` : ''}</p> : null}
                    <div class="choices">
                      {(
                        [
                          ['present', 'Present'],
                          ['apologies', 'Apologies'],
                          ['absent', 'Absent'],
                          ['', 'Not recorded'],
                        ] as const
                      ).map(([value, label], i) => (
                        <label>
                          <input
                            type="radio"
                            id={i === 0 ? `${id}-status` : undefined}
                            name={`status.${m.personId}`}
                            value={value}
                            checked={status === value}
                            disabled={!props.started && (value === 'present' || value === 'absent')}
                          />
                          {label}
                        </label>
                      ))}
                    </div>
                    <div class="inline">
                      <div class="field">
                        <label for={`${id}-substitute`}>Substitute</label>
                        <input
                          type="text"
                          id={`${id}-substitute`}
                          name={`substitute.${m.personId}`}
                          value={sent[`substitute.${m.personId}`] ?? m.substitute}
                        />
                      </div>
                      <div class="field">
                        <label for={`${id}-note`}>Note</label>
                        <input type="text" id={`${id}-note`} name={`note.${m.personId}`} value={sent[`note.${m.personId}`] ?? m.note} />
                      </div>
                    </div>
                  </fieldset>
                );
              })}
          </>
        ))}
        <TextArea
          id="othersPresent"
          label="Others present"
          hint="Guests and anyone else in attendance who is not a member, one per line"
          value={valuesFor(props.sent, 'attendance').othersPresent ?? r.othersPresent}
          errors={errorsFor(props.sent, 'attendance')}
          rows={3}
        />
        <div class="actions">
          <button type="submit">Save attendance</button>
          <a href={`${meetingPath(r.key)}/attendance.csv`} download>
            Download attendance (CSV)
          </a>
        </div>
      </form>

      <h2 id="minutes">Minutes</h2>
      {r.items.length ? (
        <form method="post" action={`${ws}/minutes`} novalidate>
          <CsrfField token={csrf} />
          {r.items.map((item) => (
            <TextArea
              id={`minutes-${item.id}`}
              name={`minutes.${item.id}`}
              label={`${item.number}. ${item.title}${item.exempt ? ' (exempt: never published)' : ''}`}
              value={valuesFor(props.sent, 'minutes')[`minutes.${item.id}`] ?? item.minutes}
              errors={errorsFor(props.sent, 'minutes')}
              rows={4}
            />
          ))}
          <button type="submit">Save the minutes</button>
        </form>
      ) : (
        <p>Add agenda items first: the minutes are written item by item.</p>
      )}
      <h3>Minutes documents</h3>
      <DocumentList docs={r.documents.filter((d) => d.purpose === 'minutes')} />
      <DocumentForms
        action={`${ws}/documents`}
        csrf={csrf}
        sent={props.sent}
        uploads={props.uploads}
        purposes={[['minutes', 'The minutes (public once approved)']]}
        suffix="minutes"
      />
      {r.minutesStatus === 'draft' || r.minutesStatus === 'ready' ? (
        <>
          <h3>Approval</h3>
          <form method="post" action={`${ws}/minutes/ready`}>
            <CsrfField token={csrf} />
            <button type="submit" class="secondary" id="minutes-ready">
              {r.minutesStatus === 'ready'
                ? 'Send the draft minutes to the members again'
                : 'Mark ready for approval and e-mail the members'}
            </button>
          </form>
          {props.candidates.length ? (
            <form method="post" action={`${ws}/minutes/approve`} novalidate>
              <CsrfField token={csrf} />
              <SelectField
                id="approve-meeting"
                name="meeting"
                label="Approved as a correct record at"
                value={valuesFor(props.sent, 'approve').meeting ?? ''}
                errors={errorsFor(props.sent, 'approve')}
                options={props.candidates.map((m) => [`${m.key.eventId}|${m.key.occurrence}`, whenText(m.when, m.event.timezone)])}
              />
              <button type="submit">Record the approval and publish the minutes</button>
            </form>
          ) : (
            <p>The minutes can be recorded as approved once a later meeting of the group has begun.</p>
          )}
        </>
      ) : null}
      {r.approvedBy ? (
        <p>Approved at the meeting on {whenText({ allDay: false, startsAt: r.approvedBy.start, endsAt: r.approvedBy.start })}.</p>
      ) : null}

      <h2 id="actions">Actions</h2>
      <ActionsTable actions={r.actions} caption="Actions from this meeting" editable />
      {r.mattersArising.length ? (
        <ActionsTable actions={r.mattersArising} caption="Matters arising: actions from earlier meetings still open" showMeeting editable />
      ) : null}
      <h3>Record an action</h3>
      <p>
        An open action is put on the calendar as a deadline, seen by whoever may see this meeting; a member who owns it is reminded a week
        and a day before it is due.
      </p>
      <form method="post" action={`${ws}/actions`} novalidate>
        <CsrfField token={csrf} />
        <ActionFields
          values={av}
          errors={errorsFor(props.sent, 'action')}
          items={r.items.map((i) => [i.id, `${i.number}. ${i.title}`])}
          members={members.map((m) => [m.personId, `${m.name}${m.organisation ? ` (${m.organisation})` : ''}`])}
        />
        <button type="submit">Record the action</button>
      </form>
      <p class="muted">
        Open actions: {r.actions.filter((a) => isOpenAction(a.status)).length} of {r.actions.length}.
      </p>
    </Layout>
  );
}

/** The fields of an agenda item (add form and edit page). */
export function ItemFields(props: { values: Record<string, string>; errors: FormErrors }) {
  const v = props.values;
  return (
    <>
      <TextField id="item-title" name="title" label="Title" value={v.title} errors={props.errors} />
      <TextField
        id="item-lead"
        name="lead"
        label="Lead"
        value={v.lead}
        errors={props.errors}
        hint="Who leads it: the Chair, a role, an organisation, or All"
      />
      <TextArea
        id="item-description"
        name="description"
        label="Description"
        value={v.description}
        errors={props.errors}
        rows={3}
        hint="Optional"
      />
      <Choices
        id="item-exempt"
        name="exempt"
        type="checkbox"
        label="Exempt item"
        hint="Taken with the press and public excluded: the public sees only the item’s number and the reason below, never its papers or minutes."
        options={[['on', 'The press and public are excluded for this item']]}
        checked={v.exempt === 'on' ? ['on'] : []}
        errors={props.errors}
      />
      <TextField
        id="item-exemptReason"
        name="exemptReason"
        label="Why the public is excluded"
        value={v.exemptReason}
        errors={props.errors}
        hint="Shown publicly. For example: Paragraphs 1 and 2 of Part 1 of Schedule 12A to the Local Government Act 1972 (information about individuals)"
      />
    </>
  );
}

/** Adding a paper: a link, or an upload when the installation keeps files. */
export function DocumentForms(props: {
  action: string;
  csrf: string;
  sent: SentForm | null;
  uploads: string | null;
  purposes: [string, string][];
  suffix?: string;
}) {
  const s = props.suffix ? `-${props.suffix}` : '';
  const lv = valuesFor(props.sent, 'link');
  const uv = valuesFor(props.sent, 'upload');
  // Both document sections post the same forms; the purpose sent says which one a problem belongs to.
  const sameForm = (form: SentForm['form']): FormErrors =>
    props.sent && (props.sent.values.purpose ?? 'paper') === props.purposes[0]![0] ? errorsFor(props.sent, form) : new Map();
  return (
    <div class="document-forms">
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="purpose" value={props.purposes[0]![0]} />
        <div class="inline">
          <TextField id={`link-title${s}`} name="title" label="Title" value={lv.title} errors={sameForm('link')} />
          <TextField id={`link-url${s}`} name="url" label="Address" type="url" value={lv.url} errors={sameForm('link')} hint="https://…" />
        </div>
        <button type="submit" class="secondary">
          Add the link
        </button>
      </form>
      {props.uploads ? (
        <form method="post" action={props.action} enctype="multipart/form-data" novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="purpose" value={props.purposes[0]![0]} />
          <div class="inline">
            <div class={sameForm('upload').has(`upload-file${s}`) ? 'field has-error' : 'field'}>
              <label for={`upload-file${s}`}>File</label>
              <span class="hint" id={`upload-file${s}-hint`}>
                PDF, Word (DOCX) or OpenDocument (ODT), up to 20 MB
              </span>
              {sameForm('upload').get(`upload-file${s}`) ? (
                <span class="error-message">
                  <span class="visually-hidden">Error: </span>File {sameForm('upload').get(`upload-file${s}`)}
                </span>
              ) : null}
              <input
                type="file"
                id={`upload-file${s}`}
                name="file"
                accept=".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"
                aria-describedby={`upload-file${s}-hint`}
              />
            </div>
            <TextField
              id={`upload-title${s}`}
              name="title"
              label="Title"
              value={uv.title}
              errors={sameForm('upload')}
              hint="Optional: the file name when empty"
            />
          </div>
          <button type="submit" class="secondary">
            Upload
          </button>
        </form>
      ) : (
        <p class="hint">
          Uploads are off on this installation (no document storage is configured), so add documents as links to where they are kept.
        </p>
      )}
    </div>
  );
}

/** The fields of an action (add form and edit page). */
export function ActionFields(props: {
  values: Record<string, string>;
  errors: FormErrors;
  items: [string, string][];
  members: [string, string][];
  withStatus?: boolean;
}) {
  const v = props.values;
  return (
    <>
      <TextField id="action-description" name="description" label="Action" value={v.description} errors={props.errors} />
      <SelectField
        id="action-agendaItemId"
        name="agendaItemId"
        label="Agenda item"
        value={v.agendaItemId}
        errors={props.errors}
        options={props.items}
        empty="None"
      />
      <SelectField
        id="action-ownerPersonId"
        name="ownerPersonId"
        label="Owner (a member)"
        value={v.ownerPersonId}
        errors={props.errors}
        options={props.members}
        empty="Not a member: say who below"
        hint="A member who owns an action is reminded of it by e-mail."
      />
      <TextField
        id="action-owner"
        name="owner"
        label="Owner (a role or organisation)"
        value={v.owner}
        errors={props.errors}
        hint="For example Community Cohesion Manager, or Thames Valley Police. Leave empty to use the member’s name."
      />
      <TextField
        id="action-dueDate"
        name="dueDate"
        label="Due date"
        value={v.dueDate}
        errors={props.errors}
        hint="For example 18/07/2019"
      />
      {props.withStatus ? (
        <Choices
          id="action-status"
          name="status"
          type="radio"
          label="Status"
          options={[
            ['open', 'Open'],
            ['in-progress', 'In progress'],
            ['done', 'Done'],
            ['withdrawn', 'Withdrawn'],
          ]}
          checked={[v.status ?? 'open']}
          errors={props.errors}
        />
      ) : null}
    </>
  );
}
