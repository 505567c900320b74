// The checker behind the properties must be able to fail: fake functions that break the
// delivery contract are reported, well-behaved ones are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invoke, type Api } from './lib/check.js';

class BusinessError extends Error {
  constructor(readonly code: number, message: string, cause?: unknown) {
    super(message, { cause });
  }
}

const fake: Api = {
  good: () => Promise.reject(new BusinessError(12000011, 'The entity does not exist.')),
  goodCb: (_a, _b, cb) => {
    setImmediate(() => (cb as (e: unknown, v: unknown) => void)(null, null));
    return null;
  },
  goodThrow: () => {
    throw new BusinessError(401, "the type of alias isn't string");
  },
  plainReject: () => Promise.reject(new Error('boom')),
  unknownCode: () => Promise.reject(new BusinessError(12000099, 'HUKS operation failed.')),
  wrongMessage: () => Promise.reject(new BusinessError(12000011, 'Invalid parameters.')),
  crash: () => {
    const message = 'Device environment or input parameter abnormal.';
    return Promise.reject(new BusinessError(12000012, message, new TypeError('x is undefined')));
  },
  twice: (_a, _b, cb) => {
    const f = cb as (e: unknown, v?: unknown) => void;
    setImmediate(() => {
      f(null, null);
      f(null, null);
    });
    return null;
  },
  undefinedInCbMode: (_a, _b, cb) => {
    setImmediate(() => (cb as (e: unknown) => void)(new BusinessError(401, 'Invalid parameters.')));
    return undefined;
  },
  typeError: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
  api8Reject: () => Promise.reject(new Error('no')),
};

const run = async (name: string, args: unknown[] = ['a', {}], api8 = false) =>
  (await invoke(fake, BusinessError, name, args, api8)).problems;

test('well-behaved fakes pass', async () => {
  assert.deepEqual(await run('good'), []);
  assert.deepEqual(await run('goodCb', ['a', {}, () => 0]), []);
  assert.deepEqual(await run('goodThrow'), []);
});

test('contract breaches are reported', async () => {
  for (const name of ['plainReject', 'unknownCode', 'wrongMessage', 'crash', 'typeError']) {
    assert.notDeepEqual(await run(name), [], name);
  }
  assert.notDeepEqual(await run('twice', ['a', {}, () => 0]), [], 'callback called twice');
  const cbMode = await run('undefinedInCbMode', ['a', {}, () => 0]);
  assert.notDeepEqual(cbMode, [], 'callback mode returns null');
  assert.notDeepEqual(await run('api8Reject', ['a', {}], true), [], 'API-8 promise rejected');
});
