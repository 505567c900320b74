import {
  HuksKeyAlg as A, HuksKeyFlag, HuksKeyPurpose as U, HuksKeyStorageType as S, HuksTag as T,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { keyProperties } from '../params/key-properties.js';
import type { FinishResult } from '../types.js';

/** §11: algorithms a derived or agreed secret may be stored as. */
const STORABLE_ALGORITHMS: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_AES, A.HUKS_ALG_DES,
  A.HUKS_ALG_3DES, A.HUKS_ALG_HMAC, A.HUKS_ALG_CMAC, A.HUKS_ALG_SM3, A.HUKS_ALG_SM4]);
const MAX_ALIAS = 128;

/**
 * algorithms.md §11: the result of an agreement or derivation is returned, or stored as a new
 * key when the finish parameters ask for it; the base key's DERIVED_AGREED_KEY_STORAGE_FLAG
 * may force either. When stored, outData is empty (openhuks decision, §11).
 * @throws HuksFailure BAD_STATE (12000012) on a conflict with the base key; -3 (401) for a
 *   missing or wrong KEY_ALIAS, ALGORITHM or KEY_SIZE
 */
export function secretResult(purpose: number, keyParams: ParamSet, finishParams: ParamSet,
  secret: Uint8Array): FinishResult {
  const store = finishParams.getNumber(T.HUKS_TAG_KEY_STORAGE_FLAG) === S.HUKS_STORAGE_PERSISTENT
    || finishParams.getNumber(T.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG)
      === S.HUKS_STORAGE_ONLY_USED_IN_HUKS;
  const baseFlag = keyParams.getNumber(T.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG);
  if (baseFlag !== undefined && store !== (baseFlag === S.HUKS_STORAGE_ONLY_USED_IN_HUKS)) {
    throw new HuksFailure(HksErr.BAD_STATE, store
      ? 'the base key does not allow storing the result'
      : 'the base key requires the result to be stored');
  }
  if (!store) return { outData: secret };

  const alias = finishParams.getBytes(T.HUKS_TAG_KEY_ALIAS);
  if (alias === undefined || alias.length === 0 || alias.length > MAX_ALIAS) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'storing needs a KEY_ALIAS of 1 to 128 bytes');
  }
  const algorithm = finishParams.getNumber(T.HUKS_TAG_ALGORITHM);
  if (algorithm === undefined || !STORABLE_ALGORITHMS.has(algorithm)) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `a secret cannot be stored as ${algorithm}`);
  }
  const keySize = finishParams.getNumber(T.HUKS_TAG_KEY_SIZE);
  if (keySize === undefined || Math.ceil(keySize / 8) !== secret.length) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `KEY_SIZE ${keySize} does not match a secret of ${secret.length} bytes`);
  }

  const flag = purpose === U.HUKS_KEY_PURPOSE_AGREE
    ? HuksKeyFlag.HUKS_KEY_FLAG_AGREE_KEY : HuksKeyFlag.HUKS_KEY_FLAG_DERIVE_KEY;
  return {
    outData: new Uint8Array(0),
    storeKey: {
      alias: Uint8Array.from(alias),
      key: { properties: keyProperties(finishParams, flag), material: secret },
      override: finishParams.getBool(T.HUKS_TAG_KEY_OVERRIDE) !== false,
    },
  };
}
