import {
  HuksAuthAccessType as X, HuksChallengeType as C, HuksKeyAlg as A, HuksKeyPurpose as U,
  HuksSecureSignType, HuksTag as T, HuksUserAuthType as H, InternalTag as I,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { Param, ParamSet } from '../../params/param-set.js';
import { huksTypeOfIam, IamAuthType } from '../../iam/auth-types.js';
import {
  ACCEPTED_AUTH_TYPES, accessTypeAccepted, checkSymmetricAuthPurpose,
} from './auth-policy.js';
import { encodeEnrollInfo, encodeSecureUid, type EnrolledEntry } from './enroll-info.js';
import { IamQueryError, type UserIamPort } from './iam-port.js';

/** Who the key is bound to: the OS user of the key (SPECIFIC_USER_ID of an *AsUser call). */
export interface AuthOwner {
  readonly userId: number;
}

/** §3 item 6: AUTH_TIMEOUT for CHALLENGE_TYPE_NONE, in seconds. */
export const MAX_AUTH_TIMEOUT = 216_000;
/** §3 item 9: at most this many entries in UserIAM's enrolled list. */
const MAX_ENROLLED = 256;
/** HKS_ERROR_KEY_NOT_ALLOW_WRAP (no adapter row: 12000012 "HUKS operation failed."). */
const KEY_NOT_ALLOW_WRAP = -156;

/** The tags the keystore itself records about the binding; a caller's copy never counts. */
export const BINDING_TAGS: readonly number[] = [I.HKS_TAG_USER_AUTH_SECURE_UID,
  I.HKS_TAG_USER_AUTH_ENROLL_ID_INFO, I.HKS_TAG_FRONT_USER_ID];

/** §3 item 9 query order, in HUKS encoding, with the IAM code asked for. */
const QUERY_ORDER: readonly (readonly [number, number])[] = [
  [H.HUKS_USER_AUTH_TYPE_FINGERPRINT, IamAuthType.FINGERPRINT],
  [H.HUKS_USER_AUTH_TYPE_FACE, IamAuthType.FACE],
  [H.HUKS_USER_AUTH_TYPE_PIN, IamAuthType.PIN],
];

const fail = (code: number, detail: string): never => {
  throw new HuksFailure(code, detail);
};

/**
 * The generation/import-time rules of access-control.md §3 (items 1-11, then the
 * IS_DEVICE_PASSWORD_SET flag of §7), run after the parameter-set sanity checks and before the
 * core's generation checks. Returns the parameters to use from here on: the request with the
 * keystore's own binding tags (secure UID and enrolled ids, or FRONT_USER_ID) in place of any
 * the caller sent.
 * @throws HuksFailure -130/-129/-133/-134/-135/-132/-137/-3 (401), -115 (12000003),
 *   -4 (12000001), -156 (12000012), -49 (12000013), -41/-40 (12000015), -997 (12000018),
 *   -139 (12000016)
 */
export function bindUserAuth(params: ParamSet, owner: AuthOwner, iam: UserIamPort): ParamSet {
  const authType = params.getNumber(T.HUKS_TAG_USER_AUTH_TYPE);
  let bound = params.without(...BINDING_TAGS);
  if (authType !== undefined && params.getBool(T.HUKS_TAG_NO_AUTH_REQUIRED) !== true) {
    const access = checkDeclaration(params, authType);
    bound = bound.with(...recordBinding(params, owner, iam, authType, access));
  }
  if (params.getBool(T.HUKS_TAG_IS_DEVICE_PASSWORD_SET) === true) {
    checkDevicePassword(iam, owner.userId);
  }
  return bound;
}

/**
 * §7: a key flagged IS_DEVICE_PASSWORD_SET needs a PIN of its user (generation, init, every
 * update and finish).
 * @throws HuksFailure -139 (12000016) without a PIN; -41 (12000015) when UserIAM fails
 */
export function checkDevicePassword(iam: UserIamPort, userId: number): void {
  if (countCredentials(iam, userId, IamAuthType.PIN) === 0) {
    fail(HksErr.DEVICE_PASSWORD_UNSET, `user ${userId} has no lock-screen password`);
  }
}

/** Items 1-8: the declaration itself. Returns the access type. */
function checkDeclaration(params: ParamSet, authType: number): number {
  const access = params.getNumber(T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE);
  if (access === undefined) return fail(HksErr.CHECK_GET_ACCESS_TYPE_FAILED, 'no access type');
  const challengeType = params.getNumber(T.HUKS_TAG_CHALLENGE_TYPE);
  if (challengeType === undefined) {
    return fail(HksErr.CHECK_GET_CHALLENGE_TYPE_FAILED, 'no challenge type');
  }
  if (!ACCEPTED_AUTH_TYPES.has(authType)) fail(HksErr.INVALID_AUTH_TYPE, `auth type ${authType}`);
  if (challengeType > C.HUKS_CHALLENGE_TYPE_NONE || challengeType < 0) {
    fail(HksErr.INVALID_CHALLENGE_TYPE, `challenge type ${challengeType}`);
  }
  if (!accessTypeAccepted(authType, access)) {
    fail(HksErr.INVALID_ACCESS_TYPE, `access type ${access} for auth type ${authType}`);
  }

  const timeout = params.getNumber(T.HUKS_TAG_AUTH_TIMEOUT);
  if (challengeType === C.HUKS_CHALLENGE_TYPE_NONE && timeout !== undefined
    && (timeout < 1 || timeout > MAX_AUTH_TIMEOUT)) {
    fail(HksErr.INVALID_TIME_OUT, `timeout ${timeout} s`);
  }

  const secureSign = params.getNumber(T.HUKS_TAG_KEY_SECURE_SIGN_TYPE);
  const purpose = params.getNumber(T.HUKS_TAG_PURPOSE) ?? 0;
  if (secureSign !== undefined) {
    if (secureSign !== HuksSecureSignType.HUKS_SECURE_SIGN_WITH_AUTHINFO) {
      fail(HksErr.INVALID_SECURE_SIGN_TYPE, `secure sign type ${secureSign}`);
    }
    if ((purpose & U.HUKS_KEY_PURPOSE_SIGN) === 0) {
      fail(HksErr.INVALID_ARGUMENT, 'secure sign needs the SIGN purpose');
    }
  }

  const authPurpose = params.getNumber(T.HUKS_TAG_KEY_AUTH_PURPOSE);
  if (authPurpose !== undefined) {
    if (authPurpose === 0 || (authPurpose & ~purpose) !== 0) {
      fail(HksErr.INVALID_PURPOSE, `KEY_AUTH_PURPOSE ${authPurpose} outside PURPOSE ${purpose}`);
    }
    checkSymmetricAuthPurpose(params.getNumber(T.HUKS_TAG_ALGORITHM), params);
  }
  return access;
}

/** Items 9-11: what UserIAM says about the user, as tags to store. */
function recordBinding(params: ParamSet, owner: AuthOwner, iam: UserIamPort, authType: number,
  access: number): Param[] {
  let binding: Param[];
  if (access === X.HUKS_AUTH_ACCESS_ALWAYS_VALID) {
    // §3 item 10 with the openhuks decision: imported keys get FRONT_USER_ID as well.
    const front = owner.userId >= 100 ? owner.userId : iam.foregroundUser();
    binding = [{ tag: I.HKS_TAG_FRONT_USER_ID, value: front }];
  } else {
    if (params.getBool(T.HUKS_TAG_IS_ALLOWED_WRAP) === true) {
      fail(KEY_NOT_ALLOW_WRAP, 'an auth-bound key that may be invalidated cannot be wrapped');
    }
    binding = querySecurityInfo(iam, owner.userId, authType);
  }
  if (params.getNumber(T.HUKS_TAG_ALGORITHM) === A.HUKS_ALG_ML_KEM) {
    fail(HksErr.NEW_INVALID_ARGUMENT, 'ML-KEM keys cannot be bound to user authentication');
  }
  return binding;
}

function querySecurityInfo(iam: UserIamPort, userId: number, authType: number): Param[] {
  // TUI_PIN is not queried (§3 item 9).
  for (const [huksType, iamType] of QUERY_ORDER) {
    if ((authType & huksType) === 0) continue;
    if (countCredentials(iam, userId, iamType) === 0) {
      fail(HksErr.CREDENTIAL_NOT_EXIST, `no credential of IAM type ${iamType}`);
    }
  }

  let info;
  try {
    info = iam.securityInfo(userId);
  } catch (err) {
    if (!(err instanceof IamQueryError)) throw err;
    return fail(HksErr.GET_USERIAM_SECINFO_FAILED, err.message);
  }
  if (info.enrolled.length === 0 || info.enrolled.length > MAX_ENROLLED) {
    fail(HksErr.GET_USERIAM_SECINFO_FAILED, `${info.enrolled.length} enrolled entries`);
  }
  const entries: EnrolledEntry[] = [];
  for (const e of info.enrolled) {
    const huksType = huksTypeOfIam(e.iamType);
    if (huksType === H.HUKS_USER_AUTH_TYPE_TUI_PIN || huksType === undefined) continue;
    entries.push({ authType: huksType, enrolledId: e.enrolledId });
  }
  return [
    { tag: I.HKS_TAG_USER_AUTH_SECURE_UID, value: encodeSecureUid(info.secureUid) },
    { tag: I.HKS_TAG_USER_AUTH_ENROLL_ID_INFO, value: encodeEnrollInfo(entries) },
  ];
}

/** GetCredentialInfo with §9.1's mapping: not enrolled reads as 0, other failures -41. */
function countCredentials(iam: UserIamPort, userId: number, iamType: number): number {
  try {
    return iam.credentialCount(userId, iamType);
  } catch (err) {
    if (!(err instanceof IamQueryError)) throw err;
    if (err.reason === 'not-enrolled') return 0;
    return fail(HksErr.GET_USERIAM_AUTHINFO_FAILED, err.message);
  }
}
