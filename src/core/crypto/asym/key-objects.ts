/** node:crypto KeyObjects from the internal asymmetric format (keys/internal.ts). */

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { decodeAsymKey, encodeAsymKey, type AsymKey } from '../../keys/internal.js';
import { privateJwk, publicJwk } from '../../keys/jwk.js';
import type { OperationSpec, PreparedKey } from '../family.js';
import { privateKeys, publicKeys } from './key-cache.js';
import { toBytes } from './operations.js';

/** The private key, loaded once per PKCS #8 (key-cache.ts). */
export function privateKeyOf(key: AsymKey): KeyObject {
  if (key.pkcs8 === undefined) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'the key has no private part');
  }
  const pkcs8 = key.pkcs8;
  return privateKeys.get(pkcs8, () => {
    const jwk = privateJwk(pkcs8, key.spki);
    const fast = jwk && loadJwk(() => createPrivateKey({ key: jwk, format: 'jwk' }));
    return fast
      ?? loadKey(() => createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }));
  });
}

/** The public key: the stored one (loaded once per SPKI), else the cached private key's. */
export function publicKeyOf(key: AsymKey): KeyObject {
  const spki = key.spki;
  if (spki !== undefined) {
    return publicKeys.get(spki, () => {
      const jwk = publicJwk(spki);
      const fast = jwk && loadJwk(() => createPublicKey({ key: jwk, format: 'jwk' }));
      return fast
        ?? loadKey(() => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));
    });
  }
  return createPublicKey(privateKeyOf(key));
}

/**
 * The key of one init, decoded at most once, its KeyObjects taken from the key's memo
 * (PreparedKey) when an earlier init loaded them. A memo with a KeyObject means these very
 * bytes decoded before (KeyIdentity), so decoding is skipped only where it cannot fail.
 */
export class InitKey {
  private readonly material: Uint8Array;
  private readonly prepared: PreparedKey;
  private key: AsymKey | undefined;

  /** @throws HuksFailure INVALID_KEY_FILE (12000004) for malformed material (decodeAsymKey). */
  constructor(spec: OperationSpec) {
    this.material = spec.material;
    this.prepared = spec.prepared ?? {};
    const loaded = this.prepared.privateKey !== undefined || this.prepared.publicKey !== undefined;
    if (!loaded) this.key = decodeAsymKey(this.material);
  }

  get decoded(): AsymKey {
    return (this.key ??= decodeAsymKey(this.material));
  }

  privateKey(): KeyObject {
    return (this.prepared.privateKey ??= privateKeyOf(this.decoded));
  }

  publicKey(): KeyObject {
    return (this.prepared.publicKey ??= publicKeyOf(this.decoded));
  }
}

/** Internal material of a generated key pair: both halves as node exports them. */
export function fromKeyPair(publicKey: KeyObject, privateKey: KeyObject): Uint8Array {
  return encodeAsymKey({
    spki: toBytes(publicKey.export({ type: 'spki', format: 'der' })),
    pkcs8: toBytes(privateKey.export({ type: 'pkcs8', format: 'der' })),
  });
}

export function pkcs8Of(privateKey: KeyObject): Uint8Array {
  return toBytes(privateKey.export({ type: 'pkcs8', format: 'der' }));
}

export function spkiOf(publicKey: KeyObject): Uint8Array {
  return toBytes(publicKey.export({ type: 'spki', format: 'der' }));
}

export { decodeAsymKey };

/**
 * A JWK load (keys/jwk.ts); undefined when node refuses it, so that the DER load decides and
 * a key that does not load fails exactly as it always did.
 */
function loadJwk(load: () => KeyObject): KeyObject | undefined {
  try {
    return load();
  } catch {
    return undefined;
  }
}

function loadKey(load: () => KeyObject): KeyObject {
  try {
    return load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HuksFailure(HksErr.INVALID_KEY_FILE, `stored key does not load: ${reason}`);
  }
}
