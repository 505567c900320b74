import type { KeyIdentity } from '../core/types.js';
import type { ParamSet } from '../params/param-set.js';
import type { Namespace, StoredKey } from '../store/types.js';

/**
 * How many unsealed keys one service keeps. Large enough that an app's keys (the benchmarks use
 * 10,000) are all served from memory, so that the cost of a lookup does not grow with the
 * number of stored keys; at about 1.5 KiB an entry that is some 24 MiB at most.
 */
export const KEY_CACHE_CAPACITY = 16_384;

/** A key unsealed earlier, with the exact record bytes it was unsealed from. */
interface CachedKey extends CacheHit {
  readonly recordProperties: Uint8Array;
  readonly recordSealed: Uint8Array;
  /** The store's change stamp at which the record was last read and found equal. */
  stamp: string | undefined;
}

/**
 * What a hit hands out: the entry's own properties and material, shared and read-only. A user
 * reads them during its call and keeps nothing (the core copies the material it keeps); the
 * material is zeroed when the entry is dropped.
 */
export interface CacheHit {
  readonly properties: ParamSet;
  readonly material: Uint8Array;
  /**
   * The entry's identity (core/types.ts KeyIdentity), under which the core memoises the
   * prepared form of the key. Invariant: it is created with the entry and never handed out
   * with other bytes. An entry is only ever returned for the record it was unsealed from (a
   * differing record drops it), and a new record makes a new entry, hence a new identity.
   */
  readonly identity: KeyIdentity;
}

/**
 * A bounded cache of unsealed keys, keyed by namespace and alias, so that a session init does
 * not pay an HKDF, a GCM decryption and a parameter parse for a key it used before.
 *
 * Staleness, two ways:
 * - while the store's change stamp (KeyStore.changeStamp: SQLite's data_version plus this
 *   connection's writes) equals the one at which the entry was last checked, no process has
 *   committed anything since, so the entry is used without reading the record;
 * - otherwise the record is read (one indexed read) and the entry is used only when that record
 *   is byte for byte the one it was unsealed from. Every seal draws a fresh salt and nonce and
 *   its GCM tag covers the properties, so a key replaced, moved or deleted by another process,
 *   or a record edited on disk, never matches and is unsealed (or refused) again.
 * Writes and deletes of this process also drop their entry at once.
 *
 * Trade-off: up to KEY_CACHE_CAPACITY keys stay in the clear in this process's heap for as long
 * as the keystore is open, instead of for one operation (open sessions hold such copies too,
 * sessions.md §9.2). A heap dump or a debugger attached to the process sees them. Evicted and
 * dropped entries are zeroed, and clear() zeroes them all when the keystore closes.
 */
export class KeyCache {
  private readonly entries = new Map<string, CachedKey>();

  constructor(private readonly capacity: number = KEY_CACHE_CAPACITY) {}

  get size(): number {
    return this.entries.size;
  }

  /** The key when nothing can have changed since it was last checked (`stamp` equal). */
  trusted(ns: Namespace, alias: Uint8Array, stamp: string): CacheHit | undefined {
    const id = cacheId(ns, alias);
    const entry = this.entries.get(id);
    if (entry === undefined || entry.stamp !== stamp) return undefined;
    return this.hit(id, entry);
  }

  /**
   * The key unsealed from exactly this record (now trusted at `stamp`); undefined, and the
   * stale entry dropped, when the record differs.
   */
  lookup(
    ns: Namespace,
    alias: Uint8Array,
    record: StoredKey,
    stamp: string | undefined,
  ): CacheHit | undefined {
    const id = cacheId(ns, alias);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (!sameBytes(entry.recordSealed, record.sealed)
      || !sameBytes(entry.recordProperties, record.properties)) {
      this.drop(id);
      return undefined;
    }
    entry.stamp = stamp;
    return this.hit(id, entry);
  }

  /**
   * Keeps a copy of a key that matches `record`, evicting the least recently used entry, and
   * returns the new entry (undefined when the cache holds nothing). `stamp` must have been
   * taken before the record was read or written.
   */
  remember(
    ns: Namespace,
    alias: Uint8Array,
    record: StoredKey,
    key: { readonly properties: ParamSet; readonly material: Uint8Array },
    stamp: string | undefined,
  ): CacheHit | undefined {
    if (this.capacity <= 0) return undefined;
    const id = cacheId(ns, alias);
    this.drop(id);
    while (this.entries.size >= this.capacity) {
      this.drop(this.entries.keys().next().value as string);
    }
    const entry: CachedKey = {
      properties: key.properties,
      material: Uint8Array.from(key.material),
      identity: {},
      recordProperties: Uint8Array.from(record.properties),
      recordSealed: Uint8Array.from(record.sealed),
      stamp,
    };
    this.entries.set(id, entry);
    return entry;
  }

  /** The key of this alias was written or deleted: its entry, if any, is zeroed and dropped. */
  forget(ns: Namespace, alias: Uint8Array): void {
    this.drop(cacheId(ns, alias));
  }

  /** Zeroes and drops every entry (close). */
  clear(): void {
    for (const entry of this.entries.values()) entry.material.fill(0);
    this.entries.clear();
  }

  private hit(id: string, entry: CachedKey): CacheHit {
    // Most recently used goes last: Map order is the eviction order. Far from full, nothing is
    // evicted soon, and moving an entry of a large Map on every hit is what would make a lookup
    // among 10,000 keys cost more than among 100.
    if (this.entries.size > this.capacity / 2) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
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
  const aliasText = Buffer.from(alias.buffer, alias.byteOffset, alias.byteLength)
    .toString('latin1');
  return `${ns.app.length}:${ns.app}:${ns.userId}:${ns.level}:${aliasText}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
    .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
