/**
 * SM2 public-key encryption (GB/T 32918.4 §6-§7) with the GM/T 0009 ciphertext
 * SEQUENCE { INTEGER x1, INTEGER y1, OCTET STRING C3, OCTET STRING C2 } (key-formats.md §7.3).
 */

import { timingSafeEqual } from 'node:crypto';

import { concatBytes, fromBigInt } from '../../keys/bytes.js';
import {
  DerError, DerTag, integer, octetString, readSequence, readUnsigned, sequence,
} from '../../keys/der.js';
import {
  coordinates, pointFromXY, randomScalar, SM2_BYTES, Sm2Curve, type Sm2Point,
} from './curve.js';
import { gmKdf, sm3 } from './sm3.js';

/** Why a ciphertext was refused; the caller reports every reason with the same code. */
export class Sm2CipherError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'Sm2CipherError';
  }
}

/**
 * Encrypts `message` (at least one byte) for `publicKey`. `nonce` fixes k for known-answer
 * tests; a k whose KDF output is all zero is replaced, as §6.1 step A5 demands.
 */
export function sm2Encrypt(publicKey: Sm2Point, message: Uint8Array, nonce?: () => bigint)
  : Uint8Array {
  if (message.length === 0) throw new Sm2CipherError('SM2 cannot encrypt an empty message');
  const next = nonce ?? randomScalar;
  for (;;) {
    const k = next();
    const c1 = Sm2Curve.BASE.multiply(k).toAffine();
    const shared = coordinates(publicKey.multiply(k));
    const t = gmKdf(concatBytes(shared.x, shared.y), message.length);
    if (t.every((byte) => byte === 0)) continue;
    const c2 = t.map((byte, i) => byte ^ message[i]!);
    const c3 = sm3(shared.x, message, shared.y);
    return sequence(integer(fromBigInt(c1.x)), integer(fromBigInt(c1.y)), octetString(c3),
      octetString(c2));
  }
}

/** Decrypts a GM/T 0009 ciphertext with the private scalar d. @throws Sm2CipherError */
export function sm2Decrypt(d: bigint, ciphertext: Uint8Array): Uint8Array {
  let fields: Uint8Array[];
  try {
    fields = readSequence(ciphertext,
      [DerTag.INTEGER, DerTag.INTEGER, DerTag.OCTET_STRING, DerTag.OCTET_STRING]);
  } catch (error) {
    if (error instanceof DerError) throw new Sm2CipherError(`malformed: ${error.message}`);
    throw error;
  }
  const [x1, y1, c3, c2] = fields as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const c1 = pointFromXY(unsignedCoordinate(x1), unsignedCoordinate(y1));
  if (c1 === undefined) throw new Sm2CipherError('C1 is not a point of the curve');
  if (c3.length !== SM2_BYTES || c2.length === 0) throw new Sm2CipherError('bad C3 or C2 length');

  const shared = coordinates(c1.multiply(d));
  const t = gmKdf(concatBytes(shared.x, shared.y), c2.length);
  if (t.every((byte) => byte === 0)) throw new Sm2CipherError('KDF output is all zero');
  const message = c2.map((byte, i) => byte ^ t[i]!);
  const check = sm3(shared.x, message, shared.y);
  if (!timingSafeEqual(check, c3)) {
    message.fill(0);
    throw new Sm2CipherError('C3 does not match');
  }
  return message;
}

/** A C1 coordinate: a non-negative DER INTEGER of at most 32 value bytes. */
function unsignedCoordinate(content: Uint8Array): Uint8Array {
  let value: Uint8Array;
  try {
    value = readUnsigned(content);
  } catch (error) {
    if (error instanceof DerError) throw new Sm2CipherError(`bad C1 INTEGER: ${error.message}`);
    throw error;
  }
  if (value.length > SM2_BYTES) throw new Sm2CipherError('C1 coordinate longer than 32 bytes');
  return value;
}
