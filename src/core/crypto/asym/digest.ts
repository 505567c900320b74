/**
 * The digests of asymmetric signatures and OAEP (HuksKeyDigest), with the facts each operation
 * needs: node:crypto name, output length, and the PKCS #1 DigestInfo (RFC 8017 §9.2).
 */

import { HuksKeyDigest } from '../../../common/enums.js';
import { concatBytes } from '../../keys/bytes.js';
import { derNull, octetString, oid, sequence } from '../../keys/der.js';

export interface DigestSpec {
  readonly huks: number;
  readonly node: string;
  readonly length: number;
  readonly oid: string;
}

const DIGESTS: readonly DigestSpec[] = Object.freeze([
  { huks: HuksKeyDigest.HUKS_DIGEST_MD5, node: 'md5', length: 16, oid: '1.2.840.113549.2.5' },
  { huks: HuksKeyDigest.HUKS_DIGEST_SHA1, node: 'sha1', length: 20, oid: '1.3.14.3.2.26' },
  { huks: HuksKeyDigest.HUKS_DIGEST_SHA224, node: 'sha224', length: 28,
    oid: '2.16.840.1.101.3.4.2.4' },
  { huks: HuksKeyDigest.HUKS_DIGEST_SHA256, node: 'sha256', length: 32,
    oid: '2.16.840.1.101.3.4.2.1' },
  { huks: HuksKeyDigest.HUKS_DIGEST_SHA384, node: 'sha384', length: 48,
    oid: '2.16.840.1.101.3.4.2.2' },
  { huks: HuksKeyDigest.HUKS_DIGEST_SHA512, node: 'sha512', length: 64,
    oid: '2.16.840.1.101.3.4.2.3' },
]);

/** The spec of a HUKS digest other than NONE; undefined for NONE, SM3 or unknown values. */
export function digestSpec(huks: number): DigestSpec | undefined {
  return DIGESTS.find((d) => d.huks === huks);
}

/**
 * DIGEST NONE signing: the input must already be a hash, and its length names the hash
 * (16 MD5, 20 SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384, 64 SHA-512; algorithms.md §3.2).
 */
export function digestByLength(length: number): DigestSpec | undefined {
  return DIGESTS.find((d) => d.length === length);
}

/** DER DigestInfo { AlgorithmIdentifier { oid, NULL }, OCTET STRING hash }. */
export function digestInfo(spec: DigestSpec, hash: Uint8Array): Uint8Array {
  return sequence(sequence(oid(spec.oid), derNull()), octetString(concatBytes(hash)));
}
