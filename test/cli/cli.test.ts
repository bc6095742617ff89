import { describe, expect, it } from 'vitest';
import { useCliDatabase } from './support.js';

describe('the operators’ command line', () => {
  const db = useCliDatabase('safercal-cli-');
  const cli = db.cli;

  async function callApi(token: string) {
    return db.withApp(async (app) => {
      const res = await app.request('/api/events', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: 'deadline', title: 'Consultation closes', start: '2026-09-11' }),
      });
      return res.status;
    });
  }

  it('migrates, loads the demo once, and refuses to load it into a calendar that has data', async () => {
    expect((await cli('migrate')).join('\n')).toMatch(/applied migrations: 0001_core.sql/);
    expect((await cli('seed')).join('\n')).toMatch(/loaded demo data: \d+ organisations, 4 groups, \d+ events/);
    await expect(cli('seed')).rejects.toThrow(/already has data; use --force/);
  });

  it('creates a token that the API accepts, lists it without the secret, and revokes it', async () => {
    const out = await cli('token', 'create', 'community-safety-team');
    const token = out.at(-1)!;
    expect(token).toMatch(/^sct_[A-Za-z0-9_-]{40,}$/);
    expect(await callApi(token)).toBe(201);
    const listed = (await cli('token', 'list')).join('\n');
    expect(listed).toContain('community-safety-team');
    expect(listed).not.toContain(token);
    expect((await cli('token', 'revoke', 'community-safety-team')).join('\n')).toMatch(/revoked/);
    expect(await callApi(token)).toBe(401);
    expect((await cli('token', 'list')).join('\n')).toMatch(/REVOKED/);
  });

  it('explains mistakes instead of failing obscurely', async () => {
    await expect(cli('token', 'create')).rejects.toThrow(/needs a name/);
    await expect(cli('token', 'create', 'ops', '--role', 'root')).rejects.toThrow(/--role must be organiser or admin/);
    await expect(cli('token', 'revoke', 'nobody')).rejects.toThrow(/no live token/);
    await expect(cli('frobnicate')).rejects.toThrow(/unknown command "frobnicate"/);
    await expect(cli('token', 'create', 'x', '--colour', 'red')).rejects.toThrow(/Unknown option/);
    expect((await cli('help')).join('\n')).toMatch(/token create <name>/);
  });
});
