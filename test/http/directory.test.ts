import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('the partnership directory: organisations, groups and members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('adds an organisation, refuses a duplicate name with 409, and explains bad fields', async () => {
    const fire = await t.call('POST', '/api/organisations', {
      name: 'Fire and Rescue Service',
      kind: 'fire',
      email: 'Prevention@Example.org',
    });
    expect(fire.status).toBe(201);
    expect(fire.body).toMatchObject({ name: 'Fire and Rescue Service', kind: 'fire', email: 'prevention@example.org', website: null });
    const dup = await t.call('POST', '/api/organisations', { name: 'Fire and Rescue Service' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ field: 'name', message: expect.stringMatching(/already used/) });
    const bad = await t.call('POST', '/api/organisations', { name: '', kind: 'army', website: 'ftp://x', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['name', 'kind', 'website', 'email']);
    const renamed = await t.call('PATCH', `/api/organisations/${fire.body.id}`, { website: 'https://fire.example.org' });
    expect(renamed.body).toMatchObject({ name: 'Fire and Rescue Service', website: 'https://fire.example.org' });
    expect((await t.call('POST', '/api/organisations', { name: 'Anon' }, { auth: false })).status).toBe(401);
  });

  it('will not delete an organisation that events still name', async () => {
    const org = (await t.call('POST', '/api/organisations', { name: 'Money Lending Team' })).body;
    const event = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Bite Back Week',
        start: '2026-08-03',
        end: '2026-08-07',
        organisationId: org.id,
      })
    ).body;
    const refused = await t.call('DELETE', `/api/organisations/${org.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/still used by 1/);
    await t.call('PATCH', `/api/events/${event.id}`, { organisationId: null });
    expect((await t.call('DELETE', `/api/organisations/${org.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/organisations/${org.id}`)).status).toBe(404);
  });

  it('creates a group with a slug from its name and finds it by slug', async () => {
    const group = await t.call('POST', '/api/groups', { name: 'Independent Advisory Group', organiserEmail: 'iag-secretary@example.org' });
    expect(group.body.slug).toBe('independent-advisory-group');
    expect((await t.call('GET', '/api/groups/independent-advisory-group', undefined, { auth: false })).body.id).toBe(group.body.id);
    const clash = await t.call('POST', '/api/groups', { name: 'Another', slug: 'independent-advisory-group' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.field).toBe('slug');
    const badSlug = await t.call('POST', '/api/groups', { name: 'Board', slug: 'Board Room!' });
    expect(badSlug.body.error).toMatchObject({ field: 'slug', message: expect.stringMatching(/lower-case/) });
  });

  it('adds members by email and role, updates a role without duplicating the person, and removes them', async () => {
    const group = (await t.call('POST', '/api/groups', { name: 'Police and Crime Panel' })).body;
    const chair = await t.call('POST', `/api/groups/${group.id}/members`, { email: 'Panel-Chair@example.org', role: 'Chairman' });
    expect(chair.status).toBe(201);
    expect(chair.body).toMatchObject({ email: 'panel-chair@example.org', role: 'Chairman' });
    await t.call('POST', `/api/groups/${group.id}/members`, { email: 'panel-chair@example.org', role: 'Vice-Chairman' });
    const members = await t.call('GET', `/api/groups/${group.id}/members`);
    expect(members.body.members).toEqual([expect.objectContaining({ email: 'panel-chair@example.org', role: 'Vice-Chairman' })]);
    expect((await t.call('GET', `/api/groups/${group.id}/members`, undefined, { auth: false })).status).toBe(401);
    const bad = await t.call('POST', `/api/groups/${group.id}/members`, { email: 'nobody', role: '' });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['email', 'role']);
    expect((await t.call('DELETE', `/api/groups/${group.id}/members/${chair.body.personId}`)).status).toBe(204);
    expect((await t.call('GET', `/api/groups/${group.id}/members`)).body.members).toEqual([]);
    expect((await t.call('DELETE', `/api/groups/${group.id}/members/${chair.body.personId}`)).status).toBe(404);
  });

  it('lists the vocabulary clients need for forms', async () => {
    const res = await t.call('GET', '/api/vocabulary', undefined, { auth: false });
    expect(res.body.themes).toContainEqual({ code: 'C2', label: 'Hate crime' });
    expect(res.body.kinds.map((k: { id: string }) => k.id)).toEqual(['campaign_week', 'activity', 'meeting', 'training', 'deadline']);
  });
});
