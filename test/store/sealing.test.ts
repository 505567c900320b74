import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createSealer, encodeNamespace, hkdfSha256 } from '../../src/core/sealing.js';
import { HksErr, HuksFailure, toExternal } from '../../src/errors/failure.js';
import type { Namespace } from '../../src/store/types.js';
import { NS, alias, properties } from './helpers.js';

const MATERIAL = new Uint8Array(randomBytes(32));
const ALIAS = alias('my-key');
const PROPS = properties();

function refused(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof HuksFailure);
    assert.equal(err.internal, HksErr.FAILURE);
    assert.equal(toExternal(err.internal).code, 12000012);
    return true;
  });
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
}

describe('sealing (storage.md §4.2)', () => {
  const sealer = createSealer(randomBytes(32));
  const sealed = sealer.seal(NS, ALIAS, PROPS, MATERIAL);

  it('round-trips the key material', () => {
    assert.deepEqual(sealer.unseal(NS, ALIAS, PROPS, sealed), MATERIAL);
  });

  it('lays the blob out as salt | nonce | tag | u32 LE size | ciphertext', () => {
    assert.equal(sealed.length, 48 + MATERIAL.length);
    assert.equal(Buffer.from(sealed).readUInt32LE(44), MATERIAL.length);
    // The ciphertext is not the plaintext.
    assert.notDeepEqual(sealed.subarray(48), MATERIAL);
  });

  it('uses a fresh salt and nonce for every seal', () => {
    const again = sealer.seal(NS, ALIAS, PROPS, MATERIAL);
    assert.notDeepEqual(again.subarray(0, 16), sealed.subarray(0, 16));
    assert.notDeepEqual(again.subarray(16, 28), sealed.subarray(16, 28));
    assert.deepEqual(sealer.unseal(NS, ALIAS, PROPS, again), MATERIAL);
  });

  it('never repeats a salt or a nonce, across refills of the random pool', () => {
    const salts = new Set<string>();
    const nonces = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const blob = Buffer.from(sealer.seal(NS, ALIAS, PROPS, MATERIAL));
      salts.add(blob.subarray(0, 16).toString('hex'));
      nonces.add(blob.subarray(16, 28).toString('hex'));
      assert.notDeepEqual(blob.subarray(0, 28), Buffer.alloc(28));
    }
    assert.equal(salts.size, 200);
    assert.equal(nonces.size, 200);
  });

  it('refuses a flipped bit anywhere in the sealed blob', () => {
    for (let at = 0; at < sealed.length; at++) {
      refused(() => sealer.unseal(NS, ALIAS, PROPS, flip(sealed, at)));
    }
  });

  it('refuses altered properties', () => {
    for (let at = 0; at < PROPS.length; at++) {
      refused(() => sealer.unseal(NS, ALIAS, flip(PROPS, at), sealed));
    }
    refused(() => sealer.unseal(NS, ALIAS, PROPS.subarray(0, PROPS.length - 1), sealed));
    refused(() => sealer.unseal(NS, ALIAS, new Uint8Array([...PROPS, 0]), sealed));
  });

  it('refuses another alias', () => {
    refused(() => sealer.unseal(NS, flip(ALIAS, 0), PROPS, sealed));
    refused(() => sealer.unseal(NS, alias('my-key '), PROPS, sealed));
    refused(() => sealer.unseal(NS, alias('My-key'), PROPS, sealed));
  });

  it('refuses a record moved to another namespace', () => {
    const moved: Namespace[] = [
      { ...NS, app: 'com.example.other' },
      { ...NS, userId: 101 },
      { ...NS, level: 0 },
      { ...NS, level: 2 },
    ];
    for (const ns of moved) refused(() => sealer.unseal(ns, ALIAS, PROPS, sealed));
  });

  it('does not confuse the boundary between alias and properties', () => {
    // Moving a byte from the end of the alias to the start of the properties must not verify.
    const a = alias('ab');
    const p = new Uint8Array([0x63, ...PROPS]);
    const s = sealer.seal(NS, a, p, MATERIAL);
    refused(() => sealer.unseal(NS, alias('abc'), PROPS, s));
  });

  it('refuses a blob sealed under another main key', () => {
    refused(() => createSealer(randomBytes(32)).unseal(NS, ALIAS, PROPS, sealed));
  });

  it('refuses inconsistent lengths', () => {
    refused(() => sealer.unseal(NS, ALIAS, PROPS, sealed.subarray(0, 48)));
    refused(() => sealer.unseal(NS, ALIAS, PROPS, sealed.subarray(0, sealed.length - 1)));
    refused(() => sealer.unseal(NS, ALIAS, PROPS, new Uint8Array([...sealed, 0])));
    refused(() => sealer.unseal(NS, ALIAS, PROPS, new Uint8Array(0)));
  });

  it('opens a blob whose bytes live at an offset in a larger buffer', () => {
    const big = new Uint8Array(sealed.length + 10);
    big.set(sealed, 7);
    assert.deepEqual(sealer.unseal(NS, ALIAS, PROPS, big.subarray(7, 7 + sealed.length)), MATERIAL);
  });

  it('refuses to seal empty material and main keys that are not 32 bytes', () => {
    assert.throws(() => sealer.seal(NS, ALIAS, PROPS, new Uint8Array(0)), HuksFailure);
    assert.throws(() => createSealer(new Uint8Array(16)), HuksFailure);
  });

  it('keeps working after the caller zeroes its copy of the main key', () => {
    const mk = randomBytes(32);
    const mine = createSealer(mk);
    const blob = mine.seal(NS, ALIAS, PROPS, MATERIAL);
    const twin = createSealer(Buffer.from(mk));
    mk.fill(0);
    assert.deepEqual(mine.unseal(NS, ALIAS, PROPS, blob), MATERIAL);
    assert.deepEqual(twin.unseal(NS, ALIAS, PROPS, blob), MATERIAL);
  });
});

/**
 * The layout of storage.md §4.2 written out with node:crypto's own HKDF, independently of
 * sealing.ts, so that a change of implementation there cannot change the bytes unnoticed.
 */
function referenceKey(mk: Uint8Array, ns: Namespace, salt: Uint8Array): Buffer {
  const hkdfSalt = Buffer.concat([encodeNamespace(ns), salt]);
  return Buffer.from(hkdfSync('sha256', mk, hkdfSalt, Buffer.alloc(0), 32));
}

function referenceAad(ns: Namespace, aliasBytes: Uint8Array, props: Uint8Array): Buffer {
  const aliasLen = Buffer.alloc(4);
  aliasLen.writeUInt32LE(aliasBytes.length, 0);
  const label = Buffer.from('openhuks-seal-v1', 'ascii');
  return Buffer.concat([label, encodeNamespace(ns), aliasLen, aliasBytes, props]);
}

function referenceSeal(mk: Uint8Array, material: Uint8Array): Uint8Array {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', referenceKey(mk, NS, salt), nonce);
  cipher.setAAD(referenceAad(NS, ALIAS, PROPS));
  const body = Buffer.concat([cipher.update(material), cipher.final()]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(material.length, 0);
  return new Uint8Array(Buffer.concat([salt, nonce, cipher.getAuthTag(), size, body]));
}

function referenceUnseal(mk: Uint8Array, blob: Uint8Array): Uint8Array {
  const bytes = Buffer.from(blob);
  const decipher = createDecipheriv('aes-256-gcm', referenceKey(mk, NS, bytes.subarray(0, 16)),
    bytes.subarray(16, 28));
  decipher.setAAD(referenceAad(NS, ALIAS, PROPS));
  decipher.setAuthTag(bytes.subarray(28, 44));
  return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(48)), decipher.final()]));
}

describe('sealing keeps the bytes of storage.md §4.2', () => {
  it('derives the per-key key as HKDF-SHA256 does (RFC 5869 test case 3, first block)', () => {
    const okm = hkdfSha256(Buffer.alloc(22, 0x0b), Buffer.alloc(0));
    const expected = '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d';
    assert.equal(okm.toString('hex'), expected);
  });

  it('derives what crypto.hkdfSync derives, for short and long salts', () => {
    for (const saltLength of [0, 16, 44, 64, 65, 200]) {
      const ikm = randomBytes(32);
      const salt = randomBytes(saltLength);
      const expected = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.alloc(0), 32));
      assert.deepEqual(hkdfSha256(ikm, salt), expected, `salt of ${saltLength} bytes`);
    }
  });

  it('opens blobs sealed by the reference layout, and seals blobs the reference opens', () => {
    const mk = randomBytes(32);
    const sealer = createSealer(mk);
    assert.deepEqual(sealer.unseal(NS, ALIAS, PROPS, referenceSeal(mk, MATERIAL)), MATERIAL);
    assert.deepEqual(referenceUnseal(mk, sealer.seal(NS, ALIAS, PROPS, MATERIAL)), MATERIAL);
  });
});
