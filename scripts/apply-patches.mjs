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
 * patches/ical-generator+*.patch — ical-generator 10.2's foldLines (every line of every iCalendar
 * text it writes) built a TextEncoder and encoded each character to count its UTF-8 octets: about
 * two thirds of writing a feed fragment (issue 9: a 100k-event feed's first build took over 60 s).
 * The patch returns a short ASCII line as it is and counts octets from the UTF-16 code unit,
 * asking the encoder only for surrogates, so the output is byte for byte the same (the upstream
 * fix, ical-generator 11.1, needs Node 22). ADR 185.
 *
 * With dev dependencies left out (`npm ci --omit=dev`) patch-package is not installed and nothing
 * is patched: Miniflare is a dev dependency, and ical-generator then writes the same bytes, only
 * more slowly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('node_modules/patch-package/index.js')) {
  execFileSync(process.execPath, ['node_modules/patch-package/index.js', '--error-on-fail'], { stdio: 'inherit' });
}
