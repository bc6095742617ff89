/**
 * Addresses organisers type are fetched behind a guard (SSRF): only http(s), never the server's
 * own machine or network (checked on the literal address, on every address the name resolves to,
 * and again after each redirect), with a size cap and a timeout. Real loopback servers stand in
 * for the network; the only exception a test can make is its own server's exact address and port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetcher } from '../../src/runtime/node-fetch.js';

let server: Server;
let port = 0;
let hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/big') {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end('X'.repeat(1_500_000));
    } else if (req.url === '/to-other-port') {
      res.writeHead(302, { Location: `http://127.0.0.1:${port + 1}/calendar.ics` });
      res.end();
    } else if (req.url === '/to-private') {
      res.writeHead(301, { Location: 'http://10.20.30.40/calendar.ics' });
      res.end();
    } else if (req.url === '/slow') {
      // Never answers.
    } else {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const guarded = nodeFetcher();
const fetchOf = (fetcher: ReturnType<typeof nodeFetcher>, url: string, extra: { timeoutMs?: number } = {}) =>
  fetcher({ url, maxBytes: 1_000_000, ...extra });

describe('the fetcher a running service uses', () => {
  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/calendar.ics`, /loopback/],
    ['loopback by name', () => `http://localhost:${port}/calendar.ics`, /not on the public internet/],
    // The machine's own name resolves to one of its own addresses (127.0.0.1 here, a LAN address elsewhere).
    [
      'the machine by its own name',
      () => `http://${hostname()}:${port}/calendar.ics`,
      /\((loopback|private|linkLocal)\), which is not on the public internet/,
    ],
    ['IPv6 loopback', () => `http://[::1]:${port}/calendar.ics`, /loopback/],
    ['loopback as IPv4-mapped IPv6', () => `http://[::ffff:127.0.0.1]:${port}/`, /loopback/],
    ['a private address', () => 'http://10.20.30.40/calendar.ics', /private/],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', /linkLocal/],
    ['a file', () => 'file:///etc/passwd', /only https and http/],
    ['FTP', () => 'ftp://partner.example.org/calendar.ics', /only https and http/],
    ['a password in the address', () => 'https://user:secret@partner.example.org/calendar.ics', /user name or password/],
  ])('refuses %s, without sending anything', async (_what, url, words) => {
    hits = [];
    const outcome = await fetchOf(guarded, url());
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatch(words);
    expect(hits).toEqual([]);
  });
});

describe('the fetcher a test allows its own server for', () => {
  const allowed = nodeFetcher({ testServer: { address: '127.0.0.1', port: 0 } });
  const forPort = () => nodeFetcher({ testServer: { address: '127.0.0.1', port } });

  it('fetches from that one address and port only', async () => {
    const outcome = await fetchOf(forPort(), `http://127.0.0.1:${port}/calendar.ics`);
    expect(outcome).toMatchObject({ ok: true, status: 200, body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' });
    expect((await fetchOf(allowed, `http://127.0.0.1:${port}/calendar.ics`)).ok).toBe(false);
  });

  it('checks every redirect again', async () => {
    const toOther = await fetchOf(forPort(), `http://127.0.0.1:${port}/to-other-port`);
    expect(!toOther.ok && toOther.error).toMatch(/loopback/);
    const toPrivate = await fetchOf(forPort(), `http://127.0.0.1:${port}/to-private`);
    expect(!toPrivate.ok && toPrivate.error).toMatch(/private/);
  });

  it('stops reading at the size cap', async () => {
    const outcome = await fetchOf(forPort(), `http://127.0.0.1:${port}/big`);
    expect(!outcome.ok && outcome.error).toBe('The calendar is larger than 1.0 MB.');
  });

  it('gives up on a server that does not answer', async () => {
    const outcome = await fetchOf(forPort(), `http://127.0.0.1:${port}/slow`, { timeoutMs: 1000 });
    expect(!outcome.ok && outcome.error).toBe('No answer within 1 s.');
  });
});
