/**
 * The Worker that `wrangler deploy` would upload, built offline with --dry-run: it must build, and
 * it must not carry the Node-only parts (nodemailer, better-sqlite3, node-cron, the file system),
 * which either break in workerd or bloat the upload past the Workers size limit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the Worker bundle wrangler deploys', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'safercal-worker-'));
  let output = '';
  let bundle = '';
  let sources: string[] = [];
  beforeAll(() => {
    output = execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bundle = readFileSync(join(outdir, 'worker.js'), 'utf8');
    sources = JSON.parse(readFileSync(join(outdir, 'worker.js.map'), 'utf8')).sources;
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('builds offline with the D1, send_email and cron bindings from wrangler.toml', () => {
    expect(output).toContain('--dry-run: exiting now.');
    expect(output).toMatch(/env\.DB \(safercal\)\s+D1 Database/);
    expect(output).toMatch(/env\.EMAIL .*Send Email/);
  });

  it('leaves out nodemailer, better-sqlite3, node-cron and file system access', () => {
    const packages = new Set(sources.map((s) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(s)?.[1]).filter(Boolean));
    expect(packages).toContain('kysely'); // the source map does name packages
    for (const nodeOnly of ['nodemailer', 'better-sqlite3', 'node-cron', '@hono/node-server']) expect(packages).not.toContain(nodeOnly);
    expect(sources.some((s) => s.endsWith('src/runtime/worker.ts'))).toBe(true);
    expect(sources.filter((s) => /src\/runtime\/(node|sqlite|node-setup)\.ts$/.test(s))).toEqual([]);
    const imports = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    // node:crypto is workerd's own (nodejs_compat): its native scrypt hashes passwords (docs/decisions.md 21).
    // stream is workerd's own too: sax (the XML writer under the `feed` package) asks for it for an
    // optional streaming parser the news feeds never use.
    const builtIn = new Set(['node:crypto', 'stream']);
    expect(imports.filter((name) => !name!.startsWith('cloudflare:') && !builtIn.has(name!))).toEqual([]);
    expect(bundle).not.toMatch(/require\("(node:)?fs"\)|from "(node:)?fs"/);
  });

  it('fits well within the Workers upload limit (3 MB gzipped on the free plan)', () => {
    expect(gzipSync(bundle).length).toBeLessThan(1024 * 1024);
  });
});
