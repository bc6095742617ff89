/**
 * The README's Cloudflare path, run locally and offline: `wrangler deploy --dry-run` builds the
 * Worker it would upload, wrangler applies migrations/ to a local D1, the CLI's `--sql` output
 * creates the first organiser token there, `wrangler dev` serves that build (workerd, the runtime
 * Cloudflare runs) and its cron trigger can be fired by hand. The build must carry the bindings and
 * none of the Node-only parts (nodemailer's SMTP transports and their sockets, better-sqlite3,
 * node-cron, the Node server), which either break in workerd or bloat the upload; nodemailer's
 * MailComposer is in it on purpose: it builds every email on both runtimes. (The bundle's checks
 * were test/runtime/worker-bundle.test.ts, which ran the same dry-run build a second time, ADR 272.)
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { freePort } from '../support/ports.js';

const WRANGLER = join(process.cwd(), 'node_modules/wrangler/bin/wrangler.js');
const ADMIN = { email: 'community-safety-admin@example.org', password: 'a long enough rehearsal passphrase' };
const ENV = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

const run$ = promisify(execFile);

/** One wrangler command, as a user types it; its standard output. */
async function wrangler(args: string[]): Promise<string> {
  return (await run$(process.execPath, [WRANGLER, ...args], { env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
}

describe('deploying to Workers as the README says, rehearsed locally', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safercal-wrangler-'));
  const state = join(dir, 'state');
  let dev: ChildProcess | undefined;
  let base = '';
  let token = '';
  let devLog = '';
  /** What `wrangler deploy --dry-run` printed, the bundle it wrote and the source files its map names. */
  let buildOutput = '';
  let bundle = '';
  let sources: string[] = [];

  beforeAll(async () => {
    // Building the upload and preparing the local D1 do not depend on each other: side by side.
    // Serve exactly what `wrangler deploy` would upload (and never reload when a source file changes).
    const built = wrangler(['deploy', '--dry-run', '--outdir', join(dir, 'build')]);
    built.catch(() => undefined); // awaited below; a failure there fails the set-up
    const migrated = await wrangler(['d1', 'migrations', 'apply', 'safercal', '--local', '--persist-to', state]);
    expect(migrated).toMatch(/0001_core\.sql\s*│\s*✅/);

    // The README's two `--sql` commands, their output applied to the local D1 in one `d1 execute`.
    const lines: string[] = [];
    await run(['token', 'create', 'rehearsal', '--sql', join(dir, 'token.sql')], {}, (line) => lines.push(line));
    token = lines.find((l) => l.startsWith('sct_'))!;
    await run(
      ['user', 'create', ADMIN.email, '--role', 'admin', '--sql', join(dir, 'user.sql')],
      {},
      () => {},
      Readable.from([`${ADMIN.password}\n`]),
    );
    writeFileSync(
      join(dir, 'setup.sql'),
      readFileSync(join(dir, 'token.sql'), 'utf8') + '\n' + readFileSync(join(dir, 'user.sql'), 'utf8'),
    );
    await wrangler(['d1', 'execute', 'safercal', '--local', '--persist-to', state, '--file', join(dir, 'setup.sql')]);
    buildOutput = await built;
    bundle = readFileSync(join(dir, 'build', 'worker.js'), 'utf8');
    sources = JSON.parse(readFileSync(join(dir, 'build', 'worker.js.map'), 'utf8')).sources;

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The project's wrangler.toml with `main` pointing at that bundle.
    const config = join(dir, 'wrangler.toml');
    const toml = readFileSync('wrangler.toml', 'utf8');
    expect(toml).toMatch(/^main = "src\/runtime\/worker\.ts"$/m);
    writeFileSync(config, toml.replace(/^main = .*$/m, `main = ${JSON.stringify(join(dir, 'build', 'worker.js'))}\nno_bundle = true`));
    dev = spawn(
      process.execPath,
      [
        WRANGLER,
        'dev',
        '--config',
        config,
        '--local',
        '--persist-to',
        state,
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--test-scheduled',
      ],
      {
        env: ENV,
        detached: true, // its own process group, so workerd goes with it in afterAll
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    dev.stdout!.on('data', (chunk) => (devLog += chunk));
    dev.stderr!.on('data', (chunk) => (devLog += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`wrangler dev did not start:\n${devLog}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 240_000); // three wrangler processes (two side by side) and workerd's start

  afterAll(() => {
    if (dev?.pid) {
      try {
        process.kill(-dev.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the token made with `cli -- token create --sql` and stores an event in D1', async () => {
    const created = await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'campaign_week',
        title: 'Bite Back Week',
        start: '2026-08-03',
        end: '2026-08-09',
        themes: ['N3', 'loan sharks'],
      }),
    });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${base}/api/events?kind=campaign_week`)).json()) as { events: { title: string; end: string }[] };
    expect(listed.events).toEqual([expect.objectContaining({ title: 'Bite Back Week', end: '2026-08-09' })]);
    const refused = await fetch(`${base}/api/events`, { method: 'POST', headers: { Authorization: 'Bearer sct_wrong' }, body: '{}' });
    expect(refused.status).toBe(401);
  });

  it('signs in the admin made with `cli -- user create --sql` on the web pages', async () => {
    const page = await fetch(`${base}/signin`);
    expect(page.status).toBe(200);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf).toBeTruthy();
    const started = Date.now();
    const signedIn = await fetch(`${base}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf!, email: ADMIN.email, password: ADMIN.password }),
    });
    const elapsed = Date.now() - started;
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/organise');
    expect(signedIn.headers.getSetCookie().some((c) => /^(__Host-)?sid=/.test(c))).toBe(true);
    console.log(`sign-in under wrangler dev (scrypt in workerd): ${elapsed} ms`);
  });

  it('sends a due reminder when the cron trigger fires, and its delivery log in D1 says sent', async () => {
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
      return (await res.json()) as { id: string };
    };
    const group = await post('/api/groups', { slug: 'board', name: 'Partnership Board', organiserEmail: 'board-secretary@example.org' });
    await post(`/api/groups/${group.id}/members`, { email: 'board-member@example.org', role: 'Board Member' });
    const meeting = await post('/api/events', {
      kind: 'meeting',
      title: 'Partnership Board',
      groupId: group.id,
      visibility: 'partners',
      location: 'Council Chamber',
      start: '2027-01-21T14:00',
      end: '2027-01-21T16:00',
    });
    // The cron trigger as Cloudflare fires it, at the minute the week-before reminder is due
    // (14:00 GMT a week earlier); the answer is 500 if scheduled() throws.
    const fired = await fetch(
      `${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}&time=${Date.parse('2027-01-14T14:00:00Z')}`,
    );
    expect(fired.status).toBe(200);
    // The event's delivery log, read through the API from the same D1.
    const log = (await (await fetch(`${base}/api/events/${meeting.id}/deliveries`, { headers: auth })).json()) as {
      deliveries: { recipient: string; status: string }[];
    };
    expect(log.deliveries.map(({ recipient, status }) => ({ recipient, status }))).toEqual([
      { recipient: 'board-member@example.org', status: 'sent' },
    ]);
    // wrangler dev prints the binding's message on its own stdout, which can reach us a moment
    // after the cron request has answered.
    await vi.waitFor(() => expect(devLog).toMatch(/send_email binding called with the following message/), {
      timeout: 10_000,
      interval: 100,
    });
  });

  describe('the Worker bundle wrangler deploys', () => {
    it('builds offline with the D1, send_email, R2 and cron bindings from wrangler.toml', () => {
      expect(buildOutput).toContain('--dry-run: exiting now.');
      expect(buildOutput).toMatch(/env\.DB \(safercal\)\s+D1 Database/);
      expect(buildOutput).toMatch(/env\.EMAIL .*Send Email/);
      expect(buildOutput).toMatch(/env\.DOCUMENTS \(safercal-documents\)\s+R2 Bucket/);
    });

    it('carries nodemailer’s MailComposer but leaves out its SMTP transports, better-sqlite3, node-cron and the Node server', () => {
      const packages = new Set(sources.map((s) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(s)?.[1]).filter(Boolean));
      expect(packages).toContain('kysely'); // the source map does name packages
      for (const nodeOnly of ['better-sqlite3', 'node-cron', '@hono/node-server']) expect(packages).not.toContain(nodeOnly);
      expect(sources.some((s) => s.endsWith('src/runtime/worker.ts'))).toBe(true);
      expect(sources.some((s) => s.endsWith('src/runtime/mail-compose.ts'))).toBe(true);
      expect(sources.filter((s) => /src\/runtime\/(node|node-http|sqlite|node-setup|smtp-mailer)\.ts$/.test(s))).toEqual([]);
      // Only the message builder and its helpers: no transport (smtp-*, sendmail, ses), no socket code.
      const nodemailerParts = new Set(sources.map((s) => /nodemailer\/dist\/esm\/([^/]+)/.exec(s)?.[1]).filter(Boolean));
      expect(nodemailerParts).toContain('mail-composer');
      const composerOnly = ['mail-composer', 'mime-node', 'mime-funcs', 'qp', 'base64', 'addressparser', 'shared', 'fetch', 'punycode'];
      expect([...nodemailerParts].filter((part) => !composerOnly.includes(part!) && !part!.endsWith('.js'))).toEqual([]);
      expect([...nodemailerParts].filter((part) => /^(nodemailer|mailer)\.js$|smtp|sendmail|ses-|xoauth2/.test(part!))).toEqual([]);
      const imports = new Set([...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!));
      // Node built-ins come from workerd itself under nodejs_compat (node:crypto's native scrypt hashes
      // passwords, docs/decisions.md 21; node:stream and friends serve the composer). No TLS sockets.
      // `stream` is workerd's own too: sax (the XML writer under the `feed` package) asks for it for an
      // optional streaming parser the news feeds never use.
      expect([...imports].filter((name) => !name.startsWith('cloudflare:') && !name.startsWith('node:') && name !== 'stream')).toEqual([]);
      for (const socketModule of ['node:tls', 'node:child_process', 'node:http2']) expect(imports).not.toContain(socketModule);
      // node:fs only where nodemailer reads attachments given as file paths (workerd serves it under
      // nodejs_compat; we never pass a path): nothing of ours, and no other package, reaches for files.
      // esbuild marks where each module starts with a `// <path>` line: each fs import belongs to the last one before it.
      const modules = [...bundle.matchAll(/^\/\/ ((?:node_modules|src)\/\S+)$/gm)].map((m) => ({ at: m.index, path: m[1]! }));
      const fsUsers = [...bundle.matchAll(/require\("(?:node:)?fs"\)|from "(?:node:)?fs"/g)].map(
        (m) => modules.findLast((module) => module.at < m.index)?.path ?? 'unknown',
      );
      expect(fsUsers.filter((module) => !module.startsWith('node_modules/nodemailer/'))).toEqual([]);
    });

    it('fits well within the Workers upload limit (3 MB gzipped on the free plan)', () => {
      expect(gzipSync(bundle).length).toBeLessThan(1024 * 1024);
    });
  });
});
