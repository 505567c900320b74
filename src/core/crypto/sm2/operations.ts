/**
 * SM2 sessions (algorithms.md §5): signing and verification with DIGEST SM3 (e = SM3(Z ‖ M),
 * default user ID) or NONE (the input is e), and encryption/decryption. Everything is cached
 * until finish, as the reference does; the core's operation layer enforces the 5 MiB limit.
 */

import { HuksKeyDigest as D, HuksKeyPurpose as U, HuksTag } from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { encodeDerSignature } from '../../keys/signature.js';
import { cachedOperation, cachedVerify } from '../asym/operations.js';
import type { CryptoOperation, OperationSpec } from '../family.js';
import { Sm2CipherError, sm2Decrypt, sm2Encrypt } from './cipher.js';
import { privateScalarOf, requirePublicPoint } from './keys.js';
import { signDigest, verifyDerDigest } from './signature.js';
import { messageDigest } from './sm3.js';

/** §5: the ECC bound with 256 bits, 2·(32 + 0) + 8 = 72 bytes. */
const MAX_SIGNATURE_BYTES = 72;
const E_BYTES = 32;

/** @throws HuksFailure -117 (12000003) for a digest other than SM3 or NONE */
export function sm2SignatureOperation(spec: OperationSpec): CryptoOperation {
  const digest = spec.runtime.getNumber(HuksTag.HUKS_TAG_DIGEST) ?? D.HUKS_DIGEST_NONE;
  if (digest !== D.HUKS_DIGEST_SM3 && digest !== D.HUKS_DIGEST_NONE) {
    throw new HuksFailure(HksErr.INVALID_DIGEST, `digest ${digest} is not an SM2 digest`);
  }
  const hashed = digest === D.HUKS_DIGEST_SM3;

  if (spec.purpose === U.HUKS_KEY_PURPOSE_SIGN) {
    const d = privateScalarOf(spec.material);
    return cachedOperation((data) => {
      // Z needs the public point: a private-only key cannot sign with SM3 (12000006).
      const e = hashed ? messageDigest(requirePublicPoint(spec.material), data) : requireE(data);
      return encodeDerSignature(signDigest(d, e));
    });
  }
  const point = requirePublicPoint(spec.material);
  return cachedVerify((data, signature) => {
    if (signature.length > MAX_SIGNATURE_BYTES) {
      throw new HuksFailure(HksErr.INVALID_SIGNATURE_SIZE,
        `signature of ${signature.length} bytes`);
    }
    const e = hashed ? messageDigest(point, data) : requireE(data);
    return verifyDerDigest(point, e, signature);
  });
}

/**
 * §5 encryption: ENCRYPT needs DIGEST SM3 (NONE is 12000003); DECRYPT ignores the digest.
 * @throws HuksFailure -117 (12000003) at init, -31 (12000006) for any bad ciphertext
 */
export function sm2CipherOperation(spec: OperationSpec): CryptoOperation {
  if (spec.purpose === U.HUKS_KEY_PURPOSE_ENCRYPT) {
    const digest = spec.runtime.getNumber(HuksTag.HUKS_TAG_DIGEST);
    if (digest !== D.HUKS_DIGEST_SM3) {
      throw new HuksFailure(HksErr.INVALID_DIGEST, 'SM2 encryption needs DIGEST SM3');
    }
    const point = requirePublicPoint(spec.material);
    return cachedOperation((data) => cipherStep(() => sm2Encrypt(point, data)));
  }
  const d = privateScalarOf(spec.material);
  return cachedOperation((data) => cipherStep(() => sm2Decrypt(d, data)));
}

/** SM2 has no key agreement: the update (and a finish without it) is 401 (§5). */
export function sm2AgreementRefusal(): CryptoOperation {
  const refuse = (): never => {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'SM2 key agreement is not supported');
  };
  return { update: refuse, finish: refuse };
}

/** DIGEST NONE: the data is e itself, exactly 32 bytes (401 otherwise). */
function requireE(data: Uint8Array): Uint8Array {
  if (data.length !== E_BYTES) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `SM2 DIGEST NONE input of ${data.length} bytes`);
  }
  return data;
}

/** One failure for every ciphertext problem, whichever check caught it. */
function cipherStep(run: () => Uint8Array): Uint8Array {
  try {
    return run();
  } catch (error) {
    if (error instanceof Sm2CipherError) {
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'SM2 encryption or decryption failed');
    }
    throw error;
  }
}
