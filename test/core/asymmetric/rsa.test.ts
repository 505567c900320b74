/** rsaFamily: generation, import formats, export, cipher and signature operations. */

import assert from 'node:assert/strict';
import {
  constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, publicEncrypt,
  sign as nodeSign, verify as nodeVerify, type KeyObject,
} from 'node:crypto';
import { describe, it } from 'node:test';

import { HuksKeyPadding as PAD, HuksRsaPssSaltLenType } from '../../../src/common/enums.js';
import { rsaFamily } from '../../../src/core/crypto/rsa.js';
import { decodeAsymKey } from '../../../src/core/keys/internal.js';
import { HksErr } from '../../../src/errors/failure.js';
import {
  ALG, DIGEST, IMPORT, PURPOSE, T, assertFailure, fromJwk, importKey, keyParams, material,
  operation, run, u8,
} from './helpers.js';

const SIGN_VERIFY = PURPOSE.HUKS_KEY_PURPOSE_SIGN | PURPOSE.HUKS_KEY_PURPOSE_VERIFY;
const CRYPT = PURPOSE.HUKS_KEY_PURPOSE_ENCRYPT | PURPOSE.HUKS_KEY_PURPOSE_DECRYPT;
const HASHES = [
  [DIGEST.HUKS_DIGEST_MD5, 'md5', 16], [DIGEST.HUKS_DIGEST_SHA1, 'sha1', 20],
  [DIGEST.HUKS_DIGEST_SHA224, 'sha224', 28], [DIGEST.HUKS_DIGEST_SHA256, 'sha256', 32],
  [DIGEST.HUKS_DIGEST_SHA384, 'sha384', 48], [DIGEST.HUKS_DIGEST_SHA512, 'sha512', 64],
] as const;

const signParams = keyParams({ alg: ALG.HUKS_ALG_RSA, size: 2048, purpose: SIGN_VERIFY });
const signKey = rsaFamily.generate(signParams);
const publicKey = createPublicKey({
  key: Buffer.from(rsaFamily.exportPublic(signParams, signKey)), format: 'der', type: 'spki',
});
const cryptParams = keyParams({ alg: ALG.HUKS_ALG_RSA, size: 1024, purpose: CRYPT });
const cryptKey = rsaFamily.generate(cryptParams);

function runtime(digest: number, padding: number, ...extra: { tag: number; value: number }[]) {
  return [{ tag: T.HUKS_TAG_DIGEST, value: digest }, { tag: T.HUKS_TAG_PADDING, value: padding },
    ...extra];
}

function signWith(digest: number, padding: number, data: Uint8Array, extra = []): Uint8Array {
  const op = operation(rsaFamily, signParams, signKey,
    { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN, runtime: runtime(digest, padding, ...extra) });
  return run(op, data);
}

function verifyWith(digest: number, padding: number, data: Uint8Array, sig: Uint8Array,
  extra: { tag: number; value: number }[] = []): void {
  const op = operation(rsaFamily, signParams, signKey,
    { purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY, runtime: runtime(digest, padding, ...extra) });
  op.update(data);
  op.finish(sig);
}

const message = u8(Buffer.from('openhuks rsa signature test message'));

describe('RSA generation and export', () => {
  it('generates e = 65537 keys and exports the §5.1 SPKI', () => {
    const spki = rsaFamily.exportPublic(signParams, signKey);
    assert.equal(spki.length, 294);
    assert.equal(Buffer.from(spki.subarray(0, 33)).toString('hex'),
      '30820122300d06092a864886f70d01010105000382010f003082010a0282010100');
    assert.equal(publicKey.asymmetricKeyDetails?.publicExponent, 65537n);
  });
});

describe('RSA signatures', () => {
  for (const [digest, name, hLen] of HASHES) {
    it(`PKCS#1 v1.5 with ${name}: node verifies, and we verify node's`, () => {
      const sig = signWith(digest, PAD.HUKS_PADDING_PKCS1_V1_5, message);
      assert.equal(sig.length, 256);
      assert.ok(nodeVerify(name, message, publicKey, sig));
      verifyWith(digest, PAD.HUKS_PADDING_PKCS1_V1_5, message, sig);
      const tampered = sig.slice();
      tampered[5]! ^= 1;
      assertFailure(() => verifyWith(digest, PAD.HUKS_PADDING_PKCS1_V1_5, message, tampered),
        HksErr.CRYPTO_ENGINE_ERROR);
    });

    it(`PSS with ${name}, salt MAX and DIGEST`, () => {
      const max = signWith(digest, PAD.HUKS_PADDING_PSS, message);
      const pss = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING };
      assert.ok(nodeVerify(name, message, { ...pss, saltLength: 256 - hLen - 2 }, max));
      verifyWith(digest, PAD.HUKS_PADDING_PSS, message, max);
      const saltType = { tag: T.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE,
        value: HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_DIGEST };
      const short = run(operation(rsaFamily, signParams, signKey, {
        purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN,
        runtime: runtime(digest, PAD.HUKS_PADDING_PSS, saltType),
      }), message);
      assert.ok(nodeVerify(name, message, { ...pss, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        short));
      verifyWith(digest, PAD.HUKS_PADDING_PSS, message, short, [saltType]);
      // MAX verification pins the maximal salt: a digest-length salt fails (§3.2).
      assertFailure(() => verifyWith(digest, PAD.HUKS_PADDING_PSS, message, short),
        HksErr.CRYPTO_ENGINE_ERROR);
    });

    it(`DIGEST NONE over a ${name} hash (PKCS#1 and PSS) verifies as a ${name} signature`, () => {
      const hash = u8(createHash(name).update(message).digest());
      const pkcs1 = signWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5, hash);
      assert.ok(nodeVerify(name, message, publicKey, pkcs1));
      verifyWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5, hash, pkcs1);
      const pss = signWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PSS, hash);
      assert.ok(nodeVerify(name, message, {
        key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_AUTO,
      }, pss));
      verifyWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PSS, hash, pss);
      const nodePss = nodeSign(name, message, {
        key: rsaPrivate(), padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
      });
      verifyWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PSS, hash, nodePss);
    });
  }

  it('DIGEST NONE refuses inputs that are not a hash length (401)', () => {
    assertFailure(() => signWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5,
      new Uint8Array(33)), HksErr.INVALID_KEY_INFO);
  });

  it('padding NONE signs k bytes raw and needs DIGEST NONE', () => {
    const block = new Uint8Array(256).fill(0x5a);
    const sig = signWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_NONE, block);
    const recovered = publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, sig);
    assert.deepEqual(u8(recovered), block);
    verifyWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_NONE, block, sig);
    assertFailure(() => signWith(DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_NONE,
      new Uint8Array(255)), HksErr.INVALID_ARGUMENT);
    assertFailure(() => signWith(DIGEST.HUKS_DIGEST_SHA256, PAD.HUKS_PADDING_NONE, block),
      HksErr.INVALID_DIGEST);
  });

  it('a signature longer than k is an invalid size; ISO 9796-2 is unsupported at finish', () => {
    assertFailure(() => verifyWith(DIGEST.HUKS_DIGEST_SHA256, PAD.HUKS_PADDING_PKCS1_V1_5,
      message, new Uint8Array(257)), HksErr.INVALID_SIGNATURE_SIZE);
    const iso = operation(rsaFamily, signParams, signKey, { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN,
      runtime: runtime(DIGEST.HUKS_DIGEST_SHA256, PAD.HUKS_PADDING_ISO_IEC_9796_2) });
    iso.update(message);
    assertFailure(() => iso.finish(new Uint8Array(0)), HksErr.NOT_SUPPORTED);
  });

  it('a key that stores the PSS salt type needs the same type at init (12000012)', () => {
    const stored = signParams.with({ tag: T.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE,
      value: HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_DIGEST });
    assertFailure(() => operation(rsaFamily, stored, signKey, {
      purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN,
      runtime: runtime(DIGEST.HUKS_DIGEST_SHA256, PAD.HUKS_PADDING_PSS, {
        tag: T.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE,
        value: HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_MAX,
      }),
    }), HksErr.BAD_STATE);
  });
});

function cipher(purpose: number, digest: number, padding: number, data: Uint8Array,
  key = cryptKey, params = cryptParams): Uint8Array {
  return run(operation(rsaFamily, params, key, { purpose, runtime: runtime(digest, padding) }),
    data);
}

const ENC = PURPOSE.HUKS_KEY_PURPOSE_ENCRYPT;
const DEC = PURPOSE.HUKS_KEY_PURPOSE_DECRYPT;

describe('RSA encryption', () => {
  const plain = u8(Buffer.from('secret'));
  for (const [digest, name, length] of HASHES.filter(([, , l]) => l <= 48)) {
    it(`OAEP with ${name} round-trips and interoperates with node`, () => {
      const ct = cipher(ENC, digest, PAD.HUKS_PADDING_OAEP, plain);
      assert.equal(ct.length, 128);
      assert.deepEqual(cipher(DEC, digest, PAD.HUKS_PADDING_OAEP, ct), plain);
      const nodeCt = publicEncrypt({ key: cryptPublic(), oaepHash: name }, plain);
      assert.deepEqual(cipher(DEC, digest, PAD.HUKS_PADDING_OAEP, u8(nodeCt)), plain);
      const max = new Uint8Array(128 - 2 * length - 2);
      cipher(ENC, digest, PAD.HUKS_PADDING_OAEP, max);
      assertFailure(() => cipher(ENC, digest, PAD.HUKS_PADDING_OAEP,
        new Uint8Array(max.length + 1)), HksErr.CRYPTO_ENGINE_ERROR);
    });
  }

  it('OAEP: SHA-512 on a 1024-bit key is a key too small (12000004), NONE a bad digest', () => {
    assertFailure(() => cipher(ENC, DIGEST.HUKS_DIGEST_SHA512, PAD.HUKS_PADDING_OAEP, plain),
      HksErr.INVALID_KEY_FILE);
    assertFailure(() => cipher(ENC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_OAEP, plain),
      HksErr.INVALID_DIGEST);
  });

  it('PKCS#1 v1.5 decrypts node ciphertexts despite Node 20 refusing to', () => {
    const ct = cipher(ENC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5, plain);
    assert.deepEqual(cipher(DEC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5, ct), plain);
    const nodeCt = publicEncrypt({ key: cryptPublic(), padding: constants.RSA_PKCS1_PADDING },
      plain);
    assert.deepEqual(cipher(DEC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5,
      u8(nodeCt)), plain);
    const broken = ct.slice();
    broken[0]! ^= 0xff;
    assertFailure(() => cipher(DEC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5, broken),
      HksErr.CRYPTO_ENGINE_ERROR);
    assertFailure(() => cipher(ENC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_PKCS1_V1_5,
      new Uint8Array(118)), HksErr.CRYPTO_ENGINE_ERROR);
  });

  it('NONE is raw RSA on exactly k bytes', () => {
    const block = new Uint8Array(128).fill(7);
    const ct = cipher(ENC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_NONE, block);
    assert.deepEqual(cipher(DEC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_NONE, ct), block);
    assertFailure(() => cipher(ENC, DIGEST.HUKS_DIGEST_NONE, PAD.HUKS_PADDING_NONE,
      new Uint8Array(127)), HksErr.CRYPTO_ENGINE_ERROR);
  });
});

describe('RSA import (key-formats.md §2, §3.1)', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = privateKey.export({ format: 'jwk' });
  const [n, e, d] = [fromJwk(jwk.n!), fromJwk(jwk.e!), fromJwk(jwk.d!)];
  const rsaMaterial = (bits: number, parts: Uint8Array[]) =>
    material([ALG.HUKS_ALG_RSA, bits, ...parts.map((p) => p.length)], parts);
  const params = (purpose: number, importType?: number, size = 1024) =>
    keyParams({ alg: ALG.HUKS_ALG_RSA, size, purpose, importType });

  it('imports a key pair from n, e, d and signs like the original key', () => {
    const p = params(SIGN_VERIFY, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
    const key = importKey(rsaFamily, p, rsaMaterial(1024, [n, e, d]));
    const sig = run(operation(rsaFamily, p, key, { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN,
      runtime: runtime(DIGEST.HUKS_DIGEST_SHA256, PAD.HUKS_PADDING_PKCS1_V1_5) }), message);
    assert.deepEqual(sig, u8(nodeSign('sha256', message, privateKey)));
  });

  it('a private key without e gets 65537 and still exports n and e', () => {
    const p = params(PURPOSE.HUKS_KEY_PURPOSE_SIGN, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY);
    const key = importKey(rsaFamily, p, rsaMaterial(1024, [n, new Uint8Array(0), d]));
    assert.deepEqual(rsaFamily.exportPublic(p, key),
      u8(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })));
  });

  it('checks components, header and purpose with the spec codes', () => {
    const pair = params(SIGN_VERIFY, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
    assertFailure(() => importKey(rsaFamily, pair, rsaMaterial(1024, [n, new Uint8Array(0), d])),
      HksErr.INVALID_KEY_INFO, 'pair without e');
    assertFailure(() => importKey(rsaFamily, pair, rsaMaterial(1024, [n, e, new Uint8Array(0)])),
      HksErr.INVALID_KEY_INFO, 'no d');
    assertFailure(() => importKey(rsaFamily, pair, rsaMaterial(2048, [n, e, d])),
      HksErr.INVALID_KEY_INFO, 'header size');
    assertFailure(() => importKey(rsaFamily, pair, rsaMaterial(1024, [n, e, d]).subarray(0, 100)),
      HksErr.INVALID_KEY_INFO, 'truncated');
    const wrongD = d.slice();
    wrongD[wrongD.length - 1]! ^= 2;
    assertFailure(() => importKey(rsaFamily, pair, rsaMaterial(1024, [n, e, wrongD])),
      HksErr.INVALID_KEY_INFO, 'd of another key');
    const privateEnc = params(PURPOSE.HUKS_KEY_PURPOSE_ENCRYPT, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY);
    assertFailure(() => importKey(rsaFamily, privateEnc, rsaMaterial(1024, [n, e, d])),
      HksErr.INVALID_PURPOSE, 'private ENCRYPT');
    assertFailure(() => rsaFamily.parseImport(pair, new Uint8Array(2049)),
      HksErr.INVALID_ARGUMENT, 'over 2048 bytes');
  });

  it('imports a public SPKI for VERIFY/ENCRYPT and compares its size', () => {
    const spki = u8(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
    const verify = params(PURPOSE.HUKS_KEY_PURPOSE_VERIFY);
    const key = importKey(rsaFamily, verify, spki);
    assert.deepEqual(rsaFamily.exportPublic(verify, key), spki);
    const sig = u8(nodeSign('sha384', message, privateKey));
    const op = operation(rsaFamily, verify, key, { purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY,
      runtime: runtime(DIGEST.HUKS_DIGEST_SHA384, PAD.HUKS_PADDING_PKCS1_V1_5) });
    op.update(message);
    op.finish(sig);
    assertFailure(() => importKey(rsaFamily, params(PURPOSE.HUKS_KEY_PURPOSE_VERIFY, undefined,
      2048), spki), HksErr.INVALID_KEY_INFO, 'size');
    assertFailure(() => importKey(rsaFamily, params(PURPOSE.HUKS_KEY_PURPOSE_SIGN), spki),
      HksErr.INVALID_PURPOSE, 'public SIGN');
    assertFailure(() => importKey(rsaFamily, verify, spki.subarray(1)), HksErr.INVALID_ARGUMENT);
  });
});

let cachedPrivate: KeyObject | undefined;
/** The generated signing key as node sees it (from its PKCS #8 half). */
function rsaPrivate(): KeyObject {
  if (cachedPrivate === undefined) {
    cachedPrivate = privateOf(signKey);
  }
  return cachedPrivate;
}

function cryptPublic(): KeyObject {
  return createPublicKey({
    key: Buffer.from(rsaFamily.exportPublic(cryptParams, cryptKey)), format: 'der', type: 'spki',
  });
}

function privateOf(materialBytes: Uint8Array): KeyObject {
  const { pkcs8 } = decodeAsymKey(materialBytes);
  return createPrivateKey({ key: Buffer.from(pkcs8!), format: 'der', type: 'pkcs8' });
}
