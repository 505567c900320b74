/**
 * ECDH agreement (algorithms.md §8.1): the peer key is an EC SPKI; the secret is the x
 * coordinate of d·Q, padded to the field size (key-formats.md §9.1).
 *
 * A canonical peer SPKI goes to a cached ECDH object rather than diffieHellman() on KeyObjects:
 * loading the SPKI through OpenSSL's decoders and the peer check of EVP_PKEY_derive cost more
 * than the multiplication itself. ECDH.computeSecret decodes the point with the same
 * EC_POINT_oct2point (compressed, uncompressed or hybrid; off-curve points refused), and on the
 * NIST curves, whose cofactor is 1, every point on the curve but infinity has the group order,
 * so the derive-time order check adds nothing. Infinity fails the multiplication: 12000006.
 */

import {
  createECDH, createPublicKey, diffieHellman, type ECDH, type KeyObject,
} from 'node:crypto';

import { HuksTag } from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { equalBytes, padTo } from '../../keys/bytes.js';
import { NIST_CURVES, type CurveInfo } from '../../keys/curves.js';
import { DerError } from '../../keys/der.js';
import type { AsymKey } from '../../keys/internal.js';
import { parseEcPkcs8 } from '../../keys/pkcs8.js';
import { UnknownCurveError, encodeSpki, parseSpki } from '../../keys/spki.js';
import type { CryptoOperation, OperationSpec } from '../family.js';
import { ecdhKeys } from './key-cache.js';
import { privateKeyOf } from './key-objects.js';
import { agreementOperation, engine, toBytes } from './operations.js';

export function ecdhOperation(spec: OperationSpec, key: AsymKey, curve: CurveInfo)
  : CryptoOperation {
  const privateKey = privateKeyOf(key);
  const ecdh = ecdhOf(key.pkcs8!, privateKey, curve);
  return agreementOperation((peer) => {
    // KEY_SIZE must be in the init set and name the key's curve; reported at the update.
    const size = spec.runtime.getNumber(HuksTag.HUKS_TAG_KEY_SIZE);
    if (size !== curve.keySize) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT,
        `ECDH KEY_SIZE ${size} does not name the key's ${curve.name}`);
    }
    const parsed = parsePeer(peer);
    if (parsed.kind !== 'ec' || parsed.curve !== curve.name) {
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'peer key is not on the key\'s curve');
    }
    const point = parsed.point;
    const canonical = encodeSpki({ kind: 'ec', curve: curve.name, point });
    if (ecdh !== undefined && equalBytes(peer, canonical)) return computeSecret(ecdh, point);
    // Anything else (an SM2 algorithm OID, a key stored on another curve) takes the general
    // path, which accepts and refuses exactly what it always did.
    const publicKey = engine(() =>
      createPublicKey({ key: Buffer.from(peer), format: 'der', type: 'spki' }), 'peer EC point');
    return engine(() => toBytes(diffieHellman({ privateKey, publicKey })), 'ECDH');
  });
}

/**
 * The key's ECDH object, built once per PKCS #8 (key-cache.ts), as setPrivateKey recomputes
 * the public point; undefined when the stored key is not on the session's curve or does not
 * load into an ECDH object.
 */
function ecdhOf(pkcs8: Uint8Array, privateKey: KeyObject, curve: CurveInfo): ECDH | undefined {
  const cached = ecdhKeys.get(pkcs8, () => {
    const name = privateKey.asymmetricKeyDetails?.namedCurve;
    const own = NIST_CURVES.find((c) => c.nodeName === name);
    if (own === undefined) return undefined;
    try {
      const scalar = padTo(parseEcPkcs8(pkcs8), own.fieldBytes);
      if (scalar === undefined) return undefined;
      const ecdh = createECDH(own.nodeName);
      ecdh.setPrivateKey(scalar);
      scalar.fill(0);
      return { curve: own.nodeName, ecdh };
    } catch {
      // A PKCS #8 that OpenSSL loads but ECDH refuses keeps the general path and its errors.
      return undefined;
    }
  });
  return cached?.curve === curve.nodeName ? cached.ecdh : undefined;
}

/** The secret; an invalid point is reported as the general path reports it (12000006). */
function computeSecret(ecdh: ECDH, point: Uint8Array): Uint8Array {
  try {
    return toBytes(ecdh.computeSecret(point));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const what = code === 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY' ? 'peer EC point' : 'ECDH';
    const reason = error instanceof Error ? error.message : String(error);
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, `${what}: ${reason}`);
  }
}

/** A peer key that is not an SPKI of a named-curve EC key is malformed (401). */
function parsePeer(peer: Uint8Array): ReturnType<typeof parseSpki> {
  try {
    const parsed = parseSpki(peer);
    if (parsed.kind !== 'ec') throw new DerError('peer key is not an EC key');
    return parsed;
  } catch (error) {
    if (error instanceof UnknownCurveError) {
      throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'peer key is on another curve');
    }
    if (error instanceof DerError) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `malformed ECDH peer key: ${error.message}`);
    }
    throw error;
  }
}
