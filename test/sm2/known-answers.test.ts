// SM2/SM3 building blocks against the known answers of ../shared/vectors/extra: the SM3 hash
// (GB/T 32905), Z and e of the GB/T 32918.5 signature example, signing and encryption with the
// published nonce k (which must reproduce r, s and the ciphertext byte for byte), and the curve
// itself (each vector's private key yields its public key).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sm2Encrypt } from '../../src/core/crypto/sm2/cipher.js';
import { pointFromXY, Sm2Curve } from '../../src/core/crypto/sm2/curve.js';
import { signDigest } from '../../src/core/crypto/sm2/signature.js';
import { messageDigest, sm3, userIdHash } from '../../src/core/crypto/sm2/sm3.js';
import { hexToBytes, loadVectors, toHex } from '../vectors/lib/files.js';

interface Sm2Group {
  publicKey: { x: string; y: string };
  privateKey: string;
  za?: string;
  userId?: string | null;
  tests: Array<Record<string, string>>;
}

const big = (hex: string): bigint => BigInt('0x' + hex);

test('SM3 hashes every extra/sm3_test.json message to its digest', () => {
  const file = loadVectors('extra/sm3_test.json');
  let checked = 0;
  for (const g of file.testGroups) {
    for (const v of g.tests) {
      assert.equal(toHex(sm3(hexToBytes(v.msg))), v.digest, `tcId ${v.tcId}`);
      checked++;
    }
  }
  assert.equal(checked, file.numberOfTests);
});

test('each SM2 vector key pair lies on the curve and d·G is its public point', () => {
  for (const name of ['extra/sm2_sign_test.json', 'extra/sm2_encrypt_test.json']) {
    for (const g of loadVectors(name).testGroups as unknown as Sm2Group[]) {
      const point = pointFromXY(hexToBytes(g.publicKey.x), hexToBytes(g.publicKey.y));
      assert.ok(point, `${name}: public key on the curve`);
      assert.ok(Sm2Curve.BASE.multiply(big(g.privateKey)).equals(point!), `${name}: d·G`);
    }
  }
});

test('GB/T 32918.5 signature example: Z, e, and (r, s) with the published k', () => {
  const g = loadVectors('extra/sm2_sign_test.json').testGroups[0] as unknown as Sm2Group;
  const v = g.tests[0]!;
  const point = pointFromXY(hexToBytes(g.publicKey.x), hexToBytes(g.publicKey.y))!;
  assert.equal(Buffer.from(g.userId!, 'hex').toString(), '1234567812345678');
  assert.equal(toHex(userIdHash(point)), g.za);
  const e = messageDigest(point, hexToBytes(v.msg!));
  assert.equal(toHex(e), v.e);
  const sig = signDigest(big(g.privateKey), e, () => big(v.k!));
  assert.equal(sig.r.toString(16).padStart(64, '0'), v.r);
  assert.equal(sig.s.toString(16).padStart(64, '0'), v.s);
});

test('GB/T 32918.5 encryption example: the published k reproduces the DER ciphertext', () => {
  const file = loadVectors('extra/sm2_encrypt_test.json');
  let reproduced = 0;
  for (const g of file.testGroups as unknown as Sm2Group[]) {
    const point = pointFromXY(hexToBytes(g.publicKey.x), hexToBytes(g.publicKey.y))!;
    for (const v of g.tests.filter((t) => t.k !== undefined)) {
      const ct = sm2Encrypt(point, hexToBytes(v.msg!), () => big(v.k!));
      assert.equal(toHex(ct), v.ct, `tcId ${v.tcId}`);
      reproduced++;
    }
  }
  assert.equal(reproduced, 1);
});
