// Shared set-up of the user-auth suites: a keystore on a temporary home (in process, or through
// the daemon with HUKS_TEST_TARGET=daemon) and the identity service of that same home.
import assert from 'node:assert/strict';

import type { HuksParam } from '../../src/api/types.js';
import {
  HuksAuthAccessType as X, HuksChallengeType as C, HuksKeyAlg as A, HuksKeyDigest as D,
  HuksKeyPurpose as U, HuksTag as T, HuksUserAuthType as H,
} from '../../src/common/enums.js';
import { openIam, type IdentityService } from '../../src/iam/index.js';
import type { HuksNamespace } from '../../src/index.js';
import { tempHuks } from '../helpers/instance.js';

export { A, C, D, H, T, U, X };

export interface Device {
  readonly huks: HuksNamespace;
  readonly iam: IdentityService;
  readonly home: string;
  cleanup(): Promise<void>;
}

/** A keystore and its identity service; user 100 has PIN 123456 unless `pin` is false. */
export function device(options: { pin?: boolean; userId?: number } = {}): Device {
  const temp = tempHuks(options.userId === undefined ? {} : { userId: options.userId });
  const iam = openIam({ home: temp.home });
  if (options.pin !== false) iam.setPin(PIN, { userId: options.userId ?? 100 });
  return { huks: temp.huks, iam, home: temp.home, cleanup: () => temp.cleanup() };
}

export const PIN = '123456';

/** HMAC-SHA256: the same properties serve generation (with KEY_SIZE), init, update, finish. */
export const MAC_USE: HuksParam[] = [
  { tag: T.HUKS_TAG_ALGORITHM, value: A.HUKS_ALG_HMAC },
  { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_MAC },
  { tag: T.HUKS_TAG_DIGEST, value: D.HUKS_DIGEST_SHA256 },
];

/** An HMAC key bound to `authType` with the given access and challenge types, plus `extra`. */
export function macKey(authType: number | undefined, access: number | undefined,
  challenge: number | undefined, extra: HuksParam[] = []): HuksParam[] {
  const out: HuksParam[] = [...MAC_USE, { tag: T.HUKS_TAG_KEY_SIZE, value: 256 }];
  if (authType !== undefined) out.push({ tag: T.HUKS_TAG_USER_AUTH_TYPE, value: authType });
  if (access !== undefined) out.push({ tag: T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE, value: access });
  if (challenge !== undefined) out.push({ tag: T.HUKS_TAG_CHALLENGE_TYPE, value: challenge });
  return [...out, ...extra];
}

/** A PIN-bound HMAC key: CLEAR_PASSWORD, NORMAL challenge. */
export function pinKey(extra: HuksParam[] = []): HuksParam[] {
  return macKey(H.HUKS_USER_AUTH_TYPE_PIN, X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD,
    C.HUKS_CHALLENGE_TYPE_NORMAL, extra);
}

/** Asserts a rejection with exactly this code and message. */
export async function rejects(promise: Promise<unknown>, code: number, message: string,
  what = ''): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    const e = err as { code?: unknown; message?: unknown };
    assert.equal(e.code, code, `${what}: ${String(e.message)}`);
    assert.equal(e.message, message, what);
    return true;
  });
}

/** The messages of errors.md §4 these suites meet. */
export const Msg = Object.freeze({
  NO_ACCESS: 'Failed to obtain the access type. It is not set in ParamSet.',
  NO_CHALLENGE_TYPE: 'Failed to obtain the challenge type. It is not set in ParamSet.',
  NO_TOKEN: 'Failed to obtain the authentication token. It is not set in ParamSet.',
  BAD_TOKEN: 'Invalid authentication token.',
  BAD_AUTH_TYPE: 'Invalid authentication type.',
  BAD_CHALLENGE_TYPE: 'Invalid challenge type.',
  BAD_ACCESS: 'Invalid access type.',
  BAD_TIMEOUT: 'Invalid timeout parameter.',
  BAD_SECURE_SIGN: 'Invalid secure sign type.',
  INVALID: 'Invalid parameters.',
  NOT_SUPPORTED: 'The feature is not support.',
  AUTH_TYPE_NOT_SUPPORTED: 'The user authentication type is not supported.',
  INVALID_PURPOSE: 'Invalid key purpose.',
  CRYPTO: 'Crypto engine error.',
  INVALIDATED: 'This credential is invalidated permanently.',
  VERIFY_FAILED: 'The authentication token verification failed.',
  TIMED_OUT: 'This authentication token timed out.',
  NO_HANDLE: 'The entity does not exist.',
  FAILED: 'HUKS operation failed.',
  NO_CREDENTIAL: 'The credential does not exist.',
  IAM_AUTH_INFO: 'Failed to obtain the authentication information via UserIAM.',
  IAM_SEC_INFO: 'Failed to obtain the security information via UserIAM.',
  NO_PASSWORD: 'A device password is required but not set.',
  INVALID_ARGUMENT: 'The input parameter is invalid.',
});
