/**
 * @module The HTTP server on Node: the app behind @hono/node-server, with one thing added. When
 * the app answers without reading the request's whole body (a 404 for an unknown path, a 413 for
 * one too large, a refusal before the body matters), the rest of the body is still on the wire.
 * Left there, it would be read as the next request on that keep-alive connection; the adapter's
 * own clean-up gives it 500 ms and then closes the socket under the client, which loses the
 * client's next request (measured: 56 of 4,601 requests after ~1 MB bodies to unknown paths).
 * Here the unread rest is drained without a time limit (Node's requestTimeout still bounds a
 * client that stalls), so the connection stays usable; a body declared larger than
 * MAX_DRAIN_BYTES, or one that turns out larger, is not worth reading: that answer says
 * `Connection: close`, and the socket closes after it.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Far above any body the app accepts (1 MB), so every refused body of a plausible client is drained. */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

function declaredLength(incoming: IncomingMessage): number | null {
  const raw = incoming.headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** Wraps a request listener so that a body the app left unread never spoils the connection. */
export function drainingListener(listener: RequestListener): RequestListener {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const length = declaredLength(incoming);
    const chunked = incoming.headers['transfer-encoding'] !== undefined;
    if (length !== null && length > MAX_DRAIN_BYTES) outgoing.setHeader('Connection', 'close');
    if ((length ?? 0) > 0 || chunked) {
      outgoing.once('finish', () => {
        if (incoming.complete || incoming.destroyed) return;
        // As Node's own IncomingMessage._dump: whoever was reading (the fetch adapter's stream,
        // which pauses the socket when its queue is full) gave up, so only the drain listens now.
        incoming.removeAllListeners('data');
        let drained = 0;
        incoming.on('data', (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > MAX_DRAIN_BYTES) incoming.socket.destroy();
        });
        incoming.resume();
      });
    }
    listener(incoming, outgoing);
  };
}

/** Serves `fetch` on a port (0: any free one); resolves once listening. */
export async function serveApp(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  opts: { port: number; hostname?: string },
): Promise<{ server: ServerType; port: number }> {
  const server = serve({
    fetch,
    port: opts.port,
    hostname: opts.hostname,
    // The adapter's own clean-up closes the socket 500 ms after the answer; drainingListener instead.
    autoCleanupIncoming: false,
    createServer: ((options: object, listener: RequestListener) =>
      createServer(options, drainingListener(listener))) as unknown as typeof createServer,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
