/** @module Accounts (administrators only): who can sign in, with which role and groups. */
import type { User } from '../../../domain/accounts.js';
import { ROLE_LABELS, ROLES } from '../../../domain/accounts.js';
import { Choices, CsrfField, ErrorSummary, TextField, type FormErrors } from '../components.js';
import { stampText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { DoneNotice } from './events.js';
import { WorkspaceNav } from './nav.js';

export function UsersPage(props: {
  ctx: PageContext;
  users: User[];
  groups: [string, string][];
  values: { email: string; role: string; groupIds: string[] };
  errors: FormErrors;
  done?: string;
}) {
  const groupName = new Map(props.groups);
  return (
    <Layout ctx={props.ctx} title={props.errors.size ? 'Error: Accounts' : 'Accounts'}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <DoneNotice
        done={props.done}
        extra={{
          created: 'The account has been created. Give the password to its owner in person or by phone, not by email.',
          disabled: 'The account can no longer sign in.',
          enabled: 'The account can sign in again.',
        }}
      />
      <h1>Accounts</h1>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Groups</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>
                  {u.email}
                  {u.disabledAt ? <strong class="status-cancelled"> (cannot sign in)</strong> : null}
                </td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>
                  {u.groupIds.length ? u.groupIds.map((g) => groupName.get(g) ?? g).join(', ') : u.role === 'organiser' ? 'All' : '—'}
                </td>
                <td>{stampText(u.createdAt).slice(0, 11)}</td>
                <td>
                  {u.id === props.ctx.user?.id ? null : (
                    <form method="post" action={`/organise/users/${u.id}/${u.disabledAt ? 'enable' : 'disable'}`}>
                      <CsrfField token={props.ctx.csrf} />
                      <button type="submit" class="secondary">
                        {u.disabledAt ? 'Allow sign-in' : 'Stop sign-in'}
                        <span class="visually-hidden"> for {u.email}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>New account</h2>
      <ErrorSummary errors={props.errors} labels={{ email: 'Email', role: 'Role', password: 'Password', groupIds: 'Groups' }} />
      <form method="post" action="/organise/users" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <TextField id="email" label="Email" type="email" value={props.values.email} errors={props.errors} autocomplete="off" />
        <Choices
          id="role"
          name="role"
          type="radio"
          label="Role"
          errors={props.errors}
          checked={[props.values.role]}
          options={ROLES.map((r) => [r, ROLE_LABELS[r]])}
          hint="Organisers schedule events; viewers are partners who see partner-only dates."
        />
        <Choices
          id="groupIds"
          name="groupIds"
          type="checkbox"
          label="Groups"
          errors={props.errors}
          checked={props.values.groupIds}
          options={props.groups}
          hint="For an organiser: only these groups' events (none ticked: every event). For a viewer: see these groups' members-only dates."
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          errors={props.errors}
          autocomplete="new-password"
          hint="At least 12 characters. A few unrelated words make a good one."
        />
        <div class="actions">
          <button type="submit">Create account</button>
        </div>
      </form>
    </Layout>
  );
}
