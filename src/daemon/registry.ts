import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

import { WalIndexHeader } from '../store/wal-index.js';

/** The registry file in the data directory, owner-only like the key database. */
export const REGISTRY_FILE = 'apps.db';
const FILE_MODE = 0o600;
const HOME_MODE = 0o700;

/** Tokens read `hk1_` + 43 base64url characters: 256 bits from the crypto RNG. */
const TOKEN_PREFIX = 'hk1_';
const TOKEN_BYTES = 32;

/** One registered app: the identity the daemon gives every request made with its token. */
export interface AppRecord {
  readonly id: number;
  readonly bundle: string;
  readonly userId: number;
  readonly uid: number;
  readonly isSystem: boolean;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

export interface NewApp {
  readonly bundle: string;
  readonly userId: number;
  readonly uid: number;
  readonly isSystem: boolean;
}

interface Row {
  id: number;
  bundle: string;
  user_id: number;
  uid: number;
  is_system: number;
  created_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS apps (
  id INTEGER PRIMARY KEY,
  bundle TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  is_system INTEGER NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  UNIQUE (bundle, user_id)
)`;

/** Thrown for an admin request that cannot be done (duplicate app, unknown app). */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

/**
 * The apps the daemon serves, in `apps.db` of the data directory. Only a SHA-256 of each token
 * is stored (the tokens carry 256 random bits, so a plain hash cannot be searched back), and a
 * token is shown once, when it is issued. Admin commands write the file directly; the running
 * daemon reads it per connection and notices removals through the WAL-index header (one pread
 * before each request), or SQLite's data_version where that header cannot be read.
 */
export class AppRegistry {
  private lastVersion: string | number;
  /** Prepared once: it runs before every request, and db.pragma() compiles it each time. */
  private readonly versionQuery: Database.Statement<[], number>;
  private readonly hasQuery: Database.Statement<[number], unknown>;
  /** The -shm header (store/wal-index.ts); undefined where there is none to trust. */
  private readonly walIndex: WalIndexHeader | undefined;

  private constructor(private readonly db: Database.Database) {
    this.versionQuery = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.hasQuery = db.prepare<[number], unknown>('SELECT 1 FROM apps WHERE id = ?');
    // A read transaction first: it creates and initialises the -shm file.
    this.hasQuery.get(0);
    this.walIndex = WalIndexHeader.open(db);
    this.lastVersion = this.version();
  }

  static open(home: string): AppRegistry {
    mkdirSync(home, { recursive: true, mode: HOME_MODE });
    const path = join(home, REGISTRY_FILE);
    // Created owner-only before SQLite opens it, so the file never exists with wider rights.
    closeSync(openSync(path, 'a', FILE_MODE));
    chmodSync(path, FILE_MODE);
    const db = new Database(path, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    return new AppRegistry(db);
  }

  /**
   * Registers an app for one OS user and returns its new token (the only time it is shown).
   * @throws RegistryError when the app is already registered for that user.
   */
  add(app: NewApp): { token: string; record: AppRecord } {
    const token = TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
    const createdAt = Date.now();
    try {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO apps (bundle, user_id, uid, is_system, token_hash, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(app.bundle, app.userId, app.uid, app.isSystem ? 1 : 0, hashToken(token), createdAt);
      return { token, record: { id: Number(lastInsertRowid), ...app, createdAt } };
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new RegistryError(
          `${app.bundle} is already registered for user ${app.userId}; remove it first`,
        );
      }
      throw err;
    }
  }

  list(): AppRecord[] {
    const rows = this.db.prepare('SELECT * FROM apps ORDER BY bundle, user_id').all() as Row[];
    return rows.map(recordOf);
  }

  /** Unregisters every user's registration of the bundle; returns what was removed. */
  remove(bundle: string): AppRecord[] {
    const rows = this.db.prepare('SELECT * FROM apps WHERE bundle = ?').all(bundle) as Row[];
    this.db.prepare('DELETE FROM apps WHERE bundle = ?').run(bundle);
    return rows.map(recordOf);
  }

  /** The app a token belongs to; the token is hashed before the look-up. */
  findByToken(token: Uint8Array): AppRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM apps WHERE token_hash = ?')
      .get(hashToken(token)) as Row | undefined;
    return row === undefined ? undefined : recordOf(row);
  }

  has(id: number): boolean {
    return this.hasQuery.get(id) !== undefined;
  }

  /** Whether another process changed the file since the last call (cheap: no table read). */
  changed(): boolean {
    const version = this.version();
    const changed = version !== this.lastVersion;
    this.lastVersion = version;
    return changed;
  }

  close(): void {
    this.walIndex?.close();
    this.db.close();
  }

  /**
   * The WAL-index header where it can be read (a pread, ~1 us against ~4 us for the pragma's
   * read transaction, and this runs before every request), else data_version. A switch
   * between the two reads as one change: a harmless extra registry check.
   */
  private version(): string | number {
    try {
      const header = this.walIndex?.read();
      if (header !== undefined) return header;
    } catch {
      // An unreadable -shm file: data_version below is as strict.
    }
    return this.versionQuery.get() as number;
  }
}

export function hashToken(token: string | Uint8Array): Buffer {
  return createHash('sha256').update(token).digest();
}

function recordOf(row: Row): AppRecord {
  return {
    id: row.id,
    bundle: row.bundle,
    userId: row.user_id,
    uid: row.uid,
    isSystem: row.is_system === 1,
    createdAt: row.created_at,
  };
}
