/**
 * ECC keys on the NIST curves (algorithms.md §4, §8.1; key-formats.md §3.2, §5.2): ECDSA when
 * the init ALGORITHM is ECC, ECDH agreement when it is HUKS_ALG_ECDH.
 */

import { createECDH, generateKeyPairSync } from 'node:crypto';

import { HuksKeyAlg, HuksKeyPurpose, HuksTag } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { padTo, toBigInt } from '../keys/bytes.js';
import { curveBySize, type CurveInfo } from '../keys/curves.js';
import { DerError } from '../keys/der.js';
import { decodeEcPoint, uncompressedPoint } from '../keys/ec-point.js';
import { encodeAsymKey } from '../keys/internal.js';
import { Layout } from '../keys/material.js';
import { ecPkcs8 } from '../keys/pkcs8.js';
import { encodeSpki, parseSpki } from '../keys/spki.js';
import { ecdhOperation } from './asym/ecdh.js';
import { ecdsaOperation } from './asym/ecdsa.js';
import { curveOrder } from './asym/ecdsa-prehashed.js';
import {
  checkHeader, checkImportPurpose, importTypeOf, invalidKeyInfo, readImported, requireLength,
  spkiToPubInfo, takePrivateBlob,
} from './asym/import-rules.js';
import { fromKeyPair, InitKey } from './asym/key-objects.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import { exportStoredSpki } from './asym/export-spki.js';

const P = HuksKeyPurpose;

/** Component limit of the ECC material checks (key-formats.md §3.2). */
const MAX_COMPONENT = 521;

/**
 * @throws HuksFailure -3/-19 (401) bad SPKI, material, hash length, ECDH KEY_SIZE or peer
 *   encoding, -115 (12000003) purpose per import type, -118 (12000003) signature size, -112
 *   (12000003) no operation for the init algorithm, -4 (12000001) export of a private-only key,
 *   -31 (12000006) engine, peer curve and verification failures
 */
export const eccFamily: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_ECC,

  generate(params) {
    const curve = curveOf(params);
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve.nodeName });
    return fromKeyPair(publicKey, privateKey);
  },

  parseImport(params, inData) {
    return importTypeOf(params) === 'public' ? spkiToPubInfo(inData) : takePrivateBlob(inData);
  },

  checkImport(params, material) {
    const type = importTypeOf(params);
    const parsed = readImported(material, Layout.ECC);
    checkHeader(parsed, params);
    const [x, y, z] = parsed.parts as [Uint8Array, Uint8Array, Uint8Array];
    const curve = curveOf(params);
    if (type === 'public') {
      requireLength(x, 'x', 1, MAX_COMPONENT);
      requireLength(y, 'y', 1, MAX_COMPONENT);
      checkImportPurpose(params,
        [P.HUKS_KEY_PURPOSE_VERIFY, P.HUKS_KEY_PURPOSE_AGREE, P.HUKS_KEY_PURPOSE_UNWRAP], type);
      return encodeAsymKey({ spki: publicSpki(curve, x, y) });
    }
    requireLength(x, 'x', type === 'pair' ? 1 : 0, MAX_COMPONENT);
    requireLength(y, 'y', type === 'pair' ? 1 : 0, MAX_COMPONENT);
    requireLength(z, 'z', 1, MAX_COMPONENT);
    if (type === 'private') {
      checkImportPurpose(params,
        [P.HUKS_KEY_PURPOSE_SIGN, P.HUKS_KEY_PURPOSE_AGREE, P.HUKS_KEY_PURPOSE_UNWRAP], type);
    }
    const d = toBigInt(z);
    if (d < 1n || d >= curveOrder(curve.name)) throw invalidKeyInfo('private scalar out of range');
    // A private-only import keeps no public part: exportKeyItem must refuse it (§5.7).
    const spki = x.length > 0 && y.length > 0 ? publicSpki(curve, x, y) : undefined;
    // The PKCS #8 carries a public point either way, so loading it costs no scalar
    // multiplication; a private-only key still stores no SPKI, so its export is refused.
    const point = spki === undefined
      ? derivedPoint(curve, z)
      : (parseSpki(spki) as { point: Uint8Array }).point;
    return encodeAsymKey({
      ...(spki === undefined ? {} : { spki }),
      pkcs8: ecPkcs8(curve.name, z, curve.fieldBytes, point),
    });
  },

  exportPublic: (_params, material) => exportStoredSpki(material, 'ECC'),

  createOperation(spec: OperationSpec): CryptoOperation {
    const key = new InitKey(spec);
    const curve = curveOf(spec.keyParams);
    const sign = spec.purpose === P.HUKS_KEY_PURPOSE_SIGN
      || spec.purpose === P.HUKS_KEY_PURPOSE_VERIFY;
    if (sign && spec.algorithm === HuksKeyAlg.HUKS_ALG_ECC) return ecdsaOperation(spec, key, curve);
    if (spec.purpose === P.HUKS_KEY_PURPOSE_AGREE && spec.algorithm === HuksKeyAlg.HUKS_ALG_ECDH) {
      return ecdhOperation(spec, key.decoded, curve);
    }
    throw new HuksFailure(HksErr.INVALID_ALGORITHM,
      `no ECC operation for purpose ${spec.purpose} with algorithm ${spec.algorithm}`);
  },
};

function curveOf(params: ParamSet): CurveInfo {
  const size = params.getNumber(HuksTag.HUKS_TAG_KEY_SIZE);
  const curve = size === undefined ? undefined : curveBySize(size);
  if (curve === undefined) {
    throw new HuksFailure(HksErr.INVALID_KEY_SIZE, `no curve of ${size} bits`);
  }
  return curve;
}

/** The canonical SPKI of (x, y); a point off the curve is invalid key information (401). */
function publicSpki(curve: CurveInfo, x: Uint8Array, y: Uint8Array): Uint8Array {
  try {
    const xy = decodeEcPoint(curve, uncompressedPoint({
      x: padOrFail(x, curve.fieldBytes), y: padOrFail(y, curve.fieldBytes),
    }));
    return encodeSpki({ kind: 'ec', curve: curve.name, point: uncompressedPoint(xy) });
  } catch (error) {
    if (error instanceof DerError) throw invalidKeyInfo(error.message);
    throw error;
  }
}

function derivedPoint(curve: CurveInfo, z: Uint8Array): Uint8Array {
  const ecdh = createECDH(curve.nodeName);
  ecdh.setPrivateKey(padOrFail(z, curve.fieldBytes));
  return new Uint8Array(ecdh.getPublicKey());
}

function padOrFail(value: Uint8Array, length: number): Uint8Array {
  const padded = padTo(value, length);
  if (padded === undefined) throw invalidKeyInfo('coordinate longer than the field');
  return padded;
}
