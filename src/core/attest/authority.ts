import { randomBytes, webcrypto } from 'node:crypto';

import * as x509 from './x509.js';

/**
 * The emulated device PKI (attestation.md §6): two hierarchies of certificate authorities,
 * created once per data directory. The standard one mirrors the reference's RSA fixtures
 * (root CA, device CA, device key); the anonymous one its EC P-256 fixtures (anonymous root,
 * anonymous CA, and the anonymous device CA of offline mode).
 */

type CryptoKey = webcrypto.CryptoKey;

/** The standard hierarchy signs attestKeyItem chains, the anonymous one the anonymous ones. */
export type PkiKind = 'standard' | 'anonymous';

/** One certificate authority: its certificate and its signing key. */
export interface Authority {
  readonly certificate: x509.X509Certificate;
  readonly key: CryptoKey;
}

/** A hierarchy, root first; each authority is certified by the one before it. */
export interface Pki {
  readonly kind: PkiKind;
  readonly authorities: readonly Authority[];
}

/** Key types of the authorities: RSA-2048 or EC P-256. */
export type KeyFamily = 'rsa' | 'ec';

interface AuthoritySpec {
  readonly name: string;
  readonly family: KeyFamily;
  /** basicConstraints pathLenConstraint: how many CAs may follow before a leaf. */
  readonly pathLength: number;
}

const ORG = 'O=openhuks Emulated Device PKI';

/**
 * Root first. The last standard authority is the device key, which signs leaves with
 * sha256WithRSAEncryption (§5.1); the anonymous CA signs online leaves and the anonymous
 * device CA offline ones, both with ecdsa-with-SHA256.
 */
const HIERARCHIES: Readonly<Record<PkiKind, readonly AuthoritySpec[]>> = {
  standard: [
    { name: 'CN=openhuks Root CA', family: 'rsa', pathLength: 2 },
    { name: 'CN=openhuks Device CA', family: 'rsa', pathLength: 1 },
    { name: 'CN=openhuks Device', family: 'rsa', pathLength: 0 },
  ],
  anonymous: [
    { name: 'CN=openhuks Anonymous Root CA', family: 'ec', pathLength: 2 },
    { name: 'CN=openhuks Anonymous CA', family: 'ec', pathLength: 1 },
    { name: 'CN=openhuks Anonymous Device CA', family: 'ec', pathLength: 0 },
  ],
};

/** Key parameters per family: RSA-2048 PKCS#1 v1.5 with SHA-256; ECDSA P-256 with SHA-256. */
type GenerateParams = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;
type ImportParams = webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;

const GENERATE: Readonly<Record<KeyFamily, GenerateParams>> = {
  rsa: {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
  },
  ec: { name: 'ECDSA', namedCurve: 'P-256' },
};

const IMPORT: Readonly<Record<KeyFamily, ImportParams>> = {
  rsa: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ec: { name: 'ECDSA', namedCurve: 'P-256' },
};

/** CA certificates outlive many 10-year leaves; 30 years from creation. */
const CA_YEARS = 30;

/** The key families of a hierarchy, root first (for reading stored keys back). */
export function familiesOf(kind: PkiKind): KeyFamily[] {
  return HIERARCHIES[kind].map((spec) => spec.family);
}

/**
 * A new hierarchy with fresh keys. The device names carry a random id, so that the PKIs of two
 * data directories are told apart by name as well as by key.
 */
export async function createPki(kind: PkiKind): Promise<Pki> {
  const deviceId = randomBytes(4).toString('hex');
  const notBefore = wholeSeconds(new Date());
  const notAfter = addYears(notBefore, CA_YEARS);
  const authorities: Authority[] = [];
  for (const spec of HIERARCHIES[kind]) {
    const keys = (await webcrypto.subtle.generateKey(GENERATE[spec.family], true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const issuer = authorities[authorities.length - 1];
    const subject = `${spec.name} ${deviceId}, ${ORG}`;
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(true, spec.pathLength, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ];
    if (issuer !== undefined) {
      extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate));
    }
    const certificate = await x509.X509CertificateGenerator.create({
      subject,
      issuer: issuer === undefined ? subject : issuer.certificate.subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: issuer === undefined ? keys.privateKey : issuer.key,
      extensions,
    });
    authorities.push({ certificate, key: keys.privateKey });
  }
  return { kind, authorities };
}

/** Reads a stored signing key back (PKCS#8), usable for signing only. */
export async function importSigningKey(family: KeyFamily, pkcs8: Uint8Array): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', pkcs8, IMPORT[family], false, ['sign']);
}

/** A signing key as PKCS#8, for sealing. */
export async function exportSigningKey(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', key));
}

/** X.509 times have whole seconds (UTCTime `YYMMDDHHMMSSZ`, §5.1). */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** Calendar years, as the reference computes notAfter (§5.1). */
export function addYears(date: Date, years: number): Date {
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}
