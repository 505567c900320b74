/**
 * X.509 SubjectPublicKeyInfo (key-formats.md §5): a structural parser for every asymmetric
 * algorithm HUKS imports as SPKI, and the canonical encoders exportKeyItem produces. The parser
 * checks shape only; whether an EC point lies on its curve is the curve code's business.
 */

import { equalBytes } from './bytes.js';
import {
  DerError, DerTag, bitString, derNull, integer, readBitString, readChildren, readOnly,
  readSequence, readUnsigned, sequence, type Tlv,
} from './der.js';
import { CURVE_OIDS, Oid, oidContent, type EcCurveName } from './oids.js';

export type PublicKeyData =
  | { readonly kind: 'rsa'; readonly n: Uint8Array; readonly e: Uint8Array }
  | { readonly kind: 'ec'; readonly curve: EcCurveName; readonly point: Uint8Array }
  | {
      readonly kind: 'dsa';
      readonly p: Uint8Array;
      readonly q: Uint8Array;
      readonly g: Uint8Array;
      readonly y: Uint8Array;
    }
  | { readonly kind: 'dh'; readonly p: Uint8Array; readonly g: Uint8Array; readonly y: Uint8Array }
  | { readonly kind: 'x25519' | 'ed25519'; readonly raw: Uint8Array };

/**
 * A well-formed EC key on a named curve HUKS does not offer (secp256k1, brainpool, ...): a wrong
 * curve rather than a malformed key, which agreement reports differently (algorithms.md §8).
 */
export class UnknownCurveError extends DerError {
  constructor() {
    super('unsupported named curve');
    this.name = 'UnknownCurveError';
  }
}

/** Parses an SPKI DER; DerError when the bytes are not one of the supported shapes. */
export function parseSpki(der: Uint8Array): PublicKeyData {
  const [algId, key] = readSequence(der, [DerTag.SEQUENCE, DerTag.BIT_STRING]) as [
    Uint8Array, Uint8Array,
  ];
  const [algOid, ...params] = readChildren(algId);
  if (algOid?.tag !== DerTag.OID || params.length > 1) {
    throw new DerError('bad AlgorithmIdentifier');
  }
  const keyBytes = readBitString(key);
  const param = params[0];
  const is = (encoded: Uint8Array): boolean => equalBytes(algOid.content, oidContent(encoded));

  if (is(Oid.RSA)) return parseRsa(param, keyBytes);
  if (is(Oid.EC_PUBLIC_KEY) || is(Oid.SM2)) return parseEc(param, keyBytes);
  if (is(Oid.DSA)) return parseDsa(param, keyBytes);
  if (is(Oid.DH_KEY_AGREEMENT)) return parseDh(param, keyBytes);
  if (is(Oid.X25519) || is(Oid.ED25519)) {
    if (param !== undefined || keyBytes.length !== 32) throw new DerError('bad Curve25519 key');
    return { kind: is(Oid.X25519) ? 'x25519' : 'ed25519', raw: keyBytes };
  }
  throw new DerError('unsupported public-key algorithm');
}

export function encodeSpki(key: PublicKeyData): Uint8Array {
  switch (key.kind) {
    case 'rsa':
      return spki(sequence(Oid.RSA, derNull()), sequence(integer(key.n), integer(key.e)));
    case 'ec':
      return spki(sequence(Oid.EC_PUBLIC_KEY, CURVE_OIDS.get(key.curve)!), key.point);
    case 'dsa': {
      const params = sequence(integer(key.p), integer(key.q), integer(key.g));
      return spki(sequence(Oid.DSA, params), integer(key.y));
    }
    case 'dh': {
      const params = sequence(integer(key.p), integer(key.g));
      return spki(sequence(Oid.DH_KEY_AGREEMENT, params), integer(key.y));
    }
    case 'x25519':
      return spki(sequence(Oid.X25519), key.raw);
    case 'ed25519':
      return spki(sequence(Oid.ED25519), key.raw);
  }
}

function spki(algId: Uint8Array, key: Uint8Array): Uint8Array {
  return sequence(algId, bitString(key));
}

function parseRsa(param: Tlv | undefined, key: Uint8Array): PublicKeyData {
  // RFC 3279 wants NULL parameters; OpenSSL also reads an absent field, and so does HUKS.
  if (param !== undefined && (param.tag !== DerTag.NULL || param.content.length !== 0)) {
    throw new DerError('RSA parameters must be NULL');
  }
  const [n, e] = readSequence(key, [DerTag.INTEGER, DerTag.INTEGER]) as [Uint8Array, Uint8Array];
  return { kind: 'rsa', n: readUnsigned(n), e: readUnsigned(e) };
}

function parseEc(param: Tlv | undefined, key: Uint8Array): PublicKeyData {
  // Only named curves: explicit parameters are refused (vectors/README.md, Wycheproof ECDH).
  if (param?.tag !== DerTag.OID) throw new DerError('EC key without a named curve');
  const curve = [...CURVE_OIDS]
    .find(([, encoded]) => equalBytes(oidContent(encoded), param.content));
  if (curve === undefined) throw new UnknownCurveError();
  if (key.length === 0) throw new DerError('empty EC point');
  return { kind: 'ec', curve: curve[0], point: key };
}

function parseDsa(param: Tlv | undefined, key: Uint8Array): PublicKeyData {
  if (param?.tag !== DerTag.SEQUENCE) throw new DerError('DSA key without parameters');
  const [p, q, g] = readIntegers(param.content, 3);
  return { kind: 'dsa', p: p!, q: q!, g: g!, y: readUnsigned(readOnly(key, DerTag.INTEGER)) };
}

function parseDh(param: Tlv | undefined, key: Uint8Array): PublicKeyData {
  if (param?.tag !== DerTag.SEQUENCE) throw new DerError('DH key without parameters');
  const values = readChildren(param.content);
  // PKCS #3 DHParameter: p, g and an optional privateValueLength.
  if (values.length < 2 || values.length > 3) throw new DerError('bad DHParameter');
  const [p, g] = readIntegers(param.content, values.length);
  return { kind: 'dh', p: p!, g: g!, y: readUnsigned(readOnly(key, DerTag.INTEGER)) };
}

function readIntegers(content: Uint8Array, count: number): Uint8Array[] {
  const children = readChildren(content);
  if (children.length !== count) throw new DerError('unexpected number of INTEGERs');
  return children.map((child) => {
    if (child.tag !== DerTag.INTEGER) throw new DerError('expected INTEGER');
    return readUnsigned(child.content);
  });
}
