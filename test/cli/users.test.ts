/**
 * The first administrator comes from the command line: `user create` with --password or a
 * password piped on standard input, then signs in on the web pages.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useCliDatabase } from './support.js';
import { Session } from '../web/support/jar.js';

describe('npm run cli -- user', () => {
  const db = useCliDatabase('safercal-cli-users-');
  const cli = db.cli;

  async function signInStatus(email: string, password: string): Promise<number> {
    return db.withApp(async (app) => (await new Session(app).post('/signin', { email, password })).status);
  }

  it('creates the first admin, who can then sign in on the web', async () => {
    await cli('migrate');
    const out = await cli('user', 'create', 'Admin@Example.org', '--role', 'admin', '--password', 'correct horse battery staple');
    expect(out.at(-1)).toBe('created admin account admin@example.org; sign in at /signin');
    expect(await signInStatus('admin@example.org', 'correct horse battery staple')).toBe(303);
    expect(await signInStatus('admin@example.org', 'wrong horse battery staple')).toBe(401);
  });

  it('refuses a short password, an unknown role or group, and a second account for the same email', async () => {
    await expect(cli('user', 'create', 'short@example.org', '--password', 'too short')).rejects.toThrow(
      'password must be at least 12 characters',
    );
    await expect(cli('user', 'create', 'x@example.org', '--role', 'chair', '--password', 'long enough password')).rejects.toThrow(
      '--role must be one of: admin, organiser, viewer',
    );
    await expect(cli('user', 'create', 'x@example.org', '--group', 'nope', '--password', 'long enough password')).rejects.toThrow(
      '--group "nope" is not a group slug or id',
    );
    await expect(cli('user', 'create', 'admin@example.org', '--password', 'another long password')).rejects.toThrow(
      'admin@example.org already has an account',
    );
  });

  it('reads the password from standard input when it is piped in', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'user', 'create', 'viewer@example.org', '--role', 'viewer'],
      {
        env: { ...process.env, DATABASE_PATH: db.env.DATABASE_PATH },
        input: 'partner agency viewer\n',
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('created viewer account viewer@example.org');
  });

  it('changes a password, after which only the new one works, and disables an account', async () => {
    await cli('user', 'password', 'viewer@example.org', '--password', 'a brand new passphrase');
    expect(await signInStatus('viewer@example.org', 'partner agency viewer')).toBe(401);
    expect(await signInStatus('viewer@example.org', 'a brand new passphrase')).toBe(303);
    await cli('user', 'disable', 'viewer@example.org');
    expect(await signInStatus('viewer@example.org', 'a brand new passphrase')).toBe(401);
    expect(await cli('user', 'list')).toEqual(['admin@example.org  admin', 'viewer@example.org  viewer  DISABLED']);
  });
});
