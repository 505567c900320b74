/**
 * ECDH agreement (algorithms.md §8.1): the peer key is an EC SPKI; the secret is the x
 * coordinate of d·Q, padded to the field size (key-formats.md §9.1).
 */

import { createPublicKey, diffieHellman } from 'node:crypto';

import { HuksTag } from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import type { CurveInfo } from '../../keys/curves.js';
import { DerError } from '../../keys/der.js';
import type { AsymKey } from '../../keys/internal.js';
import { UnknownCurveError, parseSpki } from '../../keys/spki.js';
import type { CryptoOperation, OperationSpec } from '../family.js';
import { privateKeyOf } from './key-objects.js';
import { agreementOperation, engine, toBytes } from './operations.js';

export function ecdhOperation(spec: OperationSpec, key: AsymKey, curve: CurveInfo)
  : CryptoOperation {
  const privateKey = privateKeyOf(key);
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
    const publicKey = engine(() =>
      createPublicKey({ key: Buffer.from(peer), format: 'der', type: 'spki' }), 'peer EC point');
    return engine(() => toBytes(diffieHellman({ privateKey, publicKey })), 'ECDH');
  });
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
