import type { TokenKeys } from '../../iam/auth-token.js';

/**
 * What the keystore core asks the user identity service (access-control.md §9.1), plus the two
 * things they share: the AT keys and the monotonic clock. The core depends on this interface
 * only; src/iam/identity-service.ts implements it over a data directory, tests may pass
 * their own. Failures are IamQueryError; the core maps them to its codes.
 */
export interface UserIamPort {
  /**
   * GetCredentialInfo: the number of enrolled credentials of a type for an OS user.
   * @param iamType IAM encoding (PIN 1, FACE 2, FINGERPRINT 4)
   * @throws IamQueryError 'not-enrolled' when there is none, 'failed' when the service fails
   */
  credentialCount(userId: number, iamType: number): number;
  /**
   * GetSecUserInfo: the secure UID and the enrolled ids per type (IAM encoding).
   * @throws IamQueryError 'failed' when the service fails, 'no-credential' without a PIN
   */
  securityInfo(userId: number): SecurityInfo;
  /** The foreground OS user (HKS_TAG_FRONT_USER_ID for ALWAYS_VALID keys, §3 item 10). */
  foregroundUser(): number;
  /** Milliseconds on the monotonic clock the token `time` uses (§6.2). */
  now(): number;
  /** The AT keys (§6.2); only the identity service and the core hold them. */
  tokenKeys(): TokenKeys;
}

export interface SecurityInfo {
  readonly secureUid: bigint;
  readonly enrolled: readonly { readonly iamType: number; readonly enrolledId: bigint }[];
}

export type IamQueryFailure = 'not-enrolled' | 'no-credential' | 'failed';

/** A UserIAM query that did not answer (the reference's UserIAM result codes, reduced). */
export class IamQueryError extends Error {
  constructor(readonly reason: IamQueryFailure, message: string) {
    super(message);
    this.name = 'IamQueryError';
  }
}

/**
 * The port of a keystore without an identity service (a core built with no `iam`): every
 * query fails as a UserIAM call would that cannot reach its service, so binding a key to user
 * authentication fails with 12000015 and no token can verify (no AT keys exist to check it).
 */
export const NO_IDENTITY_SERVICE: UserIamPort = {
  credentialCount() {
    throw new IamQueryError('failed', 'no identity service');
  },
  securityInfo() {
    throw new IamQueryError('failed', 'no identity service');
  },
  foregroundUser() {
    return 100;
  },
  now() {
    return Number(process.hrtime.bigint() / 1_000_000n);
  },
  tokenKeys() {
    throw new IamQueryError('failed', 'no identity service');
  },
};
