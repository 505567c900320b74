import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One Wycheproof (or extra/) test: only the fields the runners read are typed. */
export interface VTest {
  tcId: number;
  comment: string;
  flags?: string[];
  result: 'valid' | 'invalid' | 'acceptable';
  [field: string]: unknown;
}

export interface VGroup {
  type: string;
  tests: VTest[];
  [field: string]: unknown;
}

export interface VFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: VGroup[];
}

/**
 * The vectors live beside the clone (../shared/vectors from the repository root) and are never
 * copied into the repo. The root is found by walking up from this module to package.json, so
 * the same code works from src-relative and dist-relative locations.
 */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found above ' + import.meta.url);
    dir = up;
  }
}

export const VECTORS_DIR = path.resolve(repoRoot(), '..', 'shared', 'vectors');

/** `name` is relative to the vectors directory, e.g. "wycheproof/aes_gcm_test.json". */
export function loadVectors(name: string): VFile {
  const file = JSON.parse(readFileSync(path.join(VECTORS_DIR, name), 'utf8')) as VFile;
  const count = file.testGroups.reduce((n, g) => n + g.tests.length, 0);
  // A truncated or edited file would otherwise silently shrink the suite.
  if (count !== file.numberOfTests) {
    throw new Error(`${name}: numberOfTests ${file.numberOfTests} but ${count} tests present`);
  }
  return file;
}

/** Every *_test.json below the vectors directory, relative paths with '/' separators. */
export function listVectorFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(VECTORS_DIR, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('_test.json')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export const hexToBytes = (h: unknown): Uint8Array =>
  new Uint8Array(Buffer.from(typeof h === 'string' ? h : '', 'hex'));

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new Error(`vector field ${what} is not a string`);
  return v;
}

export function num(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new Error(`vector field ${what} is not a number`);
  return v;
}
