import assert from 'node:assert/strict';
import { hkdfSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  HuksKeyDigest as D, HuksKeyStorageType as S,
} from '../../../src/common/enums.js';
import type { CryptoOperation, OperationSpec } from '../../../src/core/crypto/family.js';
import { CoreSession } from '../../../src/core/operation/session.js';
import { checkInit } from '../../../src/core/params/init-checks.js';
import { HksErr } from '../../../src/errors/failure.js';
import type { ParamSet, ParamValue } from '../../../src/params/param-set.js';
import { A, aesInit, aesKey, assertCode, core, M, P, params, T, U } from './helpers.js';

const { HUKS_KEY_PURPOSE_ENCRYPT: ENCRYPT, HUKS_KEY_PURPOSE_DECRYPT: DECRYPT } = U;
const DERIVE = U.HUKS_KEY_PURPOSE_DERIVE;
const ALG = T.HUKS_TAG_ALGORITHM;

function cbcSession() {
  const key = aesKey();
  const init = aesInit(ENCRYPT, M.HUKS_MODE_CBC, P.HUKS_PADDING_NONE,
    { [T.HUKS_TAG_IV]: new Uint8Array(16) });
  return { op: core.initOperation(key.properties, key.material, init), init };
}

describe('session rules (algorithms.md §1.6-§1.7, sessions.md §7)', () => {
  it('refuses an empty update on a streaming operation (401)', () => {
    const { op, init } = cbcSession();
    assertCode(() => op.update(new Uint8Array(0), init), HksErr.INVALID_ARGUMENT);
  });

  it('allows an empty finish', () => {
    const { op, init } = cbcSession();
    assert.equal(op.update(new Uint8Array(32), init).length, 32);
    assert.equal(op.finish(new Uint8Array(0), init).outData.length, 0);
  });

  it('refuses more than 983040 bytes in one call (401)', () => {
    const { op, init } = cbcSession();
    op.update(new Uint8Array(983_040), init);
    assertCode(() => op.update(new Uint8Array(983_041), init), HksErr.INVALID_ARGUMENT);
    const second = cbcSession();
    assertCode(() => second.op.finish(new Uint8Array(983_056), second.init),
      HksErr.INVALID_ARGUMENT);
  });

  it('fails loudly after finish', () => {
    const { op, init } = cbcSession();
    op.finish(new Uint8Array(16), init);
    assertCode(() => op.update(new Uint8Array(16), init), HksErr.BAD_STATE);
    assertCode(() => op.finish(new Uint8Array(16), init), HksErr.BAD_STATE);
  });

  it('ends the session when finish fails', () => {
    const { op, init } = cbcSession();
    assertCode(() => op.finish(new Uint8Array(15), init), HksErr.INVALID_ARGUMENT);
    assertCode(() => op.finish(new Uint8Array(16), init), HksErr.BAD_STATE);
  });

  it('caches CCM data up to 102400 bytes, then fails with EXCEED_LIMIT (12000012)', () => {
    const key = aesKey();
    const init = aesInit(ENCRYPT, M.HUKS_MODE_CCM);
    const op = core.initOperation(key.properties, key.material, init);
    assert.equal(op.update(new Uint8Array(0), init).length, 0); // cached: empty is a no-op
    assert.equal(op.update(new Uint8Array(100_000), init).length, 0);
    assertCode(() => op.finish(new Uint8Array(2_401), init), HksErr.EXCEED_LIMIT);

    const exact = core.initOperation(key.properties, key.material, init);
    exact.update(new Uint8Array(40_000), init);
    assert.equal(exact.finish(new Uint8Array(62_400), init).outData.length, 102_400 + 16 + 7);
  });

  it('refuses output beyond inData.length + 65536 (401 BUFFER_TOO_SMALL)', () => {
    const key = aesKey();
    const nonce = new Uint8Array(7).fill(1);
    const encInit = aesInit(ENCRYPT, M.HUKS_MODE_CCM, P.HUKS_PADDING_NONE,
      { [T.HUKS_TAG_NONCE]: nonce });
    const enc = core.initOperation(key.properties, key.material, encInit);
    enc.update(new Uint8Array(10_000), encInit);
    const out = enc.finish(new Uint8Array(60_000), encInit).outData;
    const decInit = aesInit(DECRYPT, M.HUKS_MODE_CCM, P.HUKS_PADDING_NONE,
      { [T.HUKS_TAG_NONCE]: nonce, [T.HUKS_TAG_AE_TAG]: out.subarray(70_000) });
    const dec = core.initOperation(key.properties, key.material, decInit);
    dec.update(out.subarray(0, 70_000), decInit);
    assertCode(() => dec.finish(new Uint8Array(0), decInit), HksErr.BUFFER_TOO_SMALL);

    const ok = core.initOperation(key.properties, key.material, decInit);
    ok.update(out.subarray(0, 10_000), decInit);
    assert.deepEqual(ok.finish(out.subarray(10_000, 70_000), decInit).outData, new Uint8Array(
      70_000));
  });

  it('MAC update/finish need ALGORITHM in their own parameters (§9.1 quirk)', () => {
    const key = core.generateKey(params({ [ALG]: A.HUKS_ALG_HMAC, [T.HUKS_TAG_PURPOSE]:
      U.HUKS_KEY_PURPOSE_MAC, [T.HUKS_TAG_KEY_SIZE]: 256 }));
    const init = params({ [ALG]: A.HUKS_ALG_HMAC, [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_MAC,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256 });
    const open = () => core.initOperation(key.properties, key.material, init);
    assertCode(() => open().update(new Uint8Array(3), params({})), HksErr.PARAM_NOT_EXIST);
    assertCode(() => open().finish(new Uint8Array(3), params({})), HksErr.PARAM_NOT_EXIST);
    assertCode(() => open().update(new Uint8Array(3), params({ [ALG]: A.HUKS_ALG_CMAC })),
      HksErr.NOT_SUPPORTED);
    assertCode(() => open().update(new Uint8Array(0), init), HksErr.INVALID_ARGUMENT);
    const op = open();
    op.update(new Uint8Array(3), params({ [ALG]: A.HUKS_ALG_AES }));
    assert.equal(op.finish(new Uint8Array(0), init).outData.length, 32);
  });
});

describe('derive sessions (algorithms.md §10-§11)', () => {
  const base = () => core.generateKey(params({ [ALG]: A.HUKS_ALG_AES, [T.HUKS_TAG_PURPOSE]: DERIVE,
    [T.HUKS_TAG_KEY_SIZE]: 256, [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256 }));
  const hkdf = (extra: Record<number, ParamValue> = {}) => params({ [ALG]: A.HUKS_ALG_HKDF,
    [T.HUKS_TAG_PURPOSE]: DERIVE, [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA256,
    [T.HUKS_TAG_DERIVE_KEY_SIZE]: 32, ...extra });

  it('derives at the update and returns the key at finish', () => {
    const key = base();
    const init = hkdf({ [T.HUKS_TAG_SALT]: Buffer.from('salt'), [T.HUKS_TAG_INFO]: Buffer.from(
      'i') });
    const op = core.initOperation(key.properties, key.material, init);
    assert.equal(op.update(new Uint8Array(0), init).length, 0);
    const out = op.finish(new Uint8Array(0), init).outData;
    assert.deepEqual(Buffer.from(out),
      Buffer.from(hkdfSync('sha256', key.material, 'salt', 'i', 32)));
  });

  it('evaluates the digest policy at the first update', () => {
    const key = base();
    const init = hkdf({ [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA384 });
    const op = core.initOperation(key.properties, key.material, init);
    assertCode(() => op.update(new Uint8Array(0), init), HksErr.INVALID_ARGUMENT);
  });

  it('refuses a second update (12000012) and a finish without update (401)', () => {
    const key = base();
    const init = hkdf();
    const op = core.initOperation(key.properties, key.material, init);
    op.update(new Uint8Array(1), init);
    assertCode(() => op.update(new Uint8Array(1), init), HksErr.BAD_STATE);
    const early = core.initOperation(key.properties, key.material, init);
    assertCode(() => early.finish(new Uint8Array(0), init), HksErr.INVALID_ARGUMENT);
  });

  it('checks DERIVE_KEY_SIZE and the algorithm at the update', () => {
    const key = base();
    for (const [extra, code] of [
      [{ [T.HUKS_TAG_DERIVE_KEY_SIZE]: 0 }, HksErr.INVALID_ARGUMENT],
      [{ [T.HUKS_TAG_DERIVE_KEY_SIZE]: 5 * 1024 * 1024 + 1 }, HksErr.INVALID_ARGUMENT],
      [{ [ALG]: A.HUKS_ALG_AES }, HksErr.INVALID_ALGORITHM],
      [{ [T.HUKS_TAG_DERIVE_KEY_SIZE]: 255 * 32 + 1 }, HksErr.CRYPTO_ENGINE_ERROR],
      [{ [ALG]: A.HUKS_ALG_PBKDF2 }, HksErr.CRYPTO_ENGINE_ERROR], // no ITERATION
    ] as const) {
      const init = hkdf(extra);
      const op = core.initOperation(key.properties, key.material, init);
      assertCode(() => op.update(new Uint8Array(0), init), code, JSON.stringify(extra));
    }
  });

  it('refuses a derived key larger than the output buffer (401)', () => {
    const key = base();
    const init = hkdf({ [ALG]: A.HUKS_ALG_PBKDF2, [T.HUKS_TAG_ITERATION]: 1,
      [T.HUKS_TAG_DERIVE_KEY_SIZE]: 70_000 });
    const op = core.initOperation(key.properties, key.material, init);
    op.update(new Uint8Array(0), init);
    assertCode(() => op.finish(new Uint8Array(0), init), HksErr.BUFFER_TOO_SMALL);
    const ok = core.initOperation(key.properties, key.material, init);
    ok.update(new Uint8Array(0), init);
    assert.equal(ok.finish(new Uint8Array(10_000), init).outData.length, 70_000);
  });

  it('stores the result when the finish parameters ask for it', () => {
    const key = base();
    const init = hkdf();
    const op = core.initOperation(key.properties, key.material, init);
    op.update(new Uint8Array(0), init);
    const finish = params({ [T.HUKS_TAG_KEY_STORAGE_FLAG]: S.HUKS_STORAGE_PERSISTENT,
      [T.HUKS_TAG_KEY_ALIAS]: Buffer.from('derived'), [ALG]: A.HUKS_ALG_AES,
      [T.HUKS_TAG_KEY_SIZE]: 256, [T.HUKS_TAG_PURPOSE]: ENCRYPT | DECRYPT,
      [T.HUKS_TAG_KEY_OVERRIDE]: false });
    const result = op.finish(new Uint8Array(0), finish);
    assert.equal(result.outData.length, 0);
    assert.ok(result.storeKey);
    assert.deepEqual(Buffer.from(result.storeKey.alias), Buffer.from('derived'));
    assert.equal(result.storeKey.override, false);
    assert.equal(result.storeKey.key.material.length, 32);
    const props = result.storeKey.key.properties;
    assert.equal(props.getNumber(T.HUKS_TAG_KEY_FLAG), 4);
    assert.equal(props.has(T.HUKS_TAG_KEY_OVERRIDE), false);
    assert.equal(props.getNumber(T.HUKS_TAG_KEY_VERSION), 3);
  });

  it('checks the storage parameters (401) and the base key flag (12000012)', () => {
    const finishWith = (key: ReturnType<typeof base>, finish: ParamSet) => {
      const init = hkdf();
      const op = core.initOperation(key.properties, key.material, init);
      op.update(new Uint8Array(0), init);
      return () => op.finish(new Uint8Array(0), finish);
    };
    const store = { [T.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG]: S.HUKS_STORAGE_ONLY_USED_IN_HUKS,
      [T.HUKS_TAG_KEY_ALIAS]: Buffer.from('a'), [ALG]: A.HUKS_ALG_HMAC,
        [T.HUKS_TAG_KEY_SIZE]: 256 };
    finishWith(base(), params(store))();
    assertCode(finishWith(base(), params({ ...store, [T.HUKS_TAG_KEY_SIZE]: 128 })),
      HksErr.INVALID_ARGUMENT);
    assertCode(finishWith(base(), params({ ...store, [ALG]: A.HUKS_ALG_RSA })),
      HksErr.INVALID_ARGUMENT);
    assertCode(finishWith(base(), params({ ...store, [T.HUKS_TAG_KEY_ALIAS]: new Uint8Array(
      129) })),
      HksErr.INVALID_ARGUMENT);

    const onlyInHuks = core.generateKey(params({ [ALG]: A.HUKS_ALG_AES,
      [T.HUKS_TAG_PURPOSE]: DERIVE,
      [T.HUKS_TAG_KEY_SIZE]: 256, [T.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG]: 2 }));
    assertCode(finishWith(onlyInHuks, params({})), HksErr.BAD_STATE);
    const exportable = core.generateKey(params({ [ALG]: A.HUKS_ALG_AES,
      [T.HUKS_TAG_PURPOSE]: DERIVE,
      [T.HUKS_TAG_KEY_SIZE]: 256, [T.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG]: 3 }));
    assertCode(finishWith(exportable, params(store)), HksErr.BAD_STATE);
    assert.equal(finishWith(exportable, params({}))().outData.length, 32);
  });
});

/** Operation-layer rules for asymmetric shapes, with a fake family behind the session. */
describe('session rules around a family operation (fake engine)', () => {
  const keyParams = (purpose: number, alg: number) => params({ [ALG]: alg, [T.HUKS_TAG_PURPOSE]:
    purpose, [T.HUKS_TAG_KEY_SIZE]: 256, [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_NONE });
  const open = (purpose: number, alg: number, initAlg: number, engine: CryptoOperation) => {
    const key = keyParams(purpose, alg);
    const init = params({ [ALG]: initAlg, [T.HUKS_TAG_PURPOSE]: purpose,
      [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_NONE, [T.HUKS_TAG_KEY_SIZE]: 256 });
    const plan = checkInit(key, init);
    const spec: OperationSpec = { purpose, algorithm: initAlg, keyParams: key,
      runtime: plan.runtime, material: new Uint8Array(4) };
    return { op: new CoreSession(plan, spec, () => engine), init };
  };
  const echo = (): CryptoOperation & { seen: number } => ({
    seen: 0,
    update(data) { this.seen += data.length; return new Uint8Array(0); },
    finish(data) { this.seen += data.length; return Uint8Array.of(1, 2, 3); },
  });
  const VERIFY = U.HUKS_KEY_PURPOSE_VERIFY;

  it('verify: empty signature is 401, success gives empty outData', () => {
    const { op, init } = open(VERIFY, A.HUKS_ALG_ECC, A.HUKS_ALG_ECC, echo());
    op.update(new Uint8Array(0), init); // digest NONE is cached: empty update is fine
    assertCode(() => op.finish(new Uint8Array(0), init), HksErr.INVALID_ARGUMENT);
    const ok = open(VERIFY, A.HUKS_ALG_ECC, A.HUKS_ALG_ECC, echo());
    ok.op.update(new Uint8Array(32), ok.init);
    assert.equal(ok.op.finish(new Uint8Array(70), ok.init).outData.length, 0);
  });

  it('cached data over 5 MiB is 401; the signature does not count', () => {
    const { op, init } = open(VERIFY, A.HUKS_ALG_ECC, A.HUKS_ALG_ECC, echo());
    for (let i = 0; i < 5; i++) op.update(new Uint8Array(983_040), init);
    op.update(new Uint8Array(5 * 1024 * 1024 - 5 * 983_040), init);
    op.finish(new Uint8Array(72), init);
    const over = open(U.HUKS_KEY_PURPOSE_SIGN, A.HUKS_ALG_ECC, A.HUKS_ALG_ECC, echo());
    for (let i = 0; i < 5; i++) over.op.update(new Uint8Array(983_040), over.init);
    over.op.update(new Uint8Array(5 * 1024 * 1024 - 5 * 983_040), over.init);
    assertCode(() => over.op.finish(new Uint8Array(1), over.init), HksErr.INVALID_ARGUMENT);
  });

  it('agree: one non-empty update, then the secret at finish', () => {
    const AGREE = U.HUKS_KEY_PURPOSE_AGREE;
    const first = open(AGREE, A.HUKS_ALG_ECC, A.HUKS_ALG_ECDH, echo());
    assertCode(() => first.op.update(new Uint8Array(0), first.init), HksErr.INVALID_ARGUMENT);
    const second = open(AGREE, A.HUKS_ALG_ECC, A.HUKS_ALG_ECDH, echo());
    assertCode(() => second.op.finish(new Uint8Array(0), second.init), HksErr.INVALID_ARGUMENT);
    const engine = echo();
    const third = open(AGREE, A.HUKS_ALG_ECC, A.HUKS_ALG_ECDH, engine);
    third.op.update(new Uint8Array(91), third.init);
    assertCode(() => third.op.update(new Uint8Array(91), third.init), HksErr.BAD_STATE);
    const fourth = open(AGREE, A.HUKS_ALG_ECC, A.HUKS_ALG_ECDH, echo());
    fourth.op.update(new Uint8Array(91), fourth.init);
    assert.deepEqual(fourth.op.finish(new Uint8Array(5), fourth.init).outData, Uint8Array.of(1, 2,
      3));
  });

  it('dispose zeroes the session copy of the material', () => {
    const { op } = open(VERIFY, A.HUKS_ALG_ECC, A.HUKS_ALG_ECC, echo());
    const spec = (op as unknown as { spec: OperationSpec }).spec;
    spec.material.fill(9);
    op.dispose();
    assert.deepEqual(spec.material, new Uint8Array(4));
  });
});
