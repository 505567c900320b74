import type Database from 'better-sqlite3';

import { HksErr, HuksFailure } from '../errors/failure.js';
import { storageFailure } from './storage-errors.js';
import type { KeyStore, Namespace, StoredKey } from './types.js';
import { WalIndexHeader } from './wal-index.js';

/** Layout of the `sealed` column (storage.md §4.2, blob version 3); other values are refused. */
export const RECORD_FORMAT = 1;

/** storage.md §1.1: aliases are 1..128 bytes. */
export const MAX_ALIAS_LEN = 128;

/**
 * storage.md §11: a key file larger than 10,000 bytes is refused when read. A record's size is
 * counted as its file would be: the properties plus the HKS_TAG_KEY parameter (8-byte header and
 * the sealed material). Records over the limit are refused at write time too, so the store never
 * accepts a key it would refuse to read back.
 */
export const MAX_RECORD_SIZE = 10_000;

interface Row {
  readonly properties: Buffer;
  readonly sealed: Buffer;
  readonly format: number;
}

/**
 * KeyStore over one SQLite database (one row per key). Every statement is prepared once; every
 * write is a single statement, hence one transaction: an overwrite replaces the old row in place
 * or fails leaving it intact.
 */
export class SqliteKeyStore implements KeyStore {
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #exists: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #upsert: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #list: Database.Statement;
  readonly #deleteApp: Database.Statement;
  readonly #dataVersion: Database.Statement;
  /** The cheap change check; undefined where the database has no -shm file to read. */
  readonly #walIndex: WalIndexHeader | undefined;
  /** deleteApp calls through this connection, which data_version does not count. */
  #bulkDeletes = 0;

  /** @param db an open database already migrated to the current schema (schema.ts). */
  constructor(db: Database.Database) {
    this.#db = db;
    const where = 'app = ? AND user_id = ? AND level = ? AND alias = ?';
    this.#get = db.prepare(`SELECT properties, sealed, format FROM keys WHERE ${where}`);
    this.#exists = db.prepare(`SELECT 1 FROM keys WHERE ${where}`).pluck();
    const insert = `INSERT INTO keys
      (app, user_id, level, alias, properties, sealed, format, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    this.#insert = db.prepare(insert);
    // A replaced key is a new key: its creation time is the replacement's.
    this.#upsert = db.prepare(`${insert}
      ON CONFLICT (app, user_id, level, alias) DO UPDATE SET
        properties = excluded.properties, sealed = excluded.sealed, format = excluded.format,
        created_at = excluded.created_at, updated_at = excluded.updated_at`);
    this.#delete = db.prepare(`DELETE FROM keys WHERE ${where}`);
    this.#list = db
      .prepare('SELECT alias FROM keys WHERE app = ? AND user_id = ? AND level = ? ORDER BY alias')
      .pluck();
    this.#deleteApp = db.prepare('DELETE FROM keys WHERE app = ?');
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    // A read transaction first: it creates and initialises the -shm file in WAL mode.
    this.#readDataVersion();
    this.#walIndex = WalIndexHeader.open(db);
  }

  /**
   * The WAL-index header (wal-index.ts): it changes with every commit of any connection,
   * this one's included, and costs one pread. Without a -shm file (in-memory or non-WAL
   * databases), data_version, which changes when another connection commits, plus this
   * connection's deleteApp calls, counted before they run so that a failure errs on
   * "changed". The two forms never compare equal: a header is 48 chars, the other far shorter.
   */
  changeStamp(): string {
    const header = this.#walIndex?.read();
    if (header !== undefined) return header;
    return `${this.#readDataVersion()}/${this.#bulkDeletes}`;
  }

  get(ns: Namespace, alias: Uint8Array): StoredKey | undefined {
    checkAlias(alias);
    let row: Row | undefined;
    try {
      row = this.#get.get(...keyOf(ns, alias)) as Row | undefined;
    } catch (err) {
      throw storageFailure(err, 'read', 'reading a key');
    }
    if (row === undefined) return undefined;

    // storage.md §5: an empty key file, an oversized one, an unknown blob version.
    if (row.sealed.length === 0) throw new HuksFailure(HksErr.FILE_SIZE_FAIL, 'empty record');
    if (recordSize(row.properties, row.sealed) > MAX_RECORD_SIZE) {
      throw new HuksFailure(HksErr.INVALID_KEY_FILE, 'record larger than 10,000 bytes');
    }
    if (row.format !== RECORD_FORMAT) {
      throw new HuksFailure(HksErr.FAILURE, `unknown record format ${row.format}`);
    }
    // better-sqlite3 gives each blob its own ArrayBuffer: plain views hand it over uncopied.
    return { properties: ownView(row.properties), sealed: ownView(row.sealed) };
  }

  exists(ns: Namespace, alias: Uint8Array): boolean {
    checkAlias(alias);
    try {
      return this.#exists.get(...keyOf(ns, alias)) !== undefined;
    } catch (err) {
      throw storageFailure(err, 'read', 'looking up a key');
    }
  }

  put(ns: Namespace, alias: Uint8Array, key: StoredKey, override: boolean): void {
    checkAlias(alias);
    if (key.sealed.length === 0) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'empty sealed key');
    if (recordSize(key.properties, key.sealed) > MAX_RECORD_SIZE) {
      throw new HuksFailure(HksErr.FILE_SIZE_FAIL, 'record larger than 10,000 bytes');
    }

    const now = Date.now();
    const values = [
      ...keyOf(ns, alias),
      asBuffer(key.properties),
      asBuffer(key.sealed),
      RECORD_FORMAT,
      now,
      now,
    ];
    try {
      (override ? this.#upsert : this.#insert).run(...values);
    } catch (err) {
      if (!override && errorCode(err) === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new HuksFailure(HksErr.KEY_ALREADY_EXIST, 'alias exists and override is false');
      }
      throw storageFailure(err, 'write', 'storing a key');
    }
  }

  delete(ns: Namespace, alias: Uint8Array): boolean {
    checkAlias(alias);
    try {
      return this.#delete.run(...keyOf(ns, alias)).changes > 0;
    } catch (err) {
      throw storageFailure(err, 'remove', 'deleting a key');
    }
  }

  list(ns: Namespace): Uint8Array[] {
    try {
      const rows = this.#list.all(ns.app, ns.userId, ns.level) as Buffer[];
      return rows.map((alias) => new Uint8Array(alias));
    } catch (err) {
      throw storageFailure(err, 'read', 'listing keys');
    }
  }

  deleteApp(app: string): number {
    this.#bulkDeletes++;
    try {
      return this.#deleteApp.run(app).changes;
    } catch (err) {
      throw storageFailure(err, 'remove', 'deleting the keys of an app');
    }
  }

  close(): void {
    if (!this.#db.open) return;
    try {
      this.#walIndex?.close();
      this.#db.close();
    } catch (err) {
      throw storageFailure(err, 'close', 'closing the database');
    }
  }

  #readDataVersion(): number {
    try {
      return this.#dataVersion.get() as number;
    } catch (err) {
      throw storageFailure(err, 'read', 'reading the data version');
    }
  }
}

function checkAlias(alias: Uint8Array): void {
  if (alias.length === 0 || alias.length > MAX_ALIAS_LEN) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `alias must be 1..${MAX_ALIAS_LEN} bytes`);
  }
}

function keyOf(ns: Namespace, alias: Uint8Array): [string, number, number, Buffer] {
  return [ns.app, ns.userId, ns.level, asBuffer(alias)];
}

function recordSize(properties: Uint8Array, sealed: Uint8Array): number {
  return properties.length + 8 + sealed.length;
}

/** better-sqlite3 binds Buffers as BLOBs; a view avoids copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function ownView(bytes: Buffer): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}
