/**
 * The HUKS key-material structures (key-formats.md §3 and §3.6): a header of little-endian
 * uint32 words (algorithm, key size in bits, one length per component, sometimes a reserved
 * word), then the big-endian components back to back in header order.
 */

import { concatBytes, readU32le, u32le } from './bytes.js';

/** How many length words follow alg and keySize, and how many of them are components. */
export interface MaterialLayout {
  readonly lengthWords: number;
  readonly parts: number;
}

export const Layout = Object.freeze({
  /** RSA n, e, d (§3.1). */
  RSA: { lengthWords: 3, parts: 3 },
  /** ECC and SM2 x, y, z (§3.2). */
  ECC: { lengthWords: 3, parts: 3 },
  /** DSA x, y, p, q, g with its 28-byte header (§3.3). */
  DSA: { lengthWords: 5, parts: 5 },
  /** DH and Curve25519 public, private, then a reserved word (§3.4). */
  PAIR: { lengthWords: 3, parts: 2 },
} satisfies Record<string, MaterialLayout>);

export interface Material {
  readonly alg: number;
  readonly keySize: number;
  /** The components in header order (views into the input; empty when the length is 0). */
  readonly parts: readonly Uint8Array[];
}

/** A material that is shorter than its header says; callers report 401 (import) as they must. */
export class MaterialError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'MaterialError';
  }
}

export function headerLength(layout: MaterialLayout): number {
  return 8 + 4 * layout.lengthWords;
}

/** Reads a material; trailing bytes after the declared components are ignored (§2 notes). */
export function readMaterial(bytes: Uint8Array, layout: MaterialLayout): Material {
  const header = headerLength(layout);
  if (bytes.length < header) throw new MaterialError('material shorter than its header');
  const parts: Uint8Array[] = [];
  let offset = header;
  for (let i = 0; i < layout.parts; i++) {
    const length = readU32le(bytes, 8 + 4 * i);
    if (length > bytes.length - offset) throw new MaterialError(`component ${i} runs past the end`);
    parts.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return { alg: readU32le(bytes, 0), keySize: readU32le(bytes, 4), parts };
}

/** The bytes a material occupies (header plus declared components). */
export function materialLength(material: Material, layout: MaterialLayout): number {
  return headerLength(layout) + material.parts.reduce((n, p) => n + p.length, 0);
}

export function writeMaterial(material: Material, layout: MaterialLayout): Uint8Array {
  if (material.parts.length !== layout.parts) throw new RangeError('wrong number of components');
  const words = [material.alg, material.keySize, ...material.parts.map((p) => p.length)];
  while (words.length < 2 + layout.lengthWords) words.push(0);
  return concatBytes(...words.map(u32le), ...material.parts);
}
