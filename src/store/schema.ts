import type Database from 'better-sqlite3';

import { HksErr, HuksFailure } from '../errors/failure.js';

/**
 * Numbered schema migrations. The database's `user_version` holds the number of the last one
 * applied; each runs once, in order, inside an IMMEDIATE transaction so that two processes
 * opening a fresh data directory at the same time do not both apply it. Never edit a released
 * migration: add the next one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: one row per key, unique on namespace × alias. Aliases are BLOBs so that SQLite orders
  // them by their bytes (memcmp), which is the order KeyStore.list promises.
  `CREATE TABLE keys (
     id INTEGER PRIMARY KEY,
     app TEXT NOT NULL,
     user_id INTEGER NOT NULL,
     level INTEGER NOT NULL,
     alias BLOB NOT NULL,
     properties BLOB NOT NULL,
     sealed BLOB NOT NULL,
     format INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE UNIQUE INDEX keys_by_alias ON keys (app, user_id, level, alias);`,
  // 2: facts about the database itself, e.g. which root key its records are sealed under.
  `CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to SCHEMA_VERSION.
 * @throws HuksFailure INVALID_KEY_FILE when the database is newer than this build knows.
 */
export function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const current = userVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new HuksFailure(
        HksErr.INVALID_KEY_FILE,
        `database schema ${current} is newer than this openhuks (${SCHEMA_VERSION})`,
      );
    }
    for (let v = current; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  // Reading first keeps the common case (already current) free of a write lock.
  if (userVersion(db) !== SCHEMA_VERSION) apply.immediate();
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
