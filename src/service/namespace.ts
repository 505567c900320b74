import { HuksAuthStorageLevel, HuksTag, InternalTag } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { checkParamSetSanity } from '../params/sanity.js';
import type { Namespace } from '../store/types.js';
import { checkAlias } from './alias.js';
import type { Caller } from './types.js';

/** OS user ids below this belong to system services (user 0), which only have a DE area. */
export const FIRST_ORDINARY_USER = 100;

const LEVELS = new Set<number>(Object.values(HuksAuthStorageLevel));
const DE = HuksAuthStorageLevel.HUKS_AUTH_STORAGE_LEVEL_DE;

/**
 * Where a request's key lives (storage.md §2): the caller's app, the target OS user and the
 * storage level of HUKS_TAG_AUTH_STORAGE_LEVEL (absent: CE, §2.3).
 *
 * The target user is the caller's own, or for the *AsUser functions HKS_TAG_SPECIFIC_USER_ID,
 * which only system apps may pass. openhuks decision (storage.md §2.3): a level other than
 * DE/CE/ECE is refused, because the reference path it reaches is undefined.
 * @throws HuksFailure -3 (401) for a bad level, a user below 100 with CE/ECE, or a negative
 *   specific user with DE; -140 (202) when a non-system caller names another user.
 */
export function resolveNamespace(caller: Caller, params: ParamSet): Namespace {
  const level = storageLevelOf(params);
  const specific = params.getNumber(InternalTag.HKS_TAG_SPECIFIC_USER_ID);

  if (specific === undefined) {
    if (caller.userId < FIRST_ORDINARY_USER && level !== DE) {
      throw new HuksFailure(
        HksErr.INVALID_ARGUMENT,
        `user ${caller.userId} has only the DE storage level, not ${level}`,
      );
    }
    return { app: caller.app, userId: caller.userId, level };
  }

  if (!caller.isSystem) {
    throw new HuksFailure(HksErr.NOT_SYSTEM_APP, 'only system apps may act for another user');
  }
  const minimum = level === DE ? 0 : FIRST_ORDINARY_USER;
  if (specific < minimum) {
    throw new HuksFailure(
      HksErr.INVALID_ARGUMENT,
      `specific user ${specific} is below ${minimum} for storage level ${level}`,
    );
  }
  return { app: caller.app, userId: specific, level };
}

/**
 * The steps every function on one alias starts with, in the spec's order (sessions.md §2.3
 * steps 1-2, storage.md §1-§2): the alias, the parameter set, then the namespace.
 * @throws HuksFailure -3 (401) or -140 (202) as checkAlias, checkParamSetSanity and
 *   resolveNamespace say.
 */
export function resolveAliasRequest(
  caller: Caller,
  alias: Uint8Array,
  params: ParamSet,
): Namespace {
  checkAlias(alias);
  checkParamSetSanity(params);
  return resolveNamespace(caller, params);
}

/** The effective HUKS_TAG_AUTH_STORAGE_LEVEL of a request (storage.md §2.3). */
export function storageLevelOf(params: ParamSet): number {
  const level = params.getNumber(HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL);
  if (level === undefined) return HuksAuthStorageLevel.HUKS_AUTH_STORAGE_LEVEL_CE;
  if (!LEVELS.has(level)) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `storage level ${level} is not 0, 1 or 2`);
  }
  return level;
}
