/**
 * ECDSA over an already computed hash (DIGEST NONE, algorithms.md §4). node:crypto always hashes
 * what it signs, so this path uses @noble/curves with the hash as the message (prehash off).
 * noble ships P-256/384/521; P-224 is its generic short-Weierstrass code with the SEC 2 / FIPS
 * 186-4 P-224 domain parameters, which the tests cross-check against node:crypto.
 */

import { randomBytes } from 'node:crypto';

import { ecdsa, weierstrassN } from '@noble/curves/abstract/weierstrass.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha224 } from '@noble/hashes/sha2.js';

import type { EcCurveName } from '../../keys/oids.js';
import type { RsPair } from '../../keys/signature.js';

interface PrehashCurve {
  sign(message: Uint8Array, secretKey: Uint8Array, opts: object): { r: bigint; s: bigint };
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array, opts: object): boolean;
}

const P224 = ecdsa(weierstrassN({
  p: BigInt('0xffffffffffffffffffffffffffffffff000000000000000000000001'),
  n: BigInt('0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3d'),
  h: 1n,
  a: BigInt('0xfffffffffffffffffffffffffffffffefffffffffffffffffffffffe'),
  b: BigInt('0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4'),
  Gx: BigInt('0xb70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21'),
  Gy: BigInt('0xbd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34'),
}), sha224);

const CURVES: ReadonlyMap<EcCurveName, PrehashCurve> = new Map<EcCurveName, PrehashCurve>([
  ['P-224', P224],
  ['P-256', p256],
  ['P-384', p384],
  ['P-521', p521],
]);

/** The group order of a NIST curve (private scalars must lie in 1..n-1). */
export function curveOrder(name: EcCurveName): bigint {
  const point = name === 'P-224' ? P224.Point : name === 'P-256' ? p256.Point
    : name === 'P-384' ? p384.Point : p521.Point;
  return point.Fn.ORDER;
}

/**
 * Signs `hash` as given (truncated to the order length as ECDSA does). The nonce is RFC 6979
 * hedged with fresh randomness, so signatures are randomized like the reference's.
 */
export function signPrehashed(curve: EcCurveName, d: Uint8Array, hash: Uint8Array): RsPair {
  const sig = CURVES.get(curve)!.sign(hash, d, {
    prehash: false, lowS: false, extraEntropy: randomBytes(32),
  });
  return { r: sig.r, s: sig.s };
}

/** Verifies (r, s) over `hash` with an uncompressed public point. */
export function verifyPrehashed(curve: EcCurveName, point: Uint8Array, hash: Uint8Array,
  sig: RsPair, fieldBytes: number): boolean {
  const compact = new Uint8Array(2 * fieldBytes);
  const r = sig.r.toString(16).padStart(2 * fieldBytes, '0');
  const s = sig.s.toString(16).padStart(2 * fieldBytes, '0');
  if (r.length > 2 * fieldBytes || s.length > 2 * fieldBytes) return false;
  compact.set(Buffer.from(r + s, 'hex'));
  try {
    return CURVES.get(curve)!.verify(compact, hash, point, {
      prehash: false, lowS: false, format: 'compact',
    });
  } catch {
    return false;
  }
}
