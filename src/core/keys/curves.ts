/** The NIST curves of HUKS_ALG_ECC (algorithms.md §4) and their size facts. */

import type { EcCurveName } from './oids.js';

export interface CurveInfo {
  readonly name: EcCurveName;
  /** HUKS_TAG_KEY_SIZE and header keySize: the bit length of the group order. */
  readonly keySize: number;
  /** Field element length: padded x, y, z and the ECDH secret (28/32/48/66). */
  readonly fieldBytes: number;
  /** node:crypto / OpenSSL curve name. */
  readonly nodeName: string;
  /** JWK "crv" value. */
  readonly jwkName: string;
}

export const NIST_CURVES: readonly CurveInfo[] = Object.freeze([
  { name: 'P-224', keySize: 224, fieldBytes: 28, nodeName: 'secp224r1', jwkName: 'P-224' },
  { name: 'P-256', keySize: 256, fieldBytes: 32, nodeName: 'prime256v1', jwkName: 'P-256' },
  { name: 'P-384', keySize: 384, fieldBytes: 48, nodeName: 'secp384r1', jwkName: 'P-384' },
  { name: 'P-521', keySize: 521, fieldBytes: 66, nodeName: 'secp521r1', jwkName: 'P-521' },
]);

export function curveBySize(keySize: number): CurveInfo | undefined {
  return NIST_CURVES.find((c) => c.keySize === keySize);
}

export function curveByName(name: EcCurveName): CurveInfo | undefined {
  return NIST_CURVES.find((c) => c.name === name);
}
