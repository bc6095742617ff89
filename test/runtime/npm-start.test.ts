import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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
      env: { ...process.env, PORT: String(port), DATABASE_PATH: join(dir, 'data', 'safercal.sqlite') },
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

  it('creates the SQLite file, loads the demo calendar and serves it', async () => {
    expect(output).toMatch(/loaded demo data/);
    const res = await fetch(`${base}/api/events?kind=campaign_week`);
    const body = (await res.json()) as { events: { title: string; allDay: boolean; start: string; end: string; activities: unknown[] }[] };
    const hcaw = body.events.find((e) => e.title === 'National Hate Crime Awareness Week');
    expect(hcaw).toMatchObject({ allDay: true, start: '2022-10-08', end: '2022-10-15' });
    expect(hcaw?.activities).toHaveLength(2);
  });
});
