/** @module The directory: organisations, groups and members, with forms and the CSV import preview. */
import type { Group, Member, Organisation } from '../../../domain/directory.js';
import { ORGANISATION_KINDS } from '../../../domain/kinds.js';
import type { ImportRow } from '../../../domain/member-import.js';
import { CAPACITIES, CAPACITY_LABELS, PUBLIC_ATTENDANCE, PUBLIC_ATTENDANCE_LABELS } from '../../../meetings/capacity.js';
import { CsrfField, ErrorSummary, ProblemSummary, SelectField, TextArea, TextField, type FormErrors } from '../components.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

const DONE = {
  'organisation-saved': 'The organisation has been saved.',
  'group-saved': 'The group has been saved.',
  'member-added': 'The member has been added.',
  'member-removed': 'The member has been removed from the group.',
  imported: 'The members have been imported.',
};

export function DirectoryPage(props: {
  ctx: PageContext;
  organisations: Organisation[];
  groups: (Group & { members: number })[];
  canEdit: boolean;
  done?: string;
}) {
  return (
    <Layout ctx={props.ctx} title="Directory">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} extra={DONE} />
      <h1>Directory</h1>
      <h2>Groups</h2>
      {props.canEdit ? (
        <p>
          <a class="button secondary" href="/organise/groups/new">
            New group
          </a>
        </p>
      ) : null}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Short name</th>
              <th scope="col">Members</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr>
                <td>
                  <a href={`/organise/groups/${g.id}`}>{g.name}</a>
                </td>
                <td>{g.slug}</td>
                <td>{g.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Partner organisations</h2>
      {props.canEdit ? (
        <p>
          <a class="button secondary" href="/organise/organisations/new">
            New organisation
          </a>
        </p>
      ) : null}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Kind</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {props.organisations.map((o) => (
              <tr>
                <td>{props.canEdit ? <a href={`/organise/organisations/${o.id}`}>{o.name}</a> : o.name}</td>
                <td>{o.kind}</td>
                <td>{o.email ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function OrganisationFormPage(props: {
  ctx: PageContext;
  heading: string;
  action: string;
  values: Record<string, string>;
  errors: FormErrors;
}) {
  const v = props.values;
  return (
    <Layout ctx={props.ctx} title={props.errors.size ? `Error: ${props.heading}` : props.heading}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href="/organise/directory">← Back to the directory</a>
      </p>
      <h1>{props.heading}</h1>
      <ErrorSummary errors={props.errors} labels={{ name: 'Name', kind: 'Kind', website: 'Website', email: 'Email' }} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <TextField id="name" label="Name" value={v.name} errors={props.errors} />
        <SelectField id="kind" label="Kind" value={v.kind} errors={props.errors} options={ORGANISATION_KINDS.map((k) => [k, k])} />
        <TextField id="website" label="Website" type="url" value={v.website} errors={props.errors} hint="Optional" />
        <TextField
          id="email"
          label="Email"
          type="email"
          value={v.email}
          errors={props.errors}
          hint="Optional: a shared address, not a person's"
        />
        <div class="actions">
          <button type="submit">Save organisation</button>
        </div>
      </form>
    </Layout>
  );
}

export function GroupPage(props: {
  ctx: PageContext;
  heading: string;
  action: string;
  group: Group | null;
  values: Record<string, string>;
  errors: FormErrors;
  organisations: [string, string][];
  members: Member[];
  memberValues: Record<string, string>;
  memberErrors: FormErrors;
  canEditGroup: boolean;
  done?: string;
}) {
  const v = props.values;
  const m = props.memberValues;
  const labels = {
    name: 'Name',
    slug: 'Short name',
    description: 'Description',
    organisationId: 'Organisation',
    organiserEmail: 'Organiser email',
    quorum: 'Quorum',
    publicAttendance: 'Attendance the public sees',
    email: 'Email',
    role: 'Role',
    capacity: 'Capacity',
    displayName: 'Name',
  };
  return (
    <Layout ctx={props.ctx} title={props.errors.size || props.memberErrors.size ? `Error: ${props.heading}` : props.heading}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice done={props.done} extra={DONE} />
      <p>
        <a href="/organise/directory">← Back to the directory</a>
      </p>
      <h1>{props.heading}</h1>
      {props.group ? (
        <p>
          <a href={`/organise/groups/${props.group.id}/reminders`}>When reminders of this group’s meetings go out</a>
        </p>
      ) : null}
      <ErrorSummary errors={new Map([...props.errors, ...props.memberErrors])} labels={labels} />
      {props.canEditGroup ? (
        <form method="post" action={props.action} novalidate>
          <CsrfField token={props.ctx.csrf} />
          <TextField id="name" label="Name" value={v.name} errors={props.errors} />
          <TextField
            id="slug"
            label="Short name"
            value={v.slug}
            errors={props.errors}
            hint="Used in addresses, like iag or safermk-board. Worked out from the name when empty."
          />
          <TextArea id="description" label="Description" value={v.description} errors={props.errors} rows={3} />
          <SelectField
            id="organisationId"
            label="Organisation"
            value={v.organisationId}
            errors={props.errors}
            options={props.organisations}
            empty="None"
          />
          <TextField
            id="organiserEmail"
            label="Organiser email"
            type="email"
            value={v.organiserEmail}
            errors={props.errors}
            hint="Who hears about apologies: a role address such as committee-manager@example.org"
          />
          <TextField
            id="quorum"
            label="Quorum"
            value={v.quorum}
            errors={props.errors}
            hint="How many voting members must be present: a number such as 3, or a share of the voting members such as 1/3. Empty: no quorum rule."
          />
          <SelectField
            id="publicAttendance"
            label="Attendance the public sees"
            value={v.publicAttendance}
            errors={props.errors}
            options={PUBLIC_ATTENDANCE.map((a) => [a, PUBLIC_ATTENDANCE_LABELS[a]])}
            hint="Members and organisers always see who attended."
          />
          <div class="actions">
            <button type="submit">Save group</button>
          </div>
        </form>
      ) : null}
      {props.group ? (
        <>
          <h2>Members</h2>
          <p>
            <a href={`/organise/groups/${props.group.id}/import`}>Import members from a CSV file</a>
          </p>
          {props.members.length ? (
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Capacity</th>
                    <th scope="col">Name</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {props.members.map((member) => (
                    <tr>
                      <td>{member.email}</td>
                      <td>{member.role}</td>
                      <td>{CAPACITY_LABELS[member.capacity]}</td>
                      <td>{member.displayName ?? ''}</td>
                      <td>
                        <form method="post" action={`/organise/groups/${props.group!.id}/members/${member.personId}/remove`}>
                          <CsrfField token={props.ctx.csrf} />
                          <button type="submit" class="secondary">
                            Remove<span class="visually-hidden"> {member.email}</span>
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>No members yet.</p>
          )}
          <h3>Add a member</h3>
          <form method="post" action={`/organise/groups/${props.group.id}/members`} novalidate>
            <CsrfField token={props.ctx.csrf} />
            <div class="inline">
              <TextField id="email" label="Email" type="email" value={m.email} errors={props.memberErrors} />
              <TextField id="role" label="Role" value={m.role} errors={props.memberErrors} hint="For example IAG Member" />
              <SelectField
                id="capacity"
                label="Capacity"
                value={m.capacity ?? 'voting'}
                errors={props.memberErrors}
                options={CAPACITIES.map((c) => [c, CAPACITY_LABELS[c]])}
              />
              <TextField id="displayName" label="Name" value={m.displayName} errors={props.memberErrors} hint="Optional" />
            </div>
            <button type="submit">Add member</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

export function ImportPage(props: { ctx: PageContext; group: Group; csv: string; problem: string | null; rows: ImportRow[] | null }) {
  const rows = props.rows ?? [];
  const good = rows.filter((r) => r.member).length;
  const bad = rows.length - good;
  return (
    <Layout ctx={props.ctx} title={`Import members of ${props.group.name}`}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`/organise/groups/${props.group.id}`}>← Back to the group</a>
      </p>
      <h1>Import members of {props.group.name}</h1>
      <p>
        A CSV file with a header line naming the columns: <code>email</code> and <code>role</code>, and optionally <code>name</code>,{' '}
        <code>organisation</code> (as named in the directory) and <code>capacity</code> (<code>voting</code>, <code>co-opted</code>,{' '}
        <code>observer</code> or <code>officer</code>; voting when empty). Existing members keep their place and get the role and capacity
        in the file.
      </p>
      {props.problem ? <ProblemSummary id="import-problem" problem={props.problem} /> : null}
      {props.rows ? (
        <>
          <h2 id="preview">Preview</h2>
          <p role="status">
            {good} {good === 1 ? 'row is' : 'rows are'} ready to import
            {bad ? `; ${bad} ${bad === 1 ? 'row has' : 'rows have'} problems and will be left out` : ''}.
          </p>
          <div class="table-scroll">
            <table aria-labelledby="preview">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Capacity</th>
                  <th scope="col">Name</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>{r.line}</td>
                    <td>{r.values.email ?? ''}</td>
                    <td>{r.values.role ?? ''}</td>
                    <td>{r.member ? CAPACITY_LABELS[r.member.capacity] : (r.values.capacity ?? '')}</td>
                    <td>{r.values.displayName ?? ''}</td>
                    <td>{r.values.organisation ?? ''}</td>
                    <td>
                      {r.errors.length ? (
                        <span class="error-message">{r.errors.map((e) => `${e.field} ${e.message}`).join('; ')}</span>
                      ) : (
                        'Ready'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {good ? (
            <form method="post" action={`/organise/groups/${props.group.id}/import`}>
              <CsrfField token={props.ctx.csrf} />
              <input type="hidden" name="csv" value={props.csv} />
              <input type="hidden" name="step" value="apply" />
              <button type="submit">
                Import {good} {good === 1 ? 'member' : 'members'}
              </button>
            </form>
          ) : null}
          <h2>Check another file</h2>
        </>
      ) : null}
      <form method="post" action={`/organise/groups/${props.group.id}/import`} enctype="multipart/form-data">
        <CsrfField token={props.ctx.csrf} />
        <input type="hidden" name="step" value="preview" />
        <div class="field">
          <label for="file">CSV file</label>
          <input type="file" id="file" name="file" accept=".csv,text/csv" />
        </div>
        <div class="field">
          <label for="csv">Or paste the lines</label>
          <textarea id="csv" name="pasted" rows={6}>
            {props.rows ? '' : props.csv}
          </textarea>
        </div>
        <button type="submit">Preview the import</button>
      </form>
    </Layout>
  );
}
