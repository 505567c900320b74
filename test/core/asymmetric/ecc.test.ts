/** eccFamily: ECDSA with every digest (incl. prehashed), ECDH, import/export formats. */

import assert from 'node:assert/strict';
import {
  createECDH, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync,
  sign as nodeSign, verify as nodeVerify,
} from 'node:crypto';
import { describe, it } from 'node:test';

import { eccFamily } from '../../../src/core/crypto/ecc.js';
import { NIST_CURVES } from '../../../src/core/keys/curves.js';
import { decodeAsymKey } from '../../../src/core/keys/internal.js';
import { parseEcPkcs8 } from '../../../src/core/keys/pkcs8.js';
import { parseSpki } from '../../../src/core/keys/spki.js';
import { HksErr } from '../../../src/errors/failure.js';
import {
  ALG, DIGEST, IMPORT, PURPOSE, T, assertFailure, importKey, keyParams, material,
  operation, run, u8,
} from './helpers.js';

const SIGN_VERIFY = PURPOSE.HUKS_KEY_PURPOSE_SIGN | PURPOSE.HUKS_KEY_PURPOSE_VERIFY;
const AGREE = PURPOSE.HUKS_KEY_PURPOSE_AGREE;
const HASHES = [
  [DIGEST.HUKS_DIGEST_SHA1, 'sha1'], [DIGEST.HUKS_DIGEST_SHA224, 'sha224'],
  [DIGEST.HUKS_DIGEST_SHA256, 'sha256'], [DIGEST.HUKS_DIGEST_SHA384, 'sha384'],
  [DIGEST.HUKS_DIGEST_SHA512, 'sha512'],
] as const;
const message = u8(Buffer.from('openhuks ecdsa'));

function digestParam(digest: number) {
  return [{ tag: T.HUKS_TAG_DIGEST, value: digest }];
}

for (const curve of NIST_CURVES) {
  describe(`ECC ${curve.name}`, () => {
    const params = keyParams({ alg: ALG.HUKS_ALG_ECC, size: curve.keySize, purpose: SIGN_VERIFY });
    const key = eccFamily.generate(params);
    const spki = eccFamily.exportPublic(params, key);
    const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const privateKey = createPrivateKey({
      key: Buffer.from(decodeAsymKey(key).pkcs8!), format: 'der', type: 'pkcs8',
    });

    it('exports a named-curve SPKI of the §5.2 length', () => {
      assert.equal(spki.length, { 224: 80, 256: 91, 384: 120, 521: 158 }[curve.keySize]);
      assert.equal(publicKey.asymmetricKeyDetails?.namedCurve, curve.nodeName);
    });

    for (const [digest, name] of HASHES) {
      it(`ECDSA with ${name} and with DIGEST NONE over ${name}, both ways with node`, () => {
        const sign = (d: number, data: Uint8Array) => run(operation(eccFamily, params, key,
          { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN, runtime: digestParam(d) }), data);
        const verify = (d: number, data: Uint8Array, sig: Uint8Array) => {
          const op = operation(eccFamily, params, key,
            { purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY, runtime: digestParam(d) });
          op.update(data);
          op.finish(sig);
        };
        const hashed = sign(digest, message);
        assert.ok(nodeVerify(name, message, publicKey, hashed));
        const hash = u8(createHash(name).update(message).digest());
        const prehashed = sign(DIGEST.HUKS_DIGEST_NONE, hash);
        assert.ok(nodeVerify(name, message, publicKey, prehashed), 'prehashed signature');
        const fromNode = u8(nodeSign(name, message, privateKey));
        verify(digest, message, fromNode);
        verify(DIGEST.HUKS_DIGEST_NONE, hash, fromNode);
        const other = u8(nodeSign(name, u8(Buffer.from('other')), privateKey));
        assertFailure(() => verify(digest, message, other), HksErr.CRYPTO_ENGINE_ERROR);
        assertFailure(() => verify(DIGEST.HUKS_DIGEST_NONE, hash, other),
          HksErr.CRYPTO_ENGINE_ERROR);
      });
    }

    it('DIGEST NONE needs a hash length; oversized signatures are a size error', () => {
      assertFailure(() => run(operation(eccFamily, params, key, {
        purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN, runtime: digestParam(DIGEST.HUKS_DIGEST_NONE),
      }), new Uint8Array(33)), HksErr.INVALID_KEY_INFO);
      const limit = { 224: 64, 256: 72, 384: 104, 521: 140 }[curve.keySize]!;
      const op = operation(eccFamily, params, key, {
        purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY, runtime: digestParam(DIGEST.HUKS_DIGEST_SHA256),
      });
      op.update(message);
      assertFailure(() => op.finish(new Uint8Array(limit + 1)), HksErr.INVALID_SIGNATURE_SIZE);
      // A raw r‖s signature is not DER: 12000006.
      const raw = u8(nodeSign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      const op2 = operation(eccFamily, params, key, {
        purpose: PURPOSE.HUKS_KEY_PURPOSE_VERIFY, runtime: digestParam(DIGEST.HUKS_DIGEST_SHA256),
      });
      op2.update(message);
      assertFailure(() => op2.finish(raw), HksErr.CRYPTO_ENGINE_ERROR);
    });

    it('ECDH agreement equals node, with KEY_SIZE and peer checks', () => {
      const agreeParams = keyParams({ alg: ALG.HUKS_ALG_ECC, size: curve.keySize, purpose: AGREE });
      const mine = eccFamily.generate(agreeParams);
      const peer = generateKeyPairSync('ec', { namedCurve: curve.nodeName });
      const peerSpki = u8(peer.publicKey.export({ type: 'spki', format: 'der' }));
      const agree = (size: number | undefined, peerKey: Uint8Array) => {
        const runtime = size === undefined ? [] : [{ tag: T.HUKS_TAG_KEY_SIZE, value: size }];
        const op = operation(eccFamily, agreeParams, mine, {
          purpose: AGREE, algorithm: ALG.HUKS_ALG_ECDH, runtime,
        });
        op.update(peerKey);
        return op.finish(new Uint8Array(0));
      };
      const secret = agree(curve.keySize, peerSpki);
      const expected = diffieHellman({
        privateKey: peer.privateKey,
        publicKey: createPublicKey({
          key: Buffer.from(eccFamily.exportPublic(agreeParams, mine)), format: 'der', type: 'spki',
        }),
      });
      assert.equal(secret.length, curve.fieldBytes);
      assert.deepEqual(secret, u8(expected));
      assertFailure(() => agree(undefined, peerSpki), HksErr.INVALID_ARGUMENT, 'no KEY_SIZE');
      assertFailure(() => agree(curve.keySize, peerSpki.subarray(0, peerSpki.length - 1)),
        HksErr.INVALID_ARGUMENT, 'malformed peer');
      const otherCurve = NIST_CURVES.find((c) => c !== curve)!;
      const wrong = generateKeyPairSync('ec', { namedCurve: otherCurve.nodeName }).publicKey;
      assertFailure(() => agree(curve.keySize,
        u8(wrong.export({ type: 'spki', format: 'der' }))), HksErr.CRYPTO_ENGINE_ERROR);
      assertFailure(() => operation(eccFamily, agreeParams, mine, { purpose: AGREE }),
        HksErr.INVALID_ALGORITHM, 'ALGORITHM ECC for AGREE');
    });

    it('imports pair, private-only and public keys per key-formats.md §2/§3.2', () => {
      const pair = generateKeyPairSync('ec', { namedCurve: curve.nodeName });
      const spkiBytes = u8(pair.publicKey.export({ type: 'spki', format: 'der' }));
      const point = (parseSpki(spkiBytes) as { point: Uint8Array }).point;
      const x = point.subarray(1, 1 + curve.fieldBytes);
      const y = point.subarray(1 + curve.fieldBytes);
      const z = parseEcPkcs8(u8(pair.privateKey.export({ type: 'pkcs8', format: 'der' })));
      const eccMaterial = (bits: number, parts: Uint8Array[]) =>
        material([ALG.HUKS_ALG_ECC, bits, ...parts.map((p) => p.length)], parts);
      const p = (purpose: number, type?: number) =>
        keyParams({ alg: ALG.HUKS_ALG_ECC, size: curve.keySize, purpose, importType: type });

      const pairKey = importKey(eccFamily, p(SIGN_VERIFY, IMPORT.HUKS_KEY_TYPE_KEY_PAIR),
        eccMaterial(curve.keySize, [x, y, z]));
      assert.deepEqual(eccFamily.exportPublic(params, pairKey), spkiBytes);

      const privParams = p(PURPOSE.HUKS_KEY_PURPOSE_SIGN, IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY);
      const privKey = importKey(eccFamily, privParams,
        eccMaterial(curve.keySize, [new Uint8Array(0), new Uint8Array(0), z]));
      const sig = run(operation(eccFamily, privParams, privKey, {
        purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN, runtime: digestParam(DIGEST.HUKS_DIGEST_SHA256),
      }), message);
      assert.ok(nodeVerify('sha256', message, pair.publicKey, sig));
      assertFailure(() => eccFamily.exportPublic(privParams, privKey), HksErr.NOT_SUPPORTED);

      const pubParams = p(PURPOSE.HUKS_KEY_PURPOSE_VERIFY);
      const pubKey = importKey(eccFamily, pubParams, spkiBytes);
      assert.deepEqual(eccFamily.exportPublic(pubParams, pubKey), spkiBytes);

      const pairParams = p(SIGN_VERIFY, IMPORT.HUKS_KEY_TYPE_KEY_PAIR);
      assertFailure(() => importKey(eccFamily, pairParams,
        eccMaterial(curve.keySize, [new Uint8Array(0), y, z])), HksErr.INVALID_KEY_INFO);
      assertFailure(() => importKey(eccFamily, p(PURPOSE.HUKS_KEY_PURPOSE_VERIFY,
        IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY), eccMaterial(curve.keySize, [x, y, z])),
      HksErr.INVALID_PURPOSE);
      const otherSize = curve.keySize === 256 ? 384 : 256;
      assertFailure(() => importKey(eccFamily, pairParams, eccMaterial(otherSize, [x, y, z])),
        HksErr.INVALID_KEY_INFO, 'header size');
      assertFailure(() => importKey(eccFamily, p(SIGN_VERIFY), spkiBytes),
        HksErr.INVALID_PURPOSE, 'public SIGN');
      const badPoint = spkiBytes.slice();
      badPoint[badPoint.length - 1]! ^= 1;
      assertFailure(() => importKey(eccFamily, pubParams, badPoint), HksErr.INVALID_ARGUMENT);
      const zeroScalar = eccMaterial(curve.keySize, [x, y, new Uint8Array(curve.fieldBytes)]);
      assertFailure(() => importKey(eccFamily, pairParams, zeroScalar), HksErr.INVALID_KEY_INFO);
    });
  });
}

describe('ECC generated material', () => {
  it('the P-224 prehash curve agrees with OpenSSL on public points', () => {
    const ecdh = createECDH('secp224r1');
    ecdh.generateKeys();
    const params = keyParams({ alg: ALG.HUKS_ALG_ECC, size: 224, purpose: SIGN_VERIFY,
      importType: IMPORT.HUKS_KEY_TYPE_PRIVATE_KEY });
    const z = u8(ecdh.getPrivateKey());
    const key = importKey(eccFamily, params.with({ tag: T.HUKS_TAG_PURPOSE,
      value: PURPOSE.HUKS_KEY_PURPOSE_SIGN }), material([ALG.HUKS_ALG_ECC, 224, 0, 0, z.length],
      [z]));
    const hash = u8(createHash('sha224').update(message).digest());
    const sig = run(operation(eccFamily, params, key, { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN,
      runtime: digestParam(DIGEST.HUKS_DIGEST_NONE) }), hash);
    const prefix = Buffer.from('304e301006072a8648ce3d020106052b81040021033a00', 'hex');
    const spki = Buffer.concat([prefix,
      ecdh.getPublicKey()]);
    const pub = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    assert.ok(nodeVerify('sha224', message, pub, sig));
  });
});

describe('ECDH peers on curves HUKS does not offer', () => {
  it('a well-formed secp256k1 peer is a wrong curve (12000006), not a malformed key', () => {
    const params = keyParams({ alg: ALG.HUKS_ALG_ECC, size: 256, purpose: AGREE });
    const key = eccFamily.generate(params);
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
    const op = operation(eccFamily, params, key, { purpose: AGREE, algorithm: ALG.HUKS_ALG_ECDH,
      runtime: [{ tag: T.HUKS_TAG_KEY_SIZE, value: 256 }] });
    assertFailure(() => op.update(u8(k1.export({ type: 'spki', format: 'der' }))),
      HksErr.CRYPTO_ENGINE_ERROR);
  });
});
