import { isHuksFailure, toExternal } from '../../src/errors/failure.js';
import { openStorage } from '../../src/store/open.js';
import type { Namespace } from '../../src/store/types.js';

/**
 * A second process on a data directory, spawned by processes.test.ts:
 *   node store-child.js <home> put <app> <prefix> <count>   stores <prefix>0..n-1, one per put
 *   node store-child.js <home> dump <app>                   prints every key, unsealed
 * It prints one JSON line: {"ok":...} or {"internal":..,"code":..,"message":..}. Without
 * arguments it does nothing, because the test runner also executes every file under test/.
 */

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
      const [prefix = 'k', count = '1'] = args;
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
