import { createHash, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  decodeMainFile, decodeRootFile, encodeMainFile, encodeRootFile, newRootMaterial,
  unwrapMainKey, wrapMainKey,
} from '../../src/store/rkc-format.js';

const NOW = new Date(Date.UTC(2026, 11, 3, 17, 30, 45));

/** Re-frames a file after editing its data, so that only the field under test is wrong. */
function rehash(file: Buffer): Buffer {
  const copy = Buffer.from(file);
  const body = copy.subarray(8, copy.length - 32);
  createHash('sha256').update(body).digest().copy(copy, copy.length - 32);
  return copy;
}

describe('RKC files (storage.md §4.4)', () => {
  const root = newRootMaterial(NOW);
  const mk = randomBytes(32);
  const main = wrapMainKey(root, mk, NOW);

  it('round-trips root and main files and unwraps MK', () => {
    const r = decodeRootFile(encodeRootFile(root, NOW));
    const m = decodeMainFile(encodeMainFile(main, NOW));
    assert.ok(r && m);
    assert.deepEqual(r.material1, root.material1);
    assert.deepEqual(r.salt, root.salt);
    assert.deepEqual(r.created, NOW);
    assert.deepEqual(unwrapMainKey(r, m), mk);
  });

  it('stores the time as year u16 LE, month, day, hour, minute, second', () => {
    const file = encodeRootFile(root, NOW);
    assert.equal(file.subarray(10, 17).toString('hex'), 'ea070c0311' + '1e2d');
  });

  it('rejects a wrong flag, version, length or hash', () => {
    const file = encodeRootFile(root, NOW);
    const badFlag = Buffer.from(file);
    badFlag[0]! ^= 1;
    const badVersion = Buffer.from(file);
    badVersion.writeUInt16LE(3, 8);
    const badHash = Buffer.from(file);
    badHash[40]! ^= 1;
    for (const bad of [badFlag, rehash(badVersion), badHash, file.subarray(1), Buffer.alloc(0)]) {
      assert.equal(decodeRootFile(bad), undefined);
    }
    assert.equal(decodeMainFile(file), undefined, 'a root file is not a main file');
  });

  it('rejects an unknown algorithm id even with a valid hash', () => {
    const file = encodeMainFile(main, NOW);
    file.writeUInt32LE(2, 10 + 14);
    assert.equal(decodeMainFile(rehash(file)), undefined);
  });

  it('does not unwrap MK under other root material or with a changed ciphertext', () => {
    assert.equal(unwrapMainKey(newRootMaterial(NOW), main), undefined);
    const tampered = { ...main, ciphertext: Buffer.from(main.ciphertext) };
    tampered.ciphertext[0]! ^= 1;
    assert.equal(unwrapMainKey(root, tampered), undefined);
  });

  it('uses a fresh IV for every wrap', () => {
    assert.notDeepEqual(wrapMainKey(root, mk, NOW).iv, main.iv);
  });
});
