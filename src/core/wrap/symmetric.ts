/**
 * The symmetric primitives of the unwrap suites (key-formats.md §8): AES-GCM with a detached
 * tag, SM4-CBC-PKCS7, SM4-ECB without padding and HMAC-SM3, all from node:crypto. Tag, padding
 * and MAC failures surface as the codes the spec gives each suite.
 */

import {
  createCipheriv, createDecipheriv, createHmac, timingSafeEqual, type CipherGCMTypes,
} from 'node:crypto';

import { HksErr, HuksFailure } from '../../errors/failure.js';
import { concatBytes } from '../keys/bytes.js';

/** The GCM tag length every suite uses. */
export const GCM_TAG_BYTES = 16;

/** AES-GCM decryption; any failure (tag, key or tag length) is -31 (12000006). */
export function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array,
  tag: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return engineStep('AES-GCM unwrap failed', () => {
    if (tag.length !== GCM_TAG_BYTES) throw new Error('tag length');
    const decipher = createDecipheriv(gcmName(key), key, nonce,
      { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return concatBytes(decipher.update(ciphertext), decipher.final());
  });
}

/** AES-GCM encryption (the sender's side): ciphertext and tag apart. */
export function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array,
  plaintext: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  const cipher = createCipheriv(gcmName(key), key, nonce,
    { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = concatBytes(cipher.update(plaintext), cipher.final());
  return { ciphertext, tag: new Uint8Array(cipher.getAuthTag()) };
}

/** SM4-CBC with PKCS7 padding; a bad padding is -31 (12000006). */
export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return engineStep('SM4-CBC unwrap failed', () => {
    const decipher = createDecipheriv('sm4-cbc', key, iv);
    return concatBytes(decipher.update(data), decipher.final());
  });
}

export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const cipher = createCipheriv('sm4-cbc', key, iv);
  return concatBytes(cipher.update(data), cipher.final());
}

/** SM4-ECB without padding, whole blocks only. */
export function sm4Ecb(encrypt: boolean, key: Uint8Array, data: Uint8Array): Uint8Array {
  return engineStep('SM4-ECB failed', () => {
    const cipher = encrypt
      ? createCipheriv('sm4-ecb', key, null)
      : createDecipheriv('sm4-ecb', key, null);
    cipher.setAutoPadding(false);
    return concatBytes(cipher.update(data), cipher.final());
  });
}

export function hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sm3', key).update(data).digest());
}

/** Constant-time comparison of a received MAC with the computed one. */
export function macMatches(expected: Uint8Array, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** The AES-GCM variant follows the key length (§8.2 step 4); others fail in node:crypto. */
function gcmName(key: Uint8Array): CipherGCMTypes {
  return `aes-${key.length * 8}-gcm` as CipherGCMTypes;
}

/** Runs a node:crypto step; any exception becomes one engine failure with `detail`. */
export function engineStep<T>(detail: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HuksFailure) throw error;
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, detail);
  }
}
