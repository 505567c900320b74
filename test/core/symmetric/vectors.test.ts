import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  HuksCipherMode as M, HuksKeyDigest as D, HuksKeyPadding as P,
} from '../../../src/common/enums.js';
import { DIGEST_NAMES } from '../../../src/core/crypto/digests.js';
import { HksErr, HuksFailure } from '../../../src/errors/failure.js';
import type { ParamValue } from '../../../src/params/param-set.js';
import { loadVectors, type VGroup, type VTest } from '../../vectors/lib/files.js';
import { runSession } from '../rules/helpers.js';
import { A, core, hex, params, runCipher, T, toHex, U } from './helpers.js';

const { HUKS_KEY_PURPOSE_ENCRYPT: ENCRYPT, HUKS_KEY_PURPOSE_DECRYPT: DECRYPT } = U;
const MODES: Record<string, number> = {
  ECB: M.HUKS_MODE_ECB, CBC: M.HUKS_MODE_CBC, CTR: M.HUKS_MODE_CTR, CFB: M.HUKS_MODE_CFB,
  OFB: M.HUKS_MODE_OFB,
};

/** Runs `run` and returns the HuksFailure code it threw, or 'ok'. */
function outcome(run: () => unknown): number | 'ok' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof HuksFailure) return error.internal;
    throw error;
  }
}

/** IndCpaTest groups (ECB/CBC/CTR/CFB/OFB): encrypt and decrypt through the family. */
function checkIndCpa(algorithm: number, group: VGroup, test: VTest, padding: number): void {
  const mode = MODES[String(group['mode'] ?? 'CBC')]!;
  const init: Record<number, ParamValue> = { [T.HUKS_TAG_BLOCK_MODE]: mode,
    [T.HUKS_TAG_PADDING]: padding };
  const iv = hex(test['iv']);
  if (iv.length > 0) init[T.HUKS_TAG_IV] = iv;
  const key = hex(test['key']);
  const [msg, ct] = [hex(test['msg']), hex(test['ct'])];
  if (test.result === 'valid') {
    assert.equal(toHex(runCipher(algorithm, key, ENCRYPT, init, msg)), toHex(ct),
      `tc ${test.tcId}`);
    assert.equal(toHex(runCipher(algorithm, key, DECRYPT, init, ct, 16)), toHex(msg));
  } else {
    const code = outcome(() => runCipher(algorithm, key, DECRYPT, init, ct));
    assert.equal(code, HksErr.CRYPTO_ENGINE_ERROR, `tc ${test.tcId} must fail in the engine`);
  }
}

describe('extra/aes_ecb_cbc_ctr_test.json (FIPS 197, SP 800-38A, RFC 3686)', () => {
  const file = loadVectors('extra/aes_ecb_cbc_ctr_test.json');
  let count = 0;
  for (const group of file.testGroups) {
    for (const test of group.tests) {
      checkIndCpa(A.HUKS_ALG_AES, group, test, P.HUKS_PADDING_NONE);
      count++;
    }
  }
  it('ran every test', () => assert.equal(count, file.numberOfTests));
});

describe('extra/sm4_test.json (GB/T 32907, draft-ribose-cfrg-sm4)', () => {
  const file = loadVectors('extra/sm4_test.json');
  it('matches every SM4 mode HUKS offers', () => {
    let count = 0;
    for (const group of file.testGroups) {
      // SM4-GCM/CCM do not exist in HUKS (§2.2); the million-fold ECB chain is too slow here.
      if (group.type !== 'IndCpaTest') continue;
      for (const test of group.tests) {
        checkIndCpa(A.HUKS_ALG_SM4, group, test, P.HUKS_PADDING_NONE);
        count++;
      }
    }
    assert.equal(count, 5);
  });

  it('chains 1000 ECB encryptions in one session like node (the vector chains a million)', () => {
    const group = file.testGroups.find((g) => g.type === 'IteratedBlockTest')!;
    const test = group.tests[0]!;
    const key = hex(test['key']);
    const imported = core.importKey(params({ [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_SM4,
      [T.HUKS_TAG_PURPOSE]: ENCRYPT, [T.HUKS_TAG_KEY_SIZE]: 128 }), key);
    const init = params({ [T.HUKS_TAG_ALGORITHM]: A.HUKS_ALG_SM4, [T.HUKS_TAG_PURPOSE]: ENCRYPT,
      [T.HUKS_TAG_BLOCK_MODE]: M.HUKS_MODE_ECB, [T.HUKS_TAG_PADDING]: 0 });
    const op = core.initOperation(imported.properties, imported.material, init);
    const reference = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let ours = hex(test['msg']);
    let theirs = Buffer.from(ours);
    for (let i = 0; i < 1000; i++) {
      ours = op.update(ours, init);
      theirs = reference.update(theirs);
    }
    assert.equal(toHex(ours), theirs.toString('hex'));
    op.finish(new Uint8Array(0), init);
  });
});

describe('Wycheproof aes_cbc_pkcs5_test.json (CBC, PKCS7)', () => {
  const file = loadVectors('wycheproof/aes_cbc_pkcs5_test.json');
  it('encrypts valid tests exactly and refuses every invalid padding', () => {
    let count = 0;
    for (const group of file.testGroups) {
      for (const test of group.tests) {
        checkIndCpa(A.HUKS_ALG_AES, group, test, P.HUKS_PADDING_PKCS7);
        count++;
      }
    }
    assert.equal(count, file.numberOfTests);
  });
});

/** AEAD tests: AES-GCM (tag 16, encryption nonce 12) and AES-CCM within HUKS's parameters. */
function checkAead(mode: number, test: VTest, tagLength: number, canEncrypt: boolean): void {
  const key = hex(test['key']);
  const [nonce, aad, msg, ct, tag] = ['iv', 'aad', 'msg', 'ct', 'tag'].map((f) => hex(test[f]));
  const base: Record<number, ParamValue> = { [T.HUKS_TAG_BLOCK_MODE]: mode,
    [T.HUKS_TAG_PADDING]: 0, [T.HUKS_TAG_AE_TAG_LEN]: tagLength, [T.HUKS_TAG_NONCE]: nonce! };
  if (aad!.length > 0) base[T.HUKS_TAG_AAD] = aad!;
  const decrypt = { ...base, [T.HUKS_TAG_AE_TAG]: tag! };
  if (test.result === 'valid') {
    if (canEncrypt) {
      const out = runCipher(A.HUKS_ALG_AES, key, ENCRYPT, base, msg!, 24);
      assert.equal(toHex(out), toHex(ct!) + toHex(tag!), `tc ${test.tcId}`);
    }
    assert.equal(toHex(runCipher(A.HUKS_ALG_AES, key, DECRYPT, decrypt, ct!, 24)), toHex(msg!),
      `tc ${test.tcId}`);
  } else {
    const code = outcome(() => runCipher(A.HUKS_ALG_AES, key, DECRYPT, decrypt, ct!));
    const expected = nonce!.length === 0 ? HksErr.INVALID_ARGUMENT : HksErr.CRYPTO_ENGINE_ERROR;
    assert.equal(code, expected, `tc ${test.tcId} (${test.comment})`);
  }
}

const AES_KEY_BITS = [128, 192, 256];

describe('Wycheproof aes_gcm_test.json', () => {
  const file = loadVectors('wycheproof/aes_gcm_test.json');
  it('matches every test with a 128-bit tag and a nonce OpenSSL takes', () => {
    let count = 0;
    for (const group of file.testGroups) {
      const ivBits = Number(group['ivSize']);
      if (!AES_KEY_BITS.includes(Number(group['keySize'])) || Number(group['tagSize']) !== 128
        || ivBits > 1024) continue;
      for (const test of group.tests) {
        checkAead(M.HUKS_MODE_GCM, test, 16, ivBits === 96);
        count++;
      }
    }
    assert.ok(count > 250, `only ${count} tests ran`);
  });
});

describe('Wycheproof aes_ccm_test.json', () => {
  const file = loadVectors('wycheproof/aes_ccm_test.json');
  it('matches every test with HUKS tag and nonce lengths', () => {
    let count = 0;
    for (const group of file.testGroups) {
      const tagBytes = Number(group['tagSize']) / 8;
      const ivBytes = Number(group['ivSize']) / 8;
      if (!AES_KEY_BITS.includes(Number(group['keySize'])) || ![4, 6, 8, 10, 12, 14, 16]
        .includes(tagBytes) || ivBytes < 7 || ivBytes > 13) continue;
      for (const test of group.tests) {
        checkAead(M.HUKS_MODE_CCM, test, tagBytes, true);
        count++;
      }
    }
    assert.ok(count > 400, `only ${count} tests ran`);
  });
});

describe('HMAC-SM3 and SM3 (GM/T 0042, GB/T 32905)', () => {
  it('extra/hmac_sm3_gmt0042_test.json through an SM3 key and an HMAC key', () => {
    const file = loadVectors('extra/hmac_sm3_gmt0042_test.json');
    for (const test of file.testGroups[0]!.tests) {
      const key = hex(test['key']);
      for (const algorithm of [A.HUKS_ALG_SM3, A.HUKS_ALG_HMAC]) {
        const imported = core.importKey(params({ [T.HUKS_TAG_ALGORITHM]: algorithm,
          [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_MAC, [T.HUKS_TAG_KEY_SIZE]: key.length * 8,
          [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SM3 }), key);
        const init = params({ [T.HUKS_TAG_ALGORITHM]: algorithm,
          [T.HUKS_TAG_PURPOSE]: U.HUKS_KEY_PURPOSE_MAC, [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SM3 });
        const op = core.initOperation(imported.properties, imported.material, init);
        const mac = runSession(op, init, hex(test['msg']), 13);
        assert.equal(toHex(mac), String(test['tag']), `tc ${test.tcId}`);
      }
    }
  });

  it('extra/sm3_test.json: the SM3 the families use for HUKS_DIGEST_SM3', () => {
    const file = loadVectors('extra/sm3_test.json');
    for (const test of file.testGroups[0]!.tests) {
      const digest = createHash(DIGEST_NAMES.get(D.HUKS_DIGEST_SM3)!).update(hex(test['msg']));
      assert.equal(digest.digest('hex'), String(test['digest']), `tc ${test.tcId}`);
    }
  });
});
