/**
 * HksPubKeyInfo, the inner public-key format (key-formats.md §3.6): what importKeyItem converts
 * an SPKI (or raw Curve25519 bytes) into before the core compares its header with ALGORITHM and
 * KEY_SIZE, and what wrapped import of a public key carries (§8.3).
 */

import { HuksKeyAlg } from '../../common/enums.js';
import { bitLength, stripZeros } from './bytes.js';
import { curveByName } from './curves.js';
import { DerError } from './der.js';
import { decodeEcPoint } from './ec-point.js';
import { Layout, writeMaterial, type MaterialLayout } from './material.js';
import type { EcCurveName } from './oids.js';
import type { PublicKeyData } from './spki.js';

const EMPTY = new Uint8Array(0);

/** The material layout of an algorithm's keys, or undefined for a non-material algorithm. */
export function layoutOf(alg: number): MaterialLayout | undefined {
  switch (alg) {
    case HuksKeyAlg.HUKS_ALG_RSA:
      return Layout.RSA;
    case HuksKeyAlg.HUKS_ALG_ECC:
    case HuksKeyAlg.HUKS_ALG_SM2:
    case HuksKeyAlg.HUKS_ALG_ECDH:
      return Layout.ECC;
    case HuksKeyAlg.HUKS_ALG_DSA:
      return Layout.DSA;
    case HuksKeyAlg.HUKS_ALG_DH:
    case HuksKeyAlg.HUKS_ALG_X25519:
    case HuksKeyAlg.HUKS_ALG_ED25519:
      return Layout.PAIR;
    default:
      return undefined;
  }
}

/**
 * Converts a parsed SPKI into the inner format with the key sizes of the §3.6 table.
 * @throws DerError when an EC point is not on its curve.
 */
export function pubInfoFromSpki(key: PublicKeyData): Uint8Array {
  switch (key.kind) {
    case 'rsa': {
      const n = stripZeros(key.n);
      const parts = [n, stripZeros(key.e), EMPTY];
      return writeMaterial({ alg: HuksKeyAlg.HUKS_ALG_RSA, keySize: 8 * n.length, parts },
        Layout.RSA);
    }
    case 'ec':
      return ecPubInfo(key.curve, key.point);
    case 'dsa': {
      const y = stripZeros(key.y);
      const parts = [EMPTY, y, stripZeros(key.p), stripZeros(key.q), stripZeros(key.g)];
      // The reference derives keySize from y alone (y length rounded up to 8 bytes, in bits).
      const keySize = Math.ceil(y.length / 8) * 64;
      return writeMaterial({ alg: HuksKeyAlg.HUKS_ALG_DSA, keySize, parts }, Layout.DSA);
    }
    case 'dh': {
      const parts = [stripZeros(key.y), EMPTY];
      return writeMaterial({ alg: HuksKeyAlg.HUKS_ALG_DH, keySize: bitLength(key.p), parts },
        Layout.PAIR);
    }
    case 'x25519':
    case 'ed25519':
      return rawCurve25519PubInfo(
        key.kind === 'x25519' ? HuksKeyAlg.HUKS_ALG_X25519 : HuksKeyAlg.HUKS_ALG_ED25519,
        key.raw,
      );
  }
}

/** The inner form of a raw 32-byte X25519/Ed25519 public key. */
export function rawCurve25519PubInfo(alg: number, raw: Uint8Array): Uint8Array {
  return writeMaterial({ alg, keySize: 256, parts: [raw, EMPTY] }, Layout.PAIR);
}

function ecPubInfo(curveName: EcCurveName, point: Uint8Array): Uint8Array {
  if (curveName === 'SM2') {
    // SM2 keeps minimal coordinates (key-formats.md §3.6); only the uncompressed form is read.
    if (point.length !== 65 || point[0] !== 4) throw new DerError('SM2 point not uncompressed');
    const parts = [stripZeros(point.subarray(1, 33)), stripZeros(point.subarray(33)), EMPTY];
    return writeMaterial({ alg: HuksKeyAlg.HUKS_ALG_SM2, keySize: 256, parts }, Layout.ECC);
  }
  const curve = curveByName(curveName)!;
  const { x, y } = decodeEcPoint(curve, point);
  const parts = [x, y, EMPTY];
  return writeMaterial({ alg: HuksKeyAlg.HUKS_ALG_ECC, keySize: curve.keySize, parts }, Layout.ECC);
}
