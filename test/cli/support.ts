/**
 * A scratch database for CLI tests: runs commands in process against it, and opens the real app
 * on the same file to check what a command did as a user of the API or the pages would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { run } from '../../src/cli/main.js';
import { configFromEnv } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { openSqlite } from '../../src/runtime/sqlite.js';

export function useCliDatabase(prefix: string) {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    env = { DATABASE_PATH: join(dir, 'cli.sqlite') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get env(): NodeJS.ProcessEnv {
      return env;
    },
    /** The lines a command printed; a refused command rejects with its message. */
    async cli(...args: string[]): Promise<string[]> {
      const lines: string[] = [];
      await run(args, env, (line) => lines.push(line), Readable.from([]));
      return lines;
    },
    /** A command with `stdin` piped to it, as `echo … | npm run cli -- …` does. */
    async cliWithInput(stdin: string, ...args: string[]): Promise<string[]> {
      const lines: string[] = [];
      await run(args, env, (line) => lines.push(line), Readable.from([stdin]));
      return lines;
    },
    async withApp<T>(use: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> {
      const handle = openSqlite(env.DATABASE_PATH!);
      try {
        const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
        return await use(createApp({ store: handle.store, clock: systemClock, mailer: { send: async () => ({ id: 'x' }) }, config }));
      } finally {
        await handle.close();
      }
    },
  };
}
