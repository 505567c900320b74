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

export type Work<T> = (client: KeystoreClient) => Promise<T>;

type Callback = (...args: unknown[]) => void;

/**
 * The asynchronous phase of a v9+ function (api.md §2.1, errors.md §1.2). The work starts after
 * the synchronous parse has returned, so nothing it throws can escape as a synchronous throw.
 * Promise form: resolves with the value or rejects with a BusinessError. Callback form:
 * `callback(null, value)` or `callback(error)` (exactly one argument), and the call returns
 * `null`. The callback runs on its own tick: an exception in user code surfaces as an uncaught
 * exception, as with any Node callback API, instead of being swallowed by the promise chain.
 */
export function settle<T>(
  lazy: LazyClient,
  callback: Callback | undefined,
  work: Work<T>,
  rewrite?: InternalRewrite,
): Promise<T> | null {
  const promise = Promise.resolve()
    .then(() => work(lazy.get()))
    .catch((error: unknown) => {
      throw toBusinessError(error, rewrite);
    });
  if (callback === undefined) return promise;

  promise.then(
    (value) => process.nextTick(callback, null, value),
    (error: unknown) => process.nextTick(callback, error),
  );
  return null;
}
