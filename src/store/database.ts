import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';

import { HksErr, HuksFailure } from '../errors/failure.js';
import { PRIVATE_FILE_MODE } from './atomic-file.js';
import { migrate } from './schema.js';
import { storageFailure } from './storage-errors.js';

/**
 * How long a writer waits for another process's transaction before failing. Transactions are
 * one statement each, so waiting this long means something is stuck, not busy.
 */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Page cache per connection, in KiB (SQLite's default is 2 MiB). Records are small (at most
 * 10,000 bytes, typically a few hundred), so 16 MiB keeps tens of thousands of keys in memory
 * and a lookup among 10,000 keys costs about what one among 100 does.
 */
const CACHE_KIB = 16 * 1024;

/**
 * Opens the key database (creating it owner-only), configures the connection and migrates the
 * schema to the current version.
 * @throws HuksFailure 12000004: -24 open, -22 write (read-only directory), -27 not a database.
 */
export function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    createPrivateFile(path);
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    configureConnection(db);
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw storageFailure(err, 'open', `opening ${path}`);
  }
}

/**
 * WAL so that readers and one writer in several processes do not block each other; synchronous
 * FULL so that a put that returned survives a power cut (one fsync per transaction).
 */
export function configureConnection(db: Database.Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new HuksFailure(HksErr.OPEN_FILE_FAIL, `journal mode ${String(mode)}`);
  }
  db.pragma('synchronous = FULL');
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // Deleted keys are overwritten in the database file, not only unlinked from the b-tree.
  db.pragma('secure_delete = ON');
}

/**
 * SQLite creates its files 0644 and gives the -wal and -shm files the database's mode; an empty
 * file created first with 0600 makes all three owner-only.
 */
function createPrivateFile(path: string): void {
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
  }
}
