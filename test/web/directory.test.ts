/**
 * Keeping the directory from the workspace: groups, organisations and members, and a CSV import
 * that previews every row with its problems before anything is written, then applies the good
 * rows together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGroup, listMembers } from '../../src/db/directory.js';
import { createUser, findLogin } from '../../src/db/users.js';
import { TEST_COST } from './support/cost.js';
import { hashPassword, verifyPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { Session } from './support/jar.js';

const ADMIN = { email: 'calendar-admin@example.org', password: 'correct horse battery staple' };

describe('the directory pages', () => {
  let t: TestApp;
  let admin: Session;
  let iagId: string;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    await createUser(
      t.handle.store,
      { email: ADMIN.email, role: 'admin', passwordHash: await hashPassword(ADMIN.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: t.clock() },
    );
    admin = new Session(t.app);
    expect((await admin.post('/signin', { email: ADMIN.email, password: ADMIN.password })).status).toBe(303);
    iagId = (await getGroup(t.handle.store, 'iag'))!.id;
  });
  afterAll(() => t.close());

  const csv = [
    'Email,Role,Name,Organisation',
    'new-member-1@example.org,IAG Member,,',
    '"new-member-2@example.org","IAG Member, youth seat",Youth representative,Milton Keynes College',
    'not-an-email,IAG Member,,',
    'new-member-3@example.org,,,',
    'new-member-4@example.org,IAG Member,,Acme Widgets Ltd',
    'NEW-MEMBER-1@example.org,IAG Member,,',
    'iag-chair@example.org,IAG Vice-Chair,,',
  ].join('\r\n');

  it('previews an import row by row, naming each problem, and writes nothing yet', async () => {
    const before = (await listMembers(t.handle.store, iagId)).length;
    const preview = await admin.post(
      `/organise/groups/${iagId}/import`,
      { step: 'preview', pasted: csv },
      `/organise/groups/${iagId}/import`,
    );
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('3 rows are ready to import; 4 rows have problems and will be left out.');
    expect(preview.text).toContain('email must be an email address like someone@example.org');
    expect(preview.text).toContain('role is required');
    expect(preview.text).toContain('organisation &quot;Acme Widgets Ltd&quot; is not an organisation in the directory');
    expect(preview.text).toContain('email is also on line 2');
    expect((await listMembers(t.handle.store, iagId)).length).toBe(before);
  });

  it('imports the good rows together when confirmed, updating existing members’ roles', async () => {
    const page = await admin.post(`/organise/groups/${iagId}/import`, { step: 'preview', pasted: csv }, `/organise/groups/${iagId}/import`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const carried = /name="csv" value="([^"]*)"/
      .exec(page.text)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const applied = await admin.request('POST', `/organise/groups/${iagId}/import`, { _csrf: token, step: 'apply', csv: carried });
    expect(applied.status).toBe(303);
    const members = await listMembers(t.handle.store, iagId);
    const byEmail = new Map(members.map((m) => [m.email, m]));
    expect(byEmail.get('new-member-1@example.org')?.role).toBe('IAG Member');
    expect(byEmail.get('new-member-2@example.org')).toMatchObject({ role: 'IAG Member, youth seat', displayName: 'Youth representative' });
    expect(byEmail.get('iag-chair@example.org')?.role).toBe('IAG Vice-Chair');
    expect(byEmail.has('new-member-3@example.org')).toBe(false);
    expect(byEmail.has('new-member-4@example.org')).toBe(false);
    const group = await admin.get(`/organise/groups/${iagId}?done=imported`);
    expect(group.text).toContain('The members have been imported.');
    expect(group.text).toContain('new-member-2@example.org');
  });

  it('refuses a file without email and role columns with a message saying what is needed', async () => {
    const res = await admin.post(
      `/organise/groups/${iagId}/import`,
      { step: 'preview', pasted: 'address;job\nx@example.org;member' },
      `/organise/groups/${iagId}/import`,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('The first line must name the columns, including email and role');
  });

  it('creates a group and refuses a second one with the same short name beside the field', async () => {
    const created = await admin.post(
      '/organise/groups/new',
      { name: 'Knife Crime Task and Finish Group', slug: '', description: '', organisationId: '', organiserEmail: '' },
      '/organise/groups/new',
    );
    expect(created.status).toBe(303);
    expect((await getGroup(t.handle.store, 'knife-crime-task-and-finish-group'))?.name).toBe('Knife Crime Task and Finish Group');
    const clash = await admin.post(
      '/organise/groups/new',
      {
        name: 'Another group',
        slug: 'knife-crime-task-and-finish-group',
        description: '',
        organisationId: '',
        organiserEmail: 'not an email',
      },
      '/organise/groups/new',
    );
    expect(clash.status).toBe(400);
    expect(clash.text).toContain('id="organiserEmail-error"');
    const clash2 = await admin.post(
      '/organise/groups/new',
      { name: 'Another group', slug: 'knife-crime-task-and-finish-group', description: '', organisationId: '', organiserEmail: '' },
      '/organise/groups/new',
    );
    expect(clash2.status).toBe(409);
    expect(clash2.text).toMatch(/id="slug-error"[\s\S]*is already used by another group/);
  });

  it('lets an administrator create an account whose password is stored only as a scrypt hash', async () => {
    const res = await admin.post(
      '/organise/users',
      { email: 'Board-Officer@example.org', role: 'organiser', password: 'quarterly board in the chamber' },
      '/organise/users',
    );
    expect(res.status).toBe(303);
    const login = await findLogin(t.handle.store, 'board-officer@example.org');
    expect(login?.user.role).toBe('organiser');
    expect(login?.passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(await verifyPassword('quarterly board in the chamber', login!.passwordHash)).toBe(true);
    const groups = await t.handle.store.db.selectFrom('groups').select('id').where('slug', 'in', ['iag', 'safermk-board']).execute();
    const scoped = await admin.post(
      '/organise/users',
      { email: 'two-groups@example.org', role: 'organiser', groupIds: groups.map((g) => g.id), password: 'two groups organiser pass' },
      '/organise/users',
    );
    expect(scoped.status).toBe(303);
    expect((await findLogin(t.handle.store, 'two-groups@example.org'))?.user.groupIds.sort()).toEqual(groups.map((g) => g.id).sort());
    const short = await admin.post(
      '/organise/users',
      { email: 'another@example.org', role: 'viewer', password: 'short' },
      '/organise/users',
    );
    expect(short.status).toBe(400);
    expect(short.text).toContain('Password must be at least 12 characters');
  });
});
