import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksTag, InternalTag } from '../../src/common/enums.js';
import { alias, assertRejects, fakeHuks, loose } from './fake-client.js';

// api.md §4.2: the *AsUser system functions.

const opts = { properties: [{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 20 }] };
const inData = Uint8Array.of(1);

const calls: Array<[string, unknown[], string]> = [
  ['generateKeyItemAsUser', [7, 'k', opts], 'generateKey'],
  ['deleteKeyItemAsUser', [7, 'k', opts], 'deleteKey'],
  ['importKeyItemAsUser', [7, 'k', { ...opts, inData }], 'importKey'],
  ['importWrappedKeyItemAsUser', [7, 'k', 'w', { ...opts, inData }], 'importWrappedKey'],
  ['exportKeyItemAsUser', [7, 'k', opts], 'exportKey'],
  ['getKeyItemPropertiesAsUser', [7, 'k', opts], 'getKeyProperties'],
  ['hasKeyItemAsUser', [7, 'k', opts], 'keyExists'],
  ['initSessionAsUser', [7, 'k', opts], 'initSession'],
  ['attestKeyItemAsUser', [7, 'k', opts], 'attestKey'],
  ['anonAttestKeyItemAsUser', [7, 'k', opts], 'attestKey'],
  ['anonAttestKeyItemOfflineAsUser', [7, 'k', opts.properties], 'attestKey'],
];

describe('*AsUser', () => {
  for (const [name, args] of calls) {
    test(`${name}: an ordinary app gets 202 asynchronously`, async () => {
      const { huks, client } = fakeHuks();
      const result = loose(huks)[name]!(...args);
      await assertRejects(result, 202,
        'Non-system applications are not allowed to use system APIs.');
      assert.equal(client.calls.length, 0);
    });
  }

  for (const [name, args, method] of calls) {
    test(`${name}: a system app's call carries SPECIFIC_USER_ID first`, async () => {
      const { huks, client } = fakeHuks();
      client.isSystem = true;
      await loose(huks)[name]!(...args);
      const call = client.last(method);
      assert.deepEqual(call.args[0], alias('k'));
      const set = call.args.find((a) => a && typeof a === 'object' && 'params' in a) as {
        params: Array<{ tag: number; value: unknown }>;
      };
      assert.deepEqual(set.params[0], { tag: InternalTag.HKS_TAG_SPECIFIC_USER_ID, value: 7 });
      assert.ok(set.params.some((p) => p.tag === HuksTag.HUKS_TAG_ALGORITHM));
    });
  }

  test('userId is read as int32', async () => {
    const { huks, client } = fakeHuks();
    client.isSystem = true;
    await huks.generateKeyItemAsUser(2 ** 32 + 100.5, 'k', {});
    assert.deepEqual(client.params('generateKey', 1).params,
      [{ tag: InternalTag.HKS_TAG_SPECIFIC_USER_ID, value: 100 }]);
  });

  test('attestKeyItemAsUser: user id, then base64, then the caller, then the mode', async () => {
    const { huks, client } = fakeHuks();
    client.isSystem = true;
    await huks.attestKeyItemAsUser(1, 'k', opts);
    const tags = client.params('attestKey', 1).params.map((p) => p.tag);
    assert.deepEqual(tags, [
      InternalTag.HKS_TAG_SPECIFIC_USER_ID,
      InternalTag.HKS_TAG_ATTESTATION_BASE64,
      HuksTag.HUKS_TAG_ALGORITHM,
      InternalTag.HKS_TAG_ATTESTATION_MODE,
    ]);
  });

  test('hasKeyItemAsUser resolves false for a missing key', async () => {
    const { huks, client } = fakeHuks();
    client.isSystem = true;
    client.answer('keyExists', false);
    assert.equal(await huks.hasKeyItemAsUser(1, 'k', {}), false);
  });

  test('a callback argument counts against the exact count', () => {
    const { huks } = fakeHuks();
    assert.throws(() => loose(huks).exportKeyItemAsUser!(1, 'k', {}, () => {}),
      { code: 401, message: 'The number of parameters does not meet the expectation.' });
  });
});
