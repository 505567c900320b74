import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { HuksKeyDigest as D } from '../../../src/common/enums.js';
import { checkInit } from '../../../src/core/params/init-checks.js';
import { HksErr } from '../../../src/errors/failure.js';
import { ParamSet, type ParamValue } from '../../../src/params/param-set.js';
import { A, aesInit, aesKey, assertCode, core, ENC_DEC, M, P, params, T, U } from './helpers.js';

const ALG = T.HUKS_TAG_ALGORITHM;
const PUR = T.HUKS_TAG_PURPOSE;
const SIZE = T.HUKS_TAG_KEY_SIZE;
const DIG = T.HUKS_TAG_DIGEST;
const PAD = T.HUKS_TAG_PADDING;
const MODE = T.HUKS_TAG_BLOCK_MODE;
const { HUKS_KEY_PURPOSE_ENCRYPT: ENCRYPT, HUKS_KEY_PURPOSE_DECRYPT: DECRYPT } = U;
const { HUKS_KEY_PURPOSE_SIGN: SIGN, HUKS_KEY_PURPOSE_MAC: MAC } = U;
const IV16 = new Uint8Array(16);

type Case = readonly [name: string, key: Record<number, ParamValue>,
  init: Record<number, ParamValue>, code: number | 'ok'];

const aesTags = (extra: Record<number, ParamValue> = {}) =>
  ({ [ALG]: A.HUKS_ALG_AES, [PUR]: ENC_DEC, [SIZE]: 256, ...extra });
const cbcKey = aesTags({ [MODE]: M.HUKS_MODE_CBC, [PAD]: P.HUKS_PADDING_NONE });
const cbcInit = (extra: Record<number, ParamValue> = {}) => ({ [ALG]: A.HUKS_ALG_AES,
  [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_CBC, [PAD]: P.HUKS_PADDING_NONE, [T.HUKS_TAG_IV]: IV16,
  ...extra });
const gcmInit = (purpose: number, extra: Record<number, ParamValue> = {}) => ({
  [ALG]: A.HUKS_ALG_AES, [PUR]: purpose, [MODE]: M.HUKS_MODE_GCM, [PAD]: P.HUKS_PADDING_NONE,
  ...extra });
const ccmInit = (purpose: number, extra: Record<number, ParamValue> = {}) => ({
  [ALG]: A.HUKS_ALG_AES, [PUR]: purpose, [MODE]: M.HUKS_MODE_CCM, [PAD]: P.HUKS_PADDING_NONE,
  ...extra });
const NONCE = T.HUKS_TAG_NONCE;
const AE_TAG = T.HUKS_TAG_AE_TAG;

/** algorithms.md §1.5 and the algorithm-specific init checks of §2, on real symmetric keys. */
const CASES: readonly Case[] = [
  ['AES CBC encrypt', cbcKey, cbcInit(), 'ok'],
  ['no ALGORITHM', cbcKey, cbcInit({ [ALG]: undefined as never }), HksErr.INVALID_ARGUMENT],
  ['no PURPOSE', cbcKey, cbcInit({ [PUR]: undefined as never }), HksErr.INVALID_ARGUMENT],
  ['two purpose bits', cbcKey, cbcInit({ [PUR]: ENC_DEC }), HksErr.INVALID_ARGUMENT],
  ['SIGN without DIGEST', cbcKey, cbcInit({ [PUR]: SIGN }), HksErr.PARAM_NOT_EXIST],
  ['SIGN with DIGEST, not a key purpose', cbcKey, cbcInit({ [PUR]: SIGN,
    [DIG]: D.HUKS_DIGEST_SHA256 }),
    HksErr.INVALID_ARGUMENT],
  ['HMAC for ENCRYPT', cbcKey, cbcInit({ [ALG]: A.HUKS_ALG_HMAC, [DIG]: D.HUKS_DIGEST_SHA256 }),
    HksErr.INVALID_ALGORITHM],
  ['ECC for ENCRYPT', cbcKey, cbcInit({ [ALG]: A.HUKS_ALG_ECC }), HksErr.INVALID_ALGORITHM],
  ['RSA init on an AES key (ALGORITHM compared)', cbcKey, cbcInit({ [ALG]: A.HUKS_ALG_RSA }),
    HksErr.INVALID_ARGUMENT],
  ['SM4 init on an AES key', cbcKey, cbcInit({ [ALG]: A.HUKS_ALG_SM4 }), HksErr.INVALID_ARGUMENT],
  ['key has the mode, init omits it', cbcKey, cbcInit({ [MODE]: undefined as never }),
    HksErr.PARAM_NOT_EXIST],
  ['key has the mode, init differs', cbcKey, cbcInit({ [MODE]: M.HUKS_MODE_ECB }),
    HksErr.INVALID_ARGUMENT],
  ['key has the padding, init differs', cbcKey, cbcInit({ [PAD]: P.HUKS_PADDING_PKCS7 }),
    HksErr.INVALID_ARGUMENT],
  ['key lacks the mode, init omits it', aesTags(), cbcInit({ [MODE]: undefined as never }),
    HksErr.CHECK_GET_MODE_FAIL],
  ['key lacks the mode, init OFB', aesTags(), cbcInit({ [MODE]: M.HUKS_MODE_OFB }),
    HksErr.CHECK_GET_MODE_FAIL],
  ['key lacks the padding, init PKCS5', aesTags(), cbcInit({ [PAD]: P.HUKS_PADDING_PKCS5 }),
    HksErr.CHECK_GET_PADDING_FAIL],
  ['key lacks the padding, init omits it', aesTags(), cbcInit({ [PAD]: undefined as never }),
    HksErr.CHECK_GET_PADDING_FAIL],
  ['mode is compared before padding', aesTags(), cbcInit({ [MODE]: M.HUKS_MODE_OFB,
    [PAD]: P.HUKS_PADDING_PKCS5 }), HksErr.CHECK_GET_MODE_FAIL],
  ['CTR with PKCS7', aesTags(), cbcInit({ [MODE]: M.HUKS_MODE_CTR, [PAD]: P.HUKS_PADDING_PKCS7 }),
    HksErr.INVALID_PADDING],
  ['3DES with CTR (conformance 12000002)', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 192 },
    { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_CTR, [PAD]: P.HUKS_PADDING_NONE },
    HksErr.CHECK_GET_MODE_FAIL],
  ['SM4 CFB with PKCS7 (conformance 12000003)', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC,
    [SIZE]: 128 },
    { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_CFB, [PAD]: P.HUKS_PADDING_PKCS7,
      [T.HUKS_TAG_IV]: IV16 }, HksErr.INVALID_PADDING],
  ['CBC without IV', cbcKey, cbcInit({ [T.HUKS_TAG_IV]: undefined as never }),
    HksErr.PARAM_NOT_EXIST],
  ['CBC with an empty IV', cbcKey, cbcInit({ [T.HUKS_TAG_IV]: new Uint8Array(0) }),
    HksErr.INVALID_ARGUMENT],
  ['CBC with a 12-byte IV', cbcKey, cbcInit({ [T.HUKS_TAG_IV]: new Uint8Array(12) }),
    HksErr.INVALID_IV],
  ['ECB needs no IV', aesTags(), cbcInit({ [MODE]: M.HUKS_MODE_ECB,
    [T.HUKS_TAG_IV]: undefined as never }),
    'ok'],
  ['AE_TAG_LEN on CBC', cbcKey, cbcInit({ [T.HUKS_TAG_AE_TAG_LEN]: 16 }), HksErr.NOT_SUPPORTED],
  ['SM4 CTR without IV', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 128 },
    { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_CTR, [PAD]: P.HUKS_PADDING_NONE },
    HksErr.PARAM_NOT_EXIST],
  ['SM4 OFB with an 8-byte IV', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 128 },
    { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_OFB, [PAD]: P.HUKS_PADDING_NONE,
      [T.HUKS_TAG_IV]: new Uint8Array(8) }, HksErr.INVALID_IV],
  ['DES CBC with a 16-byte IV', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64 },
    { [ALG]: A.HUKS_ALG_DES, [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_CBC, [PAD]: P.HUKS_PADDING_NONE,
      [T.HUKS_TAG_IV]: IV16 }, HksErr.INVALID_IV],
  ['DES CBC without IV', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64 },
    { [ALG]: A.HUKS_ALG_DES, [PUR]: ENCRYPT, [MODE]: M.HUKS_MODE_CBC, [PAD]: P.HUKS_PADDING_NONE },
    HksErr.PARAM_NOT_EXIST],
  ['GCM encrypt without nonce (generated)', aesTags(), gcmInit(ENCRYPT), 'ok'],
  ['GCM encrypt with a 12-byte nonce', aesTags(), gcmInit(ENCRYPT, { [NONCE]: new Uint8Array(12) }),
    'ok'],
  ['GCM encrypt with a 16-byte nonce', aesTags(), gcmInit(ENCRYPT, { [NONCE]: IV16 }),
    HksErr.INVALID_NONCE],
  ['GCM encrypt with an empty nonce', aesTags(), gcmInit(ENCRYPT, { [NONCE]: new Uint8Array(0) }),
    HksErr.INVALID_ARGUMENT],
  ['GCM AE_TAG_LEN 12', aesTags(), gcmInit(ENCRYPT, { [T.HUKS_TAG_AE_TAG_LEN]: 12 }),
    HksErr.AEAD_TAG_LEN_INVALID],
  ['GCM with an empty AAD', aesTags(), gcmInit(ENCRYPT, { [T.HUKS_TAG_AAD]: new Uint8Array(0) }),
    HksErr.INVALID_ARGUMENT],
  ['GCM encrypt, nonce on a KEY_AUTH_PURPOSE key', aesTags(
    { [T.HUKS_TAG_KEY_AUTH_PURPOSE]: ENCRYPT }),
    gcmInit(ENCRYPT, { [NONCE]: new Uint8Array(12) }), HksErr.NOT_SUPPORTED],
  ['GCM decrypt without nonce', aesTags(), gcmInit(DECRYPT, { [AE_TAG]: IV16 }),
    HksErr.PARAM_NOT_EXIST],
  ['GCM decrypt without AE_TAG', aesTags(), gcmInit(DECRYPT, { [NONCE]: new Uint8Array(12) }),
    HksErr.PARAM_NOT_EXIST],
  ['GCM decrypt with a 12-byte AE_TAG', aesTags(), gcmInit(DECRYPT, { [NONCE]: new Uint8Array(12),
    [AE_TAG]: new Uint8Array(12) }), -182],
  ['CCM encrypt, AE_TAG_LEN 8', aesTags(), ccmInit(ENCRYPT, { [T.HUKS_TAG_AE_TAG_LEN]: 8 }), 'ok'],
  ['CCM AE_TAG_LEN 5', aesTags(), ccmInit(ENCRYPT, { [T.HUKS_TAG_AE_TAG_LEN]: 5 }),
    HksErr.AEAD_TAG_LEN_INVALID],
  ['CCM nonce of 6 bytes', aesTags(), ccmInit(ENCRYPT, { [NONCE]: new Uint8Array(6) }),
    HksErr.INVALID_NONCE],
  ['CCM nonce of 14 bytes', aesTags(), ccmInit(ENCRYPT, { [NONCE]: new Uint8Array(14) }),
    HksErr.INVALID_NONCE],
  ['CCM decrypt without AE_TAG (12000002)', aesTags(), ccmInit(DECRYPT, { [NONCE]: new Uint8Array(
    7) }),
    HksErr.CHECK_GET_AE_TAG_FAIL],
  ['CCM decrypt with a tag of the wrong length', aesTags(), ccmInit(DECRYPT,
    { [NONCE]: new Uint8Array(7), [AE_TAG]: new Uint8Array(8) }), -182],
  ['AES MAC session with ALGORITHM AES', aesTags({ [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 }),
    { [ALG]: A.HUKS_ALG_AES, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 }, HksErr.INVALID_ALGORITHM],
  ['HMAC session on an AES MAC key', aesTags({ [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 }),
    { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 }, 'ok'],
  ['HMAC without DIGEST', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256 },
    { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC }, HksErr.PARAM_NOT_EXIST],
  ['HMAC digest differs from the key', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256,
    [DIG]: D.HUKS_DIGEST_SHA256 }, { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC,
      [DIG]: D.HUKS_DIGEST_SHA1 },
  HksErr.INVALID_ARGUMENT],
  ['HMAC key without digest, init MD5', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256 },
    { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_MD5 }, HksErr.CHECK_GET_DIGEST_FAIL],
  ['AES MAC key without digest, init SHA384 (MAC table: SHA256)', aesTags({ [PUR]: MAC }),
    { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA384 },
      HksErr.CHECK_GET_DIGEST_FAIL],
  ['SM3 session on an HMAC key (ALGORITHM compared)', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC,
    [SIZE]: 256 }, { [ALG]: A.HUKS_ALG_SM3, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SM3 },
  HksErr.INVALID_ARGUMENT],
  ['HMAC-SM3 session on an SM3 key', { [ALG]: A.HUKS_ALG_SM3, [PUR]: MAC, [SIZE]: 256 },
    { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SM3 }, 'ok'],
  ['derive: nothing but §1.5 steps 1-4 at init', aesTags({ [PUR]: U.HUKS_KEY_PURPOSE_DERIVE,
    [DIG]: D.HUKS_DIGEST_SHA256 }), { [ALG]: A.HUKS_ALG_AES, [PUR]: U.HUKS_KEY_PURPOSE_DERIVE,
    [DIG]: D.HUKS_DIGEST_SHA1 }, 'ok'],
];

function clean(tags: Record<number, ParamValue>): ParamSet {
  return params(Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined)));
}

describe('initOperation checks (algorithms.md §1.5, §2)', () => {
  for (const [name, keyTags, initTags, code] of CASES) {
    it(`${name} -> ${code}`, () => {
      const key = core.generateKey(params(keyTags));
      const init = clean(initTags);
      const run = () => core.initOperation(key.properties, key.material, init);
      if (code === 'ok') run().dispose();
      else assertCode(run, code);
    });
  }

  it('keeps its own copy of the key material', () => {
    const key = aesKey({ [MODE]: M.HUKS_MODE_ECB, [PAD]: P.HUKS_PADDING_NONE });
    const init = aesInit(ENCRYPT, M.HUKS_MODE_ECB);
    const op = core.initOperation(key.properties, key.material, init);
    const expected = Buffer.from(key.material);
    key.material.fill(0);
    const out = op.finish(new Uint8Array(16), init).outData;
    const reference = (() => {
      const check = core.initOperation(key.properties, expected, init);
      return check.finish(new Uint8Array(16), init).outData;
    })();
    assert.deepEqual(out, reference);
  });

  it('computes HMAC over the raw bytes of an AES MAC key (§9.3)', () => {
    const key = core.generateKey(params(aesTags({ [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 })));
    const init = params({ [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 });
    const op = core.initOperation(key.properties, key.material, init);
    op.update(Buffer.from('abc'), init);
    const mac = op.finish(Buffer.from('def'), init).outData;
    assert.deepEqual(Buffer.from(mac), createHmac('sha256', key.material).update('abcdef').digest(
      ));
  });
});

/** The generic §1.5 rules for asymmetric keys, through the tables only (no family needed). */
describe('checkInit for asymmetric keys (tables only)', () => {
  const AGREE = U.HUKS_KEY_PURPOSE_AGREE;
  const cases: readonly Case[] = [
    ['ECDH on an ECC AGREE key', { [ALG]: A.HUKS_ALG_ECC, [PUR]: AGREE, [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ECDH, [PUR]: AGREE, [SIZE]: 256 }, 'ok'],
    ['ECC (not ECDH) for AGREE', { [ALG]: A.HUKS_ALG_ECC, [PUR]: AGREE, [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ECC, [PUR]: AGREE }, HksErr.INVALID_ALGORITHM],
    ['ED25519 for AGREE', { [ALG]: A.HUKS_ALG_ED25519, [PUR]: AGREE, [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ED25519, [PUR]: AGREE }, HksErr.INVALID_ALGORITHM],
    ['ECDH on an X25519 key', { [ALG]: A.HUKS_ALG_X25519, [PUR]: AGREE, [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ECDH, [PUR]: AGREE }, HksErr.INVALID_ALGORITHM],
    ['RSA sign without PADDING although the key has it', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN,
      [SIZE]: 2048, [PAD]: P.HUKS_PADDING_PSS, [DIG]: D.HUKS_DIGEST_SHA256 },
    { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [DIG]: D.HUKS_DIGEST_SHA256 }, HksErr.PARAM_NOT_EXIST],
    ['RSA sign padding differs', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 2048,
      [PAD]: P.HUKS_PADDING_PSS, [DIG]: D.HUKS_DIGEST_SHA256 }, { [ALG]: A.HUKS_ALG_RSA,
        [PUR]: SIGN,
      [DIG]: D.HUKS_DIGEST_SHA256, [PAD]: P.HUKS_PADDING_PKCS1_V1_5 }, HksErr.INVALID_ARGUMENT],
    ['RSA sign with OAEP (key lacks padding)', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 2048 },
      { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [DIG]: D.HUKS_DIGEST_SHA256,
        [PAD]: P.HUKS_PADDING_OAEP }, HksErr.INVALID_PADDING],
    ['RSA encrypt OAEP without digest', { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENC_DEC, [SIZE]: 2048 },
      { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENCRYPT, [PAD]: P.HUKS_PADDING_OAEP },
      HksErr.CHECK_GET_DIGEST_FAIL],
    ['RSA encrypt PKCS1 needs no digest', { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENC_DEC, [SIZE]: 2048 },
      { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENCRYPT, [PAD]: P.HUKS_PADDING_PKCS1_V1_5 }, 'ok'],
    ['RSA encrypt without padding', { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENC_DEC, [SIZE]: 2048 },
      { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENCRYPT, [DIG]: D.HUKS_DIGEST_SHA256 },
      HksErr.CHECK_GET_PADDING_FAIL],
    ['ECC sign with MD5 (key lacks digest)', { [ALG]: A.HUKS_ALG_ECC, [PUR]: SIGN, [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ECC, [PUR]: SIGN, [DIG]: D.HUKS_DIGEST_MD5 },
        HksErr.CHECK_GET_DIGEST_FAIL],
    ['ED25519 sign without digest', { [ALG]: A.HUKS_ALG_ED25519, [PUR]: SIGN, [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ED25519, [PUR]: SIGN }, 'ok'],
    ['DSA verify on a SIGN-only key', { [ALG]: A.HUKS_ALG_DSA, [PUR]: SIGN, [SIZE]: 1024 },
      { [ALG]: A.HUKS_ALG_DSA, [PUR]: U.HUKS_KEY_PURPOSE_VERIFY, [DIG]: D.HUKS_DIGEST_SHA1 },
      HksErr.INVALID_ARGUMENT],
    ['SM2 encrypt, digest compared', { [ALG]: A.HUKS_ALG_SM2, [PUR]: ENC_DEC, [SIZE]: 256,
      [DIG]: D.HUKS_DIGEST_SM3 }, { [ALG]: A.HUKS_ALG_SM2, [PUR]: ENCRYPT },
        HksErr.PARAM_NOT_EXIST],
    ['UNWRAP has no session', { [ALG]: A.HUKS_ALG_ECC, [PUR]: U.HUKS_KEY_PURPOSE_UNWRAP,
      [SIZE]: 256 },
      { [ALG]: A.HUKS_ALG_ECC, [PUR]: U.HUKS_KEY_PURPOSE_UNWRAP }, HksErr.INVALID_ALGORITHM],
  ];
  for (const [name, keyTags, initTags, code] of cases) {
    it(`${name} -> ${code}`, () => {
      const run = () => checkInit(params(keyTags), params(initTags));
      if (code === 'ok') run();
      else assertCode(run, code);
    });
  }
});
