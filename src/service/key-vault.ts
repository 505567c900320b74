import type { CoreKey, KeyIdentity } from '../core/types.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import { ParamSet } from '../params/param-set.js';
import type { KeyStore, Namespace, Sealer } from '../store/types.js';
import { KeyCache } from './key-cache.js';
import { checkKeyOwner, checkOwner, withOwnerTags } from './owner.js';
import type { Caller } from './types.js';

/** A key read back from the store: its properties and its material in the clear. */
export interface LoadedKey {
  readonly properties: ParamSet;
  /** Plain material; the caller zeroes it when the core is done with it. */
  readonly material: Uint8Array;
}

/**
 * A key lent for the length of one call (KeyVault.use): possibly the cache's own copy, so it is
 * read during the call only, never modified and never kept.
 */
export interface LentKey {
  readonly properties: ParamSet;
  readonly material: Uint8Array;
  /** Set when the key sits in the cache: its KeyIdentity for the core's memo. */
  readonly identity: KeyIdentity | undefined;
}

/**
 * The service's side of storage: it adds the owner tags and seals on the way in, and unseals
 * and checks the owner on the way out. The store only ever sees sealed material.
 */
export class KeyVault {
  /** The change stamp last read (canonicalStamp). */
  private lastStamp: string | undefined;

  constructor(
    private readonly store: KeyStore,
    private readonly sealer: Sealer,
    private readonly cache: KeyCache = new KeyCache(),
  ) {}

  exists(ns: Namespace, alias: Uint8Array): boolean {
    return this.store.exists(ns, alias);
  }

  /**
   * storage.md §7: with override false an existing alias is refused before any work.
   * @throws HuksFailure -167 (12000017) when the alias exists and override is false.
   */
  refuseExisting(ns: Namespace, alias: Uint8Array, override: boolean): void {
    if (!override && this.store.exists(ns, alias)) {
      throw new HuksFailure(HksErr.KEY_ALREADY_EXIST, 'the alias exists and override is false');
    }
  }

  /**
   * Seals and stores a key the core produced, in one atomic put: an overwrite replaces the old
   * record only once the new one is complete, so a failure keeps the old key (storage.md §7).
   * The cache forgets the alias and is not filled here: a key generated or imported is often
   * never used by this process, and its first use unseals it like any other record (the
   * store's change stamp moves with our own write, so the new key could not be trusted at
   * once anyway).
   * @throws HuksFailure -167 (12000017) when override is false and the alias exists; a
   *   12000004 code from the store when writing fails.
   */
  save(
    caller: Caller,
    ns: Namespace,
    alias: Uint8Array,
    key: CoreKey,
    request: ParamSet,
    override: boolean,
  ): void {
    const properties = withOwnerTags(key.properties, caller, ns, request).serialize();
    const sealed = this.sealer.seal(ns, alias, properties, key.material);
    this.cache.forget(ns, alias);
    this.store.put(ns, alias, { properties, sealed }, override);
  }

  /**
   * Reads, unseals and owner-checks a key (storage.md §5) and returns a copy the caller owns.
   * @throws HuksFailure as use() does.
   */
  load(caller: Caller, ns: Namespace, alias: Uint8Array): LoadedKey {
    return this.use(caller, ns, alias, (key) => ({
      properties: key.properties,
      material: Uint8Array.from(key.material),
    }));
  }

  /**
   * Reads, unseals and owner-checks a key (storage.md §5) and runs `run` on it. Unsealing is
   * skipped when the cache (key-cache.ts) holds this very record; the owner check runs either
   * way. The key is lent (LentKey): a freshly unsealed copy is zeroed when `run` returns, and
   * no per-call copy is made of a cached one, which is what a session init on a warm key costs.
   * @throws HuksFailure -13 (12000011) when missing; 12000012 codes when the record does not
   *   authenticate, does not parse or names another owner; whatever `run` throws.
   */
  use<T>(caller: Caller, ns: Namespace, alias: Uint8Array, run: (key: LentKey) => T): T {
    // The stamp comes before the read: a commit after it makes the next load read again.
    const stamp = this.canonicalStamp(this.store.changeStamp?.());
    const trusted = stamp === undefined ? undefined : this.cache.trusted(ns, alias, stamp);
    if (trusted !== undefined) {
      checkKeyOwner(trusted.owner, caller, ns);
      return run(trusted);
    }

    const stored = this.store.get(ns, alias);
    if (stored === undefined) {
      this.cache.forget(ns, alias);
      throw new HuksFailure(HksErr.NOT_EXIST, 'no key with this alias');
    }
    const cached = this.cache.lookup(ns, alias, stored, stamp);
    if (cached !== undefined) {
      checkKeyOwner(cached.owner, caller, ns);
      return run(cached);
    }

    const material = corruptOnError(() =>
      this.sealer.unseal(ns, alias, stored.properties, stored.sealed),
    );
    try {
      const properties = corruptOnError(() => ParamSet.deserialize(stored.properties));
      checkOwner(properties, caller, ns);
      const kept = this.cache.remember(ns, alias, stored, { properties, material }, stamp);
      return run(kept ?? { properties, material, identity: undefined });
    } finally {
      material.fill(0);
    }
  }

  /**
   * One string object per stamp value: the cache entries then hold the very string a lookup
   * compares with, which compares by identity without reading the entry's own copy (among
   * 10,000 cached keys, one memory access fewer per use).
   */
  private canonicalStamp(stamp: string | undefined): string | undefined {
    if (stamp === undefined) return undefined;
    if (stamp === this.lastStamp) return this.lastStamp;
    this.lastStamp = stamp;
    return stamp;
  }

  /** @throws HuksFailure -13 (12000011) when there was nothing to delete. */
  delete(ns: Namespace, alias: Uint8Array): void {
    this.cache.forget(ns, alias);
    if (!this.store.delete(ns, alias)) {
      throw new HuksFailure(HksErr.NOT_EXIST, 'no key with this alias');
    }
  }

  list(ns: Namespace): Uint8Array[] {
    return this.store.list(ns);
  }

  /** Zeroes the unsealed keys kept in memory (shutdown). */
  forgetAll(): void {
    this.cache.clear();
  }
}

/**
 * A record that fails to unseal or parse is corrupt (storage.md §5: 12000012). Failures the
 * store or sealer already classified keep their code unless they would read as a parameter
 * error of the caller (-3 from a malformed stored set), which would blame the wrong party.
 */
function corruptOnError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof HuksFailure && err.internal !== HksErr.INVALID_ARGUMENT) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new HuksFailure(HksErr.FAILURE, `the stored key is corrupt: ${why}`);
  }
}
