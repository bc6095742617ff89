/**
 * @module The operators' command line: `npm run cli -- <command>`. Each command opens the same
 * database as the server (DATABASE_URL for PostgreSQL, else DATABASE_PATH, default
 * ./data/safercal.sqlite) and migrates it first.
 */
import { visibleText } from '../domain/visible-text.js';
import { parseArgs } from 'node:util';
import { listTokens, createToken, revokeToken, type TokenRole } from '../db/tokens.js';
import { systemClock } from '../domain/clock.js';
import { isEmpty, seedDemo } from '../demo/seed.js';
import { existsSync, writeFileSync } from 'node:fs';
import { databasePath, openDatabase, openMigrated, postgresUrl, type DatabaseHandle } from '../runtime/node-setup.js';
import { DB_USAGE, DbCommandError, dbCommand } from './db.js';
import { NOTIFY_USAGE, NotifyCommandError, notifyCommand, nowOption } from './notify.js';
import { USER_USAGE, UserCommandError, userCommand } from './users.js';
import { FEED_USAGE, FeedCommandError, feedCommand } from './feeds.js';
import { configFromEnv, type Config } from '../config.js';
import { recordedPublicUrl } from '../db/settings.js';
import type { Store } from '../db/store.js';
import { recordingStore, toSqlScript } from '../runtime/sql-export.js';
import { backupSqlite } from '../runtime/sqlite.js';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate                          apply pending database migrations
  seed [--force] [--now <ISO time>]
                                   load the demo calendar (only into an empty database unless --force), placed
                                   around today or the date given
  token create <name> [--role organiser|admin]
                                   create an organiser API token; it is printed once, only its hash is kept
  token list                       list tokens (never the secret)
  token revoke <id|name>           revoke a token
  backup <file>                    copy the database to a new file, consistently, even while the server
                                   is running and writing (SQLite's online backup; on PostgreSQL use pg_dump)
${DB_USAGE}
${USER_USAGE}
${FEED_USAGE}
${NOTIFY_USAGE}
  help                             show this text

  --sql <file>                     (seed, token create, user create without --group) write the change as SQL for a database the CLI
                                   cannot open, instead of applying it: on Cloudflare D1, run
                                   npx wrangler d1 execute safercal --remote --file <file>

environment:
  DATABASE_PATH                    SQLite file (default ./data/safercal.sqlite); it must exist, except for migrate and seed
  DATABASE_URL                     postgres://… to use PostgreSQL instead (db copy always reads DATABASE_PATH)
  PUBLIC_URL                       the address in links (dispatch, feed create); default: the one the server recorded at start`;

export class UsageError extends Error {}

/** Commands that may create the database file: the others refuse a DATABASE_PATH that points nowhere. */
const CREATES_DATABASE = new Set(['migrate', 'seed']);

/**
 * The configuration for commands that put links in what they print or send: PUBLIC_URL, else the
 * address the server recorded when it started on this database, else a refusal that says why,
 * rather than links to localhost that lead nowhere.
 */
async function linkConfig(env: NodeJS.ProcessEnv, store: Store): Promise<Config> {
  if (env.PUBLIC_URL) return configFromEnv(env);
  const recorded = await recordedPublicUrl(store);
  if (!recorded) {
    throw new UsageError(
      'the links would not work: PUBLIC_URL is not set and no server has recorded its address in this database. ' +
        'Set PUBLIC_URL to the address people open the calendar at (e.g. PUBLIC_URL=https://calendar.example.org), ' +
        'or start the server once (npm start) so it records it.',
    );
  }
  return configFromEnv({ ...env, PUBLIC_URL: recorded });
}

/**
 * Runs one command. `input` is where a password is read from when one is needed (standard input;
 * tests pass their own stream).
 */
export async function run(
  argv: string[],
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  // What the commands print quotes text from outside (a mail server's reply in the delivery log, a
  // partner calendar's name): control and bidirectional characters are written as visible escapes,
  // as in the server's log (ADR 299), so none moves the terminal's cursor or reorders the line.
  const out = (text: string) => write(text.split(/\r?\n/).map(visibleText).join('\n'));
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      role: { type: 'string' },
      force: { type: 'boolean' },
      sql: { type: 'string' },
      now: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      // Refused with a reason (src/cli/users.ts), rather than as an unknown option.
      password: { type: 'string' },
      group: { type: 'string', multiple: true },
      partner: { type: 'string' },
      email: { type: 'string' },
      label: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const [command, sub, arg] = positionals;
  if (!command || command === 'help' || values.help) {
    out(USAGE);
    return;
  }
  // --sql: run the real code on a scratch database and keep what it wrote (see runtime/sql-export).
  if (values.sql !== undefined && !(command === 'seed' || ((command === 'token' || command === 'user') && sub === 'create'))) {
    throw new UsageError('--sql works with seed, token create and user create');
  }
  // PostgreSQL when DATABASE_URL names it, except for --sql (a scratch SQLite) and db copy (from SQLite).
  const onPostgres = values.sql === undefined && command !== 'db' && postgresUrl(env) !== undefined;
  const path = values.sql === undefined ? databasePath(env) : ':memory:';
  if (!onPostgres && path !== ':memory:' && !CREATES_DATABASE.has(command) && !existsSync(path)) {
    throw new UsageError(
      `there is no database at ${path}. Check DATABASE_PATH, or create it first: npm run cli -- migrate (or npm start, which also loads the demo calendar)`,
    );
  }
  const opened: DatabaseHandle = onPostgres ? await openDatabase(env, out) : openMigrated(path, values.sql === undefined ? out : undefined);
  const recording = values.sql === undefined ? undefined : recordingStore(opened.store);
  const handle = recording ? { ...opened, store: recording } : opened;
  const ctx = { actor: 'cli', now: systemClock() };
  const writeSql = () => {
    if (!recording || !values.sql) return;
    // The command only, never its options.
    writeFileSync(
      values.sql,
      toSqlScript(recording.statements, `written by: npm run cli -- ${command}${command === 'seed' ? '' : ` ${sub}`}`),
    );
    out(`wrote ${recording.statements.length} statements to ${values.sql}; apply them with:`);
    out(`  npx wrangler d1 execute safercal --remote --file ${values.sql}`);
  };
  try {
    switch (command) {
      case 'migrate':
        out('database is up to date');
        return;
      case 'backup': {
        if (!sub) throw new UsageError('backup needs a file name, e.g. backup backups/safercal-2026-11-30.sqlite');
        if (!opened.sqlite) throw new UsageError('backup copies a SQLite database; on PostgreSQL use pg_dump (README, "Backups")');
        const started = Date.now();
        const { pages } = await backupSqlite(opened.sqlite, sub).catch((error: unknown) => {
          throw new UsageError(`backup: ${error instanceof Error ? error.message : String(error)}`);
        });
        out(`backed up ${databasePath(env)} to ${sub} (${pages} pages, ${Date.now() - started} ms)`);
        return;
      }
      case 'seed': {
        if (!values.force && !(await isEmpty(handle.store))) {
          throw new UsageError('the database already has data; use --force to add the demo calendar anyway');
        }
        let placedAt: Date | undefined;
        try {
          placedAt = nowOption(values.now);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        const counts = await seedDemo(handle.store, { ...ctx, now: placedAt ?? ctx.now });
        out(`loaded demo data: ${counts.organisations} organisations, ${counts.groups} groups, ${counts.events} events`);
        writeSql();
        return;
      }
      case 'token': {
        if (sub === 'create') {
          if (!arg) throw new UsageError('token create needs a name, e.g. token create community-safety-team');
          if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(arg))
            throw new UsageError('name: use up to 64 letters, digits, spaces, dots, hyphens or underscores');
          const role = (values.role ?? 'organiser') as TokenRole;
          if (role !== 'organiser' && role !== 'admin') throw new UsageError('--role must be organiser or admin');
          const { token, record } = await createToken(handle.store, arg, role, ctx);
          out(`created ${record.role} token "${record.name}" (${record.id})`);
          out('store it now; it cannot be shown again:');
          out(token);
          writeSql();
          return;
        }
        if (sub === 'list') {
          const tokens = await listTokens(handle.store);
          if (!tokens.length) out('no tokens');
          for (const t of tokens) {
            out(
              `${t.id}  ${t.name}  ${t.role}  created ${t.createdAt}  last used ${t.lastUsedAt ?? 'never'}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}`,
            );
          }
          return;
        }
        if (sub === 'revoke') {
          if (!arg) throw new UsageError('token revoke needs the token id or name');
          const revoked = await revokeToken(handle.store, arg, ctx);
          if (!revoked) throw new UsageError(`no live token with id or name "${arg}"`);
          out(`revoked token "${revoked.name}"`);
          return;
        }
        throw new UsageError('token needs a subcommand: create, list or revoke');
      }
      case 'user':
        try {
          await userCommand(handle.store, ctx, sub, arg, values, out, input);
          writeSql();
        } catch (error) {
          throw error instanceof UserCommandError ? new UsageError(error.message) : error;
        }
        return;
      case 'feed':
        try {
          await feedCommand(
            handle.store,
            sub === 'create' ? await linkConfig(env, handle.store) : configFromEnv(env),
            ctx,
            sub,
            arg,
            values,
            out,
          );
        } catch (error) {
          throw error instanceof FeedCommandError ? new UsageError(error.message) : error;
        }
        return;
      case 'dispatch':
      case 'outbox':
      case 'deliveries':
        try {
          const config = command === 'dispatch' ? await linkConfig(env, handle.store) : configFromEnv(env);
          await notifyCommand(handle.store, env, config, [command, sub, arg], values, out);
        } catch (error) {
          throw error instanceof NotifyCommandError ? new UsageError(error.message) : error;
        }
        return;
      case 'db':
        try {
          await dbCommand(opened.sqlite, sub, values, out, (line) => process.stderr.write(`${line}\n`));
        } catch (error) {
          throw error instanceof DbCommandError ? new UsageError(error.message) : error;
        }
        return;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await handle.close();
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  // `npm run cli -- outbox list | head` closes the pipe early: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  run(process.argv.slice(2), process.env, (line) => console.log(line)).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${visibleText(message)}`);
    process.exit(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
  });
}
