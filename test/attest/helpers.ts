// Shared by the attestation tests: the keys of each attestable type, verification of a chain
// with the openssl command line (the tool a verifier would use), and reading the claims back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPadding as P, HuksKeyPurpose as Pur, HuksTag as T,
} from '../../src/common/enums.js';
import { decodeClaims, type Claim } from '../../src/core/attest/claims-der.js';
import { ATTESTATION_EXTENSION_OID } from '../../src/core/attest/oids.js';
import * as x509 from '../../src/core/attest/x509.js';
import type { HuksNamespace } from '../../src/index.js';

export interface HuksParam {
  tag: number;
  value: number | boolean | Uint8Array;
}

export interface KeyType {
  readonly name: string;
  readonly properties: HuksParam[];
  /** Imported public key material instead of a generated pair. */
  readonly importPublic?: Uint8Array;
}

const p = (tag: number, value: number): HuksParam => ({ tag, value });
const SIGN_VERIFY = Pur.HUKS_KEY_PURPOSE_SIGN | Pur.HUKS_KEY_PURPOSE_VERIFY;
const ENCRYPT_DECRYPT = Pur.HUKS_KEY_PURPOSE_ENCRYPT | Pur.HUKS_KEY_PURPOSE_DECRYPT;

/** One key per attestable algorithm and curve (attestation.md §3). */
export const KEY_TYPES: readonly KeyType[] = [
  {
    name: 'RSA-2048 PSS SHA-256',
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_RSA), p(T.HUKS_TAG_KEY_SIZE, 2048),
      p(T.HUKS_TAG_PURPOSE, SIGN_VERIFY), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
      p(T.HUKS_TAG_PADDING, P.HUKS_PADDING_PSS)],
  },
  {
    name: 'RSA-4096 OAEP SHA-256',
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_RSA), p(T.HUKS_TAG_KEY_SIZE, 4096),
      p(T.HUKS_TAG_PURPOSE, ENCRYPT_DECRYPT), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
      p(T.HUKS_TAG_PADDING, P.HUKS_PADDING_OAEP)],
  },
  ...[256, 384, 521].map((size) => ({
    name: `ECC P-${size}`,
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, size),
      p(T.HUKS_TAG_PURPOSE, SIGN_VERIFY), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256)],
  })),
  {
    name: 'SM2',
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_SM2), p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_PURPOSE, SIGN_VERIFY), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SM3)],
  },
  {
    name: 'X25519',
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_X25519), p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_PURPOSE, Pur.HUKS_KEY_PURPOSE_AGREE)],
  },
  {
    name: 'Ed25519',
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ED25519), p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_PURPOSE, SIGN_VERIFY)],
  },
];

/** Generates (or imports) the key of a type under an alias. */
export async function makeKey(huks: HuksNamespace, alias: string, type: KeyType): Promise<void> {
  if (type.importPublic === undefined) {
    await huks.generateKeyItem(alias, { properties: type.properties });
  } else {
    await huks.importKeyItem(alias, { properties: type.properties, inData: type.importPublic });
  }
}

export const challengeParam = (challenge: Uint8Array): HuksParam => ({
  tag: T.HUKS_TAG_ATTESTATION_CHALLENGE,
  value: challenge,
});

/** §4: one line of base64 between the BEGIN and END lines, no trailing newline. */
export const PEM_FORMAT =
  /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/]+={0,2}\n-----END CERTIFICATE-----$/;

/**
 * `openssl verify -CAfile root.pem -untrusted <the middle certificates> leaf.pem`, the root
 * being the chain's last element. Fails the test with openssl's output when it says no.
 */
export function opensslVerify(chain: readonly string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'openhuks-verify-'));
  try {
    const root = join(dir, 'root.pem');
    const middle = join(dir, 'untrusted.pem');
    const leaf = join(dir, 'leaf.pem');
    writeFileSync(root, `${chain[chain.length - 1]}\n`);
    writeFileSync(middle, `${chain.slice(1, -1).join('\n')}\n`);
    writeFileSync(leaf, `${chain[0]}\n`);
    let output: string;
    try {
      output = execFileSync('openssl', ['verify', '-CAfile', root, '-untrusted', middle, leaf], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      assert.fail(`openssl verify failed: ${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
    assert.equal(output.trim(), `${leaf}: OK`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function certificateOf(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pem);
}

/** The decoded attestation extension of a leaf certificate. */
export function claimsOf(leafPem: string): Claim[] {
  const extension = certificateOf(leafPem).getExtension(ATTESTATION_EXTENSION_OID);
  assert.ok(extension, 'the leaf has the attestation extension');
  return decodeClaims(new Uint8Array(extension.value));
}

/** The one claim of a type; fails when it is absent or repeated. */
export function claim(claims: readonly Claim[], oid: string): Claim {
  const found = claims.filter((c) => c.oid === oid);
  assert.equal(found.length, 1, `one claim ${oid}`);
  return found[0]!;
}

/** A u32 little-endian, as the numeric claims carry it. */
export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}
