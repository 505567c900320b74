import type { ParamSet } from '../params/param-set.js';
import type { Namespace, StoredKey } from '../store/types.js';

/** How many unsealed keys one service keeps; 256 covers an app's working set at ~100 KiB. */
export const KEY_CACHE_CAPACITY = 256;

/** A key unsealed earlier, with the exact record bytes it was unsealed from. */
interface CachedKey {
  readonly properties: ParamSet;
  readonly material: Uint8Array;
  readonly recordProperties: Uint8Array;
  readonly recordSealed: Uint8Array;
}

/**
 * A bounded cache of unsealed keys, keyed by namespace and alias, so that a session init does
 * not pay an HKDF, a GCM decryption and a parameter parse for a key it used a moment ago.
 *
 * Staleness: an entry is used only when the record just read from the store (one indexed read,
 * still done on every load) is byte for byte the record the entry was unsealed from. Every seal
 * draws a fresh salt and nonce and its GCM tag covers the properties, so a key replaced, moved
 * or deleted by another process, or a record edited on disk, never matches and is unsealed (or
 * refused) again. Writes and deletes of this process also drop their entry at once.
 *
 * Trade-off: up to KEY_CACHE_CAPACITY keys stay in the clear in this process's heap for longer
 * than one operation (open sessions hold such copies too, sessions.md §9.2). Evicted and dropped
 * entries are zeroed; clear() zeroes them all when the keystore closes.
 */
export class KeyCache {
  private readonly entries = new Map<string, CachedKey>();

  constructor(private readonly capacity: number = KEY_CACHE_CAPACITY) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The key unsealed from exactly this record, its material as a fresh copy the caller owns;
   * undefined (and the stale entry dropped) when the record differs.
   */
  lookup(
    ns: Namespace,
    alias: Uint8Array,
    record: StoredKey,
  ): { properties: ParamSet; material: Uint8Array } | undefined {
    const id = cacheId(ns, alias);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (!sameBytes(entry.recordSealed, record.sealed)
      || !sameBytes(entry.recordProperties, record.properties)) {
      this.drop(id);
      return undefined;
    }
    // Most recently used goes last: Map order is the eviction order.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return { properties: entry.properties, material: Uint8Array.from(entry.material) };
  }

  /** Keeps a copy of a key just unsealed from `record`, evicting the least recently used. */
  remember(
    ns: Namespace,
    alias: Uint8Array,
    record: StoredKey,
    properties: ParamSet,
    material: Uint8Array,
  ): void {
    if (this.capacity <= 0) return;
    const id = cacheId(ns, alias);
    this.drop(id);
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    this.entries.set(id, {
      properties,
      material: Uint8Array.from(material),
      recordProperties: Uint8Array.from(record.properties),
      recordSealed: Uint8Array.from(record.sealed),
    });
  }

  /** The key of this alias was written or deleted: its entry, if any, is zeroed and dropped. */
  forget(ns: Namespace, alias: Uint8Array): void {
    this.drop(cacheId(ns, alias));
  }

  /** Zeroes and drops every entry (close, app removal). */
  clear(): void {
    for (const entry of this.entries.values()) entry.material.fill(0);
    this.entries.clear();
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    entry.material.fill(0);
    this.entries.delete(id);
  }
}

/** Length-prefixed app name, so that no two (namespace, alias) pairs share an id. */
function cacheId(ns: Namespace, alias: Uint8Array): string {
  const aliasText = Buffer.from(alias.buffer, alias.byteOffset, alias.byteLength).toString('latin1');
  return `${ns.app.length}:${ns.app}:${ns.userId}:${ns.level}:${aliasText}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
    .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
