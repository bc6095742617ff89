/**
 * @module Who is connecting, on Node: the socket's address, or, behind load balancers named in
 * `TRUSTED_PROXIES`, the address they forwarded in `X-Forwarded-For`.
 *
 * Why a setting and a library (ADR 140): behind nginx every socket comes from nginx, so the
 * per-address sign-in limit would count every visitor together. `X-Forwarded-For` can be written
 * by anyone, so it is only believed from proxies the operator names; the walk from the right that
 * skips trusted hops, and the address and subnet parsing, are `proxy-addr`'s (the module Express
 * uses for `trust proxy`), not our own.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import proxyaddr from 'proxy-addr';

/** Raised at start when `TRUSTED_PROXIES` names something that is not an address or subnet. */
export class TrustedProxiesError extends Error {}

/**
 * Parses `TRUSTED_PROXIES`: addresses, CIDR subnets (`10.0.0.0/8`, `fd00::/8`) and proxy-addr's
 * names `loopback`, `linklocal`, `uniquelocal`, separated by commas or spaces. Unset or empty:
 * no proxy is trusted and `X-Forwarded-For` is ignored.
 * @returns the entries, or null when none are set.
 * @throws TrustedProxiesError naming the entry that is not an address, subnet or name.
 */
export function trustedProxiesFromEnv(env: NodeJS.ProcessEnv): string[] | null {
  const entries = (env.TRUSTED_PROXIES ?? '').split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  for (const entry of entries) {
    try {
      proxyaddr.compile(entry);
    } catch {
      throw new TrustedProxiesError(
        `TRUSTED_PROXIES: "${entry}" is not an IP address, a subnet such as 10.0.0.0/8, or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return entries;
}

/**
 * The client address of a request served by @hono/node-server: the socket's peer, or, when that
 * peer (and each hop after it, read from the right of `X-Forwarded-For`) is a trusted proxy, the
 * first untrusted address in the header. Without trusted proxies, the socket's address whatever the
 * header says.
 */
export function nodeClientAddress(trustedProxies: string[] | null): (c: Context) => string | null {
  if (!trustedProxies) return (c) => getConnInfo(c).remote.address ?? null;
  const trust = proxyaddr.compile(trustedProxies);
  return (c) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming?.socket) return getConnInfo(c).remote.address ?? null;
    return proxyaddr(incoming, trust);
  };
}
