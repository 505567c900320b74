/**
 * The sender's side of unwrap suites 1 and 2 (key-formats.md §8.2 "How the sender builds it"):
 * an ephemeral X25519 or P-256 key agrees with the keystore's wrapping public key, the secret
 * seals a random KEK with AES-256-GCM, and the KEK seals the key.
 */

import { createPublicKey, diffieHellman, generateKeyPairSync, randomBytes } from 'node:crypto';

import { u32le, wipe } from '../core/keys/bytes.js';
import { encodeSpki } from '../core/keys/spki.js';
import { encodeLv } from '../core/wrap/lv.js';
import { aesGcmSeal } from '../core/wrap/symmetric.js';

const KEK_BYTES = 32;
const NONCE_BYTES = 12;
const AAD_BYTES = 16;

export interface AgreementWrapOptions {
  /** Additional data for both GCM layers (random 16 bytes each when absent; at least 1 byte). */
  readonly aad?: Uint8Array;
}

/** Suite 1: `wrappingPublicKey` is the raw 32-byte X25519 key exportKeyItem returns. */
export function wrapForX25519(wrappingPublicKey: Uint8Array, key: Uint8Array,
  options: AgreementWrapOptions = {}): Uint8Array {
  if (wrappingPublicKey.length !== 32) throw new RangeError('an X25519 public key is 32 bytes');
  const peer = createPublicKey({
    key: Buffer.from(encodeSpki({ kind: 'x25519', raw: wrappingPublicKey })),
    format: 'der', type: 'spki',
  });
  const own = generateKeyPairSync('x25519');
  const raw = own.publicKey.export({ format: 'jwk' }).x!;
  return seal(new Uint8Array(Buffer.from(raw, 'base64url')),
    diffieHellman({ privateKey: own.privateKey, publicKey: peer }), key, options);
}

/** Suite 2: `wrappingPublicKey` is the P-256 SPKI exportKeyItem returns. */
export function wrapForEcdhP256(wrappingPublicKey: Uint8Array, key: Uint8Array,
  options: AgreementWrapOptions = {}): Uint8Array {
  const peer = createPublicKey({
    key: Buffer.from(wrappingPublicKey), format: 'der', type: 'spki',
  });
  if (peer.asymmetricKeyType !== 'ec' || peer.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new RangeError('suite 2 needs a P-256 wrapping key');
  }
  const own = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = new Uint8Array(own.publicKey.export({ format: 'der', type: 'spki' }));
  return seal(spki, diffieHellman({ privateKey: own.privateKey, publicKey: peer }), key, options);
}

/** The ten parts of §8.2, in order. */
function seal(senderPublic: Uint8Array, shared: Buffer, key: Uint8Array,
  options: AgreementWrapOptions): Uint8Array {
  if (key.length === 0) throw new RangeError('nothing to wrap');
  const kek = new Uint8Array(randomBytes(KEK_BYTES));
  const aad2 = options.aad ?? new Uint8Array(randomBytes(AAD_BYTES));
  const aad3 = options.aad ?? new Uint8Array(randomBytes(AAD_BYTES));
  const nonce2 = new Uint8Array(randomBytes(NONCE_BYTES));
  const nonce3 = new Uint8Array(randomBytes(NONCE_BYTES));
  const sealedKek = aesGcmSeal(new Uint8Array(shared), nonce2, aad2, kek);
  const sealedKey = aesGcmSeal(kek, nonce3, aad3, key);
  wipe(kek, shared);
  return encodeLv([senderPublic, aad2, nonce2, sealedKek.tag, sealedKek.ciphertext, aad3, nonce3,
    sealedKey.tag, u32le(key.length), sealedKey.ciphertext]);
}
