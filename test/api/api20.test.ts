import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksKeyWrapType, HuksTag, InternalTag } from '../../src/common/enums.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { assertRejects, fakeHuks } from './fake-client.js';

// api.md §4.14, §4.16, §4.17: wrap/unwrap, encapsulate/decapsulate, offline attestation.

const HUK = HuksKeyWrapType.HUKS_KEY_WRAP_TYPE_HUK_BASED;
const wrapType = (value: number) => ({ tag: HuksTag.HUKS_TAG_KEY_WRAP_TYPE, value });
const INVALID_INPUT = 'The input parameter is invalid.';
const NOT_SUPPORTED = 'This API is not supported.';
const NOT_EXIST = 'The entity does not exist.';

describe('wrapKeyItem', () => {
  test('an existing key with the HUK wrap type ends in 801', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.wrapKeyItem('k', { properties: [wrapType(HUK)] }), 801,
      NOT_SUPPORTED);
  });

  test('a missing key is 12000011', async () => {
    const { huks, client } = fakeHuks();
    client.answer('keyExists', false);
    await assertRejects(huks.wrapKeyItem('k', { properties: [wrapType(HUK)] }), 12000011,
      NOT_EXIST);
  });

  test('a missing wrap type is 12000018, an unknown one 12000012', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.wrapKeyItem('k', {}), 12000018, INVALID_INPUT);
    await assertRejects(huks.wrapKeyItem('k', { properties: [wrapType(7)] }), 12000012,
      'HUKS operation failed.');
  });

  test('401-class failures become 12000018: empty alias, long alias, duplicate tags', async () => {
    const { huks } = fakeHuks();
    const properties = [wrapType(HUK)];
    await assertRejects(huks.wrapKeyItem('', { properties }), 12000018, INVALID_INPUT);
    await assertRejects(huks.wrapKeyItem('a'.repeat(129), { properties }), 12000018,
      INVALID_INPUT);
    await assertRejects(huks.wrapKeyItem('k', { properties: [wrapType(HUK), wrapType(HUK)] }),
      12000018, INVALID_INPUT);
  });

  test('a 401 from the client is replaced as well', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('keyExists', new HuksFailure(HksErr.PARAM_NOT_EXIST));
    await assertRejects(huks.wrapKeyItem('k', { properties: [wrapType(HUK)] }), 12000018,
      INVALID_INPUT);
  });
});

describe('unwrapKeyItem', () => {
  const wrapped = Uint8Array.of(1, 2);
  const override = (value: boolean) => ({ tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value });

  test('ends in 801 after the checks', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.unwrapKeyItem('k', { properties: [wrapType(HUK)] }, wrapped), 801,
      NOT_SUPPORTED);
  });

  test('KEY_OVERRIDE=false on an existing alias is 12000017', async () => {
    const { huks, client } = fakeHuks();
    const properties = [wrapType(HUK), override(false)];
    await assertRejects(huks.unwrapKeyItem('k', { properties }, wrapped), 12000017,
      'The key with same name is already exist.');
    client.answer('keyExists', false);
    await assertRejects(huks.unwrapKeyItem('k', { properties }, wrapped), 801, NOT_SUPPORTED);
  });

  test('missing wrap type 12000018', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.unwrapKeyItem('k', { properties: [override(true)] }, wrapped),
      12000018, INVALID_INPUT);
  });
});

describe('encapsulate / decapsulate (no ML-KEM engine on Node 20)', () => {
  const keySize = { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 768 };

  test('a missing key is 12000011', async () => {
    const { huks, client } = fakeHuks();
    client.answer('keyExists', false);
    await assertRejects(huks.encapsulate('k', []), 12000011, NOT_EXIST);
    await assertRejects(huks.decapsulate('k', [], Uint8Array.of(1)), 12000011, NOT_EXIST);
  });

  test('an existing key cannot be ML-KEM: 12000001', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.encapsulate('k', [], 's', [keySize]), 12000001,
      'The feature is not support.');
  });

  test('shared key params without KEY_SIZE: 12000002', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.encapsulate('k', [], 's', []), 12000002,
      'Failed to obtain the key size. It is not set in ParamSet.');
    await assertRejects(huks.decapsulate('k', [], Uint8Array.of(1), 's', []), 12000002,
      'Failed to obtain the key size. It is not set in ParamSet.');
  });

  test('401-class failures are delivered as 12000018', async () => {
    const { huks } = fakeHuks();
    await assertRejects(huks.encapsulate('', []), 12000018, INVALID_INPUT);
    const twice = [keySize, keySize];
    await assertRejects(huks.decapsulate('k', twice, Uint8Array.of(1)), 12000018, INVALID_INPUT);
  });
});

describe('anonAttestKeyItemOffline', () => {
  const mode = (value: number) => ({ tag: InternalTag.HKS_TAG_ANONYMOUS_ATTESTATION_MODE, value });

  test('a caller-supplied offline mode is kept once; another value is 12000018', async () => {
    const { huks, client } = fakeHuks();
    await huks.anonAttestKeyItemOffline('k', [mode(1)]);
    const tags = client.params('attestKey', 1).params.map((p) => p.tag);
    assert.equal(tags.filter((t) => t === InternalTag.HKS_TAG_ANONYMOUS_ATTESTATION_MODE).length,
      1);
    await assertRejects(huks.anonAttestKeyItemOffline('k', [mode(0)]), 12000018, INVALID_INPUT);
  });

  test('internal -3, -14, -30 become 12000018; other 401s stay 401', async () => {
    const { huks, client } = fakeHuks();
    for (const internal of [HksErr.INVALID_ARGUMENT, HksErr.NULL_POINTER, HksErr.PARAM_NOT_EXIST]) {
      client.failWith('attestKey', new HuksFailure(internal));
      await assertRejects(huks.anonAttestKeyItemOffline('k', []), 12000018, INVALID_INPUT);
    }
    client.failWith('attestKey', new HuksFailure(HksErr.INVALID_KEY_INFO));
    await assertRejects(huks.anonAttestKeyItemOffline('k', []), 401, 'Invalid key information.');
  });

  test('delivers { certChains }', async () => {
    const { huks, client } = fakeHuks();
    client.answer('attestKey', ['a', 'b', 'c', 'd']);
    assert.deepEqual(await huks.anonAttestKeyItemOffline('k', []),
      { certChains: ['a', 'b', 'c', 'd'] });
  });
});
