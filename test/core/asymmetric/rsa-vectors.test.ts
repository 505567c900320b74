/**
 * Wycheproof RSA vectors through rsaFamily: private keys as n‖e‖d pair material (key-formats.md
 * §3.1), public keys as SPKI. Covers the PKCS #1 v1.5 decoding Node 20 lacks, OAEP, the
 * deterministic PKCS #1 signatures and PSS verification with a hash-length salt.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HuksKeyPadding as PAD, HuksRsaPssSaltLenType } from '../../../src/common/enums.js';
import { rsaFamily } from '../../../src/core/crypto/rsa.js';
import {
  ALG, DIGEST, IMPORT, PURPOSE, T, Tally, hex, importKey, keyParams, loadVectors, material,
  operation, outcome, run, unsigned, type VectorGroup,
} from './helpers.js';

const SHA: Record<string, number> = {
  'SHA-1': DIGEST.HUKS_DIGEST_SHA1, 'SHA-224': DIGEST.HUKS_DIGEST_SHA224,
  'SHA-256': DIGEST.HUKS_DIGEST_SHA256, 'SHA-384': DIGEST.HUKS_DIGEST_SHA384,
  'SHA-512': DIGEST.HUKS_DIGEST_SHA512,
};

interface RsaPrivate {
  readonly modulus: string;
  readonly publicExponent: string;
  readonly privateExponent: string;
}

/** The group's private key imported as KEY_PAIR material of n, e and d. */
function importPair(group: VectorGroup, purpose: number) {
  const key = group.privateKey as RsaPrivate;
  const [n, e, d] = [key.modulus, key.publicExponent, key.privateExponent].map(unsigned);
  const size = group.keySize as number;
  const params = keyParams({ alg: ALG.HUKS_ALG_RSA, size, purpose,
    importType: IMPORT.HUKS_KEY_TYPE_KEY_PAIR });
  const bytes = material([ALG.HUKS_ALG_RSA, size, n!.length, e!.length, d!.length], [n!, e!, d!]);
  return { params, key: importKey(rsaFamily, params, bytes) };
}

function decryptTally(path: string, padding: number): Tally {
  const file = loadVectors(path);
  const tally = new Tally();
  for (const group of file.testGroups) {
    const { params, key } = importPair(group, PURPOSE.HUKS_KEY_PURPOSE_DECRYPT);
    const runtime = [{ tag: T.HUKS_TAG_PADDING, value: padding },
      { tag: T.HUKS_TAG_DIGEST, value: SHA[group.sha as string] ?? DIGEST.HUKS_DIGEST_NONE }];
    for (const test of group.tests) {
      // OAEP labels are not a HUKS parameter: those vectors cannot be expressed.
      if (test.label !== undefined && test.label !== '') continue;
      let plain: Uint8Array | undefined;
      const accepted = outcome(() => {
        plain = run(operation(rsaFamily, params, key,
          { purpose: PURPOSE.HUKS_KEY_PURPOSE_DECRYPT, runtime }), hex(test.ct as string));
      });
      const correct = accepted && Buffer.from(plain!).toString('hex') === test.msg;
      tally.record(test, accepted && (correct || test.result !== 'valid'), path);
    }
  }
  return tally;
}

describe('Wycheproof RSA decryption', () => {
  it('PKCS#1 v1.5 (rsa_pkcs1_2048)', () => {
    decryptTally('wycheproof/rsa_pkcs1_2048_test.json', PAD.HUKS_PADDING_PKCS1_V1_5)
      .assertClean(60);
  });

  for (const sha of ['sha1', 'sha256', 'sha384', 'sha512']) {
    it(`OAEP rsa_oaep_2048_${sha}_mgf1${sha}`, () => {
      decryptTally(`wycheproof/rsa_oaep_2048_${sha}_mgf1${sha}_test.json`,
        PAD.HUKS_PADDING_OAEP).assertClean(15);
    });
  }
});

describe('Wycheproof RSA signatures', () => {
  for (const bits of [1024, 1536, 2048]) {
    it(`PKCS#1 v1.5 signature generation is exact (rsa_pkcs1_${bits}_sig_gen)`, () => {
      const file = loadVectors(`wycheproof/rsa_pkcs1_${bits}_sig_gen_test.json`);
      let checked = 0;
      for (const group of file.testGroups) {
        const { params, key } = importPair(group, PURPOSE.HUKS_KEY_PURPOSE_SIGN);
        const runtime = [{ tag: T.HUKS_TAG_PADDING, value: PAD.HUKS_PADDING_PKCS1_V1_5 },
          { tag: T.HUKS_TAG_DIGEST, value: SHA[group.sha as string]! }];
        for (const test of group.tests) {
          const sig = run(operation(rsaFamily, params, key,
            { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN, runtime }), hex(test.msg as string));
          assert.equal(Buffer.from(sig).toString('hex'), test.sig, `tcId ${test.tcId}`);
          checked++;
        }
      }
      assert.equal(checked, file.numberOfTests);
    });
  }

  const verifyFiles = [
    ['rsa_signature_2048_sha256', PAD.HUKS_PADDING_PKCS1_V1_5],
    ['rsa_signature_3072_sha384', PAD.HUKS_PADDING_PKCS1_V1_5],
    ['rsa_pss_2048_sha256_mgf1_32', PAD.HUKS_PADDING_PSS],
    ['rsa_pss_2048_sha384_mgf1_48', PAD.HUKS_PADDING_PSS],
  ] as const;
  for (const [name, padding] of verifyFiles) {
    it(`verification (${name})`, () => {
      const file = loadVectors(`wycheproof/${name}_test.json`);
      const tally = new Tally();
      for (const group of file.testGroups) {
        const params = keyParams({ alg: ALG.HUKS_ALG_RSA, size: group.keySize as number,
          purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY });
        const key = importKey(rsaFamily, params, hex(group.publicKeyDer as string));
        // These PSS files use sLen = hLen: HUKS_RSA_PSS_SALT_LEN_DIGEST.
        const runtime = [{ tag: T.HUKS_TAG_PADDING, value: padding },
          { tag: T.HUKS_TAG_DIGEST, value: SHA[group.sha as string]! },
          { tag: T.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE,
            value: HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_DIGEST }];
        for (const test of group.tests) {
          tally.record(test, outcome(() => {
            const op = operation(rsaFamily, params, key,
              { purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY, runtime });
            op.update(hex(test.msg as string));
            op.finish(hex(test.sig as string));
          }), name);
        }
      }
      tally.assertClean(file.numberOfTests * 0.8);
    });
  }
});
