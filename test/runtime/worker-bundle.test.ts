/**
 * The Worker that `wrangler deploy` would upload, built offline with --dry-run: it must build, and
 * it must not carry the Node-only parts (nodemailer's SMTP transports and their sockets,
 * better-sqlite3, node-cron, the Node server), which either break in workerd or bloat the upload.
 * nodemailer's MailComposer is in it on purpose: it builds every email on both runtimes.
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

  it('builds offline with the D1, send_email, R2 and cron bindings from wrangler.toml', () => {
    expect(output).toContain('--dry-run: exiting now.');
    expect(output).toMatch(/env\.DB \(safercal\)\s+D1 Database/);
    expect(output).toMatch(/env\.EMAIL .*Send Email/);
    expect(output).toMatch(/env\.DOCUMENTS \(safercal-documents\)\s+R2 Bucket/);
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
