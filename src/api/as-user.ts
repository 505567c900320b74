import type { KeystoreClient } from '../client/types.js';
import { HuksKeyClassType, HuksTag, InternalTag } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { Param } from '../params/param-set.js';
import { parseUserId } from './parse-values.js';
import { Code, SyncMsg, argFail } from './sync-errors.js';

/**
 * What every *AsUser function shares (api.md §4.2): an exact argument count, the userId first,
 * HKS_TAG_SPECIFIC_USER_ID in front of the caller's parameters, the synchronous refusal of group
 * and extension keys, and 202 for a caller that is not a system app.
 */

export function checkAsUserArity(args: readonly unknown[], expected: number): void {
  if (args.length !== expected) argFail(SyncMsg.AS_USER_ARG_COUNT);
}

/** The userId argument as the parameter the binding inserts (int32, tags.md §3). */
export function userIdParam(value: unknown): Param {
  return { tag: InternalTag.HKS_TAG_SPECIFIC_USER_ID, value: parseUserId(value) };
}

/**
 * The last synchronous check of an *AsUser call: an access group, or an extension (UKey) key
 * class, is not supported across users (12000001 "The feature is not support.").
 */
export function refuseGroupOrExtension(caller: readonly Param[]): void {
  const refused = caller.some(
    ({ tag, value }) =>
      tag === HuksTag.HUKS_TAG_KEY_ACCESS_GROUP ||
      (tag === HuksTag.HUKS_TAG_KEY_CLASS && value === HuksKeyClassType.HUKS_KEY_CLASS_EXTENSION),
  );
  if (refused) argFail(SyncMsg.FEATURE_NOT_SUPPORTED, Code.FEATURE_NOT_SUPPORTED);
}

/** Asynchronous 202 (internal -140) for an ordinary app calling a system API (errors.md §7). */
export function requireSystem(client: KeystoreClient): void {
  if (!client.isSystem) throw new HuksFailure(HksErr.NOT_SYSTEM_APP, '*AsUser needs a system app');
}
