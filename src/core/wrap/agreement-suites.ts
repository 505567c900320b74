/**
 * Unwrap suites 1 and 2 (key-formats.md §8.2): X25519 or ECDH P-256 with the wrapping key gives
 * an AES key (no KDF) that opens the KEK, and the KEK opens the key, both with AES-GCM.
 */

import { createPublicKey, diffieHellman } from 'node:crypto';

import {
  HuksKeyAlg as A, HuksKeyPurpose as U, HuksTag as T, HuksUnwrapSuite,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { decodeAsymKey, privateKeyOf } from '../crypto/asym/key-objects.js';
import { wipe } from '../keys/bytes.js';
import { DerError } from '../keys/der.js';
import { encodeSpki, parseSpki } from '../keys/spki.js';
import type { CoreKey } from '../types.js';
import { readSizePart, requireParts } from './lv.js';
import { aesGcmOpen, engineStep } from './symmetric.js';

/** The KEK is at most an AES-256 key: the reference's output buffer is 32 bytes. */
const MAX_KEK_BYTES = 32;
/** Part 8 bound: 10000 in builds with ML-DSA/ML-KEM, which openhuks follows. */
export const MAX_WRAPPED_KEY_BYTES = 10000;

/**
 * Opens a suite 1/2 blob with the wrapping key and returns the plaintext key data.
 * @throws HuksFailure -127 (12000003) wrapping purpose not exactly UNWRAP, -126/-3/-7 (401)
 *   malformed parts or peer key, -31 (12000006) wrong wrapping key type, tag failures
 */
export function openAgreementSuite(suite: number, wrapping: CoreKey,
  parts: readonly Uint8Array[]): Uint8Array {
  if (wrapping.properties.getNumber(T.HUKS_TAG_PURPOSE) !== U.HUKS_KEY_PURPOSE_UNWRAP) {
    throw new HuksFailure(HksErr.INVALID_USAGE_OF_KEY, 'wrapping key purpose is not UNWRAP');
  }
  const [peer, aad2, nonce2, tag2, kekEnc, aad3, nonce3, tag3, sizePart, keyEnc] =
    requireParts(parts, 10) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array,
      Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const x25519 = suite === HuksUnwrapSuite.HUKS_UNWRAP_SUITE_X25519_AES_256_GCM_NOPADDING;
  const size = readSizePart(sizePart, 'To_Import_Key_size', 1, MAX_WRAPPED_KEY_BYTES);
  if (kekEnc.length > MAX_KEK_BYTES || keyEnc.length > size) {
    throw new HuksFailure(HksErr.BUFFER_TOO_SMALL, 'ciphertext longer than its output buffer');
  }

  const shared = agree(x25519, wrapping, peer);
  const kek = aesGcmOpen(shared, nonce2, aad2, tag2, kekEnc);
  wipe(shared);
  try {
    return aesGcmOpen(kek, nonce3, aad3, tag3, keyEnc);
  } finally {
    wipe(kek);
  }
}

/** The shared secret of the wrapping private key and the sender's public key (part 0). */
function agree(x25519: boolean, wrapping: CoreKey, peer: Uint8Array): Uint8Array {
  const algorithm = wrapping.properties.getNumber(T.HUKS_TAG_ALGORITHM);
  const size = wrapping.properties.getNumber(T.HUKS_TAG_KEY_SIZE);
  const fits = x25519
    ? algorithm === A.HUKS_ALG_X25519
    : algorithm === A.HUKS_ALG_ECC && size === 256;
  if (!fits) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'the wrapping key does not fit the suite');
  }
  const publicKey = x25519 ? x25519Peer(peer) : p256Peer(peer);
  const privateKey = privateKeyOf(decodeAsymKey(wrapping.material));
  return engineStep('agreement with the wrapping key failed',
    () => new Uint8Array(diffieHellman({ privateKey, publicKey })));
}

function x25519Peer(peer: Uint8Array): ReturnType<typeof createPublicKey> {
  if (peer.length !== 32) throw badPeer(`X25519 sender key of ${peer.length} bytes`);
  const spki = encodeSpki({ kind: 'x25519', raw: peer });
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/** Part 0 of suite 2: the X.509 SPKI of a P-256 point. */
function p256Peer(peer: Uint8Array): ReturnType<typeof createPublicKey> {
  try {
    const parsed = parseSpki(peer);
    if (parsed.kind !== 'ec' || parsed.curve !== 'P-256') throw badPeer('not a P-256 key');
  } catch (error) {
    if (error instanceof DerError) throw badPeer(error.message);
    throw error;
  }
  try {
    return createPublicKey({ key: Buffer.from(peer), format: 'der', type: 'spki' });
  } catch {
    throw badPeer('the point is not on P-256');
  }
}

function badPeer(detail: string): HuksFailure {
  return new HuksFailure(HksErr.INVALID_ARGUMENT, `sender public key: ${detail}`);
}
