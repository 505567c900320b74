/**
 * JWKs of stored keys, so that node:crypto can load them without OpenSSL's DER decoder search:
 * a P-256 PKCS #8 loads in about a fifth of the time, an RSA-2048 one sixty times faster. Only
 * the plain shapes that openhuks itself stores are converted; anything else (P-224 and SM2,
 * which have no JWK name in node, DSA, DH, a compressed or missing EC public point, a
 * multi-prime RSA key) gives undefined, and the caller loads the DER as before.
 */

import type { JsonWebKey } from 'node:crypto';

import { equalBytes, toBase64Url } from './bytes.js';
import { NIST_CURVES } from './curves.js';
import {
  DerError, DerTag, readBitString, readChildren, readOnly, readSequence, readUnsigned,
} from './der.js';
import { CURVE_OIDS, Oid, oidContent } from './oids.js';
import { parseSpki, type PublicKeyData } from './spki.js';

const RSA_PRIVATE_KEY_FIELDS = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/**
 * The JWK of a PKCS #8 private key, or undefined when it is not one of the plain shapes.
 * `spki` supplies the "x" that node requires of an OKP JWK (it derives the public key from "d"
 * whatever "x" says); an X25519/Ed25519 key stored without it is left to the DER path.
 */
export function privateJwk(pkcs8: Uint8Array, spki: Uint8Array | undefined)
  : JsonWebKey | undefined {
  try {
    const [version, algId, inner] = readSequence(pkcs8,
      [DerTag.INTEGER, DerTag.SEQUENCE, DerTag.OCTET_STRING]) as [Uint8Array, Uint8Array,
      Uint8Array];
    if (version.length !== 1 || version[0] !== 0) return undefined;
    const [algorithm, param, ...rest] = readChildren(algId);
    if (algorithm?.tag !== DerTag.OID || rest.length > 0) return undefined;
    const is = (encoded: Uint8Array): boolean => equalBytes(algorithm.content, oidContent(encoded));

    if (is(Oid.RSA)) {
      if (param !== undefined && (param.tag !== DerTag.NULL || param.content.length !== 0)) {
        return undefined;
      }
      return rsaPrivateJwk(inner);
    }
    if (is(Oid.EC_PUBLIC_KEY)) {
      return param?.tag === DerTag.OID ? ecPrivateJwk(param.content, inner) : undefined;
    }
    if ((is(Oid.X25519) || is(Oid.ED25519)) && param === undefined && spki !== undefined) {
      const seed = readOnly(inner, DerTag.OCTET_STRING);
      const pub = parseSpki(spki);
      if (seed.length !== 32 || (pub.kind !== 'x25519' && pub.kind !== 'ed25519')) {
        return undefined;
      }
      const crv = is(Oid.X25519) ? 'X25519' : 'Ed25519';
      return { kty: 'OKP', crv, d: toBase64Url(seed), x: toBase64Url(pub.raw) };
    }
    return undefined;
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
}

/** The JWK of an SPKI public key, or undefined when it is not one of the plain shapes. */
export function publicJwk(spki: Uint8Array): JsonWebKey | undefined {
  let key: PublicKeyData;
  try {
    key = parseSpki(spki);
  } catch (error) {
    if (error instanceof DerError) return undefined;
    throw error;
  }
  switch (key.kind) {
    case 'rsa':
      return { kty: 'RSA', n: toBase64Url(key.n), e: toBase64Url(key.e) };
    case 'ec': {
      const xy = uncompressedCoordinates(key.curve, key.point);
      return xy === undefined ? undefined : { kty: 'EC', ...xy };
    }
    case 'x25519':
      return { kty: 'OKP', crv: 'X25519', x: toBase64Url(key.raw) };
    case 'ed25519':
      return { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(key.raw) };
    default:
      return undefined;
  }
}

function rsaPrivateJwk(inner: Uint8Array): JsonWebKey | undefined {
  const values = readSequence(inner, Array(9).fill(DerTag.INTEGER) as number[]);
  const version = values[0]!;
  // Version 1 is a multi-prime key, which has more than nine fields anyway.
  if (version.length !== 1 || version[0] !== 0) return undefined;
  const jwk: JsonWebKey = { kty: 'RSA' };
  RSA_PRIVATE_KEY_FIELDS.forEach((field, i) => {
    jwk[field] = toBase64Url(readUnsigned(values[i + 1]!));
  });
  return jwk;
}

/** RFC 5915 ECPrivateKey without [0] parameters and with an uncompressed [1] public point. */
function ecPrivateJwk(curveOid: Uint8Array, inner: Uint8Array): JsonWebKey | undefined {
  const curve = [...CURVE_OIDS].find(([, encoded]) => equalBytes(oidContent(encoded), curveOid));
  if (curve === undefined) return undefined;
  const [version, scalar, publicKey] = readSequence(inner,
    [DerTag.INTEGER, DerTag.OCTET_STRING, DerTag.CONTEXT_1]) as [Uint8Array, Uint8Array,
    Uint8Array];
  if (version.length !== 1 || version[0] !== 1) return undefined;
  const point = readBitString(readOnly(publicKey, DerTag.BIT_STRING));
  const xy = uncompressedCoordinates(curve[0], point);
  const info = NIST_CURVES.find((c) => c.name === curve[0]);
  if (xy === undefined || info === undefined || scalar.length !== info.fieldBytes) {
    return undefined;
  }
  return { kty: 'EC', ...xy, d: toBase64Url(scalar) };
}

/** crv, x and y of an uncompressed point on a curve node names in JWKs. */
function uncompressedCoordinates(curveName: string, point: Uint8Array)
  : { crv: string; x: string; y: string } | undefined {
  // node has no JWK name for P-224 (nor SM2): those keys keep the DER path.
  const curve = NIST_CURVES.find((c) => c.name === curveName && c.keySize !== 224);
  if (curve === undefined) return undefined;
  const size = curve.fieldBytes;
  if (point.length !== 1 + 2 * size || point[0] !== 4) return undefined;
  return {
    crv: curve.jwkName,
    x: toBase64Url(point.subarray(1, 1 + size)),
    y: toBase64Url(point.subarray(1 + size)),
  };
}
