import { HksErr, HuksFailure } from '../errors/failure.js';

/** The value types of tags.md §1, decided by the top four bits of the tag number. */
export const TagType = Object.freeze({
  INVALID: 0,
  INT: 0x10000000,
  UINT: 0x20000000,
  ULONG: 0x30000000,
  BOOL: 0x40000000,
  BYTES: 0x50000000,
} as const);

export type ParamValue = number | boolean | Uint8Array;

export interface Param {
  readonly tag: number;
  readonly value: ParamValue;
}

export function tagType(tag: number): number {
  return (tag & 0xf0000000) >>> 0;
}

/** The token of ParamSet.adopt; not exported, so only this module can skip the copy. */
const ADOPT: unique symbol = Symbol('adopt');

/**
 * An ordered parameter set: the one model of parameters that the api layer builds, the protocol
 * carries and the store keeps with a key. Byte values are copied in, so a caller cannot change
 * a set after handing it over. Order is kept because getKeyItemProperties returns stored order.
 */
export class ParamSet {
  readonly params: readonly Param[];
  /**
   * The tags and values again as two flat arrays, for a set that stays and is read many times
   * (a stored key's properties, decoded once and cached): a lookup then scans one array of
   * numbers instead of touching every Param object, which among 10,000 cached keys is most of
   * what a lookup costs in memory reads. Absent on the short-lived sets of a request.
   */
  #tags: number[] | undefined = undefined;
  #values: ParamValue[] | undefined = undefined;

  constructor(params: readonly Param[] = [], ownership?: typeof ADOPT) {
    this.params = Object.freeze(ownership === ADOPT ? params : params.map(copyParam));
  }

  /**
   * A set over `params` as they are: the array, its Param objects and their byte values become
   * the set's, so the caller must have just built them, with uint32 tags and byte values that
   * nothing else references (the api layer's parse copies each value once for this; a
   * decoded set's values are fresh). Saves the second copy of every parameter per request.
   */
  static adopt(params: readonly Param[]): ParamSet {
    return params.length === 0 ? EMPTY_SET : new ParamSet(params, ADOPT);
  }

  get size(): number {
    return this.params.length;
  }

  has(tag: number): boolean {
    return this.get(tag) !== undefined;
  }

  get(tag: number): ParamValue | undefined {
    // An index loop: find/some with a callback on a frozen array leave V8's fast path and cost
    // about 8 times more, and every request reads a dozen tags.
    const tags = this.#tags;
    if (tags !== undefined) {
      for (let i = 0; i < tags.length; i++) if (tags[i] === tag) return this.#values![i];
      return undefined;
    }
    const params = this.params;
    for (let i = 0; i < params.length; i++) {
      if (params[i]!.tag === tag) return params[i]!.value;
    }
    return undefined;
  }

  /** A number tag (INT, UINT, ULONG); a value of another type reads as absent. */
  getNumber(tag: number): number | undefined {
    const value = this.get(tag);
    return typeof value === 'number' ? value : undefined;
  }

  getBool(tag: number): boolean | undefined {
    const value = this.get(tag);
    return typeof value === 'boolean' ? value : undefined;
  }

  getBytes(tag: number): Uint8Array | undefined {
    const value = this.get(tag);
    return value instanceof Uint8Array ? value : undefined;
  }

  /** A new set with these params appended (replacing any earlier entry of the same tag). */
  with(...extra: Param[]): ParamSet {
    const tags = new Set(extra.map((p) => p.tag));
    return new ParamSet([...this.params.filter((p) => !tags.has(p.tag)), ...extra]);
  }

  without(...tags: number[]): ParamSet {
    return new ParamSet(this.params.filter((p) => !tags.includes(p.tag)));
  }

  /**
   * Canonical bytes: u32 count, then per param u32 tag, u32 length, value. INT/UINT are 4 bytes,
   * ULONG 8 (signed), BOOL 1, BYTES as is; all little-endian. Used for storage, sealing AAD and
   * the wire protocol, so it must never change without a format version.
   */
  serialize(): Uint8Array {
    const parts = this.params.map(encodeValue);
    const total = 4 + parts.reduce((n, v) => n + 8 + v.length, 0);
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.params.length, true);

    let offset = 4;
    this.params.forEach((p, i) => {
      const value = parts[i]!;
      view.setUint32(offset, p.tag >>> 0, true);
      view.setUint32(offset + 4, value.length, true);
      out.set(value, offset + 8);
      offset += 8 + value.length;
    });
    return out;
  }

  static deserialize(bytes: Uint8Array): ParamSet {
    const malformed = (why: string) =>
      new HuksFailure(HksErr.INVALID_ARGUMENT, `param set: ${why}`);
    if (bytes.length < 4) throw malformed('too short');

    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = view.getUint32(0, true);
    const params: Param[] = [];
    let offset = 4;
    for (let i = 0; i < count; i++) {
      if (offset + 8 > bytes.length) throw malformed('truncated header');
      const tag = view.getUint32(offset, true);
      const length = view.getUint32(offset + 4, true);
      if (offset + 8 + length > bytes.length) throw malformed('truncated value');
      const raw = bytes.subarray(offset + 8, offset + 8 + length);
      params.push({ tag, value: decodeValue(tag, raw) });
      offset += 8 + length;
    }
    if (offset !== bytes.length) throw malformed('trailing bytes');
    // decodeValue copies every byte value out of `bytes`: nothing else holds them.
    return ParamSet.adopt(params);
  }

  /**
   * A set over the same params with the flat lookup arrays (#tags): for a set that is kept and
   * read many times, like a cached key's properties. The params are shared, not copied.
   */
  static indexed(set: ParamSet): ParamSet {
    if (set.params.length === 0) return set;
    const indexed = new ParamSet(set.params, ADOPT);
    indexed.#tags = set.params.map((p) => p.tag);
    indexed.#values = set.params.map((p) => p.value);
    return indexed;
  }
}

/** Every empty set is alike and immutable (a frozen array, no values): one serves them all. */
const EMPTY_SET = new ParamSet();

function copyParam(p: Param): Param {
  const value = p.value instanceof Uint8Array ? Uint8Array.from(p.value) : p.value;
  return { tag: p.tag >>> 0, value };
}

function encodeValue(p: Param): Uint8Array {
  const type = tagType(p.tag);
  const value = p.value;
  if (type === TagType.BYTES) {
    if (!(value instanceof Uint8Array)) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'bytes tag');
    return value;
  }
  if (type === TagType.BOOL) {
    if (typeof value !== 'boolean') throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'bool tag');
    return Uint8Array.of(value ? 1 : 0);
  }
  if (typeof value !== 'number') throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'number tag');
  const out = new Uint8Array(type === TagType.ULONG ? 8 : 4);
  const view = new DataView(out.buffer);
  if (type === TagType.ULONG) view.setBigInt64(0, BigInt(Math.trunc(value)), true);
  else if (type === TagType.INT) view.setInt32(0, value, true);
  else view.setUint32(0, value >>> 0, true);
  return out;
}

function decodeValue(tag: number, raw: Uint8Array): ParamValue {
  const type = tagType(tag);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const expect = (n: number) => {
    if (raw.length !== n) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'param value length');
  };
  switch (type) {
    case TagType.BYTES:
      return Uint8Array.from(raw);
    case TagType.BOOL:
      expect(1);
      return raw[0] !== 0;
    case TagType.ULONG:
      expect(8);
      return Number(view.getBigInt64(0, true));
    case TagType.INT:
      expect(4);
      return view.getInt32(0, true);
    case TagType.UINT:
      expect(4);
      return view.getUint32(0, true);
    default:
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'invalid tag type');
  }
}
