import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { demoYear, hateCrimeAwarenessWeek } from '../../src/demo/dates.js';
import { freePort } from '../support/ports.js';

describe('npm start on a fresh machine', () => {
  let child: ChildProcess;
  let dir: string;
  let base: string;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safercal-start-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn('npm', ['start'], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_PATH: join(dir, 'data', 'safercal.sqlite'),
        PUBLIC_URL: 'https://calendar.example.org',
        REMINDERS: 'false',
        // As behind nginx on the same machine (README, Several instances on PostgreSQL).
        HOST: '127.0.0.1',
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(() => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the SQLite file, loads the demo calendar around today and serves it', async () => {
    expect(output).toMatch(/loaded demo data/);
    // Its public pages answered once before it listened, so the first visitor does not pay for their first run (ADR 226).
    expect(output).toMatch(/warmed up 8 pages in \d+ ms/);
    const res = await fetch(`${base}/api/events?kind=campaign_week&limit=100`);
    const body = (await res.json()) as { events: { title: string; allDay: boolean; start: string; end: string; activities: unknown[] }[] };
    const weeks = body.events.filter((e) => e.title === 'National Hate Crime Awareness Week');
    // This year's (with its partner activities) and, once that is over, next year's.
    expect(weeks.length).toBeGreaterThanOrEqual(1);
    expect(weeks[0]).toMatchObject({ allDay: true, start: hateCrimeAwarenessWeek(demoYear(new Date())).start });
    expect(weeks[0]?.activities).toHaveLength(2);
  });

  it('listens only on the address HOST names: another loopback address of the machine gets no answer', async () => {
    expect(output).toContain(`calendar on ${base} (public URL https://calendar.example.org)`);
    // 127.0.0.2 is this machine too (all of 127.0.0.0/8 is loopback): a server on every interface answers there.
    const elsewhere = await fetch(base.replace('127.0.0.1', '127.0.0.2') + '/healthz').then(
      (res) => `answered ${res.status}`,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
    );
    expect(elsewhere).toBe('ECONNREFUSED');
  });

  it('shows the next Hate Crime Awareness Week and the IAG’s next meeting on the home page', async () => {
    const today = DateTime.now().setZone('Europe/London').toISODate()!;
    const home = await (await fetch(`${base}/`, { headers: { Accept: 'text/html' } })).text();
    const year = Number(today.slice(0, 4));
    const week = [year, year + 1].map(hateCrimeAwarenessWeek).find((w) => w.end >= today)!;
    const shown = (iso: string) => DateTime.fromISO(iso).setLocale('en-GB').toFormat('ccc d LLL');
    const list = home.slice(home.indexOf('<main'));
    expect(list).toMatch(
      new RegExp(
        `${shown(week.start)}</span>(?:<br/>)?<span>Until [^<]+</span></div><div class="what"><h3><a href="/events/[^"]+">National Hate Crime Awareness Week</a>`,
      ),
    );
    const iag = (await (await fetch(`${base}/api/occurrences?group=iag&from=${today}`)).json()) as { occurrences: { start: string }[] };
    const next = iag.occurrences[0]!.start.slice(0, 10);
    expect(DateTime.fromISO(next).diff(DateTime.fromISO(today), 'days').days).toBeLessThan(40);
    expect(list).toMatch(
      new RegExp(
        `${shown(next)}</span>(?:<br/>)?<span>18:00–20:00</span></div><div class="what"><h3><a href="/events/[^"]+">Independent Advisory Group meeting</a>`,
      ),
    );
  });

  it('records its public address, so reminders sent from the command line link to it', async () => {
    const env = { DATABASE_PATH: join(dir, 'data', 'safercal.sqlite') }; // no PUBLIC_URL here
    const today = DateTime.now().setZone('Europe/London').toISODate()!;
    const iag = (await (await fetch(`${base}/api/occurrences?group=iag&from=${today}`)).json()) as { occurrences: { start: string }[] };
    const weekBefore = DateTime.fromISO(iag.occurrences[0]!.start).minus({ days: 7 }).toUTC().toISO()!;
    const lines: string[] = [];
    await run(['dispatch', '--now', weekBefore], env, (line) => lines.push(line));
    const list: string[] = [];
    await run(['outbox', 'list', '--limit', '100'], env, (line) => list.push(line));
    const id = /\s([0-9a-f-]{36})\s.*Reminder: Independent Advisory Group meeting/.exec(list.join('\n'))![1]!;
    const shown: string[] = [];
    await run(['outbox', 'show', id], env, (line) => shown.push(line));
    expect(shown.join('\n')).toMatch(/Change your reminder preferences: https:\/\/calendar\.example\.org\/email\/preferences\//);
  });
});
