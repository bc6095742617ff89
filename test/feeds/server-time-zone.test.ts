import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

const script = (name: string) => fileURLToPath(new URL(`./support/${name}`, import.meta.url));

/** Runs a script in a fresh Node process with the given TZ and returns its stdout bytes. */
function runWithTz(tz: string, args: string[]): Buffer {
  return execFileSync(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, TZ: tz },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('feeds do not depend on the server time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('renders the fixture calendar and invitations to identical bytes under TZ=UTC and TZ=America/New_York', () => {
    const utc = runWithTz('UTC', [script('render-fixture.ts')]);
    const newYork = runWithTz('America/New_York', [script('render-fixture.ts')]);
    expect(utc.length).toBeGreaterThan(5000);
    expect(newYork.equals(utc)).toBe(true);
    // And the times are UK times: 18:00 in London, whatever the server's zone.
    expect(utc.toString('utf8')).toContain('DTSTART;TZID=Europe/London:20220921T180000');
  });

  it('serves the demo database as identical feed bytes (and ETags) under both zones', () => {
    // A copy each: the first process would otherwise keep its fragments for the second to reuse.
    const copy = (tz: string) => {
      const path = join(dirname(t.handle.sqlite.name), `copy-${tz.replace('/', '-')}.sqlite`);
      t.handle.sqlite.exec(`VACUUM INTO '${path}'`);
      return path;
    };
    const utc = runWithTz('UTC', [script('render-db-feed.ts'), copy('UTC'), '2022-09-01T09:00:00Z']);
    const newYork = runWithTz('America/New_York', [script('render-db-feed.ts'), copy('America/New_York'), '2022-09-01T09:00:00Z']);
    expect(utc.toString('utf8')).toMatch(/^200 "[0-9a-f]{32}"\n/);
    expect(utc.toString('utf8')).toContain('BEGIN:VEVENT');
    expect(newYork.equals(utc)).toBe(true);
  });
});
