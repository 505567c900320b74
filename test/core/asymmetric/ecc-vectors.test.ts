/**
 * Wycheproof ECDSA and ECDH vectors through eccFamily, with the HUKS import formats the vector
 * README maps them to: ECDSA public keys as SPKI, ECDH own keys as x‖y‖z pair material and the
 * peer as SPKI.
 */

import { createECDH } from 'node:crypto';
import { describe, it } from 'node:test';

import { eccFamily } from '../../../src/core/crypto/ecc.js';
import { curveByName } from '../../../src/core/keys/curves.js';
import {
  ALG, DIGEST, IMPORT, PURPOSE, T, Tally, hex, importKey, keyParams, loadVectors, material,
  operation, outcome, unsigned,
} from './helpers.js';

const SHA: Record<string, number> = {
  'SHA-224': DIGEST.HUKS_DIGEST_SHA224, 'SHA-256': DIGEST.HUKS_DIGEST_SHA256,
  'SHA-384': DIGEST.HUKS_DIGEST_SHA384, 'SHA-512': DIGEST.HUKS_DIGEST_SHA512,
};
const CURVE: Record<string, 'P-224' | 'P-256' | 'P-384' | 'P-521'> = {
  secp224r1: 'P-224', secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521',
};

const ECDSA_FILES = [
  'ecdsa_secp224r1_sha224', 'ecdsa_secp224r1_sha256', 'ecdsa_secp224r1_sha512',
  'ecdsa_secp256r1_sha256', 'ecdsa_secp256r1_sha512', 'ecdsa_secp384r1_sha256',
  'ecdsa_secp384r1_sha384', 'ecdsa_secp384r1_sha512', 'ecdsa_secp521r1_sha512',
];

/**
 * ecdsa_secp256r1_sha256 runs in full; the other files every second test, to keep the suite
 * fast (the public API vector suite in test/vectors runs them all).
 */
const ECDSA_FULL = 'ecdsa_secp256r1_sha256';

describe('Wycheproof ECDSA (verify, DER signatures)', () => {
  for (const name of ECDSA_FILES) {
    it(name, () => {
      const step = name === ECDSA_FULL ? 1 : 2;
      const file = loadVectors(`wycheproof/${name}_test.json`);
      const tally = new Tally();
      for (const group of file.testGroups) {
        const publicKey = group.publicKey as { curve: string };
        const curve = curveByName(CURVE[publicKey.curve]!)!;
        const params = keyParams({
          alg: ALG.HUKS_ALG_ECC, size: curve.keySize, purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY,
        });
        const key = importKey(eccFamily, params, hex(group.publicKeyDer as string));
        for (const test of group.tests) {
          if (test.tcId % step !== 0) continue;
          const accepted = outcome(() => {
            const op = operation(eccFamily, params, key, {
              purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY,
              runtime: [{ tag: T.HUKS_TAG_DIGEST, value: SHA[group.sha as string]! }],
            });
            op.update(hex(test.msg as string));
            op.finish(hex(test.sig as string));
          });
          tally.record(test, accepted, name);
        }
      }
      tally.assertClean(file.numberOfTests * 0.9 / step);
    });
  }
});

/**
 * Every ECDH test costs a key import and an OpenSSL agreement (milliseconds on P-384/P-521 here),
 * so a spread sample runs: every `step`-th test, plus every test that is not valid. The public
 * API vector suite (test/vectors) runs them all.
 */
const ECDH_STEP: Record<string, number> = {
  secp224r1: 4, secp256r1: 3, secp384r1: 10, secp521r1: 10,
};

describe('Wycheproof ECDH (pair material + peer SPKI)', () => {
  for (const name of ['secp224r1', 'secp256r1', 'secp384r1', 'secp521r1']) {
    it(`ecdh_${name}`, () => {
      const file = loadVectors(`wycheproof/ecdh_${name}_test.json`);
      const curve = curveByName(CURVE[name]!)!;
      const params = keyParams({ alg: ALG.HUKS_ALG_ECC, size: curve.keySize,
        purpose: PURPOSE.HUKS_KEY_PURPOSE_AGREE, importType: IMPORT.HUKS_KEY_TYPE_KEY_PAIR });
      const tally = new Tally();
      for (const group of file.testGroups) {
        for (const test of group.tests) {
          if (test.result === 'valid' && test.tcId % ECDH_STEP[name]! !== 0) continue;
          const z = unsigned(test.private as string);
          const ecdh = createECDH(curve.nodeName);
          ecdh.setPrivateKey(z);
          const point = ecdh.getPublicKey();
          const x = point.subarray(1, 1 + curve.fieldBytes);
          const y = point.subarray(1 + curve.fieldBytes);
          const key = importKey(eccFamily, params, material(
            [ALG.HUKS_ALG_ECC, curve.keySize, x.length, y.length, z.length], [x, y, z]));
          let shared: Uint8Array | undefined;
          const accepted = outcome(() => {
            const op = operation(eccFamily, params, key, {
              purpose: PURPOSE.HUKS_KEY_PURPOSE_AGREE, algorithm: ALG.HUKS_ALG_ECDH,
              runtime: [{ tag: T.HUKS_TAG_KEY_SIZE, value: curve.keySize }],
            });
            op.update(hex(test.public as string));
            shared = op.finish(new Uint8Array(0));
          });
          const correct = accepted && Buffer.from(shared!).toString('hex') === test.shared;
          tally.record(test, accepted && (correct || test.result !== 'valid'), `ecdh ${name}`);
        }
      }
      tally.assertClean(file.numberOfTests / (2 * ECDH_STEP[name]!));
    });
  }
});
