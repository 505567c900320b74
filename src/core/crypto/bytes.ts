/**
 * Byte helpers for the symmetric families. Outputs are plain Uint8Arrays that own their whole
 * ArrayBuffer: node:crypto returns exact-size Buffers, but Buffer.concat and small Buffers may
 * sit in Node's shared pool, and an app reading `outData.buffer` must never see other data.
 */

/** A Buffer (or any view) as a Uint8Array that owns its ArrayBuffer; copies only if needed. */
export function toBytes(view: Uint8Array): Uint8Array {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) {
    return new Uint8Array(view.buffer, 0, view.byteLength);
  }
  return new Uint8Array(view);
}

/** Concatenation into one fresh array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const EMPTY = new Uint8Array(0);
