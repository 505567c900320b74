import { HuksKeyAlg as A, HuksKeyPurpose as U, HuksTag as T } from '../../common/enums.js';

/**
 * The initSession tables of algorithms.md §1.5, as data (read by init-checks.ts).
 */

/** §1.5 step 5: init ALGORITHM values that suit each init purpose (12000003 otherwise). */
export const PURPOSE_ALGORITHMS: ReadonlyMap<number, ReadonlySet<number>> = new Map<
  number, ReadonlySet<number>>([
  [U.HUKS_KEY_PURPOSE_ENCRYPT, new Set<number>([A.HUKS_ALG_AES, A.HUKS_ALG_DES, A.HUKS_ALG_3DES,
    A.HUKS_ALG_SM4, A.HUKS_ALG_RSA, A.HUKS_ALG_SM2])],
  [U.HUKS_KEY_PURPOSE_DECRYPT, new Set<number>([A.HUKS_ALG_AES, A.HUKS_ALG_DES, A.HUKS_ALG_3DES,
    A.HUKS_ALG_SM4, A.HUKS_ALG_RSA, A.HUKS_ALG_SM2])],
  [U.HUKS_KEY_PURPOSE_SIGN, new Set<number>([A.HUKS_ALG_RSA, A.HUKS_ALG_ECC, A.HUKS_ALG_SM2,
    A.HUKS_ALG_DSA, A.HUKS_ALG_ED25519, A.HUKS_ALG_ML_DSA])],
  [U.HUKS_KEY_PURPOSE_VERIFY, new Set<number>([A.HUKS_ALG_RSA, A.HUKS_ALG_ECC, A.HUKS_ALG_SM2,
    A.HUKS_ALG_DSA, A.HUKS_ALG_ED25519, A.HUKS_ALG_ML_DSA])],
  [U.HUKS_KEY_PURPOSE_MAC, new Set<number>([A.HUKS_ALG_HMAC, A.HUKS_ALG_SM3])],
  [U.HUKS_KEY_PURPOSE_AGREE, new Set<number>([A.HUKS_ALG_ECDH, A.HUKS_ALG_X25519, A.HUKS_ALG_DH,
    A.HUKS_ALG_SM2])],
]);

/**
 * openhuks decision (the spec names the pairs, §8): the key algorithm an agreement algorithm
 * runs on. ECDH on an X25519 key and the like are refused at init with 12000003, like any
 * other unsuitable init ALGORITHM, instead of reaching a family with foreign material.
 */
export const AGREE_KEY_ALGORITHM: ReadonlyMap<number, number> = new Map<number, number>([
  [A.HUKS_ALG_ECDH, A.HUKS_ALG_ECC],
  [A.HUKS_ALG_X25519, A.HUKS_ALG_X25519],
  [A.HUKS_ALG_DH, A.HUKS_ALG_DH],
  [A.HUKS_ALG_SM2, A.HUKS_ALG_SM2],
]);

/** Init ALGORITHM values exempt from the DIGEST presence rule (§1.5 step 3). */
export const DIGEST_EXEMPT: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_ED25519,
  A.HUKS_ALG_ML_DSA, A.HUKS_ALG_ML_KEM]);

/** Init ALGORITHM values that need DIGEST whatever the purpose (§1.5 step 3). */
export const DIGEST_ALGORITHMS: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_HMAC,
  A.HUKS_ALG_SM3]);

/** A row of the key-versus-init ("auth policy") table of §1.5 step 5. */
export interface PolicyRow {
  readonly purposes: readonly number[];
  /** Init ALGORITHM values of the row; undefined = any (derive). */
  readonly algorithms?: readonly number[];
  /** Tags compared, in the order they are compared. */
  readonly tags: readonly number[];
  /** Derive: the comparison runs at the first update, not at init (§10). */
  readonly atFirstUpdate?: boolean;
}

const CIPHER = [U.HUKS_KEY_PURPOSE_ENCRYPT, U.HUKS_KEY_PURPOSE_DECRYPT];
const SIGNING = [U.HUKS_KEY_PURPOSE_SIGN, U.HUKS_KEY_PURPOSE_VERIFY];
const { HUKS_TAG_ALGORITHM: ALG, HUKS_TAG_BLOCK_MODE: MODE, HUKS_TAG_PADDING: PAD } = T;
const { HUKS_TAG_DIGEST: DIGEST, HUKS_TAG_PURPOSE: PURPOSE } = T;

export const POLICY_ROWS: readonly PolicyRow[] = [
  { purposes: CIPHER, algorithms: [A.HUKS_ALG_AES, A.HUKS_ALG_SM4, A.HUKS_ALG_DES, A.HUKS_ALG_3DES],
    tags: [ALG, MODE, PAD, PURPOSE] },
  { purposes: CIPHER, algorithms: [A.HUKS_ALG_RSA, A.HUKS_ALG_SM2],
    tags: [ALG, DIGEST, PAD, PURPOSE] },
  { purposes: SIGNING, algorithms: [A.HUKS_ALG_RSA], tags: [ALG, DIGEST, PAD, PURPOSE] },
  { purposes: SIGNING, algorithms: [A.HUKS_ALG_ECC, A.HUKS_ALG_SM2, A.HUKS_ALG_DSA],
    tags: [ALG, DIGEST, PURPOSE] },
  { purposes: SIGNING, algorithms: [A.HUKS_ALG_ED25519], tags: [PURPOSE] },
  { purposes: SIGNING, algorithms: [A.HUKS_ALG_ML_DSA], tags: [ALG, PURPOSE] },
  { purposes: [U.HUKS_KEY_PURPOSE_MAC], algorithms: [A.HUKS_ALG_HMAC], tags: [DIGEST, PURPOSE] },
  { purposes: [U.HUKS_KEY_PURPOSE_MAC], algorithms: [A.HUKS_ALG_SM3],
    tags: [ALG, DIGEST, PURPOSE] },
  { purposes: [U.HUKS_KEY_PURPOSE_DERIVE], tags: [DIGEST, PURPOSE], atFirstUpdate: true },
  { purposes: [U.HUKS_KEY_PURPOSE_AGREE], tags: [PURPOSE] },
];

/**
 * Tags the init request itself must carry for an (init ALGORITHM, purpose) pair, checked before
 * the policy comparison even when the key stores them: RSA sign/verify needs PADDING (§3.2).
 */
export const REQUIRED_INIT_TAGS: readonly PolicyRow[] = [
  { purposes: SIGNING, algorithms: [A.HUKS_ALG_RSA], tags: [PAD] },
];
