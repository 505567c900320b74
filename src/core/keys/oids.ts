/** OIDs of the public-key algorithms and curves HUKS exchanges (key-formats.md §5). */

import { oid } from './der.js';

export const Oid = Object.freeze({
  RSA: oid('1.2.840.113549.1.1.1'),
  EC_PUBLIC_KEY: oid('1.2.840.10045.2.1'),
  DSA: oid('1.2.840.10040.4.1'),
  DH_KEY_AGREEMENT: oid('1.2.840.113549.1.3.1'),
  X25519: oid('1.3.101.110'),
  ED25519: oid('1.3.101.112'),
  P224: oid('1.3.132.0.33'),
  P256: oid('1.2.840.10045.3.1.7'),
  P384: oid('1.3.132.0.34'),
  P521: oid('1.3.132.0.35'),
  SM2: oid('1.2.156.10197.1.301'),
});

export type EcCurveName = 'P-224' | 'P-256' | 'P-384' | 'P-521' | 'SM2';

export const CURVE_OIDS: ReadonlyMap<EcCurveName, Uint8Array> = new Map([
  ['P-224', Oid.P224],
  ['P-256', Oid.P256],
  ['P-384', Oid.P384],
  ['P-521', Oid.P521],
  ['SM2', Oid.SM2],
]);

/** The OID TLV's content bytes, for comparison with a parsed OID. */
export function oidContent(encoded: Uint8Array): Uint8Array {
  return encoded.subarray(2);
}
