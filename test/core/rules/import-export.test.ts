import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HuksImportKeyType as I, HuksKeyDigest as D } from '../../../src/common/enums.js';
import { checkImportPurpose } from '../../../src/core/params/key-checks.js';
import { HksErr } from '../../../src/errors/failure.js';
import type { ParamValue } from '../../../src/params/param-set.js';
import { A, assertCode, core, ENC_DEC, params, T, U } from './helpers.js';

type Case = readonly [name: string, tags: Record<number, ParamValue>, bytes: number,
  code: number | 'ok'];

const ALG = T.HUKS_TAG_ALGORITHM;
const PUR = T.HUKS_TAG_PURPOSE;
const SIZE = T.HUKS_TAG_KEY_SIZE;
const TYPE = T.HUKS_TAG_IMPORT_KEY_TYPE;
const MAC = U.HUKS_KEY_PURPOSE_MAC;
const aes = (extra: Record<number, ParamValue> = {}) =>
  ({ [ALG]: A.HUKS_ALG_AES, [PUR]: ENC_DEC, [SIZE]: 128, ...extra });

/** algorithms.md §1.4, raw-key algorithms and the generic steps. */
const CASES: readonly Case[] = [
  ['AES-128 raw', aes(), 16, 'ok'],
  ['AES-256 raw', aes({ [SIZE]: 256 }), 32, 'ok'],
  ['AES 16 bytes with KEY_SIZE 256', aes({ [SIZE]: 256 }), 16, HksErr.INVALID_KEY_INFO],
  ['AES 20 bytes (step 1, before the purpose check)', { [ALG]: A.HUKS_ALG_AES }, 20,
    HksErr.INVALID_KEY_INFO],
  ['AES PRIVATE_KEY type, raw 16', aes({ [TYPE]: I.HUKS_KEY_TYPE_PRIVATE_KEY }), 16, 'ok'],
  ['AES KEY_PAIR type, 20 bytes (step 4)', aes({ [TYPE]: I.HUKS_KEY_TYPE_KEY_PAIR }), 20,
    HksErr.INVALID_KEY_INFO],
  ['private blob over 2048 bytes', aes({ [TYPE]: I.HUKS_KEY_TYPE_PRIVATE_KEY }), 2049,
    HksErr.INVALID_ARGUMENT],
  ['IMPORT_KEY_TYPE 7', aes({ [TYPE]: 7 }), 16, HksErr.INVALID_ARGUMENT],
  ['no ALGORITHM', { [PUR]: ENC_DEC, [SIZE]: 128 }, 16, HksErr.CHECK_GET_ALG_FAIL],
  ['no ALGORITHM, private type', { [PUR]: ENC_DEC, [SIZE]: 128,
    [TYPE]: I.HUKS_KEY_TYPE_PRIVATE_KEY }, 16, HksErr.CHECK_GET_ALG_FAIL],
  ['HKDF has no conversion', aes({ [ALG]: A.HUKS_ALG_HKDF }), 16, HksErr.INVALID_ALGORITHM],
  ['ECDH is not importable', { [ALG]: A.HUKS_ALG_ECDH, [PUR]: U.HUKS_KEY_PURPOSE_AGREE,
    [SIZE]: 256, [TYPE]: I.HUKS_KEY_TYPE_KEY_PAIR }, 100, HksErr.INVALID_ALGORITHM],
  ['no PURPOSE', { [ALG]: A.HUKS_ALG_AES, [SIZE]: 128 }, 16, HksErr.CHECK_GET_PURPOSE_FAIL],
  ['no KEY_SIZE', { [ALG]: A.HUKS_ALG_AES, [PUR]: ENC_DEC }, 16, HksErr.CHECK_GET_KEY_SIZE_FAIL],
  ['AES SIGN', aes({ [PUR]: U.HUKS_KEY_PURPOSE_SIGN }), 16, HksErr.INVALID_PURPOSE],
  ['DES 8 bytes', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64 }, 8, 'ok'],
  ['DES 16 bytes', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64 }, 16,
    HksErr.INVALID_KEY_INFO],
  ['3DES 8 bytes', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 128 }, 8,
    HksErr.INVALID_KEY_INFO],
  ['3DES 24 bytes', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 192 }, 24, 'ok'],
  ['DES as PRIVATE_KEY', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64,
    [TYPE]: I.HUKS_KEY_TYPE_PRIVATE_KEY }, 8, HksErr.INVALID_ALGORITHM],
  ['3DES as KEY_PAIR', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 128,
    [TYPE]: I.HUKS_KEY_TYPE_KEY_PAIR }, 16, HksErr.INVALID_ALGORITHM],
  ['HMAC 32 bytes, 256 bits', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256,
    [T.HUKS_TAG_DIGEST]: D.HUKS_DIGEST_SHA384 }, 32, 'ok'],
  ['HMAC 32 bytes, 128 bits', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 128 }, 32,
    HksErr.INVALID_KEY_INFO],
  ['SM3 key 10 bytes', { [ALG]: A.HUKS_ALG_SM3, [PUR]: MAC, [SIZE]: 80 }, 10, 'ok'],
  ['SM4 16 bytes', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 128 }, 16, 'ok'],
  ['SM4 KEY_SIZE 256', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 256 }, 32,
    HksErr.INVALID_KEY_SIZE],
  ['SM2 public key that is no SPKI', { [ALG]: A.HUKS_ALG_SM2, [PUR]: U.HUKS_KEY_PURPOSE_VERIFY,
    [SIZE]: 256 }, 91, HksErr.INVALID_ARGUMENT],
  ['SM2 without PURPOSE: the conversion (step 1) comes first', { [ALG]: A.HUKS_ALG_SM2,
    [SIZE]: 256 }, 91, HksErr.INVALID_ARGUMENT],
  ['ML-DSA private (Node 20 lacks it)', { [ALG]: A.HUKS_ALG_ML_DSA, [PUR]: U.HUKS_KEY_PURPOSE_SIGN,
    [SIZE]: 44, [TYPE]: I.HUKS_KEY_TYPE_PRIVATE_KEY }, 3000, HksErr.NOT_SUPPORTED],
  ['X25519 UNWRAP is refused at plain import', { [ALG]: A.HUKS_ALG_X25519,
    [PUR]: U.HUKS_KEY_PURPOSE_UNWRAP, [SIZE]: 256 }, 32, HksErr.INVALID_PURPOSE],
];

describe('importKey check order (algorithms.md §1.4)', () => {
  for (const [name, tags, bytes, code] of CASES) {
    it(`${name} -> ${code}`, () => {
      const set = params(tags);
      const data = new Uint8Array(bytes).fill(7);
      if (code === 'ok') {
        const key = core.importKey(set, data);
        assert.deepEqual(key.material, data);
        assert.equal(key.properties.getNumber(T.HUKS_TAG_KEY_FLAG), 1);
      } else {
        assertCode(() => core.importKey(set, data), code);
      }
    });
  }
});

describe('import purpose per import type (algorithms.md §1.4 steps 5-6)', () => {
  const { HUKS_KEY_PURPOSE_SIGN: SIGN, HUKS_KEY_PURPOSE_VERIFY: VERIFY } = U;
  const { HUKS_KEY_PURPOSE_DECRYPT: DECRYPT, HUKS_KEY_PURPOSE_ENCRYPT: ENCRYPT } = U;
  const rows: readonly [number, number | undefined, number, boolean][] = [
    [A.HUKS_ALG_RSA, I.HUKS_KEY_TYPE_PRIVATE_KEY, SIGN, true],
    [A.HUKS_ALG_RSA, I.HUKS_KEY_TYPE_PRIVATE_KEY, DECRYPT, true],
    [A.HUKS_ALG_RSA, I.HUKS_KEY_TYPE_PRIVATE_KEY, SIGN | VERIFY, false],
    [A.HUKS_ALG_RSA, I.HUKS_KEY_TYPE_KEY_PAIR, SIGN | VERIFY, true],
    [A.HUKS_ALG_RSA, undefined, VERIFY, true],
    [A.HUKS_ALG_RSA, I.HUKS_KEY_TYPE_PUBLIC_KEY, ENCRYPT, true],
    [A.HUKS_ALG_RSA, I.HUKS_KEY_TYPE_PUBLIC_KEY, ENCRYPT | DECRYPT, false],
    [A.HUKS_ALG_ECC, I.HUKS_KEY_TYPE_PRIVATE_KEY, U.HUKS_KEY_PURPOSE_AGREE, true],
    [A.HUKS_ALG_ECC, I.HUKS_KEY_TYPE_PUBLIC_KEY, SIGN, false],
    [A.HUKS_ALG_SM2, I.HUKS_KEY_TYPE_PUBLIC_KEY, ENCRYPT, true],
    [A.HUKS_ALG_SM2, I.HUKS_KEY_TYPE_PRIVATE_KEY, DECRYPT, false],
    [A.HUKS_ALG_DSA, I.HUKS_KEY_TYPE_PUBLIC_KEY, VERIFY, true],
    [A.HUKS_ALG_ED25519, I.HUKS_KEY_TYPE_PRIVATE_KEY, SIGN | VERIFY, false],
    [A.HUKS_ALG_X25519, I.HUKS_KEY_TYPE_PRIVATE_KEY, U.HUKS_KEY_PURPOSE_AGREE, true],
    [A.HUKS_ALG_DH, I.HUKS_KEY_TYPE_PUBLIC_KEY, U.HUKS_KEY_PURPOSE_AGREE, true],
  ];
  for (const [algorithm, type, purpose, ok] of rows) {
    it(`alg ${algorithm} type ${type} purpose ${purpose} -> ${ok ? 'ok' : '12000003'}`, () => {
      const set = params(type === undefined ? {} : { [TYPE]: type });
      const run = () => checkImportPurpose(set, { algorithm, purpose, keySize: 256 });
      if (ok) run();
      else assertCode(run, HksErr.INVALID_PURPOSE);
    });
  }
});

describe('exportKey of symmetric keys (key-formats.md §5.7)', () => {
  const cases: readonly [string, Record<number, ParamValue>, number][] = [
    ['AES-128', aes(), HksErr.INVALID_KEY_SIZE],
    ['AES-256', aes({ [SIZE]: 256 }), HksErr.INVALID_ARGUMENT],
    ['SM4', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 128 }, HksErr.INVALID_KEY_SIZE],
    ['DES', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64 }, HksErr.INVALID_KEY_SIZE],
    ['3DES-192', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 192 }, HksErr.INVALID_ARGUMENT],
    ['HMAC-152', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 152 }, HksErr.INVALID_KEY_SIZE],
    ['HMAC-160', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 160 }, HksErr.INVALID_ARGUMENT],
  ];
  for (const [name, tags, code] of cases) {
    it(`${name} -> ${code}`, () => {
      const key = core.generateKey(params(tags));
      assertCode(() => core.exportKey(key.properties, key.material), code);
    });
  }

  it('an algorithm without a family is not supported', () => {
    const set = params({ [ALG]: A.HUKS_ALG_ML_DSA, [PUR]: U.HUKS_KEY_PURPOSE_VERIFY, [SIZE]: 44 });
    assertCode(() => core.exportKey(set, new Uint8Array(10)), HksErr.NOT_SUPPORTED);
  });
});
