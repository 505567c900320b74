// Shared setup of the service tests: a service over the doubles, callers and param builders.
import assert from 'node:assert/strict';

import { HuksKeyAlg, HuksKeyPurpose, HuksTag } from '../../src/common/enums.js';
import { HuksFailure } from '../../src/errors/failure.js';
import { ParamSet, type Param } from '../../src/params/param-set.js';
import { LocalKeystoreService } from '../../src/service/keystore-service.js';
import type { SessionPolicy } from '../../src/service/session-policy.js';
import type { Caller } from '../../src/service/types.js';
import { ChecksumSealer, FakeCore, MapKeyStore } from './doubles.js';

export const alice: Caller = {
  app: 'com.example.alice',
  userId: 100,
  uid: 20010001,
  isSystem: false,
};
export const bob: Caller = { ...alice, app: 'com.example.bob', uid: 20010002 };

export function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

export function params(...list: Param[]): ParamSet {
  return new ParamSet(list);
}

export const aesParams = params(
  { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
  { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
);

export const encryptInit = params(
  { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
);

export function setup(policy: SessionPolicy = 'api9', drawHandle?: () => number) {
  const core = new FakeCore();
  const store = new MapKeyStore();
  const service = new LocalKeystoreService({
    core,
    store,
    sealer: new ChecksumSealer(),
    sessionPolicy: policy,
    ...(drawHandle ? { drawHandle } : {}),
  });
  return { core, store, service };
}

/** Asserts a rejection with a HuksFailure of this internal code. */
export async function rejectsWith(promise: Promise<unknown>, internal: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof HuksFailure, `expected a HuksFailure, got ${String(err)}`);
    assert.equal(err.internal, internal, err.message);
    return true;
  });
}
