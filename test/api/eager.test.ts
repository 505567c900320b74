import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';

import type { SessionHandle } from '../../src/service/types.js';
import { HksErr, HuksFailure } from '../../src/errors/failure.js';
import { HuksTag } from '../../src/common/enums.js';
import type { HuksNamespace, HuksParam } from '../../src/index.js';
import { createHuksNamespace } from '../../src/api/namespace.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import { FakeClient, alias, assertRejects, fakeHuks, loose, viaCallback } from './fake-client.js';

// api/channel.ts settle: the work starts inside the call, so calls run in issue order, and a
// client that consumes its inputs in the call gets the caller's inData without a copy.

const opts = { properties: [] };

/** A client that uses or copies every input before its methods return (the local client). */
class ConsumingClient extends FakeClient {
  readonly consumesInputsInCall = true;
}

/** A client whose session steps throw synchronously, as the local client does without storage. */
class ThrowingClient extends FakeClient {
  override updateSession(): Promise<Uint8Array> {
    throw new HuksFailure(HksErr.NOT_EXIST, 'thrown in the call');
  }

  override initSession(): Promise<SessionHandle> {
    throw new TypeError('a bug below the api layer');
  }
}

describe('eager execution', () => {
  test('the client is called before the api function returns', () => {
    const { huks, client } = fakeHuks();
    const pending = huks.generateKeyItem('k', opts);
    assert.equal(client.calls.length, 1);
    assert.equal(client.last().method, 'generateKey');
    return pending;
  });

  test('calls issued back to back reach the client in issue order, v8 and v9 alike', async () => {
    const { huks, client } = fakeHuks();
    const h = loose(huks);
    const pending = [
      huks.generateKeyItem('a', opts),
      h.deleteKey!('b', opts),
      huks.hasKeyItem('c', opts),
      h.isKeyExist!('d', opts),
      huks.abortSession(1, opts),
    ];
    await Promise.all(pending);
    const methods = client.calls.map((c) => c.method);
    const expected = ['generateKey', 'deleteKey', 'keyExists', 'keyExists', 'abortSession'];
    assert.deepEqual(methods, expected);
    assert.deepEqual(client.calls.map((c) => c.args[0]).slice(0, 4),
      [alias('a'), alias('b'), alias('c'), alias('d')]);
  });

  test('a synchronous throw of the client is the rejection, never a throw', async () => {
    const client = new ThrowingClient();
    const huks = createHuksNamespace(() => client);
    let pending: unknown;
    assert.doesNotThrow(() => {
      pending = huks.updateSession(1, { inData: Uint8Array.of(1) });
    });
    await assertRejects(pending, 12000011, 'The entity does not exist.');
    await assertRejects(huks.initSession('k', opts), 12000012,
      'Device environment or input parameter abnormal.');
  });

  test('a synchronous throw reaches the callback as its one argument, later', async () => {
    const huks = createHuksNamespace(() => new ThrowingClient());
    let returned = false;
    const args = await viaCallback((cb) => {
      const result = loose(huks).updateSession!(1, { inData: Uint8Array.of(1) }, cb);
      returned = true;
      return result;
    });
    assert.equal(returned, true);
    assert.equal(args.length, 1);
    assert.equal((args[0] as { code: number }).code, 12000011);
  });

  test('API 8: a synchronous throw of the client is the internal code', async () => {
    const huks = createHuksNamespace(() => new ThrowingClient());
    const result = await loose(huks).update!(1, { inData: Uint8Array.of(1) });
    assert.deepEqual(result, { errorCode: HksErr.NOT_EXIST, outData: null, properties: null });
  });
});

describe('inData of updateSession and finishSession', () => {
  for (const step of ['updateSession', 'finishSession'] as const) {
    test(`${step}: a client that may keep it gets a copy the caller cannot change`, async () => {
      const { huks, client } = fakeHuks();
      const inData = Uint8Array.of(1, 2, 3);
      const pending = huks[step](1, { inData });
      inData.fill(0);
      await pending;
      const passed = client.last(step).args[2] as Uint8Array;
      assert.notEqual(passed, inData);
      assert.deepEqual(passed, Uint8Array.of(1, 2, 3));
    });

    test(`${step}: a client that consumes it in the call gets the caller's bytes`, async () => {
      const client = new ConsumingClient();
      const huks = createHuksNamespace(() => client);
      const inData = Uint8Array.of(1, 2, 3);
      await huks[step](1, { inData });
      assert.equal(client.last(step).args[2], inData);
    });

    test(`${step}: a Buffer arrives as a plain Uint8Array over the same bytes`, async () => {
      const client = new ConsumingClient();
      const huks = createHuksNamespace(() => client);
      const backing = Buffer.from([9, 1, 2, 3, 9]);
      await huks[step](1, { inData: backing.subarray(1, 4) });
      const passed = client.last(step).args[2] as Uint8Array;
      assert.equal(Object.getPrototypeOf(passed), Uint8Array.prototype);
      assert.equal(passed.buffer, backing.buffer);
      assert.deepEqual(passed, Uint8Array.of(1, 2, 3));
    });
  }

  test('the token is still copied once into the parameter set', async () => {
    const client = new ConsumingClient();
    const huks = createHuksNamespace(() => client);
    const token = Uint8Array.of(5, 6);
    const pending = loose(huks).updateSession!(1, { inData: Uint8Array.of(1) }, token);
    token.fill(0);
    await pending;
    const params = client.params('updateSession', 1);
    assert.deepEqual(params.get(HuksTag.HUKS_TAG_AUTH_TOKEN), Uint8Array.of(5, 6));
  });
});

describe('aliases', () => {
  test('ASCII, non-ASCII and lone surrogates are encoded as UTF-8', async () => {
    const { huks, client } = fakeHuks();
    const texts = ['key-1', 'ключ', 'a\uD800b', 'x'.repeat(128), `${'y'.repeat(127)}é`];
    for (const text of texts) {
      await huks.generateKeyItem(text, opts);
      assert.deepEqual(client.last().args[0], new Uint8Array(Buffer.from(text, 'utf8')));
    }
  });
});

describe('through the real keystore', () => {
  let instance: TempHuks;
  let huks: HuksNamespace;

  before(() => {
    instance = tempHuks();
    huks = instance.huks;
  });

  after(async () => {
    await instance.cleanup();
  });

  test('changing inData right after each call does not change the ciphertext', async () => {
    const key = randomBytes(32);
    const T = huks.HuksTag;
    const base: HuksParam[] = [
      { tag: T.HUKS_TAG_ALGORITHM, value: huks.HuksKeyAlg.HUKS_ALG_AES },
      { tag: T.HUKS_TAG_BLOCK_MODE, value: huks.HuksCipherMode.HUKS_MODE_GCM },
      { tag: T.HUKS_TAG_PADDING, value: huks.HuksKeyPadding.HUKS_PADDING_NONE },
    ];
    const purpose = huks.HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT;
    await huks.importKeyItem('eager-gcm', {
      properties: [...base, { tag: T.HUKS_TAG_PURPOSE, value: purpose },
        { tag: T.HUKS_TAG_KEY_SIZE, value: 256 }],
      inData: key,
    });
    const nonce = randomBytes(12);
    const chunks = [randomBytes(100), randomBytes(64), randomBytes(30)];
    const expected = createCipheriv('aes-256-gcm', key, nonce);
    const sealed = Buffer.concat([...chunks.map((c) => expected.update(c)), expected.final(),
      expected.getAuthTag()]);

    const properties = [...base, { tag: T.HUKS_TAG_PURPOSE, value: purpose },
      { tag: T.HUKS_TAG_NONCE, value: nonce }];
    const { handle } = await huks.initSession('eager-gcm', { properties });
    const outputs: Uint8Array[] = [];
    for (const [i, chunk] of chunks.entries()) {
      const inData = Uint8Array.from(chunk);
      const last = i === chunks.length - 1;
      const pending = last
        ? huks.finishSession(handle, { properties, inData })
        : huks.updateSession(handle, { properties, inData });
      inData.fill(0xee);
      outputs.push((await pending).outData!);
    }
    assert.deepEqual(Buffer.concat(outputs), sealed);
  });

  test('back-to-back calls without awaiting run in issue order', async () => {
    const T = huks.HuksTag;
    const properties: HuksParam[] = [
      { tag: T.HUKS_TAG_ALGORITHM, value: huks.HuksKeyAlg.HUKS_ALG_AES },
      { tag: T.HUKS_TAG_PURPOSE, value: huks.HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
      { tag: T.HUKS_TAG_KEY_SIZE, value: 128 },
    ];
    const results = await Promise.all([
      huks.generateKeyItem('order', { properties }),
      huks.hasKeyItem('order', opts),
      huks.deleteKeyItem('order', opts),
      huks.hasKeyItem('order', opts),
    ]);
    assert.deepEqual(results, [null, true, null, false]);
  });
});

describe('callback delivery', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  test('callbacks and promises settle in the order the calls were made', async () => {
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      const huks = loose(t.huks);
      huks.hasKeyItem!('none', opts, () => order.push('cb1'));
      void t.huks.hasKeyItem('none', opts).then(() => order.push('p2'));
      huks.hasKeyItem!('none', opts, () => {
        order.push('cb3');
        resolve();
      });
    });
    await done;
    assert.deepEqual(order, ['cb1', 'p2', 'cb3']);
  });

  test('an exception thrown by a callback is an uncaught exception', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { dirname, join } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const here = dirname(fileURLToPath(import.meta.url));
    const index = join(here, '..', '..', 'src', 'index.js');
    const home = mkdtempSync(join(tmpdir(), 'openhuks-callback-'));
    const script = `import { createHuks } from ${JSON.stringify(index)};
      process.on('uncaughtException', (e) => { console.log('uncaught:' + e.message); });
      process.on('unhandledRejection', () => { console.log('unhandled rejection'); });
      const huks = createHuks({ home: ${JSON.stringify(home)} });
      huks.hasKeyItem('none', { properties: [] }, () => { throw new Error('boom'); });
      setTimeout(() => huks.close(), 200);`;
    const { stdout } = await promisify(execFile)(process.execPath,
      ['--input-type=module', '-e', script]);
    assert.equal(stdout.trim(), 'uncaught:boom');
  });
});
