import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { HuksImportKeyType, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import type { OperationSpec } from './family.js';

/**
 * Shared key handling of the raw-key (symmetric) families: AES, SM4, DES, 3DES, HMAC, SM3.
 * Their material is the raw key bytes (key-formats.md §4).
 */

/**
 * The raw key as node:crypto should take it. With the key's memo (PreparedKey) it is a secret
 * KeyObject made once: the session's fresh copy of the bytes would cost node a new off-heap
 * buffer at every init (1-2 us, as much as the rest of an HMAC init), the KeyObject nothing.
 * Like the loaded asymmetric keys, it cannot be zeroed and goes with its memo entry.
 */
export function engineKey(spec: OperationSpec): KeyObject | Uint8Array {
  const prepared = spec.prepared;
  if (prepared === undefined) return spec.material;
  return (prepared.secretKey ??= createSecretKey(spec.material));
}

/**
 * openhuks bound: HMAC/SM3 sizes have no upper limit in the reference tables; generation stops
 * at the 2048 bytes import allows (§1.4 step 1), so a huge KEY_SIZE cannot exhaust memory.
 */
const MAX_RAW_KEY_BYTES = 2048;

/**
 * A new random key of ceil(KEY_SIZE/8) bytes (KEY_SIZE already checked by the core).
 * @throws HuksFailure INVALID_ARGUMENT (401) above 2048 bytes
 */
export function generateRawKey(params: ParamSet): Uint8Array {
  const bits = params.getNumber(T.HUKS_TAG_KEY_SIZE) ?? 0;
  const bytes = Math.ceil(bits / 8);
  if (bytes > MAX_RAW_KEY_BYTES) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `key size ${bits} exceeds ${MAX_RAW_KEY_BYTES * 8}`);
  }
  return new Uint8Array(randomBytes(bytes));
}

/** IMPORT_KEY_TYPE PRIVATE_KEY or KEY_PAIR (the raw data is taken as is, §1.4 step 1). */
export function isPrivateImport(params: ParamSet): boolean {
  const type = params.getNumber(T.HUKS_TAG_IMPORT_KEY_TYPE);
  return type === HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY
    || type === HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR;
}

/**
 * §1.4 step 1 for raw keys given as "public" (or without a type): the length must be one of
 * the algorithm's raw lengths. @throws HuksFailure INVALID_KEY_INFO (401)
 */
export function parseRawImport(params: ParamSet, inData: Uint8Array,
  lengths?: readonly number[]): Uint8Array {
  if (!isPrivateImport(params) && lengths !== undefined && !lengths.includes(inData.length)) {
    throw new HuksFailure(HksErr.INVALID_KEY_INFO, `raw key of ${inData.length} bytes`);
  }
  return Uint8Array.from(inData);
}

/**
 * §1.4 step 4: the key length must equal ceil(KEY_SIZE/8).
 * @throws HuksFailure INVALID_KEY_INFO (401)
 */
export function checkRawKeyLength(params: ParamSet, material: Uint8Array): Uint8Array {
  const bits = params.getNumber(T.HUKS_TAG_KEY_SIZE) ?? 0;
  if (material.length === 0 || material.length !== Math.ceil(bits / 8)) {
    throw new HuksFailure(HksErr.INVALID_KEY_INFO,
      `key of ${material.length} bytes does not match KEY_SIZE ${bits}`);
  }
  return material;
}

/**
 * key-formats.md §5.7: a symmetric key is never exported. The reference reads the raw key as a
 * material header: under 20 bytes it fails on the size, from 20 bytes on the algorithm word.
 * openhuks applies that length rule without interpreting the key bytes.
 * @throws HuksFailure INVALID_KEY_SIZE (12000003) or INVALID_ARGUMENT (401), always
 */
export function refuseRawExport(material: Uint8Array): never {
  if (material.length < 20) {
    throw new HuksFailure(HksErr.INVALID_KEY_SIZE, 'a symmetric key cannot be exported');
  }
  throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'a symmetric key cannot be exported');
}
