/**
 * Byte helpers for key material (key-formats.md §1): little-endian header words and unsigned
 * big-endian integers without a sign byte.
 */

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function readU32le(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(offset, true);
}

export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/** The value without its leading zero bytes (an all-zero value becomes empty). */
export function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** Left-pads an unsigned big-endian value to `length` bytes; undefined when it does not fit. */
export function padTo(bytes: Uint8Array, length: number): Uint8Array | undefined {
  const value = stripZeros(bytes);
  if (value.length > length) return undefined;
  const out = new Uint8Array(length);
  out.set(value, length - value.length);
  return out;
}

export function toBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

/** Minimal unsigned big-endian bytes of a non-negative value (0 gives one zero byte). */
export function fromBigInt(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function bitLength(bytes: Uint8Array): number {
  const value = stripZeros(bytes);
  if (value.length === 0) return 0;
  return (value.length - 1) * 8 + (32 - Math.clz32(value[0]!));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function fromBase64Url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/** Overwrites key material that is no longer needed (best effort: JS may hold copies). */
export function wipe(...buffers: Uint8Array[]): void {
  for (const buffer of buffers) buffer.fill(0);
}
