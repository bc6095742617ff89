/** @module What the HTTP app is built from. Both runtimes construct these and call createApp. */
import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Clock } from '../domain/clock.js';
import type { ScryptFn } from '../domain/password.js';
import type { Viewer } from '../domain/visibility.js';
import type { DocumentStorage } from '../meetings/storage.js';
import type { Mailer } from '../notify/mailer.js';
import type { Fetcher } from '../import/fetch.js';

export interface AppDeps {
  store: Store;
  clock: Clock;
  mailer: Mailer;
  config: Config;
  /** The runtime's native scrypt for passwords; without it a pure-JavaScript one is used. */
  scrypt?: ScryptFn;
  /** The client's network address as the runtime knows it (for sign-in rate limits), or null. */
  clientAddress?: (c: Context) => string | null;
  /** Where uploaded meeting documents are kept; without it, documents are links only. */
  documents?: DocumentStorage | null;
  /** Fetches calendars from addresses organisers give (imports, synced feeds), behind the SSRF guard. */
  fetcher?: Fetcher;
  /** Redoc's standalone script for the API page (/api/docs); without it the page links to the JSON. */
  apiDocsScript?: () => Promise<string>;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    viewer: Viewer;
    /** Who is acting, for the audit log: "token:<name>" or "anonymous". */
    actor: string;
    /** Set by the public feeds' CORS middleware before the route runs: the answer needs its two CORS headers. */
    feedCors?: boolean;
    /**
     * Set by a route whose answer already carries the headers these middlewares add (a feed keeps
     * them with its body, built once per body, ADR 221): they leave its headers alone.
     */
    headersKept?: { security: boolean; cors: boolean };
  };
}
