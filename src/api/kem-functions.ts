import { types } from 'node:util';

import type { KeystoreClient } from '../client/types.js';
import { HuksTag } from '../common/enums.js';
import { replace401 } from '../errors/business-error.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { settle, type LazyClient } from './channel.js';
import type { ApiFunction } from './key-functions.js';
import { MAX_ALIAS_BYTES, checkAliasAndParams, requireKey } from './keystore-checks.js';
import { buildParamSet, listCapacity, readParamList } from './parse-params.js';
import { checkedUint8Copy, isObject, parseAlias, type AliasLimit } from './parse-values.js';
import { Code, SyncMsg, argFail } from './sync-errors.js';

/**
 * encapsulate / decapsulate (API 26, api.md §4.17): ML-KEM with a bare HuksParam[] argument.
 * Node 20 has no ML-KEM engine, so no ML-KEM key can exist (algorithms.md §12) and the client
 * interface has no KEM call: after the argument and key checks the api layer answers 12000001,
 * the code openhuks gives for ML-KEM everywhere. Asynchronous 401s are delivered as 12000018.
 */

/** Their own alias parser: more than 128 UTF-8 bytes is a synchronous 12000018. */
const KEM_ALIAS_LIMIT: AliasLimit = { bytes: MAX_ALIAS_BYTES, code: Code.INVALID_ARGUMENT };

interface KemRequest {
  readonly alias: Uint8Array;
  readonly params: ParamSet;
  readonly sharedParams: ParamSet | undefined;
}

function parseParamArg(value: unknown, overflowMessage: string): ParamSet {
  if (!isObject(value)) argFail(SyncMsg.PARAM_NOT_OBJECT);
  const capacity = listCapacity(overflowMessage, Code.ILLEGAL_ARGUMENT);
  return buildParamSet([], readParamList(value), capacity);
}

/** The optional shared-key alias and params: read whenever the argument position exists. */
function parseShared(args: readonly unknown[], aliasIndex: number): ParamSet | undefined {
  if (args.length > aliasIndex) parseAlias(args[aliasIndex], KEM_ALIAS_LIMIT);
  if (args.length <= aliasIndex + 1) return undefined;
  return parseParamArg(args[aliasIndex + 1], SyncMsg.GET_SHARED_PARAM_SET);
}

/** decapsulate's encapData: any typed array passes the first check, then exactly Uint8. */
function parseEncapData(value: unknown): void {
  if (!types.isTypedArray(value)) argFail(SyncMsg.TYPED_ARRAY_INFO);
  checkedUint8Copy(value);
}

async function kem(client: KeystoreClient, request: KemRequest): Promise<never> {
  const { alias, params, sharedParams } = request;
  if (sharedParams && !sharedParams.has(HuksTag.HUKS_TAG_KEY_SIZE)) {
    throw new HuksFailure(HksErr.CHECK_GET_KEY_SIZE_FAIL, 'shared key params without key size');
  }
  checkAliasAndParams(alias, params);
  await requireKey(client, alias, params);
  // The key exists, so it is not an ML-KEM key: openhuks has no ML-KEM engine.
  throw new HuksFailure(HksErr.NOT_SUPPORTED, 'ML-KEM is not available on Node 20');
}

/** encapsulate(keyAlias, params[, sharedKeyAlias[, sharedKeyParams]]): at least 2 arguments. */
export function encapsulateFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    if (args.length < 2) argFail(SyncMsg.NO_ENOUGH_PARAMS);
    const alias = parseAlias(args[0], KEM_ALIAS_LIMIT);
    const params = parseParamArg(args[1], SyncMsg.GET_PARAM_SET);
    const sharedParams = parseShared(args, 2);
    return settle(lazy, undefined, (c) => kem(c, { alias, params, sharedParams }), replace401);
  };
}

/** decapsulate(keyAlias, params, encapData[, sharedKeyAlias[, sharedKeyParams]]): at least 3. */
export function decapsulateFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    if (args.length < 3) argFail(SyncMsg.NO_ENOUGH_PARAMS);
    const alias = parseAlias(args[0], KEM_ALIAS_LIMIT);
    const params = parseParamArg(args[1], SyncMsg.GET_PARAM_SET);
    parseEncapData(args[2]);
    const sharedParams = parseShared(args, 3);
    return settle(lazy, undefined, (c) => kem(c, { alias, params, sharedParams }), replace401);
  };
}
