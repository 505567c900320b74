import { createCipheriv, createHmac, randomBytes, randomInt, sign } from 'node:crypto';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { HuksApi, HuksParam } from '../src/cli/huks-api.js';
import {
  AES_GCM_KEY,
  ECDSA_SIGN,
  gcmEncrypt,
  HMAC_SHA256,
  importAesKey,
  importHmacKey,
  importP256Key,
} from './keys.js';
import type { Operation } from './measure.js';

/**
 * The benchmark cases of the issue, each an openhuks operation (through `createHuks`, in
 * process) and the same work done directly with node:crypto in the same process.
 */

export type Kind = 'bulk' | 'small' | 'scaling';

/** Targets of the issue: bulk >= 0.9x raw, small >= 0.5x raw, 10,000 keys within 1.2x of 100. */
export const TARGETS: Readonly<Record<Kind, number>> = { bulk: 0.9, small: 0.5, scaling: 1 / 1.2 };

export interface BenchEnv {
  /** The keystore with the working keys. */
  readonly huks: HuksApi;
  /** Opens another keystore in its own home under the bench directory. */
  open(name: string): HuksApi;
  /** A scratch directory for the raw side's files. */
  readonly dir: string;
  /** How many keys the lookup case stores (10,000; fewer with --quick). */
  readonly manyKeys: number;
  log(message: string): void;
}

export interface Prepared {
  readonly huks: Operation;
  readonly raw: Operation;
}

export interface BenchCase {
  readonly title: string;
  readonly kind: Kind;
  /** What the second column measures. */
  readonly baseline: string;
  prepare(env: BenchEnv): Promise<Prepared>;
}

export const MESSAGE = randomBytes(64);
export const MIB_CHUNKS = Array.from({ length: 16 }, () => randomBytes(64 * 1024));
const EMPTY = new Uint8Array(0);

/** One AES-256-GCM encryption of `chunks` through a session; the last chunk goes to finish. */
export async function huksGcm(huks: HuksApi, alias: string, chunks: readonly Uint8Array[]) {
  const { handle } = await huks.initSession(alias, { properties: gcmEncrypt(randomBytes(12)) });
  for (let i = 0; i < chunks.length - 1; i++) {
    await huks.updateSession(handle, { properties: [], inData: chunks[i] });
  }
  return huks.finishSession(handle, { properties: [], inData: chunks[chunks.length - 1] ?? EMPTY });
}

/** init, then finish with the 64-byte message: one sign or MAC through a session. */
export async function oneShot(
  huks: HuksApi,
  alias: string,
  properties: HuksParam[],
  finishProperties: HuksParam[],
) {
  const { handle } = await huks.initSession(alias, { properties });
  return huks.finishSession(handle, { properties: finishProperties, inData: MESSAGE });
}

export function rawGcm(key: Buffer, chunks: readonly Uint8Array[]): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
  const parts = chunks.map((chunk) => cipher.update(chunk));
  parts.push(cipher.final(), cipher.getAuthTag());
  return Buffer.concat(parts);
}

/** A raw key table with the store's durability settings (WAL, synchronous FULL). */
function rawKeyTable(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS keys (alias TEXT PRIMARY KEY, material BLOB NOT NULL)');
  return {
    insert: db.prepare('INSERT INTO keys (alias, material) VALUES (?, ?)'),
    select: db.prepare('SELECT material FROM keys WHERE alias = ?').pluck(),
    db,
  };
}

/** Stores `count` AES keys in a keystore, logging progress now and then. */
async function populate(env: BenchEnv, huks: HuksApi, count: number): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await huks.generateKeyItem(`key-${i}`, { properties: AES_GCM_KEY });
    if ((i + 1) % 2500 === 0) env.log(`  stored ${i + 1} of ${count} keys`);
  }
  const seconds = (performance.now() - started) / 1000;
  env.log(`  stored ${count} keys in ${seconds.toFixed(1)} s`);
}

/** A random-key lookup and use: AES-GCM of 64 bytes under key-<random>. */
const useRandomKey = (huks: HuksApi, count: number): Operation => () =>
  huksGcm(huks, `key-${randomInt(count)}`, [MESSAGE]);

let lookupStores: { many: HuksApi; few: HuksApi } | undefined;

/** The two populated keystores, built once and shared by the two lookup rows. */
async function lookupStoresOf(env: BenchEnv) {
  if (lookupStores === undefined) {
    const many = env.open('many-keys');
    const few = env.open('few-keys');
    env.log(`populating keystores with ${env.manyKeys} and 100 keys...`);
    await populate(env, many, env.manyKeys);
    await populate(env, few, 100);
    lookupStores = { many, few };
  }
  return lookupStores;
}

export const CASES: readonly BenchCase[] = [
  {
    title: 'AES-256-GCM, 64-byte message (init+finish)',
    kind: 'small',
    baseline: 'node:crypto createCipheriv',
    async prepare(env) {
      const key = await importAesKey(env.huks, 'gcm');
      return { huks: () => huksGcm(env.huks, 'gcm', [MESSAGE]), raw: () => rawGcm(key, [MESSAGE]) };
    },
  },
  {
    title: 'AES-256-GCM, 1 MiB in 64 KiB updates',
    kind: 'bulk',
    baseline: 'node:crypto createCipheriv',
    async prepare(env) {
      const key = await importAesKey(env.huks, 'gcm-bulk');
      return {
        huks: () => huksGcm(env.huks, 'gcm-bulk', MIB_CHUNKS),
        raw: () => rawGcm(key, MIB_CHUNKS),
      };
    },
  },
  {
    title: 'ECDSA P-256 sign (SHA-256, 64 bytes)',
    kind: 'small',
    baseline: 'node:crypto sign',
    async prepare(env) {
      const privateKey = await importP256Key(env.huks, 'p256');
      return {
        huks: () => oneShot(env.huks, 'p256', ECDSA_SIGN, []),
        raw: () => sign('sha256', MESSAGE, privateKey),
      };
    },
  },
  {
    title: 'HMAC-SHA256, 64 bytes',
    kind: 'small',
    baseline: 'node:crypto createHmac',
    async prepare(env) {
      const key = await importHmacKey(env.huks, 'hmac');
      return {
        // HMAC reads ALGORITHM on finish too (algorithms.md §9.1).
        huks: () => oneShot(env.huks, 'hmac', HMAC_SHA256, HMAC_SHA256),
        raw: () => createHmac('sha256', key).update(MESSAGE).digest(),
      };
    },
  },
  {
    title: 'AES-256 key generation with persistence',
    kind: 'small',
    baseline: 'randomBytes(32) + SQLite insert (WAL, synchronous FULL)',
    async prepare(env) {
      const huks = env.open('keygen');
      const table = rawKeyTable(join(env.dir, 'raw-keygen.db'));
      let n = 0;
      let m = 0;
      return {
        huks: () => huks.generateKeyItem(`gen-${n++}`, { properties: AES_GCM_KEY }),
        raw: () => table.insert.run(`gen-${m++}`, randomBytes(32)),
      };
    },
  },
  {
    title: 'lookup+use of a random key (AES-GCM 64 B) among N keys',
    kind: 'small',
    baseline: 'SQLite select by alias among N rows + node:crypto GCM',
    async prepare(env) {
      const { many } = await lookupStoresOf(env);
      const table = rawKeyTable(join(env.dir, 'raw-lookup.db'));
      const fill = table.db.transaction((count: number) => {
        for (let i = 0; i < count; i++) table.insert.run(`key-${i}`, randomBytes(32));
      });
      fill(env.manyKeys);
      return {
        huks: useRandomKey(many, env.manyKeys),
        raw: () => {
          const key = table.select.get(`key-${randomInt(env.manyKeys)}`) as Buffer;
          return rawGcm(key, [MESSAGE]);
        },
      };
    },
  },
  {
    title: 'lookup+use cost: N keys vs 100 keys',
    kind: 'scaling',
    baseline: 'openhuks with 100 stored keys',
    async prepare(env) {
      const { many, few } = await lookupStoresOf(env);
      return { huks: useRandomKey(many, env.manyKeys), raw: useRandomKey(few, 100) };
    },
  },
];
