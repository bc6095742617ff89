/**
 * @module Managing the directory from the workspace: organisations, groups, members, and a CSV
 * import of members that is previewed row by row and then applied in one batch.
 */
import { Hono, type Context } from 'hono';
import type { CompiledQuery } from 'kysely';
import {
  createGroup,
  createOrganisation,
  getGroup,
  getOrganisation,
  listGroups,
  listMembers,
  listOrganisations,
  removeMember,
  updateGroup,
  updateOrganisation,
  upsertMember,
  upsertMemberStatements,
} from '../../../db/directory.js';
import { ConflictError } from '../../../db/store.js';
import type { User } from '../../../domain/accounts.js';
import { validateGroup, validateMember, validateOrganisation, type Group } from '../../../domain/directory.js';
import { readMemberCsv } from '../../../domain/member-import.js';
import type { FieldError } from '../../../domain/validation.js';
import { formErrors } from '../../pages/components.js';
import { DirectoryPage, GroupPage, ImportPage, OrganisationFormPage } from '../../pages/organise/directory.js';
import type { WebEnv } from '../env.js';
import { textQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { forbidden, notFoundHere } from './guard.js';

/** Admins and organisers for every group keep the directory; a group's organisers keep its members. */
export function canEditDirectory(user: User | null): boolean {
  return !!user && (user.role === 'admin' || (user.role === 'organiser' && user.groupIds.length === 0));
}

function canEditMembers(user: User | null, groupId: string): boolean {
  return canEditDirectory(user) || (!!user && user.role === 'organiser' && user.groupIds.includes(groupId));
}

type Body = Record<string, string | File | (string | File)[]>;
const str = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');

async function groupPage(
  c: Context<WebEnv>,
  group: Group | null,
  opts: { values?: Record<string, string>; errors?: FieldError[]; memberValues?: Record<string, string>; memberErrors?: FieldError[] } = {},
  status: 200 | 400 | 409 = 200,
) {
  const { store } = c.get('deps');
  const organisations = await listOrganisations(store);
  const values = opts.values ?? {
    name: group?.name ?? '',
    slug: group?.slug ?? '',
    description: group?.description ?? '',
    organisationId: group?.organisationId ?? '',
    organiserEmail: group?.organiserEmail ?? '',
    quorum: group?.quorum ?? '',
    publicAttendance: group?.publicAttendance ?? 'capacities',
  };
  return render(
    c,
    <GroupPage
      ctx={pageContext(c)}
      heading={group ? group.name : 'New group'}
      action={group ? `/organise/groups/${group.id}` : '/organise/groups/new'}
      group={group}
      values={values}
      errors={formErrors(opts.errors ?? [], {})}
      organisations={organisations.map((o) => [o.id, o.name])}
      members={group ? await listMembers(store, group.id) : []}
      memberValues={opts.memberValues ?? { email: '', role: '', capacity: 'voting', displayName: '' }}
      memberErrors={formErrors(opts.memberErrors ?? [], {})}
      canEditGroup={canEditDirectory(c.get('user'))}
      done={textQuery(c, 'done')}
    />,
    status,
  );
}

function conflictErrors(error: unknown): FieldError[] | null {
  return error instanceof ConflictError ? [{ field: error.field, message: error.message }] : null;
}

export function directoryPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const ctxOf = (c: Context<WebEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

  app.get('/organise/directory', async (c) => {
    const { store } = c.get('deps');
    const [organisations, groups, counts] = await Promise.all([
      listOrganisations(store),
      listGroups(store),
      store.db
        .selectFrom('group_members')
        .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('group_id')
        .execute(),
    ]);
    const count = new Map(counts.map((r) => [r.group_id, Number(r.n)]));
    return render(
      c,
      <DirectoryPage
        ctx={pageContext(c)}
        organisations={organisations}
        groups={groups.map((g) => ({ ...g, members: count.get(g.id) ?? 0 }))}
        canEdit={canEditDirectory(c.get('user'))}
        done={textQuery(c, 'done')}
      />,
    );
  });

  const organisationForm = (
    c: Context<WebEnv>,
    heading: string,
    action: string,
    values: Record<string, string>,
    errors: FieldError[] = [],
    status: 200 | 400 | 409 = 200,
  ) =>
    render(
      c,
      <OrganisationFormPage ctx={pageContext(c)} heading={heading} action={action} values={values} errors={formErrors(errors, {})} />,
      status,
    );

  app.get('/organise/organisations/new', (c) => {
    if (!canEditDirectory(c.get('user'))) return forbidden(c, 'Only administrators and organisers for every group keep the directory.');
    return organisationForm(c, 'New organisation', '/organise/organisations/new', { name: '', kind: 'other', website: '', email: '' });
  });

  app.get('/organise/organisations/:id', async (c) => {
    const organisation = await getOrganisation(c.get('deps').store, c.req.param('id'));
    if (!organisation) return notFoundHere(c, 'There is no organisation with this id.');
    if (!canEditDirectory(c.get('user'))) return forbidden(c, 'Only administrators and organisers for every group keep the directory.');
    return organisationForm(c, organisation.name, `/organise/organisations/${organisation.id}`, {
      name: organisation.name,
      kind: organisation.kind,
      website: organisation.website ?? '',
      email: organisation.email ?? '',
    });
  });

  app.post('/organise/organisations/:id', async (c) => {
    const { store } = c.get('deps');
    if (!canEditDirectory(c.get('user'))) return forbidden(c, 'Only administrators and organisers for every group keep the directory.');
    const id = c.req.param('id');
    const current = id === 'new' ? null : await getOrganisation(store, id);
    if (id !== 'new' && !current) return notFoundHere(c, 'There is no organisation with this id.');
    const body = await c.req.parseBody();
    const values = { name: str(body, 'name'), kind: str(body, 'kind'), website: str(body, 'website'), email: str(body, 'email') };
    const heading = current?.name ?? 'New organisation';
    const action = `/organise/organisations/${id}`;
    const result = validateOrganisation(values);
    if (!result.ok) return organisationForm(c, heading, action, values, result.errors, 400);
    try {
      if (current) await updateOrganisation(store, current, result.value, ctxOf(c));
      else await createOrganisation(store, result.value, ctxOf(c));
    } catch (error) {
      const errors = conflictErrors(error);
      if (!errors) throw error;
      return organisationForm(c, heading, action, values, errors, 409);
    }
    return c.redirect('/organise/directory?done=organisation-saved', 303);
  });

  app.get('/organise/groups/new', (c) => {
    if (!canEditDirectory(c.get('user'))) return forbidden(c, 'Only administrators and organisers for every group keep the directory.');
    return groupPage(c, null);
  });

  app.get('/organise/groups/:id', async (c) => {
    const group = await getGroup(c.get('deps').store, c.req.param('id'));
    if (!group) return notFoundHere(c, 'There is no group with this id.');
    return groupPage(c, group);
  });

  app.post('/organise/groups/:id', async (c) => {
    const { store } = c.get('deps');
    if (!canEditDirectory(c.get('user'))) return forbidden(c, 'Only administrators and organisers for every group keep the directory.');
    const id = c.req.param('id');
    const current = id === 'new' ? null : await getGroup(store, id);
    if (id !== 'new' && !current) return notFoundHere(c, 'There is no group with this id.');
    const body = await c.req.parseBody();
    const values = {
      name: str(body, 'name'),
      slug: str(body, 'slug').trim(),
      description: str(body, 'description'),
      organisationId: str(body, 'organisationId'),
      organiserEmail: str(body, 'organiserEmail').trim(),
      quorum: str(body, 'quorum').trim(),
      publicAttendance: str(body, 'publicAttendance'),
    };
    const result = validateGroup(values);
    if (!result.ok) return groupPage(c, current, { values, errors: result.errors }, 400);
    try {
      const saved = current ? await updateGroup(store, current, result.value, ctxOf(c)) : await createGroup(store, result.value, ctxOf(c));
      return c.redirect(`/organise/groups/${saved.id}?done=group-saved`, 303);
    } catch (error) {
      const errors = conflictErrors(error);
      if (!errors) throw error;
      return groupPage(c, current, { values, errors }, 409);
    }
  });

  app.post('/organise/groups/:id/members', async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) return notFoundHere(c, 'There is no group with this id.');
    if (!canEditMembers(c.get('user'), group.id)) return forbidden(c, 'Your account keeps the members of its own groups only.');
    const body = await c.req.parseBody();
    const memberValues = {
      email: str(body, 'email').trim(),
      role: str(body, 'role'),
      capacity: str(body, 'capacity'),
      displayName: str(body, 'displayName'),
    };
    const result = validateMember(memberValues);
    if (!result.ok) return groupPage(c, group, { memberValues, memberErrors: result.errors }, 400);
    await upsertMember(store, group.id, result.value, ctxOf(c));
    return c.redirect(`/organise/groups/${group.id}?done=member-added`, 303);
  });

  app.post('/organise/groups/:id/members/:personId/remove', async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) return notFoundHere(c, 'There is no group with this id.');
    if (!canEditMembers(c.get('user'), group.id)) return forbidden(c, 'Your account keeps the members of its own groups only.');
    await removeMember(store, group.id, c.req.param('personId'), ctxOf(c));
    return c.redirect(`/organise/groups/${group.id}?done=member-removed`, 303);
  });

  app.get('/organise/groups/:id/import', async (c) => {
    const group = await getGroup(c.get('deps').store, c.req.param('id'));
    if (!group) return notFoundHere(c, 'There is no group with this id.');
    return render(
      c,
      <ImportPage ctx={pageContext(c)} group={group} csv="email,role,name,organisation,capacity" problem={null} rows={null} />,
    );
  });

  app.post('/organise/groups/:id/import', async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) return notFoundHere(c, 'There is no group with this id.');
    if (!canEditMembers(c.get('user'), group.id)) return forbidden(c, 'Your account keeps the members of its own groups only.');
    const body = await c.req.parseBody();
    const file = body.file;
    let csv = str(body, 'csv') || str(body, 'pasted');
    if (file instanceof File && file.size > 0) {
      if (file.size > 512 * 1024) {
        return render(
          c,
          <ImportPage ctx={pageContext(c)} group={group} csv="" problem="The file is larger than 512 KB; split it." rows={null} />,
          400,
        );
      }
      csv = await file.text();
    }
    const organisations = await listOrganisations(store);
    const byName = new Map(organisations.flatMap((o) => [[o.name.toLowerCase(), o.id] as const, [o.id, o.id] as const]));
    const preview = readMemberCsv(csv, (nameOrId) => byName.get(nameOrId.toLowerCase()) ?? byName.get(nameOrId) ?? null);
    if (!preview.ok)
      return render(c, <ImportPage ctx={pageContext(c)} group={group} csv={csv} problem={preview.message} rows={null} />, 400);
    if (str(body, 'step') !== 'apply') {
      return render(c, <ImportPage ctx={pageContext(c)} group={group} csv={csv} problem={null} rows={preview.rows} />);
    }
    // The file is read again rather than trusting the preview; the good rows go in one batch.
    const ctx = ctxOf(c);
    const statements: CompiledQuery[] = preview.rows.flatMap((r) =>
      r.member ? upsertMemberStatements(store, group.id, r.member, ctx) : [],
    );
    if (statements.length) await store.batch(statements);
    return c.redirect(`/organise/groups/${group.id}?done=imported`, 303);
  });

  return app;
}
