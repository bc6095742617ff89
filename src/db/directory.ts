/** @module Storage of organisations, groups, people and memberships. */
import type { Group, GroupFields, Member, MemberFields, Organisation, OrganisationFields } from '../domain/directory.js';
import type { Capacity, PublicAttendance } from '../meetings/capacity.js';
import type { OrganisationKind } from '../domain/kinds.js';
import { auditStatement, diff } from './audit.js';
import type { Selectable } from 'kysely';
import type { GroupsTable, OrganisationsTable } from './schema.js';
import { ConflictError, isUniqueViolation, newId, stamp, type Store, type WriteContext } from './store.js';

function toOrganisation(r: OrganisationsTable): Organisation {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as OrganisationKind,
    website: r.website,
    email: r.email,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toGroup(r: Selectable<GroupsTable>): Group {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    organisationId: r.organisation_id,
    organiserEmail: r.organiser_email,
    quorum: r.quorum,
    publicAttendance: r.public_attendance as PublicAttendance,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function applyUnique(store: Store, statements: Parameters<Store['batch']>[0], field: string, what: string): Promise<void> {
  try {
    await store.batch(statements);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(field, `is already used by another ${what}`);
    throw error;
  }
}

export async function listOrganisations(store: Store): Promise<Organisation[]> {
  const rows = await store.db.selectFrom('organisations').selectAll().orderBy('name').execute();
  return rows.map(toOrganisation);
}

export async function getOrganisation(store: Store, id: string): Promise<Organisation | null> {
  const row = await store.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrganisation(row) : null;
}

export function insertOrganisationStatements(store: Store, fields: OrganisationFields, ctx: WriteContext, id = newId()) {
  const now = stamp(ctx.now);
  return {
    id,
    statements: [
      store.db
        .insertInto('organisations')
        .values({ id, ...fields, created_at: now, updated_at: now })
        .compile(),
      auditStatement(store, ctx, { action: 'create', entity: 'organisation', entityId: id, changes: { name: fields.name } }),
    ],
  };
}

export async function createOrganisation(store: Store, fields: OrganisationFields, ctx: WriteContext): Promise<Organisation> {
  const { id, statements } = insertOrganisationStatements(store, fields, ctx);
  await applyUnique(store, statements, 'name', 'organisation');
  return (await getOrganisation(store, id))!;
}

export async function updateOrganisation(
  store: Store,
  current: Organisation,
  fields: OrganisationFields,
  ctx: WriteContext,
): Promise<Organisation> {
  const changes = diff({ ...current }, { ...current, ...fields });
  if (!Object.keys(changes).length) return current;
  await applyUnique(
    store,
    [
      store.db
        .updateTable('organisations')
        .set({ ...fields, updated_at: stamp(ctx.now) })
        .where('id', '=', current.id)
        .compile(),
      auditStatement(store, ctx, { action: 'update', entity: 'organisation', entityId: current.id, changes }),
    ],
    'name',
    'organisation',
  );
  return (await getOrganisation(store, current.id))!;
}

/** How many events, groups and people still point at an organisation (it cannot go while any do). */
export async function organisationUsage(store: Store, id: string): Promise<number> {
  const counts = await Promise.all([
    store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow(),
    store.db
      .selectFrom('groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow(),
    store.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  return counts.reduce((sum, c) => sum + Number(c.n), 0);
}

export async function deleteOrganisation(store: Store, current: Organisation, ctx: WriteContext): Promise<void> {
  await store.batch([
    store.db.deleteFrom('organisations').where('id', '=', current.id).compile(),
    auditStatement(store, ctx, { action: 'delete', entity: 'organisation', entityId: current.id, changes: { name: current.name } }),
  ]);
}

export async function listGroups(store: Store): Promise<Group[]> {
  const rows = await store.db.selectFrom('groups').selectAll().orderBy('name').execute();
  return rows.map(toGroup);
}

export async function getGroup(store: Store, idOrSlug: string): Promise<Group | null> {
  const row = await store.db
    .selectFrom('groups')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
  return row ? toGroup(row) : null;
}

export function insertGroupStatements(store: Store, fields: GroupFields, ctx: WriteContext, id = newId()) {
  const now = stamp(ctx.now);
  return {
    id,
    statements: [
      store.db
        .insertInto('groups')
        .values({
          id,
          slug: fields.slug,
          name: fields.name,
          description: fields.description,
          organisation_id: fields.organisationId,
          organiser_email: fields.organiserEmail,
          quorum: fields.quorum,
          public_attendance: fields.publicAttendance,
          created_at: now,
          updated_at: now,
        })
        .compile(),
      auditStatement(store, ctx, { action: 'create', entity: 'group', entityId: id, changes: { name: fields.name } }),
    ],
  };
}

export async function createGroup(store: Store, fields: GroupFields, ctx: WriteContext): Promise<Group> {
  const { id, statements } = insertGroupStatements(store, fields, ctx);
  await applyUnique(store, statements, 'slug', 'group');
  return (await getGroup(store, id))!;
}

export async function updateGroup(store: Store, current: Group, fields: GroupFields, ctx: WriteContext): Promise<Group> {
  const changes = diff({ ...current }, { ...current, ...fields });
  if (!Object.keys(changes).length) return current;
  await applyUnique(
    store,
    [
      store.db
        .updateTable('groups')
        .set({
          slug: fields.slug,
          name: fields.name,
          description: fields.description,
          organisation_id: fields.organisationId,
          organiser_email: fields.organiserEmail,
          quorum: fields.quorum,
          public_attendance: fields.publicAttendance,
          updated_at: stamp(ctx.now),
        })
        .where('id', '=', current.id)
        .compile(),
      auditStatement(store, ctx, { action: 'update', entity: 'group', entityId: current.id, changes }),
    ],
    'slug',
    'group',
  );
  return (await getGroup(store, current.id))!;
}

export async function listMembers(store: Store, groupId: string): Promise<Member[]> {
  const rows = await store.db
    .selectFrom('group_members')
    .innerJoin('people', 'people.id', 'group_members.person_id')
    .select([
      'people.id as person_id',
      'group_members.group_id',
      'people.email',
      'people.display_name',
      'group_members.role',
      'group_members.capacity',
      'people.organisation_id',
    ])
    .where('group_members.group_id', '=', groupId)
    .orderBy('group_members.role')
    .orderBy('people.email')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    groupId: r.group_id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    capacity: r.capacity as Capacity,
    organisationId: r.organisation_id,
  }));
}

/** The groups a person (by email) belongs to: what their private feed and reminders cover. */
export async function groupIdsOfEmail(store: Store, email: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('group_members')
    .innerJoin('people', 'people.id', 'group_members.person_id')
    .select('group_members.group_id')
    .where('people.email', '=', email.toLowerCase())
    .execute();
  return rows.map((r) => r.group_id);
}

/**
 * The statements that add (or update) a member: the person is found by email or created, then the
 * membership is inserted or its role updated. One batch, so a failed add leaves no orphan person.
 */
export function upsertMemberStatements(store: Store, groupId: string, fields: MemberFields, ctx: WriteContext, personId = newId()) {
  const now = stamp(ctx.now);
  return [
    store.db
      .insertInto('people')
      .values({
        id: personId,
        email: fields.email,
        display_name: fields.displayName,
        organisation_id: fields.organisationId,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('email').doUpdateSet((eb) => ({
          display_name: eb.fn.coalesce(eb.ref('excluded.display_name'), eb.ref('people.display_name')),
          organisation_id: eb.fn.coalesce(eb.ref('excluded.organisation_id'), eb.ref('people.organisation_id')),
          updated_at: now,
        })),
      )
      .compile(),
    store.db
      .insertInto('group_members')
      .columns(['group_id', 'person_id', 'role', 'capacity', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('people')
          .select([
            eb.val(groupId).as('group_id'),
            'people.id',
            eb.val(fields.role).as('role'),
            eb.val(fields.capacity).as('capacity'),
            eb.val(now).as('created_at'),
          ])
          .where('people.email', '=', fields.email),
      )
      .onConflict((oc) => oc.columns(['group_id', 'person_id']).doUpdateSet({ role: fields.role, capacity: fields.capacity }))
      .compile(),
    auditStatement(store, ctx, {
      action: 'add-member',
      entity: 'group',
      entityId: groupId,
      changes: { email: fields.email, role: fields.role, capacity: fields.capacity },
    }),
  ];
}

export async function upsertMember(store: Store, groupId: string, fields: MemberFields, ctx: WriteContext): Promise<Member> {
  await store.batch(upsertMemberStatements(store, groupId, fields, ctx));
  const members = await listMembers(store, groupId);
  return members.find((m) => m.email === fields.email)!;
}

export async function removeMember(store: Store, groupId: string, personId: string, ctx: WriteContext): Promise<boolean> {
  const existing = await store.db
    .selectFrom('group_members')
    .select('person_id')
    .where('group_id', '=', groupId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!existing) return false;
  await store.batch([
    store.db.deleteFrom('group_members').where('group_id', '=', groupId).where('person_id', '=', personId).compile(),
    auditStatement(store, ctx, { action: 'remove-member', entity: 'group', entityId: groupId, changes: { personId } }),
  ]);
  return true;
}
