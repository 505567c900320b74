/**
 * Signature encodings (key-formats.md §6): DER `SEQUENCE { INTEGER r, INTEGER s }` for ECDSA and
 * DSA (never raw r‖s), and RSA signatures as k-byte big-endian strings.
 */

import { fromBigInt, padTo, toBigInt } from './bytes.js';
import { DerTag, integer, readSequence, readUnsigned, sequence } from './der.js';

export interface RsPair {
  readonly r: bigint;
  readonly s: bigint;
}

/** Strict DER parse; DerError on any BER variation, negative value or trailing byte. */
export function decodeDerSignature(der: Uint8Array): RsPair {
  const [r, s] = readSequence(der, [DerTag.INTEGER, DerTag.INTEGER]) as [Uint8Array, Uint8Array];
  return { r: toBigInt(readUnsigned(r)), s: toBigInt(readUnsigned(s)) };
}

export function encodeDerSignature(pair: RsPair): Uint8Array {
  return sequence(integer(fromBigInt(pair.r)), integer(fromBigInt(pair.s)));
}

/** An RSA signature or ciphertext left-padded to the modulus length k. */
export function padToModulus(value: Uint8Array, k: number): Uint8Array {
  const padded = padTo(value, k);
  if (padded === undefined) throw new RangeError('value longer than the modulus');
  return padded;
}
