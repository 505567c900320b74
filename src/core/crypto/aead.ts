import {
  createCipheriv, createDecipheriv, randomBytes, type CipherCCM, type CipherCCMTypes,
  type CipherGCM, type CipherGCMTypes, type DecipherCCM, type DecipherGCM, type KeyObject,
} from 'node:crypto';
import { HuksCipherMode as M, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { optionalBytes } from '../params/read.js';
import { concatBytes, EMPTY, toBytes } from './bytes.js';
import type { CryptoOperation } from './family.js';

/** hks_error_code.h HKS_ERROR_CODE_AEAD_TAG_LEN_NOT_EQUAL (12000018); not in HksErr. */
const AEAD_TAG_LEN_NOT_EQUAL = -182;

const GCM_TAG_LENGTHS: readonly number[] = [16];
const CCM_TAG_LENGTHS: readonly number[] = [4, 6, 8, 10, 12, 14, 16];
/** Nonces HUKS generates when encryption gets none (key-formats.md §7.1). */
const GCM_NONCE = 12;
const CCM_NONCE = 7;
const NON_NULL_EMPTY = new Uint8Array(1).subarray(0, 0);

/** Everything an AES-GCM/CCM session takes at init (algorithms.md §2.1.2-§2.1.3). */
export interface AeadSetup {
  readonly mode: typeof M.HUKS_MODE_GCM | typeof M.HUKS_MODE_CCM;
  /** The key for node:crypto (raw-key.ts engineKey). */
  readonly key: Uint8Array | KeyObject;
  /** Its length in bits (128, 192, 256). */
  readonly keyBits: number;
  readonly encrypt: boolean;
  readonly nonce: Uint8Array;
  /** Set when HUKS generated the nonce: it is appended after the tag. */
  readonly generatedNonce: boolean;
  readonly aad: Uint8Array;
  readonly tagLength: number;
  /** Decryption: HUKS_TAG_AE_TAG. */
  readonly tag: Uint8Array | undefined;
}

/**
 * Reads the AEAD init parameters in this order: AE_TAG_LEN, NONCE, AAD, AE_TAG.
 * @throws HuksFailure -181 (12000003), -121 (12000003), -4 (12000001), -30/-3 (401),
 *   -109 (12000002), -182 (12000018)
 */
export function readAeadSetup(mode: number, key: Uint8Array | KeyObject, keyBits: number,
  encrypt: boolean, runtime: ParamSet, keyParams: ParamSet): AeadSetup {
  const gcm = mode === M.HUKS_MODE_GCM;
  const tagLength = runtime.getNumber(T.HUKS_TAG_AE_TAG_LEN) ?? 16;
  if (!(gcm ? GCM_TAG_LENGTHS : CCM_TAG_LENGTHS).includes(tagLength)) {
    throw new HuksFailure(HksErr.AEAD_TAG_LEN_INVALID, `AE tag length ${tagLength}`);
  }

  let nonce = optionalBytes(runtime, T.HUKS_TAG_NONCE, 'NONCE');
  let generatedNonce = false;
  if (encrypt && gcm && keyParams.has(T.HUKS_TAG_KEY_AUTH_PURPOSE) && nonce !== undefined) {
    // §2.1.2: HUKS always makes the nonce for such keys.
    throw new HuksFailure(HksErr.NOT_SUPPORTED, 'a caller NONCE is not allowed for this key');
  }
  if (nonce === undefined) {
    if (!encrypt) throw new HuksFailure(HksErr.PARAM_NOT_EXIST, 'decryption needs NONCE');
    nonce = new Uint8Array(randomBytes(gcm ? GCM_NONCE : CCM_NONCE));
    generatedNonce = true;
  }
  checkNonceLength(gcm, encrypt, nonce);

  const aad = optionalBytes(runtime, T.HUKS_TAG_AAD, 'AAD')
    ?? optionalBytes(runtime, T.HUKS_TAG_ASSOCIATED_DATA, 'ASSOCIATED_DATA') ?? EMPTY;

  let tag: Uint8Array | undefined;
  if (!encrypt) {
    // §2.1.2 / §2.1.3: a missing tag is 401 for GCM but 12000002 for CCM.
    tag = optionalBytes(runtime, T.HUKS_TAG_AE_TAG, 'AE_TAG');
    if (tag === undefined) {
      throw new HuksFailure(gcm ? HksErr.PARAM_NOT_EXIST : HksErr.CHECK_GET_AE_TAG_FAIL,
        'decryption needs AE_TAG');
    }
    if (tag.length !== tagLength) {
      throw new HuksFailure(AEAD_TAG_LEN_NOT_EQUAL,
        `AE_TAG of ${tag.length} bytes, expected ${tagLength}`);
    }
  }
  return { mode: gcm ? M.HUKS_MODE_GCM : M.HUKS_MODE_CCM, key, keyBits, encrypt, nonce,
    generatedNonce, aad, tagLength, tag };
}

/**
 * [REC] GCM encryption takes a 12-byte nonce, CCM 7 to 13 bytes (12000003 otherwise). GCM
 * decryption takes any length OpenSSL accepts (1 to 128 bytes), as the reference does.
 */
function checkNonceLength(gcm: boolean, encrypt: boolean, nonce: Uint8Array): void {
  const ok = gcm ? (encrypt ? nonce.length === GCM_NONCE : nonce.length <= 128)
    : nonce.length >= 7 && nonce.length <= 13;
  if (!ok) throw new HuksFailure(HksErr.INVALID_NONCE, `nonce of ${nonce.length} bytes`);
}

/** AES-GCM: streaming; the tag (and a generated nonce) follow the last ciphertext. */
export class GcmOperation implements CryptoOperation {
  private readonly context: CipherGCM | DecipherGCM;
  private readonly setup: AeadSetup;

  constructor(setup: AeadSetup) {
    this.setup = setup;
    const name = `aes-${setup.keyBits}-gcm` as CipherGCMTypes;
    const options = { authTagLength: setup.tagLength };
    if (setup.encrypt) {
      this.context = createCipheriv(name, setup.key, setup.nonce, options);
    } else {
      const decipher = createDecipheriv(name, setup.key, setup.nonce, options);
      decipher.setAuthTag(setup.tag!);
      this.context = decipher;
    }
    if (setup.aad.length > 0) this.context.setAAD(setup.aad);
  }

  update(data: Uint8Array): Uint8Array {
    return toBytes(this.context.update(data));
  }

  finish(data: Uint8Array): Uint8Array {
    const head = this.context.update(data);
    let tail: Buffer;
    try {
      tail = this.context.final();
    } catch {
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'GCM tag mismatch');
    }
    if (!this.setup.encrypt) return tail.length === 0 ? toBytes(head) : concatBytes([head, tail]);
    const tag = (this.context as CipherGCM).getAuthTag();
    const nonce = this.setup.generatedNonce ? this.setup.nonce : EMPTY;
    return concatBytes([head, tail, tag, nonce]);
  }
}

/**
 * AES-CCM: OpenSSL needs the total length up front, so every chunk is cached and finish runs
 * the whole operation (§2.1.3); the operation layer enforces the 100 KiB limit.
 */
export class CcmOperation implements CryptoOperation {
  private readonly setup: AeadSetup;
  private readonly chunks: Uint8Array[] = [];

  constructor(setup: AeadSetup) {
    this.setup = setup;
  }

  update(data: Uint8Array): Uint8Array {
    if (data.length > 0) this.chunks.push(Uint8Array.from(data));
    return EMPTY;
  }

  finish(data: Uint8Array): Uint8Array {
    this.chunks.push(data);
    // An empty input must still reach OpenSSL with a real pointer, or CCM never sets its
    // length and final() fails with "tag not set" (seen with zero-length ArrayBuffers).
    const input = concatBytes(this.chunks);
    const body = input.length > 0 ? input : NON_NULL_EMPTY;
    this.chunks.forEach((chunk, i) => { if (i < this.chunks.length - 1) chunk.fill(0); });
    this.chunks.length = 0;
    const { key, keyBits, nonce, aad, tagLength, encrypt } = this.setup;
    const name = `aes-${keyBits}-ccm` as CipherCCMTypes;
    try {
      if (encrypt) {
        const cipher = createCipheriv(name, key, nonce, { authTagLength: tagLength });
        cipher.setAAD(aad, { plaintextLength: input.length });
        const sealed = concatBytes([cipher.update(body), cipher.final()]);
        const tail = this.setup.generatedNonce ? nonce : EMPTY;
        return concatBytes([sealed, cipher.getAuthTag(), tail]);
      }
      const decipher = createDecipheriv(name, key, nonce, { authTagLength: tagLength });
      decipher.setAuthTag(this.setup.tag!);
      decipher.setAAD(aad, { plaintextLength: input.length });
      const plain = decipher.update(body);
      decipher.final();
      return toBytes(plain);
    } catch {
      // Tag mismatch, or a message too long for the nonce's length field.
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'CCM operation failed');
    } finally {
      input.fill(0);
    }
  }
}
