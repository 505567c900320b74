/**
 * SM2 keys (algorithms.md §5; key-formats.md §3.2, §5.3, §6, §7.3): GB/T 32918 signatures with
 * SM3 or a given e, and public-key encryption. Node 20 cannot do SM2, so the scheme runs on
 * @noble/curves' point arithmetic (sm2/curve.ts) with node:crypto's SM3.
 */

import { HuksKeyAlg, HuksKeyPurpose as U } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { toBigInt } from '../keys/bytes.js';
import { Layout, materialLength } from '../keys/material.js';
import {
  checkHeader, importTypeOf, invalidKeyInfo, readImported, requireLength, spkiToPubInfo,
  takePrivateBlob,
} from './asym/import-rules.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import {
  isPrivateScalar, pointFromXY, randomPrivateScalar, SM2_BYTES, Sm2Curve, type Sm2Point,
} from './sm2/curve.js';
import { encodeSm2Key } from './sm2/keys.js';
import {
  sm2AgreementRefusal, sm2CipherOperation, sm2SignatureOperation,
} from './sm2/operations.js';
import { exportStoredSpki } from './asym/export-spki.js';

/**
 * @throws HuksFailure -3/-19 (401) bad SPKI, material or DIGEST NONE input, -117 (12000003)
 *   SM2 encryption without DIGEST SM3, -118 (12000003) signature size, -112 (12000003) no
 *   operation for the purpose, -4 (12000001) export of a private-only key, -31 (12000006)
 *   verification and decryption failures, SM3 signing with a private-only key
 */
export const sm2Family: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_SM2,

  generate() {
    const d = randomPrivateScalar();
    return encodeSm2Key(d, Sm2Curve.BASE.multiply(d));
  },

  parseImport(params, inData) {
    return importTypeOf(params) === 'public' ? spkiToPubInfo(inData) : takePrivateBlob(inData);
  },

  checkImport(params, material) {
    const type = importTypeOf(params);
    const parsed = readImported(material, Layout.ECC);
    checkHeader(parsed, params);
    // §3.2 [REC]: the engine needs the exact length and components of at most 32 bytes, so a
    // material it could never use is refused here rather than at every operation.
    if (materialLength(parsed, Layout.ECC) !== material.length) {
      throw invalidKeyInfo('SM2 material has trailing bytes');
    }
    const [x, y, z] = parsed.parts as [Uint8Array, Uint8Array, Uint8Array];
    const withPoint = type !== 'private' || x.length > 0 || y.length > 0;
    requireLength(x, 'x', withPoint ? 1 : 0, SM2_BYTES);
    requireLength(y, 'y', withPoint ? 1 : 0, SM2_BYTES);
    requireLength(z, 'z', type === 'public' ? 0 : 1, type === 'public' ? 0 : SM2_BYTES);
    const point = withPoint ? curvePoint(x, y) : undefined;
    if (type === 'public') return encodeSm2Key(undefined, point);

    const d = toBigInt(z);
    if (!isPrivateScalar(d)) throw invalidKeyInfo('SM2 private scalar out of range');
    return encodeSm2Key(d, point);
  },

  exportPublic: (_params, material) => exportStoredSpki(material, 'SM2'),

  createOperation(spec: OperationSpec): CryptoOperation {
    const own = spec.algorithm === HuksKeyAlg.HUKS_ALG_SM2;
    if (own && (spec.purpose === U.HUKS_KEY_PURPOSE_SIGN
      || spec.purpose === U.HUKS_KEY_PURPOSE_VERIFY)) {
      return sm2SignatureOperation(spec);
    }
    if (own && (spec.purpose === U.HUKS_KEY_PURPOSE_ENCRYPT
      || spec.purpose === U.HUKS_KEY_PURPOSE_DECRYPT)) {
      return sm2CipherOperation(spec);
    }
    if (spec.purpose === U.HUKS_KEY_PURPOSE_AGREE) return sm2AgreementRefusal();
    throw new HuksFailure(HksErr.INVALID_ALGORITHM,
      `no SM2 operation for purpose ${spec.purpose} with algorithm ${spec.algorithm}`);
  },
};

/** A public point of the material; one off the curve is invalid key information (401). */
function curvePoint(x: Uint8Array, y: Uint8Array): Sm2Point {
  const point = pointFromXY(x, y);
  if (point === undefined) throw invalidKeyInfo('SM2 public point is not on the curve');
  return point;
}
