import { createHmac, type Hmac } from 'node:crypto';
import { HuksKeyAlg as A, HuksKeyPurpose as U, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { toBytes } from './bytes.js';
import { DIGEST_NAMES } from './digests.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import {
  checkRawKeyLength, engineKey, generateRawKey, parseRawImport, refuseRawExport,
} from './raw-key.js';

/** HMAC keys (algorithms.md §9.1): any positive multiple of 8 bits, MAC only. */
export const hmacFamily: KeyFamily = {
  algorithm: A.HUKS_ALG_HMAC,
  generate: generateRawKey,
  parseImport: (params, inData) => parseRawImport(params, inData),
  checkImport: checkRawKeyLength,
  exportPublic: (_params, material) => refuseRawExport(material),
  createOperation: createMacOperation,
};

/** SM3 keys (§9.2) are HMAC-SM3 keys. */
export const sm3Family: KeyFamily = { ...hmacFamily, algorithm: A.HUKS_ALG_SM3 };

/**
 * A MAC session: HMAC with the init DIGEST over the raw key bytes. Also the path of an HMAC
 * session on an AES/DES/3DES MAC key (§9.3), which the reference computes the same way.
 * @throws HuksFailure INVALID_DIGEST (12000003) for a digest HMAC cannot use
 */
export function createMacOperation(spec: OperationSpec): CryptoOperation {
  if (spec.purpose !== U.HUKS_KEY_PURPOSE_MAC) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE, `MAC keys cannot run purpose ${spec.purpose}`);
  }
  const digest = spec.runtime.getNumber(T.HUKS_TAG_DIGEST);
  const name = digest === undefined ? undefined : DIGEST_NAMES.get(digest);
  if (name === undefined || name === 'md5') {
    throw new HuksFailure(HksErr.INVALID_DIGEST, `HMAC digest ${digest}`);
  }
  return new HmacOperation(createHmac(name, engineKey(spec)));
}

class HmacOperation implements CryptoOperation {
  private readonly context: Hmac;

  constructor(context: Hmac) {
    this.context = context;
  }

  update(data: Uint8Array): Uint8Array {
    this.context.update(data);
    return new Uint8Array(0);
  }

  finish(data: Uint8Array): Uint8Array {
    if (data.length > 0) this.context.update(data);
    return toBytes(this.context.digest());
  }
}
