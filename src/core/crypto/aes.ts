import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyPadding as P, HuksKeyPurpose as U, HuksTag as T,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { CcmOperation, GcmOperation, readAeadSetup } from './aead.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import {
  checkRawKeyLength, engineKey, generateRawKey, parseRawImport, refuseRawExport,
} from './raw-key.js';
import { readIv, StreamCipherOperation } from './stream-cipher.js';

const MODE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [M.HUKS_MODE_ECB, 'ecb'],
  [M.HUKS_MODE_CBC, 'cbc'],
  [M.HUKS_MODE_CTR, 'ctr'],
]);

/** AES (algorithms.md §2.1): ECB, CBC, CTR streaming; GCM streaming; CCM cached. */
export const aesFamily: KeyFamily = {
  algorithm: A.HUKS_ALG_AES,
  generate: generateRawKey,
  parseImport: (params, inData) => parseRawImport(params, inData, [16, 24, 32]),
  checkImport: checkRawKeyLength,
  exportPublic: (_params, material) => refuseRawExport(material),
  createOperation: createAesOperation,
};

function createAesOperation(spec: OperationSpec): CryptoOperation {
  const { runtime, material, purpose } = spec;
  const encrypt = purpose === U.HUKS_KEY_PURPOSE_ENCRYPT;
  if (!encrypt && purpose !== U.HUKS_KEY_PURPOSE_DECRYPT) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE, `AES cannot run purpose ${purpose}`);
  }
  if (material.length !== 16 && material.length !== 24 && material.length !== 32) {
    throw new HuksFailure(HksErr.INVALID_KEY_FILE, `AES key of ${material.length} bytes`);
  }
  const mode = runtime.getNumber(T.HUKS_TAG_BLOCK_MODE);
  if (mode === M.HUKS_MODE_GCM || mode === M.HUKS_MODE_CCM) {
    const setup = readAeadSetup(mode, engineKey(spec), material.length * 8, encrypt, runtime,
      spec.keyParams);
    return mode === M.HUKS_MODE_GCM ? new GcmOperation(setup) : new CcmOperation(setup);
  }
  if (runtime.has(T.HUKS_TAG_AE_TAG_LEN)) {
    // errors.md §7: an AEAD tag length on a mode without one is an unsupported feature.
    throw new HuksFailure(HksErr.NOT_SUPPORTED, `AE_TAG_LEN on AES mode ${mode}`);
  }
  const modeName = mode === undefined ? undefined : MODE_NAMES.get(mode);
  if (modeName === undefined) throw new HuksFailure(HksErr.INVALID_MODE, `AES mode ${mode}`);

  const pkcs7 = runtime.getNumber(T.HUKS_TAG_PADDING) === P.HUKS_PADDING_PKCS7;
  const blockMode = mode === M.HUKS_MODE_ECB || mode === M.HUKS_MODE_CBC;
  return new StreamCipherOperation({
    cipher: `aes-${material.length * 8}-${modeName}`,
    key: engineKey(spec),
    iv: mode === M.HUKS_MODE_ECB ? null : readIv(runtime, 16),
    encrypt,
    pkcs7,
    // §2.1.1: NoPadding ECB/CBC encryption needs a block-aligned finish chunk (401).
    ...(encrypt && blockMode && !pkcs7 ? { finishMultiple: 16 } : {}),
  });
}
