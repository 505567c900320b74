import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

import { storageFailure } from './storage-errors.js';

/** Owner-only: root key files hold the material that protects every key. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Writes a whole file or nothing (storage.md §6 decision): a temporary file in the same
 * directory, fsync, rename over the target, fsync of the directory so the rename is durable.
 * @throws HuksFailure 12000004 (-10 disk full, -22 otherwise); the temporary file is removed.
 */
export function writeFileAtomic(path: string, data: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSynced(tmp, data, 'wx');
    renameSync(tmp, path);
    syncDirectory(dirname(path));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw storageFailure(err, 'write', `writing ${basename(path)}`);
  }
}

/** Creates (flag 'wx') or replaces a file with mode 0600 and fsyncs it before returning. */
export function writeFileSynced(path: string, data: Uint8Array, flag: 'wx' | 'w'): void {
  const fd = openSync(path, flag, PRIVATE_FILE_MODE);
  try {
    let done = 0;
    while (done < data.length) done += writeSync(fd, data, done, data.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
