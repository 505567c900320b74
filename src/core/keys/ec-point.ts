/** EC points of SPKI keys: decoding (compressed or not) and validation through node:crypto. */

import { createPublicKey } from 'node:crypto';

import { concatBytes, fromBase64Url, padTo } from './bytes.js';
import { DerError } from './der.js';
import type { CurveInfo } from './curves.js';
import { encodeSpki } from './spki.js';

export interface EcXY {
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

/**
 * The affine coordinates of a point, each padded to the field size. OpenSSL rejects points off
 * the curve and the point at infinity.
 * @throws DerError when the point is not a valid point of the curve.
 */
export function decodeEcPoint(curve: CurveInfo, point: Uint8Array): EcXY {
  let jwk;
  try {
    const der = encodeSpki({ kind: 'ec', curve: curve.name, point });
    jwk = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).export({
      format: 'jwk',
    });
  } catch {
    throw new DerError(`not a point of ${curve.name}`);
  }
  const x = padTo(fromBase64Url(jwk.x ?? ''), curve.fieldBytes);
  const y = padTo(fromBase64Url(jwk.y ?? ''), curve.fieldBytes);
  if (x === undefined || y === undefined) throw new DerError('coordinate longer than the field');
  return { x, y };
}

export function uncompressedPoint(xy: EcXY): Uint8Array {
  return concatBytes(Uint8Array.of(4), xy.x, xy.y);
}
