/**
 * @module A map from ids to values kept as many small Maps: a feed build holds one entry per member
 * (65,000 at 100k events) in two maps, and a JavaScript Map that fills its table copies every
 * entry into one twice the size in a single step: ~30 ms at 65,536 entries and ~70 ms at 131,072
 * for two such maps on the benchmark's machine, a turn of the event loop no slicer can split
 * (ADR 273). Split 64 ways, each table holds ~1,000 entries at that size and grows in well under
 * a millisecond.
 */

/** Tables the entries are spread over: a power of two. */
const SHARDS = 64;

/** The shard of an id: FNV-1a of its last four UTF-16 code units (ids are random UUIDs, so these vary). */
function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, id.length - 4); i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) & (SHARDS - 1);
}

/** The parts of Map a feed build uses, over string ids. Iteration order is not insertion order. */
export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get(id: string): V | undefined {
    return this.shards[shardOf(id)]!.get(id);
  }

  set(id: string, value: V): this {
    this.shards[shardOf(id)]!.set(id, value);
    return this;
  }

  /** True if the id was there. */
  delete(id: string): boolean {
    return this.shards[shardOf(id)]!.delete(id);
  }

  get size(): number {
    let n = 0;
    for (const shard of this.shards) n += shard.size;
    return n;
  }
}
