import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { HuksTag } from '../../src/common/enums.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { ParamSet } from '../../src/params/param-set.js';
import { assertEngineThrow, fakeHuks, loose, viaCallback } from './fake-client.js';

// api.md §5 and errors.md §1.3: the deprecated API 8 functions.

const opts = { properties: [] };
const notFound = () => new HuksFailure(HksErr.NOT_EXIST, 'test');

describe('API 8 result shapes', () => {
  test('HuksResult has exactly errorCode, outData, properties, in that order', async () => {
    const { huks } = fakeHuks();
    for (const name of ['generateKey', 'deleteKey'] as const) {
      const result = await huks[name]('k', opts);
      assert.deepEqual(Object.keys(result), ['errorCode', 'outData', 'properties']);
      assert.deepEqual(result, { errorCode: 0, outData: null, properties: null });
    }
    const imported = await huks.importKey('k', { inData: Uint8Array.of(1) });
    assert.deepEqual(imported, { errorCode: 0, outData: null, properties: null });
  });

  test('promises never reject: the raw internal code is in errorCode', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('generateKey', notFound()).failWith('exportKey', notFound());
    assert.deepEqual(await huks.generateKey('k', opts),
      { errorCode: -13, outData: null, properties: null });
    assert.deepEqual(await huks.exportKey('k', opts),
      { errorCode: -13, outData: null, properties: null });
    client.failWith('deleteKey', new TypeError('bug'));
    assert.equal((await huks.deleteKey('k', opts)).errorCode, HksErr.INTERNAL_ERROR);
  });

  test('callbacks always get ({ code }, result), { code: 0 } on success', async () => {
    const { huks, client } = fakeHuks();
    const ok = await viaCallback((cb) => loose(huks).generateKey!('k', opts, cb));
    assert.deepEqual(ok, [{ code: 0 }, { errorCode: 0, outData: null, properties: null }]);
    client.failWith('deleteKey', new HuksFailure(HksErr.INVALID_ARGUMENT));
    const failed = await viaCallback((cb) => loose(huks).deleteKey!('k', opts, cb));
    assert.deepEqual(failed, [{ code: -3 }, { errorCode: -3, outData: null, properties: null }]);
  });

  test('exportKey: outData is the public key on success', async () => {
    const { huks } = fakeHuks();
    assert.deepEqual(await huks.exportKey('k', opts),
      { errorCode: 0, outData: Uint8Array.of(1, 2, 3), properties: null });
  });

  test('getKeyProperties: properties array, empty on failure', async () => {
    const { huks, client } = fakeHuks();
    const stored = new ParamSet([{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 1 }]);
    client.answer('getKeyProperties', stored);
    assert.deepEqual(await huks.getKeyProperties('k', opts), {
      errorCode: 0, outData: null, properties: [{ tag: HuksTag.HUKS_TAG_ALGORITHM, value: 1 }],
    });
    client.failWith('getKeyProperties', notFound());
    assert.deepEqual(await huks.getKeyProperties('k', opts),
      { errorCode: -13, outData: null, properties: [] });
  });

  test('isKeyExist: a plain boolean, false for any failure, never a rejection', async () => {
    const { huks, client } = fakeHuks();
    assert.equal(await huks.isKeyExist('k', opts), true);
    client.answer('keyExists', false);
    assert.equal(await huks.isKeyExist('k', opts), false);
    const args = await viaCallback((cb) => loose(huks).isKeyExist!('k', opts, cb));
    assert.deepEqual(args, [{ code: -13 }, false]);
    client.failWith('keyExists', new HuksFailure(HksErr.INVALID_ARGUMENT));
    assert.equal(await huks.isKeyExist('k', opts), false);
  });

  test('init: HuksHandle with the low 32 bits of the handle and the token', async () => {
    const { huks, client } = fakeHuks();
    client.answer('initSession', { handle: 2 ** 32 + 5 });
    assert.deepEqual(await huks.init('k', opts), { errorCode: 0, handle: 5, token: null });
    const challenge = new Uint8Array(32).fill(1);
    client.answer('initSession', { handle: 0xfffffffe, challenge });
    assert.deepEqual(await huks.init('k', opts),
      { errorCode: 0, handle: 0xfffffffe, token: challenge });
    client.failWith('initSession', notFound());
    assert.deepEqual(await huks.init('k', opts), { errorCode: -13 });
  });

  test('update/finish/abort: HuksResult with outData on success', async () => {
    const { huks, client } = fakeHuks();
    client.answer('updateSession', Uint8Array.of(4));
    assert.deepEqual(await huks.update(1, opts),
      { errorCode: 0, outData: Uint8Array.of(4), properties: null });
    assert.deepEqual(await huks.finish(1, opts),
      { errorCode: 0, outData: null, properties: null });
    assert.deepEqual(await huks.abort(1, opts), { errorCode: 0, outData: null, properties: null });
    client.failWith('finishSession', notFound());
    assert.equal((await huks.finish(1, opts)).errorCode, -13);
  });
});

describe('API 8 argument reading', () => {
  test('fewer than 2 arguments: plain Error "invalid arguments"', () => {
    const { huks } = fakeHuks();
    for (const name of ['generateKey', 'deleteKey', 'importKey', 'exportKey', 'getKeyProperties',
      'isKeyExist', 'init', 'update', 'finish', 'abort']) {
      assertEngineThrow(() => loose(huks)[name]!('k'), 'invalid arguments');
    }
  });

  test('engine errors without codes for wrong types', () => {
    const h = loose(fakeHuks().huks);
    const gen = (tag: unknown, value: unknown) => () =>
      h.generateKey!('k', { properties: [{ tag, value }] });
    assertEngineThrow(() => h.generateKey!(1, opts), 'Need string');
    assertEngineThrow(() => h.generateKey!('k', null), 'Need object');
    assertEngineThrow(gen('x', 1), 'Need number');
    assertEngineThrow(gen(HuksTag.HUKS_TAG_ALGORITHM, '1'), 'Need number');
    assertEngineThrow(gen(HuksTag.HUKS_TAG_KEY_OVERRIDE, 1), 'Need boolean');
    assertEngineThrow(gen(HuksTag.HUKS_TAG_IV, {}), 'Invalid parameter');
    assertEngineThrow(gen(HuksTag.HUKS_TAG_IV, new Int8Array(1)),
      "Assertion failed: it's not uint8 array");
    assertEngineThrow(() => h.importKey!('k', opts), 'Invalid parameter');
  });

  test('a handle that is not a number: TypeError "Parameter type does not match"', () => {
    const h = loose(fakeHuks().huks);
    for (const name of ['update', 'finish', 'abort']) {
      assert.throws(() => h[name]!('1', opts), (e: unknown) =>
        e instanceof TypeError && e.message === 'Parameter type does not match');
    }
  });

  test('over 100 MiB: returns undefined and does nothing', () => {
    const { huks, client } = fakeHuks();
    const h = loose(huks);
    const big = new Uint8Array(0x6400001);
    assert.equal(h.generateKey!('k', { properties: [{ tag: HuksTag.HUKS_TAG_IV, value: big }] }),
      undefined);
    assert.equal(h.importKey!('k', { inData: big }), undefined);
    assert.equal(client.calls.length, 0);
  });

  test('no tag-type pre-check and no AAD merge', async () => {
    const { huks, client } = fakeHuks();
    const properties = [
      { tag: HuksTag.HUKS_TAG_AAD, value: Uint8Array.of(1) },
      { tag: HuksTag.HUKS_TAG_INVALID, value: 'ignored' },
    ];
    await loose(huks).generateKey!('k', { properties });
    const tags = client.params('generateKey', 1).params.map((p) => p.tag);
    assert.deepEqual(tags, [HuksTag.HUKS_TAG_AAD, HuksTag.HUKS_TAG_INVALID]);
  });

  test('update reads (handle, options, token?, callback?) and the handle as uint32', async () => {
    const { huks, client } = fakeHuks();
    const h = loose(huks);
    const token = Uint8Array.of(5);
    const args = await viaCallback((cb) => h.update!(2 ** 32 + 9, { inData: token }, token, cb));
    assert.deepEqual(args[0], { code: 0 });
    const call = client.last('updateSession');
    assert.equal(call.args[0], 9);
    assert.deepEqual((call.args[1] as ParamSet).params,
      [{ tag: HuksTag.HUKS_TAG_AUTH_TOKEN, value: token }]);
    assert.deepEqual(call.args[2], token);
  });

  test('update: a token followed by a non-function does nothing and returns undefined', () => {
    const { huks, client } = fakeHuks();
    assert.equal(loose(huks).update!(1, opts, Uint8Array.of(1), 'x'), undefined);
    assert.equal(client.calls.length, 0);
  });

  test('update: index 2 that is neither function nor Uint8Array is an engine error', () => {
    const h = loose(fakeHuks().huks);
    assertEngineThrow(() => h.update!(1, opts, 5), 'Invalid parameter');
    assertEngineThrow(() => h.update!(1, opts, undefined), 'Invalid parameter');
  });

  test('finish accepts a token at index 2 too; callbacks at index 2 or 3', async () => {
    const { huks, client } = fakeHuks();
    const h = loose(huks);
    const direct = await viaCallback((cb) => h.finish!(1, opts, cb));
    assert.deepEqual(direct, [{ code: 0 }, { errorCode: 0, outData: null, properties: null }]);
    await viaCallback((cb) => h.finish!(1, opts, Uint8Array.of(2), cb));
    assert.equal(client.params('finishSession', 1).size, 1);
  });
});
