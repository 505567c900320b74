/** ed25519Family and x25519Family: raw keys, pair material, RFC 8032 / Wycheproof vectors. */

import assert from 'node:assert/strict';
import {
  createPublicKey, diffieHellman, generateKeyPairSync, verify as nodeVerify,
} from 'node:crypto';
import { describe, it } from 'node:test';

import { ed25519Family } from '../../../src/core/crypto/ed25519.js';
import { x25519Family } from '../../../src/core/crypto/x25519.js';
import { HksErr } from '../../../src/errors/failure.js';
import {
  ALG, IMPORT, PURPOSE, Tally, assertFailure, hex, importKey, keyParams, loadVectors, material,
  operation, outcome, run, u8,
} from './helpers.js';

const SIGN = PURPOSE.HUKS_KEY_PURPOSE_SIGN;
const VERIFY = PURPOSE.HUKS_KEY_PURPOSE_VERIFY;
const AGREE = PURPOSE.HUKS_KEY_PURPOSE_AGREE;

const edParams = (purpose: number, importType?: number) =>
  keyParams({ alg: ALG.HUKS_ALG_ED25519, size: 256, purpose, importType });
const xParams = (importType?: number) =>
  keyParams({ alg: ALG.HUKS_ALG_X25519, size: 256, purpose: AGREE, importType });
const pair = (alg: number, pub: Uint8Array, priv: Uint8Array) =>
  material([alg, 256, pub.length, priv.length, 0], [pub, priv]);

function verifyEd(params: ReturnType<typeof edParams>, key: Uint8Array, msg: Uint8Array,
  sig: Uint8Array): void {
  const op = operation(ed25519Family, params, key, { purpose: VERIFY });
  op.update(msg);
  op.finish(sig);
}

describe('Ed25519', () => {
  it('generated keys sign what node verifies and export 32 raw bytes', () => {
    const params = edParams(SIGN | VERIFY);
    const key = ed25519Family.generate(params);
    const raw = ed25519Family.exportPublic(params, key);
    assert.equal(raw.length, 32);
    const msg = u8(Buffer.from('ed25519 message'));
    const sig = run(operation(ed25519Family, params, key, { purpose: SIGN }), msg);
    assert.equal(sig.length, 64);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    assert.ok(nodeVerify(null, msg, createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      sig));
    verifyEd(params, key, msg, sig);
    assertFailure(() => verifyEd(params, key, msg, sig.subarray(0, 63)),
      HksErr.INVALID_SIGNATURE_SIZE);
    assertFailure(() => verifyEd(params, key, msg, new Uint8Array([...sig, 0])),
      HksErr.CRYPTO_ENGINE_ERROR);
    assertFailure(() => operation(ed25519Family, params, key, { purpose: AGREE }),
      HksErr.INVALID_ALGORITHM);
  });

  it('RFC 8032 vectors: pair material signs exactly, raw private key too', () => {
    const file = loadVectors('extra/ed25519_rfc8032_test.json');
    let checked = 0;
    for (const group of file.testGroups) {
      const pk = hex(group.publicKey as string);
      const sk = hex(group.privateKey as string);
      const pairParams = edParams(SIGN | VERIFY, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
      const pairKey = importKey(ed25519Family, pairParams, pair(ALG.HUKS_ALG_ED25519, pk, sk));
      assert.deepEqual(ed25519Family.exportPublic(pairParams, pairKey), pk);
      const privParams = edParams(SIGN, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY);
      const privKey = importKey(ed25519Family, privParams, sk);
      assertFailure(() => ed25519Family.exportPublic(privParams, privKey), HksErr.INVALID_ARGUMENT);
      for (const test of group.tests) {
        const msg = hex(test.msg as string);
        for (const [params, key] of [[pairParams, pairKey], [privParams, privKey]] as const) {
          const sig = run(operation(ed25519Family, params, key, { purpose: SIGN }), msg);
          assert.equal(Buffer.from(sig).toString('hex'), test.sig, `tcId ${test.tcId}`);
        }
        verifyEd(pairParams, pairKey, msg, hex(test.sig as string));
        checked++;
      }
    }
    assert.ok(checked >= 3);
  });

  it('Wycheproof ed25519 verification with raw public keys', () => {
    const file = loadVectors('wycheproof/ed25519_test.json');
    const tally = new Tally();
    for (const group of file.testGroups) {
      const params = edParams(VERIFY);
      const key = importKey(ed25519Family, params,
        hex((group.publicKey as { pk: string }).pk));
      for (const test of group.tests) {
        tally.record(test, outcome(() =>
          verifyEd(params, key, hex(test.msg as string), hex(test.sig as string))), 'ed25519');
      }
    }
    tally.assertClean(file.numberOfTests);
  });

  it('import refuses the wrong lengths, types and purposes', () => {
    assertFailure(() => importKey(ed25519Family, edParams(VERIFY), new Uint8Array(44)),
      HksErr.INVALID_ARGUMENT, 'SPKI is not the raw public key');
    const privateMaterial = pair(ALG.HUKS_ALG_ED25519, new Uint8Array(0), new Uint8Array(32));
    assertFailure(() => importKey(ed25519Family, edParams(SIGN, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY),
      privateMaterial), HksErr.INVALID_ARGUMENT, '52-byte private material');
    assertFailure(() => importKey(ed25519Family, edParams(SIGN), new Uint8Array(32)),
      HksErr.INVALID_PURPOSE, 'public SIGN');
    assertFailure(() => importKey(ed25519Family, edParams(SIGN | VERIFY,
      IMPORT.HUKS_KEY_TYPE_KEY_PAIR), pair(ALG.HUKS_ALG_X25519, new Uint8Array(32),
      new Uint8Array(32))), HksErr.INVALID_KEY_INFO, 'header algorithm');
    assertFailure(() => importKey(ed25519Family, edParams(SIGN | VERIFY,
      IMPORT.HUKS_KEY_TYPE_KEY_PAIR), pair(ALG.HUKS_ALG_ED25519, new Uint8Array(0),
      new Uint8Array(32))), HksErr.INVALID_KEY_INFO, 'pair without public key');
  });
});

function agreeX(key: Uint8Array, params: ReturnType<typeof xParams>, peer: Uint8Array)
  : Uint8Array {
  const op = operation(x25519Family, params, key, { purpose: AGREE });
  op.update(peer);
  return op.finish(new Uint8Array(0));
}

describe('X25519', () => {
  it('agreement between a generated key and node equals node\'s result', () => {
    const params = xParams();
    const key = x25519Family.generate(params);
    const raw = x25519Family.exportPublic(params, key);
    const peer = generateKeyPairSync('x25519');
    const peerRaw = u8(peer.publicKey.export({ type: 'spki', format: 'der' })).subarray(12);
    const expected = diffieHellman({ privateKey: peer.privateKey, publicKey: createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), raw]),
      format: 'der', type: 'spki' }) });
    assert.deepEqual(agreeX(key, params, peerRaw), u8(expected));
    assertFailure(() => agreeX(key, params, new Uint8Array(31)), HksErr.INVALID_ARGUMENT);
    assertFailure(() => agreeX(key, params, new Uint8Array(32)), HksErr.CRYPTO_ENGINE_ERROR,
      'low-order peer gives an all-zero secret');
    const op = operation(x25519Family, params, key, { purpose: AGREE });
    assertFailure(() => op.finish(new Uint8Array(0)), HksErr.INVALID_ARGUMENT, 'finish first');
  });

  it('Wycheproof x25519 with raw keys (private import and pair material)', () => {
    const file = loadVectors('wycheproof/x25519_test.json');
    const tally = new Tally();
    for (const group of file.testGroups) {
      for (const test of group.tests) {
        const params = xParams(IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY);
        let shared: Uint8Array | undefined;
        const accepted = outcome(() => {
          const key = importKey(x25519Family, params, hex(test.private as string));
          shared = agreeX(key, params, hex(test.public as string));
        });
        const correct = accepted && Buffer.from(shared!).toString('hex') === test.shared;
        tally.record(test, accepted && (correct || test.result !== 'valid'), 'x25519');
      }
    }
    tally.assertClean(200);
  });
});
