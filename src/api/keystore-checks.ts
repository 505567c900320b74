import type { KeystoreClient } from '../client/types.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { checkParamSetSanity } from '../params/sanity.js';

/**
 * Checks the keystore runs before it reaches a feature the client interface has no call for
 * (wrap/unwrap, ML-KEM encapsulation). The api layer reproduces the documented outcome from the
 * calls that exist, so the caller sees the same codes in the same order (api.md §4.16, §4.17).
 */

/** storage.md: an alias is 1 to 128 bytes; otherwise internal -3 (401 before any rewrite). */
export const MAX_ALIAS_BYTES = 128;

export function checkAliasAndParams(alias: Uint8Array, params: ParamSet): void {
  if (alias.length === 0 || alias.length > MAX_ALIAS_BYTES) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `alias of ${alias.length} bytes`);
  }
  checkParamSetSanity(params);
}

/** The key lookup: a missing alias is internal -13, 12000011 "The entity does not exist.". */
export async function requireKey(
  client: KeystoreClient,
  alias: Uint8Array,
  params: ParamSet,
): Promise<void> {
  if (!(await client.keyExists(alias, params))) {
    throw new HuksFailure(HksErr.NOT_EXIST, 'key not found');
  }
}
