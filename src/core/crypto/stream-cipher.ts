import {
  createCipheriv, createDecipheriv, type Cipher, type Decipher, type KeyObject,
} from 'node:crypto';
import { HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { requiredBytes } from '../params/read.js';
import { concatBytes, toBytes } from './bytes.js';
import type { CryptoOperation } from './family.js';

/** How one streaming block-cipher session runs (AES/SM4/DES/3DES outside GCM/CCM). */
export interface StreamCipherSpec {
  /** OpenSSL cipher name, e.g. 'aes-256-cbc', 'sm4-ofb', 'des-ede3-cbc'. */
  readonly cipher: string;
  /** The key for node:crypto (raw-key.ts engineKey). */
  readonly key: Uint8Array | KeyObject;
  /** null for ECB. */
  readonly iv: Uint8Array | null;
  readonly encrypt: boolean;
  /** PKCS7 padding (Node's auto padding); NONE otherwise. */
  readonly pkcs7: boolean;
  /** DES/3DES: every update and finish chunk must be a multiple of this (§2.3). */
  readonly chunkMultiple?: number;
  /** AES/SM4 ECB/CBC NoPadding encryption: the finish chunk must be a multiple of this. */
  readonly finishMultiple?: number;
}

/**
 * The streaming cipher of algorithms.md §2.1.1/§2.2/§2.3: update returns what the cipher
 * releases, finish the rest. Input goes straight to OpenSSL without copies.
 */
export class StreamCipherOperation implements CryptoOperation {
  private readonly context: Cipher | Decipher;
  private readonly spec: StreamCipherSpec;

  constructor(spec: StreamCipherSpec) {
    this.spec = spec;
    this.context = spec.encrypt
      ? createCipheriv(spec.cipher, spec.key, spec.iv)
      : createDecipheriv(spec.cipher, spec.key, spec.iv);
    this.context.setAutoPadding(spec.pkcs7);
  }

  update(data: Uint8Array): Uint8Array {
    checkMultiple(data, this.spec.chunkMultiple);
    return toBytes(this.context.update(data));
  }

  finish(data: Uint8Array): Uint8Array {
    checkMultiple(data, this.spec.chunkMultiple);
    checkMultiple(data, this.spec.finishMultiple);
    const head = this.context.update(data);
    let tail: Buffer;
    try {
      tail = this.context.final();
    } catch {
      // Unaligned total without padding, or bad PKCS7 padding on decryption (§2.1.1).
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'cipher final block failed');
    }
    return tail.length === 0 ? toBytes(head) : concatBytes([head, tail]);
  }
}

function checkMultiple(data: Uint8Array, multiple: number | undefined): void {
  if (multiple !== undefined && data.length % multiple !== 0) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `data of ${data.length} bytes is not a multiple of ${multiple}`);
  }
}

/**
 * HUKS_TAG_IV for a mode that needs one: missing gives 401 "The parameter does not exist."
 * (errors.md §7), empty 401, a length other than `length` 12000003 (INVALID_IV, [REC]).
 */
export function readIv(runtime: ParamSet, length: number): Uint8Array {
  const iv = requiredBytes(runtime, T.HUKS_TAG_IV, 'IV', HksErr.PARAM_NOT_EXIST);
  if (iv.length !== length) {
    throw new HuksFailure(HksErr.INVALID_IV, `IV must be ${length} bytes, got ${iv.length}`);
  }
  return iv;
}
