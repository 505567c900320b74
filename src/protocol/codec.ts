import { ProtocolError, RefuseReason } from './errors.js';
import { FRAME_PREFIX } from './limits.js';

/**
 * Little-endian primitives of the protocol (docs/protocol.md "Encoding"). Bytes are length
 * prefixed with a u32 and travel as they are, never as text.
 */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private scratch = Buffer.allocUnsafe(0);
  private size = 0;

  u8(value: number): this {
    return this.fixed(1, (b) => b.writeUInt8(value, 0));
  }

  u16(value: number): this {
    return this.fixed(2, (b) => b.writeUInt16LE(value, 0));
  }

  u32(value: number): this {
    return this.fixed(4, (b) => b.writeUInt32LE(value >>> 0, 0));
  }

  i32(value: number): this {
    return this.fixed(4, (b) => b.writeInt32LE(value | 0, 0));
  }

  /** Any JS number exactly, NaN and fractions included (session handles, docs/protocol.md). */
  f64(value: number): this {
    return this.fixed(8, (b) => b.writeDoubleLE(value, 0));
  }

  bytes(value: Uint8Array): this {
    this.u32(value.length);
    if (value.length > 0) this.parts.push(value);
    this.size += value.length;
    return this;
  }

  string(value: string): this {
    return this.bytes(Buffer.from(value, 'utf8'));
  }

  get length(): number {
    return this.size;
  }

  /** The body with its u32 length prefix in front: one allocation, one socket write. */
  frame(): Buffer {
    const out = Buffer.allocUnsafe(FRAME_PREFIX + this.size);
    out.writeUInt32LE(this.size, 0);
    let offset = FRAME_PREFIX;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private fixed(width: number, write: (b: Buffer) => void): this {
    this.scratch = Buffer.allocUnsafe(width);
    write(this.scratch);
    this.parts.push(this.scratch);
    this.size += width;
    return this;
  }
}

/**
 * Reads what ByteWriter wrote. Every read is bounds-checked: a short or inconsistent body
 * throws ProtocolError(MALFORMED), never a RangeError from deep inside Buffer.
 */
export class ByteReader {
  private offset = 0;
  private readonly view: Buffer;

  constructor(body: Uint8Array) {
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

  /** A copy, so that the caller may keep it after the frame's buffer is reused. */
  bytes(): Uint8Array {
    const length = this.u32();
    const start = this.take(length);
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
