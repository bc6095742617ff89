import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANOTHER_PROCESS_REACHES_THE_DATABASE, APP_ON_SQLITE, projectBackend } from '../support/backends.js';

const script = (name: string) => fileURLToPath(new URL(`./support/${name}`, import.meta.url));

/** Runs a script in a fresh Node process with the given TZ (and `env` beside) and returns its stdout bytes. */
function runWithTz(tz: string, args: string[], env: Record<string, string> = {}): Buffer {
  return execFileSync(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env, TZ: tz },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('feeds do not depend on the server time zone', () => {
  // Opens no database: once, in the node project.
  it.runIf(APP_ON_SQLITE)('renders the fixture calendar and invitations to identical bytes under TZ=UTC and TZ=America/New_York', () => {
    const utc = runWithTz('UTC', [script('render-fixture.ts')]);
    const newYork = runWithTz('America/New_York', [script('render-fixture.ts')]);
    expect(utc.length).toBeGreaterThan(5000);
    expect(newYork.equals(utc)).toBe(true);
    // And the times are UK times: 18:00 in London, whatever the server's zone.
    expect(utc.toString('utf8')).toContain('DTSTART;TZID=Europe/London:20220921T180000');
  });

  // On SQLite and PostgreSQL, which a Node server opens; a Worker (D1) has no server time zone: workerd runs in UTC.
  it.runIf(ANOTHER_PROCESS_REACHES_THE_DATABASE)(
    'serves the demo database as identical feed bytes (and ETags) under both zones',
    async () => {
      // A copy of the demo calendar each: the first process would otherwise keep its fragments for the second to reuse.
      const serve = async (tz: string) => {
        const copy = await projectBackend().open({ from: 'demoAtTestAppNow' });
        try {
          return runWithTz(tz, [script('render-db-feed.ts'), '2022-09-01T09:00:00Z'], copy.env);
        } finally {
          await copy.close();
        }
      };
      const utc = await serve('UTC');
      const newYork = await serve('America/New_York');
      expect(utc.toString('utf8')).toMatch(/^200 "[0-9a-f]{32}"\n/);
      expect(utc.toString('utf8')).toContain('BEGIN:VEVENT');
      expect(newYork.equals(utc)).toBe(true);
    },
  );
});
