/**
 * The RSA encodings node:crypto cannot apply in Node 20, composed over its raw RSA primitive:
 * - RSAES-PKCS1-v1_5 decoding, because private decryption with RSA_PKCS1_PADDING is disabled
 *   (CVE-2023-46809);
 * - EMSA-PSS encoding and verification of an already computed hash (DIGEST NONE), because
 *   crypto.sign always hashes its input (RFC 8017 §9.1).
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { concatBytes } from '../../keys/bytes.js';
import type { DigestSpec } from './digest.js';

/**
 * Removes PKCS #1 v1.5 type 2 padding from a k-byte block. Every byte is examined whatever the
 * outcome, so the work done does not depend on where the padding goes wrong.
 * @returns the message, or undefined when the padding is invalid.
 */
export function unpadPkcs1Type2(block: Uint8Array): Uint8Array | undefined {
  let bad = block.length < 11 ? 1 : 0;
  bad |= block[0]! ^ 0x00;
  bad |= block[1]! ^ 0x02;
  let separator = 0;
  let found = 0;
  for (let i = 2; i < block.length; i++) {
    const isZero = block[i] === 0 ? 1 : 0;
    const first = isZero & (found ^ 1);
    separator |= first * i;
    found |= isZero;
  }
  bad |= found ^ 1;
  // At least 8 bytes of non-zero padding string (RFC 8017 §7.2.2 step 3).
  bad |= separator < 10 ? 1 : 0;
  return bad === 0 ? block.slice(separator + 1) : undefined;
}

/** MGF1 with the given hash (RFC 8017 appendix B.2.1). */
function mgf1(hash: DigestSpec, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let offset = 0, i = 0; offset < length; offset += hash.length, i++) {
    new DataView(counter.buffer).setUint32(0, i);
    const block = createHash(hash.node).update(seed).update(counter).digest();
    out.set(block.subarray(0, Math.min(hash.length, length - offset)), offset);
  }
  return out;
}

function pssHashPrime(hash: DigestSpec, mHash: Uint8Array, salt: Uint8Array): Uint8Array {
  return createHash(hash.node).update(new Uint8Array(8)).update(mHash).update(salt).digest();
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1); undefined when emLen < hLen + sLen + 2. */
export function pssEncode(hash: DigestSpec, mHash: Uint8Array, emBits: number, saltLength: number)
  : Uint8Array | undefined {
  const emLen = Math.ceil(emBits / 8);
  if (saltLength < 0 || emLen < hash.length + saltLength + 2) return undefined;
  const salt = randomBytes(saltLength);
  const h = pssHashPrime(hash, mHash, salt);
  const db = concatBytes(new Uint8Array(emLen - saltLength - hash.length - 2), Uint8Array.of(1),
    salt);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return concatBytes(db, h, Uint8Array.of(0xbc));
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with an exact salt length. */
export function pssVerify(hash: DigestSpec, mHash: Uint8Array, em: Uint8Array, emBits: number,
  saltLength: number): boolean {
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < hash.length + saltLength + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const db = em.slice(0, emLen - hash.length - 1);
  const h = em.subarray(emLen - hash.length - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((db[0]! & ~topMask) !== 0) return false;
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= topMask;
  const psLength = emLen - hash.length - saltLength - 2;
  for (let i = 0; i < psLength; i++) if (db[i] !== 0) return false;
  if (db[psLength] !== 1) return false;
  const salt = db.subarray(db.length - saltLength);
  return timingSafeEqual(pssHashPrime(hash, mHash, salt), h);
}
