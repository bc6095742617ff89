/**
 * @module Fetching calendars from a Worker behind the SSRF guard (src/import/fetch.ts). Workers
 * have no DNS lookup of their own, so the host's A and AAAA records are read over DNS-over-HTTPS
 * and every address is checked before the fetch; the fetch itself runs on Cloudflare's network,
 * which cannot reach the deployment's private networks in any case. Redirects are followed by
 * hand and checked again; the body is read up to the size cap.
 */
import { FETCH_TIMEOUT_MS, MAX_REDIRECTS, httpUrl, refusedAddress, refusedUrl, type Fetcher } from '../import/fetch.js';
import { visibleText } from '../domain/visible-text.js';

const DOH = 'https://cloudflare-dns.com/dns-query';

async function addressesOf(host: string, signal: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for (const type of ['A', 'AAAA']) {
    const res = await fetch(`${DOH}?name=${encodeURIComponent(host)}&type=${type}`, {
      headers: { Accept: 'application/dns-json' },
      signal,
    });
    const json = (await res.json()) as { Answer?: { type: number; data: string }[] };
    for (const answer of json.Answer ?? []) if (answer.type === 1 || answer.type === 28) out.push(answer.data);
  }
  return out;
}

async function readCapped(res: Response, maxBytes: number): Promise<string | null> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

export function workerFetcher(): Fetcher {
  return async (request) => {
    const signal = AbortSignal.timeout(request.timeoutMs ?? FETCH_TIMEOUT_MS);
    let url = httpUrl(request.url);
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const refused = refusedUrl(url);
        if (refused) return { ok: false, status: null, error: `The address ${refused}.` };
        const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
        const addresses = /^[\d.]+$|:/.test(host) ? [host] : await addressesOf(host, signal);
        if (!addresses.length) return { ok: false, status: null, error: `${host} has no address.` };
        for (const address of addresses) {
          const bad = refusedAddress(address);
          if (bad) return { ok: false, status: null, error: `The address ${bad}.` };
        }
        const headers: Record<string, string> = {
          Accept: 'text/calendar, text/plain;q=0.8, */*;q=0.5',
          'User-Agent': 'safercal calendar sync',
        };
        if (request.etag) headers['If-None-Match'] = request.etag;
        if (request.lastModified) headers['If-Modified-Since'] = request.lastModified;
        const res = await fetch(url, { headers, redirect: 'manual', signal });
        const location = res.headers.get('Location');
        if ([301, 302, 303, 307, 308].includes(res.status) && location) {
          url = new URL(location, url).toString();
          continue;
        }
        if (res.status === 304) return { ok: true, status: 304 };
        if (res.status !== 200)
          return { ok: false, status: res.status, error: `The server answered ${res.status} ${visibleText(res.statusText)}`.trim() + '.' };
        const body = await readCapped(res, request.maxBytes);
        if (body === null)
          return { ok: false, status: 200, error: `The calendar is larger than ${(request.maxBytes / 1_000_000).toFixed(1)} MB.` };
        return {
          ok: true,
          status: 200,
          body,
          etag: res.headers.get('ETag'),
          lastModified: res.headers.get('Last-Modified'),
          finalUrl: url,
        };
      }
      return { ok: false, status: null, error: `More than ${MAX_REDIRECTS} redirects.` };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
      return {
        ok: false,
        status: null,
        error: timedOut
          ? `No answer within ${Math.round((request.timeoutMs ?? FETCH_TIMEOUT_MS) / 1000)} s.`
          : `The server could not be reached (${(error as Error).message}).`,
      };
    }
  };
}
