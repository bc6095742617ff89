import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';

// What runs where (issue 14, "one suite, every backend"; ADR 282):
// - `node`: every test file on SQLite (better-sqlite3), but the *.postgres.test.ts files and the
//   Worker's.
// - `node-on-d1` and `node-on-postgres`: the API, meetings, feeds, reminders and web suites
//   (EVERY_BACKEND) again with the app on D1 (Miniflare's local D1, test/support/local-d1.ts) and on
//   PostgreSQL 15 (a throwaway cluster for the run), and the storage files that run each test on
//   SQLite and on that backend side by side (SQLITE_BESIDE_ANOTHER_BACKEND). node-on-postgres adds
//   the storage suites and what only PostgreSQL has (several instances, copying a calendar into it).
// - `workers`: the Worker inside workerd.
// A second backend leaves out only the lists below, each with its reason. Single tests about the
// SQLite file or a second Node process are skipped inside their files, the reason beside each
// (APP_ON_SQLITE, ANOTHER_PROCESS_REACHES_THE_DATABASE in test/support/backends.ts):
// feeds/feed-http "sees a change written by another process sharing the database file" (SQLite's
// once-a-second data_version check; PostgreSQL's instances: test/instances), feeds/private-feeds'
// command line and feeds/server-time-zone's database child processes (not on D1: only a Worker
// reaches D1, and workerd has no server time zone), and server-time-zone's fixture (no database).

// Sweeps of hostile input are refused before storage is touched; on the local D1 they would take
// minutes. The sweep of addresses also runs on PostgreSQL: a NUL (%00) in a path or query reached
// it and answered 500 (PostgreSQL refuses NUL in text, SQLite does not; ADR 291).
const HOSTILE_ADDRESS_SWEEP = 'test/http/malformed-percent-encoding.test.ts';
const HOSTILE_INPUT_SWEEPS = [
  'test/http/event-validation.test.ts',
  'test/http/body-shapes.test.ts',
  HOSTILE_ADDRESS_SWEEP,
  'test/http/random-json-writes-never-fail-or-half-write.test.ts',
];

// Web files that prove nothing a second backend could change (ADR 107): axe and reflow read only
// the HTML and CSS a page renders (every-page-opens-on-this-backend.test.ts opens every page on D1
// and PostgreSQL instead), and two files never open a database.
const SQLITE_ONLY_WEB = [
  'test/web/accessibility-public.test.ts', // axe on error states and at 390 px
  'test/web/accessibility-workspace.test.ts', // axe on the workspace's error states
  'test/web/every-public-page-reflows-and-passes-axe.test.ts', // reflow and axe of every public page
  'test/web/every-workspace-page-reflows-and-passes-axe.test.ts', // reflow and axe of every workspace page
  'test/web/dates-in-words.test.ts', // date formatting against Luxon, no database
  'test/web/planner-layout.test.ts', // the year planner's lanes, a pure function
];

// Files about the SQLite file itself.
const ABOUT_THE_SQLITE_FILE = [
  'test/notify/crash-recovery.test.ts', // a dispatcher SIGKILLed mid-pass on the file (PostgreSQL's: test/instances)
];

// One suite, every backend: the suites node-on-d1 and node-on-postgres run again, and what they leave out.
const EVERY_BACKEND = [
  'test/http/**/*.test.ts',
  'test/meetings/**/*.test.ts',
  'test/feeds/**/*.test.ts',
  'test/notify/**/*.test.ts',
  'test/web/**/*.test.ts',
];
const NOT_ON_ANOTHER_BACKEND = [...configDefaults.exclude, ...HOSTILE_INPUT_SWEEPS, ...SQLITE_ONLY_WEB, ...ABOUT_THE_SQLITE_FILE];
const NOT_ON_POSTGRES = NOT_ON_ANOTHER_BACKEND.filter((file) => file !== HOSTILE_ADDRESS_SWEEP);

// Files that run each of their tests on SQLite and on the project's second backend (BACKENDS in
// test/support/backends.ts). node-on-d1 and node-on-postgres run them; the node project does not,
// where D1 would be migrated from nothing per file (no D1 template there) while node-on-d1's
// files hold their own Miniflare proxies, which once lost a proxy mid-file.
const SQLITE_BESIDE_ANOTHER_BACKEND = [
  'test/db/every-backend.test.ts',
  'test/db/atomic-writes.test.ts',
  'test/feeds/incremental-feeds.test.ts',
  'test/occurrences/index-agrees-with-expansion.test.ts',
];

// One Chromium for the whole run (Debian's /usr/bin/chromium; test files connect to it, ADR 109), and the
// calendars built once per run that test files copy (ADR 108).
const CHROMIUM = 'test/support/chromium-global-setup.ts';
const TEMPLATES = 'test/support/templates-global-setup.ts';

// The three node projects run each worker process's test files one after another in one module
// graph instead of a fresh one per file (ADR 145): importing the app, Kysely, Hono and the test
// support took 2–7 s per file, a third of the suite's time. A test file must leave the process as
// it found it (timers, TZ, env, spies, ical.js's zone registry restored).
const ONE_MODULE_GRAPH_PER_WORKER = { isolate: false };

export default defineConfig({
  test: {
    // Real SQLite files, SMTP servers and Chromium: give slow machines room, but never hang CI.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two test files at a time on CI's two cores (vitest's default is cores - 1 = one): most files
    // spend much of their time waiting on Chromium, SMTP, child processes and sockets, so a second
    // file fills the idle core. The suite's wall time is what keeps CI under 15 minutes.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // *.postgres.test.ts need the cluster the node-on-postgres project starts.
          exclude: [
            ...configDefaults.exclude,
            'test/workers/**',
            'test/**/*.postgres.test.ts',
            // On SQLite the two every-page sweeps open the same pages and also check reflow and axe.
            'test/web/every-page-opens-on-this-backend.test.ts',
            ...SQLITE_BESIDE_ANOTHER_BACKEND,
          ],
          globalSetup: [CHROMIUM, TEMPLATES],
          pool: 'forks',
          ...ONE_MODULE_GRAPH_PER_WORKER,
        },
      },
      {
        // EVERY_BACKEND with the app on D1: Miniflare's local D1 (the one `wrangler dev` serves),
        // reached through a one-route Worker (test/support/local-d1.ts, ADR 247), each file from a
        // copy of the run's D1 templates (ADR 108).
        extends: true,
        test: {
          name: 'node-on-d1',
          include: [...EVERY_BACKEND, ...SQLITE_BESIDE_ANOTHER_BACKEND],
          // Also left out on the local D1 (they run on SQLite and PostgreSQL): two meeting files
          // whose D1 run took 69 s of CI and exercise e-mail links and composition, not storage.
          // The meeting writes D1 limits matter to (a member import, attendance on one form) stay.
          exclude: [
            ...NOT_ON_ANOTHER_BACKEND,
            'test/meetings/apologies-from-the-email-link-move-the-quorum.test.ts',
            'test/meetings/meeting-emails-and-action-deadlines.test.ts',
          ],
          env: { SAFERCAL_TEST_DB: 'd1' },
          globalSetup: [CHROMIUM, TEMPLATES],
          pool: 'forks',
          ...ONE_MODULE_GRAPH_PER_WORKER,
        },
      },
      {
        // EVERY_BACKEND with the app on PostgreSQL 15, the storage suites (SQLite beside PostgreSQL),
        // the occurrence index, and what only PostgreSQL has: several instances on one database
        // (test/instances) and copying a calendar into it. One throwaway cluster for the run
        // (test/support/postgres-global-setup.ts); each test file gets its own database copied
        // from a migrated or seeded template.
        extends: true,
        test: {
          name: 'node-on-postgres',
          include: [
            ...EVERY_BACKEND,
            'test/db/*.test.ts',
            'test/occurrences/index-agrees-with-expansion.test.ts',
            'test/occurrences/horizon-rolls-forward.test.ts',
            'test/**/*.postgres.test.ts',
          ],
          exclude: NOT_ON_POSTGRES,
          env: { SAFERCAL_TEST_DB: 'postgres' },
          globalSetup: [CHROMIUM, 'test/support/postgres-global-setup.ts'],
          pool: 'forks',
          ...ONE_MODULE_GRAPH_PER_WORKER,
        },
      },
      {
        // The Worker inside workerd (the runtime Cloudflare runs), with a local D1 and the
        // send_email binding simulated by Miniflare: all offline. Bindings come from wrangler.toml.
        extends: true,
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations('./migrations') } },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          // In Node, before the suites: the calendar and feeds the Node server produces (see file).
          globalSetup: ['test/workers/global-setup.ts'],
          setupFiles: ['test/workers/apply-migrations.ts'],
          // One workerd per worker process for all its files, not one per file: starting one (Miniflare,
          // the Worker's modules) took ~7 s per file, 26 of the project's 68 CPU-s (ADR 263). Each file
          // still starts from an empty migrated D1 (apply-migrations.ts deletes the last file's rows).
          isolate: false,
        },
      },
    ],
  },
});
