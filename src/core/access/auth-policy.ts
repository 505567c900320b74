import {
  HuksAuthAccessType as X, HuksCipherMode as M, HuksKeyAlg as A, HuksKeyPurpose as U,
  HuksTag as T, HuksUserAuthType as H,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';

/**
 * The value rules of access-control.md §3 (items 3, 5, 8) and §4 as small predicates, shared
 * by the generation checks and the session gate.
 */

/** §3 item 3: the 11 accepted USER_AUTH_TYPE masks. */
export const ACCEPTED_AUTH_TYPES: ReadonlySet<number> = new Set([
  4, 1, 2, 5, 6, 3, 7, 32, 33, 34, 35,
]);

const ALL_ACCESS_BITS = X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD
  | X.HUKS_AUTH_ACCESS_INVALID_NEW_BIO_ENROLL | X.HUKS_AUTH_ACCESS_ALWAYS_VALID;

/** The access bits a biometric type may claim, in the order §3 item 5 tries them. */
const BIO_ORDER = [X.HUKS_AUTH_ACCESS_INVALID_NEW_BIO_ENROLL,
  X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD, X.HUKS_AUTH_ACCESS_ALWAYS_VALID];
const PIN_ORDER = [X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD, X.HUKS_AUTH_ACCESS_ALWAYS_VALID];

/**
 * §3 item 5: whether an access type suits an (already accepted) auth type. Each auth-type bit
 * contributes the first access bit of its list that is requested; the contributions together
 * must be exactly the request. TUI_PIN keys are ALWAYS_VALID only.
 */
export function accessTypeAccepted(authType: number, access: number): boolean {
  if (access === 0 || (access & ~ALL_ACCESS_BITS) !== 0) return false;
  if ((authType & H.HUKS_USER_AUTH_TYPE_TUI_PIN) !== 0) {
    return access === X.HUKS_AUTH_ACCESS_ALWAYS_VALID;
  }
  const always = X.HUKS_AUTH_ACCESS_ALWAYS_VALID;
  if ((access & always) !== 0 && access !== always) return false;
  let covered = 0;
  const claim = (order: readonly number[]) => {
    const bit = order.find((b) => (access & b) !== 0);
    if (bit !== undefined) covered |= bit;
  };
  if ((authType & H.HUKS_USER_AUTH_TYPE_FACE) !== 0) claim(BIO_ORDER);
  if ((authType & H.HUKS_USER_AUTH_TYPE_FINGERPRINT) !== 0) claim(BIO_ORDER);
  if ((authType & H.HUKS_USER_AUTH_TYPE_PIN) !== 0) claim(PIN_ORDER);
  return covered === access;
}

const SYMMETRIC_PURPOSES = [U.HUKS_KEY_PURPOSE_ENCRYPT, U.HUKS_KEY_PURPOSE_DECRYPT,
  U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT, U.HUKS_KEY_PURPOSE_DERIVE,
  U.HUKS_KEY_PURPOSE_MAC];
const SM4_PURPOSES = SYMMETRIC_PURPOSES.slice(0, 3);

/** §3 item 8: what a symmetric key with KEY_AUTH_PURPOSE may be. */
const SYMMETRIC_RULES: ReadonlyMap<number, { purposes: number[]; modes: number[] }> = new Map([
  [A.HUKS_ALG_AES, { purposes: SYMMETRIC_PURPOSES, modes: [M.HUKS_MODE_CBC, M.HUKS_MODE_GCM,
    M.HUKS_MODE_CCM] }],
  [A.HUKS_ALG_DES, { purposes: SYMMETRIC_PURPOSES, modes: [M.HUKS_MODE_CBC, M.HUKS_MODE_ECB] }],
  [A.HUKS_ALG_3DES, { purposes: SYMMETRIC_PURPOSES, modes: [M.HUKS_MODE_CBC, M.HUKS_MODE_ECB] }],
  [A.HUKS_ALG_SM4, { purposes: SM4_PURPOSES, modes: [M.HUKS_MODE_CBC] }],
]);

/**
 * §3 item 8, second half: a symmetric key bound per purpose (KEY_AUTH_PURPOSE) is limited in
 * purpose and block mode; applied to the key's parameters at generation and to the init
 * parameters at initSession.
 * @throws HuksFailure -4 (12000001) on a violation
 */
export function checkSymmetricAuthPurpose(algorithm: number | undefined, params: ParamSet): void {
  const rule = algorithm === undefined ? undefined : SYMMETRIC_RULES.get(algorithm);
  if (rule === undefined) return;
  const purpose = params.getNumber(T.HUKS_TAG_PURPOSE);
  const mode = params.getNumber(T.HUKS_TAG_BLOCK_MODE);
  if (purpose !== undefined && !rule.purposes.includes(purpose)) {
    throw new HuksFailure(HksErr.NOT_SUPPORTED, `purpose ${purpose} with KEY_AUTH_PURPOSE`);
  }
  if (mode !== undefined && !rule.modes.includes(mode)) {
    throw new HuksFailure(HksErr.NOT_SUPPORTED, `block mode ${mode} with KEY_AUTH_PURPOSE`);
  }
}

/**
 * A key whose use needs a token: USER_AUTH_TYPE present and NO_AUTH_REQUIRED not true
 * (openhuks decision for the corner case, §3).
 */
export function isUserAuthKey(properties: ParamSet): boolean {
  return properties.has(T.HUKS_TAG_USER_AUTH_TYPE)
    && properties.getBool(T.HUKS_TAG_NO_AUTH_REQUIRED) !== true;
}

/** §4: auth is needed for this init purpose unless KEY_AUTH_PURPOSE leaves it out. */
export function purposeNeedsAuth(properties: ParamSet, initPurpose: number): boolean {
  const authPurpose = properties.getNumber(T.HUKS_TAG_KEY_AUTH_PURPOSE);
  return authPurpose === undefined || (initPurpose | authPurpose) === authPurpose;
}
