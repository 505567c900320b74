// Keys through the public API over the real core and store: overwrite rules, namespaces,
// persistence across processes, and the default instance's environment.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';

import { HuksTag } from '../../src/common/enums.js';
import { createHuks } from '../../src/index.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import { aesKeyParams, cbcParams, expectedCbc } from './fixtures/aes-fixture.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'huks-child.js');
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BLOCK = new Uint8Array(16).fill(3);
const NO_OVERRIDE = { tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false };
const level = (value: number) => ({ tag: HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL, value });

function newKey(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

async function rejectsWithCode(promise: Promise<unknown>, code: number, message?: string) {
  await assert.rejects(promise, (err: { code?: unknown; message?: unknown }) => {
    assert.equal(err.code, code, String(err.message));
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

async function encrypt(t: TempHuks, alias: string, extra = cbcParams()) {
  const { handle } = await t.huks.initSession(alias, { properties: extra });
  const out = await t.huks.finishSession(handle, { properties: extra, inData: BLOCK });
  return out?.outData;
}

/** Runs the child fixture; resolves with its one JSON line. */
async function child(command: string, args: object, env: NodeJS.ProcessEnv = {}) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CHILD, command, JSON.stringify(args)],
    { cwd: REPO, env: { ...process.env, HUKS_SOCKET: '', ...env } },
  );
  return JSON.parse(stdout) as { result?: unknown; code?: number; message?: string };
}

describe('overwrite and KEY_OVERRIDE', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  it('a failing generate over an existing alias keeps the old key', async () => {
    const key = newKey();
    await t.huks.importKeyItem('k', { properties: aesKeyParams(), inData: key });
    const badSize = aesKeyParams().map((p) =>
      p.tag === HuksTag.HUKS_TAG_KEY_SIZE ? { ...p, value: 100 } : p,
    );
    await rejectsWithCode(t.huks.generateKeyItem('k', { properties: badSize }), 12000003);
    assert.deepEqual(await encrypt(t, 'k'), expectedCbc(key, BLOCK));

    await t.huks.generateKeyItem('k', { properties: aesKeyParams() });
    assert.notDeepEqual(await encrypt(t, 'k'), expectedCbc(key, BLOCK));
  });

  it('KEY_OVERRIDE false on an existing alias is 12000017 and changes nothing', async () => {
    const key = newKey();
    await t.huks.importKeyItem('once', { properties: aesKeyParams([NO_OVERRIDE]), inData: key });
    await rejectsWithCode(
      t.huks.generateKeyItem('once', { properties: aesKeyParams([NO_OVERRIDE]) }),
      12000017,
      'The key with same name is already exist.',
    );
    await rejectsWithCode(
      t.huks.importKeyItem('once', { properties: aesKeyParams([NO_OVERRIDE]), inData: newKey() }),
      12000017,
    );
    assert.deepEqual(await encrypt(t, 'once'), expectedCbc(key, BLOCK));
    const props = await t.huks.getKeyItemProperties('once', { properties: [] });
    assert.equal(props?.properties?.some((p) => p.tag === HuksTag.HUKS_TAG_KEY_OVERRIDE), false);
  });
});

describe('namespaces', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  it('DE, CE and ECE keep separate keys under one alias', async () => {
    const keys = [newKey(), newKey(), newKey()];
    for (const l of [0, 1, 2]) {
      await t.huks.importKeyItem('lvl', { properties: aesKeyParams([level(l)]), inData: keys[l]! });
    }
    for (const l of [0, 1, 2]) {
      const out = await encrypt(t, 'lvl', cbcParams([level(l)]));
      assert.deepEqual(out, expectedCbc(keys[l]!, BLOCK));
    }
    // CE is the default level.
    assert.deepEqual(await encrypt(t, 'lvl'), expectedCbc(keys[1]!, BLOCK));
    await t.huks.deleteKeyItem('lvl', { properties: [level(0)] });
    assert.equal(await t.huks.hasKeyItem('lvl', { properties: [level(0)] }), false);
    assert.equal(await t.huks.hasKeyItem('lvl', { properties: [level(2)] }), true);
    await rejectsWithCode(t.huks.hasKeyItem('lvl', { properties: [level(3)] }), 401);
  });

  it('two app identities on one home do not see each other\'s keys', async () => {
    const other = tempHuks({ home: t.home, app: 'com.example.other' });
    try {
      const mine = newKey();
      await t.huks.importKeyItem('shared-name', { properties: aesKeyParams(), inData: mine });
      assert.equal(await other.huks.hasKeyItem('shared-name', { properties: [] }), false);
      await rejectsWithCode(other.huks.isKeyItemExist('shared-name', { properties: [] }), 12000011);
      await rejectsWithCode(other.huks.deleteKeyItem('shared-name', { properties: [] }), 12000011);
      assert.deepEqual(await other.huks.listAliases({ properties: [] }), { keyAliases: [] });

      const theirs = newKey();
      await other.huks.importKeyItem('shared-name', { properties: aesKeyParams(), inData: theirs });
      assert.deepEqual(await encrypt(t, 'shared-name'), expectedCbc(mine, BLOCK));
      assert.deepEqual(await encrypt(other, 'shared-name'), expectedCbc(theirs, BLOCK));
    } finally {
      await other.cleanup();
    }
  });
});

describe('records changed behind the keystore', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  /** Edits the store's database directly, as an attacker or a broken disk would. */
  async function tamper(edit: (db: Database.Database) => void) {
    await t.huks.close();
    const db = new Database(join(t.home, 'keys.db'));
    try {
      edit(db);
    } finally {
      db.close();
    }
  }

  it('a tampered record reads as 12000012 at every use', async () => {
    await t.huks.generateKeyItem('t', { properties: aesKeyParams() });
    await tamper((db) => {
      const row = db.prepare('SELECT id, sealed FROM keys WHERE alias = ?').get(Buffer.from('t'));
      const { id, sealed } = row as { id: number; sealed: Buffer };
      sealed[sealed.length - 1]! ^= 0x01;
      db.prepare('UPDATE keys SET sealed = ? WHERE id = ?').run(sealed, id);
    });
    await rejectsWithCode(t.huks.getKeyItemProperties('t', { properties: [] }), 12000012);
    await rejectsWithCode(t.huks.initSession('t', { properties: cbcParams() }), 12000012);
    // Only presence counts for the existence check (storage.md §9).
    assert.equal(await t.huks.hasKeyItem('t', { properties: [] }), true);
  });

  it('a record moved to another app does not open there', async () => {
    await t.huks.generateKeyItem('m', { properties: aesKeyParams() });
    await tamper((db) => {
      db.prepare("UPDATE keys SET app = 'com.example.thief' WHERE alias = ?").run(Buffer.from('m'));
    });
    const thief = tempHuks({ home: t.home, app: 'com.example.thief' });
    try {
      assert.equal(await thief.huks.hasKeyItem('m', { properties: [] }), true);
      await rejectsWithCode(thief.huks.initSession('m', { properties: cbcParams() }), 12000012);
    } finally {
      await thief.cleanup();
    }
  });
});

describe('processes', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'openhuks-proc-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('a key written by one process is used by the next (restart)', async () => {
    const key = newKey();
    const app = 'com.example.proc';
    const hex = Buffer.from(key).toString('hex');
    const written = await child('import', { home, app, alias: 'p', keyHex: hex });
    assert.deepEqual(written, { result: 'ok' });
    const plainHex = Buffer.from(BLOCK).toString('hex');
    const read = await child('encrypt', { home, app, alias: 'p', plainHex });
    assert.equal(read.result, Buffer.from(expectedCbc(key, BLOCK)).toString('hex'));

    const here = tempHuks({ home, app });
    try {
      assert.deepEqual(await encrypt(here, 'p'), expectedCbc(key, BLOCK));
    } finally {
      await here.cleanup();
    }
  });

  it('two processes write to the same home at the same time', async () => {
    const app = 'com.example.proc2';
    const results = await Promise.all([
      child('storm', { home, app, prefix: 'a', count: 12 }),
      child('storm', { home, app, prefix: 'b', count: 12 }),
    ]);
    assert.deepEqual(results, [{ result: 'ok' }, { result: 'ok' }]);
    const here = tempHuks({ home, app });
    try {
      const { keyAliases } = await here.huks.listAliases({ properties: [] });
      assert.equal(keyAliases.length, 24);
      assert.deepEqual(keyAliases, [...keyAliases].sort());
    } finally {
      await here.cleanup();
    }
  });
});

describe('the default instance and createHuks options', () => {
  it('`import huks from "openhuks"` uses HUKS_HOME and HUKS_APP, lazily', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'openhuks-env-')), 'data');
    try {
      const key = newKey();
      const env = { HUKS_HOME: home, HUKS_APP: 'com.example.env' };
      const args = { alias: 'e', keyHex: Buffer.from(key).toString('hex') };
      assert.deepEqual(await child('default-import', args, env), { result: 'ok' });
      const t = tempHuks({ home, app: 'com.example.env' });
      try {
        assert.deepEqual(await encrypt(t, 'e'), expectedCbc(key, BLOCK));
      } finally {
        await t.cleanup();
      }
    } finally {
      rmSync(dirname(home), { recursive: true, force: true });
    }
  });

  it('importing and creating an instance touch no directory', () => {
    const home = join(tmpdir(), `openhuks-none-${process.pid}-${Date.now()}`);
    createHuks({ home });
    assert.equal(existsSync(home), false);
  });

  it('HUKS_SOCKET makes every default-instance call fail with 12000005', async () => {
    const home = join(tmpdir(), `openhuks-sock-${process.pid}-${Date.now()}`);
    const env = { HUKS_SOCKET: '/tmp/huks.sock', HUKS_HOME: home };
    const args = { alias: 'e', plainHex: '00' };
    assert.deepEqual(await child('default-encrypt', args, env), {
      code: 12000005,
      message: 'IPC initialization failed.',
    });
    assert.equal(existsSync(home), false);
  });

  it('refuses invalid options and HUKS_SESSION_POLICY explicitly', () => {
    assert.throws(() => createHuks({ sessionPolicy: 'lru' as 'api9' }), RangeError);
    assert.throws(() => createHuks({ userId: -1 }), RangeError);
    assert.throws(() => createHuks({ uid: 1.5 }), RangeError);
    assert.throws(() => createHuks({ app: '' }), TypeError);
    const saved = process.env['HUKS_SESSION_POLICY'];
    process.env['HUKS_SESSION_POLICY'] = 'none';
    try {
      assert.throws(() => createHuks({ home: tmpdir() }), /HUKS_SESSION_POLICY/);
      assert.doesNotThrow(() => createHuks({ home: tmpdir(), sessionPolicy: 'current' }));
    } finally {
      if (saved === undefined) delete process.env['HUKS_SESSION_POLICY'];
      else process.env['HUKS_SESSION_POLICY'] = saved;
    }
  });
});
