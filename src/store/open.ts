import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type Database from 'better-sqlite3';

import { createSealer } from '../core/sealing.js';
import { openDatabase } from './database.js';
import { checkRootKey } from './key-check.js';
import { loadMainKey } from './root-key.js';
import { SqliteKeyStore } from './sqlite-store.js';
import { storageFailure } from './storage-errors.js';
import type { KeyStore, Sealer } from './types.js';

export const DATABASE_FILE = 'keys.db';

/** Owner-only data directory: it holds the database and the root key. */
export const HOME_MODE = 0o700;

export interface Storage {
  readonly store: KeyStore;
  readonly sealer: Sealer;
  /** Closes the database; the sealer stays usable but there is nothing left to read. */
  close(): void;
}

/**
 * Opens (creating on first start) the key store in `home`: the directory (0700), the SQLite
 * database `keys.db` (WAL, synchronous FULL, busy timeout so that several processes can share
 * the directory) and the root key files in `home/info` (0600).
 * @throws HuksFailure with a 12000004 internal code when a file or the database fails (-26 the
 *   directory, -24 open, -16 read, -22 write, -10 disk full, -27 corrupt root key or database,
 *   or a root key that is not the one the database was sealed under).
 */
export function openStorage(home: string): Storage {
  ensureHome(home);
  const db = openDatabase(join(home, DATABASE_FILE));
  try {
    const hasRecords = countKeys(db) > 0;
    const { mainKey, created } = loadMainKey(home, hasRecords);
    let sealer: Sealer;
    try {
      checkRootKey(db, mainKey, created);
      sealer = createSealer(mainKey);
    } finally {
      mainKey.fill(0);
    }
    const store = new SqliteKeyStore(db);
    return { store, sealer, close: () => store.close() };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The data directory when none is given: HUKS_HOME if set, else the per-user data folder
 * (`$XDG_DATA_HOME/openhuks`, or `~/.local/share/openhuks`).
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env['HUKS_HOME']) return env['HUKS_HOME'];
  const xdg = env['XDG_DATA_HOME'];
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'openhuks');
  return join(homedir(), '.local', 'share', 'openhuks');
}

function ensureHome(home: string): void {
  try {
    mkdirSync(home, { recursive: true, mode: HOME_MODE });
    if (!statSync(home).isDirectory()) {
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    }
  } catch (err) {
    throw storageFailure(err, 'mkdir', `creating the data directory ${home}`);
  }
}

function countKeys(db: Database.Database): number {
  try {
    return db.prepare('SELECT count(*) FROM keys').pluck().get() as number;
  } catch (err) {
    throw storageFailure(err, 'read', 'counting keys');
  }
}
