import { HksErr, HuksFailure } from '../../../errors/failure.js';
import { decodeAsymKey } from '../../keys/internal.js';

/**
 * exportKeyItem for the families whose stored public part is already the SPKI of
 * key-formats.md §5 (ECC, SM2, DSA, DH). A key imported as a private key alone has none, and
 * §5.7 answers that with 12000001 for these families.
 */
export function exportStoredSpki(material: Uint8Array, what: string): Uint8Array {
  const key = decodeAsymKey(material);
  if (key.spki === undefined) {
    throw new HuksFailure(HksErr.NOT_SUPPORTED, `private-only ${what} key has no public key`);
  }
  return key.spki;
}
