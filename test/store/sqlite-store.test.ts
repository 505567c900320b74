import { join } from 'node:path';
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import Database from 'better-sqlite3';

import { HksErr, HuksFailure, toExternal } from '../../src/errors/failure.js';
import { openStorage, DATABASE_FILE } from '../../src/store/open.js';
import { migrate } from '../../src/store/schema.js';
import { SqliteKeyStore } from '../../src/store/sqlite-store.js';
import type { KeyStore, Namespace, StoredKey } from '../../src/store/types.js';
import { NS, alias, properties, tempHome } from './helpers.js';

function record(fill: number, size = 60): StoredKey {
  return { properties: properties(), sealed: new Uint8Array(size).fill(fill) };
}

function memoryStore(t: TestContext): { db: Database.Database; store: KeyStore } {
  const db = new Database(':memory:');
  migrate(db);
  const store = new SqliteKeyStore(db);
  t.after(() => store.close());
  return { db, store };
}

function failsWith(fn: () => unknown, internal: number, external: number, message?: string) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof HuksFailure, String(err));
    assert.equal(err.internal, internal);
    assert.equal(toExternal(internal).code, external);
    if (message !== undefined) assert.equal(toExternal(internal).message, message);
    return true;
  });
}

describe('SqliteKeyStore', () => {
  it('stores, reads, checks, lists and deletes a key', (t) => {
    const { store } = memoryStore(t);
    assert.equal(store.get(NS, alias('a')), undefined);
    assert.equal(store.exists(NS, alias('a')), false);

    store.put(NS, alias('a'), record(1), true);
    assert.deepEqual(store.get(NS, alias('a')), record(1));
    assert.equal(store.exists(NS, alias('a')), true);
    assert.deepEqual(store.list(NS), [alias('a')]);

    assert.equal(store.delete(NS, alias('a')), true);
    assert.equal(store.delete(NS, alias('a')), false);
    assert.equal(store.get(NS, alias('a')), undefined);
    assert.deepEqual(store.list(NS), []);
  });

  it('returns plain Uint8Arrays the caller may keep', (t) => {
    const { store } = memoryStore(t);
    store.put(NS, alias('a'), record(1), true);
    const got = store.get(NS, alias('a'))!;
    assert.equal(Object.getPrototypeOf(got.sealed), Uint8Array.prototype);
    assert.equal(Object.getPrototypeOf(store.list(NS)[0]), Uint8Array.prototype);
  });

  it('separates namespaces: app, user and level', (t) => {
    const { store } = memoryStore(t);
    const others: Namespace[] = [
      { ...NS, app: 'com.example.other' },
      { ...NS, userId: 101 },
      { ...NS, level: 0 },
      { ...NS, level: 2 },
    ];
    store.put(NS, alias('k'), record(1), true);
    for (const ns of others) {
      assert.equal(store.exists(ns, alias('k')), false);
      assert.deepEqual(store.list(ns), []);
      assert.equal(store.delete(ns, alias('k')), false);
    }
    others.forEach((ns, i) => store.put(ns, alias('k'), record(10 + i), false));
    assert.deepEqual(store.get(NS, alias('k')), record(1));
    others.forEach((ns, i) => assert.deepEqual(store.get(ns, alias('k')), record(10 + i)));
  });

  it('compares aliases byte for byte (case, normalisation, trailing bytes)', (t) => {
    const { store } = memoryStore(t);
    const names = ['key', 'Key', 'key\u0000', 'caf\u00e9', 'cafe\u0301'];
    names.forEach((n, i) => store.put(NS, alias(n), record(i), false));
    names.forEach((n, i) => assert.deepEqual(store.get(NS, alias(n)), record(i)));
  });

  it('lists aliases sorted by their bytes', (t) => {
    const { store } = memoryStore(t);
    const names = ['b', 'a', 'ab', 'B', '\u00ff', 'z', '0', 'a\u0000', ' '];
    for (const n of names) store.put(NS, alias(n), record(0), true);
    const expected = names.map(alias).sort((x, y) => Buffer.compare(x, y));
    assert.deepEqual(store.list(NS), expected);
  });

  it('overrides an existing alias when asked to', (t) => {
    const { store } = memoryStore(t);
    store.put(NS, alias('k'), record(1), true);
    store.put(NS, alias('k'), record(2, 70), true);
    assert.deepEqual(store.get(NS, alias('k')), record(2, 70));
    assert.equal(store.list(NS).length, 1);
  });

  it('refuses an existing alias with override false (12000017), changing nothing', (t) => {
    const { store } = memoryStore(t);
    store.put(NS, alias('k'), record(1), false);
    failsWith(
      () => store.put(NS, alias('k'), record(2), false),
      HksErr.KEY_ALREADY_EXIST,
      12000017,
      'The key with same name is already exist.',
    );
    assert.deepEqual(store.get(NS, alias('k')), record(1));
  });

  it('deletes every key of an app, all users and levels, and nothing else', (t) => {
    const { store } = memoryStore(t);
    const other = { ...NS, app: 'com.example.other' };
    store.put(NS, alias('a'), record(1), true);
    store.put({ ...NS, userId: 101 }, alias('a'), record(1), true);
    store.put({ ...NS, level: 0 }, alias('b'), record(1), true);
    store.put(other, alias('a'), record(1), true);
    assert.equal(store.deleteApp(NS.app), 3);
    assert.equal(store.deleteApp(NS.app), 0);
    assert.deepEqual(store.list(NS), []);
    assert.deepEqual(store.list(other), [alias('a')]);
  });

  it('refuses aliases outside 1..128 bytes', (t) => {
    const { store } = memoryStore(t);
    store.put(NS, new Uint8Array(128).fill(0x61), record(1), true);
    for (const bad of [new Uint8Array(0), new Uint8Array(129).fill(0x61)]) {
      failsWith(() => store.put(NS, bad, record(1), true), HksErr.INVALID_ARGUMENT, 401);
      failsWith(() => store.get(NS, bad), HksErr.INVALID_ARGUMENT, 401);
    }
  });

  it('refuses records over the 10,000-byte key file limit (storage.md §11)', (t) => {
    const { db, store } = memoryStore(t);
    const props = properties();
    const fits = 10_000 - 8 - props.length;
    store.put(NS, alias('max'), { properties: props, sealed: new Uint8Array(fits) }, true);
    assert.equal(store.get(NS, alias('max'))!.sealed.length, fits);
    const big: StoredKey = { properties: props, sealed: new Uint8Array(fits + 1) };
    failsWith(
      () => store.put(NS, alias('big'), big, true),
      HksErr.FILE_SIZE_FAIL,
      12000004,
      'Invalid file size.',
    );
    assert.equal(store.exists(NS, alias('big')), false);

    // A record grown on disk beyond the limit reads as an invalid key file.
    db.prepare('UPDATE keys SET sealed = zeroblob(10000)').run();
    failsWith(() => store.get(NS, alias('max')), HksErr.INVALID_KEY_FILE, 12000004);
  });

  it('refuses empty and unknown-format records on read', (t) => {
    const { db, store } = memoryStore(t);
    store.put(NS, alias('k'), record(1), true);
    db.prepare('UPDATE keys SET format = 2').run();
    failsWith(() => store.get(NS, alias('k')), HksErr.FAILURE, 12000012);
    db.prepare("UPDATE keys SET format = 1, sealed = x''").run();
    failsWith(() => store.get(NS, alias('k')), HksErr.FILE_SIZE_FAIL, 12000004);
  });

  it('maps a full database to "Insufficient storage space." and keeps the old key', (t) => {
    const { db, store } = memoryStore(t);
    store.put(NS, alias('old'), record(1), true);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const large: StoredKey = { properties: properties(), sealed: new Uint8Array(9000).fill(2) };
    failsWith(
      () => store.put(NS, alias('old'), large, true),
      HksErr.STORAGE_FAILURE,
      12000004,
      'Insufficient storage space.',
    );
    failsWith(() => store.put(NS, alias('new'), large, true), HksErr.STORAGE_FAILURE, 12000004);
    assert.deepEqual(store.get(NS, alias('old')), record(1));
    assert.deepEqual(store.list(NS), [alias('old')]);
  });

  it('maps a read-only database to "Failed to write the file." and keeps every key', (t) => {
    const home = tempHome(t);
    const storage = openStorage(home);
    storage.store.put(NS, alias('k'), record(1), true);
    storage.close();

    const db = new Database(join(home, DATABASE_FILE), { readonly: true });
    const store = new SqliteKeyStore(db);
    t.after(() => store.close());
    const write = 'Failed to write the file.';
    const put = (name: string) => store.put(NS, alias(name), record(2), true);
    failsWith(() => put('k'), HksErr.WRITE_FILE_FAIL, 12000004, write);
    failsWith(() => put('n'), HksErr.WRITE_FILE_FAIL, 12000004);
    failsWith(() => store.delete(NS, alias('k')), HksErr.REMOVE_FILE_FAIL, 12000004);
    failsWith(() => store.deleteApp(NS.app), HksErr.REMOVE_FILE_FAIL, 12000004);
    assert.deepEqual(store.get(NS, alias('k')), record(1));
  });

  it('finds a key by index, not by scanning the table', (t) => {
    const { db } = memoryStore(t);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT properties, sealed, format FROM keys ' +
          'WHERE app = ? AND user_id = ? AND level = ? AND alias = ?',
      )
      .all('a', 1, 1, Buffer.from('x')) as { detail: string }[];
    assert.match(plan.map((r) => r.detail).join('\n'), /SEARCH keys USING INDEX keys_by_alias/);
  });
});
