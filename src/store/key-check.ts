import { createHmac, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';

import { HksErr, HuksFailure } from '../errors/failure.js';
import { storageFailure } from './storage-errors.js';

const CHECK_NAME = 'root-key-check';
const CHECK_LABEL = 'openhuks root key check v1';

/**
 * Binds the database to its root key: the first start records HMAC-SHA256(MK, label) in the
 * `meta` table, every later start compares. Without it, a `keys.db` restored next to the `info/`
 * of another installation would open and then fail key by key; with it, the start is refused
 * and nothing is touched. The HMAC reveals nothing about MK.
 *
 * `created`: this start made a new root key (allowed only over a database without keys), so
 * the check of a previous, deleted root key is replaced instead of compared.
 * @throws HuksFailure -27 when the database belongs to another root key; -22 on write errors.
 */
export function checkRootKey(db: Database.Database, mainKey: Uint8Array, created: boolean): void {
  const check = createHmac('sha256', mainKey).update(CHECK_LABEL).digest();
  let stored: Buffer | undefined;
  try {
    const read = db.prepare('SELECT value FROM meta WHERE name = ?').pluck();
    stored = read.get(CHECK_NAME) as Buffer | undefined;
    // Written only when needed, so that a read-only database still opens for reading.
    if (created || stored === undefined) {
      // OR IGNORE: two processes on a fresh directory both insert the same value; one wins.
      const verb = created ? 'INSERT OR REPLACE' : 'INSERT OR IGNORE';
      db.prepare(`${verb} INTO meta (name, value) VALUES (?, ?)`).run(CHECK_NAME, check);
      stored = read.get(CHECK_NAME) as Buffer | undefined;
    }
  } catch (err) {
    throw storageFailure(err, 'write', 'recording the root key check');
  }
  if (stored === undefined || stored.length !== check.length || !timingSafeEqual(stored, check)) {
    throw new HuksFailure(
      HksErr.INVALID_KEY_FILE,
      'the root key in info/ is not the one this database was sealed under: ' +
        'restore the info/ directory backed up with this database',
    );
  }
}
