/**
 * The SM2 curve (GB/T 32918.5 recommended parameters, OID 1.2.156.10197.1.301) on @noble/curves'
 * audited short-Weierstrass point code, and the scalar field arithmetic mod n from the same
 * library. Nothing here does field arithmetic by hand.
 */

import { randomBytes } from 'node:crypto';

import { weierstrassN, type WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';

import { fromBigInt, padTo, toBigInt } from '../../keys/bytes.js';

export type Sm2Point = WeierstrassPoint<bigint>;

/** GB/T 32918.5 §4: p, a, b, n and the base point G (cofactor 1). */
export const Sm2Curve = weierstrassN({
  p: BigInt('0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff'),
  a: BigInt('0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc'),
  b: BigInt('0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93'),
  n: BigInt('0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123'),
  h: 1n,
  Gx: BigInt('0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7'),
  Gy: BigInt('0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0'),
});

/** Arithmetic modulo the group order n. */
export const Fn = Sm2Curve.Fn;

/** Coordinate and scalar length in bytes. */
export const SM2_BYTES = 32;

/** The affine point (x, y); undefined when it is not a point of the curve. */
export function pointFromXY(x: Uint8Array, y: Uint8Array): Sm2Point | undefined {
  try {
    const point = Sm2Curve.fromAffine({ x: toBigInt(x), y: toBigInt(y) });
    point.assertValidity();
    return point;
  } catch {
    return undefined;
  }
}

/** The uncompressed encoding 04 ‖ x ‖ y (32 bytes each). */
export function encodePoint(point: Sm2Point): Uint8Array {
  return point.toBytes(false);
}

/** A point's affine coordinates as 32-byte big-endian strings. */
export function coordinates(point: Sm2Point): { x: Uint8Array; y: Uint8Array } {
  const affine = point.toAffine();
  return { x: scalarBytes(affine.x), y: scalarBytes(affine.y) };
}

/** A private key is usable for SM2 when 1 ≤ d ≤ n-2 (1 + d must be invertible mod n). */
export function isPrivateScalar(d: bigint): boolean {
  return d >= 1n && d <= Fn.ORDER - 2n;
}

/** A uniformly random scalar in [1, n-1], drawn by rejection from the system CSPRNG. */
export function randomScalar(): bigint {
  for (;;) {
    const k = toBigInt(randomBytes(SM2_BYTES));
    if (k >= 1n && k < Fn.ORDER) return k;
  }
}

/** A uniformly random private key (1 ≤ d ≤ n-2). */
export function randomPrivateScalar(): bigint {
  for (;;) {
    const d = randomScalar();
    if (isPrivateScalar(d)) return d;
  }
}

export function scalarBytes(value: bigint): Uint8Array {
  return padTo(fromBigInt(value), SM2_BYTES)!;
}
