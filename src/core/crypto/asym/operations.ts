/**
 * Operation shapes shared by the asymmetric families (sessions.md §7.1): input cached until
 * finish, streaming hash signatures, and single-update agreement. The core's operation layer
 * adds the session rules (size limits, empty input); these objects only do the crypto.
 */

import {
  createSign, createVerify, sign as signOnce, type Sign, type SignKeyObjectInput, type Verify,
} from 'node:crypto';

import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { concatBytes } from '../../keys/bytes.js';
import type { CryptoOperation } from '../family.js';

const EMPTY = new Uint8Array(0);

/** Collects every update and the finish input, then runs once (RSA cipher, digest NONE, ...). */
export function cachedOperation(run: (data: Uint8Array) => Uint8Array): CryptoOperation {
  const chunks: Uint8Array[] = [];
  return {
    update(data) {
      chunks.push(data.slice());
      return EMPTY;
    },
    finish(data) {
      chunks.push(data);
      const all = concatBytes(...chunks);
      chunks.length = 0;
      return run(all);
    },
  };
}

/** Verification over cached data: updates carry the message, finish the signature. */
export function cachedVerify(check: (message: Uint8Array, signature: Uint8Array) => boolean)
  : CryptoOperation {
  const chunks: Uint8Array[] = [];
  return {
    update(data) {
      chunks.push(data.slice());
      return EMPTY;
    },
    finish(signature) {
      const message = concatBytes(...chunks);
      chunks.length = 0;
      if (!check(message, signature)) throw verifyFailed();
      return EMPTY;
    },
  };
}

/**
 * Signing with a running hash (no size limit). The Sign object is made at the first update: a
 * message that arrives whole with finish is signed in one call (crypto.sign, same digest and
 * options), which saves a stream object and two native calls per signature.
 */
export function hashedSign(hash: string, options: SignKeyObjectInput): CryptoOperation {
  let signer: Sign | undefined;
  return {
    update(data) {
      (signer ??= createSign(hash)).update(data);
      return EMPTY;
    },
    finish(data) {
      const running = signer;
      if (running === undefined) return engine(() => toBytes(signOnce(hash, data, options)));
      running.update(data);
      return engine(() => toBytes(running.sign(options)));
    },
  };
}

/** Verification with a running hash: updates carry the message, finish the signature. */
export function hashedVerify(hash: string, verify: (verifier: Verify, sig: Uint8Array) => boolean)
  : CryptoOperation {
  const verifier = createVerify(hash);
  return {
    update(data) {
      verifier.update(data);
      return EMPTY;
    },
    finish(signature) {
      let ok = false;
      try {
        ok = verify(verifier, signature);
      } catch (error) {
        // Size rules raise their own code; an engine exception is just a failed verification.
        if (error instanceof HuksFailure) throw error;
        ok = false;
      }
      if (!ok) throw verifyFailed();
      return EMPTY;
    },
  };
}

/**
 * Key agreement (algorithms.md §8): exactly one update carries the peer public key and computes
 * the secret; finish returns it and ignores its input.
 */
export function agreementOperation(agree: (peer: Uint8Array) => Uint8Array): CryptoOperation {
  let secret: Uint8Array | undefined;
  return {
    update(peer) {
      if (secret !== undefined) {
        throw new HuksFailure(HksErr.BAD_STATE, 'agreement takes exactly one update');
      }
      if (peer.length === 0) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'empty peer key');
      secret = agree(peer);
      return EMPTY;
    },
    finish() {
      if (secret === undefined) {
        throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'agreement finish before the peer key');
      }
      const out = secret;
      secret = undefined;
      return out;
    },
  };
}

/** An operation that passes init but fails at finish (e.g. RSA ISO/IEC 9796-2: 12000001). */
export function failingAtFinish(failure: () => HuksFailure): CryptoOperation {
  return {
    update: () => EMPTY,
    finish: () => {
      throw failure();
    },
  };
}

/** Runs a node:crypto call; any engine exception becomes 12000006. */
export function engine<T>(run: () => T, detail = 'crypto engine failure'): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HuksFailure) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `${detail}: ${reason}`);
  }
}

export function verifyFailed(): HuksFailure {
  return new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'signature verification failed');
}

export function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
