import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyPurpose as U, HuksTag as T,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { concatBytes } from './bytes.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import {
  checkRawKeyLength, generateRawKey, isPrivateImport, parseRawImport, refuseRawExport,
} from './raw-key.js';
import { readIv, StreamCipherOperation } from './stream-cipher.js';

/** DES (algorithms.md §2.3): 8-byte keys, ECB/CBC, NoPadding. */
export const desFamily: KeyFamily = makeDesFamily(A.HUKS_ALG_DES, [8]);

/** 3DES: 16-byte K1||K2 (EDE2, K1,K2,K1) or 24-byte K1||K2||K3. */
export const tripleDesFamily: KeyFamily = makeDesFamily(A.HUKS_ALG_3DES, [16, 24]);

function makeDesFamily(algorithm: number, lengths: readonly number[]): KeyFamily {
  return {
    algorithm,
    generate: generateRawKey,
    parseImport: (params, inData) => parseDesImport(params, inData, lengths),
    checkImport: checkRawKeyLength,
    exportPublic: (_params, material) => refuseRawExport(material),
    createOperation: (spec) => createDesOperation(spec, lengths),
  };
}

/** §1.4 step 2: DES/3DES have no PRIVATE_KEY/KEY_PAIR conversion (12000003). */
function parseDesImport(params: ParamSet, inData: Uint8Array,
  lengths: readonly number[]): Uint8Array {
  if (isPrivateImport(params)) {
    throw new HuksFailure(HksErr.INVALID_ALGORITHM, 'DES/3DES cannot be imported as private keys');
  }
  return parseRawImport(params, inData, lengths);
}

/**
 * Node 20's default OpenSSL provider lacks single DES (des-ecb/des-cbc need the legacy
 * provider, algorithms.md §14), so DES runs as EDE with K1 = K2 = K, which is single DES.
 */
function createDesOperation(spec: OperationSpec, lengths: readonly number[]): CryptoOperation {
  const { runtime, material, purpose } = spec;
  const encrypt = purpose === U.HUKS_KEY_PURPOSE_ENCRYPT;
  if (!encrypt && purpose !== U.HUKS_KEY_PURPOSE_DECRYPT) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE, `DES cannot run purpose ${purpose}`);
  }
  if (!lengths.includes(material.length)) {
    throw new HuksFailure(HksErr.INVALID_KEY_FILE, `DES key of ${material.length} bytes`);
  }
  const mode = runtime.getNumber(T.HUKS_TAG_BLOCK_MODE);
  if (mode !== M.HUKS_MODE_ECB && mode !== M.HUKS_MODE_CBC) {
    throw new HuksFailure(HksErr.INVALID_MODE, `DES mode ${mode}`);
  }
  const key = material.length === 8 ? concatBytes([material, material]) : material;
  const base = key.length === 24 ? 'des-ede3' : 'des-ede';
  try {
    return new StreamCipherOperation({
      cipher: mode === M.HUKS_MODE_CBC ? `${base}-cbc` : base,
      key,
      // §2.3: CBC needs an 8-byte IV (401 missing, 12000003 other lengths).
      iv: mode === M.HUKS_MODE_CBC ? readIv(runtime, 8) : null,
      encrypt,
      pkcs7: false,
      chunkMultiple: 8,
    });
  } finally {
    // OpenSSL keeps its own copy of the key; wipe the K||K copy made here.
    if (key !== material) key.fill(0);
  }
}
