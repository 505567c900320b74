/**
 * The length-value container of importWrappedKeyItem data (key-formats.md §8.1): parts of
 * `[uint32 little-endian length][length bytes]`, at most 10, with no bytes left over.
 */

import { HksErr, HuksFailure } from '../../errors/failure.js';
import { concatBytes, readU32le, u32le } from '../keys/bytes.js';

/** The total size limit of wrapped data (1 MiB). */
export const MAX_WRAPPED_BYTES = 1048576;
/** At most this many parts are parsed. */
export const MAX_PARTS = 10;

/**
 * Splits wrapped data into its parts (views into `data`).
 * @throws HuksFailure -3 (401) for an empty or oversized blob, -126 (401) for a malformed one
 */
export function parseLv(data: Uint8Array): Uint8Array[] {
  checkWrappedSize(data);
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (parts.length === MAX_PARTS) throw wrappedFormat('bytes after the tenth part');
    if (data.length - offset < 4) throw wrappedFormat('a length prefix is cut off');
    const length = readU32le(data, offset);
    offset += 4;
    if (length < 1 || length > data.length - offset) {
      throw wrappedFormat(`part ${parts.length} has length ${length}`);
    }
    parts.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return parts;
}

/** The size check the reference's client runs first. @throws HuksFailure -3 (401) */
export function checkWrappedSize(data: Uint8Array): void {
  if (data.length < 1 || data.length > MAX_WRAPPED_BYTES) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `wrapped data of ${data.length} bytes`);
  }
}

/** Builds the container from parts of 1 byte or more (the sender's side). */
export function encodeLv(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length > MAX_PARTS) throw new RangeError(`at most ${MAX_PARTS} parts`);
  if (parts.some((part) => part.length === 0)) throw new RangeError('empty LV part');
  return concatBytes(...parts.flatMap((part) => [u32le(part.length), part]));
}

/** The parts a suite reads; a different count is a malformed blob. */
export function requireParts(parts: readonly Uint8Array[], count: number): Uint8Array[] {
  if (parts.length !== count) {
    throw wrappedFormat(`the suite has ${count} parts, the data ${parts.length}`);
  }
  return [...parts];
}

/** A 4-byte little-endian size part within [min, max]. @throws HuksFailure -126 (401) */
export function readSizePart(part: Uint8Array, name: string, min: number, max: number): number {
  if (part.length !== 4) throw wrappedFormat(`${name} is not 4 bytes`);
  const value = readU32le(part, 0);
  if (value < min || value > max) throw wrappedFormat(`${name} ${value} outside ${min}..${max}`);
  return value;
}

export function wrappedFormat(detail: string): HuksFailure {
  return new HuksFailure(HksErr.INVALID_WRAPPED_FORMAT, detail);
}
