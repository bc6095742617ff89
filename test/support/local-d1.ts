/**
 * The local D1 (Miniflare: workerd and its D1, the same one `wrangler dev` serves) reached from
 * Node through a one-route Worker that runs each statement or batch on its `env.DB` binding
 * (ADR 247). wrangler's getPlatformProxy reaches the same D1, but every `prepare`, `bind` and
 * `all` is a round trip of its own, two of them synchronous through a worker thread: 25 ms and
 * 16 ms of Node's CPU per statement, against 3.7 ms and 0.6 ms here (one keep-alive HTTP request).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Miniflare } from 'miniflare';

/** A statement as the Worker receives it: SQL and its bound values (strings, numbers, null). */
interface Wire {
  sql: string;
  params: unknown[];
}
interface D1Result {
  results?: Record<string, unknown>[];
  meta?: { changes?: number; last_row_id?: number | null };
}

/** The Worker: a statement with `.all()`, or several with `DB.batch()` (one implicit transaction). */
const WORKER = `export default {
  async fetch(request, env) {
    const { batch, statements } = await request.json();
    try {
      const prepared = statements.map((s) => (s.params.length ? env.DB.prepare(s.sql).bind(...s.params) : env.DB.prepare(s.sql)));
      const out = batch ? await env.DB.batch(prepared) : [await prepared[0].all()];
      return Response.json({ ok: true, results: out.map((r) => ({ results: r.results, meta: r.meta })) });
    } catch (error) {
      return Response.json({ ok: false, message: String(error?.message ?? error), cause: error?.cause ? String(error.cause.message ?? error.cause) : undefined });
    }
  },
};`;

/** The prepared statement of the D1 binding, as far as safercal and its tests use it. */
export interface LocalD1Statement {
  bind(...values: unknown[]): LocalD1Statement;
  all<T = Record<string, unknown>>(): Promise<{ results?: T[]; meta?: { changes?: number; last_row_id?: number | null } }>;
  run(): Promise<unknown>;
}

/** The D1 binding (`env.DB`) as far as safercal's D1 store and the tests use it. */
export interface LocalD1Binding {
  prepare(sql: string): LocalD1Statement;
  batch(statements: LocalD1Statement[]): Promise<unknown[]>;
}

export interface LocalD1 {
  DB: LocalD1Binding;
  dispose(): Promise<void>;
}

const WIRE = Symbol('wire');

/** Connections to workerd kept open at most (ADR 247). */
const MAX_SOCKETS = 8;

/**
 * Starts workerd with wrangler.toml's D1 database (its id and compatibility date), persisted
 * under `persist` (a directory; false: in memory), and answers its binding.
 * D1's errors (a broken constraint, a bad statement) reject with D1's own message.
 */
export async function openLocalD1(persist: string | false): Promise<LocalD1> {
  const toml = readFileSync('wrangler.toml', 'utf8');
  const databaseId = /^database_id\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!databaseId || !compatibilityDate) throw new Error('wrangler.toml names no D1 database_id or compatibility_date');
  const mf = new Miniflare({
    modules: true,
    script: WORKER,
    compatibilityDate,
    d1Databases: { DB: databaseId },
    d1Persist: persist,
  });
  const url = await mf.ready;
  // A few connections, kept open: with one per statement of a wide Promise.all (a hundred and more),
  // workerd reset some of the new ones under load.
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

  /**
   * One request. workerd may close an idle keep-alive connection just as a request is written on
   * it: then the socket was reused and resets before any answer, so nothing ran, and the request
   * is sent again (the retry Node's http documentation gives for `request.reusedSocket`), again
   * while it meets reused sockets: after Node's event loop was busy (a 20 MB upload parsed at load
   * 10–15), a statement failed with "socket hang up" in two runs of three, most likely because
   * workerd had closed several idle connections and the one retry took the next of them (ADR 263).
   */
  const post = (body: { batch: boolean; statements: Wire[] }, reusedResets = 0): Promise<D1Result[]> =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const request = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            try {
              const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as
                { ok: true; results: D1Result[] } | { ok: false; message: string; cause?: string };
              if (answer.ok) resolve(answer.results);
              else reject(new Error(answer.message, answer.cause ? { cause: new Error(answer.cause) } : undefined));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && reusedResets < MAX_SOCKETS && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
          post(body, reusedResets + 1).then(resolve, reject);
        } else reject(error);
      });
      request.end(text);
    });

  const statement = (wire: Wire): LocalD1Statement & { [WIRE]: Wire } => ({
    [WIRE]: wire,
    bind: (...values) => statement({ sql: wire.sql, params: values }),
    all: async <T>() => (await post({ batch: false, statements: [wire] }))[0] as { results?: T[] },
    run: async () => (await post({ batch: false, statements: [wire] }))[0],
  });

  return {
    DB: {
      prepare: (sql) => statement({ sql, params: [] }),
      batch: async (statements) =>
        statements.length ? post({ batch: true, statements: statements.map((s) => (s as ReturnType<typeof statement>)[WIRE]) }) : [],
    },
    async dispose() {
      agent.destroy();
      await mf.dispose();
    },
  };
}
