import { HuksKeyAlg as A, HuksTag as T, InternalTag as I } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';

/**
 * The checks of an attestation request (attestation.md §1-§3, §7), split as the reference
 * splits them: the permission checks of the IPC layer come before the key is read, the
 * request and key checks of the core after.
 */

/** The OpenHarmony permissions attestation checks (§1). */
export const Permission = Object.freeze({
  ATTEST_KEY: 'ohos.permission.ATTEST_KEY',
  ACCESS_IDS: 'ohos.permission.ACCESS_IDS',
} as const);

/** Which certificate chain a request asks for (§4). */
export type AttestationMode = 'standard' | 'anonymous' | 'offline';

/** HKS_TAG_ATTESTATION_MODE values (tags.md §3). */
const MODE_DEFAULT = 0;
const MODE_ANONYMOUS = 1;
/** HKS_TAG_ANONYMOUS_ATTESTATION_MODE: the offline value the client library adds. */
const ANONYMOUS_OFFLINE = 1;

/** Device-identity tags whose presence needs ACCESS_IDS (§2: 503-510, 512, 513). */
export const DEVICE_ID_TAGS: readonly number[] = [
  T.HUKS_TAG_ATTESTATION_ID_BRAND,
  T.HUKS_TAG_ATTESTATION_ID_DEVICE,
  T.HUKS_TAG_ATTESTATION_ID_PRODUCT,
  T.HUKS_TAG_ATTESTATION_ID_SERIAL,
  T.HUKS_TAG_ATTESTATION_ID_IMEI,
  T.HUKS_TAG_ATTESTATION_ID_MEID,
  T.HUKS_TAG_ATTESTATION_ID_MANUFACTURER,
  T.HUKS_TAG_ATTESTATION_ID_MODEL,
  T.HUKS_TAG_ATTESTATION_ID_SOCID,
  T.HUKS_TAG_ATTESTATION_ID_UDID,
];

/** Curves HUKS attests (§3): ECC key sizes; SM2 is 256 only. */
const ECC_SIZES = new Set([256, 384, 521]);
const SM2_SIZE = 256;

/**
 * The permissions an openhuks caller holds. Identities carry no permission list, so they
 * follow the reference's grading: ACCESS_IDS is a system_core permission that only system
 * apps get; ATTEST_KEY (system_basic, grantable to ordinary apps through the ACL) is held by
 * every app, because an emulator that refused it would refuse attestKeyItem to every app.
 */
export function permissionsOf(isSystem: boolean): ReadonlySet<string> {
  const granted: string[] = [Permission.ATTEST_KEY];
  if (isSystem) granted.push(Permission.ACCESS_IDS);
  return new Set(granted);
}

/**
 * The IPC layer's checks (§1, §7): non-anonymous attestation needs ATTEST_KEY, and any
 * device-identity tag needs ACCESS_IDS, in either mode.
 * @throws HuksFailure -5 (201) naming the missing permission.
 */
export function checkAttestPermissions(params: ParamSet, granted: ReadonlySet<string>): void {
  const mode = params.getNumber(I.HKS_TAG_ATTESTATION_MODE) ?? MODE_DEFAULT;
  if (mode === MODE_DEFAULT && !granted.has(Permission.ATTEST_KEY)) {
    throw new HuksFailure(HksErr.NO_PERMISSION, `attestKeyItem needs ${Permission.ATTEST_KEY}`);
  }
  const idTag = DEVICE_ID_TAGS.find((tag) => params.has(tag));
  if (idTag !== undefined && !granted.has(Permission.ACCESS_IDS)) {
    throw new HuksFailure(
      HksErr.NO_PERMISSION,
      `attestation ID tag ${idTag} needs ${Permission.ACCESS_IDS}`,
    );
  }
}

/**
 * The core's checks of a request against the stored key, in the reference's order: the legacy
 * certificate type, the mode, the key's algorithm and size, the tags the service adds itself,
 * then the challenge.
 * @throws HuksFailure -4 (12000001) for HKS_TAG_ATTESTATION_CERT_TYPE or an unsupported curve or
 *   size; -3 (401) for an unknown mode, a key that cannot be attested (AES, HMAC, DSA, ...), a
 *   caller-supplied APPLICATION_ID or MODEL (duplicates of the service's), a missing or empty
 *   challenge.
 */
export function checkAttestRequest(params: ParamSet, key: ParamSet): AttestationMode {
  if (params.has(I.HKS_TAG_ATTESTATION_CERT_TYPE)) {
    throw new HuksFailure(HksErr.NOT_SUPPORTED, 'legacy attestation certificate types');
  }
  const mode = modeOf(params);
  checkAttestable(key);
  // The service fills these two itself (§2); a caller's copy would appear twice.
  for (const tag of [T.HUKS_TAG_ATTESTATION_APPLICATION_ID, T.HUKS_TAG_ATTESTATION_ID_MODEL]) {
    if (params.has(tag)) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} is added by the service`);
    }
  }
  // openhuks follows the spec's recommendation and refuses an empty challenge too (§2).
  const challenge = params.getBytes(T.HUKS_TAG_ATTESTATION_CHALLENGE);
  if (challenge === undefined || challenge.length === 0) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'HUKS_TAG_ATTESTATION_CHALLENGE missing');
  }
  return mode;
}

function modeOf(params: ParamSet): AttestationMode {
  const mode = params.getNumber(I.HKS_TAG_ATTESTATION_MODE) ?? MODE_DEFAULT;
  if (mode === MODE_DEFAULT) return 'standard';
  if (mode !== MODE_ANONYMOUS) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `attestation mode ${mode}`);
  }
  const anonymous = params.getNumber(I.HKS_TAG_ANONYMOUS_ATTESTATION_MODE);
  if (anonymous === undefined) return 'anonymous';
  if (anonymous !== ANONYMOUS_OFFLINE) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `anonymous attestation mode ${anonymous}`);
  }
  return 'offline';
}

/** §3: RSA, ECC (P-256/384/521), X25519, Ed25519 and SM2 (256), generated or imported. */
function checkAttestable(key: ParamSet): void {
  const algorithm = key.getNumber(T.HUKS_TAG_ALGORITHM);
  const size = key.getNumber(T.HUKS_TAG_KEY_SIZE);
  switch (algorithm) {
    case A.HUKS_ALG_RSA:
    case A.HUKS_ALG_X25519:
    case A.HUKS_ALG_ED25519:
      return;
    case A.HUKS_ALG_ECC:
      if (size === undefined || !ECC_SIZES.has(size)) unsupportedSize('ECC', size);
      return;
    case A.HUKS_ALG_SM2:
      if (size !== SM2_SIZE) unsupportedSize('SM2', size);
      return;
    default:
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `algorithm ${algorithm} cannot be attested`);
  }
}

function unsupportedSize(family: string, size: number | undefined): never {
  throw new HuksFailure(HksErr.NOT_SUPPORTED, `${family} key size ${size} cannot be attested`);
}
