import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';

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
          exclude: [...configDefaults.exclude, 'test/workers/**'],
          pool: 'forks',
        },
      },
      {
        // One suite, every backend: the API suites again with the app on D1 (Miniflare's local
        // D1 through wrangler's getPlatformProxy; see test/support/backends.ts). Suites that read
        // the SQLite file directly are left out.
        extends: true,
        test: {
          name: 'node-on-d1',
          include: ['test/http/**/*.test.ts', 'test/meetings/**/*.test.ts'],
          // Sweeps of hostile input are refused before storage is touched; on the local D1 they
          // would take minutes and prove nothing the SQLite run does not.
          exclude: [
            ...configDefaults.exclude,
            'test/http/event-validation.test.ts',
            'test/http/body-shapes.test.ts',
            'test/http/malformed-percent-encoding.test.ts',
            'test/http/random-json-writes-never-fail-or-half-write.test.ts',
          ],
          env: { SAFERCAL_TEST_DB: 'd1' },
          pool: 'forks',
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
        },
      },
    ],
  },
});
