import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HuksKeyDigest as D } from '../../../src/common/enums.js';
import { HksErr } from '../../../src/errors/failure.js';
import { ParamSet, type ParamValue } from '../../../src/params/param-set.js';
import { A, assertCode, core, ENC_DEC, M, P, params, T, U } from './helpers.js';

type Case = readonly [name: string, tags: Record<number, ParamValue>, code: number | 'ok'];

const ALG = T.HUKS_TAG_ALGORITHM;
const PUR = T.HUKS_TAG_PURPOSE;
const SIZE = T.HUKS_TAG_KEY_SIZE;
const PAD = T.HUKS_TAG_PADDING;
const MODE = T.HUKS_TAG_BLOCK_MODE;
const DIG = T.HUKS_TAG_DIGEST;
const { HUKS_KEY_PURPOSE_SIGN: SIGN, HUKS_KEY_PURPOSE_MAC: MAC } = U;
const { HUKS_KEY_PURPOSE_DERIVE: DERIVE, HUKS_KEY_PURPOSE_AGREE: AGREE } = U;
const aes = (extra: Record<number, ParamValue> = {}) =>
  ({ [ALG]: A.HUKS_ALG_AES, [PUR]: ENC_DEC, [SIZE]: 256, ...extra });

/** algorithms.md §1.2 steps 2-9 and §13, one row per rule (and per ordering between rules). */
const CASES: readonly Case[] = [
  ['AES-256 encrypt/decrypt', aes(), 'ok'],
  ['no ALGORITHM', { [PUR]: ENC_DEC, [SIZE]: 256 }, HksErr.CHECK_GET_ALG_FAIL],
  ['no ALGORITHM and no PURPOSE', { [SIZE]: 256 }, HksErr.CHECK_GET_ALG_FAIL],
  ['unknown ALGORITHM 9999', aes({ [ALG]: 9999 }), HksErr.INVALID_ALGORITHM],
  ['HKDF cannot be generated', aes({ [ALG]: A.HUKS_ALG_HKDF }), HksErr.INVALID_ALGORITHM],
  ['PBKDF2 cannot be generated', aes({ [ALG]: A.HUKS_ALG_PBKDF2 }), HksErr.INVALID_ALGORITHM],
  ['CMAC cannot be generated (standard build)', { [ALG]: A.HUKS_ALG_CMAC, [PUR]: MAC, [SIZE]: 128 },
    HksErr.INVALID_ALGORITHM],
  ['unknown ALGORITHM before missing PURPOSE', { [ALG]: 9999 }, HksErr.INVALID_ALGORITHM],
  ['no PURPOSE', { [ALG]: A.HUKS_ALG_AES, [SIZE]: 256 }, HksErr.CHECK_GET_PURPOSE_FAIL],
  ['USER_AUTH_TYPE TUI_PIN', aes({ [T.HUKS_TAG_USER_AUTH_TYPE]: 32 }),
    HksErr.USER_AUTH_TYPE_NOT_SUPPORT],
  ['TUI_PIN before the table', { [ALG]: A.HUKS_ALG_AES, [PUR]: ENC_DEC,
    [T.HUKS_TAG_USER_AUTH_TYPE]: 32 }, HksErr.USER_AUTH_TYPE_NOT_SUPPORT],
  ['no KEY_SIZE', aes({ [SIZE]: undefined as never }), HksErr.CHECK_GET_KEY_SIZE_FAIL],
  ['AES key size 100', aes({ [SIZE]: 100 }), HksErr.INVALID_KEY_SIZE],
  ['AES key size 512 (deprecated)', aes({ [SIZE]: 512 }), HksErr.INVALID_KEY_SIZE],
  ['AES padding PSS', aes({ [PAD]: P.HUKS_PADDING_PSS }), HksErr.INVALID_PADDING],
  ['AES padding PKCS5', aes({ [PAD]: P.HUKS_PADDING_PKCS5 }), HksErr.INVALID_PADDING],
  ['AES mode OFB', aes({ [MODE]: M.HUKS_MODE_OFB }), HksErr.INVALID_MODE],
  ['padding is checked before mode', aes({ [PAD]: P.HUKS_PADDING_PSS, [MODE]: M.HUKS_MODE_OFB }),
    HksErr.INVALID_PADDING],
  ['AES digest is not checked', aes({ [DIG]: D.HUKS_DIGEST_MD5 }), 'ok'],
  ['key size is checked before purpose', aes({ [SIZE]: 100, [PUR]: SIGN }),
    HksErr.INVALID_KEY_SIZE],
  ['ENCRYPT|SIGN mixes categories', aes({ [PUR]: U.HUKS_KEY_PURPOSE_ENCRYPT | SIGN }),
    HksErr.INVALID_PURPOSE],
  ['SIGN on AES', aes({ [PUR]: SIGN }), HksErr.INVALID_PURPOSE],
  ['purpose without a defined bit', aes({ [PUR]: 512 }), HksErr.INVALID_PURPOSE],
  ['undefined bits are ignored', aes({ [PUR]: ENC_DEC | 1024 }), 'ok'],
  ['AES CTR with PKCS7', aes({ [MODE]: M.HUKS_MODE_CTR, [PAD]: P.HUKS_PADDING_PKCS7 }),
    HksErr.INVALID_PADDING],
  ['AES GCM with PKCS7', aes({ [MODE]: M.HUKS_MODE_GCM, [PAD]: P.HUKS_PADDING_PKCS7 }),
    HksErr.INVALID_PADDING],
  ['AES CBC with PKCS7', aes({ [MODE]: M.HUKS_MODE_CBC, [PAD]: P.HUKS_PADDING_PKCS7 }), 'ok'],
  ['AES MAC 256 SHA256', aes({ [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA256 }), 'ok'],
  ['AES MAC 128 (MAC table: 256 only)', aes({ [PUR]: MAC, [SIZE]: 128 }), HksErr.INVALID_KEY_SIZE],
  ['AES MAC with SHA1', aes({ [PUR]: MAC, [DIG]: D.HUKS_DIGEST_SHA1 }), HksErr.INVALID_DIGEST],
  ['MAC path checks the purpose before the table', aes({ [PUR]: MAC | SIGN, [SIZE]: 100 }),
    HksErr.INVALID_PURPOSE],
  ['MAC on RSA', { [ALG]: A.HUKS_ALG_RSA, [PUR]: MAC, [SIZE]: 2048 }, HksErr.INVALID_PURPOSE],
  ['DERIVE on ED25519', { [ALG]: A.HUKS_ALG_ED25519, [PUR]: DERIVE, [SIZE]: 256 },
    HksErr.INVALID_PURPOSE],
  ['AES DERIVE 128 SHA256', aes({ [PUR]: DERIVE, [SIZE]: 128, [DIG]: D.HUKS_DIGEST_SHA256 }), 'ok'],
  ['AES DERIVE with SHA1', aes({ [PUR]: DERIVE, [DIG]: D.HUKS_DIGEST_SHA1 }),
    HksErr.INVALID_DIGEST],
  ['AES DERIVE size 100', aes({ [PUR]: DERIVE, [SIZE]: 100 }), HksErr.INVALID_KEY_SIZE],
  ['SM4 DERIVE 128 SM3', { [ALG]: A.HUKS_ALG_SM4, [PUR]: DERIVE, [SIZE]: 128,
    [DIG]: D.HUKS_DIGEST_SM3 }, 'ok'],
  ['SM4 encrypt', { [ALG]: A.HUKS_ALG_SM4, [PUR]: U.HUKS_KEY_PURPOSE_ENCRYPT, [SIZE]: 128 }, 'ok'],
  ['SM4 size 256', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 256 }, HksErr.INVALID_KEY_SIZE],
  ['SM4 mode GCM', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 128, [MODE]: M.HUKS_MODE_GCM },
    HksErr.INVALID_MODE],
  ['SM4 CFB with PKCS7', { [ALG]: A.HUKS_ALG_SM4, [PUR]: ENC_DEC, [SIZE]: 128,
    [MODE]: M.HUKS_MODE_CFB, [PAD]: P.HUKS_PADDING_PKCS7 }, HksErr.INVALID_PADDING],
  ['SM4 SIGN (table purpose)', { [ALG]: A.HUKS_ALG_SM4, [PUR]: SIGN, [SIZE]: 128 },
    HksErr.INVALID_PURPOSE],
  ['SM4 MAC', { [ALG]: A.HUKS_ALG_SM4, [PUR]: MAC, [SIZE]: 128 }, HksErr.INVALID_PURPOSE],
  ['DES 64', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64 }, 'ok'],
  ['DES 128', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 128 }, HksErr.INVALID_KEY_SIZE],
  ['DES PKCS7', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64, [PAD]: P.HUKS_PADDING_PKCS7 },
    HksErr.INVALID_PADDING],
  ['DES CTR', { [ALG]: A.HUKS_ALG_DES, [PUR]: ENC_DEC, [SIZE]: 64, [MODE]: M.HUKS_MODE_CTR },
    HksErr.INVALID_MODE],
  ['3DES 192', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 192 }, 'ok'],
  ['3DES 128', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 128 }, 'ok'],
  ['3DES 64', { [ALG]: A.HUKS_ALG_3DES, [PUR]: ENC_DEC, [SIZE]: 64 }, HksErr.INVALID_KEY_SIZE],
  ['3DES MAC SHA256', { [ALG]: A.HUKS_ALG_3DES, [PUR]: MAC, [SIZE]: 192,
    [DIG]: D.HUKS_DIGEST_SHA256 }, 'ok'],
  ['HMAC 256 SHA256', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256,
    [DIG]: D.HUKS_DIGEST_SHA256 }, 'ok'],
  ['HMAC 8 bits', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 8 }, 'ok'],
  ['HMAC 16384 bits', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 16384 }, 'ok'],
  ['HMAC over 2048 bytes (openhuks bound)', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC,
    [SIZE]: 16392 }, HksErr.INVALID_ARGUMENT],
  ['HMAC size 0 (engine)', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 0 },
    HksErr.INVALID_ARGUMENT],
  ['HMAC size 12 (engine)', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 12 },
    HksErr.INVALID_ARGUMENT],
  ['HMAC MD5', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256, [DIG]: D.HUKS_DIGEST_MD5 },
    HksErr.INVALID_DIGEST],
  ['HMAC NONE digest', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 256,
    [DIG]: D.HUKS_DIGEST_NONE }, HksErr.INVALID_DIGEST],
  ['HMAC for ENCRYPT', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: ENC_DEC, [SIZE]: 256 },
    HksErr.INVALID_PURPOSE],
  ['HMAC for DERIVE', { [ALG]: A.HUKS_ALG_HMAC, [PUR]: DERIVE, [SIZE]: 256 },
    HksErr.INVALID_PURPOSE],
  ['SM3 MAC', { [ALG]: A.HUKS_ALG_SM3, [PUR]: MAC, [SIZE]: 256, [DIG]: D.HUKS_DIGEST_SM3 }, 'ok'],
  ['SM3 with SHA256', { [ALG]: A.HUKS_ALG_SM3, [PUR]: MAC, [SIZE]: 256,
    [DIG]: D.HUKS_DIGEST_SHA256 }, HksErr.INVALID_DIGEST],
  ['SM3 size 7 (engine)', { [ALG]: A.HUKS_ALG_SM3, [PUR]: MAC, [SIZE]: 7 },
    HksErr.INVALID_ARGUMENT],
  ['KEY_GENERATE_TYPE DEFAULT', aes({ [T.HUKS_TAG_KEY_GENERATE_TYPE]: 0 }), 'ok'],
  ['KEY_GENERATE_TYPE AGREE', aes({ [T.HUKS_TAG_KEY_GENERATE_TYPE]: 2 }), HksErr.NOT_SUPPORTED],
  ['KEY_GENERATE_TYPE DERIVE', aes({ [T.HUKS_TAG_KEY_GENERATE_TYPE]: 1 }), HksErr.INVALID_ARGUMENT],
  ['ECDH has no generator', { [ALG]: A.HUKS_ALG_ECDH, [PUR]: AGREE, [SIZE]: 256 },
    HksErr.INVALID_ARGUMENT],
  ['ECDH size 100', { [ALG]: A.HUKS_ALG_ECDH, [PUR]: AGREE, [SIZE]: 100 }, HksErr.INVALID_KEY_SIZE],
  ['ECDH SIGN', { [ALG]: A.HUKS_ALG_ECDH, [PUR]: SIGN, [SIZE]: 256 }, HksErr.INVALID_PURPOSE],
  // Asymmetric algorithms: only the table-driven rules (the families come from elsewhere).
  ['RSA 1016', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 1016 }, HksErr.INVALID_KEY_SIZE],
  ['RSA 2056', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 2056 }, HksErr.INVALID_KEY_SIZE],
  ['RSA SM3 digest', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 2048, [DIG]: D.HUKS_DIGEST_SM3 },
    HksErr.INVALID_DIGEST],
  ['RSA PKCS7', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 2048, [PAD]: P.HUKS_PADDING_PKCS7 },
    HksErr.INVALID_PADDING],
  ['RSA encrypt with PSS', { [ALG]: A.HUKS_ALG_RSA, [PUR]: ENC_DEC, [SIZE]: 2048,
    [PAD]: P.HUKS_PADDING_PSS }, HksErr.INVALID_PADDING],
  ['RSA sign with OAEP', { [ALG]: A.HUKS_ALG_RSA, [PUR]: SIGN, [SIZE]: 2048,
    [PAD]: P.HUKS_PADDING_OAEP }, HksErr.INVALID_PADDING],
  ['RSA AGREE', { [ALG]: A.HUKS_ALG_RSA, [PUR]: AGREE, [SIZE]: 2048 }, HksErr.INVALID_PURPOSE],
  ['ECC size 200', { [ALG]: A.HUKS_ALG_ECC, [PUR]: SIGN, [SIZE]: 200 }, HksErr.INVALID_KEY_SIZE],
  ['ECC MD5', { [ALG]: A.HUKS_ALG_ECC, [PUR]: SIGN, [SIZE]: 256, [DIG]: D.HUKS_DIGEST_MD5 },
    HksErr.INVALID_DIGEST],
  ['ECC ENCRYPT', { [ALG]: A.HUKS_ALG_ECC, [PUR]: ENC_DEC, [SIZE]: 256 }, HksErr.INVALID_PURPOSE],
  ['ECC SIGN|AGREE', { [ALG]: A.HUKS_ALG_ECC, [PUR]: SIGN | AGREE, [SIZE]: 256 },
    HksErr.INVALID_PURPOSE],
  ['X25519 WRAP', { [ALG]: A.HUKS_ALG_X25519, [PUR]: U.HUKS_KEY_PURPOSE_WRAP, [SIZE]: 256 },
    HksErr.INVALID_PURPOSE],
  ['ED25519 size 255', { [ALG]: A.HUKS_ALG_ED25519, [PUR]: SIGN, [SIZE]: 255 },
    HksErr.INVALID_KEY_SIZE],
  ['DSA size 1020 (engine)', { [ALG]: A.HUKS_ALG_DSA, [PUR]: SIGN, [SIZE]: 1020 },
    HksErr.INVALID_ARGUMENT],
  ['DSA ENCRYPT', { [ALG]: A.HUKS_ALG_DSA, [PUR]: ENC_DEC, [SIZE]: 1024 }, HksErr.INVALID_PURPOSE],
  ['DH size 1024', { [ALG]: A.HUKS_ALG_DH, [PUR]: AGREE, [SIZE]: 1024 }, HksErr.INVALID_KEY_SIZE],
  ['DH SIGN', { [ALG]: A.HUKS_ALG_DH, [PUR]: SIGN, [SIZE]: 2048 }, HksErr.INVALID_PURPOSE],
  ['SM2 digest SHA256', { [ALG]: A.HUKS_ALG_SM2, [PUR]: SIGN, [SIZE]: 256,
    [DIG]: D.HUKS_DIGEST_SHA256 }, HksErr.INVALID_DIGEST],
  ['SM2 WRAP', { [ALG]: A.HUKS_ALG_SM2, [PUR]: U.HUKS_KEY_PURPOSE_WRAP, [SIZE]: 256 },
    HksErr.INVALID_PURPOSE],
  ['SM2 MAC', { [ALG]: A.HUKS_ALG_SM2, [PUR]: MAC, [SIZE]: 256 }, HksErr.INVALID_PURPOSE],
  ['ML-DSA (Node 20 lacks it)', { [ALG]: A.HUKS_ALG_ML_DSA, [PUR]: SIGN, [SIZE]: 44 },
    HksErr.NOT_SUPPORTED],
  ['ML-KEM size 512', { [ALG]: A.HUKS_ALG_ML_KEM, [PUR]: ENC_DEC, [SIZE]: 512 },
    HksErr.INVALID_KEY_SIZE],
];

describe('generateKey check order (algorithms.md §1.2)', () => {
  for (const [name, tags, code] of CASES) {
    it(`${name} -> ${code}`, () => {
      const clean = Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined));
      const set = params(clean);
      if (code === 'ok') core.generateKey(set);
      else assertCode(() => core.generateKey(set), code);
    });
  }

  it('refuses a duplicate or unknown tag with -3 before anything else', () => {
    const duplicate = new ParamSet([{ tag: PUR, value: ENC_DEC }, { tag: PUR, value: ENC_DEC }]);
    assertCode(() => core.generateKey(duplicate), HksErr.INVALID_ARGUMENT);
    const unknown = params({ [ALG]: 9999, [0x20000ffe]: 1 });
    assertCode(() => core.generateKey(unknown), HksErr.INVALID_ARGUMENT);
  });
});

describe('generateKey result (storage.md §3)', () => {
  it('stores the caller tags minus KEY_OVERRIDE, then version, OS and flag tags', () => {
    const key = core.generateKey(params({
      [ALG]: A.HUKS_ALG_AES, [T.HUKS_TAG_KEY_OVERRIDE]: false, [PUR]: ENC_DEC, [SIZE]: 192,
    }));
    assert.deepEqual(key.properties.params.map((p) => [p.tag, p.value]), [
      [ALG, A.HUKS_ALG_AES], [PUR, ENC_DEC], [SIZE, 192],
      [T.HUKS_TAG_KEY_VERSION, 3], [T.HUKS_TAG_OS_VERSION, 1], [T.HUKS_TAG_OS_PATCHLEVEL, 1],
      [T.HUKS_TAG_KEY_FLAG, 2],
    ]);
    assert.equal(key.material.length, 24);
  });

  it('makes fresh random keys of KEY_SIZE/8 bytes', () => {
    const a = core.generateKey(params(aes())).material;
    const b = core.generateKey(params(aes())).material;
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
    const hmac = core.generateKey(params({ [ALG]: A.HUKS_ALG_HMAC, [PUR]: MAC, [SIZE]: 520 }));
    assert.equal(hmac.material.length, 65);
  });
});
