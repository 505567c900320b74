import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksTag } from '../../src/common/enums.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { ParamSet } from '../../src/params/param-set.js';
import { alias, assertRejects, fakeHuks, viaCallback, loose } from './fake-client.js';

// api.md §2.2 and §4: what each function delivers.

const opts = {};
const notFound = () => new HuksFailure(HksErr.NOT_EXIST, 'test');

describe('"void" functions deliver null', () => {
  test('generate, delete, import, importWrapped, abort', async () => {
    const { huks } = fakeHuks();
    assert.equal(await huks.generateKeyItem('k', opts), null);
    assert.equal(await huks.deleteKeyItem('k', opts), null);
    assert.equal(await huks.importKeyItem('k', { inData: Uint8Array.of(1) }), null);
    assert.equal(await huks.importWrappedKeyItem('k', 'w', { inData: Uint8Array.of(1) }), null);
    assert.equal(await huks.abortSession(1, opts), null);
    const args = await viaCallback((cb) => loose(huks).abortSession!(1, opts, cb));
    assert.deepEqual(args, [null, null]);
  });
});

describe('exportKeyItem', () => {
  test('{ outData } as a fresh copy with its own buffer', async () => {
    const { huks, client } = fakeHuks();
    const backing = Uint8Array.of(0, 4, 5, 6);
    client.answer('exportKey', backing.subarray(1));
    const result = await huks.exportKeyItem('k', opts);
    assert.deepEqual(Object.keys(result), ['outData']);
    assert.deepEqual(result.outData, Uint8Array.of(4, 5, 6));
    assert.equal(result.outData!.byteOffset, 0);
    assert.equal(result.outData!.buffer.byteLength, 3);
  });

  test('empty output delivers null (api.md §4.6)', async () => {
    const { huks, client } = fakeHuks();
    client.answer('exportKey', new Uint8Array(0));
    assert.equal(await huks.exportKeyItem('k', opts), null);
  });
});

describe('getKeyItemProperties', () => {
  test('BYTES values come back as ArrayBuffer, numbers and booleans as is', async () => {
    const { huks, client } = fakeHuks();
    client.answer('getKeyProperties', new ParamSet([
      { tag: HuksTag.HUKS_TAG_ALGORITHM, value: 20 },
      { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false },
      { tag: HuksTag.HUKS_TAG_CREATION_DATETIME, value: 1700000000000 },
      { tag: HuksTag.HUKS_TAG_PROCESS_NAME, value: Uint8Array.of(0x61, 0x62) },
      { tag: 0x10000138, value: -5 },
    ]));
    const { properties } = await huks.getKeyItemProperties('k', opts);
    assert.ok(properties);
    assert.equal(properties.length, 5);
    assert.deepEqual(properties[0], { tag: HuksTag.HUKS_TAG_ALGORITHM, value: 20 });
    assert.deepEqual(properties[1], { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false });
    assert.equal(properties[2]!.value, 1700000000000);
    const bytes = properties[3]!.value;
    assert.ok(bytes instanceof ArrayBuffer);
    assert.deepEqual(new Uint8Array(bytes), Uint8Array.of(0x61, 0x62));
    assert.equal(properties[4]!.value, -5);
  });

  test('an empty stored set is still delivered as { properties: [] }', async () => {
    const { huks } = fakeHuks();
    assert.deepEqual(await huks.getKeyItemProperties('k', opts), { properties: [] });
  });
});

describe('isKeyItemExist vs hasKeyItem (api.md §4.8)', () => {
  test('existing key: both true', async () => {
    const { huks } = fakeHuks();
    assert.equal(await huks.isKeyItemExist('k', opts), true);
    assert.equal(await huks.hasKeyItem('k', opts), true);
  });

  test('missing key reported as false: isKeyItemExist rejects 12000011, has resolves false',
    async () => {
      const { huks, client } = fakeHuks();
      client.answer('keyExists', false);
      await assertRejects(huks.isKeyItemExist('k', opts), 12000011, 'The entity does not exist.');
      assert.equal(await huks.hasKeyItem('k', opts), false);
      const args = await viaCallback((cb) => loose(huks).hasKeyItem!('k', opts, cb));
      assert.deepEqual(args, [null, false]);
    });

  test('missing key reported as internal -13: the same outcome', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('keyExists', notFound());
    await assertRejects(huks.isKeyItemExist('k', opts), 12000011, 'The entity does not exist.');
    assert.equal(await huks.hasKeyItem('k', opts), false);
  });

  test('other failures reject both', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('keyExists', new HuksFailure(HksErr.INVALID_ARGUMENT));
    await assertRejects(huks.isKeyItemExist('', opts), 401, 'Invalid parameters.');
    await assertRejects(huks.hasKeyItem('', opts), 401, 'Invalid parameters.');
  });
});

describe('sessions', () => {
  test('initSession: { handle } only, unless there is a challenge', async () => {
    const { huks, client } = fakeHuks();
    assert.deepEqual(await huks.initSession('k', opts), { handle: 7 });
    client.answer('initSession', { handle: 0, challenge: new Uint8Array(0) });
    assert.deepEqual(await huks.initSession('k', opts), { handle: 0 });
    const challenge = new Uint8Array(32).fill(3);
    client.answer('initSession', { handle: 2 ** 40, challenge });
    const result = await huks.initSession('k', opts);
    assert.deepEqual(result, { handle: 2 ** 40, challenge });
    assert.notEqual(result.challenge, challenge);
  });

  test('update/finish always deliver { outData }, empty when nothing (sessions.md §3.3)',
    async () => {
      const { huks, client } = fakeHuks();
      assert.deepEqual(await huks.updateSession(1, opts), { outData: new Uint8Array(0) });
      const args = await viaCallback((cb) => loose(huks).finishSession!(1, opts, cb));
      assert.deepEqual(args, [null, { outData: new Uint8Array(0) }]);
      client.answer('finishSession', Uint8Array.of(1, 2));
      assert.deepEqual(await huks.finishSession(1, opts), { outData: Uint8Array.of(1, 2) });
    });

  test('abortSession of an unknown handle resolves null (the client succeeds)', async () => {
    const { huks } = fakeHuks();
    assert.equal(await huks.abortSession(123456, opts), null);
  });

  test('update/finish of an unknown handle reject with 12000011', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('updateSession', notFound());
    await assertRejects(huks.updateSession(9, opts), 12000011, 'The entity does not exist.');
  });
});

describe('strings are decoded as Latin-1 (api.md §2.2)', () => {
  test('listAliases: { keyAliases }, UTF-8 aliases come back as mojibake', async () => {
    const { huks, client } = fakeHuks();
    client.answer('listAliases', [alias('plain'), alias('é'), Uint8Array.of(0xff, 0x41)]);
    const { keyAliases } = await huks.listAliases(opts);
    assert.deepEqual(keyAliases, ['plain', 'Ã©', 'ÿA']);
  });

  test('listAliases with no keys: an empty array, never null', async () => {
    const { huks } = fakeHuks();
    assert.deepEqual(await huks.listAliases(opts), { keyAliases: [] });
  });

  test('round trip of a non-ASCII alias through listAliases', async () => {
    const { huks, client } = fakeHuks();
    await huks.generateKeyItem('ключ', opts);
    client.answer('listAliases', [client.last('generateKey').args[0]]);
    const { keyAliases } = await huks.listAliases(opts);
    assert.equal(keyAliases[0], Buffer.from('ключ', 'utf8').toString('latin1'));
    assert.notEqual(keyAliases[0], 'ключ');
  });
});

describe('attestation results', () => {
  test('{ certChains } when certificates came back, null when none', async () => {
    const { huks, client } = fakeHuks();
    assert.equal(await huks.attestKeyItem('k', opts), null);
    const chain = ['-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----'];
    client.answer('attestKey', chain);
    assert.deepEqual(await huks.anonAttestKeyItem('k', opts), { certChains: chain });
  });
});
