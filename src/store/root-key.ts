import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { HksErr, HuksFailure } from '../errors/failure.js';
import { syncDirectory, writeFileAtomic, writeFileSynced } from './atomic-file.js';
import {
  decodeMainFile,
  decodeRootFile,
  encodeMainFile,
  encodeRootFile,
  newRootMaterial,
  unwrapMainKey,
  wrapMainKey,
  type RootMaterial,
  type WrappedMainKey,
} from './rkc-format.js';
import { storageFailure } from './storage-errors.js';

/** storage.md §4.4: the `info` directory and its two redundant copies of each part. */
export const INFO_DIR = 'info';
export const ROOT_FILES = ['rinfo1_v2.data', 'rinfo2_v2.data'] as const;
export const MAIN_FILES = ['minfo1_v2.data', 'minfo2_v2.data'] as const;

const MK_LEN = 32;

export interface LoadedMainKey {
  /** MK: a fresh 32-byte buffer the caller zeroes after use. */
  readonly mainKey: Buffer;
  /** true when this call created the root key (first start, no records). */
  readonly created: boolean;
}

/**
 * Loads the main key MK from `<home>/info`, creating the root key on first start.
 *
 * Never creates a new root key over existing records: if `hasRecords` and the files are
 * missing, or if any file exists but no valid copy of a part remains, it refuses to start,
 * because a new MK would make every stored key unreadable for good.
 * @throws HuksFailure -24 (files missing while keys exist), -27 (corrupt root key files),
 *   -16/-26/-22 and -10 for file-system failures.
 */
export function loadMainKey(home: string, hasRecords: boolean): LoadedMainKey {
  const info = join(home, INFO_DIR);
  let created = false;
  if (!anyFilePresent(info)) {
    if (hasRecords) {
      throw new HuksFailure(
        HksErr.OPEN_FILE_FAIL,
        `root key files missing in ${info} while keys exist: restore them from the backup`,
      );
    }
    created = createRootKey(home, info);
  }
  return { mainKey: readMainKey(info), created };
}

function readMainKey(info: string): Buffer {
  const root = readPart(info, ROOT_FILES, decodeRootFile);
  const main = readPart(info, MAIN_FILES, decodeMainFile);
  const mk = unwrapMainKey(root.value, main.value);
  if (mk === undefined) {
    throw new HuksFailure(
      HksErr.INVALID_KEY_FILE,
      'root key files do not belong together (rinfo and minfo from different backups?)',
    );
  }
  // §4.4: a damaged copy is rewritten from the valid one. Best effort: the valid copy is
  // enough to run, and a read-only data directory must still open.
  repairCopies(info, ROOT_FILES, root.valid, () => encodeRootFile(root.value, new Date()));
  repairCopies(info, MAIN_FILES, main.valid, () => encodeMainFile(main.value, new Date()));
  return mk;
}

interface Part<T> {
  readonly value: T;
  readonly valid: readonly boolean[];
}

function readPart<T>(
  info: string,
  names: readonly string[],
  decode: (file: Buffer) => T | undefined,
): Part<T> {
  const decoded = names.map((name) => decode(readIfPresent(join(info, name))));
  const value = decoded.find((v) => v !== undefined);
  if (value === undefined) {
    throw new HuksFailure(
      HksErr.INVALID_KEY_FILE,
      `no valid copy of ${names.join(' / ')} in ${info}: restore them from the backup`,
    );
  }
  return { value, valid: decoded.map((v) => v !== undefined) };
}

function repairCopies(
  info: string,
  names: readonly string[],
  valid: readonly boolean[],
  encode: () => Buffer,
): void {
  names.forEach((name, i) => {
    if (valid[i]) return;
    try {
      writeFileAtomic(join(info, name), encode());
    } catch {
      // Ignored on purpose (see readMainKey); the next start tries again.
    }
  });
}

/**
 * Writes all four files into a private temporary directory, then renames it to `info`: the root
 * key appears whole or not at all, and when two processes start on a fresh data directory the
 * second rename fails and that process reads the winner's key. true when this call's key won.
 */
function createRootKey(home: string, info: string): boolean {
  let tmp: string | undefined;
  const mk = randomBytes(MK_LEN);
  try {
    tmp = mkdtempSync(join(home, '.info-'));
    const now = new Date();
    const root: RootMaterial = newRootMaterial(now);
    const main: WrappedMainKey = wrapMainKey(root, mk, now);
    const rootFile = encodeRootFile(root, now);
    const mainFile = encodeMainFile(main, now);
    for (const name of ROOT_FILES) writeFileSynced(join(tmp, name), rootFile, 'wx');
    for (const name of MAIN_FILES) writeFileSynced(join(tmp, name), mainFile, 'wx');
    syncDirectory(tmp);
    let won = false;
    try {
      renameSync(tmp, info);
      tmp = undefined;
      won = true;
    } catch (err) {
      if (!lostRace(err)) throw err;
    }
    syncDirectory(home);
    return won;
  } catch (err) {
    throw storageFailure(err, 'write', 'creating the root key');
  } finally {
    mk.fill(0);
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

function lostRace(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

function anyFilePresent(info: string): boolean {
  return [...ROOT_FILES, ...MAIN_FILES].some((name) => existsSync(join(info, name)));
}

function readIfPresent(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return Buffer.alloc(0);
    throw storageFailure(err, 'read', `reading ${path}`);
  }
}
