/**
 * @module The serialized-feed cache: one encoded body per distinct feed (filters + viewer
 * scope + configuration), served as-is until something it depends on changes; a stale entry is
 * handed to its rebuild, which reads only what changed since (src/feeds/build.ts). The cache
 * also holds what every feed of the database shares: the kept fragments and the configuration's
 * change time. Three signals make an entry stale:
 *  - the Store's in-process revision (bumped by every Store.batch): writes through this process
 *    are seen on the very next request, at no cost;
 *  - a database fingerprint (the latest change number, which the database raises on every write to
 *    events, groups and organisations whoever makes it; migration 0016, ADR 141), read
 *    at most once per `recheckMs` for the whole cache: writes by another process (the CLI) or
 *    another Workers isolate are seen within that time; on PostgreSQL, where several instances
 *    share the database, on every request (src/db/dialect.ts sharedByInstances);
 *  - the entry's own `validUntil` (the next cancelled event to age out of the feed).
 * Concurrent requests for a feed being built wait for the one build instead of starting their own.
 */
import { sharedByInstances } from '../db/dialect.js';
import type { Store } from '../db/store.js';
import { joinInBackground, readFingerprint, type BuiltFeed, type Fingerprint } from './build.js';
import { FragmentStore } from './fragments.js';
import { configChangedAt } from './freshness.js';

export interface CachedFeed extends BuiltFeed {
  revision: number | null;
  fingerprint: string;
  /** Bytes the entry holds: its body, and about 100 bytes per member it remembers for the next build. */
  weight: number;
}

export interface FeedCacheOptions {
  /** How often the database fingerprint is re-read (ms); 0 reads it on every request. */
  recheckMs?: number;
  maxEntries?: number;
  maxBytes?: number;
  /** Monotonic milliseconds, for the recheck throttle (not the calendar clock, which tests fix). */
  monotonic?: () => number;
}

export class FeedCache {
  private readonly entries = new Map<string, CachedFeed>();
  private readonly building = new Map<string, Promise<CachedFeed>>();
  private fingerprint: Fingerprint | null = null;
  private fingerprintRead = -Infinity;
  private fingerprintReading: Promise<Fingerprint> | null = null;
  private bytes = 0;
  private readonly recheckMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly monotonic: () => number;
  private readonly configTimes = new Map<string, Promise<number>>();
  /** The VEVENT fragments of this database, shared by all its feeds. */
  readonly fragments: FragmentStore;

  constructor(
    private readonly store: Store,
    options: FeedCacheOptions = {},
  ) {
    // A Store without revision() relies on the fingerprint alone (ours all have one). Where several
    // instances share the database (PostgreSQL), another instance's write must show on the very
    // next request here too, so the fingerprint is read on every request.
    this.recheckMs = options.recheckMs ?? (sharedByInstances(store) ? 0 : 1000);
    this.maxEntries = options.maxEntries ?? 200;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.fragments = new FragmentStore(store);
  }

  /** When this configuration (src/feeds/freshness.ts configSignature) took effect; read once per process. */
  configChangedAt(signature: string, now: Date): Promise<number> {
    let at = this.configTimes.get(signature);
    if (!at) {
      at = configChangedAt(this.store, signature, now);
      at.catch(() => this.configTimes.delete(signature));
      this.configTimes.set(signature, at);
    }
    return at;
  }

  /** The current fingerprint, re-read when older than recheckMs (one read in flight at a time). */
  async currentFingerprint(): Promise<Fingerprint> {
    if (this.fingerprint && this.monotonic() - this.fingerprintRead < this.recheckMs) return this.fingerprint;
    if (!this.fingerprintReading) {
      const startedAt = this.monotonic();
      this.fingerprintReading = readFingerprint(this.store)
        .then((fp) => {
          this.fingerprint = fp;
          this.fingerprintRead = startedAt;
          return fp;
        })
        .finally(() => {
          this.fingerprintReading = null;
        });
    }
    return this.fingerprintReading;
  }

  /** Whether an entry still reflects this process's writes, the database and the clock. */
  private fresh(entry: CachedFeed, fingerprint: Fingerprint, nowMs: number): boolean {
    const revision = this.store.revision?.() ?? null;
    return entry.revision === revision && entry.fingerprint === fingerprint.key && nowMs < entry.validUntil;
  }

  /**
   * The cached body for `key`, or a new one from `build`, which gets the stale entry (if any) to
   * build on. `nowMs` is the calendar clock (it decides when cancelled events age out).
   */
  async get(
    key: string,
    nowMs: number,
    build: (fingerprint: Fingerprint, previous: CachedFeed | null) => Promise<BuiltFeed>,
  ): Promise<CachedFeed> {
    const revisionBefore = this.store.revision?.() ?? null;
    const existing = this.entries.get(key);
    if (existing && existing.revision !== revisionBefore) this.fingerprintRead = -Infinity;
    const fingerprint = await this.currentFingerprint();
    if (existing && this.fresh(existing, fingerprint, nowMs)) {
      // Map order is recency order: move to the end.
      this.entries.delete(key);
      this.entries.set(key, existing);
      return existing;
    }
    const inFlight = this.building.get(key);
    if (inFlight) return inFlight;
    const promise = (async () => {
      // Revision and fingerprint are read before the events, so a write racing the build
      // leaves the entry stale (rebuilt next time) rather than wrongly fresh.
      const revision = this.store.revision?.() ?? null;
      const previous = this.entries.get(key) ?? null;
      const built = await build(fingerprint, previous);
      if (previous && built.body === previous.body) {
        // The same bytes: the entry stays the same object, so its gzip form (src/feeds/gzip.ts,
        // kept per entry) is not made again for a body that did not change.
        Object.assign(previous, built, { revision, fingerprint: fingerprint.key });
        this.put(key, previous);
        return previous;
      }
      const entry: CachedFeed = {
        ...built,
        revision,
        fingerprint: fingerprint.key,
        weight: built.bytes + (built.parts?.order.length ?? 0) * 100,
      };
      this.put(key, entry);
      // Many blocks (a full build) are served as a stream until joined, and later GETs write one
      // array (ADR 192); an edit's few runs of the joined array are written as they are (ADR 277).
      joinInBackground(entry).catch(() => {});
      return entry;
    })().finally(() => this.building.delete(key));
    this.building.set(key, promise);
    return promise;
  }

  private put(key: string, entry: CachedFeed): void {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.weight;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.weight;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      if (k === key) continue;
      this.entries.delete(k);
      this.bytes -= e.weight;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
