/**
 * The SM2 signature scheme (GB/T 32918.2 §6-§7) over a given e: the caller computes
 * e = SM3(Z ‖ M) for DIGEST SM3, or passes the 32 bytes as they are for DIGEST NONE. Point
 * operations and arithmetic mod n are @noble/curves'.
 */

import { toBigInt } from '../../keys/bytes.js';
import { DerError } from '../../keys/der.js';
import { decodeDerSignature, type RsPair } from '../../keys/signature.js';
import { Fn, randomScalar, Sm2Curve, type Sm2Point } from './curve.js';

/**
 * Signs e with the private scalar d (1 ≤ d ≤ n-2). `nonce` fixes k for known-answer tests;
 * without it k is fresh randomness for every attempt, as the standard requires.
 */
export function signDigest(d: bigint, e: Uint8Array, nonce?: () => bigint): RsPair {
  const next = nonce ?? randomScalar;
  const eValue = Fn.create(toBigInt(e));
  const inverse = Fn.inv(Fn.add(1n, d));
  for (;;) {
    const k = next();
    const x1 = Sm2Curve.BASE.multiply(k).toAffine().x;
    const r = Fn.add(eValue, Fn.create(x1));
    if (r === 0n || Fn.add(r, k) === 0n) continue;
    const s = Fn.mul(inverse, Fn.sub(k, Fn.mul(r, d)));
    if (s === 0n) continue;
    return { r, s };
  }
}

/** Verifies (r, s) over e with the public point; false for anything that is not a signature. */
export function verifyDigest(publicKey: Sm2Point, e: Uint8Array, sig: RsPair): boolean {
  const n = Fn.ORDER;
  if (sig.r < 1n || sig.r >= n || sig.s < 1n || sig.s >= n) return false;
  const t = Fn.add(sig.r, sig.s);
  if (t === 0n) return false;
  const sum = Sm2Curve.BASE.multiplyUnsafe(sig.s).add(publicKey.multiplyUnsafe(t));
  if (sum.is0()) return false;
  return Fn.add(Fn.create(toBigInt(e)), Fn.create(sum.toAffine().x)) === sig.r;
}

/** verifyDigest over a DER signature; a signature that is not valid DER simply fails. */
export function verifyDerDigest(publicKey: Sm2Point, e: Uint8Array, der: Uint8Array): boolean {
  let pair: RsPair;
  try {
    pair = decodeDerSignature(der);
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
  return verifyDigest(publicKey, e, pair);
}
