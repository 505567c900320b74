/**
 * PKCS #8 PrivateKeyInfo encoders for private keys rebuilt from HUKS material, so that
 * node:crypto can load them (RFC 5208; EC inner key RFC 5915; X25519/Ed25519 RFC 8410).
 * RSA goes through JWK instead, because its CRT values must be recovered first.
 */

import { padTo } from './bytes.js';
import {
  DerError, DerTag, integer, octetString, readChildren, readOnly, readSequence, readUnsigned,
  bitString, sequence, smallInteger, tlv,
} from './der.js';
import { CURVE_OIDS, Oid, type EcCurveName } from './oids.js';

function privateKeyInfo(algId: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return sequence(smallInteger(0), algId, octetString(privateKey));
}

/**
 * An EC private key; with the public point when it is known, as OpenSSL otherwise recomputes
 * it on every load (a scalar multiplication: milliseconds on P-384/P-521).
 */
export function ecPkcs8(curve: EcCurveName, d: Uint8Array, fieldBytes: number,
  publicPoint?: Uint8Array): Uint8Array {
  const scalar = padTo(d, fieldBytes);
  if (scalar === undefined) throw new RangeError('EC private scalar longer than the field');
  const algId = sequence(Oid.EC_PUBLIC_KEY, CURVE_OIDS.get(curve)!);
  const publicField = publicPoint === undefined
    ? []
    : [tlv(DerTag.CONTEXT_1, bitString(publicPoint))];
  return privateKeyInfo(algId, sequence(smallInteger(1), octetString(scalar), ...publicField));
}

export function dsaPkcs8(p: Uint8Array, q: Uint8Array, g: Uint8Array, x: Uint8Array): Uint8Array {
  const algId = sequence(Oid.DSA, sequence(integer(p), integer(q), integer(g)));
  return privateKeyInfo(algId, integer(x));
}

export function dhPkcs8(p: Uint8Array, g: Uint8Array, x: Uint8Array): Uint8Array {
  const algId = sequence(Oid.DH_KEY_AGREEMENT, sequence(integer(p), integer(g)));
  return privateKeyInfo(algId, integer(x));
}

/** X25519 or Ed25519 from the raw 32-byte private key (the Ed25519 seed). */
export function curve25519Pkcs8(kind: 'x25519' | 'ed25519', raw: Uint8Array): Uint8Array {
  const algId = sequence(kind === 'x25519' ? Oid.X25519 : Oid.ED25519);
  return privateKeyInfo(algId, octetString(raw));
}

/** Domain parameters and private value of a DSA or DH PKCS #8 key (as node exports them). */
export interface FfcPrivateKey {
  readonly params: readonly Uint8Array[];
  readonly x: Uint8Array;
}

/** @throws DerError when the bytes are not a DSA/DH PrivateKeyInfo. */
export function parseFfcPkcs8(der: Uint8Array): FfcPrivateKey {
  const [, algId, privateKey] = readSequence(der,
    [DerTag.INTEGER, DerTag.SEQUENCE, DerTag.OCTET_STRING]) as [Uint8Array, Uint8Array, Uint8Array];
  const [, params] = readChildren(algId);
  if (params?.tag !== DerTag.SEQUENCE) throw new DerError('missing domain parameters');
  const values = readChildren(params.content).map((child) => {
    if (child.tag !== DerTag.INTEGER) throw new DerError('domain parameter is not an INTEGER');
    return readUnsigned(child.content);
  });
  return { params: values, x: readUnsigned(readOnly(privateKey, DerTag.INTEGER)) };
}

/** The private scalar of an EC PrivateKeyInfo (RFC 5915 inside PKCS #8). */
export function parseEcPkcs8(der: Uint8Array): Uint8Array {
  const [, , privateKey] = readSequence(der,
    [DerTag.INTEGER, DerTag.SEQUENCE, DerTag.OCTET_STRING]) as [Uint8Array, Uint8Array, Uint8Array];
  const [version, scalar] = readChildren(readOnly(privateKey, DerTag.SEQUENCE));
  if (version?.tag !== DerTag.INTEGER || scalar?.tag !== DerTag.OCTET_STRING) {
    throw new DerError('bad ECPrivateKey');
  }
  return scalar.content;
}
