/**
 * The command line refuses to guess: no new empty database when DATABASE_PATH points nowhere, no
 * emails with links to an address nobody can reach; and `outbox list | head` ends quietly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { useCliDatabase } from './support.js';

describe('the command line’s safety checks', () => {
  const db = useCliDatabase('safercal-cli-safety-');

  it('refuses to work on a database file that does not exist, and does not create one', async () => {
    const missing = join(db.env.DATABASE_PATH!, '..', 'typo.sqlite');
    const env = { DATABASE_PATH: missing };
    await expect(run(['outbox', 'list'], env, () => {})).rejects.toThrow(`there is no database at ${missing}`);
    await expect(run(['user', 'list'], env, () => {})).rejects.toThrow(/npm run cli -- migrate/);
    expect(existsSync(missing)).toBe(false);
    // migrate is how a database is made (seed too, which needs somewhere to put the demo).
    await run(['migrate'], env, () => {});
    expect(existsSync(missing)).toBe(true);
  });

  it('will not send email with links to an unknown address: PUBLIC_URL, or the one the server recorded', async () => {
    await db.cli('seed');
    await expect(db.cli('dispatch', '--now', '2022-09-14T17:00:00Z')).rejects.toThrow(/PUBLIC_URL is not set and no server has recorded/);
    await expect(db.cli('feed', 'create', '--email', 'iag-member-1@example.org')).rejects.toThrow(/PUBLIC_URL is not set/);
    const ok = await run(
      ['dispatch', '--now', '2022-09-14T17:00:00Z'],
      { ...db.env, PUBLIC_URL: 'https://calendar.example.org' },
      () => {},
    );
    expect(ok).toBeUndefined();
  });

  it('prints a mail server’s reply with its control and bidirectional characters as visible escapes', async () => {
    // A week before the demo IAG's meeting of Wednesday 20 January 2027 (its third Wednesdays): its reminders go.
    await run(['dispatch', '--now', '2027-01-13T17:00:00Z'], { ...db.env, PUBLIC_URL: 'https://calendar.example.org' }, () => {});
    const sqlite = new BetterSqlite3(db.env.DATABASE_PATH!);
    const row = sqlite.prepare('select id, event_id from reminder_deliveries order by due_at limit 1').get() as {
      id: string;
      event_id: string;
    };
    // What a hostile or broken relay may answer: a cursor movement, a screen clear and an override.
    sqlite
      .prepare("update reminder_deliveries set status = 'failed', last_error = ? where id = ?")
      .run('550 No\u001b[2K\u001b[1Gsent  ok \u202edelbane', row.id);
    sqlite.close();
    const lines = await db.cli('deliveries', row.event_id);
    // A sent one names its Message-ID, to match the e-mail a recipient forwards.
    expect(lines.filter((line) => line.startsWith('sent')).length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.startsWith('sent')).every((line) => / {2}<[^>\s]+@[^>\s]+>/.test(line))).toBe(true);
    const failed = lines.find((line) => line.startsWith('failed'))!;
    expect(failed).toContain('(550 No\\u{1b}[2K\\u{1b}[1Gsent  ok \\u{202e}delbane)');
    expect(lines.join('\n')).not.toMatch(/[\u001b\u202e]/);
  });

  it('ends quietly when its output is cut short (npm run cli -- outbox list | head)', async () => {
    await db.cli('migrate');
    const sqlite = new BetterSqlite3(db.env.DATABASE_PATH!);
    const insert = sqlite.prepare(
      `INSERT INTO mail_outbox (id, message_id, sender, recipients, subject, text_body, html_body, headers, calendar, created_at)
       VALUES (?, ?, 'calendar@example.org', '["member@example.org"]', ?, 'text', '', '{}', NULL, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < 900; i++)
        insert.run(
          `kept-${i}`,
          `<kept-${i}@example.org>`,
          `Reminder number ${i} about a meeting of the group`,
          `2022-09-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
        );
    })();
    sqlite.close();
    const piped = spawnSync('bash', ['-o', 'pipefail', '-c', 'npx tsx src/cli/main.ts outbox list --limit 900 | head -n 1'], {
      env: { ...process.env, DATABASE_PATH: db.env.DATABASE_PATH },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(piped.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(piped.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(piped.status).toBe(0);
  });
});
