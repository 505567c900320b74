import assert from 'node:assert/strict';
import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyPadding as P, HuksKeyPurpose as U, HuksTag as T,
} from '../../../src/common/enums.js';
import { createKeystoreCore } from '../../../src/core/keystore-core.js';
import type { CoreKey, InlineCoreOperation } from '../../../src/core/types.js';
import { HuksFailure } from '../../../src/errors/failure.js';
import { ParamSet, type ParamValue } from '../../../src/params/param-set.js';

export const core = createKeystoreCore({ offload: false });

/** A ParamSet from tag/value pairs, in order. */
export function ps(...pairs: (readonly [number, ParamValue])[]): ParamSet {
  return new ParamSet(pairs.map(([tag, value]) => ({ tag, value })));
}

/** A ParamSet from an object of tag -> value (insertion order). */
export function params(entries: Record<number, ParamValue>): ParamSet {
  return new ParamSet(Object.entries(entries).map(([tag, value]) => ({ tag: Number(tag), value })));
}

/** Asserts that `run` throws a HuksFailure with this internal code. */
export function assertCode(run: () => unknown, internal: number, what?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof HuksFailure, `${what ?? ''}: not a HuksFailure: ${String(error)}`);
    assert.equal(error.internal, internal, `${what ?? ''}: ${error.message}`);
    return true;
  });
}

export const ENC_DEC = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;

/** An AES key with the given extra tags (purpose ENCRYPT|DECRYPT unless given). */
export function aesKey(extra: Record<number, ParamValue> = {}): CoreKey {
  return core.generateKey(params({
    [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_AES,
    [T.HUKS_TAG_PURPOSE]: ENC_DEC,
    [T.HUKS_TAG_KEY_SIZE]: 256,
    ...extra,
  }));
}

/** Init params for an AES cipher session. */
export function aesInit(purpose: number, mode: number, padding: number = P.HUKS_PADDING_NONE,
  extra: Record<number, ParamValue> = {}): ParamSet {
  return params({
    [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_AES,
    [T.HUKS_TAG_PURPOSE]: purpose,
    [T.HUKS_TAG_BLOCK_MODE]: mode,
    [T.HUKS_TAG_PADDING]: padding,
    ...extra,
  });
}

/** Runs a whole session: updates of `chunk` bytes, then finish with the rest. */
export function runSession(op: InlineCoreOperation, init: ParamSet, data: Uint8Array,
  chunk = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  if (chunk > 0) {
    while (data.length - offset > chunk) {
      parts.push(op.update(data.subarray(offset, offset + chunk), init));
      offset += chunk;
    }
  }
  parts.push(op.finish(data.subarray(offset), init).outData);
  return new Uint8Array(Buffer.concat(parts));
}

export { A, M, P, T, U };
