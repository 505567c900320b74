import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import defaultHuks, { BusinessError, type HuksNamespace, type HuksParam } from '../../src/index.js';
import { DAEMON_TARGET, tempHuks, type TempHuks } from '../helpers/instance.js';
import { assertRejects, assertSyncThrow, loose } from './fake-client.js';

// Every error code reachable in this issue, through the real stack (createHuks -> local client
// -> service -> core -> store), with its code, message and channel: a synchronous throw, a
// promise rejection, or a callback called with exactly one argument (errors.md §1).
// 12000014 (out of memory) has no honest trigger and is not faked here.

let instance: TempHuks;
let huks: HuksNamespace;

const T = { ALG: 536870913, PURPOSE: 536870914, SIZE: 536870915, MODE: 536870918, PAD: 536870917 };
const AES = 20;
const ENCRYPT = 1;
const DECRYPT = 2;
const aesKey = (size = 256, ...extra: HuksParam[]): { properties: HuksParam[] } => ({
  properties: [
    { tag: T.ALG, value: AES },
    { tag: T.PURPOSE, value: ENCRYPT | DECRYPT },
    { tag: T.SIZE, value: size },
    ...extra,
  ],
});

/** Calls with a callback appended; resolves with its arguments once it is called. */
function callbackArgs(fn: (cb: (...args: unknown[]) => void) => unknown): Promise<unknown[]> {
  return new Promise((resolve) => {
    const returned = fn((...args: unknown[]) => resolve(args));
    assert.equal(returned, null);
  });
}

function assertOneArgError(args: unknown[], code: number, message: string): void {
  assert.equal(args.length, 1, 'a failing callback gets exactly one argument');
  const error = args[0];
  assert.ok(error instanceof BusinessError);
  assert.equal(error.code, code);
  assert.equal(error.message, message);
  assert.equal(error.data, null);
}

before(async () => {
  instance = tempHuks();
  huks = instance.huks;
  await huks.generateKeyItem('aes', aesKey());
});

after(async () => {
  await instance.cleanup();
});

describe('error codes through the real stack', () => {
  test('401 synchronous: an alias that is not a string', () => {
    assertSyncThrow(() => loose(huks).generateKeyItem!(42, aesKey()), 401,
      "the type of alias isn't string");
  });

  test('401 asynchronous: an empty alias, "Invalid parameters."', async () => {
    await assertRejects(huks.generateKeyItem('', aesKey()), 401, 'Invalid parameters.');
  });

  test('801 promise: wrapKeyItem ends in "This API is not supported."', async () => {
    const properties = [{ tag: huks.HuksTag.HUKS_TAG_KEY_WRAP_TYPE, value: 2 }];
    await assertRejects(huks.wrapKeyItem('aes', { properties }), 801,
      'This API is not supported.');
  });

  test('202 promise: an *AsUser function called by an ordinary app', async () => {
    await assertRejects(huks.generateKeyItemAsUser(101, 'u', aesKey()), 202,
      'Non-system applications are not allowed to use system APIs.');
  });

  test('12000001 callback: ML-KEM has no engine on Node 20', async () => {
    const mlKem = { properties: [
      { tag: T.ALG, value: huks.HuksKeyAlg.HUKS_ALG_ML_KEM },
      { tag: T.PURPOSE, value: ENCRYPT },
      { tag: T.SIZE, value: 768 },
    ] };
    const args = await callbackArgs((cb) => loose(huks).generateKeyItem!('kem', mlKem, cb));
    assertOneArgError(args, 12000001, 'The feature is not support.');
  });

  test('12000001 synchronous: an access group in an *AsUser call', () => {
    const properties = [{ tag: huks.HuksTag.HUKS_TAG_KEY_ACCESS_GROUP, value: new Uint8Array(1) }];
    assertSyncThrow(() => huks.deleteKeyItemAsUser(100, 'aes', { properties }), 12000001,
      'The feature is not support.');
  });

  test('12000002 callback: generation without HUKS_TAG_ALGORITHM', async () => {
    const options = { properties: [{ tag: T.PURPOSE, value: ENCRYPT }] };
    const args = await callbackArgs((cb) => loose(huks).generateKeyItem!('x', options, cb));
    assertOneArgError(args, 12000002, 'Failed to obtain the algorithm. It is not set in ParamSet.');
  });

  test('12000003 promise: AES with key size 100', async () => {
    await assertRejects(huks.generateKeyItem('x', aesKey(100)), 12000003, 'Invalid key size.');
  });

  // Through the daemon this path ends earlier: a daemon refuses to start on a home it cannot
  // create (the daemon tests cover that); the in-process run of this suite asserts 12000004.
  const inProcessOnly = { skip: DAEMON_TARGET && 'the daemon cannot start on this home' };
  test('12000004 promise: a data directory that cannot be created', inProcessOnly, async () => {
    const blocker = join(instance.home, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const broken = tempHuks({ home: join(blocker, 'home') });
    try {
      await assertRejects(broken.huks.generateKeyItem('x', aesKey()), 12000004,
        'Failed to create the directory.');
    } finally {
      await broken.cleanup();
    }
  });

  test('12000005 callback: the default instance asked for a daemon (HUKS_SOCKET)', async () => {
    process.env['HUKS_SOCKET'] = join(instance.home, 'no-daemon.sock');
    try {
      const args = await callbackArgs((cb) => loose(defaultHuks).hasKeyItem!('x', {}, cb));
      assertOneArgError(args, 12000005, 'IPC initialization failed.');
    } finally {
      await defaultHuks.close();
      delete process.env['HUKS_SOCKET'];
    }
  });

  test('12000006 promise: AES-GCM decryption with a wrong tag', async () => {
    const properties = [
      { tag: T.ALG, value: AES },
      { tag: T.PURPOSE, value: DECRYPT },
      { tag: T.MODE, value: huks.HuksCipherMode.HUKS_MODE_GCM },
      { tag: T.PAD, value: huks.HuksKeyPadding.HUKS_PADDING_NONE },
      { tag: huks.HuksTag.HUKS_TAG_NONCE, value: new Uint8Array(12) },
      { tag: huks.HuksTag.HUKS_TAG_AAD, value: new Uint8Array(4) },
      { tag: huks.HuksTag.HUKS_TAG_AE_TAG, value: new Uint8Array(16) },
    ];
    const { handle } = await huks.initSession('aes', { properties });
    await assertRejects(huks.finishSession(handle, { properties, inData: new Uint8Array(16) }),
      12000006, 'Crypto engine error.');
  });

  test('12000010 promise: the 16th concurrent session (api9 policy)', async () => {
    const properties = [
      { tag: T.ALG, value: AES },
      { tag: T.PURPOSE, value: ENCRYPT },
      { tag: T.MODE, value: huks.HuksCipherMode.HUKS_MODE_ECB },
      { tag: T.PAD, value: huks.HuksKeyPadding.HUKS_PADDING_NONE },
    ];
    const handles: number[] = [];
    try {
      for (let i = 0; i < 15; i++) {
        handles.push((await huks.initSession('aes', { properties })).handle);
      }
      await assertRejects(huks.initSession('aes', { properties }), 12000010,
        'The number of key operation sessions has reached the limit.');
    } finally {
      for (const handle of handles) await huks.abortSession(handle, {});
    }
  });

  test('12000011 callback: deleting an alias that does not exist', async () => {
    const args = await callbackArgs((cb) => loose(huks).deleteKeyItem!('missing', {}, cb));
    assertOneArgError(args, 12000011, 'The entity does not exist.');
  });

  test('12000011 promise: isKeyItemExist of a missing key, while hasKeyItem is false', async () => {
    await assertRejects(huks.isKeyItemExist('missing', {}), 12000011, 'The entity does not exist.');
    assert.equal(await huks.hasKeyItem('missing', {}), false);
  });

  test('12000012 promise: AES-CCM input over the cached-data limit', async () => {
    const properties = [
      { tag: T.ALG, value: AES },
      { tag: T.PURPOSE, value: ENCRYPT },
      { tag: T.MODE, value: huks.HuksCipherMode.HUKS_MODE_CCM },
      { tag: T.PAD, value: huks.HuksKeyPadding.HUKS_PADDING_NONE },
      { tag: huks.HuksTag.HUKS_TAG_NONCE, value: new Uint8Array(12) },
      { tag: huks.HuksTag.HUKS_TAG_ASSOCIATED_DATA, value: new Uint8Array(4) },
      { tag: huks.HuksTag.HUKS_TAG_AE_TAG_LEN, value: 16 },
    ];
    const { handle } = await huks.initSession('aes', { properties });
    await huks.updateSession(handle, { inData: new Uint8Array(60000) });
    await assertRejects(huks.updateSession(handle, { inData: new Uint8Array(60000) }), 12000012,
      'HUKS operation failed.');
  });

  test('12000017 callback: KEY_OVERRIDE = false on an existing alias', async () => {
    const options = aesKey(256, { tag: huks.HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false });
    const args = await callbackArgs((cb) => loose(huks).generateKeyItem!('aes', options, cb));
    assertOneArgError(args, 12000017, 'The key with same name is already exist.');
  });
});
