/** dsaFamily: generation (incl. sizes OpenSSL 3 will not generate), prehash, import, vectors. */

import assert from 'node:assert/strict';
import {
  createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { describe, it } from 'node:test';

import { dsaFamily } from '../../../src/core/crypto/dsa.js';
import { decodeAsymKey } from '../../../src/core/keys/internal.js';
import { parseFfcPkcs8 } from '../../../src/core/keys/pkcs8.js';
import { parseSpki } from '../../../src/core/keys/spki.js';
import { HksErr } from '../../../src/errors/failure.js';
import {
  ALG, DIGEST, IMPORT, PURPOSE, T, Tally, assertFailure, hex, importKey, keyParams, loadVectors,
  material, operation, outcome, run, u8,
} from './helpers.js';

const SIGN = PURPOSE.HUKS_KEY_PURPOSE_SIGN;
const VERIFY = PURPOSE.HUKS_KEY_PURPOSE_VERIFY;
const SHA: Record<string, number> = {
  'SHA-1': DIGEST.HUKS_DIGEST_SHA1, 'SHA-224': DIGEST.HUKS_DIGEST_SHA224,
  'SHA-256': DIGEST.HUKS_DIGEST_SHA256,
};
const message = u8(Buffer.from('openhuks dsa'));
const digest = (d: number) => [{ tag: T.HUKS_TAG_DIGEST, value: d }];

function verify(params: ReturnType<typeof keyParams>, key: Uint8Array, d: number,
  data: Uint8Array, sig: Uint8Array): void {
  const op = operation(dsaFamily, params, key, { purpose: VERIFY, runtime: digest(d) });
  op.update(data);
  op.finish(sig);
}

describe('DSA', () => {
  for (const size of [512, 1024]) {
    it(`a generated ${size}-bit key signs with SHA-256 and prehashed, checked by node`, () => {
      const params = keyParams({ alg: ALG.HUKS_ALG_DSA, size, purpose: SIGN | VERIFY });
      const key = dsaFamily.generate(params);
      const spki = dsaFamily.exportPublic(params, key);
      const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, size);
      assert.equal(publicKey.asymmetricKeyDetails?.divisorLength, 160);
      const hashed = run(operation(dsaFamily, params, key, {
        purpose: SIGN, runtime: digest(DIGEST.HUKS_DIGEST_SHA256) }), message);
      assert.ok(nodeVerify('sha256', message, publicKey, hashed));
      const hash = u8(createHash('sha256').update(message).digest());
      const prehashed = run(operation(dsaFamily, params, key, {
        purpose: SIGN, runtime: digest(DIGEST.HUKS_DIGEST_NONE) }), hash);
      assert.ok(nodeVerify('sha256', message, publicKey, prehashed));
      const privateKey = createPrivateKey({
        key: Buffer.from(decodeAsymKey(key).pkcs8!), format: 'der', type: 'pkcs8' });
      const fromNode = u8(nodeSign('sha256', message, privateKey));
      verify(params, key, DIGEST.HUKS_DIGEST_SHA256, message, fromNode);
      verify(params, key, DIGEST.HUKS_DIGEST_NONE, hash, fromNode);
      assertFailure(() => verify(params, key, DIGEST.HUKS_DIGEST_NONE, hash.subarray(1), fromNode),
        HksErr.INVALID_KEY_INFO);
      const bad = fromNode.slice();
      bad[bad.length - 1]! ^= 1;
      assertFailure(() => verify(params, key, DIGEST.HUKS_DIGEST_SHA256, message, bad),
        HksErr.CRYPTO_ENGINE_ERROR);
      assertFailure(() => verify(params, key, DIGEST.HUKS_DIGEST_NONE, hash, bad),
        HksErr.CRYPTO_ENGINE_ERROR);
    });
  }

  it('imports pair, private-only and public keys (key-formats.md §3.3)', () => {
    const node = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    const spki = u8(node.publicKey.export({ type: 'spki', format: 'der' }));
    const pub = parseSpki(spki) as { p: Uint8Array; q: Uint8Array; g: Uint8Array; y: Uint8Array };
    const { x } = parseFfcPkcs8(u8(node.privateKey.export({ type: 'pkcs8', format: 'der' })));
    const dsaMaterial = (parts: Uint8Array[], bits = 1024) =>
      material([ALG.HUKS_ALG_DSA, bits, ...parts.map((p) => p.length)], parts);
    const params = (purpose: number, type?: number, size = 1024) =>
      keyParams({ alg: ALG.HUKS_ALG_DSA, size, purpose, importType: type });

    const pairParams = params(SIGN | VERIFY, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
    const pair = importKey(dsaFamily, pairParams, dsaMaterial([x, pub.y, pub.p, pub.q, pub.g]));
    assert.deepEqual(dsaFamily.exportPublic(pairParams, pair), spki);
    const sig = run(operation(dsaFamily, pairParams, pair, {
      purpose: SIGN, runtime: digest(DIGEST.HUKS_DIGEST_SHA1) }), message);
    assert.ok(nodeVerify('sha1', message, node.publicKey, sig));

    const privParams = params(SIGN, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY);
    const priv = importKey(dsaFamily, privParams,
      dsaMaterial([x, new Uint8Array(0), pub.p, pub.q, pub.g]));
    assertFailure(() => dsaFamily.exportPublic(privParams, priv), HksErr.NOT_SUPPORTED);

    // A public key's header size is derived from y; any KEY_SIZE passes (§1.4 step 6).
    const pubParams = params(VERIFY, undefined, 2048);
    const pubKey = importKey(dsaFamily, pubParams, spki);
    verify(pubParams, pubKey, DIGEST.HUKS_DIGEST_SHA1, message, sig);

    assertFailure(() => importKey(dsaFamily, pairParams,
      dsaMaterial([x, new Uint8Array(0), pub.p, pub.q, pub.g])), HksErr.INVALID_KEY_INFO);
    assertFailure(() => importKey(dsaFamily, pairParams,
      dsaMaterial([x, pub.y, pub.p, pub.q, pub.g], 2048)), HksErr.INVALID_KEY_INFO);
    assertFailure(() => importKey(dsaFamily, params(VERIFY, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY),
      dsaMaterial([x, pub.y, pub.p, pub.q, pub.g])), HksErr.INVALID_PURPOSE);
    assertFailure(() => importKey(dsaFamily, params(SIGN), spki), HksErr.INVALID_PURPOSE);
  });
});

describe('Wycheproof DSA (SPKI public keys, DER signatures)', () => {
  const files = [
    ['wycheproof/v0/dsa_test.json', 'keyDer'],
    ['wycheproof/dsa_2048_224_sha224_test.json', 'publicKeyDer'],
    ['wycheproof/dsa_2048_224_sha256_test.json', 'publicKeyDer'],
    ['wycheproof/dsa_2048_256_sha256_test.json', 'publicKeyDer'],
    ['wycheproof/dsa_3072_256_sha256_test.json', 'publicKeyDer'],
  ] as const;
  for (const [path, field] of files) {
    it(path, () => {
      const file = loadVectors(path);
      const tally = new Tally();
      for (const group of file.testGroups) {
        const params = keyParams({ alg: ALG.HUKS_ALG_DSA, size: 1024, purpose: VERIFY });
        const key = importKey(dsaFamily, params, hex(group[field] as string));
        for (const test of group.tests) {
          tally.record(test, outcome(() => verify(params, key, SHA[group.sha as string]!,
            hex(test.msg as string), hex(test.sig as string))), path);
        }
      }
      tally.assertClean(file.numberOfTests * 0.9);
    });
  }
});
