/**
 * Loaded key objects per stored key encoding. OpenSSL 3 loads DER through its generic decoder
 * framework, which tries every decoder in turn: a P-256 PKCS #8 takes about a millisecond and a
 * half, ten times the signature it is loaded for. Every init receives its own copy of the
 * material (keystore-core.ts), so the caches are keyed by content, not by buffer.
 *
 * Keying: SHA-256 of a random salt drawn once per process and the DER. Equal bytes give equal
 * keys, so an entry can never be stale; the salt keeps the map's keys from being a fingerprint
 * of the key material that could be matched across processes. (An HMAC would do the same at
 * twice the cost: node builds a key context per call.)
 *
 * Trade-off: up to CAPACITY private keys per cache outlive their operation, like the service's
 * unsealed-key cache (service/key-cache.ts). A KeyObject or ECDH object cannot be zeroed from
 * JavaScript; clearKeyCaches() drops every reference for the garbage collector.
 */

import { createHash, randomBytes, type ECDH, type KeyObject } from 'node:crypto';

/** Entries per cache: an app's working set of asymmetric keys, at a few hundred bytes each. */
const CAPACITY = 256;

const SALT = randomBytes(32);

/** A bounded least-recently-used map from a DER encoding to what was loaded from it. */
export class DerCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number = CAPACITY) {}

  /** The value for these bytes, loaded by `load` on a miss; a load that throws caches nothing. */
  get(der: Uint8Array, load: () => T): T {
    const id = createHash('sha256').update(SALT).update(der).digest('base64');
    if (this.entries.has(id)) {
      const hit = this.entries.get(id) as T;
      // Most recently used goes last: Map order is the eviction order.
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }

    const loaded = load();
    if (this.entries.size >= this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(id, loaded);
    return loaded;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Private KeyObjects by PKCS #8. */
export const privateKeys = new DerCache<KeyObject>();
/** Public KeyObjects by SPKI. */
export const publicKeys = new DerCache<KeyObject>();
/** ECDH agreement objects and their OpenSSL curve name by PKCS #8 (none off the NIST curves). */
export const ecdhKeys = new DerCache<{ readonly curve: string; readonly ecdh: ECDH } | undefined>();

/** Drops every cached key (keystore close, tests). */
export function clearKeyCaches(): void {
  privateKeys.clear();
  publicKeys.clear();
  ecdhKeys.clear();
}
