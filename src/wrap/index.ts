/**
 * The server side of importWrappedKeyItem: builds the wrapped blob (key-formats.md §8) for a
 * keystore's exported wrapping public key, so that a server can prepare a key for a device
 * without ever seeing the device's wrapping private key. Package subpath `openhuks/wrap`.
 */

import { HuksUnwrapSuite } from '../common/enums.js';
import { pubInfoFromSpki, rawCurve25519PubInfo } from '../core/keys/pub-info.js';
import { parseSpki } from '../core/keys/spki.js';
import { wrapForEcdhP256, wrapForX25519 } from './agreement.js';
import { wrapForSm2Cbc, wrapForSm2Envelope } from './sm.js';

/** Suite numbers, including the C-API-only 3 and 4 (tags.md HuksUnwrapSuite). */
export const WrapSuite = Object.freeze({
  X25519_AES_256_GCM: HuksUnwrapSuite.HUKS_UNWRAP_SUITE_X25519_AES_256_GCM_NOPADDING,
  ECDH_AES_256_GCM: HuksUnwrapSuite.HUKS_UNWRAP_SUITE_ECDH_AES_256_GCM_NOPADDING,
  SM2_SM4_CBC_VERIFY: 3,
  SM2_SM4_CBC: 4,
  SM2_SM4_ECB_ENVELOPE: HuksUnwrapSuite.HUKS_UNWRAP_SUITE_SM2_SM4_ECB_NOPADDING,
} as const);

export interface WrapRequest {
  /** HUKS_TAG_UNWRAP_ALGORITHM_SUITE the device will pass (1 to 5). */
  readonly suite: number;
  /**
   * The device's wrapping public key as exportKeyItem gives it: raw X25519 (suite 1), a P-256
   * SPKI (suite 2), an SM2 SPKI (suites 3-5).
   */
  readonly wrappingPublicKey: Uint8Array;
  /**
   * What the device imports. Suites 1-4: a raw symmetric key, key material (key-formats.md §3)
   * or, for a public key, its inner form (see `innerPublicKey`). Suite 5: a raw symmetric key or
   * the private component alone.
   */
  readonly key: Uint8Array;
  /** Suites 1/2: additional authenticated data for both GCM layers (random when absent). */
  readonly aad?: Uint8Array;
  /** Suite 3: the sender's SM2 private key d (32 bytes), whose signature the device checks. */
  readonly signerPrivateKey?: Uint8Array;
}

/**
 * The wrapped blob for importWrappedKeyItem's `inData`.
 * @throws RangeError for an unknown suite or a key that does not fit it
 */
export function wrapKey(request: WrapRequest): Uint8Array {
  const { suite, wrappingPublicKey: wrapping, key } = request;
  const aad = request.aad === undefined ? {} : { aad: request.aad };
  switch (suite) {
    case WrapSuite.X25519_AES_256_GCM:
      return wrapForX25519(wrapping, key, aad);
    case WrapSuite.ECDH_AES_256_GCM:
      return wrapForEcdhP256(wrapping, key, aad);
    case WrapSuite.SM2_SM4_CBC_VERIFY:
    case WrapSuite.SM2_SM4_CBC: {
      const signer = request.signerPrivateKey;
      return wrapForSm2Cbc(suite === WrapSuite.SM2_SM4_CBC_VERIFY, wrapping, key,
        signer === undefined ? {} : { signerPrivateKey: signer });
    }
    case WrapSuite.SM2_SM4_ECB_ENVELOPE:
      return wrapForSm2Envelope(wrapping, key);
    default:
      throw new RangeError(`unknown unwrap suite ${suite}`);
  }
}

/**
 * A public key in the inner format wrapped imports take (key-formats.md §3.6, §8.3): from an
 * SPKI, or from raw 32 bytes for X25519/Ed25519 (`algorithm` = HuksKeyAlg).
 * @throws Error when the bytes are not a usable public key
 */
export function innerPublicKey(publicKey: Uint8Array, algorithm?: number): Uint8Array {
  if (publicKey.length === 32 && algorithm !== undefined) {
    return rawCurve25519PubInfo(algorithm, publicKey);
  }
  return pubInfoFromSpki(parseSpki(publicKey));
}
