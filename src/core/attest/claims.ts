import {
  HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPadding as Pad, HuksKeyPurpose as Pur, HuksTag as T,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { appIdValue, booleanTrue, octetString, utf8String, type Claim } from './claims-der.js';
import { AppKindOid, ClaimLevel as L, ClaimOid as O } from './oids.js';

/**
 * The claims of the attestation extension in the §5.3 emission order (attestation.md), from
 * the request, the attested key's stored properties and the caller's identity.
 */

/** Who asked for the attestation, as the application-id claim describes it (§5.3). */
export interface AttestedCaller {
  /** Bundle name (apps) or process name (system services). */
  readonly name: string;
  /** A system app, or a system service with APL system_basic. */
  readonly isSystem: boolean;
  /** A system service (user 0 in openhuks) rather than an application. */
  readonly isService: boolean;
}

/**
 * The emulated device's product model. The service adds it to every request, so each
 * certificate carries a MODEL claim (§2).
 */
export const DEVICE_MODEL = 'openhuks';

/** Device-identity claims: request tag, claim OID, in emission order (§5.3 rows 4-13). */
const DEVICE_ID_CLAIMS: ReadonlyArray<readonly [number, string]> = [
  [T.HUKS_TAG_ATTESTATION_ID_BRAND, O.BRAND],
  [T.HUKS_TAG_ATTESTATION_ID_DEVICE, O.DEVICE],
  [T.HUKS_TAG_ATTESTATION_ID_PRODUCT, O.PRODUCT],
  [T.HUKS_TAG_ATTESTATION_ID_SERIAL, O.SERIAL],
  [T.HUKS_TAG_ATTESTATION_ID_IMEI, O.IMEI],
  [T.HUKS_TAG_ATTESTATION_ID_MEID, O.MEID],
  [T.HUKS_TAG_ATTESTATION_ID_MANUFACTURER, O.MANUFACTURER],
  [T.HUKS_TAG_ATTESTATION_ID_MODEL, O.MODEL],
  [T.HUKS_TAG_ATTESTATION_ID_SOCID, O.SOCID],
  [T.HUKS_TAG_ATTESTATION_ID_UDID, O.UDID],
];

const SIGN_OR_VERIFY = Pur.HUKS_KEY_PURPOSE_SIGN | Pur.HUKS_KEY_PURPOSE_VERIFY;
const ENCRYPT_OR_DECRYPT = Pur.HUKS_KEY_PURPOSE_ENCRYPT | Pur.HUKS_KEY_PURPOSE_DECRYPT;

/**
 * The claims for one attestation. `request` already holds the challenge (checked present) and
 * the service's MODEL; `key` is the attested key's stored properties.
 * @throws HuksFailure -3 (401) when a device-identity value is not UTF-8 text: the claim is a
 *   UTF8String, and standard DER admits no other bytes there.
 */
export function buildClaims(request: ParamSet, key: ParamSet, caller: AttestedCaller): Claim[] {
  const claims: Claim[] = [];
  const add = (level: number, oid: string, value: Uint8Array): void => {
    claims.push({ level, oid, value });
  };
  const bytes = (tag: number): Uint8Array | undefined => request.getBytes(tag);

  add(L.LOW, O.CHALLENGE, octetString(bytes(T.HUKS_TAG_ATTESTATION_CHALLENGE)!));
  const keyId = bytes(T.HUKS_TAG_ATTESTATION_ID_ALIAS);
  if (keyId !== undefined) add(L.HIGH, O.KEY_ID, octetString(keyId));
  add(L.HIGH, O.APPLICATION_ID, applicationId(caller));
  for (const [tag, oid] of DEVICE_ID_CLAIMS) {
    const value = bytes(tag);
    if (value !== undefined) add(L.SUPER, oid, utf8String(utf8Text(value, tag)));
  }
  const secLevel = bytes(T.HUKS_TAG_ATTESTATION_ID_SEC_LEVEL_INFO);
  if (secLevel !== undefined) add(L.SUPER, O.SEC_LEVEL_INFO, octetString(secLevel));
  const version = bytes(T.HUKS_TAG_ATTESTATION_ID_VERSION_INFO);
  if (version !== undefined) add(L.SUPER, O.VERSION_INFO, octetString(version));

  add(L.HIGH, O.SECURE_SIGN_TYPE, u32(key.getNumber(T.HUKS_TAG_KEY_SECURE_SIGN_TYPE) ?? 0));
  add(L.HIGH, O.KEY_FLAG, u32(key.getNumber(T.HUKS_TAG_KEY_FLAG) ?? 0));
  const groups = groupClaims(key);
  for (const oid of groups) add(L.HIGH, oid, booleanTrue());
  if (groups.length === 0) {
    const algorithm = key.getNumber(T.HUKS_TAG_ALGORITHM);
    add(L.HIGH, O.USAGE, u32(key.getNumber(T.HUKS_TAG_PURPOSE) ?? 0));
    add(L.HIGH, O.DIGEST, u32(key.getNumber(T.HUKS_TAG_DIGEST) ?? D.HUKS_DIGEST_NONE));
    if (algorithm !== A.HUKS_ALG_RSA && algorithm !== A.HUKS_ALG_SM2) {
      add(L.HIGH, O.PADDING, u32(key.getNumber(T.HUKS_TAG_PADDING) ?? Pad.HUKS_PADDING_NONE));
    }
  }
  return claims;
}

/**
 * §5.3 group claims: the signature group first, then the encryption group; both can fire.
 * The reference reuses the ECDSA-SHA256 group for SM2-SM3 (§9), and so does openhuks.
 */
function groupClaims(key: ParamSet): string[] {
  const algorithm = key.getNumber(T.HUKS_TAG_ALGORITHM);
  const purpose = key.getNumber(T.HUKS_TAG_PURPOSE) ?? 0;
  const digest = key.getNumber(T.HUKS_TAG_DIGEST);
  const padding = key.getNumber(T.HUKS_TAG_PADDING);
  const groups: string[] = [];

  const signDigest = digest === D.HUKS_DIGEST_SHA256 || digest === D.HUKS_DIGEST_SM3;
  if ((purpose & SIGN_OR_VERIFY) !== 0 && signDigest) {
    if (algorithm === A.HUKS_ALG_RSA && padding === Pad.HUKS_PADDING_PSS) {
      groups.push(O.GROUP_RSA_PSS_SHA256);
    } else if (algorithm === A.HUKS_ALG_ECC && (padding ?? Pad.HUKS_PADDING_NONE) === 0) {
      groups.push(O.GROUP_ECDSA_SHA256);
    } else if (algorithm === A.HUKS_ALG_SM2) {
      groups.push(O.GROUP_ECDSA_SHA256);
    }
  }
  const oaep = algorithm === A.HUKS_ALG_RSA && padding === Pad.HUKS_PADDING_OAEP;
  if ((purpose & ENCRYPT_OR_DECRYPT) !== 0 && oaep) {
    groups.push(digest === D.HUKS_DIGEST_SHA256 ? O.GROUP_RSA_OAEP_SHA256 : O.GROUP_RSA_OAEP);
  }
  return groups;
}

/**
 * §5.3 application-id JSON, compact, keys in the spec's order. openhuks apps are not signed:
 * there is no signing certificate to extend the appId with and no store identifier, so appId
 * is the bundle name, appIdentifier is empty and appMode is "debug" (an unsigned build).
 */
function applicationId(caller: AttestedCaller): Uint8Array {
  if (caller.isService) {
    // Services without APL system_basic/system_core get both values empty (§5.3).
    const json = caller.isSystem
      ? { processName: caller.name, APL: 'system_basic' }
      : { processName: '', APL: '' };
    return appIdValue(AppKindOid.SYSTEM_SERVICE, JSON.stringify(json));
  }
  const json = { appId: caller.name, bundleName: caller.name, appIdentifier: '', appMode: 'debug' };
  return appIdValue(AppKindOid.APPLICATION, JSON.stringify(json));
}

/** A u32 little-endian in an OCTET STRING (§5.3 rows 16-21). */
function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return octetString(out);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8Text(value: Uint8Array, tag: number): string {
  try {
    return UTF8.decode(value);
  } catch {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `attestation ID tag ${tag} is not UTF-8 text`);
  }
}
