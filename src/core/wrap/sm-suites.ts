/**
 * Unwrap suites 3 and 4 (key-formats.md §8.4): the wrapping SM2 key opens `KEK [‖ signature]`,
 * the GM KDF turns KEK and two factors into an SM4 key and an HMAC-SM3 key, the MAC is checked
 * and SM4-CBC-PKCS7 opens the key. Suite 3 also verifies the sender's SM2 signature over KEK.
 */

import { HuksKeyAlg as A, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { signatureValid } from './sm2-signature.js';
import { concatBytes, wipe } from '../keys/bytes.js';
import { gmKdf } from '../crypto/sm2/sm3.js';
import type { CoreKey } from '../types.js';
import { readSizePart, requireParts, wrappedFormat } from './lv.js';
import { sm2PointFromSpki, unwrapWithSm2 } from './sm2-keys.js';
import { hmacSm3, macMatches, sm4CbcDecrypt } from './symmetric.js';

/** Suite 3: "SM2_SM4_128_CBC_PKCS7_WITH_VERIFY_DIG_SM3" (not in the JS enum). */
export const SUITE_SM2_SM4_CBC_VERIFY = 3;
/** Suite 4: "SM2_SM4_128_CBC_PKCS7". */
export const SUITE_SM2_SM4_CBC = 4;

/** Length fields of these suites are bounded by 2048 bytes. */
const MAX_FIELD = 2048;
const SM4_KEY_BYTES = 16;
const MAC_BYTES = 32;
const IV_BYTES = 16;
/**
 * HKS_ERROR_HASH_NOT_EQUAL: the reference returns a raw comparison result here, which has no
 * adapter row and so reaches callers as 12000012 "HUKS operation failed." ([REC] §8.4 step 4).
 */
const MAC_MISMATCH = -20;

/**
 * Opens a suite 3/4 blob and returns the key data, truncated to its declared size.
 * @throws HuksFailure -3/-126/-7 (401) parameters and parts, -31 (12000006) SM2, signature and
 *   padding failures, -20 (12000012) MAC mismatch
 */
export function openSmSuite(suite: number, wrapping: CoreKey, params: ParamSet,
  parts: readonly Uint8Array[]): Uint8Array {
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  if (algorithm !== A.HUKS_ALG_SM4 && algorithm !== A.HUKS_ALG_SM2) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'suites 3 and 4 import SM4 or SM2 keys only');
  }
  const verify = suite === SUITE_SM2_SM4_CBC_VERIFY;
  const all = requireParts(parts, verify ? 10 : 8);
  const [sender, sigLengthPart] = verify ? all.splice(0, 2) : [undefined, undefined];
  const [sealed, kekLengthPart, factor1, factor2, mac, keyCt, iv, sizePart] =
    all as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array,
      Uint8Array, Uint8Array];
  const sigLength = sigLengthPart === undefined ? 0
    : readSizePart(sigLengthPart, 'signature length', 1, MAX_FIELD);
  const kekLength = readSizePart(kekLengthPart, 'KEK length', 1, MAX_FIELD);
  const size = readSizePart(sizePart, 'key material size', 1, MAX_FIELD);
  if (mac.length !== MAC_BYTES || iv.length !== IV_BYTES) throw wrappedFormat('MAC or IV size');

  const opened = unwrapWithSm2(wrapping, sealed);
  if (opened.length > kekLength + sigLength) {
    throw new HuksFailure(HksErr.BUFFER_TOO_SMALL, 'SM2 plaintext longer than its buffer');
  }
  if (opened.length <= sigLength) throw wrappedFormat('no KEK before the signature');
  const kek = opened.subarray(0, opened.length - sigLength);
  if (sender !== undefined && !signatureValid(sm2PointFromSpki(sender),
    kek, opened.subarray(kek.length))) {
    wipe(opened);
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'the sender signature does not verify');
  }

  const kek1 = gmKdf(concatBytes(kek, factor1), SM4_KEY_BYTES);
  const kek2 = gmKdf(concatBytes(kek, factor2), SM4_KEY_BYTES);
  wipe(opened);
  try {
    if (!macMatches(hmacSm3(kek2, keyCt), mac)) {
      throw new HuksFailure(MAC_MISMATCH, 'the wrapped key MAC does not match');
    }
    const plain = sm4CbcDecrypt(kek1, iv, keyCt);
    if (size > plain.length) throw wrappedFormat('key material size beyond the plaintext');
    return plain.subarray(0, size);
  } finally {
    wipe(kek1, kek2);
  }
}
