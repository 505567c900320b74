/**
 * RSA signatures (algorithms.md §3.2): PKCS #1 v1.5 and PSS with a running hash, or over an
 * already computed hash with DIGEST NONE, and raw RSA with padding NONE. Signatures are k bytes
 * (key-formats.md §6).
 */

import {
  constants, privateEncrypt, publicDecrypt, publicEncrypt, timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

import {
  HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose, HuksRsaPssSaltLenType, HuksTag,
} from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { padTo } from '../../keys/bytes.js';
import type { AsymKey } from '../../keys/internal.js';
import type { CryptoOperation, OperationSpec } from '../family.js';
import { digestByLength, digestInfo, digestSpec, type DigestSpec } from './digest.js';
import { privateKeyOf, publicKeyOf } from './key-objects.js';
import {
  cachedOperation, cachedVerify, engine, failingAtFinish, hashedSign, hashedVerify, toBytes,
} from './operations.js';
import { pssEncode, pssVerify } from './rsa-padding.js';

const Pad = HuksKeyPadding;

interface RsaContext {
  readonly sign: boolean;
  readonly key: KeyObject;
  readonly k: number;
  readonly modBits: number;
}

export function rsaSignatureOperation(spec: OperationSpec, key: AsymKey): CryptoOperation {
  const sign = spec.purpose === HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN;
  const keyObject = sign ? privateKeyOf(key) : publicKeyOf(key);
  const modBits = keyObject.asymmetricKeyDetails!.modulusLength!;
  const ctx: RsaContext = { sign, key: keyObject, k: Math.ceil(modBits / 8), modBits };
  const padding = spec.runtime.getNumber(HuksTag.HUKS_TAG_PADDING);
  const digest = spec.runtime.getNumber(HuksTag.HUKS_TAG_DIGEST) ?? HuksKeyDigest.HUKS_DIGEST_NONE;

  switch (padding) {
    case Pad.HUKS_PADDING_PKCS1_V1_5:
      return pkcs1Operation(ctx, digest);
    case Pad.HUKS_PADDING_PSS:
      return pssOperation(ctx, digest, saltLength(spec, ctx, digest));
    case Pad.HUKS_PADDING_NONE:
      if (digest !== HuksKeyDigest.HUKS_DIGEST_NONE) {
        throw new HuksFailure(HksErr.INVALID_DIGEST, 'raw RSA signatures take DIGEST NONE');
      }
      return rawOperation(ctx);
    case Pad.HUKS_PADDING_ISO_IEC_9796_2:
      // Accepted by the tables, unsupported by the reference's software engine (§3.2).
      return failingAtFinish(() =>
        new HuksFailure(HksErr.NOT_SUPPORTED, 'ISO/IEC 9796-2 signatures are not supported'));
    default:
      throw new HuksFailure(HksErr.INVALID_PADDING,
        `padding ${padding} is not a signature padding`);
  }
}

function pkcs1Operation(ctx: RsaContext, digest: number): CryptoOperation {
  const options = { key: ctx.key, padding: constants.RSA_PKCS1_PADDING };
  const hash = hashOf(digest);
  if (hash !== undefined) {
    return ctx.sign
      ? hashedSign(hash.node, options)
      : hashedVerify(hash.node,
        (verifier, sig) => checkSize(ctx, sig) && verifier.verify(options, sig));
  }
  // DIGEST NONE: the data is the hash; the DigestInfo is built for the hash its length names.
  if (ctx.sign) {
    return cachedOperation((data) => {
      const info = digestInfo(prehashSpec(data), data);
      return engine(() => toBytes(privateEncrypt(options, info)), 'PKCS#1 v1.5 signing');
    });
  }
  return cachedVerify((data, sig) => {
    const info = digestInfo(prehashSpec(data), data);
    if (!checkSize(ctx, sig)) return false;
    let recovered: Buffer;
    try {
      recovered = publicDecrypt(options, padded(ctx, sig));
    } catch {
      return false;
    }
    return recovered.length === info.length && timingSafeEqual(recovered, info);
  });
}

function pssOperation(ctx: RsaContext, digest: number, salt: number): CryptoOperation {
  const hash = hashOf(digest);
  if (hash !== undefined) {
    const options = { key: ctx.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt };
    return ctx.sign
      ? hashedSign(hash.node, options)
      : hashedVerify(hash.node,
        (verifier, sig) => checkSize(ctx, sig) && verifier.verify(options, sig));
  }
  // DIGEST NONE: EMSA-PSS over the given hash, then the raw RSA primitive.
  const emBits = ctx.modBits - 1;
  if (ctx.sign) {
    return cachedOperation((data) => {
      const spec = prehashSpec(data);
      const length = salt === constants.RSA_PSS_SALTLEN_MAX_SIGN ? maxSalt(ctx, spec) : salt;
      const em = pssEncode(spec, data, emBits, length);
      if (em === undefined) {
        throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'modulus too small for this PSS salt');
      }
      return rawSign(ctx, padded(ctx, em));
    });
  }
  return cachedVerify((data, sig) => {
    const spec = prehashSpec(data);
    if (!checkSize(ctx, sig)) return false;
    const block = rawRecover(ctx, sig);
    if (block === undefined) return false;
    const emLen = Math.ceil(emBits / 8);
    if (block.subarray(0, ctx.k - emLen).some((b) => b !== 0)) return false;
    const length = salt === constants.RSA_PSS_SALTLEN_MAX_SIGN ? maxSalt(ctx, spec) : salt;
    return pssVerify(spec, data, block.subarray(ctx.k - emLen), emBits, length);
  });
}

function rawOperation(ctx: RsaContext): CryptoOperation {
  if (ctx.sign) {
    return cachedOperation((data) => {
      requireModulusLength(ctx, data);
      return rawSign(ctx, data);
    });
  }
  return cachedVerify((data, sig) => {
    requireModulusLength(ctx, data);
    if (!checkSize(ctx, sig)) return false;
    const recovered = rawRecover(ctx, sig);
    return recovered !== undefined && timingSafeEqual(recovered, data);
  });
}

/**
 * The PSS salt length of HUKS_TAG_RSA_PSS_SALT_LEN_TYPE: DIGEST = hLen, MAX (the default) =
 * emLen - hLen - 2. A key that stores the type must be used with the same type (12000012).
 */
function saltLength(spec: OperationSpec, ctx: RsaContext, digest: number): number {
  const tag = HuksTag.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE;
  const stored = spec.keyParams.getNumber(tag);
  const type = spec.runtime.getNumber(tag);
  if (stored !== undefined && stored !== type) {
    throw new HuksFailure(HksErr.BAD_STATE, 'PSS salt length type differs from the key\'s');
  }
  const hash = hashOf(digest);
  if (type === HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_DIGEST) {
    return hash?.length ?? constants.RSA_PSS_SALTLEN_DIGEST;
  }
  if (type === undefined || type === HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_MAX) {
    // Signing asks OpenSSL for its maximum; verification pins the exact maximum, so that a
    // signature with a shorter salt fails as in the reference.
    if (ctx.sign || hash === undefined) return constants.RSA_PSS_SALTLEN_MAX_SIGN;
    return maxSalt(ctx, hash);
  }
  throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `unknown PSS salt length type ${type}`);
}

function maxSalt(ctx: RsaContext, hash: DigestSpec): number {
  return Math.ceil((ctx.modBits - 1) / 8) - hash.length - 2;
}

function hashOf(digest: number): DigestSpec | undefined {
  if (digest === HuksKeyDigest.HUKS_DIGEST_NONE) return undefined;
  const spec = digestSpec(digest);
  if (spec === undefined) {
    throw new HuksFailure(HksErr.INVALID_DIGEST, `digest ${digest} is not an RSA digest`);
  }
  return spec;
}

/** DIGEST NONE: the input length must name a hash, else 401 (INVALID_KEY_INFO). */
function prehashSpec(data: Uint8Array): DigestSpec {
  const spec = digestByLength(data.length);
  if (spec === undefined) {
    throw new HuksFailure(HksErr.INVALID_KEY_INFO, `${data.length} bytes is not a hash length`);
  }
  return spec;
}

/** A signature longer than the modulus is an invalid signature size (12000003). */
function checkSize(ctx: RsaContext, sig: Uint8Array): boolean {
  if (sig.length > ctx.k) {
    throw new HuksFailure(HksErr.INVALID_SIGNATURE_SIZE, `signature of ${sig.length} bytes`);
  }
  return true;
}

function requireModulusLength(ctx: RsaContext, data: Uint8Array): void {
  if (data.length !== ctx.k) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `raw RSA signing takes ${ctx.k} bytes, got ${data.length}`);
  }
}

function padded(ctx: RsaContext, value: Uint8Array): Uint8Array {
  return padTo(value, ctx.k) ?? value;
}

function rawSign(ctx: RsaContext, block: Uint8Array): Uint8Array {
  return engine(() => toBytes(privateEncrypt({ key: ctx.key, padding: constants.RSA_NO_PADDING },
    block)), 'raw RSA signing');
}

/** sig^e mod n as k bytes, or undefined when sig is not below n. */
function rawRecover(ctx: RsaContext, sig: Uint8Array): Uint8Array | undefined {
  try {
    return toBytes(publicEncrypt({ key: ctx.key, padding: constants.RSA_NO_PADDING },
      padded(ctx, sig)));
  } catch {
    return undefined;
  }
}

