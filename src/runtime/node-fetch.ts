/**
 * @module Fetching calendars on Node behind the SSRF guard (src/import/fetch.ts). The host name is
 * resolved here and every address it resolves to is checked; the connection then goes to a
 * checked address (the guard is the socket's own DNS lookup), so a name that answers differently
 * a second time (DNS rebinding) cannot slip through. Redirects are followed by hand and each is
 * checked again. The body is read up to the size cap, decompressed size included.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import { visibleText } from '../domain/visible-text.js';
import { FETCH_TIMEOUT_MS, MAX_REDIRECTS, httpUrl, refusedAddress, refusedUrl, type FetchOutcome, type Fetcher } from '../import/fetch.js';

export interface NodeFetcherOptions {
  /**
   * Tests only: one loopback address and port that may be fetched (the test's own server). Never
   * set from configuration: src/runtime/node.ts builds the fetcher without options.
   */
  testServer?: { address: string; port: number };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(allowed: NodeFetcherOptions['testServer'], port: number) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, []);
      for (const a of addresses) {
        const refused = allowed && a.address === allowed.address && port === allowed.port ? null : refusedAddress(a.address);
        if (refused) return callback(Object.assign(new Error(`${hostname} ${refused}`), { code: 'EREFUSED_ADDRESS' }), []);
      }
      if (!addresses.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream = /gzip/i.test(String(res.headers['content-encoding'] ?? '')) ? res.pipe(createGunzip()) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new Error(`is larger than ${(maxBytes / 1_000_000).toFixed(1)} MB`));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(new TextDecoder().decode(Buffer.concat(chunks))));
    stream.on('error', reject);
  });
}

/** A Fetcher for Node: never throws; refusals and failures come back as `ok: false` with words. */
export function nodeFetcher(options: NodeFetcherOptions = {}): Fetcher {
  return async (request) => {
    const deadline = Date.now() + (request.timeoutMs ?? FETCH_TIMEOUT_MS);
    let url = httpUrl(request.url);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const target = new URL(url);
      const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
      const host = target.hostname.replace(/^\[|\]$/g, '');
      const isTestServer = options.testServer && host === options.testServer.address && port === options.testServer.port;
      const refused = isTestServer ? null : refusedUrl(url);
      if (refused) return { ok: false, status: null, error: `The address ${refused}.` };
      const outcome = await new Promise<FetchOutcome | { redirect: string }>((resolve) => {
        const headers: Record<string, string> = {
          Accept: 'text/calendar, text/plain;q=0.8, */*;q=0.5',
          'Accept-Encoding': 'gzip',
          'User-Agent': 'safercal calendar sync',
        };
        if (request.etag) headers['If-None-Match'] = request.etag;
        if (request.lastModified) headers['If-Modified-Since'] = request.lastModified;
        const client = target.protocol === 'https:' ? https : http;
        // agent: false: a fresh connection each time, through the guarded lookup, never a pooled socket.
        const req = client.request(
          target,
          { method: 'GET', headers, agent: false, lookup: guardedLookup(options.testServer, port) as never },
          (res) => {
            const status = res.statusCode ?? 0;
            if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
              res.resume();
              resolve({ redirect: new URL(res.headers.location, target).toString() });
              return;
            }
            if (status === 304) {
              res.resume();
              resolve({ ok: true, status: 304 });
              return;
            }
            if (status !== 200) {
              res.resume();
              resolve({ ok: false, status, error: `The server answered ${status} ${visibleText(res.statusMessage ?? '')}`.trim() + '.' });
              return;
            }
            readBody(res, request.maxBytes).then(
              (body) =>
                resolve({
                  ok: true,
                  status: 200,
                  body,
                  etag: typeof res.headers.etag === 'string' ? res.headers.etag : null,
                  lastModified: typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'] : null,
                  finalUrl: url,
                }),
              (error: Error) => resolve({ ok: false, status, error: `The calendar ${error.message}.` }),
            );
          },
        );
        const timer = setTimeout(() => req.destroy(new Error('timed out')), Math.max(0, deadline - Date.now()));
        req.on('close', () => clearTimeout(timer));
        req.on('error', (error: NodeJS.ErrnoException) => {
          const words =
            error.code === 'EREFUSED_ADDRESS'
              ? `The address ${error.message.replace(/^\S+ /, '')}.`
              : error.message === 'timed out'
                ? `No answer within ${Math.round((request.timeoutMs ?? FETCH_TIMEOUT_MS) / 1000)} s.`
                : `The server could not be reached (${error.code ?? error.message}).`;
          resolve({ ok: false, status: null, error: words });
        });
        req.end();
      });
      if (!('redirect' in outcome)) return outcome;
      url = outcome.redirect;
    }
    return { ok: false, status: null, error: `More than ${MAX_REDIRECTS} redirects.` };
  };
}
