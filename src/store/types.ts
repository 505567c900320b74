/**
 * Where a key lives: app identity × OS user id × storage level (storage.md §2). Keys of one
 * namespace are invisible from every other.
 */
export interface Namespace {
  readonly app: string;
  readonly userId: number;
  /** HuksAuthStorageLevel: 0 DE, 1 CE (default), 2 ECE. */
  readonly level: number;
}

/** One stored key: its serialized ParamSet and its material sealed under the root key. */
export interface StoredKey {
  readonly properties: Uint8Array;
  readonly sealed: Uint8Array;
}

/**
 * The key store. Writes are whole or not at all; an overwrite replaces the old key in the same
 * transaction. File and database failures throw HuksFailure with a 12000004 internal code.
 */
export interface KeyStore {
  get(ns: Namespace, alias: Uint8Array): StoredKey | undefined;
  exists(ns: Namespace, alias: Uint8Array): boolean;
  /** override false and the alias exists: HuksFailure(KEY_ALREADY_EXIST), nothing changed. */
  put(ns: Namespace, alias: Uint8Array, key: StoredKey, override: boolean): void;
  /** true when a key was removed. */
  delete(ns: Namespace, alias: Uint8Array): boolean;
  /** Aliases of one namespace, sorted by their bytes. */
  list(ns: Namespace): Uint8Array[];
  /** App uninstall: every key of the app, all users and levels. Returns how many. */
  deleteApp(app: string): number;
  /**
   * A value that changes whenever keys may have changed other than through this store's own
   * put and delete of one alias (whose callers know what they wrote): a commit by any other
   * connection or process, or deleteApp. While it stays equal, a record read earlier is still
   * the stored one unless this store wrote it. It may also change when nothing did (SQLite's
   * WAL-index header moves with this store's own writes and with checkpoints): that costs a
   * record read, never a stale key. Stores that cannot tell omit it.
   */
  changeStamp?(): string;
  close(): void;
}

/**
 * Seals key material under the root key (storage.md §4): AES-256-GCM with a per-key key derived
 * by HKDF-SHA256 from the main key, bound to the namespace, alias and properties as AAD.
 */
export interface Sealer {
  seal(ns: Namespace, alias: Uint8Array, properties: Uint8Array, material: Uint8Array): Uint8Array;
  /** Tampered record, moved record or wrong root key: HuksFailure (12000012). */
  unseal(ns: Namespace, alias: Uint8Array, properties: Uint8Array, sealed: Uint8Array): Uint8Array;
}
