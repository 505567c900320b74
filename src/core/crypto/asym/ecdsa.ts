/**
 * ECDSA sessions (algorithms.md §4): a running hash through node:crypto for a real digest, or
 * the cached prehashed value for DIGEST NONE. Signatures are DER (key-formats.md §6).
 */

import { HuksKeyDigest, HuksKeyPurpose, HuksTag } from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { padTo } from '../../keys/bytes.js';
import type { CurveInfo } from '../../keys/curves.js';
import { DerError } from '../../keys/der.js';
import { decodeDerSignature, encodeDerSignature } from '../../keys/signature.js';
import { decodeEcPoint, uncompressedPoint } from '../../keys/ec-point.js';
import { parseEcPkcs8 } from '../../keys/pkcs8.js';
import { parseSpki } from '../../keys/spki.js';
import type { CryptoOperation, OperationSpec } from '../family.js';
import { digestByLength, digestSpec } from './digest.js';
import { signPrehashed, verifyPrehashed } from './ecdsa-prehashed.js';
import type { InitKey } from './key-objects.js';
import { cachedOperation, cachedVerify, hashedSign, hashedVerify, toBytes } from './operations.js';

export function ecdsaOperation(spec: OperationSpec, key: InitKey, curve: CurveInfo)
  : CryptoOperation {
  const sign = spec.purpose === HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN;
  const digest = spec.runtime.getNumber(HuksTag.HUKS_TAG_DIGEST) ?? HuksKeyDigest.HUKS_DIGEST_NONE;
  const keyObject = sign ? key.privateKey() : key.publicKey();
  const checkSize = (sig: Uint8Array): boolean => checkSignatureSize(curve, sig);

  if (digest !== HuksKeyDigest.HUKS_DIGEST_NONE) {
    const hash = digestSpec(digest);
    if (hash === undefined || digest === HuksKeyDigest.HUKS_DIGEST_MD5) {
      throw new HuksFailure(HksErr.INVALID_DIGEST, `digest ${digest} is not an ECDSA digest`);
    }
    const options = { key: keyObject, dsaEncoding: 'der' as const };
    return sign
      ? hashedSign(hash.node, options)
      : hashedVerify(hash.node, (verifier, sig) => checkSize(sig) && verifier.verify(options, sig));
  }

  if (sign) {
    const d = padTo(parseEcPkcs8(key.decoded.pkcs8!), curve.fieldBytes)!;
    return cachedOperation((hash) => {
      requireHashLength(hash);
      return encodeDerSignature(signPrehashed(curve.name, d, hash));
    });
  }
  const spki = parseSpki(toBytes(keyObject.export({ type: 'spki', format: 'der' })));
  const point = decodeEcPoint(curve, (spki as { point: Uint8Array }).point);
  return cachedVerify((hash, sig) => {
    requireHashLength(hash);
    checkSize(sig);
    let pair;
    try {
      pair = decodeDerSignature(sig);
    } catch (error) {
      if (error instanceof DerError) return false;
      throw error;
    }
    return verifyPrehashed(curve.name, uncompressedPoint(point), hash, pair, curve.fieldBytes);
  });
}

/**
 * A signature longer than 2·(⌊bits/8⌋ + bits mod 8) + 8 bytes is an invalid size (12000003):
 * 64, 72, 104 and 140 bytes for P-224/256/384/521.
 */
function checkSignatureSize(curve: CurveInfo, sig: Uint8Array): boolean {
  const bits = curve.keySize;
  const limit = 2 * (Math.floor(bits / 8) + (bits % 8)) + 8;
  if (sig.length > limit) {
    throw new HuksFailure(HksErr.INVALID_SIGNATURE_SIZE, `signature of ${sig.length} bytes`);
  }
  return true;
}

/** DIGEST NONE: the input must be a hash of a known length, else 401. */
function requireHashLength(hash: Uint8Array): void {
  if (digestByLength(hash.length) === undefined) {
    throw new HuksFailure(HksErr.INVALID_KEY_INFO, `${hash.length} bytes is not a hash length`);
  }
}
