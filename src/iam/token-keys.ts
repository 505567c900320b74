import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { writeFileSynced } from '../store/atomic-file.js';
import type { TokenKeys } from './auth-token.js';

/**
 * The AT keys of access-control.md §6.2, one file per emulated device: `<home>/iam/at-keys`,
 * 64 random bytes (MAC key, then cipher key), mode 0600 in the 0700 data directory. openhuks
 * decision (§6.2): random per device instead of the reference's fixed public strings, because
 * fixed keys would let anyone forge tokens. A file rather than per-process memory because the
 * identity service and the keystore core of one device may live in different processes (the
 * CLI issues a token, the daemon verifies it).
 */

export const IAM_DIR = 'iam';
const KEY_FILE = 'at-keys';
const KEYS_SIZE = 64;

/**
 * Reads the device's AT keys, creating them on first use. Creation writes a private temporary
 * file and hard-links it into place, so two processes starting together agree on one pair.
 * @throws Error when the file exists with another size (a damaged device, not repairable
 *   without invalidating every token) or the directory cannot be written.
 */
export function loadTokenKeys(home: string): TokenKeys {
  const dir = join(home, IAM_DIR);
  const path = join(dir, KEY_FILE);
  let bytes = readIfPresent(path);
  if (bytes === undefined) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${KEY_FILE}.${randomBytes(6).toString('hex')}`);
    const fresh = randomBytes(KEYS_SIZE);
    try {
      writeFileSynced(tmp, fresh, 'wx');
      try {
        linkSync(tmp, path);
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
      }
    } finally {
      fresh.fill(0);
      rmSync(tmp, { force: true });
    }
    bytes = readIfPresent(path);
  }
  if (bytes === undefined || bytes.length !== KEYS_SIZE) {
    throw new Error(`${path} is damaged: expected ${KEYS_SIZE} bytes`);
  }
  return {
    macKey: Uint8Array.from(bytes.subarray(0, 32)),
    cipherKey: Uint8Array.from(bytes.subarray(32, 64)),
  };
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}
