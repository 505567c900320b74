import { types } from 'node:util';

import { Code, EngineMsg, SyncMsg, argFail, engineFail } from './sync-errors.js';

/** The binding's limit for any alias or byte argument: 0x6400000 bytes = 100 MiB (api.md §2.3). */
export const MAX_DATA_BYTES = 0x6400000;

/** Lone surrogates become U+FFFD, as in the engine's UTF-8 conversion. */
const UTF8 = new TextEncoder();

/** How an over-long alias is refused: the limit in UTF-8 bytes and the code of the throw. */
export interface AliasLimit {
  readonly bytes: number;
  readonly code: number;
}

export const BINDING_ALIAS_LIMIT: AliasLimit = {
  bytes: MAX_DATA_BYTES,
  code: Code.ILLEGAL_ARGUMENT,
};

/**
 * api.md §2.3: a key alias must be a string; it travels as its UTF-8 bytes without a terminating
 * zero. Empty and > 128-byte aliases are the keystore's to refuse, asynchronously.
 */
export function parseAlias(value: unknown, limit: AliasLimit = BINDING_ALIAS_LIMIT): Uint8Array {
  if (typeof value !== 'string') argFail(SyncMsg.ALIAS_TYPE);
  // Measure before encoding, so that a huge string is refused without a huge allocation.
  const length = Buffer.byteLength(value, 'utf8');
  if (length > limit.bytes) argFail(SyncMsg.ALIAS_TOO_LONG, limit.code);
  return UTF8.encode(value);
}

/**
 * A byte argument read straight from a typed array (`inData`, a token, unwrap's `wrappedKey`):
 * anything that is not a typed array fails in the engine ("Invalid parameter", no code), another
 * typed-array kind is 401, and more than 100 MiB is 401 (api.md §2.4, §2.6). The view's bytes
 * are copied, so later changes by the caller cannot reach the keystore.
 */
export function parseBytes(value: unknown): Uint8Array {
  if (!types.isTypedArray(value)) engineFail(EngineMsg.INVALID_PARAMETER);
  return checkedUint8Copy(value);
}

/** The checks after "it is a typed array": exactly Uint8 (a Buffer qualifies), at most 100 MiB. */
export function checkedUint8Copy(value: NodeJS.TypedArray): Uint8Array {
  if (!types.isUint8Array(value)) argFail(SyncMsg.NOT_UINT8);
  if (value.byteLength > MAX_DATA_BYTES) argFail(SyncMsg.DATA_TOO_LONG);
  return new Uint8Array(value);
}

/**
 * api.md §2.5 / sessions.md §2.4: a handle must be a number; it is cast to uint64 by truncation.
 * Values no session can have (negative, NaN, infinite, ≥ 2^64) become -1, which matches no
 * session: update/finish then fail with 12000011 and abort succeeds, as in the reference.
 */
export function parseHandle(value: unknown): number {
  if (typeof value !== 'number') argFail(SyncMsg.HANDLE_TYPE);
  if (!Number.isFinite(value) || value < 0 || value >= 2 ** 64) return -1;
  return Math.trunc(value);
}

/** api.md §2.5: the userId of an *AsUser function must be a number; it is read as int32. */
export function parseUserId(value: unknown): number {
  if (typeof value !== 'number') argFail(SyncMsg.USER_ID_TYPE);
  return toInt32(value);
}

export function toInt32(value: number): number {
  return value | 0;
}

export function toUint32(value: number): number {
  return value >>> 0;
}

/** int64 semantics of the engine: non-finite reads as 0, fractions are truncated. */
export function toInt64(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.trunc(value);
}

/** N-API's "is an object": not null, and not a function (functions have their own type). */
export function isObject(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** api.md §2.1: the argument at the callback position is a callback only if it is a function. */
export function pickCallback(value: unknown): ((...args: unknown[]) => void) | undefined {
  return typeof value === 'function' ? (value as (...args: unknown[]) => void) : undefined;
}
