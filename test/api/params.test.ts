import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksTag, InternalTag } from '../../src/common/enums.js';
import { alias, fakeHuks, loose } from './fake-client.js';

// api.md §2.4: what the keystore receives - value conversions, the AAD merge and the parameters
// a function adds in front of the caller's.

const T = HuksTag;
const bytes = (...v: number[]) => Uint8Array.from(v);

describe('conversion of HuksParam values', () => {
  test('INT as int32, UINT as uint32, ULONG as int64, fractions truncated', async () => {
    const { huks, client } = fakeHuks();
    await huks.generateKeyItem('k', {
      properties: [
        { tag: T.HUKS_TAG_ALGORITHM, value: -1 },
        { tag: InternalTag.HKS_TAG_SPECIFIC_USER_ID, value: 2 ** 31 },
        { tag: T.HUKS_TAG_KEY_SIZE, value: 256.9 },
        { tag: T.HUKS_TAG_CREATION_DATETIME, value: 2 ** 40 + 0.5 },
        { tag: T.HUKS_TAG_ACTIVE_DATETIME, value: NaN },
      ],
    });
    const values = client.params('generateKey', 1).params.map((p) => p.value);
    assert.deepEqual(values, [0xffffffff, -(2 ** 31), 256, 2 ** 40, 0]);
  });

  test('tag numbers are read as uint32 (truncated)', async () => {
    const { huks, client } = fakeHuks();
    const properties = [{ tag: T.HUKS_TAG_ALGORITHM + 0.7, value: 1 }];
    await huks.generateKeyItem('k', { properties });
    assert.equal(client.params('generateKey', 1).params[0]!.tag, T.HUKS_TAG_ALGORITHM);
  });

  test('bytes are copied from the view (byteOffset respected); a Buffer qualifies', async () => {
    const { huks, client } = fakeHuks();
    const backing = bytes(0, 1, 2, 3, 4);
    const view = backing.subarray(1, 3);
    await huks.generateKeyItem('k', {
      properties: [
        { tag: T.HUKS_TAG_IV, value: view },
        { tag: T.HUKS_TAG_SALT, value: Buffer.from([7]) },
        { tag: T.HUKS_TAG_INFO, value: new Uint8Array(0) },
      ],
    });
    backing.fill(9);
    const [iv, salt, info] = client.params('generateKey', 1).params.map((p) => p.value);
    assert.deepEqual(iv, bytes(1, 2));
    assert.deepEqual(salt, bytes(7));
    assert.deepEqual(info, new Uint8Array(0));
  });

  test('holes truncate the list; an array-like object is walked by index', async () => {
    const { huks, client } = fakeHuks();
    const p = { tag: T.HUKS_TAG_ALGORITHM, value: 1 };
    // eslint-disable-next-line no-sparse-arrays
    await loose(huks).generateKeyItem!('k', { properties: [p, p, , p] });
    assert.equal(client.params('generateKey', 1).size, 2);
    await loose(huks).generateKeyItem!('k', { properties: { 0: p, 1: p, 2: p, length: 1 } });
    assert.equal(client.params('generateKey', 1).size, 3);
  });

  test('duplicates and unknown tags are forwarded for the keystore to refuse', async () => {
    const { huks, client } = fakeHuks();
    const p = { tag: T.HUKS_TAG_PURPOSE, value: 1 };
    const unknown = { tag: 0x20009999, value: 5 };
    await huks.generateKeyItem('k', { properties: [p, p, unknown] });
    assert.deepEqual(client.params('generateKey', 1).params.map((x) => x.tag),
      [p.tag, p.tag, unknown.tag]);
  });

  test('the alias travels as UTF-8 bytes without a terminating zero', async () => {
    const { huks, client } = fakeHuks();
    await huks.deleteKeyItem('clé-🔑', {});
    assert.deepEqual(client.last('deleteKey').args[0], alias('clé-🔑'));
    await huks.deleteKeyItem('', {});
    assert.deepEqual(client.last('deleteKey').args[0], new Uint8Array(0));
  });
});

describe('AAD merge (v9+)', () => {
  const AD = T.HUKS_TAG_ASSOCIATED_DATA;
  const AAD = T.HUKS_TAG_AAD;

  test('HUKS_TAG_AAD is re-emitted as ASSOCIATED_DATA, appended after the others', async () => {
    const { huks, client } = fakeHuks();
    await huks.initSession('k', {
      properties: [
        { tag: AAD, value: bytes(1) },
        { tag: T.HUKS_TAG_ALGORITHM, value: 20 },
        { tag: T.HUKS_TAG_PURPOSE, value: 1 },
      ],
    });
    const params = client.params('initSession', 1).params;
    assert.deepEqual(params.map((p) => p.tag), [T.HUKS_TAG_ALGORITHM, T.HUKS_TAG_PURPOSE, AD]);
    assert.deepEqual(params[2]!.value, bytes(1));
  });

  test('ASSOCIATED_DATA alone also moves to the end', async () => {
    const { huks, client } = fakeHuks();
    await huks.initSession('k', {
      properties: [{ tag: AD, value: bytes(2) }, { tag: T.HUKS_TAG_ALGORITHM, value: 20 }],
    });
    const params = client.params('initSession', 1).params;
    assert.deepEqual(params.map((p) => p.tag), [T.HUKS_TAG_ALGORITHM, AD]);
    assert.deepEqual(params[1]!.value, bytes(2));
  });

  test('both given: one parameter, the AAD value wins, no duplicate', async () => {
    const { huks, client } = fakeHuks();
    await huks.finishSession(1, {
      properties: [{ tag: AAD, value: bytes(3) }, { tag: AD, value: bytes(4) }],
    });
    const params = client.params('finishSession', 1).params;
    assert.equal(params.length, 1);
    assert.deepEqual(params[0], { tag: AD, value: bytes(3) });
  });

  test('the bare HuksParam[] functions merge too; no tag 527 reaches the keystore', async () => {
    const { huks, client } = fakeHuks();
    await huks.anonAttestKeyItemOffline('k', [{ tag: AAD, value: bytes(5) }]);
    const tags = client.params('attestKey', 1).params.map((p) => p.tag);
    assert.ok(tags.includes(AD));
    assert.ok(!tags.includes(AAD));
  });
});

describe('parameters a function adds itself', () => {
  test('update/finish: a non-empty token is HUKS_TAG_AUTH_TOKEN, first', async () => {
    for (const step of ['updateSession', 'finishSession'] as const) {
      const { huks, client } = fakeHuks();
      const token = bytes(1, 2, 3);
      await huks[step](5, { properties: [{ tag: T.HUKS_TAG_PURPOSE, value: 1 }] }, token);
      const params = client.params(step, 1).params;
      assert.deepEqual(params.map((p) => p.tag), [T.HUKS_TAG_AUTH_TOKEN, T.HUKS_TAG_PURPOSE]);
      assert.deepEqual(params[0]!.value, token);
    }
  });

  test('an empty token is dropped', async () => {
    const { huks, client } = fakeHuks();
    await huks.updateSession(5, {}, new Uint8Array(0));
    assert.equal(client.params('updateSession', 1).size, 0);
  });

  test('a token also given in properties is forwarded twice (the keystore says 401)', async () => {
    const { huks, client } = fakeHuks();
    const properties = [{ tag: T.HUKS_TAG_AUTH_TOKEN, value: bytes(8) }];
    await huks.updateSession(5, { properties }, bytes(9));
    const tags = client.params('updateSession', 1).params.map((p) => p.tag);
    assert.deepEqual(tags, [T.HUKS_TAG_AUTH_TOKEN, T.HUKS_TAG_AUTH_TOKEN]);
  });

  test('update/finish pass handle and inData through', async () => {
    const { huks, client } = fakeHuks();
    await huks.updateSession(4294967295, { inData: bytes(1, 2) });
    assert.deepEqual(client.last('updateSession').args.slice(0, 1), [4294967295]);
    assert.deepEqual(client.last('updateSession').args[2], bytes(1, 2));
    await huks.finishSession(3.9, {});
    assert.equal(client.last('finishSession').args[0], 3);
    assert.deepEqual(client.last('finishSession').args[2], new Uint8Array(0));
  });

  test('handles no session can have (negative, NaN) match nothing', async () => {
    const { huks, client } = fakeHuks();
    await huks.abortSession(-1, {});
    await huks.abortSession(NaN, {});
    assert.deepEqual(client.calls.map((c) => c.args[0]), [-1, -1]);
  });

  test('attestKeyItem: ATTESTATION_BASE64 first, mode 0 appended', async () => {
    const { huks, client } = fakeHuks();
    const challenge = { tag: T.HUKS_TAG_ATTESTATION_CHALLENGE, value: bytes(1) };
    await huks.attestKeyItem('k', { properties: [challenge] });
    assert.deepEqual(client.params('attestKey', 1).params, [
      { tag: InternalTag.HKS_TAG_ATTESTATION_BASE64, value: true },
      challenge,
      { tag: InternalTag.HKS_TAG_ATTESTATION_MODE, value: 0 },
    ]);
  });

  test('anonAttestKeyItem: mode 1 (anonymous)', async () => {
    const { huks, client } = fakeHuks();
    await huks.anonAttestKeyItem('k', {});
    assert.deepEqual(client.params('attestKey', 1).params, [
      { tag: InternalTag.HKS_TAG_ATTESTATION_BASE64, value: true },
      { tag: InternalTag.HKS_TAG_ATTESTATION_MODE, value: 1 },
    ]);
  });

  test('anonAttestKeyItemOffline: anonymous, base64 and offline mode appended', async () => {
    const { huks, client } = fakeHuks();
    await huks.anonAttestKeyItemOffline('k', []);
    assert.deepEqual(client.params('attestKey', 1).params, [
      { tag: InternalTag.HKS_TAG_ATTESTATION_MODE, value: 1 },
      { tag: InternalTag.HKS_TAG_ATTESTATION_BASE64, value: true },
      { tag: InternalTag.HKS_TAG_ANONYMOUS_ATTESTATION_MODE, value: 1 },
    ]);
  });

  test('importKeyItem passes inData; importWrappedKeyItem both aliases', async () => {
    const { huks, client } = fakeHuks();
    await huks.importKeyItem('k', { inData: bytes(1) });
    assert.deepEqual(client.last('importKey').args[2], bytes(1));
    await huks.importWrappedKeyItem('k', 'w', { inData: bytes(2) });
    const args = client.last('importWrappedKey').args;
    assert.deepEqual([args[0], args[1], args[3]], [alias('k'), alias('w'), bytes(2)]);
  });
});
