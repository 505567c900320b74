import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HuksKeyDigest as D } from '../../../src/common/enums.js';
import { HksErr, HuksFailure } from '../../../src/errors/failure.js';
import type { ParamValue } from '../../../src/params/param-set.js';
import { loadVectors, type VTest } from '../../vectors/lib/files.js';
import { runSession } from '../rules/helpers.js';
import { A, core, hex, params, T, toHex, U } from './helpers.js';

/** Base-key algorithms for a raw key length (§10: AES, DES, 3DES base keys). */
const BASE_KEYS: Record<number, number> = {
  8: A.HUKS_ALG_DES, 16: A.HUKS_ALG_AES, 24: A.HUKS_ALG_3DES, 32: A.HUKS_ALG_AES,
};

/** Imports `ikm` as a DERIVE base key and runs one derive session; returns the output. */
function derive(ikm: Uint8Array, digest: number, init: Record<number, ParamValue>): Uint8Array {
  const key = core.importKey(params({ [T.HUKS_TAG_ALGORITHM]: BASE_KEYS[ikm.length]!,
    [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_DERIVE, [T.HUKS_TAG_KEY_SIZE]: ikm.length * 8,
    [T.HUKS_TAG_DIGEST]: digest }), ikm);
  const set = params({ [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_DERIVE,
    [T.HUKS_TAG_DIGEST]: digest, ...init });
  const op = core.initOperation(key.properties, key.material, set);
  op.update(new Uint8Array(0), set);
  return op.finish(new Uint8Array(0), set).outData;
}

function optional(tag: number, value: Uint8Array): Record<number, ParamValue> {
  return value.length > 0 ? { [tag]: value } : {};
}

describe('HKDF through derive sessions (Wycheproof hkdf_sha256/384/512)', () => {
  for (const [file, digest] of [['hkdf_sha256', D.HUKS_DIGEST_SHA256],
    ['hkdf_sha384', D.HUKS_DIGEST_SHA384], ['hkdf_sha512', D.HUKS_DIGEST_SHA512]] as const) {
    it(file, () => {
      let count = 0;
      for (const test of loadVectors(`wycheproof/${file}_test.json`).testGroups
        .flatMap((g) => g.tests)) {
        const ikm = hex(test['ikm']);
        if (BASE_KEYS[ikm.length] === undefined) continue;
        const init = { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_HKDF,
          [T.HUKS_TAG_DERIVE_KEY_SIZE]: Number(test['size']),
          ...optional(T.HUKS_TAG_SALT, hex(test['salt'])),
          ...optional(T.HUKS_TAG_INFO, hex(test['info'])) };
        if (test.result === 'valid') {
          assert.equal(toHex(derive(ikm, digest, init)), String(test['okm']), `tc ${test.tcId}`);
        } else {
          assert.throws(() => derive(ikm, digest, init), (e: unknown) =>
            e instanceof HuksFailure && e.internal === HksErr.CRYPTO_ENGINE_ERROR);
        }
        count++;
      }
      assert.ok(count >= 40, `only ${count} tests ran`);
    });
  }
});

describe('PBKDF2 through derive sessions (Wycheproof pbkdf2_hmacsha256/384/512)', () => {
  for (const [file, digest] of [['pbkdf2_hmacsha256', D.HUKS_DIGEST_SHA256],
    ['pbkdf2_hmacsha384', D.HUKS_DIGEST_SHA384],
    ['pbkdf2_hmacsha512', D.HUKS_DIGEST_SHA512]] as const) {
    it(file, () => {
      let count = 0;
      for (const test of loadVectors(`wycheproof/${file}_test.json`).testGroups
        .flatMap((g) => g.tests)) {
        const password = hex(test['password']);
        const iterations = Number(test['iterationCount']);
        if (BASE_KEYS[password.length] === undefined || iterations > 10_000) continue;
        const init = { [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_PBKDF2,
          [T.HUKS_TAG_DERIVE_KEY_SIZE]: Number(test['dkLen']), [T.HUKS_TAG_ITERATION]: iterations,
          ...optional(T.HUKS_TAG_SALT, hex(test['salt'])) };
        assert.equal(toHex(derive(password, digest, init)), String(test['dk']), `tc ${test.tcId}`);
        count++;
      }
      assert.ok(count >= 10, `only ${count} tests ran`);
    });
  }
});

/** Full-length MAC tests: HMAC keys of any byte length, digest from the file. */
function checkMac(test: VTest, digest: number, algorithm: number): void {
  const key = hex(test['key']);
  if (key.length === 0) return; // HUKS keys are never empty
  const imported = core.importKey(params({ [T.HUKS_TAG_ALGORITHM]: algorithm,
    [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_MAC, [T.HUKS_TAG_KEY_SIZE]: key.length * 8 }), key);
  const init = params({ [T.HUKS_TAG_ALGORITHM]: algorithm,
    [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_MAC, [T.HUKS_TAG_DIGEST]: digest });
  const op = core.initOperation(imported.properties, imported.material, init);
  const mac = toHex(runSession(op, init, hex(test['msg']), 17));
  if (test.result === 'valid') assert.equal(mac, String(test['tag']), `tc ${test.tcId}`);
  else assert.notEqual(mac, String(test['tag']), `tc ${test.tcId}`);
}

describe('HMAC sessions (Wycheproof hmac_*, full-length tags)', () => {
  const files: readonly [string, number, number][] = [
    ['hmac_sha1', D.HUKS_DIGEST_SHA1, 160], ['hmac_sha224', D.HUKS_DIGEST_SHA224, 224],
    ['hmac_sha256', D.HUKS_DIGEST_SHA256, 256], ['hmac_sha384', D.HUKS_DIGEST_SHA384, 384],
    ['hmac_sha512', D.HUKS_DIGEST_SHA512, 512], ['hmac_sm3', D.HUKS_DIGEST_SM3, 256],
  ];
  for (const [file, digest, bits] of files) {
    it(file, () => {
      let count = 0;
      for (const group of loadVectors(`wycheproof/${file}_test.json`).testGroups) {
        if (Number(group['tagSize']) !== bits) continue;
        for (const test of group.tests) {
          checkMac(test, digest, A.HUKS_ALG_HMAC);
          if (digest === D.HUKS_DIGEST_SM3) checkMac(test, digest, A.HUKS_ALG_SM3);
          count++;
        }
      }
      assert.ok(count >= 40, `only ${count} tests ran`);
    });
  }
});
