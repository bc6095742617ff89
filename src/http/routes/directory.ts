/** @module The directory API: organisations, groups and group members (organisers only for changes). */
import { Hono, type Context } from 'hono';
import {
  createGroup,
  createOrganisation,
  deleteOrganisation,
  getGroup,
  getOrganisation,
  listGroups,
  listMembers,
  listOrganisations,
  organisationUsage,
  removeMember,
  updateGroup,
  updateOrganisation,
  upsertMember,
} from '../../db/directory.js';
import type { Store } from '../../db/store.js';
import { validateGroup, validateMember, validateOrganisation } from '../../domain/directory.js';
import type { Validated } from '../../domain/validation.js';
import { requireOrganiser } from '../auth.js';
import type { AppEnv } from '../deps.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { readJsonObject } from '../request.js';

function valid<T>(result: Validated<T>): T {
  if (!result.ok) throw badRequest(result.errors);
  return result.value;
}

async function organisationExists(store: Store, field: string, id: string | null): Promise<void> {
  if (id && !(await getOrganisation(store, id))) throw badRequest([{ field, message: 'no organisation with this id' }]);
}

const ctx = (c: Context<AppEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

export function directoryRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/organisations', async (c) => c.json({ organisations: await listOrganisations(c.get('deps').store) }));

  app.get('/organisations/:id', async (c) => {
    const org = await getOrganisation(c.get('deps').store, c.req.param('id'));
    if (!org) throw notFound('organisation');
    return c.json(org);
  });

  app.post('/organisations', requireOrganiser, async (c) => {
    const fields = valid(validateOrganisation(await readJsonObject(c)));
    const org = await createOrganisation(c.get('deps').store, fields, ctx(c));
    c.header('Location', `/api/organisations/${org.id}`);
    return c.json(org, 201);
  });

  app.patch('/organisations/:id', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const current = await getOrganisation(store, c.req.param('id'));
    if (!current) throw notFound('organisation');
    const body = await readJsonObject(c);
    const fields = valid(
      validateOrganisation({ name: current.name, kind: current.kind, website: current.website, email: current.email, ...body }),
    );
    return c.json(await updateOrganisation(store, current, fields, ctx(c)));
  });

  app.delete('/organisations/:id', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const current = await getOrganisation(store, c.req.param('id'));
    if (!current) throw notFound('organisation');
    const uses = await organisationUsage(store, current.id);
    if (uses > 0) throw conflict('id', `is still used by ${uses} event(s), group(s) or member(s); reassign them first`);
    await deleteOrganisation(store, current, ctx(c));
    return c.body(null, 204);
  });

  // Groups and their membership are partnership business: listing members needs an organiser.
  app.get('/groups', async (c) => c.json({ groups: await listGroups(c.get('deps').store) }));

  app.get('/groups/:id', async (c) => {
    const group = await getGroup(c.get('deps').store, c.req.param('id'));
    if (!group) throw notFound('group');
    return c.json(group);
  });

  app.post('/groups', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const fields = valid(validateGroup(await readJsonObject(c)));
    await organisationExists(store, 'organisationId', fields.organisationId);
    const group = await createGroup(store, fields, ctx(c));
    c.header('Location', `/api/groups/${group.id}`);
    return c.json(group, 201);
  });

  app.patch('/groups/:id', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const current = await getGroup(store, c.req.param('id'));
    if (!current) throw notFound('group');
    const body = await readJsonObject(c);
    const base = {
      slug: current.slug,
      name: current.name,
      description: current.description,
      organisationId: current.organisationId,
      organiserEmail: current.organiserEmail,
      quorum: current.quorum,
      publicAttendance: current.publicAttendance,
    };
    const fields = valid(validateGroup({ ...base, ...body }));
    await organisationExists(store, 'organisationId', fields.organisationId);
    return c.json(await updateGroup(store, current, fields, ctx(c)));
  });

  app.get('/groups/:id/members', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) throw notFound('group');
    return c.json({ members: await listMembers(store, group.id) });
  });

  app.post('/groups/:id/members', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) throw notFound('group');
    const fields = valid(validateMember(await readJsonObject(c)));
    await organisationExists(store, 'organisationId', fields.organisationId);
    return c.json(await upsertMember(store, group.id, fields, ctx(c)), 201);
  });

  app.delete('/groups/:id/members/:personId', requireOrganiser, async (c) => {
    const { store } = c.get('deps');
    const group = await getGroup(store, c.req.param('id'));
    if (!group) throw notFound('group');
    if (!(await removeMember(store, group.id, c.req.param('personId'), ctx(c)))) throw notFound('member of this group');
    return c.body(null, 204);
  });

  return app;
}
