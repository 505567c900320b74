/**
 * Loaded-key caches (crypto/asym/key-cache.ts): keyed by content, bounded, never caching a
 * failed load; and the ECDH fast path, which must accept and refuse what the general one does.
 */

import assert from 'node:assert/strict';
import {
  ECDH, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync,
  verify as nodeVerify, type KeyObject,
} from 'node:crypto';
import { describe, it } from 'node:test';

import { DerCache, clearKeyCaches } from '../../../src/core/crypto/asym/key-cache.js';
import { eccFamily } from '../../../src/core/crypto/ecc.js';
import { ed25519Family } from '../../../src/core/crypto/ed25519.js';
import { rsaFamily } from '../../../src/core/crypto/rsa.js';
import { x25519Family } from '../../../src/core/crypto/x25519.js';
import type { KeyFamily } from '../../../src/core/crypto/family.js';
import { bitString, sequence } from '../../../src/core/keys/der.js';
import { decodeAsymKey, encodeAsymKey } from '../../../src/core/keys/internal.js';
import { privateJwk, publicJwk } from '../../../src/core/keys/jwk.js';
import { CURVE_OIDS, Oid } from '../../../src/core/keys/oids.js';
import { encodeSpki } from '../../../src/core/keys/spki.js';
import { HksErr } from '../../../src/errors/failure.js';
import {
  ALG, DIGEST, PURPOSE, T, assertFailure, keyParams, operation, run, u8,
} from './helpers.js';

const SIGN_VERIFY = PURPOSE.HUKS_KEY_PURPOSE_SIGN | PURPOSE.HUKS_KEY_PURPOSE_VERIFY;
const AGREE = PURPOSE.HUKS_KEY_PURPOSE_AGREE;
const message = u8(Buffer.from('openhuks key cache'));

describe('DerCache', () => {
  it('loads once per content, whatever buffer carries it', () => {
    const cache = new DerCache<number>(4);
    let loads = 0;
    const load = (): number => ++loads;
    const bytes = Uint8Array.of(1, 2, 3);
    assert.equal(cache.get(bytes, load), 1);
    assert.equal(cache.get(bytes.slice(), load), 1);
    assert.equal(cache.get(Uint8Array.of(1, 2, 4), load), 2);
    assert.equal(loads, 2);
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new DerCache<string>(2);
    const loaded: string[] = [];
    const get = (name: string): string =>
      cache.get(u8(Buffer.from(name)), () => {
        loaded.push(name);
        return name;
      });
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // evicts b
    get('a');
    get('b');
    assert.deepEqual(loaded, ['a', 'b', 'c', 'b']);
  });

  it('caches nothing when the load throws, and keeps undefined results', () => {
    const cache = new DerCache<number | undefined>(4);
    let calls = 0;
    const bytes = Uint8Array.of(9);
    assert.throws(() => cache.get(bytes, () => {
      calls++;
      throw new Error('bad key');
    }));
    assert.equal(cache.get(bytes, () => ++calls && undefined), undefined);
    assert.equal(cache.get(bytes, () => ++calls), undefined);
    assert.equal(calls, 2);
  });
});

describe('JWK loads of stored keys', () => {
  const der = (key: KeyObject, type: 'pkcs8' | 'spki'): Buffer =>
    key.export({ type, format: 'der' } as { type: 'pkcs8'; format: 'der' });
  const cases: [string, KeyFamily, number, number, boolean][] = [
    ['RSA-2048', rsaFamily, ALG.HUKS_ALG_RSA, 2048, true],
    ['P-224', eccFamily, ALG.HUKS_ALG_ECC, 224, false],
    ['P-256', eccFamily, ALG.HUKS_ALG_ECC, 256, true],
    ['P-384', eccFamily, ALG.HUKS_ALG_ECC, 384, true],
    ['P-521', eccFamily, ALG.HUKS_ALG_ECC, 521, true],
    ['Ed25519', ed25519Family, ALG.HUKS_ALG_ED25519, 256, true],
    ['X25519', x25519Family, ALG.HUKS_ALG_X25519, 256, true],
  ];
  for (const [name, family, alg, size, converted] of cases) {
    it(`${name}: the JWK is the key the DER holds${converted ? '' : ' (none for P-224)'}`, () => {
      const params = keyParams({ alg, size, purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN });
      const key = decodeAsymKey(family.generate(params));
      const jwk = privateJwk(key.pkcs8!, key.spki);
      const pub = publicJwk(key.spki!);
      assert.equal(jwk !== undefined && pub !== undefined, converted);
      if (jwk === undefined || pub === undefined) return;
      const fromDer = createPrivateKey({ key: Buffer.from(key.pkcs8!), format: 'der',
        type: 'pkcs8' });
      assert.deepEqual(der(createPrivateKey({ key: jwk, format: 'jwk' }), 'pkcs8'),
        der(fromDer, 'pkcs8'));
      assert.deepEqual(der(createPublicKey({ key: pub, format: 'jwk' }), 'spki'),
        Buffer.from(key.spki!));
    });
  }

  it('Curve25519 keys stored without their public key and odd shapes keep the DER path', () => {
    const params = keyParams({ alg: ALG.HUKS_ALG_ED25519, size: 256, purpose: SIGN_VERIFY });
    const key = decodeAsymKey(ed25519Family.generate(params));
    assert.equal(privateJwk(key.pkcs8!, undefined), undefined);
    assert.equal(privateJwk(key.pkcs8!.subarray(1), key.spki), undefined);
    assert.equal(publicJwk(Uint8Array.of(0x30, 0)), undefined);
  });
});

describe('sessions over cached keys', () => {
  it('each key signs with its own private key, session after session', () => {
    const params = keyParams({ alg: ALG.HUKS_ALG_ECC, size: 256, purpose: SIGN_VERIFY });
    const keys = [eccFamily.generate(params), eccFamily.generate(params)];
    const runtime = [{ tag: T.HUKS_TAG_DIGEST, value: DIGEST.HUKS_DIGEST_SHA256 }];
    for (let round = 0; round < 3; round++) {
      keys.forEach((key, i) => {
        const sig = run(operation(eccFamily, params, key,
          { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN, runtime }), message);
        const spkis = keys.map((k) => createPublicKey({
          key: Buffer.from(eccFamily.exportPublic(params, k)), format: 'der', type: 'spki',
        }));
        assert.ok(nodeVerify('sha256', message, spkis[i]!, sig));
        assert.ok(!nodeVerify('sha256', message, spkis[1 - i]!, sig));
      });
      if (round === 1) clearKeyCaches();
    }
  });

  it('a stored key that does not load fails at every init (12000004), never cached', () => {
    const params = keyParams({ alg: ALG.HUKS_ALG_ED25519, size: 256, purpose: SIGN_VERIFY });
    const good = decodeAsymKey(ed25519Family.generate(params));
    const pkcs8 = good.pkcs8!.slice();
    pkcs8[pkcs8.length - 34] = 0x05; // the inner OCTET STRING tag becomes NULL
    const broken = encodeAsymKey({ spki: good.spki!, pkcs8 });
    for (let i = 0; i < 2; i++) {
      assertFailure(() => operation(ed25519Family, params, broken,
        { purpose: PURPOSE.HUKS_KEY_PURPOSE_SIGN }), HksErr.INVALID_KEY_FILE);
    }
  });
});

describe('ECDH peer encodings', () => {
  const params = keyParams({ alg: ALG.HUKS_ALG_ECC, size: 256, purpose: AGREE });
  const mine = eccFamily.generate(params);
  const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const peerDer = peer.publicKey.export({ type: 'spki', format: 'der' });
  const point = u8(peerDer.subarray(peerDer.length - 65));
  const expected = u8(diffieHellman({
    privateKey: peer.privateKey,
    publicKey: createPublicKey({
      key: Buffer.from(eccFamily.exportPublic(params, mine)), format: 'der', type: 'spki',
    }),
  }));
  const agree = (peerKey: Uint8Array): Uint8Array => {
    const op = operation(eccFamily, params, mine, { purpose: AGREE,
      algorithm: ALG.HUKS_ALG_ECDH, runtime: [{ tag: T.HUKS_TAG_KEY_SIZE, value: 256 }] });
    op.update(peerKey);
    return op.finish(new Uint8Array(0));
  };
  const spkiOf = (encoded: Uint8Array): Uint8Array =>
    encodeSpki({ kind: 'ec', curve: 'P-256', point: encoded });
  const convert = (format: 'compressed' | 'hybrid'): Uint8Array =>
    u8(ECDH.convertKey(point, 'prime256v1', undefined, undefined, format) as Buffer);

  it('uncompressed, compressed and hybrid points give the same secret', () => {
    assert.deepEqual(agree(spkiOf(point)), expected);
    assert.deepEqual(agree(spkiOf(convert('compressed'))), expected);
    assert.deepEqual(agree(spkiOf(convert('hybrid'))), expected);
  });

  it('off-curve points, infinity and a wrong hybrid parity are engine failures (12000006)', () => {
    const off = point.slice();
    off[64] ^= 1;
    const badHybrid = convert('hybrid');
    badHybrid[0] ^= 1;
    for (const bad of [off, Uint8Array.of(0), badHybrid, new Uint8Array(65)]) {
      assertFailure(() => agree(spkiOf(bad)), HksErr.CRYPTO_ENGINE_ERROR);
    }
  });

  it('an SM2 algorithm OID on a P-256 point fails as an unreadable peer (12000006)', () => {
    const odd = sequence(sequence(Oid.SM2, CURVE_OIDS.get('P-256')!), bitString(point));
    assertFailure(() => agree(odd), HksErr.CRYPTO_ENGINE_ERROR);
  });
});
