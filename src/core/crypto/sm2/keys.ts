/**
 * SM2 keys in the internal asymmetric format (keys/internal.ts): the §5.3 SPKI and an RFC 5915
 * PKCS #8 on the SM2 curve OID. A private-only import keeps no public point anywhere, because
 * export must refuse it and DIGEST SM3 signing must fail without it (algorithms.md §5).
 */

import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { toBigInt } from '../../keys/bytes.js';
import { DerError } from '../../keys/der.js';
import { decodeAsymKey, encodeAsymKey } from '../../keys/internal.js';
import { ecPkcs8, parseEcPkcs8 } from '../../keys/pkcs8.js';
import { encodeSpki, parseSpki } from '../../keys/spki.js';
import {
  encodePoint, isPrivateScalar, pointFromXY, scalarBytes, SM2_BYTES, type Sm2Point,
} from './curve.js';

export function sm2Spki(point: Sm2Point): Uint8Array {
  return encodeSpki({ kind: 'ec', curve: 'SM2', point: encodePoint(point) });
}

/** Internal material of a key: the private scalar, the public point, or both. */
export function encodeSm2Key(d: bigint | undefined, point: Sm2Point | undefined): Uint8Array {
  return encodeAsymKey({
    ...(point === undefined ? {} : { spki: sm2Spki(point) }),
    ...(d === undefined ? {} : { pkcs8: ecPkcs8('SM2', scalarBytes(d), SM2_BYTES) }),
  });
}

/** The stored private scalar. @throws HuksFailure -31 (12000006) without one */
export function privateScalarOf(material: Uint8Array): bigint {
  const key = decodeAsymKey(material);
  if (key.pkcs8 === undefined) throw engineFailure('the SM2 key has no private part');
  let d: bigint;
  try {
    d = toBigInt(parseEcPkcs8(key.pkcs8));
  } catch (error) {
    if (error instanceof DerError) throw corruptKey();
    throw error;
  }
  if (!isPrivateScalar(d)) throw corruptKey();
  return d;
}

/** The stored public point, or undefined for a private-only key. */
export function publicPointOf(material: Uint8Array): Sm2Point | undefined {
  const key = decodeAsymKey(material);
  if (key.spki === undefined) return undefined;
  try {
    const parsed = parseSpki(key.spki);
    if (parsed.kind === 'ec' && parsed.curve === 'SM2' && parsed.point.length === 65) {
      const point = pointFromXY(parsed.point.subarray(1, 33), parsed.point.subarray(33));
      if (point !== undefined) return point;
    }
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
  }
  throw corruptKey();
}

/** The public point, which the operation cannot do without. @throws HuksFailure -31 */
export function requirePublicPoint(material: Uint8Array): Sm2Point {
  const point = publicPointOf(material);
  if (point === undefined) throw engineFailure('the SM2 key has no public point');
  return point;
}

function engineFailure(detail: string): HuksFailure {
  return new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, detail);
}

function corruptKey(): HuksFailure {
  return new HuksFailure(HksErr.INVALID_KEY_FILE, 'stored SM2 key material is malformed');
}
