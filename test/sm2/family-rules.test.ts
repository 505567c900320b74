// SM2 key rules through the public API, with the codes of algorithms.md §5 and key-formats.md
// §3.2, §5.3, §5.7: material shape at import, private-only keys, digest rules per operation,
// signature size and DIGEST NONE input length, and the refused key agreement.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksKeyAlg, HuksKeyPurpose as U, HuksTag as T } from '../../src/common/enums.js';
import { Sm2Curve } from '../../src/core/crypto/sm2/curve.js';
import { tempHuks } from '../helpers/instance.js';
import {
  codeOf, initProps, NONE, PAIR, PRIVATE, session, sm2Material, sm2Props, SM3,
} from './helpers.js';

const t = tempHuks();
after(() => t.cleanup());
const huks = t.huks;

const SIGN_VERIFY = U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY;
const d = 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n;
const hex32 = (v: bigint): Uint8Array => new Uint8Array(Buffer.from(v.toString(16).padStart(64,
  '0'), 'hex'));
const pub = Sm2Curve.BASE.multiply(d).toAffine();
const X = hex32(pub.x);
const Y = hex32(pub.y);
const Z = hex32(d);
const EMPTY = new Uint8Array(0);
const e32 = new Uint8Array(32).fill(7);

const importPair = (alias: string, material: Uint8Array, purpose: number = SIGN_VERIFY,
  digest: number = SM3) =>
  huks.importKeyItem(alias, { properties: sm2Props(purpose, digest, PAIR), inData: material });

test('generated keys sign, verify, encrypt, decrypt; DIGEST NONE signs a 32-byte e', async () => {
  await huks.generateKeyItem('gen-sign', { properties: sm2Props(SIGN_VERIFY, SM3) });
  const msg = new TextEncoder().encode('message');
  const sig = await session(huks, 'gen-sign', initProps(U.HUKS_KEY_PURPOSE_SIGN, SM3), msg);
  assert.ok(sig.length <= 72 && sig[0] === 0x30);
  await session(huks, 'gen-sign', initProps(U.HUKS_KEY_PURPOSE_VERIFY, SM3), msg, sig);

  await huks.generateKeyItem('gen-none', { properties: sm2Props(SIGN_VERIFY, NONE) });
  const raw = await session(huks, 'gen-none', initProps(U.HUKS_KEY_PURPOSE_SIGN, NONE), e32);
  await session(huks, 'gen-none', initProps(U.HUKS_KEY_PURPOSE_VERIFY, NONE), e32, raw);
  const other = new Uint8Array(32).fill(8);
  assert.equal(await codeOf(session(huks, 'gen-none', initProps(U.HUKS_KEY_PURPOSE_VERIFY, NONE),
    other, raw)), 12000006);

  const both = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
  await huks.generateKeyItem('gen-enc', { properties: sm2Props(both, SM3) });
  const ct = await session(huks, 'gen-enc', initProps(U.HUKS_KEY_PURPOSE_ENCRYPT, SM3), msg);
  assert.ok(ct.length >= msg.length + 96 + 6 && ct.length <= msg.length + 96 + 12);
  const pt = await session(huks, 'gen-enc', initProps(U.HUKS_KEY_PURPOSE_DECRYPT, SM3), ct);
  assert.deepEqual(pt, msg);
});

test('material: 33-byte parts, trailing bytes, foreign headers, bad points: 401', async () => {
  const padded = new Uint8Array(33);
  padded.set(Z, 1);
  assert.equal(await codeOf(importPair('m1', sm2Material(X, Y, padded))), 401);
  assert.equal(await codeOf(importPair('m2', sm2Material(X, Y, Z, 1))), 401);
  const wrongY = Y.slice();
  wrongY[31]! ^= 1;
  assert.equal(await codeOf(importPair('m3', sm2Material(X, wrongY, Z))), 401);
  const eccHeader = sm2Material(X, Y, Z);
  eccHeader[0] = HuksKeyAlg.HUKS_ALG_ECC;
  assert.equal(await codeOf(importPair('m4', eccHeader)), 401);
  const n = Sm2Curve.Fn.ORDER;
  assert.equal(await codeOf(importPair('m5', sm2Material(X, Y, hex32(n - 1n)))), 401);
  assert.equal(await huks.hasKeyItem('m1', { properties: [] }), false);
  assert.equal(await huks.hasKeyItem('m5', { properties: [] }), false);
  // Minimal (short) components are the generated form and import fine.
  await importPair('m6', sm2Material(X, Y, Z));
});

test('a private-only key: NONE signs, SM3 signing is 12000006, export is 12000001', async () => {
  const props = sm2Props(U.HUKS_KEY_PURPOSE_SIGN, NONE, PRIVATE);
  await huks.importKeyItem('priv', { properties: props, inData: sm2Material(EMPTY, EMPTY, Z) });
  const sig = await session(huks, 'priv', initProps(U.HUKS_KEY_PURPOSE_SIGN, NONE), e32);
  assert.ok(sig.length > 8);
  assert.equal(await codeOf(huks.exportKeyItem('priv', { properties: [] })), 12000001);

  const sm3Props = sm2Props(U.HUKS_KEY_PURPOSE_SIGN, SM3, PRIVATE);
  await huks.importKeyItem('priv-sm3', { properties: sm3Props,
    inData: sm2Material(EMPTY, EMPTY, Z) });
  assert.equal(await codeOf(session(huks, 'priv-sm3', initProps(U.HUKS_KEY_PURPOSE_SIGN, SM3),
    e32)), 12000006);
  // PRIVATE_KEY import allows SIGN only (algorithms.md §1.4 step 5).
  const decrypt = sm2Props(U.HUKS_KEY_PURPOSE_DECRYPT, SM3, PRIVATE);
  assert.equal(await codeOf(huks.importKeyItem('priv-dec', { properties: decrypt,
    inData: sm2Material(EMPTY, EMPTY, Z) })), 12000003);
});

test('sessions: encrypt with NONE is 12000003, NONE input of 31 bytes is 401', async () => {
  const both = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
  await importPair('cipher-none', sm2Material(X, Y, Z), both, NONE);
  assert.equal(await codeOf(session(huks, 'cipher-none', initProps(U.HUKS_KEY_PURPOSE_ENCRYPT,
    NONE), e32)), 12000003);
  await importPair('sign-none', sm2Material(X, Y, Z), SIGN_VERIFY, NONE);
  assert.equal(await codeOf(session(huks, 'sign-none', initProps(U.HUKS_KEY_PURPOSE_SIGN, NONE),
    e32.subarray(1))), 401);
});

test('verification: 73-byte signature is 12000003, raw r‖s is 12000006', async () => {
  await importPair('verify', sm2Material(X, Y, Z));
  const msg = new Uint8Array([1, 2, 3]);
  const init = initProps(U.HUKS_KEY_PURPOSE_VERIFY, SM3);
  assert.equal(await codeOf(session(huks, 'verify', init, msg, new Uint8Array(73))), 12000003);
  assert.equal(await codeOf(session(huks, 'verify', init, msg, new Uint8Array(64).fill(1))),
    12000006);
});

test('decryption of damaged ciphertexts is 12000006; SM2 agreement is 401', async () => {
  const both = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
  await importPair('dec', sm2Material(X, Y, Z), both);
  const msg = new TextEncoder().encode('secret');
  const ct = await session(huks, 'dec', initProps(U.HUKS_KEY_PURPOSE_ENCRYPT, SM3), msg);
  const init = initProps(U.HUKS_KEY_PURPOSE_DECRYPT, SM3);
  for (const cut of [ct.subarray(0, ct.length - 1), new Uint8Array([0x30, 0])]) {
    assert.equal(await codeOf(session(huks, 'dec', init, cut)), 12000006);
  }
  const flipped = ct.slice();
  flipped[flipped.length - 1]! ^= 0x80;
  assert.equal(await codeOf(session(huks, 'dec', init, flipped)), 12000006);

  await huks.generateKeyItem('agree', { properties: [
    { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_SM2 },
    { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
    { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_AGREE },
  ] });
  const agreeInit = [
    { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_SM2 },
    { tag: T.HUKS_TAG_PURPOSE, value: U.HUKS_KEY_PURPOSE_AGREE },
  ];
  assert.equal(await codeOf(session(huks, 'agree', agreeInit, new Uint8Array(91))), 401);
});
