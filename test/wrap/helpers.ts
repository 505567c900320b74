// Shared pieces of the wrapped-import tests: wrapping keys per suite, parameter sets, and a
// check that an imported symmetric key holds exactly the bytes that were wrapped.
import { createCipheriv } from 'node:crypto';
import assert from 'node:assert/strict';

import type { HuksNamespace } from '../../src/api/index.js';
import type { HuksParam } from '../../src/api/types.js';
import {
  HuksCipherMode, HuksKeyAlg as A, HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose as U,
  HuksTag as T,
} from '../../src/common/enums.js';

export const p = (tag: number, value: number | boolean | Uint8Array): HuksParam => ({ tag, value });

/** A wrapping key for `suite`, generated in the keystore; returns its exported public key. */
export async function wrappingKey(huks: HuksNamespace, alias: string, suite: number)
  : Promise<Uint8Array> {
  const unwrap = p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_UNWRAP);
  const size = p(T.HUKS_TAG_KEY_SIZE, 256);
  // Suite 5's wrapping key is an ENCRYPT|DECRYPT key in the docs: its purpose is not checked.
  const cipher = p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT);
  const sm2 = [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_SM2), size, suite === 5 ? cipher : unwrap,
    p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SM3)];
  const props = suite === 1 ? [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_X25519), size, unwrap]
    : suite === 2 ? [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), size, unwrap] : sm2;
  await huks.generateKeyItem(alias, { properties: props });
  return (await huks.exportKeyItem(alias, { properties: [] })).outData!;
}

/** Import properties of an ECB/NoPadding encryption key of `alg` and `bits`, with the suite. */
export function cipherProps(alg: number, bits: number, suite: number): HuksParam[] {
  return [
    p(T.HUKS_TAG_ALGORITHM, alg),
    p(T.HUKS_TAG_KEY_SIZE, bits),
    p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT),
    p(T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_ECB),
    p(T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE),
    p(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE, suite),
  ];
}

/** The imported key encrypts a block exactly as node:crypto does with the wrapped bytes. */
export async function assertSameKey(huks: HuksNamespace, alias: string, alg: number,
  key: Uint8Array): Promise<void> {
  const block = new Uint8Array(16).fill(0x5a);
  const init = [
    p(T.HUKS_TAG_ALGORITHM, alg),
    p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_ENCRYPT),
    p(T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_ECB),
    p(T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE),
  ];
  const { handle } = await huks.initSession(alias, { properties: init });
  const out = (await huks.finishSession(handle, { properties: init, inData: block })).outData!;
  const name = alg === A.HUKS_ALG_SM4 ? 'sm4-ecb' : `aes-${key.length * 8}-ecb`;
  const cipher = createCipheriv(name, key, null).setAutoPadding(false);
  assert.deepEqual(Buffer.from(out), Buffer.concat([cipher.update(block), cipher.final()]));
}

/** The delivered error code of a rejected promise (undefined when it resolved). */
export async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

export async function exists(huks: HuksNamespace, alias: string): Promise<boolean> {
  return huks.hasKeyItem(alias, { properties: [] });
}
