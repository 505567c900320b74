import {
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

import { HuksImportKeyType, HuksKeyAlg } from '../common/enums.js';
import { UsageError } from './usage-error.js';

/**
 * Turns key files (PEM or DER, as `openssl genpkey` writes them) into what importKeyItem
 * expects (key-formats.md §2, §3), and public keys back into PEM. node:crypto parses; this
 * module only lays out the bytes.
 */

const A = HuksKeyAlg;
const T = HuksImportKeyType;

/** What to import: the data and the properties it implies. */
export interface ImportPlan {
  readonly alg: number;
  readonly size: number;
  readonly importType: number;
  readonly data: Uint8Array;
}

const SYMMETRIC: ReadonlySet<number> = new Set([
  A.HUKS_ALG_AES, A.HUKS_ALG_DES, A.HUKS_ALG_3DES, A.HUKS_ALG_SM4, A.HUKS_ALG_HMAC,
  A.HUKS_ALG_SM3,
]);

const CURVE_BITS: Readonly<Record<string, number>> = {
  'P-224': 224, 'P-256': 256, 'P-384': 384, 'P-521': 521,
  secp224r1: 224, prime256v1: 256, secp384r1: 384, secp521r1: 521,
};

/** DER SPKI prefixes of the raw 32-byte Curve25519 keys (RFC 8410). */
const SPKI_PREFIX: Readonly<Record<number, Buffer>> = {
  [A.HUKS_ALG_X25519]: Buffer.from('302a300506032b656e032100', 'hex'),
  [A.HUKS_ALG_ED25519]: Buffer.from('302a300506032b6570032100', 'hex'),
};

export function isSymmetric(alg: number): boolean {
  return SYMMETRIC.has(alg);
}

/**
 * Plans an import from file bytes. `alg`/`size` are what the user named (optional for key
 * files, whose type and size are read from the key); `type` forces the import type.
 */
export function planImport(
  file: Buffer,
  hint: { alg?: number; size?: number; type?: number },
): ImportPlan {
  if (hint.alg !== undefined && isSymmetric(hint.alg)) {
    return planSymmetric(file, hint.alg, hint.size);
  }

  if (hint.alg === A.HUKS_ALG_X25519 || hint.alg === A.HUKS_ALG_ED25519) {
    // Raw 32 bytes are the spec's own formats: a public key, or a private one when asked.
    if (file.length === 32) {
      const importType = hint.type ?? T.HUKS_KEY_TYPE_PUBLIC_KEY;
      return { alg: hint.alg, size: 256, importType, data: Uint8Array.from(file) };
    }
  }

  const key = parseKey(file);
  const plan = planKey(key, hint);
  if (hint.alg !== undefined && hint.alg !== plan.alg) {
    throw new UsageError(
      `the key file holds a ${key.asymmetricKeyType} key, which does not match --alg`,
    );
  }
  if (hint.size !== undefined && hint.size !== plan.size) {
    throw new UsageError(`the key file holds a ${plan.size}-bit key, not ${hint.size} bits`);
  }
  if (hint.type !== undefined && hint.type !== plan.importType) {
    throw new UsageError('the key file does not hold the kind of key named by --type');
  }
  return plan;
}

function planSymmetric(file: Buffer, alg: number, size: number | undefined): ImportPlan {
  const text = file.toString('latin1').trim();
  const isHex = /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0;
  // A size decides between raw bytes and hex text: 32 raw bytes and 32 hex digits differ.
  let data: Buffer = file;
  if (size !== undefined && file.length !== size / 8 && isHex && text.length === size / 4) {
    data = Buffer.from(text, 'hex');
  } else if (size === undefined && isHex && file.length !== 16 && file.length !== 32) {
    data = Buffer.from(text, 'hex');
  }
  const importType = T.HUKS_KEY_TYPE_KEY_PAIR;
  return { alg, size: size ?? data.length * 8, importType, data: Uint8Array.from(data) };
}

function parseKey(file: Buffer): KeyObject {
  const pem = file.toString('latin1').includes('-----BEGIN');
  const attempts: Array<() => KeyObject> = pem
    ? [() => createPrivateKey(file), () => createPublicKey(file)]
    : [
        () => createPrivateKey({ key: file, format: 'der', type: 'pkcs8' }),
        () => createPrivateKey({ key: file, format: 'der', type: 'pkcs1' }),
        () => createPrivateKey({ key: file, format: 'der', type: 'sec1' }),
        () => createPublicKey({ key: file, format: 'der', type: 'spki' }),
        () => createPublicKey({ key: file, format: 'der', type: 'pkcs1' }),
      ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // Try the next encoding; only the last failure matters to the user.
    }
  }
  throw new UsageError(
    'cannot parse the key file: expected a PEM or DER private key (PKCS#8, PKCS#1, SEC1) ' +
      'or public key (SubjectPublicKeyInfo)',
  );
}

/**
 * A private key file imports as a key pair by default; `--type private` keeps only the
 * private part (key-formats.md §3: RSA with eSize 0, EC with x and y empty, raw Curve25519)
 * and `--type public` imports the public half.
 */
function planKey(key: KeyObject, hint: { size?: number; type?: number }): ImportPlan {
  if (key.type !== 'private') return planPublic(key, hint.size);
  if (hint.type === T.HUKS_KEY_TYPE_PUBLIC_KEY) return planPublic(createPublicKey(key), hint.size);
  return planPrivate(key, hint.type === T.HUKS_KEY_TYPE_PRIVATE_KEY);
}

/** Private keys become the HUKS key material of key-formats.md §3. */
function planPrivate(key: KeyObject, privateOnly: boolean): ImportPlan {
  const type = privateOnly ? T.HUKS_KEY_TYPE_PRIVATE_KEY : T.HUKS_KEY_TYPE_KEY_PAIR;
  const empty = Buffer.alloc(0);
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const jwk = key.export({ format: 'jwk' });
      const size = key.asymmetricKeyDetails?.modulusLength ?? 0;
      const e = privateOnly ? empty : field(jwk, 'e');
      const data = material(A.HUKS_ALG_RSA, size, [field(jwk, 'n'), e, field(jwk, 'd')]);
      return { alg: A.HUKS_ALG_RSA, size, importType: type, data };
    }
    case 'ec': {
      const { size, x, y, d } = ecComponents(key);
      const data = material(A.HUKS_ALG_ECC, size, privateOnly ? [empty, empty, d] : [x, y, d]);
      return { alg: A.HUKS_ALG_ECC, size, importType: type, data };
    }
    case 'x25519':
    case 'ed25519': {
      const jwk = key.export({ format: 'jwk' });
      const alg = key.asymmetricKeyType === 'x25519' ? A.HUKS_ALG_X25519 : A.HUKS_ALG_ED25519;
      // A private Curve25519 key imports as its raw 32 bytes, not as material (§2).
      if (privateOnly) {
        return { alg, size: 256, importType: type, data: Uint8Array.from(field(jwk, 'd')) };
      }
      // Curve25519 pair: pubSize, priSize, a reserved zero word, then pub and priv (§3.4).
      const header = words([alg, 256, 32, 32, 0]);
      const data = Buffer.concat([header, field(jwk, 'x'), field(jwk, 'd')]);
      return { alg, size: 256, importType: type, data: Uint8Array.from(data) };
    }
    default:
      throw new UsageError(
        `importing a ${key.asymmetricKeyType} private key from a file is not supported by the CLI`,
      );
  }
}

/** Public keys stay X.509 SubjectPublicKeyInfo DER, except raw Curve25519 (§2). */
function planPublic(key: KeyObject, sizeHint: number | undefined): ImportPlan {
  const spki = (): Uint8Array => Uint8Array.from(key.export({ format: 'der', type: 'spki' }));
  const details = key.asymmetricKeyDetails;
  // A string switch: Node's KeyType union omits 'dh', which createPublicKey still returns.
  switch (key.asymmetricKeyType as string | undefined) {
    case 'rsa':
      return publicPlan(A.HUKS_ALG_RSA, details?.modulusLength ?? 0, spki());
    case 'ec':
      return publicPlan(A.HUKS_ALG_ECC, curveBits(details?.namedCurve), spki());
    case 'dsa':
      return publicPlan(A.HUKS_ALG_DSA, details?.modulusLength ?? 0, spki());
    case 'dh':
      // Node reports no size for DH keys; the FFDHE group size must come from --size.
      return publicPlan(A.HUKS_ALG_DH, sizeHint ?? 2048, spki());
    case 'x25519':
    case 'ed25519': {
      const alg = key.asymmetricKeyType === 'x25519' ? A.HUKS_ALG_X25519 : A.HUKS_ALG_ED25519;
      const raw = field(key.export({ format: 'jwk' }), 'x');
      return publicPlan(alg, 256, Uint8Array.from(raw));
    }
    default:
      throw new UsageError(`importing a ${key.asymmetricKeyType} public key is not supported`);
  }
}

/**
 * x, y and d of an EC key, each left-padded to the field size. Read from DER rather than
 * JWK because Node has no JWK form for P-224: x and y are the uncompressed point that ends
 * the SPKI, d is the OCTET STRING after the version in SEC1 (RFC 5915).
 */
function ecComponents(key: KeyObject): { size: number; x: Buffer; y: Buffer; d: Buffer } {
  const size = curveBits(key.asymmetricKeyDetails?.namedCurve);
  const n = Math.ceil(size / 8);
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const point = spki.subarray(spki.length - (2 * n + 1));
  if (point[0] !== 0x04) throw new UsageError('the EC public key is not an uncompressed point');
  const sec1 = key.export({ format: 'der', type: 'sec1' });
  const body = derContent(sec1, 0, 0x30);
  const version = derContent(sec1, body.start, 0x02);
  const secret = derContent(sec1, version.end, 0x04);
  const d = Buffer.alloc(n);
  sec1.copy(d, n - (secret.end - secret.start), secret.start, secret.end);
  return { size, x: point.subarray(1, 1 + n), y: point.subarray(1 + n), d };
}

/** The content range of the DER element at `offset`, which must have tag `tag`. */
function derContent(der: Buffer, offset: number, tag: number): { start: number; end: number } {
  if (der[offset] !== tag) throw new UsageError('malformed EC private key');
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = der.readUIntBE(start, count);
    start += count;
  }
  return { start, end: start + length };
}

function publicPlan(alg: number, size: number, data: Uint8Array): ImportPlan {
  return { alg, size, importType: T.HUKS_KEY_TYPE_PUBLIC_KEY, data };
}

/** The 20-byte little-endian header of §3.1/§3.2 followed by the big-endian components. */
function material(alg: number, size: number, parts: Buffer[]): Uint8Array {
  const header = words([alg, size, ...parts.map((p) => p.length)]);
  return Uint8Array.from(Buffer.concat([header, ...parts]));
}

function words(values: number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeUInt32LE(v, i * 4));
  return buf;
}

function field(jwk: JsonWebKey, name: string): Buffer {
  const value = jwk[name];
  if (typeof value !== 'string') throw new UsageError(`the key has no '${name}' component`);
  return Buffer.from(value, 'base64url');
}

function curveBits(curve: unknown): number {
  const bits = typeof curve === 'string' ? CURVE_BITS[curve] : undefined;
  if (bits === undefined) throw new UsageError(`unsupported curve ${String(curve)}`);
  return bits;
}

/** An exported public key as DER SubjectPublicKeyInfo (raw Curve25519 keys get wrapped). */
export function publicKeyDer(alg: number, exported: Uint8Array): Buffer {
  const prefix = SPKI_PREFIX[alg];
  if (prefix !== undefined && exported.length === 32) {
    return Buffer.concat([prefix, exported]);
  }
  return Buffer.from(exported);
}

export function toPem(der: Buffer, label = 'PUBLIC KEY'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * A peer public key for agreement in the form the keystore wants (algorithms.md §8): SPKI DER
 * for ECDH/DH, raw 32 bytes for X25519. Accepts PEM, DER or (for X25519) the raw bytes.
 */
export function peerPublicKey(agreeAlg: number, file: Buffer): Uint8Array {
  if (agreeAlg === A.HUKS_ALG_X25519 && file.length === 32) return Uint8Array.from(file);
  const pem = file.toString('latin1').includes('-----BEGIN');
  let key: KeyObject;
  try {
    key = pem ? createPublicKey(file) : createPublicKey({ key: file, format: 'der', type: 'spki' });
  } catch {
    throw new UsageError('cannot parse the peer public key: expected PEM or DER SPKI');
  }
  if (agreeAlg === A.HUKS_ALG_X25519) {
    return Uint8Array.from(field(key.export({ format: 'jwk' }), 'x'));
  }
  return Uint8Array.from(key.export({ format: 'der', type: 'spki' }));
}
