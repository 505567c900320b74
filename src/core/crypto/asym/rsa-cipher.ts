/**
 * RSA encryption and decryption (algorithms.md §3.1): all data is cached and one RSA operation
 * runs at finish. OAEP uses the DIGEST hash for MGF1 too and an empty label.
 */

import {
  constants, privateDecrypt, publicEncrypt, type KeyObject,
} from 'node:crypto';

import { HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose, HuksTag } from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import type { AsymKey } from '../../keys/internal.js';
import type { CryptoOperation, OperationSpec } from '../family.js';
import { digestSpec } from './digest.js';
import { privateKeyOf, publicKeyOf } from './key-objects.js';
import { cachedOperation, engine, toBytes } from './operations.js';
import { unpadPkcs1Type2 } from './rsa-padding.js';

export function rsaCipherOperation(spec: OperationSpec, key: AsymKey): CryptoOperation {
  const encrypt = spec.purpose === HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT;
  const keyObject = encrypt ? publicKeyOf(key) : privateKeyOf(key);
  const k = Math.ceil(keyObject.asymmetricKeyDetails!.modulusLength! / 8);
  const padding = spec.runtime.getNumber(HuksTag.HUKS_TAG_PADDING);
  const digest = spec.runtime.getNumber(HuksTag.HUKS_TAG_DIGEST);

  switch (padding) {
    case HuksKeyPadding.HUKS_PADDING_OAEP:
      return cachedOperation((data) => oaep(encrypt, keyObject, k, digest, data));
    case HuksKeyPadding.HUKS_PADDING_PKCS1_V1_5:
      return cachedOperation((data) => pkcs1(encrypt, keyObject, k, data));
    case HuksKeyPadding.HUKS_PADDING_NONE:
      return cachedOperation((data) => raw(encrypt, keyObject, k, data));
    default:
      throw new HuksFailure(HksErr.INVALID_PADDING,
        `padding ${padding} is not an RSA cipher padding`);
  }
}

function oaep(encrypt: boolean, key: KeyObject, k: number, digest: number | undefined,
  data: Uint8Array): Uint8Array {
  const hash = digest === undefined ? undefined : digestSpec(digest);
  if (hash === undefined || digest === HuksKeyDigest.HUKS_DIGEST_NONE) {
    throw new HuksFailure(HksErr.INVALID_DIGEST, `OAEP needs a hash, got digest ${digest}`);
  }
  // The reference refuses keys too small for the hash as an invalid key (12000004).
  if (k <= 2 * hash.length + 2) {
    throw new HuksFailure(HksErr.INVALID_KEY_FILE,
      `a ${k}-byte modulus is too small for OAEP with ${hash.node}`);
  }
  const options = { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash.node };
  if (encrypt) {
    if (data.length > k - 2 * hash.length - 2) throw tooLong(data.length);
    return engine(() => toBytes(publicEncrypt(options, data)), 'OAEP encryption');
  }
  requireBlock(data, k);
  return engine(() => toBytes(privateDecrypt(options, data)), 'OAEP decryption');
}

function pkcs1(encrypt: boolean, key: KeyObject, k: number, data: Uint8Array): Uint8Array {
  if (encrypt) {
    if (data.length > k - 11) throw tooLong(data.length);
    return engine(() => toBytes(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data)),
      'PKCS#1 v1.5 encryption');
  }
  // Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809): raw RSA, then unpad here.
  const block = rawPrivate(key, k, data);
  const message = unpadPkcs1Type2(block);
  block.fill(0);
  if (message === undefined) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'PKCS#1 v1.5 decryption failed');
  }
  return message;
}

function raw(encrypt: boolean, key: KeyObject, k: number, data: Uint8Array): Uint8Array {
  if (encrypt) {
    requireBlock(data, k);
    return engine(() => toBytes(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, data)),
      'raw RSA encryption');
  }
  return rawPrivate(key, k, data);
}

function rawPrivate(key: KeyObject, k: number, data: Uint8Array): Uint8Array {
  requireBlock(data, k);
  return engine(() => toBytes(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, data)),
    'raw RSA decryption');
}

/** Raw blocks and ciphertexts are exactly k bytes; anything else is an engine failure. */
function requireBlock(data: Uint8Array, k: number): void {
  if (data.length !== k) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `input of ${data.length} bytes, need ${k}`);
  }
}

function tooLong(length: number): HuksFailure {
  return new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `plaintext of ${length} bytes is too long`);
}
