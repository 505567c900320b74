/**
 * The internal storage format of asymmetric keys (the core's `material` for RSA, ECC, DSA, DH,
 * X25519 and Ed25519): the public key as canonical SPKI DER and the private key as PKCS #8 DER,
 * either of which may be absent. Both load straight into node:crypto, and the absent public part
 * of a private-only import stays visible, as exportKeyItem must refuse it (key-formats.md §5.7).
 *
 *   byte 0      format version (1)
 *   byte 1      flags: bit 0 public present, bit 1 private present
 *   u32le n, n bytes of SPKI (n = 0 when absent)
 *   u32le m, m bytes of PKCS #8 (m = 0 when absent)
 */

import { HksErr, HuksFailure } from '../../errors/failure.js';
import { concatBytes, readU32le, u32le } from './bytes.js';

const VERSION = 1;
const HAS_PUBLIC = 1;
const HAS_PRIVATE = 2;

export interface AsymKey {
  readonly spki?: Uint8Array;
  readonly pkcs8?: Uint8Array;
}

export function encodeAsymKey(key: AsymKey): Uint8Array {
  if (key.spki === undefined && key.pkcs8 === undefined) throw new RangeError('empty key');
  const flags = (key.spki ? HAS_PUBLIC : 0) | (key.pkcs8 ? HAS_PRIVATE : 0);
  const spki = key.spki ?? new Uint8Array(0);
  const pkcs8 = key.pkcs8 ?? new Uint8Array(0);
  return concatBytes(Uint8Array.of(VERSION, flags), u32le(spki.length), spki,
    u32le(pkcs8.length), pkcs8);
}

/**
 * @throws HuksFailure INVALID_KEY_FILE (12000004) when the stored bytes are not this format:
 * a record of another family or a damaged one reads like an invalid key file.
 */
export function decodeAsymKey(bytes: Uint8Array): AsymKey {
  const corrupt = (): HuksFailure =>
    new HuksFailure(HksErr.INVALID_KEY_FILE, 'stored asymmetric key material is malformed');
  if (bytes.length < 10 || bytes[0] !== VERSION) throw corrupt();
  const flags = bytes[1]!;
  const spkiLength = readU32le(bytes, 2);
  if (6 + spkiLength + 4 > bytes.length) throw corrupt();
  const pkcs8Length = readU32le(bytes, 6 + spkiLength);
  if (10 + spkiLength + pkcs8Length !== bytes.length) throw corrupt();
  const spki = bytes.slice(6, 6 + spkiLength);
  const pkcs8 = bytes.slice(10 + spkiLength);
  if (((flags & HAS_PUBLIC) !== 0) !== (spkiLength > 0)) throw corrupt();
  if (((flags & HAS_PRIVATE) !== 0) !== (pkcs8Length > 0)) throw corrupt();
  return {
    ...(spkiLength > 0 ? { spki } : {}),
    ...(pkcs8Length > 0 ? { pkcs8 } : {}),
  };
}
