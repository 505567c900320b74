/**
 * DSA pieces node:crypto lacks (algorithms.md §7, §14): domain parameters below 1024 bits, which
 * OpenSSL 3 refuses to generate, and signatures over an already computed hash (DIGEST NONE),
 * which crypto.sign would hash again. Both are FIPS 186-4 arithmetic in BigInt on top of node's
 * prime generation and randomness. BigInt exponentiation is not constant-time; the reference
 * accepts the same exposure for these legacy paths, and hashed DSA stays in OpenSSL.
 */

import { checkPrimeSync, generatePrimeSync, randomBytes } from 'node:crypto';

import { toBigInt } from '../../keys/bytes.js';
import type { RsPair } from '../../keys/signature.js';
import { modPow } from './rsa-crt.js';

export interface DsaParams {
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
}

/** FIPS 186-4 A.1.1-style p = kq + 1 of `lBits` bits, q prime of `nBits`, g of order q. */
export function generateDsaParams(lBits: number, nBits: number): DsaParams {
  const q = generatePrimeSync(nBits, { bigint: true });
  for (;;) {
    const x = randomBelowBits(lBits) | (1n << BigInt(lBits - 1));
    const p = x - ((x % (2n * q)) - 1n);
    if (p >> BigInt(lBits - 1) !== 1n) continue;
    if (!checkPrimeSync(p, { checks: 32 })) continue;
    for (let h = 2n; ; h++) {
      const g = modPow(h, (p - 1n) / q, p);
      if (g > 1n) return { p, q, g };
    }
  }
}

/** DSA signature of `hash` as given: z is its leftmost min(N, outlen) bits (FIPS 186-4 §4.6). */
export function dsaSignPrehashed(params: DsaParams, x: bigint, hash: Uint8Array): RsPair {
  const { p, q, g } = params;
  const z = truncate(hash, q);
  for (;;) {
    const k = randomScalar(q);
    const r = modPow(g, k, p) % q;
    if (r === 0n) continue;
    const s = (modInverse(k, q) * ((z + x * r) % q)) % q;
    if (s !== 0n) return { r, s };
  }
}

export function dsaVerifyPrehashed(params: DsaParams, y: bigint, hash: Uint8Array, sig: RsPair)
  : boolean {
  const { p, q, g } = params;
  if (sig.r <= 0n || sig.r >= q || sig.s <= 0n || sig.s >= q) return false;
  const w = modInverse(sig.s, q);
  const u1 = (truncate(hash, q) * w) % q;
  const u2 = (sig.r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === sig.r;
}

function truncate(hash: Uint8Array, q: bigint): bigint {
  const nBits = q.toString(2).length;
  const excess = hash.length * 8 - nBits;
  const value = toBigInt(hash);
  return excess > 0 ? value >> BigInt(excess) : value;
}

/** Uniform in [1, q-1] by rejection. */
function randomScalar(q: bigint): bigint {
  const bits = q.toString(2).length;
  for (;;) {
    const k = randomBelowBits(bits);
    if (k > 0n && k < q) return k;
  }
}

function randomBelowBits(bits: number): bigint {
  const bytes = randomBytes(Math.ceil(bits / 8));
  const value = toBigInt(bytes);
  return value >> BigInt(bytes.length * 8 - bits);
}

function modInverse(a: bigint, m: bigint): bigint {
  // Fermat: m is prime here (q).
  return modPow(a, m - 2n, m);
}
