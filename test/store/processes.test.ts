import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import Database from 'better-sqlite3';

import { DATABASE_FILE } from '../../src/store/open.js';
import { INFO_DIR, ROOT_FILES } from '../../src/store/root-key.js';
import { tempHome } from './helpers.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'store-child.js');
const APP = 'com.example.app';
const run = promisify(execFile);

/** The unprivileged account a root test run switches to when setpriv is not installed. */
const NOBODY = 65534;

/** How the child is started: through a command prefix, and/or as another user. */
interface Options {
  readonly prefix?: readonly string[];
  readonly uid?: number;
}

async function child(home: string, args: string[], options: Options = {}): Promise<unknown> {
  const env = { ...process.env };
  delete env['NODE_TEST_CONTEXT'];
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  const [command = process.execPath, ...before] = [...(options.prefix ?? []), process.execPath];
  const { stdout } = await run(command, [...before, CHILD, home, ...args], { env, ...ids });
  return JSON.parse(stdout.trim());
}

/**
 * A child for which file modes really apply. Root ignores them (CAP_DAC_OVERRIDE), so as root
 * the child runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv drops them from the
 * bounding and inheritable sets, so exec cannot regain them): still uid 0 and owner of the
 * files, but a 0400 file or 0500 directory now refuses its writes. Without setpriv, the data
 * directory is handed to `nobody` and the child runs as nobody. Other users need nothing.
 */
function unprivileged(): Options & { chownTo?: number } {
  if (process.getuid?.() !== 0) return {};
  if (spawnSync('setpriv', ['--version']).status === 0) {
    const caps = '-dac_override,-dac_read_search';
    return { prefix: ['setpriv', `--bounding-set=${caps}`, `--inh-caps=${caps}`, '--'] };
  }
  return { uid: NOBODY, chownTo: NOBODY };
}

function expectedKeys(prefix: string, count: number): Record<string, string> {
  const keys: Record<string, string> = {};
  for (let i = 0; i < count; i++) keys[`${prefix}${i}`] = `material of ${prefix}${i}`;
  return keys;
}

/** Every entry under `path` (and `path` itself): walk for chown/chmod. */
function walk(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return [path, ...readdirSync(path).flatMap((name) => walk(join(path, name)))];
}

describe('several processes on one data directory', () => {
  it('keeps keys across a process restart', async (t) => {
    const home = tempHome(t);
    assert.deepEqual(await child(home, ['put', APP, 'k', '5']), { ok: 5 });
    const rootKey = readFileSync(join(home, INFO_DIR, ROOT_FILES[0]));
    assert.deepEqual(await child(home, ['dump', APP]), { ok: expectedKeys('k', 5) });
    assert.deepEqual(readFileSync(join(home, INFO_DIR, ROOT_FILES[0])), rootKey);
  });

  it('lets two processes write at the same time, from a fresh directory', async (t) => {
    const home = tempHome(t);
    const results = await Promise.all([
      child(home, ['put', APP, 'a', '150', '2']),
      child(home, ['put', APP, 'b', '150', '2']),
    ]);
    assert.deepEqual(results, [{ ok: 150 }, { ok: 150 }]);
    const all = { ...expectedKeys('a', 150), ...expectedKeys('b', 150) };
    assert.deepEqual(await child(home, ['dump', APP]), { ok: all });

    // The writes really interleaved: each process stored keys while the other was storing.
    const db = new Database(join(home, DATABASE_FILE), { readonly: true });
    const span = db.prepare(
      'SELECT min(created_at) AS first, max(created_at) AS last FROM keys ' +
        'WHERE substr(alias, 1, 1) = ?',
    );
    const a = span.get(Buffer.from('a')) as { first: number; last: number };
    const b = span.get(Buffer.from('b')) as { first: number; last: number };
    db.close();
    assert.ok(a.first < b.last && b.first < a.last, `no overlap: ${JSON.stringify([a, b])}`);
  });
});

/** Read-only storage, made with chmod and enforced by the kernel (see unprivileged()). */
describe('a read-only data directory', () => {
  const options = unprivileged();

  async function prepare(t: Parameters<typeof tempHome>[0]): Promise<string> {
    const home = tempHome(t);
    assert.deepEqual(await child(home, ['put', APP, 'k', '3']), { ok: 3 });
    const owner = options.chownTo;
    if (owner !== undefined) for (const p of walk(dirname(home))) chownSync(p, owner, owner);
    return home;
  }

  function readOnly(paths: string[]): void {
    for (const p of paths) chmodSync(p, statSync(p).isDirectory() ? 0o500 : 0o400);
  }

  const writeFailed = {
    internal: -22,
    code: 12000004,
    message: 'Failed to write the file.',
  };

  it('fails with 12000004 and loses nothing', async (t) => {
    const home = await prepare(t);
    readOnly(walk(home));
    assert.deepEqual(await child(home, ['put', APP, 'new', '1'], options), writeFailed);
    assert.deepEqual(await child(home, ['put', APP, 'k', '1'], options), writeFailed);

    for (const p of walk(home)) chmodSync(p, statSync(p).isDirectory() ? 0o700 : 0o600);
    assert.deepEqual(await child(home, ['dump', APP], options), { ok: expectedKeys('k', 3) });
  });

  it('with read-only database files still reads, and refuses writes with 12000004', async (t) => {
    const home = await prepare(t);
    readOnly(walk(home).filter((p) => p !== home));
    assert.deepEqual(await child(home, ['dump', APP], options), { ok: expectedKeys('k', 3) });
    assert.deepEqual(await child(home, ['put', APP, 'k', '2'], options), writeFailed);
    assert.deepEqual(await child(home, ['dump', APP], options), { ok: expectedKeys('k', 3) });
  });
});
