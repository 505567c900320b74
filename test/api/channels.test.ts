import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { createHuksNamespace } from '../../src/api/namespace.js';
import { BusinessError } from '../../src/errors/business-error.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import {
  FakeClient,
  assertRejects,
  fakeHuks,
  loose,
  viaCallback,
} from './fake-client.js';

// api.md §2.1 and errors.md §1.2: promise vs callback, what each delivers, and the error object.

const opts = { properties: [] };
const notFound = new HuksFailure(HksErr.NOT_EXIST, 'test');

describe('callback detection', () => {
  test('a function at index 2 is the callback; the call returns null', async () => {
    const { huks } = fakeHuks();
    const args = await viaCallback((cb) => loose(huks).generateKeyItem!('k', opts, cb));
    assert.deepEqual(args, [null, null]);
  });

  test('anything else at the callback position means promise mode', async () => {
    const { huks } = fakeHuks();
    for (const other of [undefined, null, 1, 'f', {}]) {
      const result = loose(huks).generateKeyItem!('k', opts, other);
      assert.ok(result instanceof Promise);
      assert.equal(await result, null);
    }
  });

  test('importWrappedKeyItem looks at index 3', async () => {
    const { huks, client } = fakeHuks();
    const args = await viaCallback((cb) =>
      loose(huks).importWrappedKeyItem!('k', 'w', { inData: new Uint8Array(1) }, cb),
    );
    assert.deepEqual(args, [null, null]);
    assert.equal(client.last().method, 'importWrappedKey');
  });

  test('extra arguments beyond the callback are ignored', async () => {
    const { huks } = fakeHuks();
    const args = await viaCallback((cb) => loose(huks).hasKeyItem!('k', opts, cb, 1, 2));
    assert.deepEqual(args, [null, true]);
  });

  test('promise-only functions ignore a trailing function', async () => {
    const { huks } = fakeHuks();
    let called = false;
    const keySize = [{ tag: 536870915, value: 768 }];
    const result = loose(huks).encapsulate!('k', [], 's', keySize, () => (called = true));
    assert.ok(result instanceof Promise);
    await result.catch(() => {});
    assert.equal(called, false);
  });
});

describe('update/finish: the third argument (api.md §4.10)', () => {
  const token = Uint8Array.of(9, 9);

  for (const step of ['updateSession', 'finishSession'] as const) {
    test(`${step}: function at index 2 is the callback`, async () => {
      const { huks } = fakeHuks();
      const args = await viaCallback((cb) => loose(huks)[step]!(1, opts, cb));
      assert.equal(args.length, 2);
      assert.equal(args[0], null);
      assert.deepEqual(args[1], { outData: new Uint8Array(0) });
    });

    test(`${step}: token at index 2, callback at index 3`, async () => {
      const { huks, client } = fakeHuks();
      await viaCallback((cb) => loose(huks)[step]!(1, opts, token, cb));
      const method = step === 'updateSession' ? 'updateSession' : 'finishSession';
      assert.equal(client.params(method, 1).params.length, 1);
    });

    test(`${step}: a token with a non-function fourth argument is promise mode`, async () => {
      const { huks } = fakeHuks();
      const result = loose(huks)[step]!(1, opts, token, 'not a function');
      assert.ok(result instanceof Promise);
      await result;
    });

    test(`${step}: undefined at index 2 lets index 3 be the callback`, async () => {
      const { huks } = fakeHuks();
      const args = await viaCallback((cb) => loose(huks)[step]!(1, opts, undefined, cb));
      assert.equal(args[0], null);
    });

    test(`${step}: null or a primitive at index 2 hides a callback at index 3`, async () => {
      for (const third of [null, 5, 'x', true]) {
        const { huks, client } = fakeHuks();
        let called = false;
        const result = loose(huks)[step]!(1, opts, third, () => (called = true));
        assert.ok(result instanceof Promise, 'promise mode');
        await result;
        await new Promise((r) => setImmediate(r));
        assert.equal(called, false);
        assert.equal(client.calls.length, 1);
      }
    });
  }
});

describe('failure delivery', () => {
  test('promise rejects with a BusinessError: code, message, data null', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('deleteKey', notFound);
    await assertRejects(huks.deleteKeyItem('k', opts), 12000011, 'The entity does not exist.');
  });

  test('callback gets exactly one argument, the error', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('exportKey', new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR));
    const args = await viaCallback((cb) => loose(huks).exportKeyItem!('k', opts, cb));
    assert.equal(args.length, 1);
    const error = args[0] as BusinessError;
    assert.ok(error instanceof BusinessError);
    assert.ok(error instanceof Error);
    assert.equal(error.code, 12000006);
    assert.equal(error.message, 'Crypto engine error.');
    assert.equal(error.data, null);
    assert.equal(error.name, 'BusinessError');
  });

  test('a non-HuksFailure below the api layer is a 12000012 BusinessError', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('generateKey', new TypeError('bug'));
    await assertRejects(huks.generateKeyItem('k', opts), 12000012,
      'Device environment or input parameter abnormal.');
    client.failWith('generateKey', 'not even an Error');
    const args = await viaCallback((cb) => loose(huks).generateKeyItem!('k', opts, cb));
    assert.equal((args[0] as BusinessError).code, 12000012);
  });

  test('the cause keeps the original failure for debugging, not the message', async () => {
    const { huks, client } = fakeHuks();
    const failure = new HuksFailure(HksErr.INVALID_ARGUMENT, 'secret detail');
    client.failWith('generateKey', failure);
    const error = await huks.generateKeyItem('k', opts).catch((e: unknown) => e);
    assert.ok(error instanceof BusinessError);
    assert.equal(error.message, 'Invalid parameters.');
    assert.equal(error.cause, failure);
  });

  test('unknown internal codes read as 12000012 "HUKS operation failed."', async () => {
    const { huks, client } = fakeHuks();
    client.failWith('generateKey', new HuksFailure(-12345));
    await assertRejects(huks.generateKeyItem('k', opts), 12000012, 'HUKS operation failed.');
  });

  test('a getClient that throws rejects instead of throwing', async () => {
    const huks = createHuksNamespace(() => {
      throw new HuksFailure(HksErr.IPC_INIT_FAIL);
    });
    await assertRejects(huks.hasKeyItem('k', opts), 12000005, 'IPC initialization failed.');
  });
});

describe('client life cycle', () => {
  test('getClient is not called before the first asynchronous call', async () => {
    let created = 0;
    const client = new FakeClient();
    const huks = createHuksNamespace(() => {
      created++;
      return client;
    });
    assert.equal(huks.getSdkVersion({}), '2.0.0.5');
    assert.throws(() => loose(huks).generateKeyItem!(1, opts));
    assert.equal(created, 0);
    await huks.generateKeyItem('k', opts);
    await huks.generateKeyItem('k', opts);
    assert.equal(created, 1);
  });

  test('close() closes a created client once, and is a no-op before', async () => {
    const { huks, client } = fakeHuks();
    await huks.close();
    assert.equal(client.closed, 0);
    await huks.generateKeyItem('k', opts);
    await huks.close();
    assert.equal(client.closed, 1);
    assert.equal(Object.keys(huks).includes('close'), false);
  });
});
