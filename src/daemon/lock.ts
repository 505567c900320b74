import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'daemon.lock';

/** A second daemon on the same data directory (or a lock that cannot be taken). */
export class DaemonStartError extends Error {
  override readonly name = 'DaemonStartError';
}

export interface DaemonLock {
  release(): void;
}

/**
 * The single-instance lock of a data directory: an SQLite file held in exclusive locking mode.
 * The operating system drops the lock when the process dies, even by SIGKILL, so a crashed
 * daemon never leaves a stale lock behind (unlike a pid file), and SQLite also refuses a second
 * holder inside the same process.
 * @throws DaemonStartError when another daemon holds it.
 */
export function acquireDaemonLock(home: string): DaemonLock {
  const path = join(home, LOCK_FILE);
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in EXCLUSIVE mode it is kept until close.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER)');
    db.prepare('DELETE FROM holder').run();
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new DaemonStartError(`another huks daemon is already running on ${home}`);
    }
    throw new DaemonStartError(`cannot lock ${path}: ${(err as Error).message}`);
  }
  return { release: () => db.close() };
}
