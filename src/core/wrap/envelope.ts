/**
 * Unwrap suite 5, the SM2 + SM4-ECB digital envelope (key-formats.md §8.5): the wrapping SM2
 * key opens a fresh SM4 key, which opens the key (for an asymmetric key only its private
 * component; the public part travels in HUKS_TAG_ASYMMETRIC_PUBLIC_KEY_DATA).
 */

import {
  HuksImportKeyType, HuksKeyAlg as A, HuksTag as T, HuksUnwrapSuite,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { spkiToPubInfo } from '../crypto/asym/import-rules.js';
import { readMaterial, writeMaterial } from '../keys/material.js';
import { layoutOf, rawCurve25519PubInfo } from '../keys/pub-info.js';
import type { CoreKey } from '../types.js';
import { requireParts } from './lv.js';
import { unwrapWithSm2 } from './sm2-keys.js';
import { sm4Ecb } from './symmetric.js';

const SM4_KEY_BYTES = 16;

export function isEnvelope(params: ParamSet): boolean {
  const suite = params.getNumber(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE);
  return suite === HuksUnwrapSuite.HUKS_UNWRAP_SUITE_SM2_SM4_ECB_NOPADDING;
}

/** IMPORT_KEY_TYPE PUBLIC_KEY: the envelope is bypassed by a plain import. */
export function isEnvelopedPublicKey(params: ParamSet): boolean {
  return isEnvelope(params) && params.getNumber(T.HUKS_TAG_IMPORT_KEY_TYPE)
    === HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY;
}

/**
 * The client-side checks of suite 5, which the reference runs before anything else.
 * @throws HuksFailure -101 (12000002) without KEY_SIZE, -113 (12000003) when ⌊KEY_SIZE/8⌋ is
 *   not a multiple of 16 (only for a key that is not a public key)
 */
export function checkEnvelopeParams(params: ParamSet): void {
  const keySize = params.getNumber(T.HUKS_TAG_KEY_SIZE);
  if (keySize === undefined) {
    throw new HuksFailure(HksErr.CHECK_GET_KEY_SIZE_FAIL, 'the envelope needs KEY_SIZE');
  }
  if (!isEnvelopedPublicKey(params) && Math.floor(keySize / 8) % SM4_KEY_BYTES !== 0) {
    throw new HuksFailure(HksErr.INVALID_KEY_SIZE, `KEY_SIZE ${keySize} does not fit SM4 blocks`);
  }
}

/**
 * The public key bytes a PUBLIC_KEY envelope imports in the plain way.
 * @throws HuksFailure -3 (401) without HUKS_TAG_ASYMMETRIC_PUBLIC_KEY_DATA
 */
export function envelopePublicKey(params: ParamSet): Uint8Array {
  const data = params.getBytes(T.HUKS_TAG_ASYMMETRIC_PUBLIC_KEY_DATA);
  if (data === undefined || data.length === 0) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'ASYMMETRIC_PUBLIC_KEY_DATA is missing');
  }
  return data;
}

/**
 * Opens the envelope: the raw key of a symmetric algorithm, or the private/pair material of an
 * asymmetric one assembled from the public-key tag and the decrypted private component.
 * @throws HuksFailure -113 (12000003) part 1 not ⌈KEY_SIZE/8⌉ bytes, -3/-126 (401) parts,
 *   public key, DSA, -31 (12000006) SM2 failures
 */
export function openEnvelope(wrapping: CoreKey, params: ParamSet,
  parts: readonly Uint8Array[]): Uint8Array {
  const [sealedKey, keyCt] = requireParts(parts, 2) as [Uint8Array, Uint8Array];
  const keySize = params.getNumber(T.HUKS_TAG_KEY_SIZE)!;
  if (keyCt.length !== Math.ceil(keySize / 8)) {
    throw new HuksFailure(HksErr.INVALID_KEY_SIZE, `part 1 is not KEY_SIZE ${keySize} long`);
  }
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  const layout = algorithm === undefined ? undefined : layoutOf(algorithm);
  if (algorithm === A.HUKS_ALG_DSA) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'DSA keys cannot travel in an envelope');
  }
  // The public part is converted before any decryption, as the reference's client does.
  const publicInfo = layout === undefined ? undefined : publicInfoOf(algorithm!, params);

  const sm4Key = unwrapWithSm2(wrapping, sealedKey);
  if (sm4Key.length !== SM4_KEY_BYTES) {
    sm4Key.fill(0);
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'the envelope key is not an SM4 key');
  }
  const plain = sm4Ecb(false, sm4Key, keyCt);
  sm4Key.fill(0);
  if (publicInfo === undefined || layout === undefined) return plain;
  const pub = readMaterial(publicInfo, layout);
  const components = [...pub.parts.slice(0, -1), plain];
  const material = writeMaterial({ alg: pub.alg, keySize: pub.keySize, parts: components },
    layout);
  plain.fill(0);
  return material;
}

function publicInfoOf(algorithm: number, params: ParamSet): Uint8Array {
  const data = envelopePublicKey(params);
  if (algorithm !== A.HUKS_ALG_X25519 && algorithm !== A.HUKS_ALG_ED25519) {
    return spkiToPubInfo(data);
  }
  if (data.length !== 32) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'a Curve25519 public key is 32 raw bytes');
  }
  return rawCurve25519PubInfo(algorithm, data);
}
