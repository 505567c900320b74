import { HksErr, HuksFailure } from '../errors/failure.js';

/** HKS_MAX_KEY_ALIAS_LEN (storage.md §1.1); the JS path enforces 128, not the NDK's 64. */
export const MAX_ALIAS_BYTES = 128;

/**
 * storage.md §1.1: an alias is 1..128 bytes of UTF-8, any byte allowed, compared byte for byte.
 * @throws HuksFailure -3 (401 "Invalid parameters.") for an empty or too long alias.
 */
export function checkAlias(alias: Uint8Array, what = 'alias'): void {
  if (alias.length === 0) throw new HuksFailure(HksErr.INVALID_ARGUMENT, `${what} is empty`);
  if (alias.length > MAX_ALIAS_BYTES) {
    throw new HuksFailure(
      HksErr.INVALID_ARGUMENT,
      `${what} is ${alias.length} bytes, more than ${MAX_ALIAS_BYTES}`,
    );
  }
}
