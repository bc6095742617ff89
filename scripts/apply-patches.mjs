/**
 * npm's postinstall: applies patches/ to installed packages with patch-package, failing the install
 * when a patch no longer applies (a package was upgraded: drop or redo its patch).
 *
 * patches/miniflare+*.patch — the local D1 that tests drive through wrangler's getPlatformProxy
 * answers every synchronous call (`D1Database#prepare`) through a worker thread and Atomics.wait;
 * when that thread is preempted between posting a reply and notifying, the next call wakes early,
 * finds no reply and asserts (`SynchronousFetcher.fetch … false == true`), and every later call of
 * that proxy fails. Fixed upstream in cloudflare/workers-sdk#15552, not yet in a 4.x release; it
 * failed CI runs under load (ADR 143).
 *
 * With dev dependencies left out (`npm ci --omit=dev`) nothing patched is installed: no-op.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('node_modules/patch-package/index.js')) {
  execFileSync(process.execPath, ['node_modules/patch-package/index.js', '--error-on-fail'], { stdio: 'inherit' });
}
