/** key-formats.md building blocks: DER, SPKI, §3 material, §3.6 inner format, internal format. */

import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { HksErr } from '../../../src/errors/failure.js';
import { DerError, integer, readUnsigned, readOnly, DerTag } from '../../../src/core/keys/der.js';
import { decodeAsymKey, encodeAsymKey } from '../../../src/core/keys/internal.js';
import {
  Layout, MaterialError, readMaterial, writeMaterial,
} from '../../../src/core/keys/material.js';
import { pubInfoFromSpki } from '../../../src/core/keys/pub-info.js';
import { decodeDerSignature, encodeDerSignature } from '../../../src/core/keys/signature.js';
import { encodeSpki, parseSpki } from '../../../src/core/keys/spki.js';
import { ALG, assertFailure, hex, u8 } from './helpers.js';

function spkiOf(type: 'rsa' | 'ec', options: object): Uint8Array {
  const generate = generateKeyPairSync as unknown as (t: string, o: object) => {
    publicKey: KeyObject;
  };
  return u8(generate(type, options).publicKey.export({ type: 'spki', format: 'der' }));
}

describe('DER', () => {
  it('reads minimal INTEGERs and refuses BER variants', () => {
    assert.deepEqual(readUnsigned(hex('00ff')), hex('ff'));
    assert.throws(() => readUnsigned(hex('0001')), DerError);
    assert.throws(() => readUnsigned(hex('ff')), DerError);
    assert.throws(() => readOnly(hex('020100ff'), DerTag.INTEGER), DerError);
    // Long-form length for a short value is not DER.
    assert.throws(() => readOnly(hex('02810100'), DerTag.INTEGER), DerError);
    assert.deepEqual(integer(hex('80')), hex('02020080'));
  });

  it('round-trips ECDSA signatures and refuses trailing bytes', () => {
    const der = encodeDerSignature({ r: 0x80n, s: 1n });
    assert.equal(Buffer.from(der).toString('hex'), '3007020200800201' + '01');
    assert.deepEqual(decodeDerSignature(der), { r: 0x80n, s: 1n });
    assert.throws(() => decodeDerSignature(new Uint8Array([...der, 0])), DerError);
  });
});

describe('SPKI (key-formats.md §5)', () => {
  it('re-encodes node RSA SPKIs byte for byte, with the §5.1 sizes', () => {
    for (const [bits, size] of [[512, 94], [1024, 162], [2048, 294]] as const) {
      const der = spkiOf('rsa', { modulusLength: bits });
      assert.equal(der.length, size);
      assert.deepEqual(encodeSpki(parseSpki(der)), der);
    }
  });

  it('re-encodes EC SPKIs with the §5.2 prefixes', () => {
    const cases = [
      ['secp224r1', 80, '304e301006072a8648ce3d020106052b81040021033a00'],
      ['prime256v1', 91, '3059301306072a8648ce3d020106082a8648ce3d030107034200'],
      ['secp384r1', 120, '3076301006072a8648ce3d020106052b81040022036200'],
      ['secp521r1', 158, '30819b301006072a8648ce3d020106052b8104002303818600'],
    ] as const;
    for (const [curve, length, prefix] of cases) {
      const der = spkiOf('ec', { namedCurve: curve });
      assert.equal(der.length, length);
      assert.equal(Buffer.from(der).toString('hex').slice(0, prefix.length), prefix);
      assert.deepEqual(encodeSpki(parseSpki(der)), der);
    }
  });

  it('refuses explicit curve parameters and unknown algorithms', () => {
    const explicit = spkiOf('ec', { namedCurve: 'prime256v1', paramEncoding: 'explicit' });
    assert.throws(() => parseSpki(explicit), DerError);
    const k1 = spkiOf('ec', { namedCurve: 'secp256k1' });
    assert.throws(() => parseSpki(k1), DerError);
    assert.throws(() => parseSpki(hex('3000')), DerError);
  });
});

describe('HUKS material (key-formats.md §3)', () => {
  it('reads the RSA-512 header of the conformance example', () => {
    const n = new Uint8Array(64).fill(0xc1);
    const d = new Uint8Array(64).fill(0x11);
    const parts = [n, hex('010001'), d];
    const bytes = writeMaterial({ alg: ALG.HUKS_ALG_RSA, keySize: 512, parts }, Layout.RSA);
    assert.equal(Buffer.from(bytes.subarray(0, 20)).toString('hex'),
      '01000000' + '00020000' + '40000000' + '03000000' + '40000000');
    assert.equal(bytes.length, 151);
    const read = readMaterial(new Uint8Array([...bytes, 9, 9]), Layout.RSA);
    assert.deepEqual(read.parts[1], hex('010001'));
    assert.throws(() => readMaterial(bytes.subarray(0, 150), Layout.RSA), MaterialError);
  });

  it('uses the 28-byte DSA header and the reserved word of DH/Curve25519', () => {
    const dsa = writeMaterial({ alg: ALG.HUKS_ALG_DSA, keySize: 1024,
      parts: [hex('01'), hex('02'), hex('03'), hex('04'), hex('05')] }, Layout.DSA);
    assert.equal(dsa.length, 28 + 5);
    const pair = writeMaterial({ alg: ALG.HUKS_ALG_X25519, keySize: 256,
      parts: [new Uint8Array(32), new Uint8Array(32)] }, Layout.PAIR);
    assert.equal(pair.length, 84);
    assert.deepEqual(pair.subarray(16, 20), new Uint8Array(4));
  });

  it('converts SPKIs to HksPubKeyInfo with the §3.6 key sizes', () => {
    const rsa = readMaterial(pubInfoFromSpki(parseSpki(spkiOf('rsa', { modulusLength: 1024 }))),
      Layout.RSA);
    assert.deepEqual([rsa.alg, rsa.keySize, rsa.parts[0]!.length, rsa.parts[2]!.length],
      [ALG.HUKS_ALG_RSA, 1024, 128, 0]);
    const ec = readMaterial(pubInfoFromSpki(parseSpki(spkiOf('ec', { namedCurve: 'secp521r1' }))),
      Layout.ECC);
    assert.deepEqual([ec.alg, ec.keySize, ec.parts[0]!.length, ec.parts[1]!.length],
      [ALG.HUKS_ALG_ECC, 521, 66, 66]);
  });
});

describe('internal format', () => {
  it('keeps which halves a key has and refuses damaged records with -27', () => {
    const key = { spki: hex('3000'), pkcs8: hex('3001') };
    assert.deepEqual(decodeAsymKey(encodeAsymKey(key)), key);
    assert.deepEqual(decodeAsymKey(encodeAsymKey({ pkcs8: hex('01') })), { pkcs8: hex('01') });
    const bytes = encodeAsymKey(key);
    assertFailure(() => decodeAsymKey(bytes.subarray(0, bytes.length - 1)),
      HksErr.INVALID_KEY_FILE);
    assertFailure(() => decodeAsymKey(hex('00112233445566778899')), HksErr.INVALID_KEY_FILE);
  });
});

describe('format round trips (property)', () => {
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b));

  it('material write/read keeps every component, for every layout', () => {
    const layouts = [Layout.RSA, Layout.ECC, Layout.DSA, Layout.PAIR];
    fc.assert(fc.property(fc.constantFrom(...layouts), fc.array(bytes, { minLength: 5,
      maxLength: 5 }), fc.nat(), (layout, parts, keySize) => {
      const material = { alg: 7, keySize, parts: parts.slice(0, layout.parts) };
      const read = readMaterial(writeMaterial(material, layout), layout);
      assert.deepEqual(read, material);
    }), { numRuns: 200 });
  });

  it('DER signatures round-trip any non-negative r and s', () => {
    const big = fc.bigInt({ min: 0n, max: (1n << 528n) - 1n });
    fc.assert(fc.property(big, big, (r, s) => {
      assert.deepEqual(decodeDerSignature(encodeDerSignature({ r, s })), { r, s });
    }), { numRuns: 300 });
  });
});
