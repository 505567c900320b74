import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyPadding as P, HuksKeyPurpose as U, HuksTag as T,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import { checkRawKeyLength, generateRawKey, parseRawImport, refuseRawExport } from './raw-key.js';
import { readIv, StreamCipherOperation } from './stream-cipher.js';

/** OpenSSL 3.0 (Node 20) has sm4-ecb/cbc/ctr/cfb/ofb; CFB is full-block CFB-128 (§2.2). */
const MODE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [M.HUKS_MODE_ECB, 'sm4-ecb'],
  [M.HUKS_MODE_CBC, 'sm4-cbc'],
  [M.HUKS_MODE_CTR, 'sm4-ctr'],
  [M.HUKS_MODE_CFB, 'sm4-cfb'],
  [M.HUKS_MODE_OFB, 'sm4-ofb'],
]);

/** SM4 (algorithms.md §2.2): 128-bit keys, streaming in every mode. */
export const sm4Family: KeyFamily = {
  algorithm: A.HUKS_ALG_SM4,
  generate: generateRawKey,
  parseImport: (params, inData) => parseRawImport(params, inData),
  checkImport: checkRawKeyLength,
  exportPublic: (_params, material) => refuseRawExport(material),
  createOperation: createSm4Operation,
};

function createSm4Operation(spec: OperationSpec): CryptoOperation {
  const { runtime, material, purpose } = spec;
  const encrypt = purpose === U.HUKS_KEY_PURPOSE_ENCRYPT;
  if (!encrypt && purpose !== U.HUKS_KEY_PURPOSE_DECRYPT) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE, `SM4 cannot run purpose ${purpose}`);
  }
  if (material.length !== 16) {
    throw new HuksFailure(HksErr.INVALID_KEY_FILE, `SM4 key of ${material.length} bytes`);
  }
  const mode = runtime.getNumber(T.HUKS_TAG_BLOCK_MODE);
  const cipher = mode === undefined ? undefined : MODE_NAMES.get(mode);
  if (cipher === undefined) throw new HuksFailure(HksErr.INVALID_MODE, `SM4 mode ${mode}`);

  const pkcs7 = runtime.getNumber(T.HUKS_TAG_PADDING) === P.HUKS_PADDING_PKCS7;
  const blockMode = mode === M.HUKS_MODE_ECB || mode === M.HUKS_MODE_CBC;
  return new StreamCipherOperation({
    cipher,
    key: material,
    // §2.2: every mode but ECB needs a 16-byte IV (401 missing, [REC] 12000003 other lengths).
    iv: mode === M.HUKS_MODE_ECB ? null : readIv(runtime, 16),
    encrypt,
    pkcs7,
    ...(encrypt && blockMode && !pkcs7 ? { finishMultiple: 16 } : {}),
  });
}
