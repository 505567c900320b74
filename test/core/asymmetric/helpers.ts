/** Shared helpers of the asymmetric family tests: parameter sets, sessions, vectors. */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  HuksImportKeyType, HuksKeyAlg, HuksKeyDigest, HuksKeyPurpose, HuksTag,
} from '../../../src/common/enums.js';
import { HuksFailure } from '../../../src/errors/failure.js';
import { ParamSet, type Param } from '../../../src/params/param-set.js';
import type { CryptoOperation, KeyFamily } from '../../../src/core/crypto/family.js';

export const T = HuksTag;
export const ALG = HuksKeyAlg;
export const PURPOSE = HuksKeyPurpose;
export const DIGEST = HuksKeyDigest;
export const IMPORT = HuksImportKeyType;

export interface KeyOptions {
  readonly alg: number;
  readonly size: number;
  readonly purpose: number;
  readonly digest?: number;
  readonly padding?: number;
  readonly importType?: number;
  readonly extra?: readonly Param[];
}

export function keyParams(o: KeyOptions): ParamSet {
  const params: Param[] = [
    { tag: T.HUKS_TAG_ALGORITHM, value: o.alg },
    { tag: T.HUKS_TAG_KEY_SIZE, value: o.size },
    { tag: T.HUKS_TAG_PURPOSE, value: o.purpose },
  ];
  if (o.digest !== undefined) params.push({ tag: T.HUKS_TAG_DIGEST, value: o.digest });
  if (o.padding !== undefined) params.push({ tag: T.HUKS_TAG_PADDING, value: o.padding });
  if (o.importType !== undefined) {
    params.push({ tag: T.HUKS_TAG_IMPORT_KEY_TYPE, value: o.importType });
  }
  return new ParamSet([...params, ...(o.extra ?? [])]);
}

/** importKeyItem through a family: parse (steps 1-2), then check (steps 5-6). */
export function importKey(family: KeyFamily, params: ParamSet, inData: Uint8Array): Uint8Array {
  return family.checkImport(params, family.parseImport(params, inData));
}

export interface OpOptions {
  readonly purpose: number;
  readonly algorithm?: number;
  readonly runtime?: readonly Param[];
}

export function operation(family: KeyFamily, keyParamsSet: ParamSet, material: Uint8Array,
  o: OpOptions): CryptoOperation {
  // The init set: ALGORITHM, PURPOSE and what the test passes (the core fills policy tags).
  const runtime = new ParamSet([
    { tag: T.HUKS_TAG_ALGORITHM, value: o.algorithm ?? family.algorithm },
    { tag: T.HUKS_TAG_PURPOSE, value: o.purpose },
  ]).with(...(o.runtime ?? []));
  return family.createOperation({
    purpose: o.purpose,
    algorithm: o.algorithm ?? family.algorithm,
    keyParams: keyParamsSet,
    runtime,
    material: material.slice(),
  });
}

/** Runs a cached or streaming operation: updates in two chunks, then finish(last). */
export function run(op: CryptoOperation, data: Uint8Array, last = new Uint8Array(0))
  : Uint8Array {
  const half = Math.floor(data.length / 2);
  op.update(data.subarray(0, half));
  op.update(data.subarray(half));
  return op.finish(last);
}

/** Asserts that `fn` throws a HuksFailure with this internal code. */
export function assertFailure(fn: () => unknown, internal: number, note?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof HuksFailure, `expected HuksFailure, got ${String(error)}`);
    assert.equal(error.internal, internal, `${note ?? ''} ${error.message}`);
    return true;
  });
}

export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** Two's-complement vector integers to unsigned bytes. */
export function unsigned(text: string): Uint8Array {
  const bytes = hex(text.length % 2 === 1 ? '0' + text : text);
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

export function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Material per key-formats.md §3: little-endian header words, then the parts. */
export function material(words: readonly number[], parts: readonly Uint8Array[]): Uint8Array {
  const head = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => head.writeUInt32LE(w, i * 4));
  return new Uint8Array(Buffer.concat([head, ...parts]));
}

const here = dirname(fileURLToPath(import.meta.url));
/** dist/test/core/asymmetric -> repository root -> ../shared/vectors */
const VECTORS = join(here, '..', '..', '..', '..', '..', 'shared', 'vectors');

export interface VectorFile {
  readonly numberOfTests: number;
  readonly testGroups: readonly VectorGroup[];
}

export type VectorGroup = Record<string, unknown> & { readonly tests: readonly VectorTest[] };
export type VectorTest = Record<string, string | number | string[]> & {
  readonly tcId: number;
  readonly result: 'valid' | 'invalid' | 'acceptable';
  readonly flags: readonly string[];
};

/** Loads a vector file and checks its declared test count. */
export function loadVectors(path: string): VectorFile {
  const file = JSON.parse(readFileSync(join(VECTORS, path), 'utf8')) as VectorFile;
  const count = file.testGroups.reduce((n, g) => n + g.tests.length, 0);
  assert.equal(count, file.numberOfTests, `${path}: test count`);
  return file;
}

/** Outcome of one vector: true when the family accepted, false when it refused. */
export function outcome(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof HuksFailure) return false;
    throw error;
  }
}

/** Tallies vector outcomes and asserts valid ⇒ accepted, invalid ⇒ refused. */
export class Tally {
  passed = 0;
  acceptable = 0;
  private readonly failures: string[] = [];

  record(test: VectorTest, accepted: boolean, label: string): void {
    if (test.result === 'acceptable') {
      this.acceptable++;
      return;
    }
    if (accepted === (test.result === 'valid')) this.passed++;
    else this.failures.push(`${label} tcId ${test.tcId} (${test.result}, ${test.flags.join()})`);
  }

  assertClean(minimum: number): void {
    assert.deepEqual(this.failures.slice(0, 10), [], `${this.failures.length} vector failures`);
    assert.ok(this.passed >= minimum, `only ${this.passed} vectors checked`);
  }
}

export function fromJwk(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'base64url'));
}
