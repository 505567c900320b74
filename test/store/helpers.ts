import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HuksTag } from '../../src/common/enums.js';
import { ParamSet } from '../../src/params/param-set.js';
import type { Namespace } from '../../src/store/types.js';

/** Shared fixtures of the store tests (a module, not a test: it only exports). */

export const NS: Namespace = { app: 'com.example.app', userId: 100, level: 1 };

/** A fresh data directory path (not yet created) under os.tmpdir(), removed after the test. */
export function tempHome(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), 'openhuks-store-'));
  t.after(() => {
    // Tests make directories read-only; without write access a non-root user cannot remove them.
    makeWritable(root);
    rmSync(root, { recursive: true, force: true });
  });
  return join(root, 'home');
}

function makeWritable(path: string): void {
  if (!statSync(path).isDirectory()) return;
  chmodSync(path, 0o700);
  for (const name of readdirSync(path)) makeWritable(join(path, name));
}

export function alias(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** A realistic serialized property set, as the service would store it. */
export function properties(keySize = 256): Uint8Array {
  return new ParamSet([
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: 20 },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: 3 },
    { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: keySize },
  ]).serialize();
}
