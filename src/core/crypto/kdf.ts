import { createHmac, pbkdf2, pbkdf2Sync } from 'node:crypto';
import { HuksKeyAlg as A, HuksKeyDigest as D, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { optionalBytes } from '../params/read.js';
import { EMPTY, toBytes } from './bytes.js';
import { DIGEST_LENGTHS, DIGEST_NAMES } from './digests.js';
import type { CryptoOperation, OperationSpec } from './family.js';

/**
 * From this many PBKDF2 iterations on (about a millisecond of SHA-256), the derivation runs on
 * libuv's thread pool instead of the event loop; below it, the hop would cost more than it saves.
 */
export const ASYNC_PBKDF2_ITERATIONS = 1000;

/** §10: DERIVE_KEY_SIZE is 1 byte to 5 MiB. */
export const MAX_DERIVE_KEY_SIZE = 5 * 1024 * 1024;
const KDF_DIGESTS: readonly number[] = [D.HUKS_DIGEST_SHA256, D.HUKS_DIGEST_SHA384,
  D.HUKS_DIGEST_SHA512];

/**
 * A derivation (algorithms.md §10) on the raw bytes of an AES/DES/3DES/SM4 base key. The core
 * creates it at the first update, after the deferred policy check; the update computes the
 * key, finish returns it.
 * @throws HuksFailure -112/-117 (12000003), -3 (401) for DERIVE_KEY_SIZE or empty SALT/INFO
 */
export function createDeriveOperation(spec: OperationSpec): CryptoOperation {
  const { runtime, algorithm, material } = spec;
  if (algorithm !== A.HUKS_ALG_HKDF && algorithm !== A.HUKS_ALG_PBKDF2) {
    throw new HuksFailure(HksErr.INVALID_ALGORITHM, `derive algorithm ${algorithm}`);
  }
  const digest = runtime.getNumber(T.HUKS_TAG_DIGEST);
  if (digest === undefined || !KDF_DIGESTS.includes(digest)) {
    throw new HuksFailure(HksErr.INVALID_DIGEST, `derive digest ${digest}`);
  }
  const size = runtime.getNumber(T.HUKS_TAG_DERIVE_KEY_SIZE);
  if (size === undefined || size < 1 || size > MAX_DERIVE_KEY_SIZE) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `DERIVE_KEY_SIZE ${size}`);
  }
  const derive = algorithm === A.HUKS_ALG_HKDF
    ? () => hkdf(digest, material, runtime, size)
    : () => derivePbkdf2(digest, material, runtime, size, spec.offload === true);
  return new DeriveOperation(derive);
}

class DeriveOperation implements CryptoOperation {
  private readonly derive: () => Uint8Array | Promise<Uint8Array>;
  private result: Uint8Array | undefined;

  constructor(derive: () => Uint8Array | Promise<Uint8Array>) {
    this.derive = derive;
  }

  /** §10 step 2: the derivation runs here (a promise when it is slow); inData is ignored. */
  update(): Uint8Array | Promise<Uint8Array> {
    const result = this.derive();
    if (!(result instanceof Promise)) {
      this.result = result;
      return EMPTY;
    }
    return result.then((bytes) => {
      this.result = bytes;
      return EMPTY;
    });
  }

  finish(): Uint8Array {
    if (this.result === undefined) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'derive finish without update');
    }
    return this.result;
  }
}

/**
 * RFC 5869 extract-then-expand over createHmac (node's hkdfSync refuses info over 1024 bytes).
 * An absent salt is the RFC default of HashLen zero bytes, which HMAC's key padding equals.
 */
function hkdf(digest: number, ikm: Uint8Array, runtime: ParamSet, size: number): Uint8Array {
  const name = DIGEST_NAMES.get(digest)!;
  const hashLength = DIGEST_LENGTHS.get(digest)!;
  if (size > 255 * hashLength) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `HKDF output of ${size} bytes is too long`);
  }
  const salt = optionalBytes(runtime, T.HUKS_TAG_SALT, 'SALT') ?? EMPTY;
  const info = optionalBytes(runtime, T.HUKS_TAG_INFO, 'INFO') ?? EMPTY;

  const prk = createHmac(name, salt).update(ikm).digest();
  const blocks: Uint8Array[] = [];
  let previous: Uint8Array = EMPTY;
  for (let i = 1; blocks.length * hashLength < size; i++) {
    const counter = Uint8Array.of(i);
    previous = createHmac(name, prk).update(previous).update(info).update(counter).digest();
    blocks.push(previous);
  }
  prk.fill(0);
  // A fresh array, not the shared pool: this is key material, and it may be kept as a key.
  const okm = new Uint8Array(size);
  blocks.forEach((block, i) => {
    okm.set(block.subarray(0, Math.min(hashLength, size - i * hashLength)), i * hashLength);
    block.fill(0);
  });
  return okm;
}

/**
 * RFC 8018 PBKDF2-HMAC; an iteration count of 0 or none fails in the engine (12000006). Many
 * iterations run asynchronously: node validates the arguments before it queues the job (the same
 * throws as the synchronous call) and copies password and salt, so the session may be disposed
 * meanwhile without the job reading zeroed bytes.
 */
function derivePbkdf2(digest: number, password: Uint8Array, runtime: ParamSet, size: number,
  offload: boolean): Uint8Array | Promise<Uint8Array> {
  const iterations = runtime.getNumber(T.HUKS_TAG_ITERATION);
  if (iterations === undefined || iterations < 1) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `PBKDF2 iteration count ${iterations}`);
  }
  const salt = optionalBytes(runtime, T.HUKS_TAG_SALT, 'SALT') ?? EMPTY;
  const name = DIGEST_NAMES.get(digest)!;
  if (!offload || iterations < ASYNC_PBKDF2_ITERATIONS) {
    return toBytes(pbkdf2Sync(password, salt, iterations, size, name));
  }
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, size, name, (error, key) => {
      if (error === null) resolve(toBytes(key));
      else reject(error);
    });
  });
}
