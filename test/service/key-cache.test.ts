// The cache of unsealed keys (service/key-cache.ts): bounded, least recently used out, and never
// stale: a key rewritten, deleted or tampered with by another connection is not used from it.
import assert from 'node:assert/strict';
import { createCipheriv, createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import Database from 'better-sqlite3';

import {
  HuksCipherMode, HuksKeyAlg, HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose, HuksTag,
} from '../../src/common/enums.js';
import { ParamSet } from '../../src/params/param-set.js';
import { KeyCache } from '../../src/service/key-cache.js';
import type { Namespace } from '../../src/store/types.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';

const T = HuksTag;
const NS: Namespace = { app: 'com.example.cache', userId: 100, level: 1 };
const PROPS = new ParamSet([{ tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES }]);

function alias(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text));
}

function record(seed: number) {
  return { properties: PROPS.serialize(), sealed: new Uint8Array(48).fill(seed) };
}

describe('KeyCache', () => {
  it('holds at most its capacity, dropping the least recently used', () => {
    const cache = new KeyCache(2);
    const key = { properties: PROPS, material: new Uint8Array(32).fill(1) };
    cache.remember(NS, alias('a'), record(1), key, 's');
    cache.remember(NS, alias('b'), record(2), key, 's');
    assert.ok(cache.trusted(NS, alias('a'), 's')); // a is now the most recent
    cache.remember(NS, alias('c'), record(3), key, 's');

    assert.equal(cache.size, 2);
    assert.equal(cache.trusted(NS, alias('b'), 's'), undefined);
    assert.ok(cache.trusted(NS, alias('a'), 's'));
    assert.ok(cache.trusted(NS, alias('c'), 's'));
  });

  it('trusts an entry only at its stamp, and only for the record it came from', () => {
    const cache = new KeyCache(4);
    const material = new Uint8Array(32).fill(7);
    cache.remember(NS, alias('k'), record(1), { properties: PROPS, material }, 's1');
    assert.equal(cache.trusted(NS, alias('k'), 's2'), undefined);
    assert.equal(cache.trusted({ ...NS, level: 2 }, alias('k'), 's1'), undefined);

    const hit = cache.lookup(NS, alias('k'), record(1), 's2');
    assert.deepEqual(hit?.material, material);
    assert.ok(cache.trusted(NS, alias('k'), 's2'), 'the checked entry is trusted at s2');

    assert.equal(cache.lookup(NS, alias('k'), record(9), 's3'), undefined);
    assert.equal(cache.size, 0, 'a record that differs drops the entry');
  });

  it('keeps its own copy of the material and zeroes it when the entry goes', () => {
    const cache = new KeyCache(4);
    const material = new Uint8Array(32).fill(5);
    cache.remember(NS, alias('k'), record(1), { properties: PROPS, material }, 's');
    material.fill(0);
    const hit = cache.trusted(NS, alias('k'), 's');
    assert.deepEqual(hit?.material, new Uint8Array(32).fill(5));
    cache.forget(NS, alias('k'));
    assert.equal(cache.trusted(NS, alias('k'), 's'), undefined);
    assert.deepEqual(hit?.material, new Uint8Array(32), 'a dropped entry is zeroed');
  });

  it('works the same when every entry lands in one hash slot', () => {
    const cache = new KeyCache(2, () => 7);
    const key = (fill: number) => ({ properties: PROPS, material: new Uint8Array(32).fill(fill) });
    cache.remember(NS, alias('a'), record(1), key(1), 's');
    cache.remember(NS, alias('b'), record(2), key(2), 's');
    assert.deepEqual(cache.trusted(NS, alias('a'), 's')?.material, key(1).material);
    assert.deepEqual(cache.trusted(NS, alias('b'), 's')?.material, key(2).material);
    assert.equal(cache.trusted({ ...NS, userId: 101 }, alias('a'), 's'), undefined);
    assert.equal(cache.trusted({ ...NS, app: 'com.example.other' }, alias('a'), 's'), undefined);
    assert.equal(cache.trusted(NS, alias('ab'), 's'), undefined);

    cache.remember(NS, alias('c'), record(3), key(3), 's');
    assert.equal(cache.size, 2);
    assert.equal(cache.trusted(NS, alias('a'), 's'), undefined, 'the first stored in a slot goes');
    cache.forget(NS, alias('c'));
    assert.equal(cache.size, 1);
    assert.deepEqual(cache.trusted(NS, alias('b'), 's')?.material, key(2).material);
  });

  it('gives each entry its own identity, kept only while the record is the same', () => {
    const cache = new KeyCache(4);
    const key = { properties: PROPS, material: new Uint8Array(32).fill(1) };
    const first = cache.remember(NS, alias('k'), record(1), key, 's1');
    assert.equal(cache.trusted(NS, alias('k'), 's1')?.identity, first?.identity);
    assert.equal(cache.lookup(NS, alias('k'), record(1), 's2')?.identity, first?.identity);

    const second = cache.remember(NS, alias('k'), record(2), key, 's3');
    assert.notEqual(second?.identity, first?.identity, 'a new record makes a new identity');
    assert.equal(cache.lookup(NS, alias('k'), record(3), 's4'), undefined);
    const third = cache.remember(NS, alias('k'), record(3), key, 's4');
    assert.notEqual(third?.identity, second?.identity);
    assert.equal(new KeyCache(0).remember(NS, alias('k'), record(1), key, 's'), undefined);
  });
});

const gcmKey = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
  { tag: T.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT },
  { tag: T.HUKS_TAG_BLOCK_MODE, value: HuksCipherMode.HUKS_MODE_GCM },
  { tag: T.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_NONE },
];
const NONCE = new Uint8Array(12);
const MESSAGE = new Uint8Array(64).fill(3);
const gcmInit = [...gcmKey.filter((p) => p.tag !== T.HUKS_TAG_KEY_SIZE),
  { tag: T.HUKS_TAG_NONCE, value: NONCE }];

function expectedGcm(key: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key, NONCE);
  return new Uint8Array(Buffer.concat([cipher.update(MESSAGE), cipher.final(),
    cipher.getAuthTag()]));
}

async function encrypt(t: TempHuks): Promise<Uint8Array | undefined> {
  const { handle } = await t.huks.initSession('k', { properties: gcmInit });
  return (await t.huks.finishSession(handle, { properties: [], inData: MESSAGE }))?.outData;
}

async function rejectsWithCode(promise: Promise<unknown>, code: number): Promise<void> {
  await assert.rejects(promise, (err: { code?: unknown; message?: unknown }) => {
    assert.equal(err.code, code, String(err.message));
    return true;
  });
}

describe('cached keys and other connections to the same store', () => {
  let home: string;
  let mine: TempHuks;
  let theirs: TempHuks;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'openhuks-cache-'));
    mine = tempHuks({ home, app: 'com.example.cache' });
    theirs = tempHuks({ home, app: 'com.example.cache' });
  });
  after(async () => {
    await mine.cleanup();
    await theirs.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('a key replaced or deleted elsewhere is never used from the cache', async () => {
    const first = new Uint8Array(randomBytes(32));
    const second = new Uint8Array(randomBytes(32));
    await mine.huks.importKeyItem('k', { properties: gcmKey, inData: first });
    assert.deepEqual(await encrypt(mine), expectedGcm(first));
    assert.deepEqual(await encrypt(mine), expectedGcm(first));

    await theirs.huks.importKeyItem('k', { properties: gcmKey, inData: second });
    assert.deepEqual(await encrypt(mine), expectedGcm(second));

    await theirs.huks.deleteKeyItem('k', { properties: [] });
    await rejectsWithCode(mine.huks.initSession('k', { properties: gcmInit }), 12000011);
  });

  it('a record edited on disk after it was cached is refused (12000012)', async () => {
    await mine.huks.importKeyItem('k', { properties: gcmKey, inData: randomBytes(32) });
    await encrypt(mine);

    const db = new Database(join(home, 'keys.db'));
    try {
      const row = db.prepare('SELECT properties FROM keys WHERE alias = ?')
        .get(Buffer.from('k')) as { properties: Buffer };
      const edited = Buffer.from(row.properties);
      edited[edited.length - 1]! ^= 1;
      const update = db.prepare('UPDATE keys SET properties = ? WHERE alias = ?');
      assert.equal(update.run(edited, Buffer.from('k')).changes, 1);
    } finally {
      db.close();
    }
    await rejectsWithCode(mine.huks.initSession('k', { properties: gcmInit }), 12000012);
  });
});

const ecKey = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_ECC },
  { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
  { tag: T.HUKS_TAG_PURPOSE,
    value: HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN | HuksKeyPurpose.HUKS_KEY_PURPOSE_VERIFY },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
];
const ecSign = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_ECC },
  { tag: T.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
];

async function ecSignature(t: TempHuks): Promise<Uint8Array> {
  const { handle } = await t.huks.initSession('ec', { properties: ecSign });
  const out = await t.huks.finishSession(handle, { properties: [], inData: MESSAGE });
  return out!.outData!;
}

async function signedBy(t: TempHuks, signature: Uint8Array): Promise<boolean> {
  const spki = (await t.huks.exportKeyItem('ec', { properties: [] })).outData!;
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  return verify('sha256', MESSAGE, key, signature);
}

// The core memoises the loaded private key per cache entry (core/types.ts KeyIdentity): a key
// rewritten by this or another connection must be the one that signs, from the next init on.
describe('prepared keys follow the stored key', () => {
  let home: string;
  let mine: TempHuks;
  let theirs: TempHuks;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'openhuks-memo-'));
    mine = tempHuks({ home, app: 'com.example.memo' });
    theirs = tempHuks({ home, app: 'com.example.memo' });
  });
  after(async () => {
    await mine.cleanup();
    await theirs.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('signs with the key stored last, whoever stored it', async () => {
    await mine.huks.generateKeyItem('ec', { properties: ecKey });
    assert.ok(await signedBy(mine, await ecSignature(mine)));
    assert.ok(await signedBy(mine, await ecSignature(mine)), 'a second init on the same key');

    await theirs.huks.generateKeyItem('ec', { properties: ecKey });
    assert.ok(await signedBy(theirs, await ecSignature(mine)), 'replaced by another connection');

    await mine.huks.deleteKeyItem('ec', { properties: [] });
    await mine.huks.generateKeyItem('ec', { properties: ecKey });
    assert.ok(await signedBy(theirs, await ecSignature(mine)), 'replaced in this process');
    assert.ok(await signedBy(mine, await ecSignature(theirs)));
  });
});
