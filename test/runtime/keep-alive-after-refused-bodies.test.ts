/**
 * A client on a keep-alive connection that sends a large body the server refuses (an unknown path,
 * a body over the 1 MB limit) can send its next request on the same connection, as HTTP/1.1
 * allows, unless the refusal said `Connection: close`. Measured before the fix: after ~1 MB to an
 * unknown path the server answered keep-alive and then closed the socket, losing the next request.
 * The bodies are sent slowly (over about a second, as a client on a slow link would), which is
 * what made the old 500 ms clean-up close the socket every time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerType } from '@hono/node-server';
import { configFromEnv } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { serveApp } from '../../src/runtime/node-http.js';
import { migrateSqlite, openSqlite, type SqliteHandle } from '../../src/runtime/sqlite.js';

interface Exchange {
  /** The status line and headers of the first answer. */
  first: string;
  /** The status line of the second answer on the same connection, or how the connection ended. */
  second: string;
}

/**
 * Sends one request with a body, waits for its answer and for the body to be sent in full, then
 * sends GET /healthz on the same socket, as a keep-alive client does.
 */
function twoRequests(port: number, head: string, body: Buffer, opts: { slow: boolean }): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let bodySent = false;
    let secondSent = false;
    const firstHead = () => data.slice(0, data.indexOf('\r\n\r\n'));
    const finish = (second: string) => {
      socket.destroy();
      resolve({ first: firstHead(), second });
    };
    const maybeSendSecond = () => {
      if (secondSent || !bodySent || !data.includes('\r\n\r\n')) return;
      secondSent = true;
      // A client does not reuse a connection whose answer said it will close.
      if (/^connection: close$/im.test(firstHead())) return finish('not reused: the answer said Connection: close');
      socket.write('GET /healthz HTTP/1.1\r\nHost: calendar.example.org\r\n\r\n');
    };
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      maybeSendSecond();
      const secondAt = data.indexOf('HTTP/1.1 ', 1);
      if (secondSent && secondAt > 0 && data.endsWith('{"ok":true}')) finish(data.slice(secondAt, data.indexOf('\r\n', secondAt)));
    });
    socket.on('error', (error) => finish(`connection error: ${error.message}`));
    socket.on('close', () => finish('connection closed'));
    socket.write(head);
    if (!opts.slow) {
      socket.write(body, () => {
        bodySent = true;
        maybeSendSecond();
      });
      return;
    }
    let offset = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write(body.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
      if (offset >= body.length) {
        clearInterval(timer);
        bodySent = true;
        maybeSendSecond();
      }
    }, 60);
  });
}

function post(path: string, body: Buffer, contentType = 'application/json'): string {
  return `POST ${path} HTTP/1.1\r\nHost: calendar.example.org\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`;
}

function chunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += 32 * 1024) {
    const piece = body.subarray(i, i + 32 * 1024);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

describe('the Node server after a refused large body', () => {
  let dir: string;
  let handle: SqliteHandle;
  let server: ServerType;
  let port: number;
  const oneMegabyte = Buffer.alloc(1024 * 1024, 'a');
  const twoMegabytes = Buffer.alloc(2 * 1024 * 1024, 'a');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'safercal-keepalive-'));
    handle = openSqlite(join(dir, 'keepalive.sqlite'));
    migrateSqlite(handle.sqlite);
    const app = createApp({
      store: handle.store,
      clock: systemClock,
      mailer: { send: async () => ({ id: 'unused' }) },
      config: configFromEnv({ PUBLIC_URL: 'http://calendar.example.org' }),
    });
    ({ server, port } = await serveApp(app.fetch, { port: 0, hostname: '127.0.0.1' }));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the next request on the connection after 1 MB sent to an unknown API path', async () => {
    const { first, second } = await twoRequests(port, post('/api/no-such-endpoint', oneMegabyte), oneMegabyte, { slow: true });
    expect(first).toMatch(/^HTTP\/1\.1 404/);
    expect(second).toBe('HTTP/1.1 200 OK');
  });

  it('answers the next request after 1 MB sent to an unknown page', async () => {
    const { first, second } = await twoRequests(port, post('/no-such-page', oneMegabyte, 'text/plain'), oneMegabyte, { slow: true });
    // A form post without this site's Origin is refused before routing (fail-closed CSRF, ADR 60).
    expect(first).toMatch(/^HTTP\/1\.1 403/);
    expect(second).toBe('HTTP/1.1 200 OK');
  });

  it('answers the next request after a body over the limit is refused with 413, by its length or as it streams', async () => {
    const declared = await twoRequests(port, post('/api/events', twoMegabytes), twoMegabytes, { slow: true });
    expect(declared.first).toMatch(/^HTTP\/1\.1 413/);
    expect(declared.second).toBe('HTTP/1.1 200 OK');
    const streamed = await twoRequests(
      port,
      'POST /api/events HTTP/1.1\r\nHost: calendar.example.org\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      chunked(twoMegabytes),
      { slow: true },
    );
    expect(streamed.first).toMatch(/^HTTP\/1\.1 413/);
    expect(streamed.second).toBe('HTTP/1.1 200 OK');
    const form = await twoRequests(port, post('/signin', twoMegabytes, 'application/x-www-form-urlencoded'), twoMegabytes, { slow: false });
    expect(form.first).toMatch(/^HTTP\/1\.1 413/);
    expect(form.second).toBe('HTTP/1.1 200 OK');
  });

  it('says Connection: close when a body is too large to be worth reading to its end', async () => {
    const huge = Buffer.alloc(20 * 1024 * 1024, 'a');
    const { first, second } = await twoRequests(port, post('/api/events', huge), huge, { slow: false });
    expect(first).toMatch(/^HTTP\/1\.1 413/);
    expect(second).toBe('not reused: the answer said Connection: close');
  });
});
