import { types } from 'node:util';

import { ParamSet, TagType, tagType, type Param } from '../params/param-set.js';
import { MAX_DATA_BYTES, isObject, toInt32, toInt64, toUint32 } from './parse-values.js';
import { EngineMsg, engineFail } from './sync-errors.js';

/**
 * Argument reading of the deprecated API 8 functions (api.md §5). Every problem is an engine
 * error without a numeric code; there is no tag-type pre-check and no AAD merge. An alias or a
 * byte value over 100 MiB makes the function return `undefined` without doing anything, which
 * the parsers signal with SilentReturn.
 */
export class SilentReturn {
  readonly reason: string;

  constructor(reason: string) {
    this.reason = reason;
  }
}

export function v8Alias(value: unknown): Uint8Array {
  if (typeof value !== 'string') engineFail(EngineMsg.NEED_STRING);
  if (Buffer.byteLength(value, 'utf8') > MAX_DATA_BYTES) throw new SilentReturn('alias too long');
  return new Uint8Array(Buffer.from(value, 'utf8'));
}

export function v8Options(value: unknown): Record<string | number, unknown> {
  if (!isObject(value)) engineFail(EngineMsg.NEED_OBJECT);
  return value;
}

/** A byte value read as a typed array: anything else fails in the engine. */
export function v8Bytes(value: unknown): Uint8Array {
  if (!types.isTypedArray(value)) engineFail(EngineMsg.INVALID_PARAMETER);
  if (!types.isUint8Array(value)) engineFail(EngineMsg.NOT_UINT8_ARRAY);
  if (value.byteLength > MAX_DATA_BYTES) throw new SilentReturn('data too long');
  return new Uint8Array(value);
}

/** options.properties, elements in order and as given: an absent list is an empty set. */
export function v8Properties(
  options: Record<string | number, unknown>,
  implicit: Param[] = [],
): ParamSet {
  const list = options['properties'];
  const params = [...implicit];
  if (isObject(list)) {
    for (let index = 0; index in list; index++) params.push(v8Param(list[index]));
  }
  // Byte values are v8Bytes copies and tags are uint32: the set takes them as they are.
  return ParamSet.adopt(params);
}

function v8Param(element: unknown): Param {
  const param = v8Options(element);
  const rawTag = param['tag'];
  if (typeof rawTag !== 'number') engineFail(EngineMsg.NEED_NUMBER);
  const tag = toUint32(rawTag);
  const value = param['value'];

  switch (tagType(tag)) {
    case TagType.INT:
      return { tag, value: toInt32(v8Number(value)) };
    case TagType.UINT:
      return { tag, value: toUint32(v8Number(value)) };
    case TagType.ULONG:
      return { tag, value: toInt64(v8Number(value)) };
    case TagType.BOOL:
      if (typeof value !== 'boolean') engineFail(EngineMsg.NEED_BOOLEAN);
      return { tag, value };
    case TagType.BYTES:
      return { tag, value: v8Bytes(value) };
    default:
      // No value can be read for an invalid type; the keystore refuses the tag itself (-3).
      return { tag, value: 0 };
  }
}

function v8Number(value: unknown): number {
  if (typeof value !== 'number') engineFail(EngineMsg.NEED_NUMBER);
  return value;
}

/** A session handle: a number, read as uint32 (only the low 32 bits round-trip). */
export function v8Handle(value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(EngineMsg.HANDLE_TYPE);
  return toUint32(value);
}
