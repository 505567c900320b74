/**
 * The sender's side of the SM suites: 3 and 4 (key-formats.md §8.4: SM2-sealed KEK, GM KDF,
 * SM4-CBC-PKCS7 and HMAC-SM3, suite 3 with the sender's SM2 signature over the KEK) and the
 * suite 5 envelope (§8.5: an SM2-sealed SM4 key, SM4-ECB without padding).
 */

import { randomBytes } from 'node:crypto';

import { pointFromXY, Sm2Curve, type Sm2Point } from '../core/crypto/sm2/curve.js';
import { sm2Encrypt } from '../core/crypto/sm2/cipher.js';
import { sm2Spki } from '../core/crypto/sm2/keys.js';
import { signDigest } from '../core/crypto/sm2/signature.js';
import { gmKdf, messageDigest } from '../core/crypto/sm2/sm3.js';
import { concatBytes, toBigInt, u32le, wipe } from '../core/keys/bytes.js';
import { parseSpki } from '../core/keys/spki.js';
import { encodeDerSignature } from '../core/keys/signature.js';
import { encodeLv } from '../core/wrap/lv.js';
import { hmacSm3, sm4CbcEncrypt, sm4Ecb } from '../core/wrap/symmetric.js';

const KEK_BYTES = 16;
const FACTOR_BYTES = 16;

export interface SmWrapOptions {
  /** Suite 3 only: the sender's SM2 private key d (32 bytes), which signs the KEK. */
  readonly signerPrivateKey?: Uint8Array;
}

/** Suites 3 and 4 for the keystore's SM2 wrapping public key (its §5.3 SPKI). */
export function wrapForSm2Cbc(verify: boolean, wrappingPublicKey: Uint8Array, key: Uint8Array,
  options: SmWrapOptions = {}): Uint8Array {
  if (key.length === 0) throw new RangeError('nothing to wrap');
  const recipient = sm2Point(wrappingPublicKey);
  const kek = new Uint8Array(randomBytes(KEK_BYTES));
  const factor1 = new Uint8Array(randomBytes(FACTOR_BYTES));
  const factor2 = new Uint8Array(randomBytes(FACTOR_BYTES));
  const iv = new Uint8Array(randomBytes(16));
  const kek1 = gmKdf(concatBytes(kek, factor1), 16);
  const kek2 = gmKdf(concatBytes(kek, factor2), 16);
  const keyCt = sm4CbcEncrypt(kek1, iv, key);
  const mac = hmacSm3(kek2, keyCt);

  const tail = [u32le(kek.length), factor1, factor2, mac, keyCt, iv, u32le(key.length)];
  let parts: Uint8Array[];
  if (verify) {
    const d = options.signerPrivateKey;
    if (d === undefined) throw new RangeError('suite 3 needs the signer\'s SM2 private key');
    const signer = Sm2Curve.BASE.multiply(toBigInt(d));
    const signature = encodeDerSignature(signDigest(toBigInt(d), messageDigest(signer, kek)));
    const sealed = sm2Encrypt(recipient, concatBytes(kek, signature));
    parts = [sm2Spki(signer), u32le(signature.length), sealed, ...tail];
  } else {
    parts = [sm2Encrypt(recipient, kek), ...tail];
  }
  wipe(kek, kek1, kek2);
  return encodeLv(parts);
}

/**
 * Suite 5: `key` is the raw symmetric key or, for an asymmetric key, only its private
 * component of ⌈KEY_SIZE/8⌉ bytes (a multiple of 16).
 */
export function wrapForSm2Envelope(wrappingPublicKey: Uint8Array, key: Uint8Array): Uint8Array {
  if (key.length === 0 || key.length % 16 !== 0) {
    throw new RangeError('the envelope carries whole SM4 blocks');
  }
  const recipient = sm2Point(wrappingPublicKey);
  const sm4Key = new Uint8Array(randomBytes(16));
  const parts = [sm2Encrypt(recipient, sm4Key), sm4Ecb(true, sm4Key, key)];
  wipe(sm4Key);
  return encodeLv(parts);
}

function sm2Point(spki: Uint8Array): Sm2Point {
  const parsed = parseSpki(spki);
  const point = parsed.kind === 'ec' && parsed.curve === 'SM2' && parsed.point.length === 65
    ? pointFromXY(parsed.point.subarray(1, 33), parsed.point.subarray(33))
    : undefined;
  if (point === undefined) throw new RangeError('the wrapping key is not an SM2 public key');
  return point;
}
