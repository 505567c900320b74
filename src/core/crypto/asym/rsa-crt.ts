/**
 * RSA private keys from HUKS material, which carries only n, e and d (key-formats.md §3.1).
 * node:crypto loads RSA private keys only with their CRT values, so p and q are recovered from
 * (n, e, d) with the standard probabilistic method (NIST SP 800-56B rev. 2, appendix C.2), once
 * per import.
 */

import { createPrivateKey, type KeyObject } from 'node:crypto';

import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { fromBigInt, toBase64Url, toBigInt } from '../../keys/bytes.js';

/**
 * @throws HuksFailure INVALID_KEY_INFO (401) when d is not the private exponent of (n, e):
 * such a key could not be loaded into the crypto engine.
 */
export function rsaKeyFromComponents(n: Uint8Array, e: Uint8Array, d: Uint8Array): KeyObject {
  const N = toBigInt(n);
  const E = toBigInt(e);
  const D = toBigInt(d);
  const factors = N > 3n && E > 1n && D > 1n && D < N ? factor(N, E, D) : undefined;
  if (factors === undefined) {
    throw new HuksFailure(HksErr.INVALID_KEY_INFO, 'RSA d does not belong to n and e');
  }
  const [p, q] = factors;
  const b64 = (v: bigint): string => toBase64Url(fromBigInt(v));
  const jwk = {
    kty: 'RSA', n: b64(N), e: b64(E), d: b64(D), p: b64(p), q: b64(q),
    dp: b64(D % (p - 1n)), dq: b64(D % (q - 1n)), qi: b64(modInverse(q, p)),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

function factor(n: bigint, e: bigint, d: bigint): [bigint, bigint] | undefined {
  const k = d * e - 1n;
  if (k % 2n !== 0n) return undefined;
  let r = k;
  let t = 0;
  while (r % 2n === 0n) {
    r /= 2n;
    t++;
  }
  // Each base finds a factor with probability at least 1/2 when (e, d) is a valid pair.
  for (let g = 2n; g < 200n; g++) {
    let y = modPow(g, r, n);
    if (y === 1n || y === n - 1n) continue;
    for (let i = 0; i < t; i++) {
      const x = (y * y) % n;
      if (x === 1n) {
        const p = gcd(y - 1n, n);
        const q = n / p;
        return p > 1n && p * q === n ? (p > q ? [p, q] : [q, p]) : undefined;
      }
      if (x === n - 1n) break;
      y = x;
    }
  }
  return undefined;
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}
