import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import { HuksImportKeyType, HuksKeyAlg } from '../../src/common/enums.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { peerPublicKey, planImport, publicKeyDer, toPem } from '../../src/cli/key-material.js';

const T = HuksImportKeyType;
const A = HuksKeyAlg;

function header(data: Uint8Array, words: number): number[] {
  const view = Buffer.from(data);
  return Array.from({ length: words }, (_, i) => view.readUInt32LE(i * 4));
}

describe('cli key material', () => {
  it('turns an RSA private key PEM into the key-pair material of key-formats.md §3.1', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    const plan = planImport(Buffer.from(pem), {});
    const jwk = privateKey.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n!, 'base64url');
    const d = Buffer.from(jwk.d!, 'base64url');

    assert.equal(plan.alg, A.HUKS_ALG_RSA);
    assert.equal(plan.size, 2048);
    assert.equal(plan.importType, T.HUKS_KEY_TYPE_KEY_PAIR);
    assert.deepEqual(header(plan.data, 5), [1, 2048, n.length, 3, d.length]);
    assert.equal(plan.data.length, 20 + n.length + 3 + d.length);
    const body = Buffer.from(plan.data).subarray(20);
    assert.deepEqual(body.subarray(0, n.length), n);
    assert.deepEqual(body.subarray(n.length, n.length + 3), Buffer.from([1, 0, 1]));
    assert.deepEqual(body.subarray(n.length + 3), d);
  });

  it('reads PKCS#1 DER too, and checks --alg/--size against the file', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const der = privateKey.export({ format: 'der', type: 'pkcs1' });
    assert.equal(planImport(der, {}).size, 1024);
    assert.throws(() => planImport(der, { size: 2048 }), /1024-bit key, not 2048 bits/);
    assert.throws(() => planImport(der, { alg: A.HUKS_ALG_ECC }), UsageError);
  });

  it('pads EC material to the field size (116 bytes for P-256)', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const plan = planImport(privateKey.export({ format: 'der', type: 'sec1' }), {});
    assert.equal(plan.alg, A.HUKS_ALG_ECC);
    assert.equal(plan.size, 256);
    assert.deepEqual(header(plan.data, 5), [2, 256, 32, 32, 32]);
    assert.equal(plan.data.length, 116);
  });

  it('reads x, y, d from DER (equal to JWK for P-256; P-224 has no JWK form)', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const jwk = p256.export({ format: 'jwk' });
    const expected = ['x', 'y', 'd'].map((k) => Buffer.from(jwk[k] as string, 'base64url'));
    const plan = planImport(p256.export({ format: 'der', type: 'pkcs8' }), {});
    assert.deepEqual(Buffer.from(plan.data).subarray(20), Buffer.concat(expected));

    const p224 = generateKeyPairSync('ec', { namedCurve: 'P-224' }).privateKey;
    const small = planImport(Buffer.from(p224.export({ format: 'pem', type: 'sec1' })), {});
    assert.equal(small.size, 224);
    assert.deepEqual(header(small.data, 5), [2, 224, 28, 28, 28]);
    assert.equal(small.data.length, 20 + 3 * 28);
  });

  it('imports only the private or only the public part of a private key file on request', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pem = Buffer.from(rsa.export({ format: 'pem', type: 'pkcs8' }));
    const privateOnly = planImport(pem, { type: T.HUKS_KEY_TYPE_PRIVATE_KEY });
    assert.equal(privateOnly.importType, T.HUKS_KEY_TYPE_PRIVATE_KEY);
    assert.equal(header(privateOnly.data, 5)[3], 0);
    const publicOnly = planImport(pem, { type: T.HUKS_KEY_TYPE_PUBLIC_KEY });
    assert.deepEqual(
      Buffer.from(publicOnly.data),
      createPublicKey(rsa).export({ format: 'der', type: 'spki' }),
    );

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const ecPrivate = planImport(ec.export({ format: 'der', type: 'pkcs8' }), { type: 1 });
    assert.deepEqual(header(ecPrivate.data, 5), [2, 384, 0, 0, 48]);

    const x = generateKeyPairSync('x25519').privateKey;
    const raw = planImport(Buffer.from(x.export({ format: 'pem', type: 'pkcs8' })), { type: 1 });
    const d = Buffer.from(x.export({ format: 'jwk' }).d!, 'base64url');
    assert.deepEqual(Buffer.from(raw.data), d);
  });

  it('builds the 84-byte Curve25519 pair and keeps raw 32-byte public keys', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pair = planImport(Buffer.from(privateKey.export({ format: 'pem', type: 'pkcs8' })), {});
    assert.equal(pair.alg, A.HUKS_ALG_ED25519);
    assert.deepEqual(header(pair.data, 5), [102, 256, 32, 32, 0]);
    assert.equal(pair.data.length, 84);

    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const fromRaw = planImport(raw, { alg: A.HUKS_ALG_ED25519 });
    assert.equal(fromRaw.importType, T.HUKS_KEY_TYPE_PUBLIC_KEY);
    assert.deepEqual(Buffer.from(fromRaw.data), raw);
    const fromPem = planImport(Buffer.from(publicKey.export({ format: 'pem', type: 'spki' })), {});
    assert.deepEqual(Buffer.from(fromPem.data), raw);
  });

  it('keeps public RSA/EC keys as SubjectPublicKeyInfo DER', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const plan = planImport(Buffer.from(toPem(spki)), {});
    assert.equal(plan.importType, T.HUKS_KEY_TYPE_PUBLIC_KEY);
    assert.equal(plan.size, 384);
    assert.deepEqual(Buffer.from(plan.data), spki);
  });

  it('reads secret keys as raw bytes or, when the size says so, hex text', () => {
    const key = randomBytes(32);
    assert.deepEqual(Buffer.from(planImport(key, { alg: A.HUKS_ALG_AES }).data), key);
    const hex = Buffer.from(`${key.toString('hex')}\n`);
    const plan = planImport(hex, { alg: A.HUKS_ALG_AES, size: 256 });
    assert.deepEqual(Buffer.from(plan.data), key);
    assert.equal(plan.size, 256);
    // 32 raw bytes that happen to be hex digits are still raw for a 256-bit key.
    const digits = Buffer.from('0123456789abcdef0123456789abcdef');
    const asRaw = planImport(digits, { alg: A.HUKS_ALG_AES, size: 256 });
    assert.deepEqual(Buffer.from(asRaw.data), digits);
  });

  it('refuses files that are not keys', () => {
    assert.throws(() => planImport(Buffer.from('hello'), {}), /cannot parse the key file/);
  });

  it('wraps raw Curve25519 exports as SPKI and converts peer keys for agreement', () => {
    const { publicKey } = generateKeyPairSync('x25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const der = publicKeyDer(A.HUKS_ALG_X25519, raw);
    assert.deepEqual(der, publicKey.export({ format: 'der', type: 'spki' }));
    assert.equal(createPublicKey(toPem(der)).asymmetricKeyType, 'x25519');
    assert.deepEqual(Buffer.from(peerPublicKey(A.HUKS_ALG_X25519, Buffer.from(toPem(der)))), raw);
    assert.deepEqual(Buffer.from(peerPublicKey(A.HUKS_ALG_X25519, raw)), raw);

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const ecDer = ec.export({ format: 'der', type: 'spki' });
    assert.deepEqual(Buffer.from(peerPublicKey(A.HUKS_ALG_ECDH, Buffer.from(toPem(ecDer)))), ecDer);
    assert.throws(() => peerPublicKey(A.HUKS_ALG_ECDH, Buffer.from('junk')), UsageError);
  });
});
