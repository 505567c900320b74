// checkParamSetSanity (params/sanity.ts) against the allow-list it encodes by tag id: every
// accepted tag passes, the same id with any other type is refused, as are batch tags and
// repeated tags (algorithms.md §1.1 step 2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InternalTag, SERVICE_ACCEPTED_TAGS } from '../../src/common/enums.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { ParamSet, tagType, TagType } from '../../src/params/param-set.js';
import { checkParamSetSanity } from '../../src/params/sanity.js';

const BATCH = new Set<number>([InternalTag.HKS_TAG_BATCH_PURPOSE,
  InternalTag.HKS_TAG_IS_BATCH_OPERATION, InternalTag.HKS_TAG_BATCH_OPERATION_TIMEOUT]);

function valueFor(tag: number) {
  const type = tagType(tag);
  if (type === TagType.BYTES) return new Uint8Array(1);
  return type === TagType.BOOL ? true : 1;
}

function verdict(tags: number[]): string {
  try {
    checkParamSetSanity(new ParamSet(tags.map((tag) => ({ tag, value: valueFor(tag) }))));
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof HuksFailure);
    assert.equal(err.internal, HksErr.INVALID_ARGUMENT);
    return err.message.replace(/^internal -?\d+: /, '');
  }
}

describe('checkParamSetSanity', () => {
  it('accepts exactly the allow-listed tags, whatever other type shares their id', () => {
    for (const tag of SERVICE_ACCEPTED_TAGS) {
      assert.equal(verdict([tag]), BATCH.has(tag) ? `batch tag ${tag} is not supported` : 'ok');
      for (let type = 0; type < 16; type++) {
        const other = (((type << 28) | (tag & 0x0fffffff)) >>> 0);
        if (SERVICE_ACCEPTED_TAGS.has(other)) continue;
        assert.equal(verdict([other]), `tag ${other} is not accepted`);
      }
    }
  });

  it('refuses a repeated tag, and reports the first offending tag', () => {
    const [a, b] = [...SERVICE_ACCEPTED_TAGS].filter((t) => !BATCH.has(t));
    assert.equal(verdict([a!, b!, a!]), `tag ${a} appears twice`);
    assert.equal(verdict([a!, 7, a!]), 'tag 7 is not accepted');
    assert.equal(verdict([...SERVICE_ACCEPTED_TAGS].filter((t) => !BATCH.has(t))), 'ok');
  });
});
