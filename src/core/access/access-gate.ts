import { randomBytes } from 'node:crypto';

import { HuksChallengeType as C, HuksTag as T, InternalTag as I } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { CHALLENGE_SIZE } from '../../iam/auth-token.js';
import { checkSymmetricAuthPurpose, isUserAuthKey, purposeNeedsAuth } from './auth-policy.js';
import { checkDevicePassword } from './auth-binding.js';
import type { UserIamPort } from './iam-port.js';

/** What initSession fixes for the token check of a user-auth session (access-control.md §5). */
export interface AccessGate {
  /** 32 random bytes, fresh per init. */
  readonly challenge: Uint8Array;
  readonly challengeType: number;
  /** CUSTOM only: the 8-byte slot compared (0..3). */
  readonly position: number | undefined;
  /** floor(monotonic ms / 1000) at init: the reference point of CHALLENGE_TYPE_NONE. */
  readonly accessTime: number;
}

/** §5 step 4: four 8-byte slots. */
const MAX_CHALLENGE_POS = 3;

/**
 * Whether a key is outside both checks of an init: no IS_DEVICE_PASSWORD_SET = true and no
 * user auth. Then checkPasswordAtInit and openAccessGate return undefined whatever the request,
 * which lets a memo of the key (crypto/family.ts PreparedKey) skip them.
 */
export function hasNoAccessControl(properties: ParamSet): boolean {
  return properties.getBool(T.HUKS_TAG_IS_DEVICE_PASSWORD_SET) !== true
    && !isUserAuthKey(properties);
}

/**
 * sessions.md §2.3 step 5 (runs before the policy checks): a key flagged
 * IS_DEVICE_PASSWORD_SET needs its user's PIN. Returns that user, for the same check at every
 * update and finish, or undefined when the key has no such flag.
 * @throws HuksFailure -139 (12000016), -41 (12000015)
 */
export function checkPasswordAtInit(properties: ParamSet, iam: UserIamPort): number | undefined {
  if (properties.getBool(T.HUKS_TAG_IS_DEVICE_PASSWORD_SET) !== true) return undefined;
  const userId = keyUserOf(properties);
  checkDevicePassword(iam, userId);
  return userId;
}

/**
 * §5 (sessions.md §2.3 step 7): whether this session needs a token, and if so its challenge
 * and init time. The KEY_AUTH_PURPOSE restriction of §3 item 8 is re-applied to the init
 * parameters first.
 * @throws HuksFailure -4 (12000001), -3 (401) for CUSTOM without a CHALLENGE_POS or one > 3,
 *   -2 (12000012) for a stored key without its challenge type
 */
export function openAccessGate(properties: ParamSet, initParams: ParamSet, purpose: number,
  iam: UserIamPort): AccessGate | undefined {
  if (!isUserAuthKey(properties)) return undefined;
  if (properties.has(T.HUKS_TAG_KEY_AUTH_PURPOSE)) {
    checkSymmetricAuthPurpose(properties.getNumber(T.HUKS_TAG_ALGORITHM), initParams);
  }
  if (!purposeNeedsAuth(properties, purpose)) return undefined;

  const challengeType = properties.getNumber(T.HUKS_TAG_CHALLENGE_TYPE);
  if (challengeType === undefined) {
    throw new HuksFailure(HksErr.BAD_STATE, 'the user-auth key has no challenge type');
  }
  let position: number | undefined;
  if (challengeType === C.HUKS_CHALLENGE_TYPE_CUSTOM) {
    position = initParams.getNumber(T.HUKS_TAG_CHALLENGE_POS);
    if (position === undefined) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'a CUSTOM challenge needs CHALLENGE_POS');
    }
    if (position > MAX_CHALLENGE_POS || position < 0) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `CHALLENGE_POS ${position}`);
    }
  }
  return {
    challenge: new Uint8Array(randomBytes(CHALLENGE_SIZE)),
    challengeType,
    position,
    accessTime: Math.floor(iam.now() / 1000),
  };
}

/** §7: the key's user, SPECIFIC_USER_ID if stored, else USER_ID. */
export function keyUserOf(properties: ParamSet): number {
  const user = properties.getNumber(I.HKS_TAG_SPECIFIC_USER_ID)
    ?? properties.getNumber(T.HUKS_TAG_USER_ID);
  if (user === undefined) throw new HuksFailure(HksErr.BAD_STATE, 'the key has no user');
  return user;
}
