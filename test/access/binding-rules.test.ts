// The access-control rules over a scripted UserIAM port: the answers the emulator cannot give
// on its own (security info failing while credential counts succeed, too many entries, a
// "not enrolled" result), and the core without any identity service.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  HuksAuthAccessType as X, HuksKeyAlg as A, HuksKeyPurpose as U, HuksTag as T, InternalTag as I,
} from '../../src/common/enums.js';
import { accessTypeAccepted } from '../../src/core/access/auth-policy.js';
import { bindUserAuth } from '../../src/core/access/auth-binding.js';
import { decodeEnrollInfo } from '../../src/core/access/enroll-info.js';
import {
  IamQueryError, type SecurityInfo, type UserIamPort,
} from '../../src/core/access/iam-port.js';
import { createKeystoreCore } from '../../src/core/keystore-core.js';
import { HksErr, HuksFailure, toExternal } from '../../src/errors/failure.js';
import { ParamSet } from '../../src/params/param-set.js';

function port(overrides: Partial<UserIamPort> = {}): UserIamPort {
  const info: SecurityInfo = { secureUid: 0x1122n, enrolled: [
    { iamType: 1, enrolledId: 7n }, { iamType: 2, enrolledId: 8n }, { iamType: 4, enrolledId: 9n },
  ] };
  return {
    credentialCount: () => 1,
    securityInfo: () => info,
    foregroundUser: () => 100,
    now: () => 0,
    tokenKeys: () => ({ macKey: new Uint8Array(32), cipherKey: new Uint8Array(32) }),
    ...overrides,
  };
}

function pinKey(access: number = X.HUKS_AUTH_ACCESS_INVALID_CLEAR_PASSWORD): ParamSet {
  return new ParamSet([
    { tag: T.HUKS_TAG_ALGORITHM, value: A.HUKS_ALG_HMAC },
    { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_MAC },
    { tag: T.HUKS_TAG_USER_AUTH_TYPE, value: 4 },
    { tag: T.HUKS_TAG_KEY_AUTH_ACCESS_TYPE, value: access },
    { tag: T.HUKS_TAG_CHALLENGE_TYPE, value: 0 },
  ]);
}

function refused(run: () => unknown, internal: number, code: number, message: string): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof HuksFailure, String(err));
    assert.equal(err.internal, internal, err.message);
    assert.deepEqual(toExternal(err.internal), { code, message });
    return true;
  });
}

const SEC_INFO = 'Failed to obtain the security information via UserIAM.';
const AUTH_INFO = 'Failed to obtain the authentication information via UserIAM.';

describe('binding rules against UserIAM answers (access-control.md §3 item 9, §9.1)', () => {
  it('records the secure UID and the enrolled ids in HUKS encoding', () => {
    const bound = bindUserAuth(pinKey(), { userId: 100 }, port());
    const uid = bound.getBytes(I.HKS_TAG_USER_AUTH_SECURE_UID)!;
    assert.equal(Buffer.from(uid).readBigUInt64LE(0), 0x1122n);
    const entries = decodeEnrollInfo(bound.getBytes(I.HKS_TAG_USER_AUTH_ENROLL_ID_INFO)!);
    // IAM PIN 1 -> HUKS 4, FACE 2 -> 2, FINGERPRINT 4 -> 1.
    assert.deepEqual(entries, [{ authType: 4, enrolledId: 7n }, { authType: 2, enrolledId: 8n },
      { authType: 1, enrolledId: 9n }]);
  });

  it('replaces binding tags a caller sent with its own', () => {
    const forged = pinKey().with({ tag: I.HKS_TAG_USER_AUTH_SECURE_UID,
      value: new Uint8Array(8) });
    const bound = bindUserAuth(forged, { userId: 100 }, port());
    assert.equal(Buffer.from(bound.getBytes(I.HKS_TAG_USER_AUTH_SECURE_UID)!).readBigUInt64LE(0),
      0x1122n);
    const ordinary = new ParamSet([{ tag: I.HKS_TAG_FRONT_USER_ID, value: 5 }]);
    assert.equal(bindUserAuth(ordinary, { userId: 100 }, port()).has(I.HKS_TAG_FRONT_USER_ID),
      false);
  });

  it('12000015 (security information) when GetSecUserInfo fails, is empty or too long', () => {
    const failing = port({ securityInfo: () => {
      throw new IamQueryError('failed', 'down');
    } });
    refused(() => bindUserAuth(pinKey(), { userId: 100 }, failing),
      HksErr.GET_USERIAM_SECINFO_FAILED, 12000015, SEC_INFO);
    const empty = port({ securityInfo: () => ({ secureUid: 1n, enrolled: [] }) });
    refused(() => bindUserAuth(pinKey(), { userId: 100 }, empty),
      HksErr.GET_USERIAM_SECINFO_FAILED, 12000015, SEC_INFO);
    const many = Array.from({ length: 257 }, (_, i) => ({ iamType: 1, enrolledId: BigInt(i) }));
    const long = port({ securityInfo: () => ({ secureUid: 1n, enrolled: many }) });
    refused(() => bindUserAuth(pinKey(), { userId: 100 }, long),
      HksErr.GET_USERIAM_SECINFO_FAILED, 12000015, SEC_INFO);
  });

  it('"not enrolled" reads as 12000013, any other credential-info failure as 12000015', () => {
    const notEnrolled = port({ credentialCount: () => {
      throw new IamQueryError('not-enrolled', 'none');
    } });
    refused(() => bindUserAuth(pinKey(), { userId: 100 }, notEnrolled),
      HksErr.CREDENTIAL_NOT_EXIST, 12000013, 'The credential does not exist.');
    const down = port({ credentialCount: () => {
      throw new IamQueryError('failed', 'down');
    } });
    refused(() => bindUserAuth(pinKey(), { userId: 100 }, down),
      HksErr.GET_USERIAM_AUTHINFO_FAILED, 12000015, AUTH_INFO);
  });

  it('ALWAYS_VALID keys of system user 0 bind the foreground user', () => {
    const bound = bindUserAuth(pinKey(X.HUKS_AUTH_ACCESS_ALWAYS_VALID), { userId: 0 },
      port({ foregroundUser: () => 104 }));
    assert.equal(bound.getNumber(I.HKS_TAG_FRONT_USER_ID), 104);
  });

  it('a core without an identity service refuses to bind (12000015)', () => {
    const core = createKeystoreCore({ offload: false });
    refused(() => core.bindUserAuth(pinKey(), { userId: 100 }),
      HksErr.GET_USERIAM_AUTHINFO_FAILED, 12000015, AUTH_INFO);
  });
});

describe('access-type rule (§3 item 5) edge values', () => {
  it('refuses zero, unknown bits and ALWAYS_VALID with another bit', () => {
    for (const access of [0, 8, 5, 6, 7, 12]) assert.equal(accessTypeAccepted(7, access), false);
    assert.equal(accessTypeAccepted(32 | 4, 1), false);
    assert.equal(accessTypeAccepted(33, 4), true);
  });
});
