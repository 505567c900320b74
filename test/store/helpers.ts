import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HuksTag } from '../../src/common/enums.js';
import { ParamSet } from '../../src/params/param-set.js';
import type { Namespace } from '../../src/store/types.js';

/** Shared fixtures of the store tests (a module, not a test: it only exports). */

export const NS: Namespace = { app: 'com.example.app', userId: 100, level: 1 };

export function tempHome(t: { after(fn: () => void): void }): string {
  const root = mkdtempSync(join(tmpdir(), 'openhuks-store-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return join(root, 'home');
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
