// Every unwrap suite round-trips: the server-side helper (src/wrap) wraps for a wrapping key
// generated in the keystore, importWrappedKeyItem unwraps, and the imported key holds the
// wrapped bytes (symmetric keys encrypt like node:crypto; key pairs sign and verify; a wrapped
// public key in the §3.6 inner form verifies a node signature).
import { generateKeyPairSync, randomBytes, sign as nodeSign } from 'node:crypto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  HuksImportKeyType as I, HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPurpose as U,
  HuksTag as T,
} from '../../src/common/enums.js';
import { Sm2Curve } from '../../src/core/crypto/sm2/curve.js';
import { sm2Spki } from '../../src/core/crypto/sm2/keys.js';
import { innerPublicKey, wrapKey, WrapSuite } from '../../src/wrap/index.js';
import { tempHuks } from '../helpers/instance.js';
import { assertSameKey, cipherProps, p, wrappingKey } from './helpers.js';

const t = tempHuks();
after(() => t.cleanup());
const huks = t.huks;
const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

const signProps = (alg: number, bits: number, digest: number, suite: number, type: number) => [
  p(T.HUKS_TAG_ALGORITHM, alg),
  p(T.HUKS_TAG_KEY_SIZE, bits),
  p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY),
  p(T.HUKS_TAG_DIGEST, digest),
  p(T.HUKS_TAG_IMPORT_KEY_TYPE, type),
  p(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE, suite),
];

async function signAndVerify(alias: string, alg: number, digest: number): Promise<void> {
  const init = [p(T.HUKS_TAG_ALGORITHM, alg), p(T.HUKS_TAG_DIGEST, digest)];
  const msg = new TextEncoder().encode('wrapped key in use');
  const signInit = [...init, p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_SIGN)];
  let handle = (await huks.initSession(alias, { properties: signInit })).handle;
  const sig = (await huks.finishSession(handle, { properties: signInit, inData: msg })).outData!;
  const verifyInit = [...init, p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_VERIFY)];
  handle = (await huks.initSession(alias, { properties: verifyInit })).handle;
  await huks.updateSession(handle, { properties: verifyInit, inData: msg });
  await huks.finishSession(handle, { properties: verifyInit, inData: sig });
}

/** §3.2 material with 32-byte x, y, z (alg 2 or 150). */
function eccMaterial(alg: number, x: Uint8Array, y: Uint8Array, z: Uint8Array): Uint8Array {
  const head = Buffer.alloc(20);
  [alg, 256, 32, 32, 32].forEach((w, i) => head.writeUInt32LE(w, i * 4));
  return new Uint8Array(Buffer.concat([head, x, y, z]));
}

function p256Pair(): { spki: Uint8Array; x: Uint8Array; y: Uint8Array; d: Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const b = (v: string | undefined) => new Uint8Array(Buffer.from(v!, 'base64url'));
  const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
  return { spki, x: b(jwk.x), y: b(jwk.y), d: b(jwk.d) };
}

const SUITES = [
  ['suite 1 (X25519, AES-256-GCM)', WrapSuite.X25519_AES_256_GCM],
  ['suite 2 (ECDH P-256, AES-256-GCM)', WrapSuite.ECDH_AES_256_GCM],
  ['suite 3 (SM2, SM4-CBC, signed KEK)', WrapSuite.SM2_SM4_CBC_VERIFY],
  ['suite 4 (SM2, SM4-CBC)', WrapSuite.SM2_SM4_CBC],
  ['suite 5 (SM2, SM4-ECB envelope)', WrapSuite.SM2_SM4_ECB_ENVELOPE],
] as const;
const signer = bytes(32);
signer[0] = 0x11; // below n, so a valid SM2 private key

for (const [name, suite] of SUITES) {
  test(`${name}: a symmetric key arrives intact`, async () => {
    const wrapping = await wrappingKey(huks, `w${suite}`, suite);
    const sm = suite >= 3 && suite <= 4;
    const [alg, bits] = sm ? [A.HUKS_ALG_SM4, 128] : [A.HUKS_ALG_AES, 256];
    const key = bytes(bits / 8);
    const blob = wrapKey({ suite, wrappingPublicKey: wrapping, key, signerPrivateKey: signer });
    await huks.importWrappedKeyItem(`k${suite}`, `w${suite}`, {
      properties: cipherProps(alg, bits, suite), inData: blob,
    });
    await assertSameKey(huks, `k${suite}`, alg, key);
  });
}

test('suite 2: AES-192 with the worked example\'s AAD gives the 279-byte layout', async () => {
  const wrapping = await wrappingKey(huks, 'w-ex', 2);
  const key = bytes(24);
  const aad = new TextEncoder().encode('abababababababab');
  const blob = wrapKey({ suite: 2, wrappingPublicKey: wrapping, key, aad });
  assert.equal(blob.length, 279);
  await huks.importWrappedKeyItem('k-ex', 'w-ex', { properties: cipherProps(A.HUKS_ALG_AES, 192,
    2), inData: blob });
  await assertSameKey(huks, 'k-ex', A.HUKS_ALG_AES, key);
});

test('suites 1 and 2: an ECC key pair (material) signs after import', async () => {
  for (const suite of [1, 2]) {
    const wrapping = await wrappingKey(huks, `wp${suite}`, suite);
    const k = p256Pair();
    const blob = wrapKey({ suite, wrappingPublicKey: wrapping,
      key: eccMaterial(A.HUKS_ALG_ECC, k.x, k.y, k.d) });
    await huks.importWrappedKeyItem(`pair${suite}`, `wp${suite}`, {
      properties: signProps(A.HUKS_ALG_ECC, 256, D.HUKS_DIGEST_SHA256, suite,
        I.HUKS_KEY_TYPE_KEY_PAIR),
      inData: blob,
    });
    await signAndVerify(`pair${suite}`, A.HUKS_ALG_ECC, D.HUKS_DIGEST_SHA256);
  }
});

test('suite 1: a wrapped public key in the inner form verifies a node signature', async () => {
  const wrapping = await wrappingKey(huks, 'w-pub', 1);
  const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = new Uint8Array(k.publicKey.export({ format: 'der', type: 'spki' }));
  const blob = wrapKey({ suite: 1, wrappingPublicKey: wrapping, key: innerPublicKey(spki) });
  const props = [
    p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_VERIFY), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
    p(T.HUKS_TAG_IMPORT_KEY_TYPE, I.HUKS_KEY_TYPE_PUBLIC_KEY),
    p(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE, 1),
  ];
  await huks.importWrappedKeyItem('pub1', 'w-pub', { properties: props, inData: blob });
  const msg = new TextEncoder().encode('signed by node');
  const sig = nodeSign('sha256', msg, k.privateKey);
  const init = [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
    p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_VERIFY)];
  const { handle } = await huks.initSession('pub1', { properties: init });
  await huks.updateSession(handle, { properties: init, inData: msg });
  await huks.finishSession(handle, { properties: init, inData: new Uint8Array(sig) });
  assert.deepEqual((await huks.exportKeyItem('pub1', { properties: [] })).outData, spki);

  // The X.509 form itself is not the inner format: 401 (key-formats.md §8.3).
  const x509 = wrapKey({ suite: 1, wrappingPublicKey: wrapping, key: spki });
  await assert.rejects(huks.importWrappedKeyItem('pub1x', 'w-pub', { properties: props,
    inData: x509 }), { code: 401 });
});

test('suite 4: an SM2 key pair; suite 5: SM2 and ECC pairs from their private component',
  async () => {
    const d = 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n;
    const point = Sm2Curve.BASE.multiply(d).toAffine();
    const b32 = (v: bigint) => new Uint8Array(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
    const w4 = await wrappingKey(huks, 'w4-pair', 4);
    const material = eccMaterial(A.HUKS_ALG_SM2, b32(point.x), b32(point.y), b32(d));
    await huks.importWrappedKeyItem('sm2-4', 'w4-pair', {
      properties: signProps(A.HUKS_ALG_SM2, 256, D.HUKS_DIGEST_SM3, 4, I.HUKS_KEY_TYPE_KEY_PAIR),
      inData: wrapKey({ suite: 4, wrappingPublicKey: w4, key: material }),
    });
    await signAndVerify('sm2-4', A.HUKS_ALG_SM2, D.HUKS_DIGEST_SM3);

    const w5 = await wrappingKey(huks, 'w5-pair', 5);
    const sm2Public = sm2Spki(Sm2Curve.BASE.multiply(d));
    await huks.importWrappedKeyItem('sm2-5', 'w5-pair', {
      properties: [...signProps(A.HUKS_ALG_SM2, 256, D.HUKS_DIGEST_SM3, 5,
        I.HUKS_KEY_TYPE_KEY_PAIR), p(T.HUKS_TAG_ASYMMETRIC_PUBLIC_KEY_DATA, sm2Public)],
      inData: wrapKey({ suite: 5, wrappingPublicKey: w5, key: b32(d) }),
    });
    await signAndVerify('sm2-5', A.HUKS_ALG_SM2, D.HUKS_DIGEST_SM3);
    assert.deepEqual((await huks.exportKeyItem('sm2-5', { properties: [] })).outData, sm2Public);

    const k = p256Pair();
    await huks.importWrappedKeyItem('ecc-5', 'w5-pair', {
      properties: [...signProps(A.HUKS_ALG_ECC, 256, D.HUKS_DIGEST_SHA256, 5,
        I.HUKS_KEY_TYPE_KEY_PAIR), p(T.HUKS_TAG_ASYMMETRIC_PUBLIC_KEY_DATA, k.spki)],
      inData: wrapKey({ suite: 5, wrappingPublicKey: w5, key: k.d }),
    });
    await signAndVerify('ecc-5', A.HUKS_ALG_ECC, D.HUKS_DIGEST_SHA256);
  });

test('suite 5 with IMPORT_KEY_TYPE PUBLIC_KEY imports the tag\'s key and ignores the data',
  async () => {
    await wrappingKey(huks, 'w5-pub', 5);
    const k = p256Pair();
    await huks.importWrappedKeyItem('ecc-5-pub', 'w5-pub', {
      properties: [
        p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, 256),
        p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_VERIFY),
        p(T.HUKS_TAG_IMPORT_KEY_TYPE, I.HUKS_KEY_TYPE_PUBLIC_KEY),
        p(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE, 5), p(T.HUKS_TAG_ASYMMETRIC_PUBLIC_KEY_DATA, k.spki),
      ],
      inData: new Uint8Array(1),
    });
    assert.deepEqual((await huks.exportKeyItem('ecc-5-pub', { properties: [] })).outData, k.spki);
  });
