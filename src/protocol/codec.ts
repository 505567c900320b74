import { ProtocolError, RefuseReason } from './errors.js';
import { FRAME_PREFIX } from './limits.js';

/**
 * Byte fields above this size travel as their own chunk of the frame (written with writev)
 * instead of being copied into it; the data of a 64 KiB update is then never copied in JS.
 */
const INLINE_BYTES = 4096;

/** A frame ready to be written: its chunks in order, the length prefix in the first. */
export interface Frame {
  readonly chunks: readonly Uint8Array[];
  /** Bytes of all chunks, the prefix included. */
  readonly length: number;
}

/**
 * Little-endian primitives of the protocol (docs/protocol.md "Encoding"). Bytes are length
 * prefixed with a u32 and travel as they are, never as text. Numbers and small byte fields are
 * written into one growing buffer, with the frame's length prefix reserved at its start.
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(128);
  private pos = FRAME_PREFIX;
  /** Start of the part of `buf` not yet in `done`. */
  private segment = 0;
  /** Finished chunks when a large byte field was met; empty otherwise. */
  private readonly done: Uint8Array[] = [];
  private size = 0;

  u8(value: number): this {
    this.pos = this.room(1).writeUInt8(value, this.pos);
    return this;
  }

  u16(value: number): this {
    this.pos = this.room(2).writeUInt16LE(value, this.pos);
    return this;
  }

  u32(value: number): this {
    this.pos = this.room(4).writeUInt32LE(value >>> 0, this.pos);
    return this;
  }

  i32(value: number): this {
    this.pos = this.room(4).writeInt32LE(value | 0, this.pos);
    return this;
  }

  /** Any JS number exactly, NaN and fractions included (session handles, docs/protocol.md). */
  f64(value: number): this {
    this.pos = this.room(8).writeDoubleLE(value, this.pos);
    return this;
  }

  bytes(value: Uint8Array): this {
    this.u32(value.length);
    if (value.length > INLINE_BYTES) {
      // Referenced, not copied: the caller does not touch it before the frame is written.
      this.done.push(this.buf.subarray(this.segment, this.pos), value);
      this.segment = this.pos;
      this.size += value.length;
    } else if (value.length > 0) {
      this.room(value.length).set(value, this.pos);
      this.pos += value.length;
    }
    return this;
  }

  string(value: string): this {
    return this.bytes(Buffer.from(value, 'utf8'));
  }

  /** Bytes of the body so far (the prefix not counted). */
  get length(): number {
    return this.size + this.pos - FRAME_PREFIX;
  }

  /** The body with its u32 length prefix in front, as chunks for one (vectored) write. */
  chunks(): Frame {
    const length = this.length;
    // The prefix is at the start of the first chunk, whichever buffer that is now.
    const first = this.done.length === 0 ? this.buf : (this.done[0] as Buffer);
    first.writeUInt32LE(length, 0);
    const last = this.buf.subarray(this.segment, this.pos);
    if (this.done.length === 0) return { chunks: [last], length: FRAME_PREFIX + length };
    const chunks = last.length > 0 ? [...this.done, last] : [...this.done];
    return { chunks, length: FRAME_PREFIX + length };
  }

  /** The body with its u32 length prefix in front, in one buffer. */
  frame(): Buffer {
    const { chunks, length } = this.chunks();
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  }

  /** `buf`, grown when fewer than `width` bytes are free; the segment in progress moves. */
  private room(width: number): Buffer {
    if (this.pos + width <= this.buf.length) return this.buf;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + width));
    // Bytes before `segment` are referenced by `done` and stay where they are; the segment in
    // progress keeps its offset (the reserved prefix is in it while `done` is empty).
    this.buf.copy(grown, this.segment, this.segment, this.pos);
    this.buf = grown;
    return grown;
  }
}

/**
 * Reads what ByteWriter wrote. Every read is bounds-checked: a short or inconsistent body
 * throws ProtocolError(MALFORMED), never a RangeError from deep inside Buffer.
 */
export class ByteReader {
  private offset = 0;
  private readonly view: Buffer;

  /**
   * @param largeViews read large byte fields as views of `body` instead of copies: for the
   *   daemon's requests, whose fields the service consumes. Replies handed to apps are copies.
   */
  constructor(
    body: Uint8Array,
    private readonly largeViews = false,
  ) {
    this.view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  u8(): number {
    return this.view.readUInt8(this.take(1));
  }

  u16(): number {
    return this.view.readUInt16LE(this.take(2));
  }

  u32(): number {
    return this.view.readUInt32LE(this.take(4));
  }

  i32(): number {
    return this.view.readInt32LE(this.take(4));
  }

  f64(): number {
    return this.view.readDoubleLE(this.take(8));
  }

  /**
   * A copy, except large fields with `largeViews`: frame bodies are never reused or written
   * to, and small fields are still copied so that a kept alias or nonce does not pin a whole
   * socket read in memory.
   */
  bytes(): Uint8Array {
    const length = this.u32();
    const start = this.take(length);
    if (this.largeViews && length > INLINE_BYTES) {
      return new Uint8Array(this.view.buffer, this.view.byteOffset + start, length);
    }
    return new Uint8Array(this.view.subarray(start, start + length));
  }

  string(): string {
    const length = this.u32();
    const start = this.take(length);
    return this.view.toString('utf8', start, start + length);
  }

  get remaining(): number {
    return this.view.length - this.offset;
  }

  /** Trailing bytes mean the peer and we disagree on the message's shape. */
  end(): void {
    if (this.remaining !== 0) malformed(`${this.remaining} bytes after the message`);
  }

  private take(width: number): number {
    if (width > this.remaining) malformed(`message truncated: ${width} bytes needed`);
    const start = this.offset;
    this.offset += width;
    return start;
  }
}

function malformed(why: string): never {
  throw new ProtocolError(RefuseReason.MALFORMED, why);
}
