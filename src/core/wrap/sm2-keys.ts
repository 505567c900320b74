/**
 * The SM2 side of the SM suites (key-formats.md §8.4, §8.5): decryption with the wrapping key
 * and the sender's SPKI for suite 3's signature.
 */

import { HuksKeyAlg, HuksTag } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { pointFromXY, type Sm2Point } from '../crypto/sm2/curve.js';
import { Sm2CipherError, sm2Decrypt } from '../crypto/sm2/cipher.js';
import { privateScalarOf } from '../crypto/sm2/keys.js';
import { DerError } from '../keys/der.js';
import { parseSpki } from '../keys/spki.js';
import type { CoreKey } from '../types.js';

/**
 * SM2-decrypts `ciphertext` (§7.3) with the wrapping key.
 * @throws HuksFailure -31 (12000006) when the key is not SM2 or the ciphertext does not open
 */
export function unwrapWithSm2(wrapping: CoreKey, ciphertext: Uint8Array): Uint8Array {
  if (wrapping.properties.getNumber(HuksTag.HUKS_TAG_ALGORITHM) !== HuksKeyAlg.HUKS_ALG_SM2) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'the suite needs an SM2 wrapping key');
  }
  const d = privateScalarOf(wrapping.material);
  try {
    return sm2Decrypt(d, ciphertext);
  } catch (error) {
    if (error instanceof Sm2CipherError) {
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'the SM2 ciphertext does not open');
    }
    throw error;
  }
}

/** An SM2 SPKI (§5.3) as a curve point. @throws HuksFailure -3 (401) otherwise */
export function sm2PointFromSpki(spki: Uint8Array): Sm2Point {
  let point: Sm2Point | undefined;
  try {
    const parsed = parseSpki(spki);
    if (parsed.kind === 'ec' && parsed.curve === 'SM2' && parsed.point.length === 65) {
      point = pointFromXY(parsed.point.subarray(1, 33), parsed.point.subarray(33));
    }
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
  }
  if (point === undefined) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'the sender key is not an SM2 SPKI');
  }
  return point;
}
