import { HksErr, HuksFailure } from '../../errors/failure.js';

/**
 * HKS_TAG_USER_AUTH_ENROLL_ID_INFO (access-control.md §3 item 9): u32 count, then per entry
 * u32 auth type (HUKS encoding) and u64 enrolled id, little-endian. HKS_TAG_USER_AUTH_SECURE_UID
 * is the secure UID as 8 little-endian bytes.
 */

export interface EnrolledEntry {
  /** HUKS encoding (FINGERPRINT 1, FACE 2, PIN 4). */
  readonly authType: number;
  readonly enrolledId: bigint;
}

const ENTRY_SIZE = 12;

export function encodeEnrollInfo(entries: readonly EnrolledEntry[]): Uint8Array {
  const out = Buffer.alloc(4 + entries.length * ENTRY_SIZE);
  out.writeUInt32LE(entries.length, 0);
  entries.forEach((e, i) => {
    out.writeUInt32LE(e.authType, 4 + i * ENTRY_SIZE);
    out.writeBigUInt64LE(e.enrolledId, 8 + i * ENTRY_SIZE);
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** @throws HuksFailure -2 (12000012) for stored bytes of the wrong shape */
export function decodeEnrollInfo(bytes: Uint8Array): EnrolledEntry[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = b.length >= 4 ? b.readUInt32LE(0) : -1;
  if (count < 0 || b.length !== 4 + count * ENTRY_SIZE) {
    throw new HuksFailure(HksErr.BAD_STATE, 'the stored enrolled-id list is corrupt');
  }
  return Array.from({ length: count }, (_, i) => ({
    authType: b.readUInt32LE(4 + i * ENTRY_SIZE),
    enrolledId: b.readBigUInt64LE(8 + i * ENTRY_SIZE),
  }));
}

export function encodeSecureUid(secureUid: bigint): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(secureUid, 0);
  return new Uint8Array(out.buffer, out.byteOffset, 8);
}

/** @throws HuksFailure -2 (12000012) when the stored value is not 8 bytes */
export function decodeSecureUid(bytes: Uint8Array): bigint {
  if (bytes.length !== 8) {
    throw new HuksFailure(HksErr.BAD_STATE, 'the stored secure UID is corrupt');
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigUInt64LE(0);
}
