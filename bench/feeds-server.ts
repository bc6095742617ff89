/**
 * A server process for bench/feeds.ts, so the load generator and the server under test do not
 * share one event loop. Modes:
 *   app <database>   the real app (createApp on @hono/node-server) over that SQLite file
 *   raw <file>       a minimal node:http server answering every request with the file's bytes
 * Listens on 127.0.0.1 (an ephemeral port) and reports {port} to the parent over IPC.
 */
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configFromEnv } from '../src/config.js';
import { systemClock } from '../src/domain/clock.js';
import { createApp } from '../src/http/app.js';
import { openSqlite } from '../src/runtime/sqlite.js';

const [mode, path] = process.argv.slice(2);

function ready(server: Server | ReturnType<typeof serve>) {
  process.send!({ port: (server.address() as AddressInfo).port });
}

if (mode === 'raw') {
  const body = readFileSync(path!);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => ready(server));
} else {
  const handle = openSqlite(path!);
  const app = createApp({
    store: handle.store,
    clock: systemClock,
    mailer: { send: async () => ({ id: 'bench' }) },
    config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => ready(server));
  (server as Server).keepAliveTimeout = 60_000;
}
process.on('disconnect', () => process.exit(0));
