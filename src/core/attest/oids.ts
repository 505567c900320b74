/**
 * The OIDs of the HUKS attestation extension (attestation.md §5.2-§5.3). P is the HUKS arc
 * 1.3.6.1.4.1.2011.2.376; every claim type below hangs off it.
 */

const P = '1.3.6.1.4.1.2011.2.376';

/** The certificate extension that carries the AttestationClaims (§5.2 item 3). */
export const ATTESTATION_EXTENSION_OID = `${P}.1.3`;

/** The claim types of §5.3, named after what they carry. */
export const ClaimOid = Object.freeze({
  USAGE: `${P}.2.1.1`,
  KEY_ID: `${P}.2.1.2`,
  APPLICATION_ID: `${P}.2.1.3`,
  CHALLENGE: `${P}.2.1.4`,
  KEY_FLAG: `${P}.2.1.5`,
  DIGEST: `${P}.2.1.8`,
  PADDING: `${P}.2.1.9`,
  SECURE_SIGN_TYPE: `${P}.2.1.11`,
  VERSION_INFO: `${P}.2.2.2.4`,
  SEC_LEVEL_INFO: `${P}.2.2.2.5`,
  IMEI: `${P}.2.2.4.1`,
  MEID: `${P}.2.2.4.2`,
  SERIAL: `${P}.2.2.4.3`,
  BRAND: `${P}.2.2.4.4`,
  DEVICE: `${P}.2.2.4.5`,
  PRODUCT: `${P}.2.2.4.6`,
  MANUFACTURER: `${P}.2.2.4.7`,
  MODEL: `${P}.2.2.4.8`,
  SOCID: `${P}.2.2.4.9`,
  UDID: `${P}.2.2.4.10`,
  GROUP_RSA_PSS_SHA256: `${P}.2.4.1.3`,
  GROUP_ECDSA_SHA256: `${P}.2.4.1.5`,
  GROUP_RSA_OAEP: `${P}.2.4.2.2`,
  GROUP_RSA_OAEP_SHA256: `${P}.2.4.2.3`,
} as const);

/** The kind OID inside the application-id claim (§5.3 row 3). */
export const AppKindOid = Object.freeze({
  APPLICATION: `${P}.2.1.3.1`,
  SYSTEM_SERVICE: `${P}.2.1.3.2`,
  UNIFIED: `${P}.2.1.3.3`,
} as const);

/** Claim security levels (§5.3). */
export const ClaimLevel = Object.freeze({ LOW: 0, MEDIUM: 1, HIGH: 2, SUPER: 3 } as const);
