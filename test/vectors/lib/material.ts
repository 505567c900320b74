import { createECDH } from 'node:crypto';
import { HuksKeyAlg, HuksKeyDigest, HuksTag } from '../../../src/common/enums.js';
import type { Param } from './huks.js';

export const T = HuksTag;
export const ALG = HuksKeyAlg;
export const p = (tag: number, value: number | boolean | Uint8Array): Param => ({ tag, value });

/** Wycheproof hash names -> HUKS digests; absent entries are digests HUKS does not offer. */
export const DIGEST: Readonly<Record<string, number>> = {
  'SHA-1': HuksKeyDigest.HUKS_DIGEST_SHA1,
  'SHA-224': HuksKeyDigest.HUKS_DIGEST_SHA224,
  'SHA-256': HuksKeyDigest.HUKS_DIGEST_SHA256,
  'SHA-384': HuksKeyDigest.HUKS_DIGEST_SHA384,
  'SHA-512': HuksKeyDigest.HUKS_DIGEST_SHA512,
  SM3: HuksKeyDigest.HUKS_DIGEST_SM3,
};

export const HASH_LEN: Readonly<Record<string, number>> = {
  'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64, SM3: 32,
};

/** Vector integers are two's-complement hex: drop sign/leading zero bytes (key-formats.md §1). */
export function unsigned(hex: string): Uint8Array {
  const b = Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return new Uint8Array(b.subarray(i));
}

export function leftPad(b: Uint8Array, len: number): Uint8Array {
  if (b.length >= len) return b;
  const out = new Uint8Array(len);
  out.set(b, len - b.length);
  return out;
}

/** Little-endian uint32 header words followed by the big-endian parts (key-formats.md §3). */
function material(header: number[], parts: Uint8Array[]): Uint8Array {
  const head = Buffer.alloc(header.length * 4);
  header.forEach((w, i) => head.writeUInt32LE(w, i * 4));
  return new Uint8Array(Buffer.concat([head, ...parts]));
}

/** §3.1: RSA key pair n, e, d. */
export function rsaMaterial(bits: number, n: Uint8Array, e: Uint8Array, d: Uint8Array): Uint8Array {
  return material([ALG.HUKS_ALG_RSA, bits, n.length, e.length, d.length], [n, e, d]);
}

/** §3.2: ECC key pair, x/y/z left-padded to the field size as generated keys are. */
export function eccMaterial(bits: number, x: Uint8Array, y: Uint8Array, z: Uint8Array): Uint8Array {
  const len = Math.ceil(bits / 8);
  const parts = [x, y, z].map((v) => leftPad(v, len));
  return material([ALG.HUKS_ALG_ECC, bits, len, len, len], parts);
}

/** §3.4: DH or Curve25519 pair: public then private, reserved word 0. */
export function pairMaterial(
  alg: number,
  bits: number,
  pub: Uint8Array,
  pri: Uint8Array,
): Uint8Array {
  return material([alg, bits, pub.length, pri.length, 0], [pub, pri]);
}

export const CURVES: Readonly<Record<string, { node: string; bits: number }>> = {
  secp224r1: { node: 'secp224r1', bits: 224 },
  secp256r1: { node: 'prime256v1', bits: 256 },
  secp384r1: { node: 'secp384r1', bits: 384 },
  secp521r1: { node: 'secp521r1', bits: 521 },
};

/** Public point of a private scalar, as the ECC pair material needs x and y. */
export function eccPublic(curve: string, z: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const c = CURVES[curve];
  if (!c) throw new Error('unknown curve ' + curve);
  const len = Math.ceil(c.bits / 8);
  const ecdh = createECDH(c.node);
  ecdh.setPrivateKey(leftPad(z, len));
  const pt = ecdh.getPublicKey();
  return { x: new Uint8Array(pt.subarray(1, 1 + len)), y: new Uint8Array(pt.subarray(1 + len)) };
}
