import { closeSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3';

import { storageFailure } from './storage-errors.js';

/**
 * SQLite's WAL-index header (wal.c, WalIndexHdr): 48 bytes, kept twice at the start of the
 * database's `-shm` file. Every commit by any connection of any process rewrites it (iChange
 * counts commits; mxFrame, the frame checksum and the header checksum move with it), and so
 * does a checkpoint that restarts the log (new salts). The copy at offset 0 is written last,
 * after the commit's frames and the copy at offset 48, so a commit that has returned to its
 * caller is always visible in it.
 */
const HEADER_LEN = 48;

/** WALINDEX_MAX_VERSION: the only WAL-index layout SQLite has written since 3.7.0. */
const WAL_INDEX_VERSION = 3_007_000;

/** WalIndexHdr.isInit: 1 once a connection has built the index. */
const IS_INIT_OFFSET = 12;

/**
 * Reads the WAL-index header straight from the `-shm` file: one pread of 48 bytes, where
 * `PRAGMA data_version` costs a read transaction and its lock syscalls. It is the very value
 * data_version is derived from (SQLite bumps it when this header differs from the one its
 * connection saw last), with one difference: our own connection's commits change it too.
 *
 * Why the read needs no lock: a reader racing a commit reads some old and some new bytes. If
 * every byte it got is old, the commit had not finished writing the header, so it had not
 * returned either, and the read counts as before it; otherwise the bytes differ from every
 * header written, which only ever reads as "changed" (one extra record read, never a stale
 * key). A header never comes back: iChange and mxFrame grow within one log and salt-1 grows
 * with every restart of the log.
 */
export class WalIndexHeader {
  /** undefined once closed: a closed descriptor's number may already name another file. */
  #fd: number | undefined;
  readonly #buffer = Buffer.alloc(HEADER_LEN);

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * The header of `db`'s -shm file, or undefined where there is none to trust: an in-memory
   * or non-WAL database, a -shm file this process cannot open, or a header that is not a live
   * index. The caller then uses data_version, which is as strict, only dearer.
   * `db` must have run a read transaction (which creates and initialises the index).
   */
  static open(db: Database.Database): WalIndexHeader | undefined {
    const path = shmPath(db);
    if (path === undefined) return undefined;
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    if (isLiveIndex(fd)) return new WalIndexHeader(fd);
    closeSync(fd);
    return undefined;
  }

  /**
   * The 48 header bytes as a string (latin1, one char per byte), or undefined when the file
   * gave fewer bytes (truncated under SQLite's feet) or is closed: the caller then falls back
   * to data_version.
   * @throws HuksFailure -16 (12000004) when the file cannot be read.
   */
  read(): string | undefined {
    if (this.#fd === undefined) return undefined;
    let length: number;
    try {
      length = readSync(this.#fd, this.#buffer, 0, HEADER_LEN, 0);
    } catch (err) {
      throw storageFailure(err, 'read', 'reading the WAL index');
    }
    return length === HEADER_LEN ? this.#buffer.toString('latin1') : undefined;
  }

  close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The -shm file SQLite itself uses: its own name for the database plus "-shm". SQLite resolves
 * symbolic links first, so a symlinked keys.db has its -shm beside the target, not the link.
 */
function shmPath(db: Database.Database): string | undefined {
  if (db.memory) return undefined;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
  // In exclusive locking mode SQLite keeps the index in heap memory, not in the -shm file.
  if (db.pragma('locking_mode', { simple: true }) !== 'normal') return undefined;
  const main = (db.pragma('database_list') as { name: string; file: string }[])
    .find((entry) => entry.name === 'main');
  return main?.file ? `${main.file}-shm` : undefined;
}

/**
 * Initialised and of the one known layout. A stale file at another path would pass too,
 * which is why the path comes from SQLite (shmPath), not from the caller.
 */
function isLiveIndex(fd: number): boolean {
  const header = Buffer.alloc(HEADER_LEN);
  try {
    if (readSync(fd, header, 0, HEADER_LEN, 0) !== HEADER_LEN) return false;
  } catch {
    return false;
  }
  return header.readUInt32LE(0) === WAL_INDEX_VERSION && header[IS_INIT_OFFSET] === 1;
}
