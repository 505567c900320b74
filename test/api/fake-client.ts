import assert from 'node:assert/strict';

import type { KeystoreClient } from '../../src/client/types.js';
import { createHuksNamespace } from '../../src/api/namespace.js';
import type { HuksNamespace } from '../../src/api/namespace-types.js';
import { BusinessError } from '../../src/errors/business-error.js';
import { ParamSet } from '../../src/params/param-set.js';
import type { SessionHandle } from '../../src/service/types.js';

/** One recorded client call: the method and the arguments the api layer passed. */
export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

type Method = Exclude<keyof KeystoreClient, 'isSystem'>;

/**
 * A KeystoreClient double for the api layer's tests: it records every call, answers with
 * configurable results, and fails a chosen method with a chosen error (a HuksFailure, or any
 * other value to play a bug below the api layer).
 */
export class FakeClient implements KeystoreClient {
  readonly calls: Call[] = [];
  isSystem = false;
  closed = 0;
  private readonly failures = new Map<Method, unknown>();
  private readonly results = new Map<Method, unknown>();

  failWith(method: Method, error: unknown): this {
    this.failures.set(method, error);
    return this;
  }

  answer(method: Method, result: unknown): this {
    this.results.set(method, result);
    return this;
  }

  last(method?: string): Call {
    const calls = method ? this.calls.filter((c) => c.method === method) : this.calls;
    const call = calls.at(-1);
    assert.ok(call, `no ${method ?? ''} call recorded`);
    return call;
  }

  /** The ParamSet argument of the last call of `method` (position `index`). */
  params(method: string, index: number): ParamSet {
    const value = this.last(method).args[index];
    assert.ok(value instanceof ParamSet);
    return value;
  }

  private async run<T>(method: Method, args: unknown[], fallback: T): Promise<T> {
    this.calls.push({ method, args });
    if (this.failures.has(method)) throw this.failures.get(method);
    return (this.results.has(method) ? this.results.get(method) : fallback) as T;
  }

  generateKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.run('generateKey', [alias, params], undefined);
  }

  importKey(alias: Uint8Array, params: ParamSet, key: Uint8Array): Promise<void> {
    return this.run('importKey', [alias, params, key], undefined);
  }

  importWrappedKey(a: Uint8Array, w: Uint8Array, p: ParamSet, d: Uint8Array): Promise<void> {
    return this.run('importWrappedKey', [a, w, p, d], undefined);
  }

  exportKey(alias: Uint8Array, params: ParamSet): Promise<Uint8Array> {
    return this.run('exportKey', [alias, params], Uint8Array.of(1, 2, 3));
  }

  deleteKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.run('deleteKey', [alias, params], undefined);
  }

  getKeyProperties(alias: Uint8Array, params: ParamSet): Promise<ParamSet> {
    return this.run('getKeyProperties', [alias, params], new ParamSet());
  }

  keyExists(alias: Uint8Array, params: ParamSet): Promise<boolean> {
    return this.run('keyExists', [alias, params], true);
  }

  listAliases(params: ParamSet): Promise<Uint8Array[]> {
    return this.run('listAliases', [params], []);
  }

  attestKey(alias: Uint8Array, params: ParamSet): Promise<string[]> {
    return this.run('attestKey', [alias, params], []);
  }

  initSession(alias: Uint8Array, params: ParamSet): Promise<SessionHandle> {
    return this.run('initSession', [alias, params], { handle: 7 });
  }

  updateSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    return this.run('updateSession', [handle, params, data], new Uint8Array(0));
  }

  finishSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    return this.run('finishSession', [handle, params, data], new Uint8Array(0));
  }

  abortSession(handle: number, params: ParamSet): Promise<void> {
    return this.run('abortSession', [handle, params], undefined);
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** A namespace over a fresh FakeClient. */
export function fakeHuks(): { huks: HuksNamespace; client: FakeClient } {
  const client = new FakeClient();
  return { huks: createHuksNamespace(() => client), client };
}

/** Any-typed view of the namespace, for calls the declarations (rightly) do not allow. */
export function loose(huks: HuksNamespace): Record<string, (...args: unknown[]) => unknown> {
  return huks as unknown as Record<string, (...args: unknown[]) => unknown>;
}

/** A synchronous BusinessError throw with this code and message and no `data` (errors.md §1.1). */
export function assertSyncThrow(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof BusinessError, `expected BusinessError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    assert.equal(Object.hasOwn(error, 'data'), false);
    return true;
  });
}

/** An engine-level throw: a plain Error (not a BusinessError) without a numeric code. */
export function assertEngineThrow(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.equal(error instanceof BusinessError, false);
    assert.equal(error.message, message);
    assert.equal((error as { code?: unknown }).code, undefined);
    return true;
  });
}

/** An asynchronous BusinessError as errors.md §1.2 describes it (code, message, data null). */
export async function assertRejects(
  promise: unknown,
  code: number,
  message: string,
): Promise<void> {
  assert.ok(promise instanceof Promise, 'expected a promise');
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof BusinessError, `expected BusinessError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    assert.equal(error.data, null);
    assert.equal(Object.hasOwn(error, 'data'), true);
    return true;
  });
}

/** Calls `fn` with a recording callback appended and resolves with the callback's arguments. */
export function viaCallback(fn: (cb: (...args: unknown[]) => void) => unknown): Promise<unknown[]> {
  return new Promise((resolve) => {
    const returned = fn((...args: unknown[]) => resolve(args));
    assert.equal(returned, null, 'callback mode returns null');
  });
}

export const alias = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

/** Marks a call's promise as handled, for tests that look only at the synchronous phase. */
export function quiet(value: unknown): void {
  if (value instanceof Promise) value.catch(() => {});
}
