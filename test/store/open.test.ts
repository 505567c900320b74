import { randomBytes } from 'node:crypto';
import {
  cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';

import { HksErr, HuksFailure, toExternal } from '../../src/errors/failure.js';
import { DATABASE_FILE, defaultHome, openStorage, type Storage } from '../../src/store/open.js';
import { INFO_DIR, MAIN_FILES, ROOT_FILES } from '../../src/store/root-key.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import type { Namespace } from '../../src/store/types.js';
import { NS, alias, properties, tempHome } from './helpers.js';

const RKC_FILES = [...ROOT_FILES, ...MAIN_FILES];

function putKey(s: Storage, name: string, material: Uint8Array, ns: Namespace = NS): void {
  const a = alias(name);
  const props = properties();
  s.store.put(ns, a, { properties: props, sealed: s.sealer.seal(ns, a, props, material) }, true);
}

function readKey(s: Storage, name: string, ns: Namespace = NS): Uint8Array {
  const a = alias(name);
  const key = s.store.get(ns, a);
  assert.ok(key, `key ${name} missing`);
  return s.sealer.unseal(ns, a, key.properties, key.sealed);
}

function failsWith(fn: () => unknown, internal: number, message?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof HuksFailure, String(err));
    assert.equal(err.internal, internal, err.message);
    assert.equal(toExternal(internal).code, internal === HksErr.FAILURE ? 12000012 : 12000004);
    if (message !== undefined) assert.equal(toExternal(internal).message, message);
    return true;
  });
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function withKey(home: string, material: Uint8Array): void {
  const s = openStorage(home);
  putKey(s, 'k', material);
  s.close();
}

describe('openStorage', () => {
  it('creates the data directory 0700, root key files 0600 and an owner-only database', (t) => {
    const home = join(tempHome(t), 'nested', 'deeper');
    const s = openStorage(home);
    putKey(s, 'k', randomBytes(16));
    assert.equal(mode(home), 0o700);
    assert.equal(mode(join(home, INFO_DIR)), 0o700);
    for (const f of RKC_FILES) assert.equal(mode(join(home, INFO_DIR, f)), 0o600, f);
    for (const f of readdirSync(home).filter((f) => f.startsWith(DATABASE_FILE))) {
      assert.equal(mode(join(home, f)), 0o600, f);
    }
    s.close();
    assert.deepEqual(readdirSync(join(home, INFO_DIR)).sort(), [...RKC_FILES].sort());
  });

  it('writes RKC version 2 files: flag, version, hash (storage.md §4.4)', (t) => {
    const home = tempHome(t);
    openStorage(home).close();
    const root = readFileSync(join(home, INFO_DIR, ROOT_FILES[0]));
    const main = readFileSync(join(home, INFO_DIR, MAIN_FILES[0]));
    assert.equal(root.length, 8 + 2 + 126 + 32);
    assert.equal(main.length, 8 + 2 + 90 + 32);
    for (const file of [root, main]) {
      assert.equal(file.subarray(0, 8).toString('hex'), '5f64978d194f89cf');
      assert.equal(file.readUInt16LE(8), 2);
    }
    assert.deepEqual(readFileSync(join(home, INFO_DIR, ROOT_FILES[1])), root);
    assert.deepEqual(readFileSync(join(home, INFO_DIR, MAIN_FILES[1])), main);
  });

  it('uses WAL journaling', (t) => {
    const home = tempHome(t);
    openStorage(home).close();
    const db = new Database(join(home, DATABASE_FILE), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('keeps keys and the root key across reopening', (t) => {
    const home = tempHome(t);
    const material = new Uint8Array(randomBytes(32));
    withKey(home, material);
    const s = openStorage(home);
    assert.deepEqual(readKey(s, 'k'), material);
    s.close();
  });

  it('generates a different root key per data directory', (t) => {
    const a = openStorage(tempHome(t));
    const b = openStorage(tempHome(t));
    const props = properties();
    const sealed = a.sealer.seal(NS, alias('k'), props, randomBytes(16));
    failsWith(() => b.sealer.unseal(NS, alias('k'), props, sealed), HksErr.FAILURE);
    a.close();
    b.close();
  });

  it('fails with "Failed to create the directory." when the directory cannot exist', (t) => {
    const home = tempHome(t);
    mkdirSync(dirname(home), { recursive: true });
    writeFileSync(home, 'a regular file');
    const message = 'Failed to create the directory.';
    failsWith(() => openStorage(home), HksErr.MAKE_DIR_FAIL, message);
    failsWith(() => openStorage(join(home, 'below-a-file')), HksErr.MAKE_DIR_FAIL, message);
  });

  it('refuses to start when the root key is missing but keys exist', (t) => {
    const home = tempHome(t);
    withKey(home, randomBytes(16));
    rmSync(join(home, INFO_DIR), { recursive: true });
    failsWith(() => openStorage(home), HksErr.OPEN_FILE_FAIL, 'Failed to open the file.');
    assert.equal(existsSync(join(home, INFO_DIR)), false, 'no new root key may appear');
  });

  it('creates a new root key when the files are missing and no key exists', (t) => {
    const home = tempHome(t);
    openStorage(home).close();
    rmSync(join(home, INFO_DIR), { recursive: true });
    const s = openStorage(home);
    putKey(s, 'k', new Uint8Array([1, 2, 3]));
    assert.deepEqual(readKey(s, 'k'), new Uint8Array([1, 2, 3]));
    s.close();
  });

  it('opens with one damaged copy of each part and rewrites it from the other', (t) => {
    const home = tempHome(t);
    const material = new Uint8Array(randomBytes(32));
    withKey(home, material);
    const info = join(home, INFO_DIR);
    const damaged = readFileSync(join(info, ROOT_FILES[0]));
    damaged[50]! ^= 0xff;
    writeFileSync(join(info, ROOT_FILES[0]), damaged);
    rmSync(join(info, MAIN_FILES[1]));

    let s = openStorage(home);
    assert.deepEqual(readKey(s, 'k'), material);
    s.close();
    assert.equal(mode(join(info, MAIN_FILES[1])), 0o600);

    // The repaired copies alone must be enough now.
    writeFileSync(join(info, ROOT_FILES[1]), 'garbage');
    writeFileSync(join(info, MAIN_FILES[0]), Buffer.alloc(0));
    s = openStorage(home);
    assert.deepEqual(readKey(s, 'k'), material);
    s.close();
  });

  it('refuses to start when no valid copy of the root key remains', (t) => {
    const home = tempHome(t);
    withKey(home, randomBytes(16));
    const info = join(home, INFO_DIR);
    const before = ROOT_FILES.map((f) => {
      const bytes = readFileSync(join(info, f));
      bytes[bytes.length - 1]! ^= 1; // the hash no longer matches
      writeFileSync(join(info, f), bytes);
      return bytes;
    });
    const invalid = 'Failed to read the key from an invalid key file.';
    failsWith(() => openStorage(home), HksErr.INVALID_KEY_FILE, invalid);
    ROOT_FILES.forEach((f, i) => assert.deepEqual(readFileSync(join(info, f)), before[i]));
  });

  it('refuses corrupt root key files even when no key exists yet', (t) => {
    const home = tempHome(t);
    openStorage(home).close();
    for (const f of MAIN_FILES) writeFileSync(join(home, INFO_DIR, f), 'x');
    failsWith(() => openStorage(home), HksErr.INVALID_KEY_FILE);
  });

  it('refuses root and main key files that do not belong together', (t) => {
    const a = tempHome(t);
    const b = tempHome(t);
    withKey(a, randomBytes(16));
    openStorage(b).close();
    for (const f of MAIN_FILES) {
      writeFileSync(join(a, INFO_DIR, f), readFileSync(join(b, INFO_DIR, f)));
    }
    failsWith(() => openStorage(a), HksErr.INVALID_KEY_FILE);
  });

  it('refuses a database restored next to the root key of another installation', (t) => {
    const a = tempHome(t);
    const b = tempHome(t);
    withKey(a, randomBytes(16));
    openStorage(b).close();
    rmSync(join(a, INFO_DIR), { recursive: true });
    cpSync(join(b, INFO_DIR), join(a, INFO_DIR), { recursive: true });
    const before = readFileSync(join(a, DATABASE_FILE));
    failsWith(() => openStorage(a), HksErr.INVALID_KEY_FILE);
    assert.deepEqual(readFileSync(join(a, DATABASE_FILE)), before);
  });

  it('refuses a database file that is not a database', (t) => {
    const home = tempHome(t);
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, DATABASE_FILE), randomBytes(4096));
    failsWith(() => openStorage(home), HksErr.INVALID_KEY_FILE);
  });

  it('migrates a database of schema 1 (before the root key check) and keeps its keys', (t) => {
    const home = tempHome(t);
    const material = new Uint8Array(randomBytes(32));
    withKey(home, material);
    let db = new Database(join(home, DATABASE_FILE));
    db.exec('DROP TABLE meta; PRAGMA user_version = 1;');
    db.close();

    const s = openStorage(home);
    assert.deepEqual(readKey(s, 'k'), material);
    s.close();
    db = new Database(join(home, DATABASE_FILE), { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(db.prepare('SELECT count(*) FROM meta').pluck().get(), 1);
    db.close();
  });

  it('refuses a database written by a newer schema', (t) => {
    const home = tempHome(t);
    openStorage(home).close();
    const db = new Database(join(home, DATABASE_FILE));
    db.pragma('user_version = 99');
    db.close();
    failsWith(() => openStorage(home), HksErr.INVALID_KEY_FILE);
  });
});

describe('a record altered on disk', () => {
  const material = new Uint8Array(randomBytes(32));

  function alter(t: Parameters<typeof tempHome>[0], sql: string): Storage {
    const home = tempHome(t);
    const s = openStorage(home);
    putKey(s, 'k', material);
    putKey(s, 'other', material);
    assert.deepEqual(readKey(s, 'k'), material);
    // A second connection, as another program editing the file would be.
    const db = new Database(join(home, DATABASE_FILE));
    assert.equal(db.prepare(sql).run().changes, 1);
    db.close();
    t.after(() => s.close());
    return s;
  }

  it('is refused when a property byte changed', (t) => {
    const sql = "UPDATE keys SET properties = properties || x'00' WHERE alias = CAST('k' AS BLOB)";
    const s = alter(t, sql);
    failsWith(() => readKey(s, 'k'), HksErr.FAILURE);
    assert.deepEqual(readKey(s, 'other'), material);
  });

  it('is refused when the sealed material changed', (t) => {
    const sql =
      "UPDATE keys SET sealed = substr(sealed, 1, 60) || x'ff' || substr(sealed, 62) " +
      "WHERE alias = CAST('k' AS BLOB)";
    const s = alter(t, sql);
    failsWith(() => readKey(s, 'k'), HksErr.FAILURE);
  });

  it('is refused when renamed to another alias', (t) => {
    const sql = "UPDATE keys SET alias = CAST('moved' AS BLOB) WHERE alias = CAST('k' AS BLOB)";
    const s = alter(t, sql);
    failsWith(() => readKey(s, 'moved'), HksErr.FAILURE);
  });

  it('is refused when moved to another app, user or level', (t) => {
    const moves: [string, Namespace][] = [
      ["app = 'com.example.thief'", { ...NS, app: 'com.example.thief' }],
      ['user_id = 101', { ...NS, userId: 101 }],
      ['level = 0', { ...NS, level: 0 }],
    ];
    for (const [set, ns] of moves) {
      const s = alter(t, `UPDATE keys SET ${set} WHERE alias = CAST('k' AS BLOB)`);
      failsWith(() => readKey(s, 'k', ns), HksErr.FAILURE);
    }
  });

  it('is refused when another record’s sealed material is copied over it', (t) => {
    const sql =
      "UPDATE keys SET sealed = (SELECT sealed FROM keys WHERE alias = CAST('other' AS BLOB)) " +
      "WHERE alias = CAST('k' AS BLOB)";
    const s = alter(t, sql);
    failsWith(() => readKey(s, 'k'), HksErr.FAILURE);
  });
});

describe('defaultHome', () => {
  it('prefers HUKS_HOME, then an absolute XDG_DATA_HOME, then ~/.local/share', () => {
    assert.equal(defaultHome({ HUKS_HOME: '/srv/huks', XDG_DATA_HOME: '/x' }), '/srv/huks');
    assert.equal(defaultHome({ XDG_DATA_HOME: '/x/data' }), '/x/data/openhuks');
    const fallback = join(homedir(), '.local', 'share', 'openhuks');
    assert.equal(defaultHome({ XDG_DATA_HOME: 'relative/data' }), fallback);
    assert.equal(defaultHome({ HUKS_HOME: '' }), fallback);
    assert.equal(defaultHome({}), fallback);
  });
});
