/** dhFamily: FFDHE groups, agreement, import rules, and the extra/dh_ffdhe vectors. */

import assert from 'node:assert/strict';
import {
  createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject,
} from 'node:crypto';
import { describe, it } from 'node:test';

import { ffdheGroup } from '../../../src/core/crypto/asym/ffdhe.js';
import { dhFamily } from '../../../src/core/crypto/dh.js';
import { fromBigInt } from '../../../src/core/keys/bytes.js';
import { encodeSpki } from '../../../src/core/keys/spki.js';
import { decodeAsymKey } from '../../../src/core/keys/internal.js';
import { HksErr } from '../../../src/errors/failure.js';
import {
  ALG, IMPORT, PURPOSE, T, assertFailure, hex, importKey, keyParams, loadVectors, material,
  operation, u8, unsigned,
} from './helpers.js';

const AGREE = PURPOSE.HUKS_KEY_PURPOSE_AGREE;
const params = (size: number, importType?: number) =>
  keyParams({ alg: ALG.HUKS_ALG_DH, size, purpose: AGREE, importType });

function agree(key: Uint8Array, keySize: number, peer: Uint8Array, initSize?: number)
  : Uint8Array {
  const runtime = initSize === undefined ? [] : [{ tag: T.HUKS_TAG_KEY_SIZE, value: initSize }];
  const op = operation(dhFamily, params(keySize), key, { purpose: AGREE, runtime });
  op.update(peer);
  return op.finish(new Uint8Array(0));
}

describe('DH (FFDHE)', () => {
  const vectors = loadVectors('extra/dh_ffdhe_test.json');

  it('computes the RFC 7919 primes of the vector file', () => {
    for (const group of vectors.testGroups) {
      const p = ffdheGroup(group.keySize as number)!;
      assert.equal(Buffer.from(p.pBytes).toString('hex'),
        Buffer.from(unsigned(group.p as string)).toString('hex'));
    }
    assert.equal(ffdheGroup(1024), undefined);
  });

  it('a generated ffdhe2048 key exports the §5.5 SPKI and agrees like node', () => {
    const key = dhFamily.generate(params(2048));
    const spki = dhFamily.exportPublic(params(2048), key);
    assert.equal(Buffer.from(spki.subarray(4, 30)).toString('hex'),
      '3082011706092a864886f70d010301308201080282010100ffff');
    assert.ok(spki.length >= 550 && spki.length <= 553);
    const other = dhFamily.generate(params(2048));
    const otherSpki = dhFamily.exportPublic(params(2048), other);
    const secret = agree(key, 2048, otherSpki, 2048);
    const nodeSecret = diffieHellman({
      privateKey: createPrivateKey({ key: Buffer.from(decodeAsymKey(other).pkcs8!),
        format: 'der', type: 'pkcs8' }),
      publicKey: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
    });
    assert.equal(secret.length, 256);
    assert.deepEqual(secret, u8(nodeSecret));
    assert.deepEqual(agree(key, 2048, otherSpki, 1024), secret.subarray(0, 128));
  });

  it('agreement rules: KEY_SIZE, degenerate and foreign peers', () => {
    const key = dhFamily.generate(params(2048));
    const peerSpki = dhFamily.exportPublic(params(2048), dhFamily.generate(params(2048)));
    const p = ffdheGroup(2048)!;
    const peerWith = (y: bigint) =>
      encodeSpki({ kind: 'dh', p: p.pBytes, g: Uint8Array.of(2), y: fromBigInt(y) });
    assertFailure(() => agree(key, 2048, peerSpki), HksErr.INVALID_ARGUMENT, 'no KEY_SIZE');
    assertFailure(() => agree(key, 2048, peerSpki, 3072), HksErr.INVALID_KEY_SIZE);
    for (const y of [0n, 1n, p.p - 1n, p.p]) {
      assertFailure(() => agree(key, 2048, peerWith(y), 2048), HksErr.INVALID_ARGUMENT);
    }
    assertFailure(() => agree(key, 2048, peerSpki.subarray(2), 2048), HksErr.INVALID_ARGUMENT);
    const generate = generateKeyPairSync as unknown as (type: 'dh', o: { group: string }) => {
      publicKey: KeyObject;
    };
    const modp = generate('dh', { group: 'modp14' }).publicKey;
    assertFailure(() => agree(key, 2048, u8(modp.export({ type: 'spki', format: 'der' })), 2048),
      HksErr.CRYPTO_ENGINE_ERROR, 'another group');
  });

  it('vectors: pair material (publicY‖privateX) with the peer SPKI gives sharedPadded', () => {
    let checked = 0;
    for (const group of vectors.testGroups) {
      const bits = group.keySize as number;
      for (const test of group.tests) {
        const y = unsigned(test.publicY as string);
        const x = unsigned(test.privateX as string);
        const pairParams = params(bits, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
        const key = importKey(dhFamily, pairParams,
          material([ALG.HUKS_ALG_DH, bits, y.length, x.length, 0], [y, x]));
        assert.equal(Buffer.from(agree(key, bits, hex(test.peerPublic as string), bits))
          .toString('hex'), test.sharedPadded, `tcId ${test.tcId}`);
        const privKey = importKey(dhFamily, params(bits, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY),
          material([ALG.HUKS_ALG_DH, bits, 0, x.length, 0], [x]));
        assertFailure(() => dhFamily.exportPublic(params(bits), privKey), HksErr.NOT_SUPPORTED);
        // The vector SPKI carries privateValueLength; HUKS exports p and g only (§5.5).
        const pubKey = importKey(dhFamily, params(bits), hex(test.public as string));
        assert.deepEqual(dhFamily.exportPublic(params(bits), pubKey), encodeSpki({
          kind: 'dh', p: ffdheGroup(bits)!.pBytes, g: Uint8Array.of(2), y }));
        checked++;
      }
    }
    assert.equal(checked, vectors.numberOfTests);
  });

  it('import checks: public value range, header size, missing parts', () => {
    const p = ffdheGroup(2048)!;
    const x = Uint8Array.of(5);
    const pair = (y: Uint8Array, bits = 2048) =>
      material([ALG.HUKS_ALG_DH, bits, y.length, x.length, 0], [y, x]);
    const pairParams = params(2048, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
    for (const y of [0n, 1n, p.p - 1n, p.p]) {
      assertFailure(() => importKey(dhFamily, pairParams, pair(fromBigInt(y))),
        HksErr.INVALID_KEY_INFO);
    }
    assertFailure(() => importKey(dhFamily, pairParams, pair(Uint8Array.of(4), 3072)),
      HksErr.INVALID_KEY_INFO);
    assertFailure(() => importKey(dhFamily, pairParams, pair(new Uint8Array(0))),
      HksErr.INVALID_KEY_INFO);
    const spki = encodeSpki({ kind: 'dh', p: p.pBytes, g: Uint8Array.of(2), y: Uint8Array.of(1) });
    assertFailure(() => importKey(dhFamily, params(2048), spki), HksErr.INVALID_KEY_INFO);
    assertFailure(() => importKey(dhFamily, params(3072), dhFamily.exportPublic(params(2048),
      dhFamily.generate(params(2048)))), HksErr.INVALID_KEY_INFO, 'SPKI of another size');
  });
});
