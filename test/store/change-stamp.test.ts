// SqliteKeyStore.changeStamp (the WAL-index header, wal-index.ts): every commit, by this
// connection, another connection or another process, and every log restart changes it; with
// no commit it stays put; without a -shm file it falls back to data_version.
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';

import Database from 'better-sqlite3';

import { ParamSet } from '../../src/params/param-set.js';
import { KeyCache } from '../../src/service/key-cache.js';
import { KeyVault } from '../../src/service/key-vault.js';
import type { Caller } from '../../src/service/types.js';
import { openDatabase } from '../../src/store/database.js';
import { DATABASE_FILE, openStorage, type Storage } from '../../src/store/open.js';
import { SqliteKeyStore } from '../../src/store/sqlite-store.js';
import type { StoredKey } from '../../src/store/types.js';
import { NS, alias, properties, tempHome } from './helpers.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'store-child.js');
const run = promisify(execFile);

function record(fill: number): StoredKey {
  return { properties: properties(), sealed: new Uint8Array(60).fill(fill) };
}

function opened(t: TestContext, home: string): Storage {
  const storage = openStorage(home);
  t.after(() => storage.close());
  return storage;
}

/** A second, plain SQLite connection to the same database file. */
function otherConnection(t: TestContext, path: string): Database.Database {
  const db = new Database(path);
  t.after(() => db.close());
  return db;
}

function stampOf(storage: Storage): string {
  return storage.store.changeStamp!();
}

describe('changeStamp over the WAL-index header', () => {
  it('stays equal while nothing is committed, reads included', (t) => {
    const storage = opened(t, tempHome(t));
    storage.store.put(NS, alias('k'), record(1), true);
    const before = stampOf(storage);
    storage.store.get(NS, alias('k'));
    storage.store.exists(NS, alias('k'));
    storage.store.list(NS);
    assert.equal(stampOf(storage), before);
    assert.equal(before.length, 48);
  });

  it('changes with a commit of another connection in this process', (t) => {
    const home = tempHome(t);
    const storage = opened(t, home);
    const before = stampOf(storage);
    const db = otherConnection(t, join(home, DATABASE_FILE));
    db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)').run('x', Buffer.from('y'));
    assert.notEqual(stampOf(storage), before);
  });

  it('changes with a commit of another process', async (t) => {
    const home = tempHome(t);
    const storage = opened(t, home);
    const before = stampOf(storage);
    const env = { ...process.env };
    delete env['NODE_TEST_CONTEXT'];
    const { stdout } = await run(process.execPath, [CHILD, home, 'put', NS.app, 'c', '1'], { env });
    assert.deepEqual(JSON.parse(stdout), { ok: 1 });
    assert.notEqual(stampOf(storage), before);
  });

  it('changes when another connection checkpoints and truncates the log', (t) => {
    const home = tempHome(t);
    const storage = opened(t, home);
    storage.store.put(NS, alias('k'), record(1), true);
    const before = stampOf(storage);
    const db = otherConnection(t, join(home, DATABASE_FILE));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const afterCheckpoint = stampOf(storage);
    assert.notEqual(afterCheckpoint, before);

    // A commit into the fresh log is a new header again, not one seen before.
    db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)').run('x', Buffer.from('y'));
    const afterCommit = stampOf(storage);
    assert.notEqual(afterCommit, afterCheckpoint);
    assert.notEqual(afterCommit, before);
  });

  it('changes with this store\'s own put, delete and deleteApp', (t) => {
    const storage = opened(t, tempHome(t));
    const seen = new Set([stampOf(storage)]);
    const steps = [
      () => storage.store.put(NS, alias('a'), record(1), true),
      () => storage.store.put(NS, alias('a'), record(2), true),
      () => storage.store.delete(NS, alias('a')),
      () => storage.store.put(NS, alias('b'), record(3), true),
      () => storage.store.deleteApp(NS.app),
    ];
    for (const step of steps) {
      step();
      const stamp = stampOf(storage);
      assert.ok(!seen.has(stamp), 'a commit gives a header not seen before');
      seen.add(stamp);
    }
  });

  it('reads the -shm file SQLite uses when keys.db is a symbolic link', (t) => {
    const home = tempHome(t);
    const elsewhere = join(dirname(home), 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(home);
    writeFileSync(join(elsewhere, 'real.db'), '', { mode: 0o600 });
    symlinkSync(join(elsewhere, 'real.db'), join(home, DATABASE_FILE));
    const storage = opened(t, home);
    const before = stampOf(storage);
    assert.equal(before.length, 48, 'the header, not the data_version fallback');

    const db = otherConnection(t, join(elsewhere, 'real.db'));
    db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)').run('x', Buffer.from('y'));
    assert.notEqual(stampOf(storage), before);
  });
});

describe('changeStamp without a -shm file (data_version)', () => {
  function rollbackJournalStore(t: TestContext, path: string): SqliteKeyStore {
    const db = openDatabase(path);
    db.pragma('journal_mode = DELETE');
    const store = new SqliteKeyStore(db);
    t.after(() => store.close());
    return store;
  }

  it('changes with another connection\'s commit and this store\'s deleteApp', (t) => {
    const home = tempHome(t);
    mkdirSync(home);
    const path = join(home, DATABASE_FILE);
    const store = rollbackJournalStore(t, path);
    const first = store.changeStamp();
    assert.ok(first.length < 48);
    assert.equal(store.changeStamp(), first);

    const db = otherConnection(t, path);
    db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)').run('x', Buffer.from('y'));
    const second = store.changeStamp();
    assert.notEqual(second, first);

    store.deleteApp('com.example.none');
    assert.notEqual(store.changeStamp(), second);
  });

  it('fails with 12000004 once the store is closed, as before', (t) => {
    const storage = openStorage(tempHome(t));
    storage.close();
    assert.throws(() => storage.store.changeStamp!(), { internal: -16 });
  });
});

describe('the key cache over two connections to one store', () => {
  const caller: Caller = { app: NS.app, userId: NS.userId, uid: 20010001, isSystem: false };
  const request = new ParamSet([]);

  function vault(t: TestContext, home: string): KeyVault {
    const storage = opened(t, home);
    return new KeyVault(storage.store, storage.sealer, new KeyCache());
  }

  function save(target: KeyVault, fill: number): void {
    const key = { properties: new ParamSet([]), material: new Uint8Array(32).fill(fill) };
    target.save(caller, NS, alias('k'), key, request, true);
  }

  it('uses its own new key, and then the one another connection wrote over it', (t) => {
    const home = tempHome(t);
    const mine = vault(t, home);
    save(mine, 1);
    assert.deepEqual(mine.load(caller, NS, alias('k')).material, new Uint8Array(32).fill(1));
    assert.deepEqual(mine.load(caller, NS, alias('k')).material, new Uint8Array(32).fill(1));

    const theirs = vault(t, home);
    save(theirs, 2);
    assert.deepEqual(mine.load(caller, NS, alias('k')).material, new Uint8Array(32).fill(2));

    theirs.delete(NS, alias('k'));
    assert.throws(() => mine.load(caller, NS, alias('k')), { internal: -13 });
  });
});
