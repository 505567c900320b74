import {
  HuksCipherMode as M,
  HuksKeyAlg as A,
  HuksKeyDigest as D,
  HuksKeyPadding as P,
  HuksKeyPurpose as U,
} from '../../common/enums.js';

/**
 * The per-algorithm parameter tables of algorithms.md §1.2-§1.4 and §2-§12, as data. One
 * checker (key-checks.ts, init-checks.ts) reads them, so a reviewer can hold this file side by
 * side with the spec. A list that is absent means "not checked for this algorithm" (the
 * reference stores irrelevant tags without looking at them, §1.2 last paragraph).
 */

/** KEY_SIZE rule: a fixed list, plus optionally every multiple of `step` in [from, to]. */
export interface KeySizes {
  readonly list?: readonly number[];
  readonly range?: { readonly from: number; readonly to: number; readonly step: number };
}

export interface ParamTable {
  readonly keySizes: KeySizes;
  readonly paddings?: readonly number[];
  /** Only SM4 lists its purposes in the generate table (§2.2). */
  readonly purposes?: readonly number[];
  readonly digests?: readonly number[];
  readonly modes?: readonly number[];
}

/** Any size passes the table; the engine checks of §1.2 step 9 decide (HMAC, SM3, DSA). */
const ANY_SIZE: KeySizes = { range: { from: 0, to: 0xffffffff, step: 1 } };

const SHA_ALL = [D.HUKS_DIGEST_SHA1, D.HUKS_DIGEST_SHA224, D.HUKS_DIGEST_SHA256,
  D.HUKS_DIGEST_SHA384, D.HUKS_DIGEST_SHA512];
const SHA_DERIVE = [D.HUKS_DIGEST_SHA256, D.HUKS_DIGEST_SHA384, D.HUKS_DIGEST_SHA512];
const ECC_SIZES = [224, 256, 384, 521];

/** §1.2 step 2: ALGORITHM values generateKeyItem accepts (HKDF, PBKDF2, CMAC absent). */
export const GENERATE_ALGORITHMS: ReadonlySet<number> = new Set<number>([
  A.HUKS_ALG_RSA, A.HUKS_ALG_AES, A.HUKS_ALG_DES, A.HUKS_ALG_3DES, A.HUKS_ALG_ECC,
  A.HUKS_ALG_HMAC, A.HUKS_ALG_ED25519, A.HUKS_ALG_X25519, A.HUKS_ALG_DSA, A.HUKS_ALG_DH,
  A.HUKS_ALG_ECDH, A.HUKS_ALG_SM2, A.HUKS_ALG_SM3, A.HUKS_ALG_SM4, A.HUKS_ALG_ML_DSA,
  A.HUKS_ALG_ML_KEM,
]);

/** §1.4 step 3: the import list (ECDH absent, so 12000003). */
export const IMPORT_ALGORITHMS: ReadonlySet<number> = new Set(
  [...GENERATE_ALGORITHMS].filter((alg) => alg !== A.HUKS_ALG_ECDH),
);

/** §1.2 step 5: algorithms that may carry MAC or DERIVE at all. */
export const MAC_OR_DERIVE_ALGORITHMS: ReadonlySet<number> = new Set<number>([
  A.HUKS_ALG_AES, A.HUKS_ALG_DES, A.HUKS_ALG_3DES, A.HUKS_ALG_HMAC, A.HUKS_ALG_CMAC,
  A.HUKS_ALG_SM3, A.HUKS_ALG_SM4,
]);

/** The normal "generate table" (§0, §2-§12). */
export const GENERATE_TABLE: ReadonlyMap<number, ParamTable> = new Map<number, ParamTable>([
  [A.HUKS_ALG_AES, {
    keySizes: { list: [128, 192, 256] },
    paddings: [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PKCS7],
    modes: [M.HUKS_MODE_ECB, M.HUKS_MODE_CBC, M.HUKS_MODE_CTR, M.HUKS_MODE_GCM, M.HUKS_MODE_CCM],
  }],
  [A.HUKS_ALG_SM4, {
    keySizes: { list: [128] },
    paddings: [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PKCS7],
    purposes: [U.HUKS_KEY_PURPOSE_ENCRYPT, U.HUKS_KEY_PURPOSE_DECRYPT,
      U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT],
    modes: [M.HUKS_MODE_ECB, M.HUKS_MODE_CBC, M.HUKS_MODE_CTR, M.HUKS_MODE_CFB, M.HUKS_MODE_OFB],
  }],
  [A.HUKS_ALG_DES, {
    keySizes: { list: [64] },
    paddings: [P.HUKS_PADDING_NONE],
    modes: [M.HUKS_MODE_ECB, M.HUKS_MODE_CBC],
  }],
  [A.HUKS_ALG_3DES, {
    keySizes: { list: [128, 192] },
    paddings: [P.HUKS_PADDING_NONE],
    modes: [M.HUKS_MODE_ECB, M.HUKS_MODE_CBC],
  }],
  [A.HUKS_ALG_RSA, {
    keySizes: {
      list: [512, 768, 1024, 2048, 3072, 4096],
      range: { from: 1024, to: 2048, step: 8 },
    },
    paddings: [P.HUKS_PADDING_NONE, P.HUKS_PADDING_OAEP, P.HUKS_PADDING_PSS,
      P.HUKS_PADDING_PKCS1_V1_5, P.HUKS_PADDING_ISO_IEC_9796_2],
    digests: [D.HUKS_DIGEST_NONE, D.HUKS_DIGEST_MD5, ...SHA_ALL],
  }],
  [A.HUKS_ALG_ECC, { keySizes: { list: ECC_SIZES }, digests: [D.HUKS_DIGEST_NONE, ...SHA_ALL] }],
  [A.HUKS_ALG_ECDH, { keySizes: { list: ECC_SIZES } }],
  [A.HUKS_ALG_SM2, {
    keySizes: { list: [256] },
    digests: [D.HUKS_DIGEST_SM3, D.HUKS_DIGEST_NONE],
  }],
  [A.HUKS_ALG_ED25519, { keySizes: { list: [256] } }],
  [A.HUKS_ALG_X25519, { keySizes: { list: [256] } }],
  [A.HUKS_ALG_DSA, { keySizes: ANY_SIZE, digests: [D.HUKS_DIGEST_NONE, ...SHA_ALL] }],
  [A.HUKS_ALG_DH, { keySizes: { list: [2048, 3072, 4096] } }],
  [A.HUKS_ALG_HMAC, { keySizes: ANY_SIZE, digests: [...SHA_ALL, D.HUKS_DIGEST_SM3] }],
  [A.HUKS_ALG_SM3, { keySizes: ANY_SIZE, digests: [D.HUKS_DIGEST_SM3] }],
  [A.HUKS_ALG_ML_DSA, { keySizes: { list: [44, 65, 87] } }],
  [A.HUKS_ALG_ML_KEM, { keySizes: { list: [768, 1024] } }],
]);

/** The "MAC table": purpose exactly MAC (§9). */
export const MAC_TABLE: ReadonlyMap<number, ParamTable> = new Map<number, ParamTable>([
  [A.HUKS_ALG_AES, { keySizes: { list: [256] }, digests: [D.HUKS_DIGEST_SHA256] }],
  [A.HUKS_ALG_DES, { keySizes: { list: [64] }, digests: [D.HUKS_DIGEST_SHA256] }],
  [A.HUKS_ALG_3DES, { keySizes: { list: [128, 192] }, digests: [D.HUKS_DIGEST_SHA256] }],
  [A.HUKS_ALG_HMAC, { keySizes: ANY_SIZE, digests: [...SHA_ALL, D.HUKS_DIGEST_SM3] }],
  [A.HUKS_ALG_SM3, { keySizes: ANY_SIZE, digests: [D.HUKS_DIGEST_SM3] }],
]);

/** The "DERIVE table" (§10). SM4 is the internal GM KDF only. */
export const DERIVE_TABLE: ReadonlyMap<number, ParamTable> = new Map<number, ParamTable>([
  [A.HUKS_ALG_AES, { keySizes: { list: [128, 192, 256] }, digests: SHA_DERIVE }],
  [A.HUKS_ALG_DES, { keySizes: { list: [64] }, digests: SHA_DERIVE }],
  [A.HUKS_ALG_3DES, { keySizes: { list: [128, 192] }, digests: SHA_DERIVE }],
  [A.HUKS_ALG_SM4, { keySizes: { list: [128] }, digests: [D.HUKS_DIGEST_SM3] }],
]);

const ALL_PURPOSES = Object.values(U).reduce((mask, bit) => mask | bit, 0);
const allExcept = (...allowed: number[]) =>
  allowed.reduce((mask, bit) => mask & ~bit, ALL_PURPOSES);
const ENC_DEC = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
const SIGN_VERIFY = U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY;
const WRAP = U.HUKS_KEY_PURPOSE_WRAP;
const UNWRAP = U.HUKS_KEY_PURPOSE_UNWRAP;
const { HUKS_KEY_PURPOSE_DERIVE: DERIVE, HUKS_KEY_PURPOSE_MAC: MAC } = U;
const AGREE = U.HUKS_KEY_PURPOSE_AGREE;

/** §1.3: purpose bits refused at generation (masks). */
export const FORBIDDEN_PURPOSES: ReadonlyMap<number, number> = new Map<number, number>([
  [A.HUKS_ALG_RSA, DERIVE | MAC | WRAP | UNWRAP | AGREE],
  [A.HUKS_ALG_ECC, DERIVE | MAC | WRAP | ENC_DEC],
  [A.HUKS_ALG_SM2, DERIVE | MAC | WRAP],
  [A.HUKS_ALG_SM3, allExcept(MAC)],
  [A.HUKS_ALG_SM4, SIGN_VERIFY | WRAP | UNWRAP | MAC | AGREE],
  [A.HUKS_ALG_AES, SIGN_VERIFY | AGREE | WRAP | UNWRAP],
  [A.HUKS_ALG_DES, SIGN_VERIFY | AGREE | WRAP | UNWRAP],
  [A.HUKS_ALG_3DES, SIGN_VERIFY | AGREE | WRAP | UNWRAP],
  [A.HUKS_ALG_ED25519, DERIVE | MAC | WRAP | UNWRAP | ENC_DEC],
  [A.HUKS_ALG_X25519, DERIVE | MAC | ENC_DEC | WRAP],
  [A.HUKS_ALG_HMAC, allExcept(MAC)],
  [A.HUKS_ALG_DSA, allExcept(U.HUKS_KEY_PURPOSE_SIGN, U.HUKS_KEY_PURPOSE_VERIFY)],
  [A.HUKS_ALG_DH, allExcept(AGREE)],
  [A.HUKS_ALG_ECDH, allExcept(AGREE)],
]);

/** §1.3: bits additionally refused at plain (not wrapped) import. */
export const FORBIDDEN_AT_IMPORT: ReadonlyMap<number, number> = new Map<number, number>([
  [A.HUKS_ALG_ECC, WRAP | UNWRAP],
  [A.HUKS_ALG_SM2, WRAP | UNWRAP],
  [A.HUKS_ALG_X25519, WRAP | UNWRAP],
]);

/** §1.3: the purpose categories; a key's purpose bits must fall inside exactly one. */
export const PURPOSE_CATEGORIES: readonly number[] = [ENC_DEC, SIGN_VERIFY, DERIVE, WRAP | UNWRAP,
  MAC, AGREE];

/** The nine defined purpose bits. */
export const DEFINED_PURPOSES = ALL_PURPOSES;

/** §2.1 / §2.2: paddings allowed per block mode (generation and init; 12000003 otherwise). */
export const MODE_PADDINGS: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>> = new Map<
  number, ReadonlyMap<number, readonly number[]>>([
  [A.HUKS_ALG_AES, new Map<number, readonly number[]>([
    [M.HUKS_MODE_ECB, [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PKCS7]],
    [M.HUKS_MODE_CBC, [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PKCS7]],
    [M.HUKS_MODE_CTR, [P.HUKS_PADDING_NONE]],
    [M.HUKS_MODE_GCM, [P.HUKS_PADDING_NONE]],
    [M.HUKS_MODE_CCM, [P.HUKS_PADDING_NONE]],
  ])],
  [A.HUKS_ALG_SM4, new Map<number, readonly number[]>([
    [M.HUKS_MODE_ECB, [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PKCS7]],
    [M.HUKS_MODE_CBC, [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PKCS7]],
    [M.HUKS_MODE_CTR, [P.HUKS_PADDING_NONE]],
    [M.HUKS_MODE_CFB, [P.HUKS_PADDING_NONE]],
    [M.HUKS_MODE_OFB, [P.HUKS_PADDING_NONE]],
  ])],
]);

/** §3: RSA paddings allowed per purpose category (generation and init; 12000003 otherwise). */
export const PURPOSE_PADDINGS: ReadonlyMap<number, ReadonlyMap<number, readonly number[]>> =
  new Map<number, ReadonlyMap<number, readonly number[]>>([
  [A.HUKS_ALG_RSA, new Map<number, readonly number[]>([
    [ENC_DEC, [P.HUKS_PADDING_NONE, P.HUKS_PADDING_OAEP, P.HUKS_PADDING_PKCS1_V1_5]],
    [SIGN_VERIFY, [P.HUKS_PADDING_NONE, P.HUKS_PADDING_PSS, P.HUKS_PADDING_PKCS1_V1_5,
      P.HUKS_PADDING_ISO_IEC_9796_2]],
  ])],
]);

/** Raw-key algorithms: import length must equal ceil(KEY_SIZE/8) (§1.4 step 4). */
export const SYMMETRIC_ALGORITHMS: ReadonlySet<number> = new Set<number>([
  A.HUKS_ALG_AES, A.HUKS_ALG_DES, A.HUKS_ALG_3DES, A.HUKS_ALG_SM4, A.HUKS_ALG_HMAC,
  A.HUKS_ALG_SM3, A.HUKS_ALG_CMAC,
]);

/**
 * §1.4 step 5: purposes allowed for a PRIVATE_KEY import (each entry is one exact purpose
 * value). Algorithms absent here have no restriction beyond §1.3.
 */
export const PRIVATE_IMPORT_PURPOSES: ReadonlyMap<number, readonly number[]> = new Map<
  number, readonly number[]>([
  [A.HUKS_ALG_RSA, [U.HUKS_KEY_PURPOSE_SIGN, U.HUKS_KEY_PURPOSE_DECRYPT]],
  [A.HUKS_ALG_ECC, [U.HUKS_KEY_PURPOSE_SIGN, AGREE, UNWRAP]],
  [A.HUKS_ALG_SM2, [U.HUKS_KEY_PURPOSE_SIGN]],
  [A.HUKS_ALG_DSA, [U.HUKS_KEY_PURPOSE_SIGN]],
  [A.HUKS_ALG_ED25519, [U.HUKS_KEY_PURPOSE_SIGN]],
  [A.HUKS_ALG_ML_DSA, [U.HUKS_KEY_PURPOSE_SIGN]],
]);

/** §1.4 step 6: purposes allowed for a PUBLIC_KEY import (exact values). */
export const PUBLIC_IMPORT_PURPOSES: ReadonlyMap<number, readonly number[]> = new Map<
  number, readonly number[]>([
  [A.HUKS_ALG_RSA, [U.HUKS_KEY_PURPOSE_VERIFY, U.HUKS_KEY_PURPOSE_ENCRYPT]],
  [A.HUKS_ALG_ECC, [U.HUKS_KEY_PURPOSE_VERIFY, AGREE, UNWRAP]],
  [A.HUKS_ALG_SM2, [U.HUKS_KEY_PURPOSE_VERIFY, U.HUKS_KEY_PURPOSE_ENCRYPT]],
  [A.HUKS_ALG_DSA, [U.HUKS_KEY_PURPOSE_VERIFY]],
  [A.HUKS_ALG_ED25519, [U.HUKS_KEY_PURPOSE_VERIFY]],
  [A.HUKS_ALG_ML_DSA, [U.HUKS_KEY_PURPOSE_VERIFY]],
]);

/** §1.4 step 1: the IMPORT_KEY_TYPE data limit for PRIVATE_KEY / KEY_PAIR blobs. */
export const PRIVATE_BLOB_LIMIT: ReadonlyMap<number, number> = new Map<number, number>([
  [A.HUKS_ALG_ML_DSA, 10000],
  [A.HUKS_ALG_ML_KEM, 6000],
]);
export const DEFAULT_PRIVATE_BLOB_LIMIT = 2048;
