/**
 * The SM3-based pieces of SM2 (GB/T 32918.2 §5.5, 32918.3 §5.4.3): the user-ID hash Z and the
 * key derivation function, which key-formats.md §9.4 also names the GM KDF. SM3 itself is
 * node:crypto's.
 */

import { createHash } from 'node:crypto';

import { coordinates, scalarBytes, Sm2Curve, type Sm2Point } from './curve.js';

/** The GB/T 32918 default user ID "1234567812345678" (key-formats.md §6). */
export const DEFAULT_USER_ID: Uint8Array = new TextEncoder().encode('1234567812345678');

/** ENTL is a 16-bit bit length, so an ID is at most 8191 bytes. */
export const MAX_USER_ID_BYTES = 0x1fff;

export function sm3(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). */
export function userIdHash(publicKey: Sm2Point, userId: Uint8Array = DEFAULT_USER_ID)
  : Uint8Array {
  if (userId.length > MAX_USER_ID_BYTES) throw new RangeError('SM2 user ID too long');
  const bits = userId.length * 8;
  const curve = Sm2Curve.CURVE();
  const base = coordinates(Sm2Curve.BASE);
  const own = coordinates(publicKey);
  return sm3(Uint8Array.of(bits >> 8, bits & 0xff), userId, scalarBytes(curve.a),
    scalarBytes(curve.b),
    base.x, base.y, own.x, own.y);
}

/** e = SM3(Z ‖ M), the value SM2 signs for DIGEST SM3 (algorithms.md §5). */
export function messageDigest(publicKey: Sm2Point, message: Uint8Array,
  userId: Uint8Array = DEFAULT_USER_ID): Uint8Array {
  return sm3(userIdHash(publicKey, userId), message);
}

/** KDF(Z, klen): SM3(Z ‖ ct) for ct = 1, 2, ... (32-bit big-endian), truncated to `length`. */
export function gmKdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  const view = new DataView(counter.buffer);
  for (let offset = 0, ct = 1; offset < length; offset += 32, ct++) {
    view.setUint32(0, ct, false);
    const block = sm3(z, counter);
    out.set(block.subarray(0, Math.min(32, length - offset)), offset);
  }
  return out;
}
