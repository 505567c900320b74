/** EC points of SPKI keys: decoding (compressed or not) and validation through node:crypto. */

import { ECDH, createPublicKey } from 'node:crypto';

import { concatBytes } from './bytes.js';
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
  let full: Buffer;
  try {
    // Loading the SPKI makes OpenSSL check the point; convertKey then uncompresses it (JWK
    // export would not do: node has no JWK name for P-224).
    const der = encodeSpki({ kind: 'ec', curve: curve.name, point });
    createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    full = ECDH.convertKey(point, curve.nodeName, undefined, undefined, 'uncompressed') as Buffer;
  } catch {
    throw new DerError(`not a point of ${curve.name}`);
  }
  if (full.length !== 1 + 2 * curve.fieldBytes) throw new DerError('point of the wrong size');
  const x = new Uint8Array(full.subarray(1, 1 + curve.fieldBytes));
  return { x, y: new Uint8Array(full.subarray(1 + curve.fieldBytes)) };
}

export function uncompressedPoint(xy: EcXY): Uint8Array {
  return concatBytes(Uint8Array.of(4), xy.x, xy.y);
}
