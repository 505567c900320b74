import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { isHuksFailure, toExternal } from '../../src/errors/failure.js';
import { openStorage } from '../../src/store/open.js';
import type { Namespace } from '../../src/store/types.js';

/**
 * A second process on a data directory, spawned by processes.test.ts:
 *   node store-child.js <home> put <app> <prefix> <count> [parties]
 *       stores <prefix>0..n-1, one per put; with `parties`, only once that many children have
 *       opened the store (a barrier of marker files beside <home>), so that their puts overlap
 *   node store-child.js <home> dump <app>                   prints every key, unsealed
 * It prints one JSON line: {"ok":...} or {"internal":..,"code":..,"message":..}. Without
 * arguments it does nothing, because the test runner also executes every file under test/.
 */

/** How long a child waits for the others at the barrier before going ahead alone. */
const BARRIER_TIMEOUT_MS = 30_000;

const [home, command, app, ...rest] = process.argv.slice(2);

if (home !== undefined && command !== undefined && app !== undefined) {
  try {
    process.stdout.write(`${JSON.stringify({ ok: run(home, command, app, rest) })}\n`);
  } catch (err) {
    if (!isHuksFailure(err)) throw err;
    const { code, message } = toExternal(err.internal);
    process.stdout.write(`${JSON.stringify({ internal: err.internal, code, message })}\n`);
  }
}

function run(home: string, command: string, app: string, args: string[]): unknown {
  const ns: Namespace = { app, userId: 100, level: 1 };
  const storage = openStorage(home);
  try {
    if (command === 'put') {
      const [prefix = 'k', count = '1', parties] = args;
      if (parties !== undefined) awaitParties(home, prefix, Number(parties));
      for (let i = 0; i < Number(count); i++) {
        const alias = Buffer.from(`${prefix}${i}`);
        const props = Buffer.from(`props of ${prefix}${i}`);
        const material = Buffer.from(`material of ${prefix}${i}`);
        const sealed = storage.sealer.seal(ns, alias, props, material);
        storage.store.put(ns, alias, { properties: props, sealed }, true);
      }
      return Number(count);
    }
    const keys: Record<string, string> = {};
    for (const alias of storage.store.list(ns)) {
      const key = storage.store.get(ns, alias)!;
      const material = storage.sealer.unseal(ns, alias, key.properties, key.sealed);
      keys[Buffer.from(alias).toString()] = Buffer.from(material).toString();
    }
    return keys;
  } finally {
    storage.close();
  }
}

/** Marks this child ready beside `home`, then waits until `parties` children are. */
function awaitParties(home: string, prefix: string, parties: number): void {
  const dir = dirname(home);
  writeFileSync(join(dir, `ready-${prefix}`), '');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + BARRIER_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (readdirSync(dir).filter((name) => name.startsWith('ready-')).length >= parties) return;
    Atomics.wait(pause, 0, 0, 2);
  }
}
