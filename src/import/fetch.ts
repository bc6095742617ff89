/**
 * @module Fetching a calendar from an address an organiser typed, safely (docs/decisions.md,
 * SSRF guard). The fetch itself is the runtime's (src/runtime/node-fetch.ts resolves DNS and
 * connects only to the addresses it checked; the Worker's asks DNS-over-HTTPS first); this
 * module holds what both share: the shape of a fetcher, the address rules and the limits.
 *
 * Refused: anything but http and https, user names or passwords in the address, and every
 * address that is not on the public internet (loopback, private ranges, link-local, carrier-grade
 * NAT, multicast, the unspecified address, IPv4-mapped and 6to4 forms of those, and so on), so
 * an organiser's form cannot be used to read the server's own network. Limits: 10 s, 1 MB,
 * 5 redirects, each redirect checked like the first address.
 */
import ipaddr from 'ipaddr.js';

export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 5;

export interface FetchRequest {
  url: string;
  /** Validators from the last answer, for a conditional request (RFC 9110 §13). */
  etag?: string | null;
  lastModified?: string | null;
  maxBytes: number;
  timeoutMs?: number;
}

export type FetchOutcome =
  | { ok: true; status: 200; body: string; etag: string | null; lastModified: string | null; finalUrl: string }
  | { ok: true; status: 304 }
  | { ok: false; status: number | null; error: string };

/** What the runtimes pass in: fetches one calendar, never throws. */
export type Fetcher = (request: FetchRequest) => Promise<FetchOutcome>;

/**
 * Why an address may not be fetched, or null when it may: a readable sentence for the organiser.
 * Only the form of the address; the host's addresses are checked by `refusedAddress` after DNS.
 */
export function refusedUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a web address (it must start with https:// or http://)';
  }
  if (url.protocol === 'webcal:') return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `uses ${url.protocol.replace(/:$/, '')}: only https and http addresses can be fetched`;
  if (url.username || url.password) return 'must not contain a user name or password';
  if (!url.hostname) return 'has no host name';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return refusedAddress(host);
  if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(host)) return `names ${host}, which is not on the public internet`;
  return null;
}

/**
 * Why an IP address may not be fetched, or null for a public unicast address. IPv4-mapped IPv6
 * addresses are judged as the IPv4 address they carry.
 */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return `resolved to "${address}", which is not an IP address`;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === 'unicast' ? null : `leads to ${address} (${range}), which is not on the public internet`;
}

/** webcal:// is how calendar links are often written: it means https. */
export function httpUrl(raw: string): string {
  return raw.replace(/^webcal:\/\//i, 'https://');
}
