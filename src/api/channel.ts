import type { KeystoreClient } from '../client/types.js';
import { toBusinessError, type InternalRewrite } from '../errors/business-error.js';

/**
 * The client behind a namespace, created on the first asynchronous call so that importing the
 * module creates nothing (no database, no socket).
 */
export class LazyClient {
  private client: KeystoreClient | undefined;

  constructor(private readonly create: () => KeystoreClient) {}

  get(): KeystoreClient {
    this.client ??= this.create();
    return this.client;
  }

  /** Closes the client if one was created; the next call creates it again through the factory. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.close();
  }
}

/** A call's work: a promise, or the value itself when the client answered within the call. */
export type Work<T> = (client: KeystoreClient) => T | Promise<T>;

type Callback = (...args: unknown[]) => void;

/**
 * The asynchronous phase of a v9+ function (api.md §2.1, errors.md §1.2). The work starts at
 * once, inside the call, after the synchronous parse: calls issued back to back still run in
 * issue order, and the keystore consumes the call's inputs before the call returns (so inData
 * need not be copied). Whatever the work throws, synchronously or not, becomes the rejection:
 * nothing escapes as a synchronous throw. Promise form: resolves with the value or rejects with
 * a BusinessError. Callback form: `callback(null, value)` or `callback(error)` (exactly one
 * argument), and the call returns `null`. The callback runs when the call settles (deliver):
 * an exception in user code surfaces as an uncaught exception, as with any Node callback API,
 * instead of being swallowed by the promise chain.
 */
export function settle<T>(
  lazy: LazyClient,
  callback: Callback | undefined,
  work: Work<T>,
  rewrite?: InternalRewrite,
): Promise<T> | null {
  const promise = start(lazy, work, rewrite);
  if (callback === undefined) return promise;

  promise.then(
    (value) => deliver(callback, null, value),
    (error: unknown) => deliver(callback, error),
  );
  return null;
}

/**
 * Calls the callback as the call settles, in settlement order with promise-form calls (the
 * reference calls it from the completion of the call, where a promise is resolved). An
 * exception it throws is rethrown from a microtask of its own: an uncaught exception, as from
 * any Node callback, not a rejection of a promise nobody holds.
 */
export function deliver(callback: Callback, ...args: unknown[]): void {
  try {
    callback(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * Runs the work now; one promise that rejects with the BusinessError of any failure. A value
 * the work returned within the call is delivered through an already-settled promise: still
 * asynchronous to the caller, without a chain of promises behind it.
 */
function start<T>(lazy: LazyClient, work: Work<T>, rewrite?: InternalRewrite): Promise<T> {
  let pending: T | Promise<T>;
  try {
    pending = work(lazy.get());
  } catch (error) {
    return Promise.reject(toBusinessError(error, rewrite));
  }
  if (!(pending instanceof Promise)) return Promise.resolve(pending);
  return pending.then(undefined, (error: unknown) => {
    throw toBusinessError(error, rewrite);
  });
}
