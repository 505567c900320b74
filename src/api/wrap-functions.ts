import type { KeystoreClient } from '../client/types.js';
import { HuksKeyWrapType, HuksTag } from '../common/enums.js';
import { replace401 } from '../errors/business-error.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { settle, type LazyClient } from './channel.js';
import type { ApiFunction } from './key-functions.js';
import { checkAliasAndParams, requireKey } from './keystore-checks.js';
import { buildParamSet, readOptions, readProperties } from './parse-params.js';
import { parseAlias, parseBytes } from './parse-values.js';
import { Code, SyncMsg, argFail } from './sync-errors.js';

/**
 * wrapKeyItem / unwrapKeyItem (API 20, api.md §4.16). The reference's open-source build runs the
 * service checks and then answers 801, because the wrapping code is a closed plugin; no wrapped
 * format is specified, so openhuks does the same. The client interface has no wrap call: the
 * checks are built here from keyExists. Every 401-class failure is delivered as 12000018.
 */

/** HKS_ERROR_INVALID_KEY_WRAP_TYPE: no adapter row, so 12000012 "HUKS operation failed.". */
const INVALID_KEY_WRAP_TYPE = -153;

function checkWrapType(params: ParamSet): void {
  const type = params.getNumber(HuksTag.HUKS_TAG_KEY_WRAP_TYPE);
  if (type === undefined) throw new HuksFailure(HksErr.NEW_INVALID_ARGUMENT, 'no wrap type');
  if (type !== HuksKeyWrapType.HUKS_KEY_WRAP_TYPE_HUK_BASED) {
    throw new HuksFailure(INVALID_KEY_WRAP_TYPE, `wrap type ${type}`);
  }
}

function notSupported(): never {
  throw new HuksFailure(HksErr.API_NOT_SUPPORTED, 'key wrapping is a closed plugin');
}

async function wrap(client: KeystoreClient, alias: Uint8Array, params: ParamSet): Promise<never> {
  checkAliasAndParams(alias, params);
  await requireKey(client, alias, params);
  checkWrapType(params);
  return notSupported();
}

async function unwrap(client: KeystoreClient, alias: Uint8Array, params: ParamSet): Promise<never> {
  checkAliasAndParams(alias, params);
  if (params.getBool(HuksTag.HUKS_TAG_KEY_OVERRIDE) === false) {
    if (await client.keyExists(alias, params)) {
      throw new HuksFailure(HksErr.KEY_ALREADY_EXIST, 'alias exists, override refused');
    }
  }
  checkWrapType(params);
  return notSupported();
}

/** wrapKeyItem(keyAlias, params): exactly 2 arguments, else 12000018 (errors.md §6). */
export function wrapKeyItemFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    if (args.length !== 2) argFail(SyncMsg.NO_ENOUGH_PARAMS, Code.INVALID_ARGUMENT);
    const alias = parseAlias(args[0]);
    const params = buildParamSet([], readProperties(readOptions(args[1])));
    return settle(lazy, undefined, (client) => wrap(client, alias, params), replace401);
  };
}

/** unwrapKeyItem(keyAlias, params, wrappedKey): exactly 3 arguments, else 12000018. */
export function unwrapKeyItemFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    if (args.length !== 3) argFail(SyncMsg.NO_ENOUGH_PARAMS, Code.INVALID_ARGUMENT);
    const alias = parseAlias(args[0]);
    const params = buildParamSet([], readProperties(readOptions(args[1])));
    parseBytes(args[2]);
    return settle(lazy, undefined, (client) => unwrap(client, alias, params), replace401);
  };
}
