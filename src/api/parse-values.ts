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
  // Measure before encoding, so that a huge string is refused without a huge allocation. A
  // UTF-16 unit is at most 3 UTF-8 bytes, so a string this short cannot be over the limit.
  if (value.length * 3 > limit.bytes && Buffer.byteLength(value, 'utf8') > limit.bytes) {
    argFail(SyncMsg.ALIAS_TOO_LONG, limit.code);
  }
  if (value.length > ASCII_LOOP_MAX) return UTF8.encode(value);
  return asciiBytes(value) ?? UTF8.encode(value);
}

/** Up to this length a JS loop beats TextEncoder's call into C++ (aliases are 1-128 bytes). */
const ASCII_LOOP_MAX = 128;

/** The bytes of an all-ASCII string, or undefined when a unit is not ASCII. */
function asciiBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return undefined;
    bytes[i] = unit;
  }
  return bytes;
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

/**
 * parseBytes without the copy, for an input the keystore consumes during the call (a session
 * step's inData: KeystoreClient.consumesInputsInCall): the same checks, and the caller's bytes
 * as a plain Uint8Array, so a Buffer's own slice() (a view, not a copy) never reaches the core.
 */
export function parseBytesView(value: unknown): Uint8Array {
  if (!types.isTypedArray(value)) engineFail(EngineMsg.INVALID_PARAMETER);
  const bytes = checkedUint8(value);
  if (Object.getPrototypeOf(bytes) === Uint8Array.prototype) return bytes;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The checks after "it is a typed array": exactly Uint8 (a Buffer qualifies), at most 100 MiB. */
export function checkedUint8Copy(value: NodeJS.TypedArray): Uint8Array {
  return new Uint8Array(checkedUint8(value));
}

function checkedUint8(value: NodeJS.TypedArray): Uint8Array {
  if (!types.isUint8Array(value)) argFail(SyncMsg.NOT_UINT8);
  if (value.byteLength > MAX_DATA_BYTES) argFail(SyncMsg.DATA_TOO_LONG);
  return value;
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
