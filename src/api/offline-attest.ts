import type { KeystoreClient } from '../client/types.js';
import { InternalTag } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import { ParamSet, type Param } from '../params/param-set.js';
import { checkAsUserArity, refuseGroupOrExtension, requireSystem, userIdParam } from './as-user.js';
import { settle, type LazyClient } from './channel.js';
import type { ApiFunction } from './key-functions.js';
import { buildParamSet, listCapacity, readParamList } from './parse-params.js';
import { MAX_DATA_BYTES, isObject, parseAlias } from './parse-values.js';
import { Code, SyncMsg, argFail } from './sync-errors.js';
import { certChainsOrNull } from './results.js';
import type { HuksReturnResult } from './types.js';

/**
 * anonAttestKeyItemOffline(keyAlias, params: HuksParam[]) and its AsUser form (api.md §4.14):
 * count, alias-length and capacity problems are 12000018 instead of 401, and asynchronous
 * internal -3, -14 and -30 are delivered as 12000018 too (errors.md §5).
 */

const ANONYMOUS_MODE = 1;
const OFFLINE_MODE = 1;

const OFFLINE_REWRITTEN = new Set<number>([
  HksErr.INVALID_ARGUMENT,
  HksErr.NULL_POINTER,
  HksErr.PARAM_NOT_EXIST,
]);

function rewriteOffline(internal: number): number {
  return OFFLINE_REWRITTEN.has(internal) ? HksErr.NEW_INVALID_ARGUMENT : internal;
}

interface OfflineRequest {
  readonly alias: Uint8Array;
  readonly params: ParamSet;
  readonly caller: readonly Param[];
}

function parseOffline(args: readonly unknown[], start: number, implicit: Param[]): OfflineRequest {
  const alias = parseAlias(args[start], { bytes: MAX_DATA_BYTES, code: Code.INVALID_ARGUMENT });
  const list = args[start + 1];
  if (!isObject(list)) argFail(SyncMsg.PARAM_NOT_OBJECT);
  const caller = readParamList(list);
  const capacity = listCapacity(SyncMsg.GET_PARAM_SET, Code.INVALID_ARGUMENT);
  return { alias, params: buildParamSet(implicit, caller, capacity), caller };
}

/**
 * The client library's part: anonymous mode, base64 certificates and the offline mode, which a
 * caller may pass only with the offline value (otherwise 12000018).
 */
async function attestOffline(
  client: KeystoreClient,
  r: OfflineRequest,
): Promise<HuksReturnResult | null> {
  const supplied = r.params.get(InternalTag.HKS_TAG_ANONYMOUS_ATTESTATION_MODE);
  if (supplied !== undefined && supplied !== OFFLINE_MODE) {
    throw new HuksFailure(HksErr.NEW_INVALID_ARGUMENT, 'anonymous attestation mode is not offline');
  }
  const added: Param[] = [
    { tag: InternalTag.HKS_TAG_ATTESTATION_MODE, value: ANONYMOUS_MODE },
    { tag: InternalTag.HKS_TAG_ATTESTATION_BASE64, value: true },
  ];
  if (supplied === undefined) {
    added.push({ tag: InternalTag.HKS_TAG_ANONYMOUS_ATTESTATION_MODE, value: OFFLINE_MODE });
  }
  const params = new ParamSet([...r.params.params, ...added]);
  return certChainsOrNull(await client.attestKey(r.alias, params));
}

export function anonAttestOfflineFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    if (args.length < 2) argFail(SyncMsg.NO_ENOUGH_PARAMS, Code.INVALID_ARGUMENT);
    const request = parseOffline(args, 0, []);
    return settle(lazy, undefined, (client) => attestOffline(client, request), rewriteOffline);
  };
}

export function anonAttestOfflineAsUserFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    checkAsUserArity(args, 3);
    const user = userIdParam(args[0]);
    const request = parseOffline(args, 1, [user]);
    refuseGroupOrExtension(request.caller);
    const work = async (client: KeystoreClient) => {
      requireSystem(client);
      return attestOffline(client, request);
    };
    return settle(lazy, undefined, work, rewriteOffline);
  };
}
