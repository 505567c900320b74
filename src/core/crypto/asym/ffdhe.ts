/**
 * The RFC 7919 FFDHE groups (generator 2). Node 20 names only the older MODP groups, so the
 * primes are computed here from RFC 7919's own definition instead of pasting 1 KiB of hex:
 *
 *   p = 2^b - 2^(b-64) + (floor(2^(b-130) * e) + X) * 2^64 - 1
 *
 * with the X of RFC 7919 appendix A. The tests compare the result with the vector file's p.
 */

import { fromBigInt } from '../../keys/bytes.js';

export interface FfdheGroup {
  readonly bits: number;
  readonly p: bigint;
  readonly pBytes: Uint8Array;
}

const OFFSETS: ReadonlyMap<number, number> = new Map([
  [2048, 560316],
  [3072, 2625351],
  [4096, 5736041],
]);

const cache = new Map<number, FfdheGroup>();

export const FFDHE_GENERATOR = 2n;

/** The group of KEY_SIZE `bits` (2048, 3072, 4096), or undefined for other sizes. */
export function ffdheGroup(bits: number): FfdheGroup | undefined {
  const cached = cache.get(bits);
  if (cached) return cached;
  const offset = OFFSETS.get(bits);
  if (offset === undefined) return undefined;
  const b = BigInt(bits);
  const p = (1n << b) - (1n << (b - 64n)) + ((eTimesPowerOfTwo(bits - 130) + BigInt(offset)) << 64n)
    - 1n;
  const group = { bits, p, pBytes: fromBigInt(p) };
  cache.set(bits, group);
  return group;
}

/** floor(e * 2^bits), from the series sum 1/k! in fixed point with 64 guard bits. */
function eTimesPowerOfTwo(bits: number): bigint {
  const guard = 64n;
  let term = 1n << (BigInt(bits) + guard);
  let sum = 0n;
  for (let k = 1n; term > 0n; k++) {
    sum += term;
    term /= k;
  }
  return sum >> guard;
}
