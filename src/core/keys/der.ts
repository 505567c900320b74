/**
 * A strict DER reader and a writer for the few ASN.1 shapes key formats need (SPKI, PKCS#8,
 * ECDSA/DSA signatures). Strict means: definite minimal lengths, minimal INTEGERs, no trailing
 * bytes; BER leniency would let a forged encoding pass (Wycheproof BerEncodedSignature).
 */

import { concatBytes, stripZeros } from './bytes.js';

export const DerTag = Object.freeze({
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  CONTEXT_0: 0xa0,
  CONTEXT_1: 0xa1,
} as const);

/** A malformed encoding; callers turn it into the HuksFailure their operation specifies. */
export class DerError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'DerError';
  }
}

export interface Tlv {
  readonly tag: number;
  readonly content: Uint8Array;
}

/** Reads one TLV at `offset`; returns it and the offset after it. */
export function readTlv(bytes: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  if (offset + 2 > bytes.length) throw new DerError('truncated TLV header');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in key formats');
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('indefinite or oversized length');
    if (start + count > bytes.length) throw new DerError('truncated length');
    if (bytes[start] === 0) throw new DerError('non-minimal length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i]!;
    if (length < 0x80) throw new DerError('non-minimal length');
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) throw new DerError('content runs past the end');
  return { tlv: { tag, content: bytes.subarray(start, end) }, next: end };
}

/** The whole input must be exactly one TLV with this tag. */
export function readOnly(bytes: Uint8Array, tag: number): Uint8Array {
  const { tlv, next } = readTlv(bytes, 0);
  if (tlv.tag !== tag) throw new DerError(`expected tag ${tag}, got ${tlv.tag}`);
  if (next !== bytes.length) throw new DerError('trailing bytes after the structure');
  return tlv.content;
}

/** The children of a constructed value's content. */
export function readChildren(content: Uint8Array): Tlv[] {
  const children: Tlv[] = [];
  let offset = 0;
  while (offset < content.length) {
    const { tlv, next } = readTlv(content, offset);
    children.push(tlv);
    offset = next;
  }
  return children;
}

/** Children of a SEQUENCE whose tags must be exactly `tags` (in order). */
export function readSequence(bytes: Uint8Array, tags: readonly number[]): Uint8Array[] {
  const children = readChildren(readOnly(bytes, DerTag.SEQUENCE));
  if (children.length !== tags.length) throw new DerError('unexpected number of elements');
  return children.map((child, i) => {
    if (child.tag !== tags[i]) throw new DerError(`element ${i}: unexpected tag ${child.tag}`);
    return child.content;
  });
}

/** A non-negative minimal INTEGER's magnitude (no sign byte). */
export function readUnsigned(content: Uint8Array): Uint8Array {
  if (content.length === 0) throw new DerError('empty INTEGER');
  if (content[0]! & 0x80) throw new DerError('negative INTEGER');
  if (content.length > 1 && content[0] === 0 && !(content[1]! & 0x80)) {
    throw new DerError('non-minimal INTEGER');
  }
  return content[0] === 0 && content.length > 1 ? content.subarray(1) : content;
}

/** BIT STRING content without unused bits. */
export function readBitString(content: Uint8Array): Uint8Array {
  if (content.length === 0 || content[0] !== 0) throw new DerError('BIT STRING with unused bits');
  return content.subarray(1);
}

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const content = concatBytes(...contents);
  const n = content.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else header = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concatBytes(Uint8Array.from(header), content);
}

export function sequence(...elements: Uint8Array[]): Uint8Array {
  return tlv(DerTag.SEQUENCE, ...elements);
}

/** A positive INTEGER from unsigned big-endian bytes (minimal, sign byte added if needed). */
export function integer(unsigned: Uint8Array): Uint8Array {
  let value = stripZeros(unsigned);
  if (value.length === 0) value = new Uint8Array(1);
  else if (value[0]! & 0x80) value = concatBytes(new Uint8Array(1), value);
  return tlv(DerTag.INTEGER, value);
}

export function smallInteger(value: number): Uint8Array {
  return integer(Uint8Array.of(value));
}

export function bitString(bytes: Uint8Array): Uint8Array {
  return tlv(DerTag.BIT_STRING, new Uint8Array(1), bytes);
}

export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(DerTag.OCTET_STRING, bytes);
}

export function derNull(): Uint8Array {
  return Uint8Array.of(DerTag.NULL, 0);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      chunk.unshift((rest & 0x7f) | 0x80);
    }
    bytes.push(...chunk);
  }
  return tlv(DerTag.OID, Uint8Array.from(bytes));
}
