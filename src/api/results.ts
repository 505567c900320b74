import { TagType, tagType, type ParamSet } from '../params/param-set.js';
import type { HuksParam, HuksReturnResult } from './types.js';

/**
 * Result values as the reference's one routine builds them (api.md §2.2): fields appear only
 * when non-empty, byte arrays are fresh copies with their own buffer, strings are Latin-1.
 */

/** A fresh Uint8Array with its own ArrayBuffer (byteOffset 0, exact length). */
export function freshBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/**
 * A session step's output as the app's own array, copied only when it must be: the core and the
 * protocol decoder hand over a new buffer per call and keep no reference to it, so an output
 * that fills its whole ArrayBuffer is already the app's alone (a 64 KiB update then costs no
 * second copy), and is handed over as is when it is a plain Uint8Array (a Buffer gets a plain
 * view). Views into a larger buffer (Buffer's pool, a protocol frame) are copied.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const buffer = bytes.buffer;
  if (bytes.length > 0 && bytes.byteOffset === 0 && buffer instanceof ArrayBuffer
    && bytes.byteLength === buffer.byteLength) {
    if (Object.getPrototypeOf(bytes) === Uint8Array.prototype) {
      return bytes as Uint8Array<ArrayBuffer>;
    }
    return new Uint8Array(buffer, 0, bytes.byteLength);
  }
  return freshBytes(bytes);
}

/** One byte = one UTF-16 code unit: non-ASCII UTF-8 aliases come back as mojibake (§2.2). */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Returned properties: BYTES values as ArrayBuffer, unknown type nibbles as `null`. */
export function toHuksParams(set: ParamSet): HuksParam[] {
  return set.params.map(({ tag, value }) => ({ tag: tag >>> 0, value: resultValue(tag, value) }));
}

function resultValue(tag: number, value: number | boolean | Uint8Array): HuksParam['value'] {
  switch (tagType(tag)) {
    case TagType.BYTES:
      return value instanceof Uint8Array ? freshBytes(value).buffer : null;
    case TagType.BOOL:
      return typeof value === 'boolean' ? value : null;
    case TagType.INT:
    case TagType.UINT:
    case TagType.ULONG:
      return typeof value === 'number' ? value : null;
    default:
      return null;
  }
}

/** `{ outData }` when there is output, otherwise `null` (exportKeyItem, API 20 wrap). */
export function outDataOrNull(bytes: Uint8Array): HuksReturnResult | null {
  return bytes.length > 0 ? { outData: freshBytes(bytes) } : null;
}

/** `{ certChains }` when at least one certificate came back, otherwise `null`. */
export function certChainsOrNull(chain: readonly string[]): HuksReturnResult | null {
  return chain.length > 0 ? { certChains: [...chain] } : null;
}
