// Wrapped blobs built independently of openhuks's own wrapping code: node:crypto's OpenSSL
// primitives (ECDH, X25519, AES-GCM, SM4, HMAC-SM3, SM3) and the openssl command line for SM2
// encryption and signing, assembled by hand after key-formats.md §8 byte by byte. The
// keystore must unwrap each of them to exactly the key that went in.
import {
  createCipheriv, createHash, createHmac, createPublicKey, diffieHellman, generateKeyPairSync,
  randomBytes, type KeyObject,
} from 'node:crypto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksKeyAlg as A } from '../../src/common/enums.js';
import { tempHuks } from '../helpers/instance.js';
import { OpenSslDir, opensslHasSm2 } from '../sm2/openssl.js';
import { assertSameKey, cipherProps, wrappingKey } from './helpers.js';

const t = tempHuks();
const ossl = new OpenSslDir();
after(async () => {
  ossl.cleanup();
  await t.cleanup();
});
const huks = t.huks;
const noSm2 = opensslHasSm2() ? false : 'openssl on this machine has no SM2';

/** §8.1: [u32le length][bytes] per part. */
function lv(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.flatMap((part) => {
    const length = Buffer.alloc(4);
    length.writeUInt32LE(part.length);
    return [length, Buffer.from(part)];
  })));
}

const u32 = (n: number): Uint8Array => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return new Uint8Array(b);
};

function gcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, data: Uint8Array)
  : { ct: Uint8Array; tag: Uint8Array } {
  const cipher = createCipheriv(`aes-${key.length * 8}-gcm` as 'aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(data), cipher.final()]);
  return { ct: new Uint8Array(ct), tag: new Uint8Array(cipher.getAuthTag()) };
}

/** §8.2 parts 1-9 after the sender key, with the worked example's AAD and nonce. */
function agreementParts(shared: Uint8Array, key: Uint8Array): Uint8Array[] {
  const aad = new TextEncoder().encode('abababababababab');
  const nonce = new TextEncoder().encode('hahahahahaha');
  const kek = new Uint8Array(randomBytes(32));
  const sealedKek = gcm(shared, nonce, aad, kek);
  const sealedKey = gcm(kek, nonce, aad, key);
  return [aad, nonce, sealedKek.tag, sealedKek.ct, aad, nonce, sealedKey.tag, u32(key.length),
    sealedKey.ct];
}

const secret = (privateKey: KeyObject, publicKey: KeyObject): Uint8Array =>
  new Uint8Array(diffieHellman({ privateKey, publicKey }));

test('suite 2 blob of the worked example (279 bytes) from node:crypto ECDH and AES-GCM',
  async () => {
    const wrapping = await wrappingKey(huks, 'w2', 2);
    const device = createPublicKey({ key: Buffer.from(wrapping), format: 'der', type: 'spki' });
    const own = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = new Uint8Array(own.publicKey.export({ format: 'der', type: 'spki' }));
    const key = new Uint8Array(randomBytes(24));
    const blob = lv([spki, ...agreementParts(secret(own.privateKey, device), key)]);
    assert.equal(blob.length, 279);
    const hex = (from: number, to: number) => Buffer.from(blob.subarray(from, to)).toString('hex');
    assert.equal(hex(0, 4), '5b000000');
    assert.equal(hex(151, 155), '20000000');
    assert.equal(hex(243, 251), '0400000018000000');
    await huks.importWrappedKeyItem('k2', 'w2', { properties: cipherProps(A.HUKS_ALG_AES, 192, 2),
      inData: blob });
    await assertSameKey(huks, 'k2', A.HUKS_ALG_AES, key);
  });

test('suite 1 blob (220 bytes) from node:crypto X25519 and AES-GCM', async () => {
  const wrapping = await wrappingKey(huks, 'w1', 1);
  const device = createPublicKey({ key: { kty: 'OKP', crv: 'X25519',
    x: Buffer.from(wrapping).toString('base64url') }, format: 'jwk' });
  const own = generateKeyPairSync('x25519');
  const raw = Buffer.from(own.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const key = new Uint8Array(randomBytes(24));
  const blob = lv([new Uint8Array(raw), ...agreementParts(secret(own.privateKey, device), key)]);
  assert.equal(blob.length, 220);
  await huks.importWrappedKeyItem('k1', 'w1', { properties: cipherProps(A.HUKS_ALG_AES, 192, 1),
    inData: blob });
  await assertSameKey(huks, 'k1', A.HUKS_ALG_AES, key);
});

/** SM2-encrypts with `openssl pkeyutl` for the keystore's exported SM2 SPKI. */
function opensslSm2Encrypt(spki: Uint8Array, plain: Uint8Array): Uint8Array {
  ossl.write('device.der', spki);
  ossl.must(['pkey', '-pubin', '-inform', 'DER', '-in', 'device.der', '-out', 'device.pem']);
  ossl.write('plain', plain);
  ossl.must(['pkeyutl', '-encrypt', '-pubin', '-inkey', 'device.pem', '-in', 'plain', '-out',
    'sealed']);
  return ossl.read('sealed');
}

/** GB/T 32918 KDF over node's SM3 (key-formats.md §9.4). */
function kdf(z: Uint8Array, length: number): Uint8Array {
  const blocks: Buffer[] = [];
  for (let ct = 1; blocks.length * 32 < length; ct++) {
    blocks.push(createHash('sm3').update(z).update(u32(ct).reverse()).digest());
  }
  return new Uint8Array(Buffer.concat(blocks).subarray(0, length));
}

test('suite 5 envelope from openssl SM2 encryption and node SM4-ECB', { skip: noSm2 }, async () => {
  const wrapping = await wrappingKey(huks, 'w5', 5);
  const sm4Key = new Uint8Array(randomBytes(16));
  const key = new Uint8Array(randomBytes(32));
  const ecb = createCipheriv('sm4-ecb', sm4Key, null).setAutoPadding(false);
  const blob = lv([opensslSm2Encrypt(wrapping, sm4Key),
    new Uint8Array(Buffer.concat([ecb.update(key), ecb.final()]))]);
  await huks.importWrappedKeyItem('k5', 'w5', { properties: cipherProps(A.HUKS_ALG_AES, 256, 5),
    inData: blob });
  await assertSameKey(huks, 'k5', A.HUKS_ALG_AES, key);
});

for (const suite of [3, 4]) {
  test(`suite ${suite} from openssl SM2 (encryption${suite === 3 ? ', signature' : ''}), `
    + 'node SM4-CBC, HMAC-SM3 and SM3-KDF', { skip: noSm2 }, async () => {
    const wrapping = await wrappingKey(huks, `w${suite}`, suite);
    const kek = new Uint8Array(randomBytes(16));
    const [f1, f2, iv] = [randomBytes(16), randomBytes(16), randomBytes(16)];
    const key = new Uint8Array(randomBytes(16));
    const cbc = createCipheriv('sm4-cbc', kdf(Buffer.concat([kek, f1]), 16), iv);
    const keyCt = Buffer.concat([cbc.update(key), cbc.final()]);
    const mac = createHmac('sm3', kdf(Buffer.concat([kek, f2]), 16)).update(keyCt).digest();
    const tail = [u32(kek.length), f1, f2, mac, keyCt, iv, u32(key.length)]
      .map((b) => new Uint8Array(b));
    let parts: Uint8Array[];
    if (suite === 3) {
      ossl.must(['genpkey', '-algorithm', 'SM2', '-out', 'sender.pem']);
      ossl.must(['pkey', '-in', 'sender.pem', '-pubout', '-outform', 'DER', '-out', 'sender.der']);
      ossl.write('kek', kek);
      ossl.must(['pkeyutl', '-sign', '-inkey', 'sender.pem', '-rawin', '-in', 'kek', '-digest',
        'sm3', '-pkeyopt', 'distid:1234567812345678', '-out', 'kek.sig']);
      const sig = ossl.read('kek.sig');
      const sealed = opensslSm2Encrypt(wrapping, new Uint8Array(Buffer.concat([kek, sig])));
      parts = [ossl.read('sender.der'), u32(sig.length), sealed, ...tail];
    } else {
      parts = [opensslSm2Encrypt(wrapping, kek), ...tail];
    }
    await huks.importWrappedKeyItem(`k${suite}`, `w${suite}`, {
      properties: cipherProps(A.HUKS_ALG_SM4, 128, suite), inData: lv(parts),
    });
    await assertSameKey(huks, `k${suite}`, A.HUKS_ALG_SM4, key);
  });
}
