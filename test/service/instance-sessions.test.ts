// Sessions through the public API, over the real core and store (createHuks on a temp home).
import assert from 'node:assert/strict';
import { hkdfSync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPurpose,
  HuksKeyStorageType,
  HuksTag,
} from '../../src/common/enums.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import { aesKeyParams, cbcParams, expectedCbc } from './fixtures/aes-fixture.js';

const KEY = new Uint8Array(randomBytes(32));
const BLOCK = new Uint8Array(16).fill(7);

async function rejectsWithCode(promise: Promise<unknown>, code: number, message?: string) {
  await assert.rejects(promise, (err: { code?: unknown; message?: unknown }) => {
    assert.equal(err.code, code, String(err.message));
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

async function importKey(t: TempHuks, alias = 'k') {
  await t.huks.importKeyItem(alias, { properties: aesKeyParams(), inData: KEY });
}

function init(t: TempHuks, alias = 'k') {
  return t.huks.initSession(alias, { properties: cbcParams() });
}

function update(t: TempHuks, handle: number) {
  return t.huks.updateSession(handle, { properties: cbcParams(), inData: BLOCK });
}

describe('session limit, api9 policy (default)', () => {
  let t: TempHuks;
  before(async () => {
    t = tempHuks();
    await importKey(t);
  });
  after(() => t.cleanup());

  it('15 sessions open, the 16th is 12000010, finishing one frees a slot', async () => {
    const handles: number[] = [];
    for (let i = 0; i < 15; i++) handles.push((await init(t)).handle);
    await rejectsWithCode(init(t), 12000010,
      'The number of key operation sessions has reached the limit.');
    for (const h of handles) await update(t, h);

    const out = await t.huks.finishSession(handles[0]!, { properties: cbcParams(), inData: BLOCK });
    // The second CBC block: each session already encrypted one.
    const twoBlocks = expectedCbc(KEY, new Uint8Array([...BLOCK, ...BLOCK]));
    assert.deepEqual(out?.outData, twoBlocks.subarray(16));
    const next = await init(t);
    await rejectsWithCode(init(t), 12000010);
    for (const h of [...handles.slice(1), next.handle]) {
      await t.huks.abortSession(h, { properties: [] });
    }
  });
});

describe('session limit, current policy', () => {
  let t: TempHuks;
  before(async () => {
    t = tempHuks({ sessionPolicy: 'current' });
    await importKey(t);
  });
  after(() => t.cleanup());

  it('40 inits all succeed; the first 8 handles are gone, the last 32 work', async () => {
    const handles: number[] = [];
    for (let i = 0; i < 40; i++) handles.push((await init(t)).handle);
    for (const h of handles.slice(0, 8)) {
      await rejectsWithCode(update(t, h), 12000011, 'The entity does not exist.');
      assert.equal(await t.huks.abortSession(h, { properties: [] }), null);
    }
    for (const h of handles.slice(8)) {
      const out = await t.huks.finishSession(h, { properties: cbcParams(), inData: BLOCK });
      assert.deepEqual(out?.outData, expectedCbc(KEY, BLOCK));
    }
  });
});

describe('sessions over the real core', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  it('a session keeps its key after the key is deleted, then replaced', async () => {
    await importKey(t);
    const { handle } = await init(t);
    await t.huks.deleteKeyItem('k', { properties: [] });
    await rejectsWithCode(init(t), 12000011);
    await t.huks.generateKeyItem('k', { properties: aesKeyParams() });

    const first = await update(t, handle);
    const last = await t.huks.finishSession(handle, { properties: cbcParams(), inData: BLOCK });
    const plain = new Uint8Array([...BLOCK, ...BLOCK]);
    const got = new Uint8Array([...(first?.outData ?? []), ...(last?.outData ?? [])]);
    assert.deepEqual(got, expectedCbc(KEY, plain));
  });

  it('finish ends the session; an update failure ends it too', async () => {
    await importKey(t, 'k2');
    const a = await init(t, 'k2');
    await t.huks.finishSession(a.handle, { properties: cbcParams(), inData: BLOCK });
    await rejectsWithCode(update(t, a.handle), 12000011);

    // AES-CBC refuses an empty update (algorithms.md §1.6): the failure ends the session.
    const b = await init(t, 'k2');
    await rejectsWithCode(
      t.huks.updateSession(b.handle, { properties: cbcParams(), inData: new Uint8Array(0) }),
      401,
    );
    await rejectsWithCode(update(t, b.handle), 12000011);
  });

  it('another app on the same home cannot use, finish or abort a handle', async () => {
    await importKey(t, 'k3');
    const other = tempHuks({ home: t.home, app: 'com.example.other' });
    try {
      const { handle } = await init(t, 'k3');
      const step = { properties: cbcParams(), inData: BLOCK };
      await rejectsWithCode(other.huks.updateSession(handle, step), 12000011);
      await rejectsWithCode(other.huks.finishSession(handle, step), 12000011);
      assert.equal(await other.huks.abortSession(handle, { properties: [] }), null);
      const out = await t.huks.finishSession(handle, { properties: cbcParams(), inData: BLOCK });
      assert.deepEqual(out?.outData, expectedCbc(KEY, BLOCK));
    } finally {
      await other.cleanup();
    }
  });

  it('abort of an unknown handle resolves null; after abort the handle is unknown', async () => {
    await importKey(t, 'k4');
    assert.equal(await t.huks.abortSession(424242, { properties: [] }), null);
    const { handle } = await init(t, 'k4');
    assert.equal(await t.huks.abortSession(handle, { properties: [] }), null);
    await rejectsWithCode(update(t, handle), 12000011);
  });

  it('close() ends the instance\'s sessions; the next call opens storage again', async () => {
    await importKey(t, 'k5');
    const { handle } = await init(t, 'k5');
    await t.huks.close();
    await rejectsWithCode(update(t, handle), 12000011);
    assert.equal(await t.huks.hasKeyItem('k5', { properties: [] }), true);
  });
});

describe('a key stored by finishSession', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  const base = new Uint8Array(randomBytes(32));
  const salt = new Uint8Array(randomBytes(16));
  const deriveInit = [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_HKDF },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE },
    { tag: HuksTag.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
    { tag: HuksTag.HUKS_TAG_DERIVE_KEY_SIZE, value: 32 },
    { tag: HuksTag.HUKS_TAG_SALT, value: salt },
  ];
  const storeAs = (alias: string, extra: { tag: number; value: boolean }[] = []) => [
    { tag: HuksTag.HUKS_TAG_KEY_STORAGE_FLAG, value: HuksKeyStorageType.HUKS_STORAGE_PERSISTENT },
    { tag: HuksTag.HUKS_TAG_KEY_ALIAS, value: new Uint8Array(Buffer.from(alias)) },
    ...aesKeyParams(),
    ...extra,
  ];

  async function derive(finishProperties: ReturnType<typeof storeAs>) {
    const { handle } = await t.huks.initSession('base', { properties: deriveInit });
    await t.huks.updateSession(handle, { properties: deriveInit, inData: new Uint8Array(0) });
    return t.huks.finishSession(handle, { properties: finishProperties });
  }

  it('is sealed and stored in the caller\'s namespace; override false is 12000017', async () => {
    const baseParams = [
      { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
      { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
      { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE },
      { tag: HuksTag.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
    ];
    await t.huks.importKeyItem('base', { properties: baseParams, inData: base });

    const result = await derive(storeAs('derived'));
    assert.equal(result?.outData?.length ?? 0, 0);
    const expectedKey = new Uint8Array(hkdfSync('sha256', base, salt, new Uint8Array(0), 32));
    const { handle } = await t.huks.initSession('derived', { properties: cbcParams() });
    const out = await t.huks.finishSession(handle, { properties: cbcParams(), inData: BLOCK });
    assert.deepEqual(out?.outData, expectedCbc(expectedKey, BLOCK));

    const keep = { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false };
    await rejectsWithCode(derive(storeAs('derived', [keep])), 12000017);
    await derive(storeAs('derived-2', [keep]));
    assert.equal(await t.huks.hasKeyItem('derived-2', { properties: [] }), true);
  });
});

describe('a call too large for the IPC buffer', () => {
  let t: TempHuks;
  before(async () => {
    t = tempHuks();
    await importKey(t);
  });
  after(() => t.cleanup());

  it('is refused with 401 before it reaches the session, which stays open', async () => {
    const { handle } = await init(t);
    const tooLarge = new Uint8Array(983_041);
    await rejectsWithCode(
      t.huks.updateSession(handle, { properties: cbcParams(), inData: tooLarge }), 401);
    await rejectsWithCode(
      t.huks.finishSession(handle, { properties: cbcParams(), inData: tooLarge }), 401);
    const { outData } = await t.huks.finishSession(handle,
      { properties: cbcParams(), inData: BLOCK });
    assert.deepEqual(outData, expectedCbc(KEY, BLOCK));
  });
});
