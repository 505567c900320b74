import type { KeyIdentity } from '../core/types.js';
import { ParamSet } from '../params/param-set.js';
import type { Namespace, StoredKey } from '../store/types.js';
import { ownerOf, type KeyOwner } from './owner.js';

/**
 * How many unsealed keys one service keeps. Large enough that an app's keys (the benchmarks use
 * 10,000) are all served from memory, so that the cost of a lookup does not grow with the
 * number of stored keys; at about 1.5 KiB an entry that is some 24 MiB at most.
 */
export const KEY_CACHE_CAPACITY = 16_384;

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
  /** The owner tags of the properties, read once (owner.ts). */
  readonly owner: KeyOwner;
}

/** A key unsealed earlier, with where it lives and the exact record bytes it came from. */
interface CachedKey extends CacheHit {
  readonly app: string;
  readonly userId: number;
  readonly level: number;
  readonly alias: Uint8Array;
  readonly recordProperties: Uint8Array;
  readonly recordSealed: Uint8Array;
  /** The store's change stamp at which the record was last read and found equal. */
  stamp: string | undefined;
  /** Used since the eviction sweep last passed it (the CLOCK bit). */
  referenced: boolean;
  /** The next entry of the same slot (colliding hashes), or undefined. */
  next: CachedKey | undefined;
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
 * dropped entries are zeroed, and clear() zeroes them all when the keystore closes. The core's
 * prepared form of a key (KeyObjects, memoised per entry identity) cannot be zeroed: it is
 * released with the identity, when the entry goes and no open session holds it.
 */
export class KeyCache {
  /**
   * Entries by a 30-bit hash of (namespace, alias), computed without building a string: a
   * lookup allocates nothing. The Map holds the first entry of a slot and colliding entries
   * chain from it (rare: at full capacity about one pair in eight caches); Map order, the
   * eviction order, is that of the slots.
   */
  private readonly slots = new Map<number, CachedKey>();
  private count = 0;

  /** `slot` replaces the hash (tests of colliding entries). */
  constructor(
    private readonly capacity: number = KEY_CACHE_CAPACITY,
    private readonly slotOf: (ns: Namespace, alias: Uint8Array) => number = hashSlot,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The key when nothing can have changed since it was last checked (`stamp` equal). */
  trusted(ns: Namespace, alias: Uint8Array, stamp: string): CacheHit | undefined {
    const slot = this.slotOf(ns, alias);
    const entry = this.find(slot, ns, alias);
    if (entry === undefined || entry.stamp !== stamp) return undefined;
    return this.hit(entry);
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
    const slot = this.slotOf(ns, alias);
    const entry = this.find(slot, ns, alias);
    if (entry === undefined) return undefined;
    if (!sameBytes(entry.recordSealed, record.sealed)
      || !sameBytes(entry.recordProperties, record.properties)) {
      this.drop(slot, entry);
      return undefined;
    }
    entry.stamp = stamp;
    return this.hit(entry);
  }

  /**
   * Keeps a copy of a key that matches `record`, evicting one not used lately (CLOCK), and
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
    this.forget(ns, alias);
    while (this.count >= this.capacity) this.evictOldest();

    const entry: CachedKey = {
      properties: ParamSet.indexed(key.properties),
      material: Uint8Array.from(key.material),
      identity: {},
      app: ns.app,
      userId: ns.userId,
      level: ns.level,
      alias: Uint8Array.from(alias),
      owner: ownerOf(key.properties),
      recordProperties: Uint8Array.from(record.properties),
      recordSealed: Uint8Array.from(record.sealed),
      stamp,
      referenced: false,
      next: undefined,
    };
    const slot = this.slotOf(ns, alias);
    const first = this.slots.get(slot);
    if (first === undefined) {
      this.slots.set(slot, entry);
    } else {
      let last = first;
      while (last.next !== undefined) last = last.next;
      last.next = entry;
    }
    this.count++;
    return entry;
  }

  /** The key of this alias was written or deleted: its entry, if any, is zeroed and dropped. */
  forget(ns: Namespace, alias: Uint8Array): void {
    const slot = this.slotOf(ns, alias);
    const entry = this.find(slot, ns, alias);
    if (entry !== undefined) this.drop(slot, entry);
  }

  /** Zeroes and drops every entry (close). */
  clear(): void {
    for (const first of this.slots.values()) {
      for (let entry: CachedKey | undefined = first; entry; entry = entry.next) {
        entry.material.fill(0);
      }
    }
    this.slots.clear();
    this.count = 0;
  }

  private find(slot: number, ns: Namespace, alias: Uint8Array): CachedKey | undefined {
    for (let entry = this.slots.get(slot); entry !== undefined; entry = entry.next) {
      if (entry.userId === ns.userId && entry.level === ns.level && entry.app === ns.app
        && sameBytes(entry.alias, alias)) {
        return entry;
      }
    }
    return undefined;
  }

  private hit(entry: CachedKey): CachedKey {
    // A hit only sets a bit: moving the entry to the end of the Map on every hit (exact LRU)
    // made a lookup among 10,000 keys cost more than among 100.
    entry.referenced = true;
    return entry;
  }

  /**
   * Second chance (CLOCK), in Map order: the oldest slot's first entry not used since the
   * sweep last passed is dropped; a slot whose entries were all used has their bits cleared
   * and goes to the end. Ends within one pass over the Map, after which no bit is set.
   */
  private evictOldest(): void {
    for (;;) {
      const [slot, first] = this.slots.entries().next().value as [number, CachedKey];
      let entry: CachedKey | undefined = first;
      while (entry !== undefined && entry.referenced) entry = entry.next;
      if (entry !== undefined) {
        this.drop(slot, entry);
        return;
      }
      for (entry = first; entry !== undefined; entry = entry.next) entry.referenced = false;
      this.slots.delete(slot);
      this.slots.set(slot, first);
    }
  }

  private drop(slot: number, entry: CachedKey): void {
    entry.material.fill(0);
    const first = this.slots.get(slot)!;
    if (first === entry) {
      if (entry.next === undefined) this.slots.delete(slot);
      else this.slots.set(slot, entry.next);
    } else {
      let before = first;
      while (before.next !== entry) before = before.next!;
      before.next = entry.next;
    }
    entry.next = undefined;
    this.count--;
  }
}

/** FNV-1a over the namespace and the alias bytes; equal pairs always share a slot. */
function hashSlot(ns: Namespace, alias: Uint8Array): number {
  let h = 0x811c9dc5;
  const app = ns.app;
  for (let i = 0; i < app.length; i++) h = Math.imul(h ^ app.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ ns.userId, 0x01000193);
  h = Math.imul(h ^ ns.level, 0x01000193);
  for (let i = 0; i < alias.length; i++) h = Math.imul(h ^ alias[i]!, 0x01000193);
  // 30 bits: a small integer for V8, which a Map hashes without boxing a heap number.
  return h & 0x3fffffff;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  // Short arrays (aliases) compare faster in a loop than through a native call.
  if (a.length <= 64) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
    .equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
