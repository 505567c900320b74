import { HuksKeyPurpose as Pur } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { addYears, wholeSeconds, type Authority } from './authority.js';
import { encodeClaims, type Claim } from './claims-der.js';
import { ATTESTATION_EXTENSION_OID } from './oids.js';
import * as x509 from './x509.js';

/**
 * The attestation (leaf) certificate (attestation.md §5.1-§5.2) and the PEM strings of a chain
 * (§4).
 */

/** §5.1: the leaf's subject, a PrintableString CN (the library picks PrintableString). */
export const LEAF_SUBJECT = 'CN=A Keymaster Key';

/** §5.1: the leaf's serial number is 1. */
const LEAF_SERIAL = '01';
const LEAF_YEARS = 10;

/** §4: the reference's slots for the PEM strings, the leaf's and every other one's. */
export const LEAF_SLOT = 4096;
export const CERT_SLOT = 2048;
export const MAX_CHAIN = 4;

export interface LeafRequest {
  /** The attested key's SubjectPublicKeyInfo DER. */
  readonly publicKey: Uint8Array;
  /** The key's HUKS_TAG_PURPOSE, for keyUsage. */
  readonly purpose: number;
  readonly claims: readonly Claim[];
  /** The authority whose key signs the leaf: certificate [1] of the chain. */
  readonly signer: Authority;
}

/**
 * Issues the leaf: v3, serial 1, issuer = the signer's subject, 10 calendar years from now,
 * keyUsage from the purpose and the attestation extension, neither critical. The reference's
 * CRL distribution-points placeholder (value `00`, not valid DER) is left out (§5.1).
 */
export async function issueLeaf(request: LeafRequest): Promise<x509.X509Certificate> {
  const notBefore = wholeSeconds(new Date());
  const extensions: x509.Extension[] = [];
  const usages = keyUsageOf(request.purpose);
  // RFC 5280 §4.2.1.3: a keyUsage with no bit set is invalid, so it is left out instead.
  if (usages !== 0) extensions.push(new x509.KeyUsagesExtension(usages, false));
  extensions.push(
    new x509.Extension(ATTESTATION_EXTENSION_OID, false, encodeClaims(request.claims)),
  );
  return x509.X509CertificateGenerator.create({
    serialNumber: LEAF_SERIAL,
    subject: LEAF_SUBJECT,
    issuer: request.signer.certificate.subjectName,
    notBefore,
    notAfter: addYears(notBefore, LEAF_YEARS),
    publicKey: request.publicKey,
    signingKey: request.signer.key,
    extensions,
  });
}

/**
 * §5.2 item 1: SIGN/VERIFY -> digitalSignature, ENCRYPT/DECRYPT/WRAP/UNWRAP -> keyEncipherment,
 * DERIVE/AGREE -> keyAgreement. The library encodes the BIT STRING in DER, with the unused-bit
 * count the spec asks for.
 */
export function keyUsageOf(purpose: number): number {
  let usages = 0;
  if ((purpose & (Pur.HUKS_KEY_PURPOSE_SIGN | Pur.HUKS_KEY_PURPOSE_VERIFY)) !== 0) {
    usages |= x509.KeyUsageFlags.digitalSignature;
  }
  const encipher = Pur.HUKS_KEY_PURPOSE_ENCRYPT | Pur.HUKS_KEY_PURPOSE_DECRYPT |
    Pur.HUKS_KEY_PURPOSE_WRAP | Pur.HUKS_KEY_PURPOSE_UNWRAP;
  if ((purpose & encipher) !== 0) usages |= x509.KeyUsageFlags.keyEncipherment;
  if ((purpose & (Pur.HUKS_KEY_PURPOSE_DERIVE | Pur.HUKS_KEY_PURPOSE_AGREE)) !== 0) {
    usages |= x509.KeyUsageFlags.keyAgreement;
  }
  return usages;
}

/**
 * §4: each certificate as `-----BEGIN CERTIFICATE-----\n` + one line of base64 +
 * `\n-----END CERTIFICATE-----`, no trailing newline; leaf first.
 * @throws HuksFailure -7 (401 "Insufficient buffer size.") when the chain has more than four
 *   certificates or one does not fit the reference's slot (a very long challenge can do that).
 */
export function pemChain(chain: readonly x509.X509Certificate[]): string[] {
  if (chain.length > MAX_CHAIN) {
    throw new HuksFailure(HksErr.BUFFER_TOO_SMALL, `${chain.length} certificates`);
  }
  return chain.map((certificate, i) => {
    const pem = toPem(new Uint8Array(certificate.rawData));
    const slot = i === 0 ? LEAF_SLOT : CERT_SLOT;
    if (pem.length > slot) {
      throw new HuksFailure(HksErr.BUFFER_TOO_SMALL, `certificate ${i} needs ${pem.length} bytes`);
    }
    return pem;
  });
}

/** One certificate in the §4 PEM form. */
export function toPem(der: Uint8Array): string {
  const body = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
}
