import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksTag } from '../../src/common/enums.js';
import { ParamSet, type Param } from '../../src/params/param-set.js';

// ParamSet ownership: the constructor copies byte values in; adopt takes over a list the caller
// has just built (the api layer's parse, a decoded set) without a second copy.

const T = HuksTag;

describe('ParamSet ownership', () => {
  test('the constructor copies byte values, so the caller cannot change the set', () => {
    const nonce = Uint8Array.of(1, 2, 3);
    const set = new ParamSet([{ tag: T.HUKS_TAG_NONCE, value: nonce }]);
    nonce.fill(0);
    assert.deepEqual(set.getBytes(T.HUKS_TAG_NONCE), Uint8Array.of(1, 2, 3));
  });

  test('adopt keeps the list and its values as they are, frozen', () => {
    const nonce = Uint8Array.of(1, 2, 3);
    const params: Param[] = [{ tag: T.HUKS_TAG_ALGORITHM, value: 1 }, { tag: T.HUKS_TAG_NONCE,
      value: nonce }];
    const set = ParamSet.adopt(params);
    assert.equal(set.params, params);
    assert.equal(set.getBytes(T.HUKS_TAG_NONCE), nonce);
    assert.ok(Object.isFrozen(set.params));
    assert.equal(set.size, 2);
  });

  test('every empty adopted set is the same immutable set', () => {
    const a = ParamSet.adopt([]);
    assert.equal(a, ParamSet.adopt([]));
    assert.equal(a.size, 0);
    assert.ok(Object.isFrozen(a.params));
    assert.deepEqual(a.serialize(), new ParamSet().serialize());
  });

  test('a decoded set owns its values: changing the bytes it came from changes nothing', () => {
    const source = new ParamSet([
      { tag: T.HUKS_TAG_NONCE, value: Uint8Array.of(7, 8) },
      { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
      { tag: T.HUKS_TAG_IS_KEY_ALIAS, value: true },
    ]);
    const bytes = source.serialize();
    const decoded = ParamSet.deserialize(bytes);
    bytes.fill(0xff);
    assert.deepEqual(decoded.params, source.params);
    assert.deepEqual(decoded.serialize(), source.serialize());
  });
});
