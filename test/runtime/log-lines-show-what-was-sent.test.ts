/**
 * A partner's feed server chooses the words of its HTTP status line, and the sync pass logs them
 * and keeps them as the feed's last error. A server answering with terminal escapes (ESC, BEL)
 * must not recolour, clear or forge lines of the operator's log: the log and the feed's page show
 * the characters as visible escapes, on one line. Errors logged by the server show the same way.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSyncedFeedStatements } from '../../src/import/synced-feeds.js';
import { runSync } from '../../src/import/sync.js';
import { errorForLog } from '../../src/domain/visible-text.js';
import { nodeFetcher } from '../../src/runtime/node-fetch.js';
import { serverLog } from '../../src/runtime/server-log.js';
import { makeTestApp, type TestApp } from '../support/app.js';

/** What a hostile server sends: erase the line, go to column 1, print a forged log line, ring the bell. */
const STATUS_LINE = 'HTTP/1.1 503 Busy\x1b[2K\x1b[1G[safercal] reminders sent 0\x07\r\n';

let server: Server;
let port = 0;
let t: TestApp;
const sockets = new Set<Socket>();
const hasControl = (text: string) => /[\u0000-\u001f\u007f-\u009f]/.test(text);

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => socket.end(`${STATUS_LINE}Content-Length: 0\r\nConnection: close\r\n\r\n`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  t = await makeTestApp({ now: '2026-11-20T09:00:00Z' });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

describe("the server's log shows what a partner's server sent, and obeys none of it", () => {
  it('logs a failed sync on one line, its escapes written out, and keeps the same words as the last error', async () => {
    const id = crypto.randomUUID();
    // Loopback addresses are refused by the API; the test's own server is added directly.
    await t.handle.store.batch(
      createSyncedFeedStatements(
        t.handle.store,
        {
          id,
          url: `http://127.0.0.1:${port}/calendar.ics`,
          label: 'Fire and rescue',
          intervalMinutes: 60,
          choices: { kind: 'activity', themes: ['N1'], organisationId: null, groupId: null, visibility: 'public', status: 'published' },
        },
        { actor: 'test', now: t.clock() },
      ),
    );
    const written: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void written.push(args.join(' ')));
    try {
      const pass = await runSync(
        { store: t.handle.store, fetcher: nodeFetcher({ testServer: { address: '127.0.0.1', port } }), log: serverLog },
        new Date('2026-11-20T09:01:00Z'),
      );
      expect(pass.runs.map((r) => r.outcome)).toEqual(['failed']);
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(1);
    const line = written[0]!;
    expect(hasControl(line)).toBe(false);
    expect(line).toBe(
      '[safercal] sync Fire and rescue: failed (The server answered 503 Busy\\u{1b}[2K\\u{1b}[1G[safercal] reminders sent 0\\u{7}.)',
    );
    const feed = (await t.call('GET', `/api/synced-feeds/${id}`)).body;
    expect(hasControl(feed.lastError)).toBe(false);
    expect(feed.lastError).toContain('Busy\\u{1b}[2K');
  });

  it("writes an error's message on its own line however many line breaks it quotes, with the stack frames after it", () => {
    const error = new TypeError('no route for /x\r\n[safercal] serving on http://evil.example.org\u202e');
    const lines = errorForLog(error).split('\n');
    expect(lines[0]).toBe('TypeError: no route for /x\\u{d}\\u{a}[safercal] serving on http://evil.example.org\\u{202e}');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((frame) => /^\s+at /.test(frame))).toBe(true);
  });
});
