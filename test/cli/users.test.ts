/**
 * The first administrator comes from the command line: `user create` with the password asked for
 * or piped on standard input (never an option, which other users of the machine could read),
 * then signs in on the web pages.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useCliDatabase } from './support.js';
import { Session } from '../web/support/jar.js';

describe('npm run cli -- user', () => {
  const db = useCliDatabase('safercal-cli-users-');
  const cli = db.cli;
  const withPassword = db.cliWithInput;

  async function signInStatus(email: string, password: string): Promise<number> {
    return db.withApp(async (app) => (await new Session(app).post('/signin', { email, password })).status);
  }

  it('creates the first admin, who can then sign in on the web', async () => {
    await cli('migrate');
    const out = await withPassword('correct horse battery staple\n', 'user', 'create', 'Admin@Example.org', '--role', 'admin');
    expect(out.at(-1)).toBe('created admin account admin@example.org; sign in at /signin');
    expect(await signInStatus('admin@example.org', 'correct horse battery staple')).toBe(303);
    expect(await signInStatus('admin@example.org', 'wrong horse battery staple')).toBe(401);
  });

  it('refuses a short password, an unknown role or group, and a second account for the same email', async () => {
    await expect(withPassword('too short\n', 'user', 'create', 'short@example.org')).rejects.toThrow(
      'password must be at least 12 characters',
    );
    await expect(withPassword('long enough password\n', 'user', 'create', 'x@example.org', '--role', 'chair')).rejects.toThrow(
      '--role must be one of: admin, organiser, viewer',
    );
    await expect(withPassword('long enough password\n', 'user', 'create', 'x@example.org', '--group', 'nope')).rejects.toThrow(
      '--group "nope" is not a group slug or id',
    );
    await expect(withPassword('another long password\n', 'user', 'create', 'admin@example.org')).rejects.toThrow(
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

  it('refuses a password given as an option, saying why and what to do instead', async () => {
    await expect(cli('user', 'create', 'option@example.org', '--password', 'correct horse battery staple')).rejects.toThrow(
      /--password is not accepted: a password on the command line can be read by other users of this machine/,
    );
    await expect(cli('user', 'password', 'admin@example.org', '--password=a brand new passphrase')).rejects.toThrow(
      /--password is not accepted/,
    );
    expect(await signInStatus('admin@example.org', 'correct horse battery staple')).toBe(303);
    expect((await cli('user', 'list')).join('\n')).not.toContain('option@example.org');
  });

  it('changes a password, after which only the new one works, and disables an account', async () => {
    await withPassword('a brand new passphrase\n', 'user', 'password', 'viewer@example.org');
    expect(await signInStatus('viewer@example.org', 'partner agency viewer')).toBe(401);
    expect(await signInStatus('viewer@example.org', 'a brand new passphrase')).toBe(303);
    await cli('user', 'disable', 'viewer@example.org');
    expect(await signInStatus('viewer@example.org', 'a brand new passphrase')).toBe(401);
    expect(await cli('user', 'list')).toEqual(['admin@example.org  admin', 'viewer@example.org  viewer  DISABLED']);
  });
});
