import { types } from 'node:util';

import { HuksTag } from '../common/enums.js';
import { ParamSet, TagType, tagType, type Param } from '../params/param-set.js';
import { isObject, checkedUint8Copy, toInt32, toInt64, toUint32 } from './parse-values.js';
import { EngineMsg, SyncMsg, argFail, engineFail } from './sync-errors.js';

/**
 * The binding's parameter-set capacity (api.md §2.4): 42 parameters (a 1 KiB set of 24-byte
 * entries plus its 8-byte header on a 64-bit build) and 4 MiB in total. Each function family
 * reports an overflow with its own message and code.
 */
export interface CapacityErrors {
  readonly count: { readonly message: string; readonly code: number };
  readonly size: { readonly message: string; readonly code: number };
}

export const MAX_PARAM_COUNT = 42;
export const MAX_PARAM_SET_BYTES = 4 * 1024 * 1024;
const PARAM_SET_HEADER_BYTES = 8;
const PARAM_ENTRY_BYTES = 24;

/** HuksOptions.properties: "HksAddParams fail" / "HksBuildParamSet fail", both 401. */
export const OPTIONS_CAPACITY: CapacityErrors = {
  count: { message: SyncMsg.ADD_PARAMS, code: 401 },
  size: { message: SyncMsg.BUILD_PARAM_SET, code: 401 },
};

/** A bare HuksParam[] argument reports any overflow with one message (errors.md §6). */
export function listCapacity(message: string, code: number): CapacityErrors {
  return { count: { message, code }, size: { message, code } };
}

/**
 * `options` must be an object (401 "the type is not object"); its `properties` are then walked.
 * An absent or non-object `properties` is an empty list (api.md §2.4).
 */
export function readOptions(options: unknown): Record<string | number, unknown> {
  if (!isObject(options)) argFail(SyncMsg.NOT_OBJECT);
  return options;
}

/** An empty parameter list, shared (frozen): what an absent `properties` reads as. */
export const NO_PARAMS: readonly Param[] = Object.freeze([]);

export function readProperties(options: Record<string | number, unknown>): readonly Param[] {
  const properties = options['properties'];
  return isObject(properties) ? readParamList(properties) : NO_PARAMS;
}

/**
 * Walks a HuksParam list by index from 0 until the first missing index (holes truncate, and an
 * object with keys "0", "1", ... reads like an array), checking each element in the binding's
 * order: object, tag, value type, value conversion (api.md §2.4, §2.6). Then the AAD merge: a
 * HUKS_TAG_AAD or HUKS_TAG_ASSOCIATED_DATA element is not kept in place; one ASSOCIATED_DATA
 * parameter is appended instead, with the AAD element's bytes when there is one.
 */
export function readParamList(list: Record<string | number, unknown>): Param[] {
  const params: Param[] = [];
  let aad: Uint8Array | undefined;
  let associated: Uint8Array | undefined;

  for (let index = 0; index in list; index++) {
    const param = readParam(list[index]);
    if (param.tag === HuksTag.HUKS_TAG_AAD) aad = param.value as Uint8Array;
    else if (param.tag === HuksTag.HUKS_TAG_ASSOCIATED_DATA) associated = param.value as Uint8Array;
    else params.push(param);
  }

  const merged = aad ?? associated;
  if (merged !== undefined) params.push({ tag: HuksTag.HUKS_TAG_ASSOCIATED_DATA, value: merged });
  return params;
}

function readParam(element: unknown): Param {
  if (!isObject(element)) argFail(SyncMsg.NOT_OBJECT);
  const rawTag = element['tag'];
  if (typeof rawTag !== 'number') engineFail(EngineMsg.NEED_NUMBER);

  const tag = toUint32(rawTag);
  return { tag, value: readValue(tag, element['value']) };
}

/** The JS type a value needs is decided by the tag's type nibble (tags.md §1). */
function readValue(tag: number, value: unknown): Param['value'] {
  switch (tagType(tag)) {
    case TagType.INT:
      return toInt32(expectNumber(value));
    case TagType.UINT:
      return toUint32(expectNumber(value));
    case TagType.ULONG:
      // bigint is declared in the .d.ts but refused by the reference (api.md §2.4).
      return toInt64(expectNumber(value));
    case TagType.BOOL:
      if (typeof value !== 'boolean') argFail(SyncMsg.VALUE_TYPE);
      return value;
    case TagType.BYTES:
      if (!isObject(value)) argFail(SyncMsg.VALUE_TYPE);
      if (!types.isTypedArray(value)) engineFail(EngineMsg.INVALID_PARAMETER);
      return checkedUint8Copy(value);
    default:
      // Type nibble 0 (HUKS_TAG_INVALID included) or 6..15: no value can be right.
      return argFail(SyncMsg.VALUE_TYPE);
  }
}

function expectNumber(value: unknown): number {
  if (typeof value !== 'number') argFail(SyncMsg.VALUE_TYPE);
  return value;
}

/**
 * Builds the set the keystore receives: parameters the function adds itself first, then the
 * caller's (api.md §2.4). Duplicates are kept on purpose: the keystore refuses them (401).
 * Both lists come fresh from the parse, byte values already copied once (readValue), so the
 * set takes them over as they are (ParamSet.adopt) instead of copying every value again.
 */
export function buildParamSet(
  implicit: readonly Param[],
  caller: readonly Param[],
  capacity: CapacityErrors = OPTIONS_CAPACITY,
): ParamSet {
  const count = implicit.length + caller.length;
  if (count > MAX_PARAM_COUNT) argFail(capacity.count.message, capacity.count.code);

  const size = PARAM_SET_HEADER_BYTES + PARAM_ENTRY_BYTES * count
    + valueBytes(implicit) + valueBytes(caller);
  if (size > MAX_PARAM_SET_BYTES) argFail(capacity.size.message, capacity.size.code);

  return ParamSet.adopt(implicit.length === 0 ? caller : implicit.concat(caller));
}

function valueBytes(params: readonly Param[]): number {
  let size = 0;
  for (let i = 0; i < params.length; i++) {
    const value = params[i]!.value;
    if (value instanceof Uint8Array) size += value.length;
  }
  return size;
}
