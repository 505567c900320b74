import { HksErr, isHuksFailure, toExternal } from './failure.js';

/**
 * The error every v9+ function reports, synchronously (a throw while the arguments are parsed)
 * or asynchronously (a rejection or a one-argument callback). It follows `@ohos.base`'s
 * declaration: an `Error` with a numeric `code` and a string `message` (errors.md §1.2, openhuks
 * decision: the reference's asynchronous objects are plain objects with an array message).
 *
 * `data` is an own property only on the asynchronous channel, where the reference always sets
 * it (`null` unless a code defines it); synchronous throws carry no `data` (errors.md §1.1).
 */
export class BusinessError extends Error {
  readonly code: number;

  declare readonly data?: unknown;

  constructor(code: number, message: string, options?: { data?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BusinessError';
    this.code = code;
    if (options && 'data' in options) {
      Object.defineProperty(this, 'data', {
        value: options.data,
        enumerable: true,
        writable: false,
        configurable: true,
      });
    }
  }
}

/** Rewrites an internal code before it is mapped (the per-function deviations of errors.md §5). */
export type InternalRewrite = (internal: number) => number;

/**
 * Converts whatever a keystore call failed with into the asynchronous BusinessError. A
 * HuksFailure goes through the one adapter table; anything else is a bug below the api layer and
 * still reaches the caller as a BusinessError (12000012, internal error), never as an uncaught
 * exception. The original error stays available as `cause` for debugging.
 */
export function toBusinessError(error: unknown, rewrite?: InternalRewrite): BusinessError {
  if (error instanceof BusinessError) return error;

  const internal = isHuksFailure(error) ? error.internal : HksErr.INTERNAL_ERROR;
  const { code, message } = toExternal(rewrite ? rewrite(internal) : internal);
  return new BusinessError(code, message, { data: null, cause: error });
}

/**
 * errors.md §4 `HksReplaceErrCodeIf401`: an internal code that would read as 401 becomes -997,
 * delivered as 12000018 "The input parameter is invalid." (wrap/unwrap, encapsulate/decapsulate).
 */
export function replace401(internal: number): number {
  return toExternal(internal).code === 401 ? HksErr.NEW_INVALID_ARGUMENT : internal;
}
