import {
  HuksAuthAccessType as X, HuksChallengeType as C, HuksTag as T, HuksUserAuthMode,
  HuksUserAuthType as H, InternalTag as I,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import {
  AUTH_TOKEN_SIZE, openTokenSecret, readTokenHeader, tokenMacMatches, type TokenKeys,
  type TokenSecret,
} from '../../iam/auth-token.js';
import { huksTypeOfIam } from '../../iam/auth-types.js';
import type { AccessGate } from './access-gate.js';
import { decodeEnrollInfo, decodeSecureUid } from './enroll-info.js';
import { IamQueryError, type UserIamPort } from './iam-port.js';

/** What a verified token tells the session (secure sign, §8). */
export interface VerifiedToken {
  /** HUKS encoding. */
  readonly authType: number;
  readonly enrolledId: bigint;
  readonly credentialId: bigint;
}

/** §6.3 step 6c: the window when the key has no AUTH_TIMEOUT, in seconds. */
export const DEFAULT_AUTH_TIMEOUT = 3;
const SLOT = 8;

const fail = (code: number, detail: string): never => {
  throw new HuksFailure(code, detail);
};

/**
 * The token verification of access-control.md §6.3, steps 1-10 in order (step 9, trust levels
 * of ATL-bound keys, does not apply: such keys cannot be created through the public API).
 * @throws HuksFailure -131/-136 (401), -47 (12000008), -4 (12000001), -31 (12000006),
 *   -43 (12000008, wrong challenge), -48 (12000009), -46 (12000007), -2 (12000012)
 */
export function verifyAuthToken(gate: AccessGate, properties: ParamSet, params: ParamSet,
  iam: UserIamPort): VerifiedToken {
  const token = params.getBytes(T.HUKS_TAG_AUTH_TOKEN);
  if (token === undefined) return fail(HksErr.CHECK_GET_AUTH_TOKEN_FAILED, 'no auth token');
  if (token.length !== AUTH_TOKEN_SIZE) {
    return fail(HksErr.INVALID_AUTH_TOKEN, `a token of ${token.length} bytes`);
  }
  const keys = tokenKeysOf(iam);
  if (keys === undefined || !tokenMacMatches(token, keys)) {
    return fail(HksErr.KEY_AUTH_VERIFY_FAILED, 'the token MAC does not verify');
  }

  const header = readTokenHeader(token);
  const coAuth = properties.getNumber(T.HUKS_TAG_USER_AUTH_MODE)
    === HuksUserAuthMode.HUKS_USER_AUTH_MODE_COAUTH;
  if (header.tokenType > 2 || (header.tokenType === 2 && !coAuth)) {
    fail(HksErr.NOT_SUPPORTED, `token type ${header.tokenType}`);
  }
  const secret = openTokenSecret(token, keys);
  if (secret === undefined) return fail(HksErr.CRYPTO_ENGINE_ERROR, 'the token does not decrypt');

  checkFreshness(gate, header.challenge, header.time, properties);

  const authType = huksTypeOfIam(header.authType);
  if (authType === undefined) {
    return fail(HksErr.NOT_SUPPORTED, `token auth type ${header.authType}`);
  }
  const keyAuthType = properties.getNumber(T.HUKS_TAG_USER_AUTH_TYPE) ?? 0;
  if ((authType & keyAuthType) === 0) {
    fail(HksErr.KEY_AUTH_VERIFY_FAILED, `auth type ${authType} is not one of ${keyAuthType}`);
  }

  checkStillValid(properties, authType, secret);
  return { authType, enrolledId: secret.enrolledId, credentialId: secret.credentialId };
}

/** Step 6: the challenge (NORMAL, CUSTOM slot) or the time window (NONE). */
function checkFreshness(gate: AccessGate, challenge: Uint8Array, time: bigint,
  properties: ParamSet): void {
  if (gate.challengeType === C.HUKS_CHALLENGE_TYPE_NONE) {
    const timeout = properties.getNumber(T.HUKS_TAG_AUTH_TIMEOUT) ?? DEFAULT_AUTH_TIMEOUT;
    const issued = Number(time / 1000n);
    if (Math.abs(gate.accessTime - issued) > timeout) {
      fail(HksErr.KEY_AUTH_TIME_OUT, `token of second ${issued}, init at ${gate.accessTime}`);
    }
    return;
  }
  const [from, to] = gate.challengeType === C.HUKS_CHALLENGE_TYPE_CUSTOM
    ? [gate.position! * SLOT, gate.position! * SLOT + SLOT] : [0, gate.challenge.length];
  if (!sameBytes(challenge.subarray(from, to), gate.challenge.subarray(from, to))) {
    fail(HksErr.KEY_AUTH_FAILED, 'the token is for another challenge');
  }
}

/** Step 10 (§6.4): the stored access type decides what may have changed since generation. */
function checkStillValid(properties: ParamSet, authType: number, secret: TokenSecret): void {
  const access = properties.getNumber(T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE) ?? 0;
  if (access === X.HUKS_AUTH_ACCESS_ALWAYS_VALID) {
    const bound = properties.getNumber(I.HKS_TAG_SPECIFIC_USER_ID)
      ?? properties.getNumber(I.HKS_TAG_FRONT_USER_ID);
    if (bound === undefined) fail(HksErr.BAD_STATE, 'the key has no bound user');
    if (secret.userId !== bound) fail(HksErr.KEY_AUTH_PERMANENTLY_INVALIDATED, 'another user');
    return;
  }
  // openhuks decision (§6.4): CLEAR_PASSWORD|NEW_BIO_ENROLL (3) checks both.
  if ((access & X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD) !== 0) {
    const stored = properties.getBytes(I.HKS_TAG_USER_AUTH_SECURE_UID);
    if (stored === undefined) fail(HksErr.BAD_STATE, 'the key has no secure UID');
    if (decodeSecureUid(stored!) !== secret.secureUid) {
      fail(HksErr.KEY_AUTH_PERMANENTLY_INVALIDATED, 'the password was cleared since generation');
    }
  }
  const keyAuthType = properties.getNumber(T.HUKS_TAG_USER_AUTH_TYPE) ?? 0;
  const biometric = H.HUKS_USER_AUTH_TYPE_FACE | H.HUKS_USER_AUTH_TYPE_FINGERPRINT;
  const newBio = (access & X.HUKS_AUTH_ACCESS_INVALID_NEW_BIO_ENROLL) !== 0;
  if (newBio && (keyAuthType & biometric) !== 0) {
    const stored = properties.getBytes(I.HKS_TAG_USER_AUTH_ENROLL_ID_INFO);
    if (stored === undefined) fail(HksErr.BAD_STATE, 'the key has no enrolled ids');
    const known = decodeEnrollInfo(stored!).some(
      (e) => e.authType === authType && e.enrolledId === secret.enrolledId);
    if (!known) fail(HksErr.KEY_AUTH_PERMANENTLY_INVALIDATED, 'a credential was enrolled since');
  }
}

/** No identity service, no AT keys: nothing verifies (step 3). */
function tokenKeysOf(iam: UserIamPort): TokenKeys | undefined {
  try {
    return iam.tokenKeys();
  } catch (err) {
    if (err instanceof IamQueryError) return undefined;
    throw err;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
