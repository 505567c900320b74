/**
 * Byte helpers for the symmetric families. Outputs are plain Uint8Array views (never Buffers,
 * whose slice() shares memory where Uint8Array's copies). They may sit in Node's shared buffer
 * pool: the api layer hands apps fresh copies (api/results.ts) and the protocol serializes, so
 * the core saves an off-heap allocation per call, which is most of a small operation's cost.
 */

/** A Buffer (or any view) as a plain Uint8Array over the same memory. */
export function toBytes(view: Uint8Array): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Concatenation through Buffer.concat (pooled for small results). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return toBytes(Buffer.concat(parts));
}

export const EMPTY = new Uint8Array(0);
